"""Systems of the register and their aliases, costs, policies and history."""

import json
from typing import cast

from dpia.domain.register import name_key, record_of
from dpia.records import System
from dpia.store import search_queue
from dpia.store.db import Database, now, row, rows
from dpia.vocab import SENSITIVE

SCALAR_FIELDS = (
    "name",
    "category",
    "lifecycle",
    "first_used",
    "retired",
    "owner",
    "senior_owner",
    "supplier",
    "regime",
    "how_it_works",
    "data_used",
    "how_outputs_made",
    "notes",
    "marking",
)
SORTABLE = {
    "name": "name_key",
    "category": "category",
    "lifecycle": "lifecycle",
    "first_used": "first_used",
    "updated": "updated_at",
    "review_due": "review_due",
}


def _visibility(see_sensitive: bool) -> tuple[str, list]:
    return ("1 = 1", []) if see_sensitive else ("marking != ?", [SENSITIVE])


def find_id_by_name(db: Database, name: str) -> int | None:
    """The id of the system with this name (any case), if any."""
    found = row(db, "SELECT id FROM systems WHERE name_key = ?", [name_key(name)])
    return found["id"] if found else None


def get(db: Database, system_id: int) -> System | None:
    """One system with its aliases, costs and policies."""
    system = row(db, "SELECT * FROM systems WHERE id = ?", [system_id])
    if system is None:
        return None
    system["aliases"] = [
        r["alias"]
        for r in rows(
            db, "SELECT alias FROM system_aliases WHERE system_id = ? ORDER BY position", [system_id]
        )
    ]
    system["costs"] = rows(
        db,
        "SELECT period_start, period_end, amount_pence, description FROM system_costs"
        " WHERE system_id = ? ORDER BY position",
        [system_id],
    )
    system["policies"] = rows(
        db,
        "SELECT title, reference, version_date, url FROM system_policies"
        " WHERE system_id = ? ORDER BY position",
        [system_id],
    )
    return cast(System, system)


def _write_children(db: Database, system_id: int, record: dict) -> None:
    for table in ("system_aliases", "system_costs", "system_policies"):
        db.execute(f"DELETE FROM {table} WHERE system_id = ?", [system_id])
    db["system_aliases"].insert_all(
        {"system_id": system_id, "position": i, "alias": a} for i, a in enumerate(record["aliases"])
    )
    db["system_costs"].insert_all(
        {"system_id": system_id, "position": i, **c} for i, c in enumerate(record["costs"])
    )
    db["system_policies"].insert_all(
        {"system_id": system_id, "position": i, **p} for i, p in enumerate(record["policies"])
    )


def insert(db: Database, record: dict) -> int:
    """Store a new system; `record` is already validated."""
    stamp = now()
    values = {k: record[k] for k in SCALAR_FIELDS}
    values.update(name_key=name_key(record["name"]), version=1, created_at=stamp, updated_at=stamp)
    system_id = db["systems"].insert(values).last_pk
    _write_children(db, system_id, record)
    search_queue.enqueue(db, "system", system_id)
    return system_id


def update(db: Database, system_id: int, record: dict) -> int:
    """Overwrite a system with a validated record; return its new version."""
    values = {k: record[k] for k in SCALAR_FIELDS}
    values.update(name_key=name_key(record["name"]), updated_at=now())
    db["systems"].update(system_id, values)
    db.execute("UPDATE systems SET version = version + 1 WHERE id = ?", [system_id])
    _write_children(db, system_id, record)
    search_queue.enqueue(db, "system", system_id)
    return row(db, "SELECT version FROM systems WHERE id = ?", [system_id])["version"]


def add_history(
    db: Database, system_id: int, version: int, who: str, action: str, changes: list[dict], record: dict
) -> None:
    """Record who changed which fields of a system, with old and new values and the whole record saved."""
    db["system_history"].insert(
        {
            "system_id": system_id,
            "version": version,
            "changed_at": now(),
            "changed_by": who,
            "action": action,
            "changes": json.dumps(changes, ensure_ascii=False),
            "snapshot": json.dumps(record_of(record), ensure_ascii=False),
            "unknown": "[]",
        }
    )


