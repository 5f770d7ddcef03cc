"""Monitoring data as CSV: periods, the template, and strict reading of an upload. Pure: no I/O.

The format is long: one row per period and group, with a count. Optional rows whose group is
`total` must equal the sum of the period's groups; optional rows whose period is `population`
give the population of each group, for rates.
"""

import calendar
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from dpia.services.monitoring.vocab import POPULATION, TOTAL, Breakdown

COLUMNS = ("period", "group", "count")
MAX_BYTES = 2_000_000
MAX_ROWS = 20_000
MAX_COUNT = 1_000_000_000
MAX_PROBLEMS = 500
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.I)
_INTEGER = re.compile(r"^\d+$")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month or quarter."""

    year: int
    index: int
    granularity: str

    @classmethod
    def parse(cls, text: str, granularity: str) -> "Period":
        """Read 2021-03 (a month) or 2021-Q1 (a quarter); ValueError with a readable reason."""
        text = text.strip()
        if granularity == "month":
            match = _MONTH.match(text)
            if not match or not 1 <= int(match[2]) <= 12:
                raise ValueError(f"‘{text}’ is not a month written like 2021-03")
        else:
            match = _QUARTER.match(text)
            if not match:
                raise ValueError(f"‘{text}’ is not a quarter written like 2021-Q1")
        year = int(match[1])
        if not 1900 <= year <= 2100:
            raise ValueError(f"‘{text}’ has a year outside 1900 to 2100")
        return cls(year, int(match[2]), granularity)

    @classmethod
    def containing(cls, day: date, granularity: str) -> "Period":
        """The month or quarter a day falls in."""
        index = day.month if granularity == "month" else (day.month - 1) // 3 + 1
        return cls(day.year, index, granularity)

    def first_month(self) -> int:
        return self.index if self.granularity == "month" else self.index * 3 - 2

    def start(self) -> date:
        """First day of the period."""
        return date(self.year, self.first_month(), 1)

    def end(self) -> date:
        """Last day of the period."""
        month = self.index if self.granularity == "month" else self.index * 3
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def next(self) -> "Period":
        """The period after this one."""
        last = 12 if self.granularity == "month" else 4
        if self.index == last:
            return Period(self.year + 1, 1, self.granularity)
        return Period(self.year, self.index + 1, self.granularity)

    def label(self) -> str:
        """For people: "March 2021", "January to March 2021"."""
        if self.granularity == "month":
            return f"{calendar.month_name[self.index]} {self.year}"
        first, last = self.first_month(), self.first_month() + 2
        return f"{calendar.month_name[first]} to {calendar.month_name[last]} {self.year}"

    def __str__(self) -> str:
        if self.granularity == "month":
            return f"{self.year:04d}-{self.index:02d}"
        return f"{self.year:04d}-Q{self.index}"


def span(first: Period, last: Period) -> str:
    """Periods from first to last in words: "April 2017 to December 2019", or the one period's label."""
    if first == last:
        return first.label()
    start, end = first.start(), last.end()
    return f"{calendar.month_name[start.month]} {start.year} to {calendar.month_name[end.month]} {end.year}"


def span_of(first: str, last: str, granularity: str) -> str:
    """`span` of two stored periods, such as "2017-Q2" and "2019-Q4"."""
    return span(Period.parse(first, granularity), Period.parse(last, granularity))


@dataclass(frozen=True)
class Problem:
    """One reason a file was refused, located by spreadsheet row and column where it can be."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column is not None:
            where.append(f"column ‘{self.column}’")
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass
class Counts:
    """A file's content once it is known to be sound."""

    cells: dict[tuple[str, str], int] = field(default_factory=dict)
    populations: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Lifecycle:
    """The days a system's periods must overlap: from first use (if known) to retirement or today."""

    earliest: date | None
    latest: date
    retired: bool


