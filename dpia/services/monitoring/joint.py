"""Releases checked together: figures other releases published, as constraints on a table. Pure: no I/O.

Every released figure is recorded as what it counts: a measure, a group of a breakdown (or the total over
groups) and a set of months. Two figures of one system and measure are about the same people when they
count the same group of the same breakdown, or when one of them is a total over groups, and their months
meet. A monitoring table's columns are groups and its rows periods, so a figure released elsewhere is a sum
over some rows of one column of the table: the rows it holds whole, and the rows it holds in part.

`constraints` turns those figures into what `suppression.suppress` needs, so that an alternative table
never changes a figure released elsewhere, and this release never publishes a figure that, with what
others published, would undo their withholding:
- rows of a column whose sum is known elsewhere form blocks whose changes add up to zero (an intruder is
  treated as knowing the sum of each set of rows that every figure covers alike, which is at least as much
  as they know); a row a figure holds only in part cannot move at all;
- a cell is withheld if its rows include rows covered by figures released elsewhere and those rows are not
  exactly a sum of figures published elsewhere (so an earlier release's alternative tables stay possible);
- when another breakdown withheld a period's total, every count of that period here is withheld too: an
  alternative there may add a person to the period, who falls in some group here.

Not covered: figures of different measures are taken to count different things; a period cut across by a
figure released elsewhere (months against quarters that do not line up with whole rows) is treated as
known, which withholds more than needed and may withhold a whole table; the greedy check that rows are a
sum of published figures may miss a sum and withhold more than needed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict

from dpia.services.monitoring.suppression import PUBLISHED, Cell, Constraints, Suppression
from dpia.services.monitoring.tables import Period
from dpia.services.monitoring.vocab import TOTAL


class ReleasedCount(TypedDict):
    """One figure of a released table: a group (or "total") over some months, and whether it was withheld."""

    group_code: str
    months: str  # "2021-01 2021-02 2021-03"
    count: int | None
    suppressed: int


class Prior(TypedDict):
    """A figure released before, or earlier in the same release, with where it was released."""

    measure: str
    breakdown: str
    group_code: str
    months: str
    count: int | None
    suppressed: int
    # Where it was released, as the end of a sentence: "in FOI 855A/22".
    source: str


@dataclass(frozen=True)
class Fact:
    """A figure released elsewhere, as the rows of one column of this table it adds up."""

    rows: frozenset[int]
    partial: frozenset[int]
    # It also counts months this table does not hold: its rows here are not all it adds up.
    loose: bool
    published: bool
    # A total withheld by a release of another breakdown.
    other_breakdown: bool
    source: str


@dataclass(frozen=True)
class Shape:
    """What a released table counts: its measure, breakdown, groups, and the months of each row."""

    measure: str
    breakdown: str
    groups: tuple[str, ...]
    rows: tuple[frozenset[int], ...]
    row_totals: bool
    column_totals: bool


def months_of(period: Period, stock: bool) -> frozenset[int]:
    """The months a period's count is about, as year * 12 + month - 1; a stock counts its last month."""
    first = period.year * 12 + period.first_month() - 1
    span = range(first, first + (1 if period.granularity == "month" else 3))
    return frozenset([span[-1]]) if stock else frozenset(span)


def month_text(months: Iterable[int]) -> str:
    """Months as stored: "2021-01 2021-02"."""
    return " ".join(f"{m // 12:04d}-{m % 12 + 1:02d}" for m in sorted(months))


def read_months(text: str) -> frozenset[int]:
    """Months as stored, back to numbers."""
    return frozenset(int(t[:4]) * 12 + int(t[5:7]) - 1 for t in text.split())


def shape(
    measure: str, breakdown: str, groups: Sequence[str], periods: Sequence[Period], stock: bool, table: dict
) -> Shape:
    """The shape of a table built by `datasets.build_table`."""
    return Shape(
        measure,
        breakdown,
        tuple(groups),
        tuple(months_of(p, stock) for p in periods),
        table["row_totals"],
        table["column_totals"],
    )


def _column_group(table: Shape, c: int) -> str:
    """The group a column of the extended table counts: the margin column, or every column of "none"."""
    if c >= len(table.groups) or table.breakdown == "none":
        return TOTAL
    return table.groups[c]