def _decoded(entry: dict) -> dict:
    entry["changes"] = json.loads(entry["changes"])
    entry["snapshot"] = json.loads(entry["snapshot"]) if entry.get("snapshot") else None
    entry["unknown"] = json.loads(entry.get("unknown") or "[]")
    return entry


def entry_until(db: Database, system_id: int, until: str) -> dict | None:
    """The last history row of a system saved before `until` (an ISO timestamp), if any."""
    found = row(
        db,
        "SELECT * FROM system_history WHERE system_id = ? AND changed_at < ? ORDER BY id DESC LIMIT 1",
        [system_id, until],
    )
    return _decoded(found) if found else None


def first_entry(db: Database, system_id: int) -> dict | None:
    """The first history row of a system: the record as it entered the register."""
    found = row(db, "SELECT * FROM system_history WHERE system_id = ? ORDER BY id LIMIT 1", [system_id])
    return _decoded(found) if found else None


def history_since(db: Database, system_id: int, since: str) -> list[dict]:
    """History rows of a system saved at or after `since` (an ISO timestamp), oldest first."""
    found = rows(
        db,
        "SELECT * FROM system_history WHERE system_id = ? AND changed_at >= ? ORDER BY id",
        [system_id, since],
    )
    return [_decoded(entry) for entry in found]


def history(db: Database, system_id: int, since_version: int = 0) -> list[dict]:
    """Changes to a system, newest first, optionally only after a version."""
    entries = rows(
        db,
        "SELECT * FROM system_history WHERE system_id = ? AND version > ? ORDER BY id DESC",
        [system_id, since_version],
    )
    return [_decoded(entry) for entry in entries]


def _earliest_review(see_sensitive: bool) -> str:
    """SQL for a system's earliest review-due date among its current approved assessments it shows."""
    hidden = "" if see_sensitive else f" AND v.marking != '{SENSITIVE}'"
    return (
        "(SELECT min(v.review_due) FROM assessment_versions v JOIN assessments a ON a.id = v.assessment_id"
        f" WHERE a.system_id = s.id AND v.status = 'approved' AND v.review_due IS NOT NULL{hidden})"
    )


def _filtered(see_sensitive: bool, category: str, lifecycle: str) -> tuple[str, list]:
    where, params = _visibility(see_sensitive)
    if category:
        where += " AND category = ?"
        params.append(category)
    if lifecycle:
        where += " AND lifecycle = ?"
        params.append(lifecycle)
    return where, params


def listing(
    db: Database,
    *,
    see_sensitive: bool,
    category: str,
    lifecycle: str,
    sort: str,
    descending: bool,
    limit: int = -1,
    offset: int = 0,
) -> list[dict]:
    """Systems for the register page, filtered and sorted, with their aliases; `limit` -1 for all."""
    where, params = _filtered(see_sensitive, category, lifecycle)
    order = SORTABLE.get(sort, "name_key")
    direction = "DESC" if descending else "ASC"
    return rows(
        db,
        f"SELECT s.*, (SELECT group_concat(alias, ', ') FROM"
        f" (SELECT alias FROM system_aliases a WHERE a.system_id = s.id ORDER BY position))"
        f" AS alias_list, {_earliest_review(see_sensitive)} AS review_due FROM systems s WHERE {where}"
        f" ORDER BY {order} IS NULL, {order} {direction}, name_key LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )


def matching(db: Database, *, see_sensitive: bool, category: str, lifecycle: str) -> int:
    """How many visible systems the register's filters keep."""
    where, params = _filtered(see_sensitive, category, lifecycle)
    return db.execute(f"SELECT count(*) FROM systems WHERE {where}", params).fetchone()[0]


def counts(db: Database, *, see_sensitive: bool, column: str) -> dict[str, int]:
    """How many visible systems have each value of `column` (category or lifecycle)."""
    assert column in ("category", "lifecycle")
    where, params = _visibility(see_sensitive)
    return {
        r[column]: r["n"]
        for r in rows(
            db, f"SELECT {column}, count(*) AS n FROM systems WHERE {where} GROUP BY {column}", params
        )
    }


def total(db: Database, *, see_sensitive: bool) -> int:
    """How many systems the actor may see."""
    where, params = _visibility(see_sensitive)
    return db.execute(f"SELECT count(*) FROM systems WHERE {where}", params).fetchone()[0]
