"""The systems in an FOI request's scope, page by page, and how each came into it."""

from dpia.store.db import Database, row, rows
from dpia.vocab import SENSITIVE


def _hidden(see_sensitive: bool) -> str:
    return "" if see_sensitive else f" AND s.marking != '{SENSITIVE}'"


def chosen(db: Database, request_id: int, see_sensitive: bool, limit: int, offset: int) -> list[dict]:
    """One page of the visible systems in scope, by name, each with the category that added it."""
    return rows(
        db,
        "SELECT s.id, s.name, s.category, s.lifecycle, s.marking, r.via FROM foi_request_systems r"
        f" JOIN systems s ON s.id = r.system_id WHERE r.request_id = ?{_hidden(see_sensitive)}"
        " ORDER BY s.name_key LIMIT ? OFFSET ?",
        [request_id, limit, offset],
    )


def counts(db: Database, request_id: int, see_sensitive: bool) -> dict[str, int]:
    """How many visible systems in scope came through each category ('' for those added one by one)."""
    found = rows(
        db,
        "SELECT r.via, count(*) AS n FROM foi_request_systems r JOIN systems s ON s.id = r.system_id"
        f" WHERE r.request_id = ?{_hidden(see_sensitive)} GROUP BY r.via",
        [request_id],
    )
    return {r["via"]: r["n"] for r in found}


def category_ids(db: Database, category: str, see_sensitive: bool) -> list[int]:
    """The visible systems of a category, as the register holds them now."""
    found = rows(db, f"SELECT s.id FROM systems s WHERE s.category = ?{_hidden(see_sensitive)}", [category])
    return [r["id"] for r in found]


def add(db: Database, request_id: int, system_ids: list[int], via: str) -> int:
    """Put systems in scope, leaving those already there as they came; how many were new."""
    before = db.execute("SELECT total_changes()").fetchone()[0]
    db.conn.executemany(
        "INSERT OR IGNORE INTO foi_request_systems (request_id, system_id, via) VALUES (?, ?, ?)",
        [(request_id, s, via) for s in system_ids],
    )
    return db.execute("SELECT total_changes()").fetchone()[0] - before


def via(db: Database, request_id: int, system_id: int) -> str | None:
    """The category that put a system in scope ('' if chosen on its own), or None if it is not in scope."""
    found = row(
        db,
        "SELECT via FROM foi_request_systems WHERE request_id = ? AND system_id = ?",
        [request_id, system_id],
    )
    return found["via"] if found else None


def remove(db: Database, request_id: int, system_id: int) -> None:
    """Take a system out of scope."""
    db.execute(
        "DELETE FROM foi_request_systems WHERE request_id = ? AND system_id = ?", [request_id, system_id]
    )


def except_system(db: Database, request_id: int, system_id: int, category: str) -> None:
    """Remember that a system was taken out of a category chosen, so adding the category again skips it."""
    db.execute(
        "INSERT OR REPLACE INTO foi_scope_exceptions (request_id, system_id, category) VALUES (?, ?, ?)",
        [request_id, system_id, category],
    )


def forget_exception(db: Database, request_id: int, system_id: int) -> None:
    """A system put back in scope is no longer an exception."""
    db.execute(
        "DELETE FROM foi_scope_exceptions WHERE request_id = ? AND system_id = ?", [request_id, system_id]
    )


def exceptions(db: Database, request_id: int, see_sensitive: bool) -> list[dict]:
    """The visible systems taken out of a category chosen, by name."""
    return rows(
        db,
        "SELECT s.id, s.name, s.category, e.category AS via FROM foi_scope_exceptions e"
        f" JOIN systems s ON s.id = e.system_id WHERE e.request_id = ?{_hidden(see_sensitive)}"
        " ORDER BY s.name_key",
        [request_id],
    )


def excepted_ids(db: Database, request_id: int) -> set[int]:
    """Every system taken out of a category chosen, hidden or not (used only to leave them out)."""
    found = rows(db, "SELECT system_id FROM foi_scope_exceptions WHERE request_id = ?", [request_id])
    return {r["system_id"] for r in found}


def named_like(db: Database, words: str, see_sensitive: bool, limit: int) -> list[dict]:
    """Visible systems whose name or an alias contains every typed word, by name, at most `limit`."""
    terms = [w.casefold() for w in words.split() if w][:6]
    if not terms:
        return []
    # A word matches the name or any alias; every word must match somewhere.
    each = " AND ".join(
        "(lower(s.name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM system_aliases a"
        " WHERE a.system_id = s.id AND lower(a.alias) LIKE ? ESCAPE '\\'))"
        for _ in terms
    )
    params: list = []
    for term in terms:
        pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern, pattern]
    return rows(
        db,
        f"SELECT s.id, s.name, s.category FROM systems s WHERE {each}{_hidden(see_sensitive)}"
        " ORDER BY s.name_key LIMIT ?",
        [*params, limit],
    )


def of_ids(db: Database, system_ids: list[int], see_sensitive: bool) -> list[dict]:
    """The visible systems among `system_ids`, by name."""
    if not system_ids:
        return []
    marks = ",".join("?" for _ in system_ids)
    return rows(
        db,
        f"SELECT s.id, s.name, s.category FROM systems s WHERE s.id IN ({marks}){_hidden(see_sensitive)}"
        " ORDER BY s.name_key",
        list(system_ids),
    )
