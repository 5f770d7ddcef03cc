"""Rate limits shared by every server process: calls are counted in the database, per key and minute."""

import hashlib
import math
import time

from dpia.store import rate_limits as store
from dpia.store.db import Database, transaction

WINDOW = 60


def retry_after(db: Database, key: str, limit: int, at: float | None = None) -> int:
    """Seconds to wait before the next call under `key`, or 0 if it may go ahead now (and is counted).

    Windows are fixed minutes of the clock: at most `limit` calls each, whichever process answers them.
    """
    at = time.time() if at is None else at
    minute = int(at // WINDOW)
    key_hash = _hash(key)
    with transaction(db):
        counted = store.take(db, key_hash, minute, limit)
        if counted == 1:
            # A new minute's first call clears the minutes before it, so the table stays small.
            store.prune(db, minute)
    if counted:
        return 0
    return max(1, math.ceil((minute + 1) * WINDOW - at))


def calls_this_minute(db: Database, key: str, at: float | None = None) -> int:
    """Calls counted under `key` in the current minute (for tests and diagnostics)."""
    at = time.time() if at is None else at
    return store.calls(db, _hash(key), int(at // WINDOW))


def _hash(key: str) -> str:
    # Only a hash is stored: the key may be a secret (an API token).
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
