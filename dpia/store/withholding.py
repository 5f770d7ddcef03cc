"""Withholding marks on assessment versions and on systems' register entries."""

from dpia.store import search_queue
from dpia.store.db import Database, now, row, rows

# Marks as read: with the reference of the request each was decided for.
SELECT = (
    "SELECT m.*, r.reference AS request_reference FROM withholding_marks m"
    " LEFT JOIN foi_requests r ON r.id = m.request_id"
)
COLUMNS = ("target", "label", "passage", "exemption", "subsection", "other", "reason", "request_id")
DECISIONS = ("apply", "drop")
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
    return rows(db, f"{SELECT} WHERE m.{column} = ? ORDER BY m.id", [owner_id])


def for_version(db: Database, version_id: int) -> list[dict]:
    """Every mark on a version, oldest first."""
    return on(db, {"version_id": version_id})


def for_assessment(db: Database, assessment_id: int) -> list[dict]:
    """Every mark on any version of an assessment, oldest first."""
    return rows(
        db,
        f"{SELECT} JOIN assessment_versions v ON v.id = m.version_id WHERE v.assessment_id = ? ORDER BY m.id",
        [assessment_id],
    )


def passages_about(db: Database, system_ids: list[int]) -> list[dict]:
    """Every passage mark on these systems' register entries and on any version of their assessments."""
    return [m for m in about(db, system_ids) if m["passage"] is not None]


def about(db: Database, system_ids: list[int]) -> list[dict]:
    """Every mark on these systems' register entries and on any version of their assessments, with where
    it is: the system's id (`about_system`), and the version's assessment reference and number."""
    if not system_ids:
        return []
    marks = ", ".join("?" for _ in system_ids)
    return rows(
        db,
        "SELECT m.*, r.reference AS request_reference, COALESCE(m.system_id, a.system_id) AS about_system,"
        " a.reference AS assessment_reference, v.number AS version_number, v.assessment_id AS assessment_id"
        " FROM withholding_marks m LEFT JOIN foi_requests r ON r.id = m.request_id"
        " LEFT JOIN assessment_versions v ON v.id = m.version_id"
        " LEFT JOIN assessments a ON a.id = v.assessment_id"
        f" WHERE m.system_id IN ({marks}) OR a.system_id IN ({marks})"
        " ORDER BY m.id",
        [*system_ids, *system_ids],
    )


def for_versions(db: Database, version_ids: list[int]) -> dict[int, list[dict]]:
    """Marks of several versions at once, by version id."""
    found: dict[int, list[dict]] = {v: [] for v in version_ids}
    if not version_ids:
        return found
    marks = ", ".join("?" for _ in version_ids)
    for mark in rows(db, f"{SELECT} WHERE m.version_id IN ({marks}) ORDER BY m.id", version_ids):
        found[mark["version_id"]].append(mark)
    return found


def for_system(db: Database, system_id: int) -> list[dict]:
    """Every mark on a system's register entry, oldest first."""
    return on(db, {"system_id": system_id})


def get(db: Database, mark_id: int) -> dict | None:
    """One mark."""
    return row(db, f"{SELECT} WHERE m.id = ?", [mark_id])


def located(db: Database, mark_id: int) -> dict | None:
    """One mark with what it is on: a version's assessment id and number (None for a register entry)."""
    return row(
        db,
        "SELECT m.*, r.reference AS request_reference, v.assessment_id AS assessment_id,"
        " v.number AS version_number FROM withholding_marks m"
        " LEFT JOIN foi_requests r ON r.id = m.request_id"
        " LEFT JOIN assessment_versions v ON v.id = m.version_id WHERE m.id = ?",
        [mark_id],
    )


def delete(db: Database, mark_id: int) -> None:
    """Remove a mark."""
    mark = get(db, mark_id)
    db.execute("DELETE FROM withholding_marks WHERE id = ?", [mark_id])
    if mark is not None:
        _reindex(db, {k: mark[k] for k in OWNERS if mark[k] is not None})


def decide(db: Database, request_id: int, mark_id: int, decision: str, who: str, note: str = "") -> None:
    """Record whether a request applies a mark decided for another (replacing any earlier decision)."""
    if decision not in DECISIONS:
        raise ValueError(f"Unknown decision {decision}")
    db["withholding_decisions"].insert(
        {
            "request_id": request_id,
            "mark_id": mark_id,
            "decision": decision,
            "note": note,
            "decided_at": now(),
            "decided_by": who,
        },
        replace=True,
    )


def undecide(db: Database, request_id: int, mark_id: int) -> None:
    """Forget a request's decision on a mark, so it is offered again."""
    db.execute(
        "DELETE FROM withholding_decisions WHERE request_id = ? AND mark_id = ?", [request_id, mark_id]
    )


def decisions(db: Database, request_id: int) -> dict[int, dict]:
    """A request's decisions on marks decided for other requests, by mark id."""
    found = rows(db, "SELECT * FROM withholding_decisions WHERE request_id = ?", [request_id])
    return {d["mark_id"]: d for d in found}


def decided_for(db: Database, request_id: int) -> list[dict]:
    """Every mark decided for a request, oldest first."""
    return rows(db, f"{SELECT} WHERE m.request_id = ? ORDER BY m.id", [request_id])


def _reindex(db: Database, owner: dict) -> None:
    # Search flags withheld passages, so a mark added or removed re-indexes what it is on.
    if owner.get("system_id"):
        search_queue.enqueue(db, "system", owner["system_id"])
    if owner.get("version_id"):
        found = row(db, "SELECT assessment_id FROM assessment_versions WHERE id = ?", [owner["version_id"]])
        if found:
            search_queue.enqueue(db, "assessment", found["assessment_id"])
