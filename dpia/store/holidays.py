"""Bank holidays imported into the database, on top of the list shipped with dpia."""

from dpia.store.db import Database, now, rows


def imported(db: Database) -> list[dict]:
    """Every imported holiday, by date."""
    return rows(db, "SELECT day, title FROM bank_holidays ORDER BY day")


def upsert(db: Database, holidays: list[tuple[str, str]]) -> int:
    """Add or retitle holidays (ISO date, title); return how many dates were new."""
    known = {r["day"] for r in imported(db)}
    stamp = now()
    db["bank_holidays"].upsert_all(
        ({"day": day, "title": title, "imported_at": stamp} for day, title in holidays), pk="day"
    )
    return len({day for day, _ in holidays} - known)
