"""Sign-in lockouts one person cannot turn on everyone, sessions that really end, a bounded audit trail."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from dpia import create_app
from dpia.actor import command_line
from dpia.services.accounts import tokens
from dpia.store import users as user_store
from dpia.store.db import connect
from tests.conftest import PASSWORD, TEST_CONFIG, Browser

NEW_PASSWORD = "purple elephant umbrella drawer"


@pytest.fixture
def make_app(tmp_path):
    """An app with settings of the test's own; closed afterwards."""
    made = []

    def make(**settings):
        app = create_app({**TEST_CONFIG, "INSTANCE_PATH": str(tmp_path / f"i{len(made)}"), **settings})
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["dpia.search"].close()


def _attempt(app, email, password, address="192.0.2.1"):
    """One sign-in from an address, without CSRF (the app under test has it off); the message shown."""
    response = app.test_client().post(
        "/sign-in", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )
    if response.status_code == 302:
        return "signed in"
    found = re.search(r"(This account is locked[^<]*|Too many[^<]*|Enter a correct[^<]*)", response.text)
    return found.group(1).strip() if found else response.text


def _user(app, *roles, email="real@example.org"):
    from dpia.services.accounts import users as accounts

    db = connect(app.config["DATABASE"])
    try:
        accounts.create_user(
            db, command_line(), email, list(roles or ["reader"]), PASSWORD, accounts.Policy()
        )
        return user_store.by_email(db, email)["id"]
    finally:
        db.close()


def test_made_up_emails_from_one_address_do_not_lock_a_real_account_out(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, SIGN_IN_ADDRESS_LOCK_AFTER=30)
    _user(app)
    for number in range(35):
        assert (
            _attempt(app, f"made.up.{number}@example.org", "guess")
            == "Enter a correct email address and password"
        )
    assert _attempt(app, "real@example.org", PASSWORD) == "signed in"


def test_a_real_account_locks_after_wrong_passwords_from_anywhere_and_an_unknown_email_reads_the_same(
    make_app,
):
    app = make_app(WTF_CSRF_ENABLED=False, SIGN_IN_SLOW_AFTER=100, SIGN_IN_LOCK_AFTER=5)
    _user(app)
    for email in ("real@example.org", "nobody@example.org"):
        for number in range(5):
            _attempt(app, email, "wrong password", address=f"198.51.100.{number}")
    locked = _attempt(app, "real@example.org", PASSWORD, address="203.0.113.9")
    assert locked.startswith("This account is locked")
    assert _attempt(app, "nobody@example.org", PASSWORD, address="203.0.113.9") == locked


def test_the_wait_message_appears_for_unknown_emails_too(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, SIGN_IN_SLOW_AFTER=3)
    _user(app)
    for email in ("real@example.org", "nobody@example.org"):
        messages = [_attempt(app, email, "wrong password") for _ in range(4)]
        assert messages[-1].startswith("Too many failed attempts. Wait"), messages


def test_wrong_passwords_from_one_address_lock_that_address_out_of_the_account_only(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, SIGN_IN_SLOW_AFTER=100, SIGN_IN_PAIR_LOCK_AFTER=3)
    _user(app)
    for _ in range(3):
        _attempt(app, "real@example.org", "wrong password", address="192.0.2.66")
    assert _attempt(app, "real@example.org", PASSWORD, address="192.0.2.66").startswith("Too many")
    assert _attempt(app, "real@example.org", PASSWORD, address="192.0.2.10") == "signed in"


def test_an_address_guessing_at_several_real_accounts_is_locked_but_not_for_those_who_sign_in_there(make_app):
    app = make_app(
        WTF_CSRF_ENABLED=False,
        SIGN_IN_SLOW_AFTER=100,
        SIGN_IN_PAIR_LOCK_AFTER=100,
        SIGN_IN_ADDRESS_LOCK_AFTER=6,
        SIGN_IN_ADDRESS_ACCOUNTS=3,
    )
    for name in ("first.one", "second.one", "third.one", "regular", "newcomer"):
        _user(app, email=f"{name}@example.org")
    assert _attempt(app, "regular@example.org", PASSWORD, address="192.0.2.1") == "signed in"
    for name in ("first.one", "second.one", "third.one"):
        for _ in range(2):
            _attempt(app, f"{name}@example.org", "wrong password", address="192.0.2.1")
    assert _attempt(app, "newcomer@example.org", PASSWORD, address="192.0.2.1").startswith(
        "Too many failed sign-in"
    )
    assert _attempt(app, "regular@example.org", PASSWORD, address="192.0.2.1") == "signed in"
    assert _attempt(app, "newcomer@example.org", PASSWORD, address="192.0.2.2") == "signed in"


