"""Withholding marks on assessment versions and on systems' register entries."""

from dpia.store import search_queue
from dpia.store.db import Database, now, row, rows

COLUMNS = ("target", "label", "passage", "exemption", "subsection", "other", "reason")
OWNERS = ("version_id", "system_id")


def insert(db: Database, owner: dict, values: dict, who: str, copied_from: int | None = None) -> int:
    """A new mark; `owner` is {"version_id": ...} or {"system_id": ...}."""
    record = {k: values.get(k) for k in COLUMNS}
    record.update(owner, created_at=now(), created_by=who, copied_from=copied_from)
    mark_id = db["withholding_marks"].insert(record).last_pk
    _reindex(db, owner)
    return mark_id


def on(db: Database, owner: dict) -> list[dict]:
    """Every mark on a version or a register entry (`owner` as for insert), oldest first."""
    [(column, owner_id)] = owner.items()
    if column not in OWNERS:
        raise ValueError(f"Marks are not kept by {column}")
    return rows(db, f"SELECT * FROM withholding_marks WHERE {column} = ? ORDER BY id", [owner_id])


def for_version(db: Database, version_id: int) -> list[dict]:
    """Every mark on a version, oldest first."""
    return on(db, {"version_id": version_id})


def for_assessment(db: Database, assessment_id: int) -> list[dict]:
    """Every mark on any version of an assessment, oldest first."""
    return rows(
        db,
        "SELECT m.* FROM withholding_marks m JOIN assessment_versions v ON v.id = m.version_id"
        " WHERE v.assessment_id = ? ORDER BY m.id",
        [assessment_id],
    )


def passages_about(db: Database, system_ids: list[int]) -> list[dict]:
    """Every passage mark on these systems' register entries and on any version of their assessments."""
    if not system_ids:
        return []
    marks = ", ".join("?" for _ in system_ids)
    return rows(
        db,
        "SELECT m.* FROM withholding_marks m"
        " LEFT JOIN assessment_versions v ON v.id = m.version_id"
        " LEFT JOIN assessments a ON a.id = v.assessment_id"
        f" WHERE m.passage IS NOT NULL AND (m.system_id IN ({marks}) OR a.system_id IN ({marks}))"
        " ORDER BY m.id",
        [*system_ids, *system_ids],
    )


def for_versions(db: Database, version_ids: list[int]) -> dict[int, list[dict]]:
    """Marks of several versions at once, by version id."""
    found: dict[int, list[dict]] = {v: [] for v in version_ids}
    if not version_ids:
        return found
    marks = ", ".join("?" for _ in version_ids)
    for mark in rows(
        db, f"SELECT * FROM withholding_marks WHERE version_id IN ({marks}) ORDER BY id", version_ids
    ):
        found[mark["version_id"]].append(mark)
    return found


def for_system(db: Database, system_id: int) -> list[dict]:
    """Every mark on a system's register entry, oldest first."""
    return on(db, {"system_id": system_id})


def get(db: Database, mark_id: int) -> dict | None:
    """One mark."""
    return row(db, "SELECT * FROM withholding_marks WHERE id = ?", [mark_id])


def delete(db: Database, mark_id: int) -> None:
    """Remove a mark."""
    mark = get(db, mark_id)
    db.execute("DELETE FROM withholding_marks WHERE id = ?", [mark_id])
    if mark is not None:
        _reindex(db, {k: mark[k] for k in OWNERS if mark[k] is not None})


def _reindex(db: Database, owner: dict) -> None:
    # Search flags withheld passages, so a mark added or removed re-indexes what it is on.
    if owner.get("system_id"):
        search_queue.enqueue(db, "system", owner["system_id"])
    if owner.get("version_id"):
        found = row(db, "SELECT assessment_id FROM assessment_versions WHERE id = ?", [owner["version_id"]])
        if found:
            search_queue.enqueue(db, "assessment", found["assessment_id"])
