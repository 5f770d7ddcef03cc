"""`dpia remind`: review reminders and the weekly digest, sent to a real SMTP server on this machine."""

import re
import socket
from datetime import date, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from dpia import kinds
from dpia.actor import command_line
from dpia.domain import reminders as rules
from dpia.domain.reviews import span
from dpia.domain.samples import sample_answers
from dpia.services.accounts import users as accounts
from dpia.services.assessments import workflow
from dpia.store.db import rows
from tests.conftest import APPROVER, EDITOR, revision_of

TODAY = date.today()


class Inbox:
    """Keeps every message the server accepted; refuses mail to the addresses in `refuse`."""

    def __init__(self):
        self.messages = []
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append({"to": sorted(envelope.rcpt_tos), "message": message})
        return "250 Message accepted for delivery"

    def subjects(self):
        return sorted(m["message"]["Subject"] for m in self.messages)

    def to(self, subject_part):
        return [m for m in self.messages if subject_part in m["message"]["Subject"]]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1, and what it received."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


@pytest.fixture
def mail_app(app, smtp):
    """The app configured to send through the test server, with one compliance lead."""
    port, _ = smtp
    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        SMTP_STARTTLS=False,
        MAIL_FROM="dpia@force.example",
        COMPLIANCE_LEADS=["lead@force.example"],
        BASE_URL="https://dpia.force.example/",
    )
    return app


@pytest.fixture
def approver_account(make_user):
    """The account of the approver who approves test assessments."""
    return make_user("approver", email=APPROVER.email)


@pytest.fixture
def due_on(db, make_assessment, approver_account):
    """An approved assessment whose review is due `days` from today: due_on(30, owner=...) -> id."""

    def make(days, owner="owner@force.example", **details):
        assessment_id = make_assessment(
            "dpia", answers=sample_answers(kinds.latest("dpia"), rows=3), owner=owner, **details
        )
        approved = min(TODAY, TODAY + timedelta(days=days - 1)) - timedelta(days=5)
        workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id, 1))
        data = {
            "conducted": approved.isoformat()[:7],
            "approved": approved.isoformat(),
            "review_due": (TODAY + timedelta(days=days)).isoformat(),
        }
        workflow.transition(
            db, APPROVER, assessment_id, 1, "approve", data, revision_of(db, assessment_id, 1)
        )
        return assessment_id

    return make


def remind(app, *args):
    return app.test_cli_runner().invoke(args=["remind", *args])


def test_thirty_days_before_the_owner_and_approver_are_emailed(mail_app, smtp, due_on, make_user, db):
    _, inbox = smtp
    make_user("editor", email="owner@force.example")
    make_user("approver")  # another approver: the one who approved is the one reminded
    assessment_id = due_on(30)
    result = remind(mail_app)
    assert result.exit_code == 0, result.output
    [sent] = inbox.to("Review due on")
    assert sent["to"] == ["approver@example.org", "owner@force.example"]
    message = sent["message"]
    assert message["From"] == "dpia@force.example"
    reference = rows(db, "SELECT reference FROM assessments WHERE id = ?", [assessment_id])[0]["reference"]
    assert message["Subject"] == f"Review due on {rules.long_date(TODAY + timedelta(days=30))}: {reference}"
    body = message.get_content()
    assert "in 30 days" in body
    assert f"https://dpia.force.example/assessments/{assessment_id}/versions/1" in body
    assert "could not email the owner" not in body


def test_seven_days_before_a_reminder_is_sent_once(mail_app, smtp, due_on, make_user):
    _, inbox = smtp
    make_user("editor", email="owner@force.example")
    due_on(7)
    assert remind(mail_app).exit_code == 0
    [sent] = inbox.to("Review due on")
    assert "in 7 days" in sent["message"].get_content()
    second = remind(mail_app)
    assert second.exit_code == 0
    assert len(inbox.to("Review due on")) == 1
    assert "0 sent, 0 not sent" in second.output


def test_between_stages_only_the_nearest_reminder_goes(mail_app, smtp, due_on, make_user, db):
    _, inbox = smtp
    due_on(5)
    remind(mail_app)
    [stage] = [r["stage"] for r in rows(db, "SELECT stage FROM reminders_sent WHERE kind = 'review'")]
    assert stage == "7_days"
    assert len(inbox.to("Review due on")) == 1


def test_reviews_further_off_get_no_reminder(mail_app, smtp, due_on):
    _, inbox = smtp
    due_on(31)
    assert remind(mail_app).exit_code == 0
    assert inbox.to("Review due on") == []


