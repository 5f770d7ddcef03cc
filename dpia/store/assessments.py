"""Assessments, their versions and every save, in SQLite."""

import json
from typing import cast

from dpia.records import Version
from dpia.store import search_queue
from dpia.store.db import Database, now, row, rows
from dpia.vocab import SENSITIVE

# Columns of a version that are its content, kept in every save's snapshot.
CONTENT = ("title", "owner", "marking", "started", "conducted", "approved", "review_due", "answers")


def reference_key(reference: str) -> str:
    """The form of a reference kept unique: case and spacing ignored."""
    return "".join(reference.split()).casefold()


def reference_owner(db: Database, reference: str) -> int | None:
    """The id of the assessment holding a reference, if any."""
    found = row(db, "SELECT id FROM assessments WHERE reference_key = ?", [reference_key(reference)])
    return found["id"] if found else None


def highest_number(db: Database, prefix: str) -> int:
    """The highest sequence number used in references starting with `prefix` ("DPIA-2024-")."""
    found = rows(db, "SELECT reference FROM assessments WHERE reference LIKE ?", [prefix + "%"])
    numbers = [int(r["reference"][len(prefix) :]) for r in found if r["reference"][len(prefix) :].isdigit()]
    return max(numbers, default=0)


def insert_assessment(db: Database, system_id: int, kind: str, reference: str, who: str) -> int:
    """A new assessment; its versions are added separately."""
    return (
        db["assessments"]
        .insert(
            {
                "system_id": system_id,
                "kind": kind,
                "reference": reference,
                "reference_key": reference_key(reference),
                "created_at": now(),
                "created_by": who,
            }
        )
        .last_pk
    )


def set_reference(db: Database, assessment_id: int, reference: str) -> None:
    """Change an assessment's reference."""
    db["assessments"].update(
        assessment_id, {"reference": reference, "reference_key": reference_key(reference)}
    )
    search_queue.enqueue(db, "assessment", assessment_id)


def insert_version(
    db: Database, assessment_id: int, number: int, definition_version: int, content: dict, who: str
) -> int:
    """A new draft version holding `content`."""
    stamp = now()
    values = {k: content.get(k) for k in CONTENT}
    values["answers"] = json.dumps(content.get("answers") or {}, ensure_ascii=False, sort_keys=True)
    values.update(
        assessment_id=assessment_id,
        number=number,
        definition_version=definition_version,
        status="draft",
        revision=1,
        created_at=stamp,
        created_by=who,
        updated_at=stamp,
        updated_by=who,
    )
    search_queue.enqueue(db, "assessment", assessment_id)
    return db["assessment_versions"].insert(values).last_pk


def update_version(
    db: Database, version_id: int, expected_revision: int, values: dict, who: str
) -> int | None:
    """Write content or status unless someone saved since `expected_revision`; the new revision or None."""
    values = dict(values)
    if "answers" in values:
        values["answers"] = json.dumps(values["answers"], ensure_ascii=False, sort_keys=True)
    values.update(updated_at=now(), updated_by=who)
    assignments = ", ".join(f"{column} = :{column}" for column in values)
    cursor = db.execute(
        f"UPDATE assessment_versions SET {assignments}, revision = revision + 1"
        " WHERE id = :version_id AND revision = :expected",
        {**values, "version_id": version_id, "expected": expected_revision},
    )
    if cursor.rowcount != 1:
        return None
    search_queue.enqueue(db, "assessment", _assessment_of(db, version_id))
    return expected_revision + 1


def _assessment_of(db: Database, version_id: int) -> int:
    found = row(db, "SELECT assessment_id FROM assessment_versions WHERE id = ?", [version_id])
    return found["assessment_id"]


def add_save(db: Database, version: dict, who: str, action: str, note: str, changes: list[dict]) -> None:
    """Keep this save of a version: who, when, what it did, and the content as it now is."""
    snapshot = {k: version[k] for k in CONTENT}
    db["assessment_saves"].insert(
        {
            "version_id": version["id"],
            "revision": version["revision"],
            "at": now(),
            "by": who,
            "action": action,
            "note": note,
            "snapshot": json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
            "changes": json.dumps(changes, ensure_ascii=False),
        }
    )


_VERSION = (
    "SELECT v.*, a.system_id, a.kind, a.reference, s.name AS system_name, s.category AS system_category,"
    " s.marking AS system_marking FROM assessment_versions v JOIN assessments a ON a.id = v.assessment_id"
    " JOIN systems s ON s.id = a.system_id"
)


def _decoded(found: dict | None) -> Version | None:
    if found is None:
        return None
    found["answers"] = json.loads(found["answers"])
    found["unplaced"] = json.loads(found.get("unplaced") or "[]")
    return cast(Version, found)


