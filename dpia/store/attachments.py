"""Evidence attached to assessment versions, and imports waiting for their uploader's review."""

import json

from dpia.store.db import Database, now, row, rows


def insert_attachment(db: Database, record: dict) -> int:
    """Record a stored file against a version; the file itself lives under instance/attachments/."""
    return db["attachments"].insert({**record, "uploaded_at": now()}).last_pk


def attachment(db: Database, attachment_id: int) -> dict | None:
    """One attachment's record."""
    return row(db, "SELECT * FROM attachments WHERE id = ?", [attachment_id])


def for_version(db: Database, version_id: int) -> list[dict]:
    """A version's attachments, oldest first."""
    return rows(db, "SELECT * FROM attachments WHERE version_id = ? ORDER BY id", [version_id])


def insert_staged(db: Database, record: dict) -> int:
    """An uploaded import waiting for review; `plan` is what was read from it."""
    values = {**record, "plan": json.dumps(record["plan"], ensure_ascii=False), "created_at": now()}
    return db["staged_imports"].insert(values).last_pk


def staged(db: Database, token: str) -> dict | None:
    """A staged import by its unguessable token."""
    found = row(db, "SELECT * FROM staged_imports WHERE token = ?", [token])
    if found is not None:
        found["plan"] = json.loads(found["plan"])
    return found


def update_staged_plan(db: Database, staged_id: int, plan: dict) -> None:
    """Keep a re-read plan, for example after the user chose another kind."""
    db.execute(
        "UPDATE staged_imports SET plan = ? WHERE id = ?", [json.dumps(plan, ensure_ascii=False), staged_id]
    )


def delete_staged(db: Database, staged_id: int) -> None:
    """Forget a staged import once confirmed or expired."""
    db.execute("DELETE FROM staged_imports WHERE id = ?", [staged_id])


def expired_staged(db: Database, at: str) -> list[dict]:
    """Staged imports whose time ran out before `at`."""
    return rows(db, "SELECT id, stored_name FROM staged_imports WHERE expires_at < ?", [at])
