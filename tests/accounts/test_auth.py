"""Signing in and out, throttling and lock-out, idle expiry, passwords."""

import time

from werkzeug.security import check_password_hash

from dpia.services.accounts import users as accounts
from tests.conftest import PASSWORD


def test_signing_in_with_the_right_password_starts_a_session(visitor, make_user):
    email = make_user("reader")
    response = visitor.sign_in(email)
    assert response.status_code == 302
    assert visitor.get("/systems").status_code == 200


def test_a_wrong_password_gets_one_message_that_does_not_say_which_part_was_wrong(visitor, make_user):
    email = make_user("reader")
    for attempt in (email, "nobody@example.org"):
        response = visitor.sign_in(attempt, "wrong password here")
        assert response.status_code == 400
        assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_repeated_failures_slow_down_then_lock_the_account(visitor, make_user, db):
    email = make_user("reader")
    messages = []
    for _ in range(4):
        messages.append(visitor.sign_in(email, "wrong password here").get_data(as_text=True))
    assert "Wait" in messages[-1] and "before trying again" in messages[-1]
    # Let the slow-down pass, then keep failing until locked.
    db.execute("UPDATE users SET last_failed_at = '2000-01-01T00:00:00+00:00'")
    db.conn.commit()
    for _ in range(2):
        visitor.sign_in(email, "wrong password here")
        db.execute("UPDATE users SET last_failed_at = '2000-01-01T00:00:00+00:00'")
        db.conn.commit()
    locked = visitor.sign_in(email, PASSWORD)
    assert locked.status_code == 400
    assert "This account is locked" in locked.get_data(as_text=True)


def test_the_session_cookie_is_httponly_and_samesite(visitor, make_user):
    response = visitor.sign_in(make_user("reader"))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_session_cookie_is_secure_over_https(app, make_user):
    from tests.conftest import Browser

    client = Browser(app.test_client())
    page = client.client.get("/sign-in", base_url="https://localhost")
    from tests.conftest import csrf_from

    # Over HTTPS, CSRF protection also checks that the form came from this site.
    response = client.client.post(
        "/sign-in",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/sign-in"},
        data={
            "email": make_user("reader"),
            "password": PASSWORD,
            "csrf_token": csrf_from(page.get_data(as_text=True)),
        },
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_idle_sessions_expire(app, signed_in):
    client = signed_in("reader")
    with client.client.session_transaction() as session:
        session["seen"] = int(time.time()) - app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    response = client.get("/systems")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_signing_out_ends_the_session(signed_in):
    client = signed_in("reader")
    client.post("/sign-out", form_url="/systems")
    assert client.get("/systems").status_code == 302


def test_users_can_change_their_own_password(signed_in, db):
    client = signed_in("reader")
    refused = client.post(
        "/account/password", {"current": PASSWORD, "new": "password123", "confirm": "password123"}
    )
    assert refused.status_code == 400 and "Password must be 12 characters or more" in refused.get_data(
        as_text=True
    )
    common = client.post(
        "/account/password", {"current": PASSWORD, "new": "password1234", "confirm": "password1234"}
    )
    assert "too common" in common.get_data(as_text=True)
    changed = client.post(
        "/account/password",
        {"current": PASSWORD, "new": "violet kettle orbit 42", "confirm": "violet kettle orbit 42"},
    )
    assert changed.status_code == 302
    assert client.get("/systems").status_code == 200  # this session continues


def test_passwords_are_stored_with_scrypt(db, make_user):
    make_user("reader")
    stored = db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("scrypt:") and PASSWORD not in stored


def test_an_unknown_email_is_checked_against_a_hash_as_costly_as_a_real_one(db, make_user):
    """The dummy hash has the cost parameters every account's hash is made with, so it takes as long."""
    make_user("reader")
    stored = db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert accounts.DUMMY_HASH.split("$")[0] == stored.split("$")[0]
    assert check_password_hash(accounts.DUMMY_HASH, "not a real password")


def test_next_parameter_cannot_redirect_off_site(visitor, make_user):
    email = make_user("reader")
    page = visitor.get("/sign-in?next=//evil.example/")
    from tests.conftest import csrf_from

    response = visitor.client.post(
        "/sign-in?next=//evil.example/",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_from(page.get_data(as_text=True))},
    )
    assert response.headers["Location"] == "/"
