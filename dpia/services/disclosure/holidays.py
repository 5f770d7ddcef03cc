"""Bank holidays in England and Wales, and counting working days for FOI deadlines.

The list ships in dpia/data/bank-holidays.json (gov.uk's format); `dpia holidays import` adds newer ones
from the file gov.uk publishes at https://www.gov.uk/bank-holidays.json.
"""

import json
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from dpia import data
from dpia.actor import Actor
from dpia.errors import Forbidden, Invalid
from dpia.services.accounts import audit
from dpia.store import holidays as store
from dpia.store.db import Database, transaction

SHIPPED = Path(data.__file__).resolve().parent / "bank-holidays.json"
DIVISION = "england-and-wales"
MAX_FILE_BYTES = 2_000_000


def parse(text: str) -> list[tuple[str, str]]:
    """(ISO date, title) pairs from gov.uk's bank-holidays JSON, or its England and Wales part alone."""
    try:
        data = json.loads(text)
        # A lone surrogate ("\ud800") parses but cannot be stored; deep nesting exhausts the parser.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (ValueError, UnicodeError, RecursionError) as error:
        raise Invalid({"file": f"The file is not JSON: {error}"}) from None
    division = data.get(DIVISION, data) if isinstance(data, dict) else None
    events = division.get("events") if isinstance(division, dict) else None
    if not isinstance(events, list):
        raise Invalid({"file": f"The file has no ‘{DIVISION}’ list of events, as gov.uk's file has"})
    found = []
    for number, event in enumerate(events, start=1):
        if not isinstance(event, dict) or not isinstance(event.get("date"), str):
            raise Invalid({"file": f"Event {number} has no date"})
        try:
            day = date.fromisoformat(event["date"])
        except ValueError:
            raise Invalid(
                {"file": f"Event {number} has a date that is not YYYY-MM-DD: {event['date']}"}
            ) from None
        title = event.get("title") if isinstance(event.get("title"), str) else ""
        found.append((day.isoformat(), title.strip() or "Bank holiday"))
    if not found:
        raise Invalid({"file": "The file lists no bank holidays"})
    return found


@lru_cache(maxsize=1)
def shipped() -> dict[date, str]:
    """The list that comes with dpia."""
    return {date.fromisoformat(d): t for d, t in parse(SHIPPED.read_text(encoding="utf-8"))}


def holidays(db: Database) -> dict[date, str]:
    """Every known bank holiday: the shipped list plus imported ones."""
    known = dict(shipped())
    known.update({date.fromisoformat(r["day"]): r["title"] for r in store.imported(db)})
    return known


def known_until(db: Database) -> int:
    """The last year the list covers; deadlines after it may miss holidays."""
    return max(holidays(db)).year


def import_text(db: Database, actor: Actor, text: str, source: str) -> tuple[int, int]:
    """Add holidays from a gov.uk file; return (new dates, dates in the file). Audited."""
    if not actor.may("manage_settings"):
        raise Forbidden("Only administrators can import bank holidays")
    found = parse(text)
    with transaction(db):
        added = store.upsert(db, found)
        audit.record(
            db,
            actor,
            "holidays.import",
            summary=f"Imported {len(found)} bank holidays ({added} new) from {source}",
            details={"source": source, "dates": len(found), "new": added},
        )
    return added, len(found)


def is_working_day(day: date, known: dict[date, str] | set[date]) -> bool:
    """Monday to Friday, and not a bank holiday."""
    return day.weekday() < 5 and day not in known


def add_working_days(start: date, days: int, known: dict[date, str] | set[date]) -> date:
    """The `days`-th working day after `start`; `start` itself is day zero, whatever day it is."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, known):
            counted += 1
    return day


def working_days_between(start: date, end: date, known: dict[date, str] | set[date]) -> int:
    """Working days after `start` up to and including `end`; negative when `end` comes first."""
    if end < start:
        return -working_days_between(end, start, known)
    return sum(
        1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n), known)
    )
