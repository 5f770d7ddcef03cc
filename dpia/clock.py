"""Today's date, in one place so every rule and page agrees on it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

# Dates of the register are UK calendar dates, whatever the server's own time zone.
LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """Today's date in the UK (Europe/London)."""
    return datetime.now(LONDON).date()
