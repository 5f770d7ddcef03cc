"""The public transparency pages' addresses, in one place: the pages serve them and responses cite them.

Every address is relative to the pages' root (`/transparency/` in the app, or the public address an
administrator sets), so a letter citing section 21 and the page serving the file cannot disagree.
"""

import re

ROOT = "/transparency/"
SLUG_LIMIT = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """A system's public address part from its name: "PredPol (v2)" -> "predpol-v2"."""
    found = _NOT_SLUG.sub("-", name.casefold()).strip("-")[:SLUG_LIMIT].strip("-")
    return found or "system"


def system_path(system_slug: str) -> str:
    """A published system's page."""
    return f"systems/{system_slug}/"


def file_path(system_slug: str, name: str) -> str:
    """A file of a system's live publication."""
    return f"systems/{system_slug}/files/{name}"


def atrs_path(system_slug: str) -> str:
    """A published system's ATRS record."""
    return f"systems/{system_slug}/atrs"


def response_path(response_id: int) -> str:
    """A published FOI response in the disclosure log."""
    return f"disclosure-log/{response_id}/"


def response_file_path(response_id: int, name: str) -> str:
    """A file of a published FOI response."""
    return f"disclosure-log/{response_id}/files/{name}"


LOG_PATH = "disclosure-log/"
LOG_CSV_PATH = "disclosure-log.csv"
FEED_PATH = "feed.atom"


def address(base: str, path: str) -> str:
    """A full public address: the administrator's base address (ending in a slash) and a path above."""
    return (base if base.endswith("/") else base + "/") + path
