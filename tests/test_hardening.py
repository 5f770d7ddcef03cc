"""Holding up in production: bad JSON, blind overwrites, private files, and the proxy in front."""

import stat

import pytest

from dpia import create_app
from dpia.actor import command_line
from dpia.services.accounts import tokens
from tests.conftest import TEST_CONFIG

SYSTEM = {"name": "HART", "category": "individual_risk", "lifecycle": "in_use", "regime": "dpa_part3"}


@pytest.fixture
def editor_token(db, make_user):
    email = make_user("editor")
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
    return tokens.create(db, command_line(), user_id, "tests")[1]


def _post_raw(client, token, raw: bytes):
    return client.post(
        "/api/v1/systems",
        data=raw,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.mark.parametrize(
    "raw",
    [
        b'{"name": "\\ud800", "category": "individual_risk", "lifecycle": "in_use", "regime": "dpa_part3"}',
        b'{"name": "\xff\xfe"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a": ' * 100 + b"1" + b"}" * 100,
    ],
    ids=["lone surrogate", "invalid utf-8", "100k deep", "100 deep"],
)
def test_json_the_parser_rejects_or_nested_too_deep_is_a_400_problem(app, editor_token, raw):
    response = _post_raw(app.test_client(), editor_token, raw)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["title"] == "Malformed JSON"


def test_brackets_inside_strings_do_not_count_as_nesting(app, editor_token):
    body = dict(SYSTEM, name="[" * 70 + '"' + "{" * 70)
    response = _post_raw(app.test_client(), editor_token, __import__("json").dumps(body).encode())
    assert response.status_code == 201, response.get_data(as_text=True)


def test_if_match_star_is_refused_so_nobody_overwrites_blind(app, editor_token):
    client = app.test_client()
    headers = {"Authorization": f"Bearer {editor_token}"}
    created = client.post("/api/v1/systems", json=SYSTEM, headers=headers)
    url = "/api/v1/systems/" + str(created.get_json()["id"])
    response = client.put(url, json=dict(SYSTEM, name="Changed"), headers={**headers, "If-Match": "*"})
    assert response.status_code == 428
    assert response.mimetype == "application/problem+json"
    assert "If-Match: *" in response.get_json()["detail"]
    assert client.get(url, headers=headers).get_json()["name"] == "HART"


def test_the_database_and_instance_folder_are_private_to_the_service(tmp_path):
    folder = tmp_path / "new" / "instance"
    made = create_app({**TEST_CONFIG, "INSTANCE_PATH": str(folder)})
    made.extensions["dpia.search"].close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "dpia.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "config.py").stat().st_mode) == 0o600


def _address_seen(app, headers, remote="10.0.0.1"):
    """The client address the sign-in audit records for one failed attempt."""
    client = app.test_client()
    client.post(
        "/sign-in",
        data={"email": "nobody@example.org", "password": "x"},
        headers=headers,
        environ_base={"REMOTE_ADDR": remote},
    )
    from dpia.store.db import connect

    db = connect(app.config["DATABASE"])
    try:
        return db.execute("SELECT address FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def app_behind_proxy(instance):
    made = create_app(
        {
            **TEST_CONFIG,
            "INSTANCE_PATH": str(instance),
            "WTF_CSRF_ENABLED": False,
            "TRUSTED_PROXIES": ["10.0.0.1"],
        }
    )
    yield made
    made.extensions["dpia.search"].close()


def test_with_trusted_proxies_the_forwarded_address_is_the_client(app_behind_proxy):
    forwarded = {"X-Forwarded-For": "192.0.2.7", "X-Forwarded-Proto": "https"}
    assert _address_seen(app_behind_proxy, forwarded) == "192.0.2.7"
    # A forwarded header from anyone but the named proxy is not believed.
    assert _address_seen(app_behind_proxy, forwarded, remote="10.9.9.9") == "10.9.9.9"


def test_over_https_behind_a_trusted_proxy_cookies_are_secure_and_hsts_is_sent(app_behind_proxy):
    response = app_behind_proxy.test_client().get(
        "/sign-in",
        headers={"X-Forwarded-For": "192.0.2.7", "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert "Strict-Transport-Security" in response.headers
    # The sign-in form keeps its CSRF token in the session, so the page sets the cookie.
    assert "Secure" in response.headers["Set-Cookie"]


def test_without_trusted_proxies_forwarded_headers_are_ignored(instance):
    made = create_app({**TEST_CONFIG, "INSTANCE_PATH": str(instance), "WTF_CSRF_ENABLED": False})
    try:
        assert _address_seen(made, {"X-Forwarded-For": "192.0.2.7"}) == "10.0.0.1"
    finally:
        made.extensions["dpia.search"].close()


def test_an_imported_json_file_with_a_lone_surrogate_is_refused():
    from dpia.importers.safety import Refused, load_json

    with pytest.raises(Refused, match="not valid JSON"):
        load_json(b'{"title": "\\ud800"}')
