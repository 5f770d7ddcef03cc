"""`dpia remind`: review reminders and the weekly digest, for a scheduler."""

import click
from flask import current_app
from flask.cli import with_appcontext

from dpia import mail
from dpia.actor import command_line
from dpia.cli.common import BadInput, database
from dpia.services.assessments import reminders


def _options() -> reminders.Options:
    config = current_app.config
    leads = config.get("COMPLIANCE_LEADS") or ()
    leads = (leads,) if isinstance(leads, str) else tuple(leads)
    return reminders.Options(config["SERVICE_NAME"], str(config.get("BASE_URL") or ""), leads)


def _describe(reminder: reminders.Reminder) -> str:
    return f"{reminder.message.subject} -> {', '.join(reminder.message.to)}"


@click.command("remind")
@click.option("--dry-run", is_flag=True, help="List what would be sent; send and record nothing.")
@with_appcontext
def remind(dry_run: bool) -> None:
    """Email owners and approvers 30 and 7 days before a review is due and once it is overdue, and
    compliance leads a weekly digest; run it daily from a scheduler.

    Each reminder is sent once: a second run the same day sends nothing new. Mail goes through SMTP_HOST,
    SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS and MAIL_FROM in instance/config.py; the digest
    goes to COMPLIANCE_LEADS. Exit 2 if settings are missing, 1 if any message could not be sent.

    Example: dpia remind --dry-run
    """
    options = _options()
    with database() as db:
        if dry_run:
            planned = reminders.due(db, options)
            if mail.missing_settings(current_app.config):
                planned.notes.append("SMTP settings are incomplete: a real run would send nothing")
            for note in planned.notes:
                click.echo(note)
            for reminder in planned.sent:
                click.echo(f"Would send: {_describe(reminder)}")
            click.echo(f"{len(planned.sent)} to send (dry run: nothing sent)")
            return
        missing = mail.missing_settings(current_app.config)
        if missing:
            lines = "\n".join(f"  {m}" for m in missing)
            raise BadInput(
                f"Cannot send reminders: instance/config.py is missing\n{lines}\nNothing was sent."
            )
        try:
            with mail.connected(mail.settings_from(current_app.config)) as outbox:
                outcome = reminders.remind(db, command_line("dpia remind"), options, outbox.send)
        except mail.MailError as error:
            raise click.ClickException(f"{error}. Nothing was sent; run dpia remind again later.") from None
    for note in outcome.notes:
        click.echo(note)
    for reminder in outcome.sent:
        click.echo(f"Sent: {_describe(reminder)}")
    for reminder, problem in outcome.failed:
        click.echo(f"Not sent: {_describe(reminder)}: {problem}", err=True)
    click.echo(f"{len(outcome.sent)} sent, {len(outcome.failed)} not sent")
    if outcome.failed:
        raise click.exceptions.Exit(1)
