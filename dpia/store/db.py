"""Opening the database and running one transaction per use case."""

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

Database = sqlite_utils.Database


def connect(path: str | Path) -> Database:
    """Open the register's database with WAL, foreign keys and a busy timeout."""
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    if db.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.enable_wal()
    return db


def connect_read_only(path: str | Path) -> Database:
    """Open the database for reading only (SQLite's `mode=ro`): every write on it is refused.

    Used by the public pages' own process. The file must already be in WAL mode, as `connect` leaves it.
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=10, check_same_thread=False)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    db.execute("PRAGMA busy_timeout = 10000")
    return db


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction, taken immediately so concurrent writers queue instead of failing."""
    if db.conn.in_transaction:
        # A use case calling another shares its transaction.
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        _AFTER_COMMIT.pop(id(db), None)
        raise
    db.execute("COMMIT")
    for callback in _AFTER_COMMIT.pop(id(db), ()):
        callback()


@contextlib.contextmanager
def dry_run(db: Database) -> Iterator[Database]:
    """Work whose writes are all undone: a check that runs a use case must leave no trace of it.

    Writes inside (an audit line, say) take their own savepoints and are rolled back with the rest. Taken
    immediately, as `transaction` is: a read snapshot upgraded to write later could fail outright.
    """
    if db.conn.in_transaction:
        raise RuntimeError("A dry run cannot start inside a transaction that may commit")
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    finally:
        db.rollback()
        _AFTER_COMMIT.pop(id(db), None)


# Work to do once the current transaction of a connection has committed, such as waking the indexer.
_AFTER_COMMIT: dict[int, list[Callable[[], None]]] = {}


def after_commit(db: Database, callback: Callable[[], None]) -> None:
    """Run `callback` when the transaction now open on `db` commits (never if it rolls back)."""
    callbacks = _AFTER_COMMIT.setdefault(id(db), [])
    if callback not in callbacks:
        callbacks.append(callback)


def now() -> str:
    """Current UTC time as stored: ISO 8601 with seconds and offset."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def row(db: Database, sql: str, params: tuple | list | dict = ()) -> dict | None:
    """First row of a query as a dict, or None."""
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    found = cursor.fetchone()
    return dict(zip(names, found, strict=True)) if found else None


def rows(db: Database, sql: str, params: tuple | list | dict = ()) -> list[dict]:
    """All rows of a query as dicts."""
    return list(db.query(sql, params))


def copy_database(source: str | Path, target: str | Path, *, self_contained: bool = True) -> None:
    """A consistent copy of a live database through SQLite's backup API.

    Copied in one step under a read snapshot, so writers carry on (WAL) and the copy is one moment's state.
    `self_contained` folds the copy into one file with no -wal beside it, which needs no one else to have
    the target open.
    """
    src = sqlite3.connect(str(source), timeout=10)
    dst = sqlite3.connect(str(target), timeout=10)
    try:
        src.backup(dst)
        if self_contained:
            dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        src.close()


def check_database(path: str | Path) -> str | None:
    """Why the file at `path` is not a sound dpia database, or None if it is."""
    conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            return f"the database is damaged ({result})"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"audit_log", "systems", "users"} <= tables:
            return "the database is not a dpia database"
    except sqlite3.DatabaseError as error:
        return f"the database is unreadable ({error})"
    finally:
        conn.close()
    return None


def holds_records(db: Database) -> bool:
    """Whether anyone has put anything in this database: accounts, systems, assessments or audit entries."""
    return any(
        db.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
        for table in ("users", "systems", "assessments", "audit_log")
    )
