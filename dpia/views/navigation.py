"""The main navigation: its items, and which one the current page belongs to, decided by the page's path."""

from flask import request, url_for

from dpia.web import current_actor

# (endpoint, text, path prefixes the item covers, permission needed or None). Every page about a system or its
# assessments (sections, approval, evidence, withholding, exports, monitoring) belongs under Systems.
ITEMS = (
    ("systems.index", "Systems", ("/systems", "/assessments", "/monitoring", "/imports", "/evidence"), None),
    ("workflow.dashboard", "Reviews", ("/reviews",), None),
    ("compliance.index", "Compliance", ("/compliance",), None),
    ("search.results", "Search", ("/search",), None),
    ("foi.index", "FOI requests", ("/foi",), None),
    ("admin.users", "Users", ("/admin/users",), "manage_users"),
    ("admin.settings", "Settings", ("/admin/settings", "/admin/exemption-wording"), "manage_settings"),
    ("admin.audit", "Audit trail", ("/admin/audit",), "read_audit"),
)


def covers(prefixes: tuple[str, ...], path: str) -> bool:
    """Whether a path is one of the prefixes or below one of them."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in prefixes)


def main_navigation() -> list[dict]:
    """Items for govukServiceNavigation, the current page's item marked active."""
    me = current_actor()
    return [
        {"href": url_for(endpoint), "text": text, "active": covers(prefixes, request.path)}
        for endpoint, text, prefixes, permission in ITEMS
        if permission is None or (me is not None and me.may(permission))
    ]