def released(table: Shape, result: Suppression) -> list[ReleasedCount]:
    """Every figure of a table as released: its group and months, its count and whether it was withheld."""
    found = []
    everything = frozenset().union(*table.rows)
    for r, row in enumerate(result.values):
        months = table.rows[r] if r < result.rows else everything
        for c, count in enumerate(row):
            found.append(
                ReleasedCount(
                    group_code=_column_group(table, c),
                    months=month_text(months),
                    count=count,
                    suppressed=int(result.status[r][c] != PUBLISHED),
                )
            )
    return found


def facts(table: Shape, priors: Iterable[Prior]) -> dict[int, list[Fact]]:
    """Figures released elsewhere about the same people as a column, by column of the extended table."""
    width = len(table.groups) + (1 if table.row_totals else 0)
    held = frozenset().union(*table.rows)
    found: dict[int, list[Fact]] = {}
    for prior in priors:
        if prior["measure"] != table.measure:
            continue
        months = read_months(prior["months"])
        whole = frozenset(r for r, rm in enumerate(table.rows) if rm <= months)
        partial = frozenset(r for r, rm in enumerate(table.rows) if rm & months and not rm <= months)
        if not whole and not partial:
            continue
        for c in range(width):
            group = _column_group(table, c)
            same = prior["group_code"] == group and (group == TOTAL or prior["breakdown"] == table.breakdown)
            if not same:
                continue
            other = group == TOTAL and prior["breakdown"] != table.breakdown
            fact = Fact(whole, partial, bool(months - held), not prior["suppressed"], other, prior["source"])
            found.setdefault(c, []).append(fact)
    return found


def constraints(table: Shape, found: dict[int, list[Fact]]) -> Constraints:
    """Blocks, cells to withhold and small counts protected elsewhere, from the facts of each column."""
    rows = len(table.rows)
    blocks: dict[Cell, tuple] = {}
    forced: set[Cell] = set()
    exempt: set[Cell] = set()
    margin = len(table.groups)
    for c, column in found.items():
        blocks.update(_blocks(c, column))
        has_total = table.column_totals if c < margin else table.column_totals and table.row_totals
        targets = [((r, c), frozenset([r])) for r in range(rows)]
        if has_total:
            targets.append(((rows, c), frozenset(range(rows))))
        for cell, covers in targets:
            if _identical(column, covers):
                exempt.add(cell)
            if not _safe(column, covers):
                forced.add(cell)
        if c == margin:
            for fact in column:
                if fact.other_breakdown and not fact.published:
                    forced.update(_period_counts(table, fact.rows | fact.partial))
    return Constraints(blocks, frozenset(forced), frozenset(exempt))


def _blocks(c: int, column: list[Fact]) -> dict[Cell, tuple]:
    """Rows grouped by the facts that hold them whole; a row held in part is a block of its own."""
    frozen = frozenset().union(*(f.partial for f in column))
    found: dict[Cell, tuple] = {}
    for r in frozen:
        found[(r, c)] = ("b", c, "row", r)
    for r in frozenset().union(*(f.rows for f in column)) - frozen:
        signature = tuple(i for i, f in enumerate(column) if r in f.rows)
        found[(r, c)] = ("b", c, signature)
    return found


def _identical(column: list[Fact], covers: frozenset[int]) -> bool:
    return any(f.rows == covers and not f.partial and not f.loose for f in column)


def _safe(column: list[Fact], covers: frozenset[int]) -> bool:
    """Whether a figure over these rows says nothing new: its rows covered elsewhere sum published facts."""
    covered = covers & frozenset().union(*(f.rows | f.partial for f in column))
    if not covered:
        return True
    usable = sorted(
        (f.rows for f in column if f.published and not f.partial and not f.loose and f.rows <= covered),
        key=len,
        reverse=True,
    )
    left = set(covered)
    for rows in usable:
        if rows <= left:
            left -= rows
    return not left


def _period_counts(table: Shape, periods: frozenset[int]) -> set[Cell]:
    """Every count of some periods, and the totals over periods of each group, of a table with a breakdown."""
    if table.breakdown == "none":
        return set()
    found = {(r, c) for r in periods for c in range(len(table.groups))}
    if table.column_totals:
        found.update((len(table.rows), c) for c in range(len(table.groups)))
    return found


def sources(found: dict[int, list[Fact]]) -> list[str]:
    """Where the figures taken into account were released, in first-seen order."""
    return list(dict.fromkeys(f.source for column in found.values() for f in column))