def test_an_overdue_review_is_reminded_with_what_is_at_stake(mail_app, smtp, due_on, make_user):
    _, inbox = smtp
    make_user("editor", email="owner@force.example")
    due_on(-3)
    assert remind(mail_app).exit_code == 0
    [sent] = inbox.to("Review overdue")
    body = sent["message"].get_content()
    assert "is 3 days overdue" in body
    assert "may no longer describe how the system is used" in body
    assert remind(mail_app).exit_code == 0
    assert len(inbox.to("Review overdue")) == 1


def test_an_owner_without_an_account_is_reported_to_the_approvers(mail_app, smtp, due_on):
    _, inbox = smtp
    due_on(30, owner="Head of Data Analytics")
    assert remind(mail_app).exit_code == 0
    [sent] = inbox.to("Review due on")
    assert sent["to"] == ["approver@example.org"]
    assert "We could not email the owner, ‘Head of Data Analytics’" in sent["message"].get_content()


def test_an_owner_named_as_on_their_account_is_reached(mail_app, smtp, due_on, db):
    _, inbox = smtp
    password = "correct horse battery staple"
    accounts.create_user(
        db, command_line(), "jo@force.example", ["editor"], password, accounts.Policy(), "Jo Bloggs"
    )
    due_on(30, owner="jo bloggs")
    remind(mail_app)
    [sent] = inbox.to("Review due on")
    assert "jo@force.example" in sent["to"]


def test_when_the_approver_has_gone_every_approver_is_reminded(mail_app, smtp, due_on, make_user, db):
    _, inbox = smtp
    other = make_user("approver")
    due_on(30, owner="")
    accounts.set_disabled(db, command_line(), APPROVER.email, True)
    remind(mail_app)
    [sent] = inbox.to("Review due on")
    assert sent["to"] == [other]


def test_sensitive_assessments_keep_their_title_out_of_email(mail_app, smtp, due_on, make_user):
    _, inbox = smtp
    due_on(7, title="Covert source tasking", marking="OFFICIAL-SENSITIVE")
    remind(mail_app)
    [sent] = inbox.to("Review due on")
    body = sent["message"].get_content()
    assert "Covert source tasking" not in body
    assert "sign in to see its title" in body


def test_the_weekly_digest_goes_to_compliance_leads_once_a_week(mail_app, smtp, due_on):
    _, inbox = smtp
    due_on(-10)
    due_on(20)
    due_on(90)
    assert remind(mail_app).exit_code == 0
    [digest] = inbox.to("Reviews this week")
    assert digest["to"] == ["lead@force.example"]
    assert digest["message"]["Subject"] == "Reviews this week: 1 overdue, 1 due within 30 days"
    body = digest["message"].get_content()
    assert "is 10 days overdue" in body and "in 20 days" in body
    assert "https://dpia.force.example/reviews" in body
    remind(mail_app)
    assert len(inbox.to("Reviews this week")) == 1


def test_without_compliance_leads_no_digest_is_sent_and_the_run_says_so(mail_app, smtp, due_on):
    _, inbox = smtp
    mail_app.config["COMPLIANCE_LEADS"] = []
    result = remind(mail_app)
    assert result.exit_code == 0
    assert "No COMPLIANCE_LEADS are set" in result.output
    assert inbox.messages == []


def test_missing_smtp_settings_are_named_and_nothing_is_sent(app, smtp, due_on, db):
    _, inbox = smtp
    due_on(7)
    result = remind(app)
    assert result.exit_code == 2
    assert "SMTP_HOST: the mail server's name" in result.output
    assert "MAIL_FROM: the address reminders come from" in result.output
    assert "Nothing was sent" in result.output
    assert inbox.messages == []
    assert rows(db, "SELECT * FROM reminders_sent") == []


def test_half_a_sign_in_is_named_as_missing(mail_app):
    mail_app.config["SMTP_USERNAME"] = "dpia"
    result = remind(mail_app)
    assert result.exit_code == 2
    assert "SMTP_USERNAME and SMTP_PASSWORD: set both" in result.output


def test_a_dry_run_lists_what_would_be_sent_and_sends_nothing(app, smtp, due_on, db):
    _, inbox = smtp
    app.config["COMPLIANCE_LEADS"] = ["lead@force.example"]
    due_on(7)
    result = remind(app, "--dry-run")
    assert result.exit_code == 0
    assert "Would send: Review due on" in result.output
    assert "Would send: Reviews this week" in result.output
    assert "2 to send (dry run: nothing sent)" in result.output
    assert "SMTP settings are incomplete" in result.output
    assert inbox.messages == []
    assert rows(db, "SELECT * FROM reminders_sent") == []


