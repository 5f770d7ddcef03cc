"""Accounts and roles in a real browser: sign in, refusals, lock-out, pages each role may use."""

import re

import pytest
from playwright.sync_api import expect

from dpia.store.db import connect
from tests.conftest import PASSWORD
from tests.test_security import XSS

pytestmark = pytest.mark.browser


def _submit_sign_in(page, base_url, email, password):
    page.goto(f"{base_url}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def _forget_last_failure(live_app, email):
    """Move the last failure into the past, as if the slow-down period had gone by."""
    db = connect(live_app.config["DATABASE"])
    try:
        db.execute("UPDATE users SET last_failed_at = '2000-01-01T00:00:00+00:00' WHERE email = ?", [email])
        db.conn.commit()
    finally:
        db.close()


def test_signing_in_and_out(page, base_url, live_user):
    email = live_user("reader")
    page.goto(f"{base_url}/systems")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/systems$"))
    expect(page.get_by_text(email)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(f"{base_url}/systems")
    expect(page).to_have_url(re.compile(r"/sign-in"))


def test_a_wrong_password_shows_one_message_linked_to_the_field(page, base_url, live_user, screenshot):
    _submit_sign_in(page, base_url, live_user("approver"), "not the password at all")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    screenshot("sign-in-wrong-password")
    expect(page.get_by_label("Email address")).to_have_value(live_user("approver"))


def test_repeated_failures_slow_down_then_lock_the_account(page, base_url, live_app, live_user, screenshot):
    email = live_user("editor", "reader")
    for _ in range(3):
        _submit_sign_in(page, base_url, email, "wrong password here")
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address")
    _submit_sign_in(page, base_url, email, "wrong password here")
    expect(page.locator(".govuk-error-summary")).to_contain_text(re.compile(r"Wait \d+ seconds?"))
    # Failures up to the lock limit (5 in tests), each after its slow-down has passed.
    for _ in range(2):
        _forget_last_failure(live_app, email)
        _submit_sign_in(page, base_url, email, "wrong password here")
    _forget_last_failure(live_app, email)
    _submit_sign_in(page, base_url, email, PASSWORD)
    expect(page.locator(".govuk-error-summary")).to_contain_text("This account is locked")
    screenshot("sign-in-locked")
    expect(page).to_have_url(re.compile(r"/sign-in"))


def test_a_reader_sees_no_editing_and_is_refused_editing_pages(sign_in_as, base_url):
    page = sign_in_as("reader")
    page.goto(f"{base_url}/systems")
    expect(page.get_by_role("link", name="Add a system")).to_have_count(0)
    expect(page.get_by_role("link", name="Users")).to_have_count(0)
    response = page.goto(f"{base_url}/systems/new")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to see this page")
    assert page.goto(f"{base_url}/admin/audit").status == 403


def test_an_admin_has_the_admin_pages_but_cannot_edit_the_register(sign_in_as, base_url, screenshot):
    page = sign_in_as("admin")
    page.goto(f"{base_url}/systems")
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    screenshot("admin-audit-trail")
    expect(page.get_by_role("link", name="Add a system")).to_have_count(0)
    assert page.goto(f"{base_url}/systems/new").status == 403


def test_script_stored_in_every_field_never_runs_in_any_page(sign_in_as, base_url):
    page = sign_in_as("editor")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    payload = " ".join(XSS)
    page.goto(f"{base_url}/systems/new")
    page.get_by_label("Name").first.fill(f"XSS {payload}")
    page.get_by_label("Aliases and acronyms").fill("\n".join(XSS))
    page.get_by_label("Other", exact=True).check()
    page.get_by_label("In use").check()
    page.get_by_label("UK GDPR").check()
    for label in ("Owner", "Senior responsible owner", "Supplier"):
        page.get_by_label(label, exact=True).fill(payload)
    for label in ("How it works", "What data it uses", "How its predictions or outputs are made", "Notes"):
        page.get_by_label(label, exact=True).fill(payload)
    page.get_by_role("button", name="Add system").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("XSS <script>")
    system_url = page.url
    for url in (system_url, f"{system_url}/history", f"{system_url}/edit", f"{base_url}/systems"):
        page.goto(url)
        expect(page.locator("img[src='x']")).to_have_count(0)
        expect(page.locator("main svg[onload]")).to_have_count(0)
    assert dialogs == []
