"""Review reminders to owners and approvers, and the weekly digest to compliance leads (`dpia remind`)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dpia.actor import Actor
from dpia.domain import reminders as rules
from dpia.mail import MailError
from dpia.permissions import holders
from dpia.services.accounts import audit
from dpia.services.assessments.reviews import SOON_DAYS
from dpia.services.assessments.versions import today
from dpia.store import assessments as assessment_store
from dpia.store import reminders as store
from dpia.store.db import Database, transaction

# Sends one message (recipients, subject, body) or raises MailError: the mail adapter's Outbox.send.
Send = Callable[[tuple[str, ...], str, str], None]


@dataclass(frozen=True)
class Options:
    """What the messages need from the configuration."""

    service: str
    base_url: str = ""
    leads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reminder:
    """One message due to be sent, and what to record once it has been."""

    key: str
    kind: str
    stage: str
    message: rules.Message
    item: dict | None = None
    owner_reached: bool = True


@dataclass
class Outcome:
    """What a run sent, could not send, and noticed."""

    sent: list[Reminder] = field(default_factory=list)
    failed: list[tuple[Reminder, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _approvers(db: Database, version_id: int) -> list[str]:
    """Whoever approved this version if they still may approve; otherwise everyone who may."""
    may_approve = store.active_holders(db, holders("approve"))
    approver = store.approved_by(db, version_id)
    return [approver] if approver in may_approve else may_approve


def _review_reminder(db: Database, item: dict, stage: rules.Stage, now: date, options: Options) -> Reminder:
    owner = store.active_account(db, item["owner"] or "")
    to = list(dict.fromkeys([*([owner] if owner else []), *_approvers(db, item["id"])]))
    message = rules.review_message(item, stage, now, to, owner is not None, options.service, options.base_url)
    key = rules.review_key(item["id"], item["review_due"], stage)
    return Reminder(key, "review", stage.name, message, item, owner is not None)


def due(db: Database, options: Options) -> Outcome:
    """Every reminder and digest not yet sent for today; nothing is sent or recorded."""
    now = today()
    found = Outcome()
    items = assessment_store.due_for_review(db, (now + timedelta(days=SOON_DAYS)).isoformat(), True)
    for item in items:
        stage = rules.stage_for(date.fromisoformat(item["review_due"]), now)
        if stage is None or store.was_sent(db, rules.review_key(item["id"], item["review_due"], stage)):
            continue
        reminder = _review_reminder(db, item, stage, now, options)
        if reminder.message.to:
            found.sent.append(reminder)
        else:
            found.notes.append(f"{item['reference']}: no owner account and no approvers to remind")
    if not options.leads:
        found.notes.append("No COMPLIANCE_LEADS are set in instance/config.py: no weekly digest")
    elif not store.was_sent(db, rules.digest_key(now)):
        digest = rules.digest_message(items, now, list(options.leads), options.service, options.base_url)
        found.sent.append(Reminder(rules.digest_key(now), "digest", "weekly", digest))
    return found


def _record(db: Database, actor: Actor, reminder: Reminder) -> None:
    """Mark one reminder sent and audit it, in one transaction."""
    to = list(reminder.message.to)
    item = reminder.item
    with transaction(db):
        if item is None:
            store.mark_sent(db, reminder.key, "digest", reminder.stage, to)
            audit.record(
                db,
                actor,
                "reminder.digest",
                summary=f"Weekly review digest sent to {', '.join(to)}",
                details={"to": to},
            )
            return
        store.mark_sent(db, reminder.key, "review", reminder.stage, to, item["id"], item["review_due"])
        audit.record(
            db,
            actor,
            "reminder.review",
            object_type="assessment",
            object_id=item["assessment_id"],
            summary=f"Review reminder ({reminder.stage.replace('_', ' ')}) sent: {item['reference']}",
            details={
                "version": item["number"],
                "review_due": item["review_due"],
                "stage": reminder.stage,
                "to": to,
                "owner_reached": reminder.owner_reached,
            },
        )


def remind(db: Database, actor: Actor, options: Options, send: Send) -> Outcome:
    """Send every reminder due and record each one sent; a refused message stays due for the next run."""
    planned = due(db, options)
    outcome = Outcome(notes=planned.notes)
    for reminder in planned.sent:
        if store.was_sent(db, reminder.key):
            continue  # another run, started at the same time, has sent it since this one looked
        try:
            send(reminder.message.to, reminder.message.subject, reminder.message.body)
        except MailError as error:
            outcome.failed.append((reminder, str(error)))
            continue
        # Recorded after sending: a crash in between may repeat one email, but never loses a reminder.
        _record(db, actor, reminder)
        outcome.sent.append(reminder)
    return outcome