def version(db: Database, assessment_id: int, number: int) -> Version | None:
    """One version of an assessment, with its system's name and category."""
    return _decoded(
        row(db, f"{_VERSION} WHERE v.assessment_id = ? AND v.number = ?", [assessment_id, number])
    )


def version_by_id(db: Database, version_id: int) -> Version | None:
    """One version by its own id."""
    return _decoded(row(db, f"{_VERSION} WHERE v.id = ?", [version_id]))


def versions(db: Database, assessment_id: int) -> list[Version]:
    """Every version of an assessment, oldest first."""
    found = rows(db, f"{_VERSION} WHERE v.assessment_id = ? ORDER BY v.number", [assessment_id])
    return [v for v in map(_decoded, found) if v is not None]


def assessment(db: Database, assessment_id: int) -> dict | None:
    """An assessment's own record (system, kind, reference)."""
    return row(db, "SELECT * FROM assessments WHERE id = ?", [assessment_id])


def saves(db: Database, assessment_id: int) -> list[dict]:
    """Every save of every version, oldest first, with the version number."""
    found = rows(
        db,
        "SELECT s.*, v.number FROM assessment_saves s JOIN assessment_versions v ON v.id = s.version_id"
        " WHERE v.assessment_id = ? ORDER BY s.id",
        [assessment_id],
    )
    for save in found:
        save["snapshot"] = json.loads(save["snapshot"])
        save["changes"] = json.loads(save["changes"])
    return found


def _visible(see_sensitive: bool) -> str:
    return "" if see_sensitive else f" AND v.marking != '{SENSITIVE}' AND s.marking != '{SENSITIVE}'"


def for_system(db: Database, system_id: int, see_sensitive: bool) -> list[dict]:
    """Every visible version of every assessment of a system, by kind, reference and number."""
    found = rows(
        db,
        f"{_VERSION} WHERE a.system_id = ?{_visible(see_sensitive)} ORDER BY a.kind, a.reference, v.number",
        [system_id],
    )
    return [_decoded(v) for v in found]


def due_for_review(db: Database, until: str, see_sensitive: bool) -> list[dict]:
    """Approved, current versions whose review is due on or before `until` (ISO date), soonest first."""
    found = rows(
        db,
        f"{_VERSION} WHERE v.status = 'approved' AND v.review_due IS NOT NULL AND v.review_due <= ?"
        f"{_visible(see_sensitive)} ORDER BY v.review_due, a.reference",
        [until],
    )
    return [_decoded(v) for v in found]


def delete_version(db: Database, version_id: int) -> None:
    """Remove a discarded draft and its saves."""
    search_queue.enqueue(db, "assessment", _assessment_of(db, version_id))
    db.execute("DELETE FROM assessment_versions WHERE id = ?", [version_id])


def delete_assessment(db: Database, assessment_id: int) -> None:
    """Remove an assessment that no longer has any version."""
    search_queue.enqueue(db, "assessment", assessment_id)
    db.execute("DELETE FROM assessments WHERE id = ?", [assessment_id])


def saves_of_version(db: Database, version_id: int, after_revision: int) -> list[dict]:
    """Saves of one version made after a revision, oldest first."""
    found = rows(
        db,
        "SELECT * FROM assessment_saves WHERE version_id = ? AND revision > ? ORDER BY id",
        [version_id, after_revision],
    )
    for save in found:
        save["changes"] = json.loads(save["changes"])
    return found


def in_status(db: Database, status: str, see_sensitive: bool) -> list[dict]:
    """Every visible version with a status, oldest change first."""
    found = rows(
        db, f"{_VERSION} WHERE v.status = ?{_visible(see_sensitive)} ORDER BY v.updated_at", [status]
    )
    return [_decoded(v) for v in found]


def set_unplaced(db: Database, version_id: int, items: list[dict], who: str) -> None:
    """Replace a version's imported text not yet placed (a list of {id, source, text})."""
    db.execute(
        "UPDATE assessment_versions SET unplaced = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        [json.dumps(items, ensure_ascii=False), now(), who, version_id],
    )


def dated_actions(db: Database, version_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each version's saves as (when, action), oldest first: the dated record of what happened to it."""
    found: dict[int, list[tuple[str, str]]] = {v: [] for v in version_ids}
    marks = ", ".join("?" * len(version_ids))
    for save in rows(
        db,
        f"SELECT version_id, at, action FROM assessment_saves WHERE version_id IN ({marks}) ORDER BY id",
        version_ids,
    ):
        found[save["version_id"]].append((save["at"], save["action"]))
    return found
