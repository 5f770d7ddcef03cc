"""The search outbox: changes queued in the same transaction as the data, drained by one indexer.

A row says "re-index this system or assessment from the database". Rows are removed only after the index
has committed them, so a crash at any point replays the change instead of losing it.
"""

import threading

from dpia.store.db import Database, after_commit, now, rows, transaction

ENTITIES = ("system", "assessment")

# Wakes indexers in this process as soon as a transaction that queued something commits.
_changed = threading.Condition()
_sequence = 0


def _notify() -> None:
    global _sequence
    with _changed:
        _sequence += 1
        _changed.notify_all()


def sequence() -> int:
    """A counter that grows each time a transaction in this process queued changes."""
    return _sequence


def wait(seen: int, timeout: float) -> int:
    """Block until the counter passes `seen` or `timeout` seconds pass; return the counter."""
    with _changed:
        _changed.wait_for(lambda: _sequence != seen, timeout=timeout)
        return _sequence


def enqueue(db: Database, entity: str, entity_id: int) -> None:
    """Queue a system or assessment for re-indexing; call inside the use case's transaction."""
    assert entity in ENTITIES, entity
    db.execute(
        "INSERT INTO search_outbox (entity, entity_id, queued_at) VALUES (?, ?, ?)",
        [entity, entity_id, now()],
    )
    after_commit(db, _notify)


def take(db: Database, limit: int) -> list[dict]:
    """The oldest queued rows, up to `limit`; they stay queued until `done` is called."""
    return rows(db, "SELECT id, entity, entity_id FROM search_outbox ORDER BY id LIMIT ?", [limit])


def done(db: Database, ids: list[int]) -> None:
    """Remove rows the index has committed; rows queued since stay."""
    with transaction(db):
        db.conn.executemany("DELETE FROM search_outbox WHERE id = ?", [(i,) for i in ids])


def length(db: Database) -> int:
    """How many changes wait to be indexed."""
    return db.execute("SELECT count(*) FROM search_outbox").fetchone()[0]


def newest(db: Database) -> int:
    """The id of the newest queued row, 0 when the queue is empty."""
    return db.execute("SELECT coalesce(max(id), 0) FROM search_outbox").fetchone()[0]


def system_ids(db: Database) -> list[int]:
    """Every system's id, for rebuilding the index."""
    return [r["id"] for r in rows(db, "SELECT id FROM systems ORDER BY id")]


def assessment_ids(db: Database, system_id: int | None = None) -> list[int]:
    """Every assessment's id, or one system's, for rebuilding the index."""
    if system_id is None:
        return [r["id"] for r in rows(db, "SELECT id FROM assessments ORDER BY system_id, id")]
    return [
        r["id"] for r in rows(db, "SELECT id FROM assessments WHERE system_id = ? ORDER BY id", [system_id])
    ]


def counts(db: Database) -> dict[str, int]:
    """How many systems and assessment versions the index should hold."""
    return {
        "systems": db.execute("SELECT count(*) FROM systems").fetchone()[0],
        "versions": db.execute("SELECT count(*) FROM assessment_versions").fetchone()[0],
    }
