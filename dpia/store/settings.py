"""Settings an administrator can change, stored as JSON values."""

import json

from dpia.store.db import Database, now


def load(db: Database) -> dict[str, object]:
    """Every stored setting."""
    return {r["key"]: json.loads(r["value"]) for r in db.query("SELECT key, value FROM settings")}


def save(db: Database, key: str, value: object) -> None:
    """Store one setting."""
    db["settings"].upsert({"key": key, "value": json.dumps(value), "updated_at": now()}, pk="key")
