"""The questions of FOI requests and the systems each one names."""

from typing import cast

from dpia.records import FoiQuestion
from dpia.store.db import Database, now, row, rows

FIELDS = (
    "number",
    "text",
    "scope",
    "fact",
    "confirmed",
    "answer",
    "disposition",
    "exemption",
    "subsection",
    "other",
    "detail",
)


def number_key(number: str) -> str:
    """The form of a question number kept unique within a request: case and spacing ignored."""
    return "".join(number.split()).casefold()


def _loaded(db: Database, found: dict) -> FoiQuestion:
    found["categories"] = found["categories"].split()
    found["confirmed"] = bool(found["confirmed"])
    found["system_ids"] = [
        r["system_id"]
        for r in rows(db, "SELECT system_id FROM foi_question_systems WHERE question_id = ?", [found["id"]])
    ]
    return cast(FoiQuestion, found)


def for_request(db: Database, request_id: int) -> list[FoiQuestion]:
    """A request's questions in the requester's order."""
    found = rows(db, "SELECT * FROM foi_questions WHERE request_id = ? ORDER BY position, id", [request_id])
    return [_loaded(db, q) for q in found]


def get(db: Database, question_id: int) -> FoiQuestion | None:
    """One question, with its categories and named systems."""
    found = row(db, "SELECT * FROM foi_questions WHERE id = ?", [question_id])
    return _loaded(db, found) if found else None


def numbers(db: Database, request_id: int) -> dict[str, int]:
    """The number keys used in a request, each with its question's id."""
    found = rows(db, "SELECT id, number_key FROM foi_questions WHERE request_id = ?", [request_id])
    return {r["number_key"]: r["id"] for r in found}


def _record(values: dict) -> dict:
    # Dispositions arrived after the first questions: callers that predate them answer from the register.
    record = {k: values.get(k, "answer" if k == "disposition" else "") for k in FIELDS}
    record.update(number_key=number_key(values["number"]), categories=" ".join(values["categories"]))
    record["confirmed"] = int(values["confirmed"])
    return record


def insert(db: Database, request_id: int, values: dict, who: str) -> int:
    """Append a question after the request's others."""
    last = row(db, "SELECT max(position) AS p FROM foi_questions WHERE request_id = ?", [request_id])
    stamp = now()
    record = _record(values)
    record.update(
        request_id=request_id,
        position=(last["p"] or 0) + 1,
        revision=1,
        created_at=stamp,
        created_by=who,
        updated_at=stamp,
        updated_by=who,
    )
    question_id = db["foi_questions"].insert(record).last_pk
    _write_systems(db, question_id, values["system_ids"])
    return question_id


def update(db: Database, question_id: int, revision: int, values: dict, who: str) -> bool:
    """Overwrite a question unless someone saved since `revision`; False if they did."""
    record = {**_record(values), "updated_at": now(), "updated_by": who}
    assignments = ", ".join(f"{column} = :{column}" for column in record)
    cursor = db.execute(
        f"UPDATE foi_questions SET {assignments}, revision = revision + 1 WHERE id = :id AND revision = :rev",
        {**record, "id": question_id, "rev": revision},
    )
    if cursor.rowcount != 1:
        return False
    _write_systems(db, question_id, values["system_ids"])
    return True


def delete(db: Database, question_id: int, revision: int) -> bool:
    """Remove a question unless someone saved since `revision`; False if they did."""
    cursor = db.execute("DELETE FROM foi_questions WHERE id = ? AND revision = ?", [question_id, revision])
    return cursor.rowcount == 1


def swap(db: Database, first: FoiQuestion, second: FoiQuestion) -> None:
    """Exchange the positions of two questions of one request."""
    for question, position in ((first, second["position"]), (second, first["position"])):
        db.execute(
            "UPDATE foi_questions SET position = ? WHERE id = ?",
            [position, question["id"]],
        )


def _write_systems(db: Database, question_id: int, system_ids: list[int]) -> None:
    db.execute("DELETE FROM foi_question_systems WHERE question_id = ?", [question_id])
    db["foi_question_systems"].insert_all({"question_id": question_id, "system_id": s} for s in system_ids)


def naming(db: Database, request_id: int, system_id: int) -> list[FoiQuestion]:
    """The questions of a request that name a system in their scope."""
    found = rows(
        db,
        "SELECT q.* FROM foi_questions q JOIN foi_question_systems s ON s.question_id = q.id"
        " WHERE q.request_id = ? AND s.system_id = ? ORDER BY q.position",
        [request_id, system_id],
    )
    return [_loaded(db, q) for q in found]
