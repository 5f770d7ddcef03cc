"""ATRS records: a system's answers to the transparency template, with their revision."""

import json

from dpia.store.db import Database, now, row


def get(db: Database, system_id: int) -> dict:
    """A system's record; an empty one at revision 0 when nothing has been saved yet."""
    found = row(db, "SELECT * FROM atrs_records WHERE system_id = ?", [system_id])
    if found is None:
        return {
            "system_id": system_id,
            "answers": {},
            "datasets": [],
            "revision": 0,
            "updated_by": "",
            "updated_at": "",
        }
    return {**found, "answers": json.loads(found["answers"]), "datasets": json.loads(found["datasets"])}


def save(db: Database, system_id: int, answers: dict, datasets: list[dict], revision: int, by: str) -> None:
    """Write a record at `revision`; call inside the use case's transaction."""
    db["atrs_records"].upsert(
        {
            "system_id": system_id,
            "answers": json.dumps(answers, ensure_ascii=False),
            "datasets": json.dumps(datasets, ensure_ascii=False),
            "revision": revision,
            "updated_by": by,
            "updated_at": now(),
        },
        pk="system_id",
    )
