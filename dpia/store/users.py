"""Accounts, roles and sign-in failures."""

from dpia.store.db import Database, now, row, rows


def by_email(db: Database, email: str) -> dict | None:
    """The account with this email address (case-insensitive)."""
    return _with_roles(db, row(db, "SELECT * FROM users WHERE email = ?", [email.strip().lower()]))


def by_id(db: Database, user_id: int) -> dict | None:
    """The account with this id."""
    return _with_roles(db, row(db, "SELECT * FROM users WHERE id = ?", [user_id]))


def _with_roles(db: Database, user: dict | None) -> dict | None:
    if user is not None:
        user["roles"] = sorted(
            r["role"] for r in rows(db, "SELECT role FROM user_roles WHERE user_id = ?", [user["id"]])
        )
    return user


def all_users(db: Database) -> list[dict]:
    """Every account, by email, with roles."""
    return [_with_roles(db, u) for u in rows(db, "SELECT * FROM users ORDER BY email")]


def count(db: Database) -> int:
    """How many accounts exist."""
    return db.execute("SELECT count(*) FROM users").fetchone()[0]


def insert(db: Database, email: str, name: str, password_hash: str, roles: list[str]) -> int:
    """Create an account."""
    stamp = now()
    user_id = (
        db["users"]
        .insert(
            {
                "email": email,
                "name": name,
                "password_hash": password_hash,
                "created_at": stamp,
                "password_changed_at": stamp,
            }
        )
        .last_pk
    )
    set_roles(db, user_id, roles)
    return user_id


def set_roles(db: Database, user_id: int, roles: list[str]) -> None:
    """Replace an account's roles."""
    db.execute("DELETE FROM user_roles WHERE user_id = ?", [user_id])
    db["user_roles"].insert_all({"user_id": user_id, "role": r} for r in sorted(set(roles)))


def update(db: Database, user_id: int, values: dict) -> None:
    """Change columns of an account."""
    db["users"].update(user_id, values)


def set_password(db: Database, user_id: int, password_hash: str) -> None:
    """Store a new password and end the account's other sessions."""
    db.execute(
        "UPDATE users SET password_hash = ?, password_changed_at = ?, session_epoch = session_epoch + 1,"
        " failed_count = 0, locked_until = NULL WHERE id = ?",
        [password_hash, now(), user_id],
    )
    db.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])


def end_sessions(db: Database, user_id: int) -> None:
    """Invalidate every session of an account."""
    db.execute("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ?", [user_id])
    db.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])


def start_session(db: Database, session_id: str, user_id: int, address: str) -> None:
    """Record a session just started (session_id is the hash of the cookie's secret)."""
    db["sessions"].insert({"id": session_id, "user_id": user_id, "started_at": now(), "address": address})


def session(db: Database, session_id: str) -> dict | None:
    """A live session by the hash of its secret."""
    return row(db, "SELECT * FROM sessions WHERE id = ?", [session_id])


def end_session(db: Database, session_id: str) -> None:
    """End one session."""
    db.execute("DELETE FROM sessions WHERE id = ?", [session_id])


def forget_sessions_before(db: Database, before: str) -> None:
    """Drop sessions started before a time (past their absolute lifetime)."""
    db.execute("DELETE FROM sessions WHERE started_at < ?", [before])


def record_failure(db: Database, address: str, email: str, at: str, user_id: int | None) -> None:
    """Note a failed sign-in from an address (user_id when the email names a real account)."""
    db["sign_in_failures"].insert({"address": address, "email": email, "at": at, "user_id": user_id})


def real_failures_from(db: Database, address: str, since: str) -> tuple[int, int]:
    """Failed sign-ins on real accounts from an address since a time: how many, and on how many accounts."""
    found = db.execute(
        "SELECT count(*), count(DISTINCT user_id) FROM sign_in_failures"
        " WHERE address = ? AND at >= ? AND user_id IS NOT NULL",
        [address, since],
    ).fetchone()
    return found[0], found[1]


def failures_of(db: Database, email: str, since: str, address: str | None = None) -> list[str]:
    """When an email failed to sign in since a time (from one address, if given), oldest first."""
    where, params = "email = ? AND at >= ?", [email, since]
    if address is not None:
        where, params = where + " AND address = ?", [*params, address]
    return [r[0] for r in db.execute(f"SELECT at FROM sign_in_failures WHERE {where} ORDER BY at", params)]


def forget_failures_before(db: Database, before: str) -> None:
    """Drop address failures too old to matter."""
    db.execute("DELETE FROM sign_in_failures WHERE at < ?", [before])
