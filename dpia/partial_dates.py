"""Dates that may be known only to the year or the month ("2017", "2017-06")."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDateError(ValueError):
    """Raised with a message fit to show a person."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, a year and month, or a full date."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Read ISO text: YYYY, YYYY-MM or YYYY-MM-DD."""
        match = _ISO.match(text.strip())
        if not match:
            raise PartialDateError("must be a year, a year and month, or a full date")
        year, month, day = (int(g) if g else None for g in match.groups())
        return cls.from_parts(year, month, day)

    @classmethod
    def from_parts(cls, year: int, month: int | None, day: int | None) -> "PartialDate":
        """Build from numbers, checking that the date is real."""
        if not 1900 <= year <= 2100:
            raise PartialDateError("year must be between 1900 and 2100")
        if month is None and day is not None:
            raise PartialDateError("must include a month if it includes a day")
        if month is not None and not 1 <= month <= 12:
            raise PartialDateError("month must be between 1 and 12")
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise PartialDateError("must be a real date")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """One of "year", "month" or "day"."""
        return "day" if self.day else "month" if self.month else "year"

    def earliest(self) -> date:
        """The first day this partial date could mean."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day this partial date could mean."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """Stored form: as precise as what is known."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def display(self) -> str:
        """Human form in GOV.UK style: "2017", "June 2017", "3 June 2017"."""
        if self.day:
            return f"{self.day} {calendar.month_name[self.month]} {self.year}"
        if self.month:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


def display(iso: str | None, empty: str = "") -> str:
    """Show a stored partial date, or `empty` when none is stored."""
    return PartialDate.parse(iso).display() if iso else empty


def long_date(day: date | str) -> str:
    """A whole day as people in the UK write it: "14 June 2022" (a datetime shows its day)."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.day} {day:%B %Y}"
