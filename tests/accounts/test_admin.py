"""Administration pages: accounts, roles, disabling, passwords, settings; only for administrators."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from dpia.actor import command_line
from dpia.errors import Invalid
from dpia.services.accounts import settings
from dpia.store import users as user_store
from dpia.vocab import ROLE_NAMES
from tests.conftest import PASSWORD, Browser

NEW_PASSWORD = "purple elephant umbrella drawer"


@pytest.fixture
def admin(visitor, make_user):
    """A visitor signed in as an administrator; its email is `admin.email`."""
    visitor.email = make_user("admin", email="chief.admin@example.org")
    assert visitor.sign_in(visitor.email).status_code == 302
    return visitor


@pytest.fixture
def another_browser(app):
    """Makes more signed-out browsers, one per person in a test."""
    return lambda: Browser(app.test_client())


def user_id_of(db, email):
    return user_store.by_email(db, email)["id"]


def last_entry(db, action):
    return next(db.query("SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1", [action]))


def new_user_form(**overrides):
    form = {
        "email": "New.Person@example.org",
        "name": "New Person",
        "roles": ["editor", "approver"],
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    }
    form.update(overrides)
    return form


def test_the_users_page_lists_accounts_with_role_labels_and_status(admin, db, make_user):
    reader = make_user("reader", "foi_officer", email="reader@example.org")
    locked = make_user("editor", email="locked@example.org")
    until = (datetime.now(UTC) + timedelta(minutes=10)).isoformat(timespec="seconds")
    db["users"].update(user_id_of(db, locked), {"locked_until": until})
    page = admin.get("/admin/users").get_data(as_text=True)
    assert reader in page
    assert "FOI officer, Reader" in page
    assert "Locked until" in page
    assert "Add a user" in page


def test_an_admin_can_add_a_user_with_roles(admin, another_browser, db):
    response = admin.post("/admin/users/new", new_user_form())
    created = user_store.by_email(db, "new.person@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{created['id']}"
    assert created["roles"] == ["approver", "editor"]
    assert created["name"] == "New Person"
    assert "has been created" in admin.get(response.headers["Location"]).get_data(as_text=True)
    newcomer = another_browser()
    assert newcomer.sign_in("new.person@example.org", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password": "short", "confirm": "short"}, "Password must be 12 characters or more"),
        ({"password": "password1234", "confirm": "password1234"}, "Password is too common"),
        ({"confirm": "something else entirely"}, "The passwords do not match"),
        ({"password": "", "confirm": ""}, "Enter a password"),
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({"roles": []}, "Select at least one role"),
        ({"roles": ["wizard"]}, "Unknown role"),
    ],
)
def test_a_refused_new_user_keeps_the_input_and_stores_nothing(admin, db, overrides, message):
    before = db["users"].count
    response = admin.post("/admin/users/new", new_user_form(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "There is a problem" in page
    assert 'value="New Person"' in page
    assert db["users"].count == before


def test_a_duplicate_email_is_refused(admin, db, make_user):
    make_user("reader", email="taken@example.org")
    response = admin.post("/admin/users/new", new_user_form(email="Taken@Example.org"))
    assert response.status_code == 400
    assert "An account for taken@example.org already exists" in response.get_data(as_text=True)
    assert db["users"].count == 2


def test_changing_roles_is_saved_audited_and_signs_the_person_out(admin, another_browser, db, make_user):
    email = make_user("reader", email="changing@example.org")
    them = another_browser()
    them.sign_in(email)
    user_id = user_id_of(db, email)
    response = admin.post(f"/admin/users/{user_id}", {"roles": ["editor", "reader"]})
    assert response.status_code == 302
    assert user_store.by_id(db, user_id)["roles"] == ["editor", "reader"]
    details = json.loads(last_entry(db, "user.roles")["details"])
    assert details == {"old": ["reader"], "new": ["editor", "reader"]}
    assert them.get("/systems").status_code == 302


def test_removing_every_role_is_refused_with_the_choice_kept(admin, db, make_user):
    user_id = user_id_of(db, make_user("reader"))
    response = admin.post(f"/admin/users/{user_id}", {})
    assert response.status_code == 400
    assert "Select at least one role" in response.get_data(as_text=True)
    assert user_store.by_id(db, user_id)["roles"] == ["reader"]


def test_disabling_ends_that_users_session_and_enabling_lets_them_back(admin, another_browser, db, make_user):
    email = make_user("editor", email="leaver@example.org")
    them = another_browser()
    assert them.sign_in(email).status_code == 302
    assert them.get("/systems").status_code == 200
    user_id = user_id_of(db, email)

    response = admin.post(f"/admin/users/{user_id}/disable", form_url=f"/admin/users/{user_id}")
    assert response.status_code == 302
    assert "has been disabled" in admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    next_request = them.get("/systems")
    assert next_request.status_code == 302
    assert next_request.headers["Location"].startswith("/sign-in")
    assert them.sign_in(email).status_code == 400

    admin.post(f"/admin/users/{user_id}/enable", form_url=f"/admin/users/{user_id}")
    assert them.sign_in(email).status_code == 302


def test_an_admin_cannot_disable_their_own_account(admin, db):
    user_id = user_id_of(db, admin.email)
    response = admin.post(f"/admin/users/{user_id}/disable", form_url="/admin/users")
    assert response.status_code == 400
    assert "You cannot disable your own account" in response.get_data(as_text=True)
    assert not user_store.by_id(db, user_id)["disabled"]


def test_resetting_a_password_replaces_the_old_one_and_signs_them_out(admin, another_browser, db, make_user):
    email = make_user("reader", email="forgetful@example.org")
    them = another_browser()
    them.sign_in(email)
    user_id = user_id_of(db, email)
    url = f"/admin/users/{user_id}/password"

    refused = admin.post(url, {"password": "short", "confirm": "short"})
    assert refused.status_code == 400
    assert "Password must be 12 characters or more" in refused.get_data(as_text=True)

    assert admin.post(url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert them.get("/systems").status_code == 302
    assert them.sign_in(email, PASSWORD).status_code == 400
    assert them.sign_in(email, NEW_PASSWORD).status_code == 302
    assert last_entry(db, "user.reset_password")["actor"] == admin.email


def test_an_unknown_account_is_not_found(admin):
    assert admin.get("/admin/users/9999").status_code == 404
    assert admin.get("/admin/users/9999/password").status_code == 404


def test_settings_changes_are_saved_audited_and_shown(admin, db):
    response = admin.post(
        "/admin/settings",
        {
            "organisation": "West Midlands Police",
            "sensitive_roles": ["admin", "approver"],
            "review_months": "24",
        },
    )
    assert response.status_code == 302
    saved = settings.current(db)
    assert saved["organisation"] == "West Midlands Police"
    assert saved["sensitive_roles"] == ["admin", "approver"]
    assert saved["review_months"] == 24
    changes = {
        entry["object_id"]: json.loads(entry["details"])
        for entry in db.query("SELECT * FROM audit_log WHERE action = 'setting.change'")
    }
    assert changes["organisation"]["old"] == "" and changes["organisation"]["new"] == "West Midlands Police"
    assert changes["sensitive_roles"]["new"] == ["admin", "approver"]
    page = admin.get("/admin/settings").get_data(as_text=True)
    assert "Settings saved" in page
    assert "West Midlands Police" in page


def test_a_refused_setting_keeps_the_input(admin, db):
    response = admin.post(
        "/admin/settings",
        {"organisation": "x" * 101, "sensitive_roles": ["admin"], "review_months": "a year"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Organisation name must be 100 characters or fewer" in page
    assert "Months from approval to review must be a whole number from 1 to 60" in page
    assert "x" * 101 in page
    assert settings.current(db)["organisation"] == ""


def test_a_long_setting_keeps_its_line_breaks(admin, db):
    address = "  Freedom of Information Unit\r\nPO Box 52\r\nLloyd House\r\nfoi@example.police.uk\r\n\r\n"
    response = admin.post("/admin/settings", {"foi_contact": address, "sensitive_roles": ["admin"]})
    assert response.status_code == 302
    assert settings.current(db)["foi_contact"] == (
        "Freedom of Information Unit\nPO Box 52\nLloyd House\nfoi@example.police.uk"
    )
    page = admin.get("/admin/settings").get_data(as_text=True)
    assert '<textarea class="govuk-textarea" id="foi_contact" name="foi_contact"' in page
    assert "Freedom of Information Unit\nPO Box 52" in page
    assert last_entry(db, "setting.change")["object_id"] == "foi_contact"


def test_a_long_setting_over_2000_characters_is_refused_and_nothing_stored(admin, db):
    before = db["audit_log"].count
    response = admin.post(
        "/admin/settings",
        {
            "caveats": "x" * 2_001,
            "foi_unit": "FOI Team",
            "sensitive_roles": settings.value(db, "sensitive_roles"),
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Caveats in every response must be 2,000 characters or fewer" in page
    assert "x" * 2_001 in page
    assert settings.current(db)["caveats"] == settings.BY_KEY["caveats"].default
    assert settings.current(db)["foi_unit"] == "Freedom of Information Unit"
    assert db["audit_log"].count == before


def test_a_long_setting_holds_2000_characters_and_a_text_one_100(db):
    settings.update(db, command_line(), {"reuse": "y" * 2_000})
    assert settings.value(db, "reuse") == "y" * 2_000
    with pytest.raises(Invalid) as refused:
        settings.update(db, command_line(), {"reuse": "z" * 2_001, "foi_unit": "z" * 101})
    assert refused.value.errors == {
        "reuse": "Re-use of information must be 2,000 characters or fewer",
        "foi_unit": "FOI unit must be 100 characters or fewer",
    }
    assert settings.value(db, "reuse") == "y" * 2_000


def test_the_settings_page_shows_system_information(admin, app):
    page = admin.get("/admin/settings").get_data(as_text=True)
    assert "0002_accounts_and_audit" in page
    assert "Database schema version" in page
    assert app.instance_path in page


ADMIN_PAGES = [
    ("GET", "/admin/users"),
    ("GET", "/admin/users/new"),
    ("POST", "/admin/users/new"),
    ("GET", "/admin/users/{id}"),
    ("POST", "/admin/users/{id}"),
    ("POST", "/admin/users/{id}/disable"),
    ("POST", "/admin/users/{id}/enable"),
    ("GET", "/admin/users/{id}/password"),
    ("POST", "/admin/users/{id}/password"),
    ("GET", "/admin/settings"),
    ("POST", "/admin/settings"),
    ("GET", "/admin/audit"),
    ("GET", "/admin/audit.csv"),
]


@pytest.mark.parametrize("role", [r for r in ROLE_NAMES if r != "admin"])
def test_anyone_but_an_admin_is_refused_every_admin_page(signed_in, db, make_user, role):
    client = signed_in(role)
    user_id = user_id_of(db, make_user("reader", email="target@example.org"))
    before = db["audit_log"].count
    for method, url in ADMIN_PAGES:
        url = url.format(id=user_id)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, {"roles": ["admin"], "organisation": "Hijacked"}, form_url="/systems")
        assert response.status_code == 403, f"{role} {method} {url}"
    assert user_store.by_id(db, user_id)["roles"] == ["reader"]
    assert db["audit_log"].count == before
