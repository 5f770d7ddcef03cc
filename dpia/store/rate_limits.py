"""Calls counted per key and minute, in the database so every server process shares the counts."""

from dpia.store.db import Database


def take(db: Database, key_hash: str, minute: int, limit: int) -> int:
    """Count one call in this minute if fewer than `limit` were counted; its count, or 0 if refused."""
    counted = db.execute(
        """
        INSERT INTO rate_limits (key_hash, minute, calls) VALUES (?, ?, 1)
        ON CONFLICT (key_hash, minute) DO UPDATE SET calls = calls + 1 WHERE calls < ?
        RETURNING calls
        """,
        [key_hash, minute, limit],
    ).fetchall()
    return counted[0][0] if counted else 0


def prune(db: Database, before: int) -> int:
    """Forget the counts of minutes earlier than `before`; return how many rows went."""
    return db.execute("DELETE FROM rate_limits WHERE minute < ?", [before]).rowcount


def calls(db: Database, key_hash: str, minute: int) -> int:
    """Calls counted for a key in one minute (0 if none)."""
    found = db.execute(
        "SELECT calls FROM rate_limits WHERE key_hash = ? AND minute = ?", [key_hash, minute]
    ).fetchone()
    return found[0] if found else 0
