"""The audit trail: what is recorded, that it cannot be changed, and how admins read and export it."""

import csv
import io
import json
import re
import sqlite3
from datetime import date, timedelta

import pytest

from dpia.store import users as user_store
from tests.conftest import Browser

ADDRESS = "127.0.0.1"  # what Flask's test client reports as the remote address


@pytest.fixture
def admin(visitor, make_user):
    """A visitor signed in as an administrator; its email is `admin.email`."""
    visitor.email = make_user("admin", email="auditor@example.org")
    assert visitor.sign_in(visitor.email).status_code == 302
    return visitor


def entries(db, action):
    return list(db.query("SELECT * FROM audit_log WHERE action = ? ORDER BY id", [action]))


def test_signing_in_is_recorded_with_who_and_from_where(visitor, db, make_user):
    email = make_user("reader")
    visitor.sign_in(email)
    [entry] = entries(db, "sign_in")
    assert (entry["actor"], entry["address"], entry["object_type"]) == (email, ADDRESS, "user")


def test_a_failed_sign_in_is_recorded_with_the_email_tried_and_the_address(visitor, db, make_user):
    email = make_user("reader")
    visitor.sign_in(email, "not the right password")
    [entry] = entries(db, "sign_in.failure")
    assert (entry["actor"], entry["address"]) == (email, ADDRESS)
    assert "wrong password" in entry["summary"]


def test_user_changes_are_recorded_with_old_and_new_values(admin, db, make_user):
    email = make_user("reader", email="someone@example.org")
    user_id = user_store.by_email(db, email)["id"]
    admin.post(f"/admin/users/{user_id}", {"roles": ["approver"]})
    admin.post(f"/admin/users/{user_id}/disable", form_url=f"/admin/users/{user_id}")
    [roles] = entries(db, "user.roles")
    [disable] = entries(db, "user.disable")
    for entry in (roles, disable):
        assert (entry["actor"], entry["address"], entry["object_id"]) == (admin.email, ADDRESS, str(user_id))
    assert json.loads(roles["details"]) == {"old": ["reader"], "new": ["approver"]}
    assert json.loads(disable["details"]) == {"old": {"disabled": False}, "new": {"disabled": True}}


def test_setting_changes_are_recorded_with_old_and_new_values(admin, db):
    admin.post(
        "/admin/settings",
        {"organisation": "Kent Police", "sensitive_roles": ["admin"], "review_months": "12"},
    )
    by_key = {e["object_id"]: e for e in entries(db, "setting.change")}
    assert by_key["organisation"]["actor"] == admin.email
    assert by_key["organisation"]["address"] == ADDRESS
    assert json.loads(by_key["organisation"]["details"])["old"] == ""
    assert json.loads(by_key["organisation"]["details"])["new"] == "Kent Police"
    assert json.loads(by_key["sensitive_roles"]["details"])["new"] == ["admin"]


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET summary = 'nothing happened'", "DELETE FROM audit_log"],
)
def test_sqlite_refuses_to_change_or_remove_entries(db, make_user, statement):
    make_user("reader")
    before = list(db.query("SELECT * FROM audit_log"))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute(statement)
    assert list(db.query("SELECT * FROM audit_log")) == before


def test_verify_reports_an_intact_trail(runner, make_user):
    make_user("reader")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "Audit trail intact: 1 entries, chain verified" in result.output


def tamper(app, entry_id):
    """What someone with the database file could do: drop the guards and rewrite history."""
    conn = sqlite3.connect(app.config["DATABASE"])
    with conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("UPDATE audit_log SET summary = 'nothing to see here' WHERE id = ?", [entry_id])
    conn.close()


def test_tampering_with_an_entry_is_detected_and_names_it(app, db, runner, admin, make_user):
    make_user("reader")
    make_user("editor")
    victim = entries(db, "user.create")[1]["id"]
    tamper(app, victim)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"Audit trail broken at entry {victim}: its content does not match its hash" in result.output
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "Broken" in page
    assert f"entry {victim} its content does not match its hash" in page


def cells(page, column_text):
    """How many table cells hold exactly this text."""
    return len(re.findall(rf'<td class="govuk-table__cell">{re.escape(column_text)}</td>', page))


def test_the_audit_page_lists_entries_and_filters_by_action(admin, make_user):
    make_user("reader")
    make_user("editor")
    everything = admin.get("/admin/audit").get_data(as_text=True)
    assert cells(everything, "sign_in") == 1
    assert cells(everything, "user.create") == 3
    assert "Verified" in everything
    filtered = admin.get("/admin/audit?action=user.create")
    page = filtered.get_data(as_text=True)
    assert filtered.status_code == 200
    assert cells(page, "user.create") == 3
    assert cells(page, "sign_in") == 0
    assert "3 entries match these filters" in page
    assert "/admin/audit.csv?action=user.create" in page


def test_the_audit_page_shows_old_and_new_values_in_details(admin, db, make_user):
    user_id = user_store.by_email(db, make_user("reader"))["id"]
    admin.post(f"/admin/users/{user_id}", {"roles": ["editor", "reader"]})
    page = admin.get("/admin/audit?action=user.roles").get_data(as_text=True)
    assert '<details class="govuk-details' in page
    assert ">reader</dd>" in page
    assert ">editor, reader</dd>" in page