def test_a_mail_server_that_is_down_gets_a_clear_message_and_nothing_is_recorded(mail_app, due_on, db):
    mail_app.config["SMTP_PORT"] = free_port()  # nothing listens there
    due_on(7)
    result = remind(mail_app)
    assert result.exit_code == 1
    assert (
        f"Could not connect to the mail server at 127.0.0.1:{mail_app.config['SMTP_PORT']}" in result.output
    )
    assert "Nothing was sent" in result.output
    assert rows(db, "SELECT * FROM reminders_sent") == []
    assert rows(db, "SELECT * FROM audit_log WHERE action LIKE 'reminder.%'") == []


def test_a_server_without_starttls_is_refused_while_starttls_is_required(mail_app, due_on, db):
    mail_app.config["SMTP_STARTTLS"] = True
    due_on(7)
    result = remind(mail_app)
    assert result.exit_code == 1
    assert "does not offer STARTTLS" in result.output
    assert rows(db, "SELECT * FROM reminders_sent") == []


def test_a_refused_message_is_reported_and_sent_on_the_next_run(mail_app, smtp, due_on, db):
    _, inbox = smtp
    inbox.refuse.add("lead@force.example")
    due_on(7)
    result = remind(mail_app)
    assert result.exit_code == 1
    assert "Not sent: Reviews this week" in result.output
    assert "No such mailbox here" in result.output
    assert "1 sent, 1 not sent" in result.output
    assert [r["kind"] for r in rows(db, "SELECT kind FROM reminders_sent")] == ["review"]
    inbox.refuse.clear()
    again = remind(mail_app)
    assert again.exit_code == 0
    assert "Sent: Reviews this week" in again.output
    assert len(inbox.to("Review due on")) == 1


def test_every_send_is_in_the_audit_trail(mail_app, smtp, due_on, db):
    assessment_id = due_on(7, owner="Head of Data Analytics")
    remind(mail_app)
    entries = rows(db, "SELECT * FROM audit_log WHERE action LIKE 'reminder.%' ORDER BY id")
    assert [e["action"] for e in entries] == ["reminder.review", "reminder.digest"]
    review = entries[0]
    assert review["actor"] == "dpia remind"
    assert review["object_type"] == "assessment" and review["object_id"] == str(assessment_id)
    assert '"stage": "7_days"' in review["details"]
    assert '"owner_reached": false' in review["details"]
    assert "lead@force.example" in entries[1]["details"]


def test_what_was_sent_is_kept_by_version_due_date_and_stage(mail_app, due_on, db):
    """Idempotence is per due date and stage, so a new review date is reminded afresh."""
    due_on(7)
    remind(mail_app)
    key = rows(db, "SELECT key FROM reminders_sent WHERE kind = 'review'")[0]["key"]
    assert key.endswith(f":{(TODAY + timedelta(days=7)).isoformat()}:7_days")


def test_long_overdue_reviews_are_counted_in_years_and_months():
    assert span(date(2021, 6, 30), date(2021, 7, 29)) == "29 days"
    assert span(date(2021, 6, 30), date(2021, 7, 30)) == "1 month"
    assert span(date(2017, 12, 5), date(2026, 12, 5)) == "9 years"
    assert span(date(2018, 4, 28), date(2026, 12, 5)) == "8 years, 7 months and 7 days"


def test_stages_are_chosen_from_days_left():
    due = date(2027, 1, 31)
    assert rules.stage_for(due, date(2027, 1, 1)).name == "30_days"
    assert rules.stage_for(due, date(2026, 12, 31)) is None
    assert rules.stage_for(due, date(2027, 1, 24)).name == "7_days"
    assert rules.stage_for(due, date(2027, 1, 31)).name == "7_days"
    assert rules.stage_for(due, date(2027, 2, 1)).name == "overdue"


def test_only_the_mail_adapter_speaks_smtp():
    """Sending stays behind dpia/mail.py; the message content stays a pure function in dpia/domain."""
    package = Path(rules.__file__).resolve().parent.parent
    speaking = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"^\s*(import|from) smtplib", path.read_text(), re.M)
    )
    assert speaking == ["mail.py"]


def test_a_reminder_another_run_sent_meanwhile_is_not_sent_again(db, due_on):
    """Two runs at once: what one records after this one looked is skipped, not sent twice."""
    from dpia.services.assessments import reminders
    from dpia.store import reminders as sent_store

    due_on(7)
    due_on(-2)
    options = reminders.Options("Register", leads=())
    [first, second] = reminders.due(db, options).sent
    subjects = []

    def send(to, subject, body):
        subjects.append(subject)
        sent_store.mark_sent(db, second.key, "review", second.stage, ["someone@force.example"])

    outcome = reminders.remind(db, command_line("dpia remind"), options, send)
    assert subjects == [first.message.subject]
    assert [r.key for r in outcome.sent] == [first.key]