class Refused(Exception):
    """The file was refused; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem], more: int = 0):
        super().__init__(f"{len(problems) + more} problems")
        self.problems = problems
        self.more = more


def template(breakdown: Breakdown, periods: list[Period]) -> str:
    """A CSV to fill in: every group of every period with an empty count, then a total."""
    rows = [COLUMNS]
    for period in periods:
        rows += [(str(period), term.value, "") for term in breakdown.groups]
        if breakdown.value != "none":
            rows.append((str(period), TOTAL, ""))
    return _write(rows)


def write_counts(breakdown: Breakdown, counts: Counts) -> str:
    """True counts in the upload format, totals included, so an export can be uploaded again."""
    rows: list[tuple] = [COLUMNS]
    periods = sorted({period for period, _ in counts.cells})
    for period in periods:
        values = [counts.cells.get((period, term.value), 0) for term in breakdown.groups]
        rows += [(period, term.value, v) for term, v in zip(breakdown.groups, values, strict=True)]
        if breakdown.value != "none":
            rows.append((period, TOTAL, sum(values)))
    rows += [(POPULATION, group, n) for group, n in counts.populations.items()]
    return _write(rows)


def _write(rows: list[tuple]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def decode(content: bytes) -> str:
    """The text of an upload, or Refused for an empty, oversized, binary or non-UTF-8 file."""
    if not content.strip():
        raise Refused([Problem("The file is empty")])
    if len(content) > MAX_BYTES:
        raise Refused([Problem(f"The file must be smaller than {MAX_BYTES // 1_000_000} MB")])
    if b"\x00" in content:
        raise Refused([Problem("The file must be a CSV file, not a spreadsheet or other binary file")])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(
            [
                Problem(
                    f"The file must be saved as UTF-8 (byte {error.start + 1} is not): "
                    "in Excel choose ‘CSV UTF-8 (comma delimited)’"
                )
            ]
        ) from None


class _Reader:
    """Collects every problem of one file while reading it."""

    def __init__(self, breakdown: Breakdown, granularity: str, lifecycle: Lifecycle):
        self.breakdown = breakdown
        self.granularity = granularity
        self.lifecycle = lifecycle
        self.groups = {t.value: t for t in breakdown.groups}
        self.problems: list[Problem] = []
        self.counts = Counts()
        self.seen: dict[tuple[str, str], int] = {}
        self.given: set[tuple[str, str]] = set()
        self.totals: dict[str, tuple[int, int]] = {}

    def fail(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(message, row, column))

    def header(self, names: list[str]) -> dict[str, int] | None:
        cleaned = [name.strip().lower() for name in names]
        positions: dict[str, int] = {}
        for i, name in enumerate(cleaned):
            if name not in COLUMNS:
                shown = names[i].strip() or "(blank)"
                self.fail(
                    f"unknown column ‘{shown}’: the only columns allowed are period, group and count",
                    1,
                    _letter(i),
                )
            elif name in positions:
                self.fail(f"column ‘{name}’ appears more than once", 1, _letter(i))
            else:
                positions[name] = i
        for name in COLUMNS:
            if name not in positions:
                self.fail(f"the header has no ‘{name}’ column", 1)
        return positions if len(positions) == len(COLUMNS) else None

    def row(self, number: int, values: list[str], positions: dict[str, int], width: int) -> None:
        if len(values) > width and any(v.strip() for v in values[width:]):
            self.fail(f"has {len(values)} values but the header has {width} columns", number)
            return
        period_text, group, count_text = (
            values[positions[c]].strip() if positions[c] < len(values) else "" for c in COLUMNS
        )
        if period_text.lower() == POPULATION:
            self.population(number, group, count_text)
            return
        period = self.period(number, period_text)
        group_ok = self.group(number, group)
        count = self.count(number, count_text)
        if period is not None and group_ok:
            # A row refused for its count is not also reported as missing.
            self.given.add((str(period), group))
        if period is None or not group_ok or count is None:
            return
        key = (str(period), group)
        if key in self.seen:
            self.fail(
                f"period {period} and group {group} are already given on row {self.seen[key]}",
                number,
                "group",
            )
            return
        self.seen[key] = number
        if group == TOTAL and self.breakdown.value != "none":
            self.totals[str(period)] = (count, number)
        else:
            self.counts.cells[key] = count

    def period(self, number: int, text: str) -> Period | None:
        if not text:
            self.fail("enter the period", number, "period")
            return None
        try:
            period = Period.parse(text, self.granularity)
        except ValueError as error:
            hint = " (a spreadsheet may have changed it into a date: format the column as text)"
            self.fail(str(error) + (hint if self.granularity == "month" else ""), number, "period")
            return None
        reason = self.outside(period)
        if reason:
            self.fail(reason, number, "period")
            return None
        return period

    def outside(self, period: Period) -> str:
        life = self.lifecycle
        if life.earliest and period.end() < life.earliest:
            return f"{period} is before the system was first used ({life.earliest:%B %Y})"
        if period.start() > life.latest:
            if life.retired:
                return f"{period} is after the system was retired ({life.latest:%B %Y})"
            return f"{period} has not started yet"
        return ""

    def group(self, number: int, group: str) -> bool:
        if not group:
            self.fail("enter the group code", number, "group")
            return False
        if group in self.groups or (group == TOTAL and self.breakdown.value != "none"):
            return True
        codes = ", ".join(list(self.groups)[:8]) + ("…" if len(self.groups) > 8 else "")
        self.fail(
            f"unknown code ‘{group}’ for {self.breakdown.label.lower()}: use one of {codes}",
            number,
            "group",
        )
        return False

    def count(self, number: int, text: str, *, positive: bool = False) -> int | None:
        if not text:
            self.fail("enter a count (0 if there were none)", number, "count")
            return None
        if text.startswith("-") and _INTEGER.match(text[1:]):
            self.fail(f"‘{text}’ is negative: counts must be 0 or more", number, "count")
            return None
        if not _INTEGER.match(text):
            message = f"‘{text}’ is not a whole number (write it without commas or decimals)"
            self.fail(message, number, "count")
            return None
        value = int(text)
        if value > MAX_COUNT:
            self.fail(f"{value:,} is too large to be a count", number, "count")
            return None
        if positive and value == 0:
            self.fail("a population must be more than 0", number, "count")
            return None
        return value

    def population(self, number: int, group: str, text: str) -> None:
        if group not in self.groups:
            self.fail(f"unknown code ‘{group}’ for a population row", number, "group")
            return
        value = self.count(number, text, positive=True)
        if value is None:
            return
        key = (POPULATION, group)
        if key in self.seen:
            self.fail(f"the population of {group} is already given on row {self.seen[key]}", number, "group")
            return
        self.seen[key] = number
        self.counts.populations[group] = value

    def finish(self) -> None:
        periods = sorted({p for p, _ in self.counts.cells} | set(self.totals))
        if not periods and not self.problems:
            self.fail("The file has no counts: add a row for each period and group")
        for period in periods:
            missing = [code for code in self.groups if (period, code) not in self.counts.cells]
            for code in missing:
                if (period, code) not in self.given:
                    self.fail(f"period {period} has no row for group {code}: add one (0 if there were none)")
            given = self.totals.get(period)
            if given and not missing:
                added = sum(self.counts.cells[(period, code)] for code in self.groups)
                if added != given[0]:
                    self.fail(
                        f"the total for {period} is {given[0]:,} but its groups add up to {added:,}",
                        given[1],
                        "count",
                    )
        if self.counts.populations:
            for code in self.groups:
                if code not in self.counts.populations:
                    self.fail(f"population rows are given but none for group {code}: add one")


def _letter(index: int) -> str:
    """A column's spreadsheet letter, for a column whose name is unknown."""
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def read(content: bytes, breakdown: Breakdown, granularity: str, lifecycle: Lifecycle) -> Counts:
    """Read an upload strictly: the counts, or Refused listing every problem by row and column."""
    text = decode(content)
    reader = _Reader(breakdown, granularity, lifecycle)
    records = csv.reader(io.StringIO(text, newline=""), strict=True)
    positions = None
    try:
        header = next(records, [])
        positions = reader.header(header)
        for number, values in enumerate(records, start=2):
            if number > MAX_ROWS + 1:
                reader.fail(f"The file has more than {MAX_ROWS:,} rows: split it into several datasets")
                break
            if positions is not None and any(v.strip() for v in values):
                reader.row(number, values, positions, len(header))
    except csv.Error as error:
        reader.fail(f"The file is not a well-formed CSV file ({error})")
    if positions is not None:
        reader.finish()
    if reader.problems:
        raise Refused(reader.problems[:MAX_PROBLEMS], max(0, len(reader.problems) - MAX_PROBLEMS))
    return reader.counts