def test_the_audit_page_filters_by_date_in_uk_time(admin):
    today = date.today().isoformat()
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    assert cells(admin.get(f"/admin/audit?date_from={today}").get_data(as_text=True), "sign_in") == 1
    later = admin.get(f"/admin/audit?date_from={tomorrow}").get_data(as_text=True)
    assert "No entries match these filters" in later


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from-day=30&date_from-month=2&date_from-year=2024", "From date must be a real date"),
        ("date_from-day=3&date_from-year=2024", "From date must include a month if it includes a day"),
        ("date_from-day=3&date_from-month=x&date_from-year=2024", "From date month must be a number"),
        (
            "date_from-day=3&date_from-month=13&date_from-year=2024",
            "From date month must be between 1 and 12",
        ),
        ("date_to-day=1&date_to-month=1", "To date must include a year"),
        ("date_to-year=24", "To date year must include 4 numbers"),
        (
            "date_from-day=2&date_from-month=3&date_from-year=2024&date_to-day=1&date_to-month=3&date_to-year=2024",
            "To date must be the same as or after the from date",
        ),
        # Links made before the day, month and year boxes still work, or say what is wrong.
        ("date_from=2024-02-30", "From date must be a real date"),
        ("date_from=yesterday", "From date year must be a number"),
        ("date_to=9999-12-31", "To date year must be between 1900 and 2100"),
        ("date_from=2024-03-02&date_to=2024-03-01", "To date must be the same as or after the from date"),
    ],
)
def test_a_bad_date_filter_gets_a_clear_error_not_a_crash(admin, query, message):
    response = admin.get(f"/admin/audit?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    # The error summary links to the first box of the date that is wrong.
    field = "date_to" if message.startswith("To") else "date_from"
    assert f'href="#{field}-day"' in html and f'id="{field}-day"' in html


def test_the_audit_filter_asks_for_dates_in_day_month_and_year_boxes(admin):
    page = admin.get("/admin/audit").get_data(as_text=True)
    for field in ("date_from", "date_to"):
        assert all(f'name="{field}-{part}"' in page for part in ("day", "month", "year"))
    assert 'name="date_from"' not in page and "2024-03-27" not in page


def test_a_month_or_a_year_filters_the_whole_of_it_and_the_boxes_keep_the_input(admin):
    today = date.today()
    this_month = f"date_to-month={today.month}&date_to-year={today.year}"
    page = admin.get(f"/admin/audit?date_from-year={today.year}&{this_month}").get_data(as_text=True)
    assert cells(page, "sign_in") == 1
    assert re.search(rf'name="date_to-month"[^>]*value="{today.month}"', page)
    assert f"date_to-month={today.month}" in page  # the CSV link and pages keep the filter
    last_year = admin.get(f"/admin/audit?date_to-year={today.year - 1}").get_data(as_text=True)
    assert "No entries match these filters" in last_year


def test_a_silly_page_number_does_not_crash(admin):
    assert admin.get("/admin/audit?page=99999999999999999999999").status_code == 200
    assert admin.get("/admin/audit?page=-3").status_code == 200


def test_the_csv_download_has_a_header_and_neutralises_formulas(app, admin, db):
    # A failed sign-in records whatever was typed as the email: here, a spreadsheet formula.
    Browser(app.test_client()).sign_in('=HYPERLINK("http://evil.example")', "any password at all")
    response = admin.get("/admin/audit.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert re.fullmatch(
        r'attachment; filename="audit-trail-\d{8}\.csv"', response.headers["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:5] == ["id", "at", "actor", "address", "action"]
    assert ['\'=hyperlink("http://evil.example")'] == [r[2] for r in rows[1:] if "hyperlink" in r[2]]
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert entries(db, "audit.export")[0]["actor"] == admin.email


def test_the_csv_download_keeps_the_filters(admin, make_user):
    make_user("reader")
    response = admin.get("/admin/audit.csv?action=user.create")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert {row[4] for row in rows[1:]} == {"user.create"}


def test_the_cli_export_writes_a_file_and_will_not_overwrite_one(runner, make_user, tmp_path):
    make_user("reader")
    out = tmp_path / "trail.csv"
    result = runner.invoke(args=["audit", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "id" and {r[4] for r in rows[1:]} == {"user.create", "audit.export"}

    again = runner.invoke(args=["audit", "export", "--out", str(out)])
    assert again.exit_code == 1
    assert "already exists" in again.output
    forced = runner.invoke(args=["audit", "export", "--out", str(out), "--force"])
    assert forced.exit_code == 0, forced.output


def test_a_large_trail_downloads_whole(admin, db):
    """More than one streamed chunk: the download keeps its database connection to the end."""
    from dpia.actor import command_line
    from dpia.services.accounts import audit as trail
    from dpia.store.db import transaction

    with transaction(db):
        for i in range(600):
            trail.record(db, command_line(), "test.filler", summary=f"Filler entry {i} " + "x" * 150)
    response = admin.get("/admin/audit.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(response.get_data()) > 64_000
    assert sum(1 for row in rows if row[4] == "test.filler") == 600
