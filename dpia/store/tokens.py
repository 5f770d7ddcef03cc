"""API tokens: only a hash of each token is stored."""

from dpia.store.db import Database, now, row, rows


def insert(db: Database, user_id: int, name: str, prefix: str, token_hash: str, who: str) -> int:
    """Store a new token's hash."""
    values = {
        "user_id": user_id,
        "name": name,
        "prefix": prefix,
        "token_hash": token_hash,
        "created_at": now(),
        "created_by": who,
    }
    return db["api_tokens"].insert(values).last_pk


def by_hash(db: Database, token_hash: str) -> dict | None:
    """The live token with this hash, if any."""
    return row(db, "SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", [token_hash])


def by_id(db: Database, token_id: int) -> dict | None:
    """One token by id, revoked or not."""
    return row(db, "SELECT * FROM api_tokens WHERE id = ?", [token_id])


def of_user(db: Database, user_id: int) -> list[dict]:
    """Every token of a user, newest first."""
    return rows(db, "SELECT * FROM api_tokens WHERE user_id = ? ORDER BY id DESC", [user_id])


def revoke(db: Database, token_id: int) -> None:
    """Stop a token working; it stays listed as revoked."""
    db.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [now(), token_id])


def touch(db: Database, token_id: int) -> None:
    """Record that a token was just used."""
    db.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [now(), token_id])


def revoke_all(db: Database, user_id: int) -> int:
    """Stop every live token of a user; returns how many were live."""
    return db.execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", [now(), user_id]
    ).rowcount
