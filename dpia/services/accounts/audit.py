"""Recording and reading the audit trail."""

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from dpia.actor import Actor
from dpia.csv_safety import csv_safe as _csv_safe
from dpia.errors import Forbidden
from dpia.store import audit as audit_store
from dpia.store.db import Database, transaction

PAGE_SIZE = 50
CSV_COLUMNS = (
    "id",
    "at",
    "actor",
    "address",
    "action",
    "object_type",
    "object_id",
    "summary",
    "details",
    "prev_hash",
    "hash",
)


def record(
    db: Database,
    actor: Actor,
    action: str,
    *,
    object_type: str = "",
    object_id: object = "",
    summary: str = "",
    details: dict | None = None,
) -> None:
    """Append an entry for something an actor did; call inside the use case's transaction."""
    audit_store.append(
        db,
        actor=actor.email,
        address=actor.address,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary,
        details=details,
    )


# Failures anyone can cause without an account; a flood of them must not flood the trail.
ANONYMOUS_ACTIONS = ("sign_in.failure", "sign_in.refused", "api.refused", "audit.throttled")


def record_anonymous(
    db: Database,
    actor: Actor,
    action: str,
    per_minute: int,
    *,
    object_type: str = "",
    object_id: object = "",
    summary: str = "",
) -> None:
    """Append an anonymous failure, unless its address already had `per_minute` in the last minute.

    Past the limit one summary entry says that further failures in that minute go unrecorded one by one.
    """
    since = (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="seconds")
    recent = audit_store.count_from(db, actor.address, since, ANONYMOUS_ACTIONS)
    if recent < per_minute:
        record(db, actor, action, object_type=object_type, object_id=object_id, summary=summary)
    elif recent == per_minute:
        record(
            db,
            actor,
            "audit.throttled",
            summary=f"More than {per_minute} failures from this address in a minute:"
            " further ones are refused without an entry each",
        )


def _require_admin(actor: Actor) -> None:
    if not actor.may("read_audit"):
        raise Forbidden("Only administrators can read the audit trail")


def browse(db: Database, actor: Actor, filters: dict, page: int) -> dict:
    """A page of the trail for an admin, newest first."""
    _require_admin(actor)
    page = max(page, 1)
    entries, total = audit_store.search(db, filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    return {
        "entries": entries,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "actions": audit_store.actions(db),
    }


def export_csv(db: Database, actor: Actor, filters: dict) -> Iterator[str]:
    """The filtered trail as CSV text, streamed, oldest first; the download itself is audited."""
    _require_admin(actor)
    with transaction(db):
        record(db, actor, "audit.export", summary="Downloaded the audit trail as CSV", details=filters)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for entry in audit_store.iterate(db, filters):
        writer.writerow([_csv_safe(entry[c]) for c in CSV_COLUMNS])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def verify(db: Database) -> dict | None:
    """The first broken link in the chain, or None when the trail is intact."""
    return audit_store.first_broken_link(db)


def size(db: Database) -> int:
    """How many entries the trail holds."""
    return audit_store.count(db)
