"""Today's date, in one place so every rule and page agrees on it."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Dates of the register are UK calendar dates, whatever the server's own time zone.
LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """Today's date in the UK (Europe/London)."""
    return datetime.now(LONDON).date()


def day_end(day: date) -> str:
    """The first moment after a UK calendar day, as stored stamps are written (UTC, ISO 8601, seconds)."""
    following = datetime.combine(day + timedelta(days=1), time(), LONDON)
    return following.astimezone(UTC).isoformat(timespec="seconds")
