"""Headers, CSRF, escaping, and the one-way architecture."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dpia"
XSS = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "{{ 7*7 }}",
]


def test_every_response_carries_security_headers(visitor):
    for url in ("/sign-in", "/healthz", "/no-such-page"):
        headers = visitor.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]
        assert headers["Cache-Control"] == "no-store"


def test_forms_without_a_csrf_token_are_refused(app, signed_in, db):
    client = signed_in("editor")
    response = client.client.post("/systems/new", data={"name": "X"})
    assert response.status_code == 400
    assert "form had expired" in response.get_data(as_text=True)
    assert db["systems"].count == 0


@pytest.mark.parametrize("payload", XSS)
def test_script_in_every_text_field_of_a_system_renders_inert(signed_in, payload):
    editor = signed_in("editor")
    fields = [
        "name",
        "owner",
        "senior_owner",
        "supplier",
        "how_it_works",
        "data_used",
        "how_outputs_made",
        "notes",
    ]
    data = {f: f"{payload} {f}" for f in fields}
    data.update(
        {
            "aliases": payload,
            "category": "other",
            "lifecycle": "in_use",
            "regime": "uk_gdpr",
            "marking": "OFFICIAL",
            "costs-0-period_start-year": "2020",
            "costs-0-amount": "1",
            "costs-0-description": payload,
            "policies-0-title": payload,
            "policies-0-reference": payload,
        }
    )
    created = editor.post("/systems/new", data)
    assert created.status_code == 302
    url = created.headers["Location"]
    for page_url in ("/systems", url, url + "/history", url + "/edit"):
        html = editor.get(page_url).get_data(as_text=True)
        assert "<script>alert" not in html
        assert "<img src=x" not in html and "<svg/onload" not in html
        assert 'href="javascript:' not in html
    assert "{{ 7*7 }}" not in html or "49" not in html.split("{{ 7*7 }}")[0][-5:]


def test_only_the_search_package_imports_whoosh():
    for path in PACKAGE.rglob("*.py"):
        if "whoosh" in _imports(path):
            assert path.parent.name == "search", f"{path.relative_to(PACKAGE)} imports whoosh"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_python_docx_stays_behind_the_writer_and_the_reader():
    """Word documents are written only by dpia/export and read only by dpia/importers/word.py."""
    importers = {
        path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py") if "docx" in _imports(path)
    }
    writers = {name for name in importers if name.startswith("export/")}
    assert writers and importers - writers == {"importers/word.py"}, importers


def test_services_never_touch_the_request():
    for path in (PACKAGE / "services").rglob("*.py"):
        assert "flask" not in _imports(path), path.name
