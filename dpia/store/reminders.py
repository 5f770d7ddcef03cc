"""Reminders already sent: one row per review stage or weekly digest."""

import json

from dpia.store.db import Database, now, row


def was_sent(db: Database, key: str) -> bool:
    """Whether the reminder named `key` has been sent."""
    return row(db, "SELECT id FROM reminders_sent WHERE key = ?", [key]) is not None


def mark_sent(
    db: Database,
    key: str,
    kind: str,
    stage: str,
    recipients: list[str],
    version_id: int | None = None,
    review_due: str | None = None,
) -> None:
    """Record that a reminder went to `recipients`; the first record of a key is the one kept."""
    db["reminders_sent"].insert(
        {
            "key": key,
            "kind": kind,
            "version_id": version_id,
            "review_due": review_due,
            "stage": stage,
            "recipients": json.dumps(recipients),
            "sent_at": now(),
        },
        ignore=True,
    )


def approved_by(db: Database, version_id: int) -> str | None:
    """The email of whoever approved a version, from its saves."""
    found = row(
        db,
        "SELECT by FROM assessment_saves WHERE version_id = ? AND action = 'approve'"
        " ORDER BY id DESC LIMIT 1",
        [version_id],
    )
    return found["by"] if found else None


def active_holders(db: Database, roles: tuple[str, ...]) -> list[str]:
    """Emails of enabled accounts holding any of `roles`, in order."""
    marks = ", ".join("?" for _ in roles)
    found = db.execute(
        "SELECT DISTINCT u.email FROM users u JOIN user_roles r ON r.user_id = u.id"
        f" WHERE u.disabled = 0 AND r.role IN ({marks}) ORDER BY u.email",
        list(roles),
    ).fetchall()
    return [email for (email,) in found]


def active_account(db: Database, owner: str) -> str | None:
    """The email of the enabled account an owner names: by email, or by a name only one account has."""
    text = owner.strip()
    if not text:
        return None
    found = (
        db.execute("SELECT email FROM users WHERE disabled = 0 AND email = ?", [text.lower()]).fetchall()
        or db.execute(
            "SELECT email FROM users WHERE disabled = 0 AND lower(trim(name)) = ?", [text.lower()]
        ).fetchall()
    )
    return found[0][0] if len(found) == 1 else None