def _cookie(browser, app):
    return browser.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def _with_cookie(app, value):
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    return client


def test_after_signing_out_the_old_cookie_no_longer_works(app, make_user):
    browser = Browser(app.test_client())
    assert browser.sign_in(make_user("reader")).status_code == 302
    stolen = _cookie(browser, app)
    assert _with_cookie(app, stolen).get("/systems").status_code == 200
    browser.post("/sign-out", form_url="/systems")
    assert _with_cookie(app, stolen).get("/systems").status_code == 302


def _token(app, email):
    db = connect(app.config["DATABASE"])
    try:
        return tokens.create(db, command_line(), user_store.by_email(db, email)["id"], "sync")[1]
    finally:
        db.close()


def _api_status(app, token):
    return app.test_client().get("/api/v1/systems", headers={"Authorization": f"Bearer {token}"}).status_code


def test_changing_a_password_ends_other_sessions_and_revokes_api_tokens(app, make_user):
    email = make_user("reader")
    here, elsewhere = Browser(app.test_client()), Browser(app.test_client())
    here.sign_in(email)
    elsewhere.sign_in(email)
    old_here = _cookie(here, app)
    token = _token(app, email)
    assert _api_status(app, token) == 200
    changed = here.post(
        "/account/password", {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert changed.status_code == 302
    assert here.get("/systems").status_code == 200
    assert elsewhere.get("/systems").status_code == 302
    assert _with_cookie(app, old_here).get("/systems").status_code == 302
    assert _api_status(app, token) == 401


def test_a_password_reset_ends_every_session_and_revokes_api_tokens(app, make_user):
    email = make_user("reader", email="forgetful@example.org")
    admin = Browser(app.test_client())
    admin.sign_in(make_user("admin"))
    them = Browser(app.test_client())
    them.sign_in(email)
    token = _token(app, email)
    user_id = (
        connect(app.config["DATABASE"]).execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
    )
    url = f"/admin/users/{user_id}/password"
    assert admin.post(url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert them.get("/systems").status_code == 302
    assert _api_status(app, token) == 401


def test_a_session_ends_after_its_absolute_lifetime_however_active(app, make_user, db):
    browser = Browser(app.test_client())
    browser.sign_in(make_user("reader"))
    assert browser.get("/systems").status_code == 200
    hours = app.config["SESSION_ABSOLUTE_HOURS"]
    started = (datetime.now(UTC) - timedelta(hours=hours, seconds=1)).isoformat(timespec="seconds")
    db.execute("UPDATE sessions SET started_at = ?", [started])
    db.conn.commit()
    assert browser.get("/systems").status_code == 302


def _anonymous_entries(app):
    db = connect(app.config["DATABASE"])
    try:
        return db.execute(
            "SELECT count(*) FROM audit_log"
            " WHERE action IN ('api.refused', 'sign_in.failure', 'audit.throttled')"
        ).fetchone()[0]
    finally:
        db.close()


def test_three_thousand_bad_tokens_write_a_bounded_number_of_audit_entries(make_app):
    app = make_app(AUDIT_ANONYMOUS_PER_MINUTE=5)
    client = app.test_client()
    for number in range(3000):
        response = client.get("/api/v1/systems", headers={"Authorization": f"Bearer dpia_made_up_{number}"})
        assert response.status_code == 401
    # Five a minute and one summary; the run may straddle a few minutes, never thousands.
    assert 6 <= _anonymous_entries(app) <= 60
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'audit.throttled'").fetchone()[0] >= 1
    db.close()


def test_failed_sign_ins_write_a_bounded_number_of_audit_entries(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, AUDIT_ANONYMOUS_PER_MINUTE=5)
    for number in range(20):
        _attempt(app, f"made.up.{number}@example.org", "guess")
    assert 6 <= _anonymous_entries(app) <= 12
