"""The append-only audit trail, each entry chained to the one before by a hash."""

import hashlib
import json
from collections.abc import Iterator

from dpia.store.db import Database, now, row

GENESIS = "0" * 64
_FIELDS = ("at", "actor", "address", "action", "object_type", "object_id", "summary", "details")


def _digest(prev_hash: str, entry: dict) -> str:
    payload = json.dumps([prev_hash, *(entry[k] for k in _FIELDS)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    db: Database,
    *,
    actor: str,
    address: str,
    action: str,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    details: dict | None = None,
) -> int:
    """Add one entry; call inside the use case's transaction so it lands with the change."""
    last = row(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
    entry = {
        "at": now(),
        "actor": actor,
        "address": address,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "summary": summary,
        "details": json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
    }
    prev_hash = last["hash"] if last else GENESIS
    entry["prev_hash"] = prev_hash
    entry["hash"] = _digest(prev_hash, entry)
    return db["audit_log"].insert(entry).last_pk


def count_from(db: Database, address: str, since: str, actions: tuple[str, ...]) -> int:
    """Entries with one of these actions from an address since a time."""
    marks = ", ".join("?" * len(actions))
    return db.execute(
        f"SELECT count(*) FROM audit_log WHERE address = ? AND at >= ? AND action IN ({marks})",
        [address, since, *actions],
    ).fetchone()[0]


def first_broken_link(db: Database, after: dict | None = None) -> dict | None:
    """The first entry whose hash or link does not hold, or None if the chain is whole.

    `after` ({"id", "hash"}) starts the walk just past an entry already verified.
    """
    expected_prev = after["hash"] if after else GENESIS
    start = after["id"] if after else 0
    for entry in db.query("SELECT * FROM audit_log WHERE id > ? ORDER BY id", [start]):
        if entry["prev_hash"] != expected_prev:
            return {"id": entry["id"], "problem": "does not link to the entry before it"}
        if _digest(entry["prev_hash"], entry) != entry["hash"]:
            return {"id": entry["id"], "problem": "its content does not match its hash"}
        expected_prev = entry["hash"]
    return None


def head(db: Database) -> dict | None:
    """The newest entry's id and hash, with how many entries the trail holds; None when empty."""
    last = row(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
    # Counted up to the id read, so an entry appended meanwhile cannot make the two disagree.
    return {**last, "entries": entries_up_to(db, last["id"])} if last else None


def entry_intact(db: Database, entry_id: int, expected_hash: str) -> str | None:
    """Why entry `entry_id` no longer matches `expected_hash` and its own content, or None if it does."""
    found = row(db, "SELECT * FROM audit_log WHERE id = ?", [entry_id])
    if found is None:
        return "is missing"
    if found["hash"] != expected_hash:
        return "has a different hash from the one recorded: the chain was rewritten"
    if _digest(found["prev_hash"], found) != found["hash"]:
        return "its content does not match its hash"
    return None


def entries_up_to(db: Database, entry_id: int) -> int:
    """How many entries have ids up to and including `entry_id`."""
    return db.execute("SELECT count(*) FROM audit_log WHERE id <= ?", [entry_id]).fetchone()[0]


def verified_mark(db: Database) -> dict | None:
    """The last entry the admin page verified: id, hash and how many entries it covered."""
    return row(db, "SELECT entry_id AS id, hash, entries FROM audit_verified WHERE slot = 1")


def save_verified_mark(db: Database, mark: dict) -> None:
    """Remember the last verified entry so the next check starts after it."""
    db.execute(
        "INSERT INTO audit_verified (slot, entry_id, hash, entries, verified_at) VALUES (1, ?, ?, ?, ?)"
        " ON CONFLICT(slot) DO UPDATE SET entry_id = excluded.entry_id, hash = excluded.hash,"
        " entries = excluded.entries, verified_at = excluded.verified_at",
        [mark["id"], mark["hash"], mark["entries"], now()],
    )


def forget_verified_mark(db: Database) -> None:
    """Drop the mark, so the next check walks the whole chain."""
    db.execute("DELETE FROM audit_verified")


def count(db: Database) -> int:
    """How many entries the trail holds."""
    return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def _where(filters: dict) -> tuple[str, list]:
    clauses, params = [], []
    if filters.get("action"):
        clauses.append("action = ?")
        params.append(filters["action"])
    if filters.get("actor"):
        clauses.append("actor LIKE ?")
        params.append(f"%{filters['actor']}%")
    if filters.get("object_type"):
        clauses.append("object_type = ?")
        params.append(filters["object_type"])
    if filters.get("since"):
        clauses.append("at >= ?")
        params.append(filters["since"])
    if filters.get("until"):
        clauses.append("at < ?")
        params.append(filters["until"])
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def search(db: Database, filters: dict, limit: int, offset: int) -> tuple[list[dict], int]:
    """A page of entries matching `filters`, newest first, and the total that match."""
    where, params = _where(filters)
    total = db.execute(f"SELECT count(*) FROM audit_log{where}", params).fetchone()[0]
    entries = list(
        db.query(
            f"SELECT * FROM audit_log{where} ORDER BY id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    )
    return entries, total


def iterate(db: Database, filters: dict) -> Iterator[dict]:
    """Every entry matching `filters`, oldest first, for download."""
    where, params = _where(filters)
    yield from db.query(f"SELECT * FROM audit_log{where} ORDER BY id", params)


def actions(db: Database) -> list[str]:
    """The distinct actions recorded, for the filter."""
    return [r[0] for r in db.execute("SELECT DISTINCT action FROM audit_log ORDER BY action")]
