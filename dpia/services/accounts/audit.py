"""Recording and reading the audit trail."""

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from dpia.actor import Actor
from dpia.csv_safety import csv_safe as _csv_safe
from dpia.errors import Forbidden, Invalid
from dpia.store import audit as audit_store
from dpia.store.db import Database, now, transaction

PAGE_SIZE = 50
ANCHOR_FORMAT = "dpia-audit-anchor/1"
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


def anchor(db: Database) -> dict:
    """The chain's head (entry count, last id and hash, time) to keep outside the database."""
    head = audit_store.head(db)
    return {
        "format": ANCHOR_FORMAT,
        "entries": head["entries"] if head else 0,
        "last_id": head["id"] if head else 0,
        "last_hash": head["hash"] if head else audit_store.GENESIS,
        "at": now(),
    }


def read_anchor(text: str) -> dict:
    """An anchor written by `anchor`, checked for shape; Invalid if it is not one."""
    try:
        found = json.loads(text)
    except ValueError:
        raise Invalid({"anchor": "is not an audit anchor (not JSON)"}) from None
    if not isinstance(found, dict) or found.get("format") != ANCHOR_FORMAT:
        raise Invalid({"anchor": "is not an audit anchor written by `dpia audit anchor`"})
    if not all(isinstance(found.get(k), int) and found[k] >= 0 for k in ("entries", "last_id")):
        raise Invalid({"anchor": "has no valid entry count or last id"})
    if not isinstance(found.get("last_hash"), str):
        raise Invalid({"anchor": "has no valid last hash"})
    return found


def verify_against(db: Database, anchored: dict) -> dict | None:
    """Like `verify`, and also that the anchored head is still there unchanged with nothing removed before it.

    A recomputed chain or deleted tail entries pass the plain check; only a head kept elsewhere shows them.
    """
    broken = audit_store.first_broken_link(db)
    if broken:
        return broken
    if anchored["entries"] == 0:
        return None
    kept = audit_store.entries_up_to(db, anchored["last_id"])
    if kept < anchored["entries"]:
        return {
            "id": anchored["last_id"],
            "problem": f"the trail holds {kept} entries up to it where the anchor recorded "
            f"{anchored['entries']}: entries were deleted",
        }
    changed = audit_store.entry_intact(db, anchored["last_id"], anchored["last_hash"])
    if changed:
        return {"id": anchored["last_id"], "problem": f"the anchored entry {changed}"}
    return None


def verify_since_last(db: Database) -> dict | None:
    """Check only entries added since the last check, after a cheap look that the verified head is unchanged.

    The look catches a rewritten (recomputed) chain and deletions up to the mark; a lone edit of an old entry
    without recomputing is left to the full `dpia audit verify`, run on a schedule.
    """
    mark = audit_store.verified_mark(db)
    if mark:
        changed = audit_store.entry_intact(db, mark["id"], mark["hash"])
        if changed:
            return {"id": mark["id"], "problem": f"(the last verified entry) {changed}"}
        if audit_store.entries_up_to(db, mark["id"]) != mark["entries"]:
            return {
                "id": mark["id"],
                "problem": "has a different number of entries before it: entries were deleted",
            }
    # The head is read before the walk, so the mark never passes an entry the walk did not see.
    head = audit_store.head(db)
    broken = audit_store.first_broken_link(db, after=mark)
    if broken:
        return broken
    if head and (not mark or head["id"] != mark["id"]):
        with transaction(db):
            audit_store.save_verified_mark(db, head)
    return None
