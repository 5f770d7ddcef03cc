"""Statistical disclosure control for a two-way table of counts: pure functions, no I/O.

The table is periods (rows) by groups (columns) with optional margins: a total per row
(`row_totals`), a total per column (`column_totals`) and, when both are shown, the grand total.
Margins are cells like any other: they may be suppressed too.

Guarantees, against an intruder who sees the release and knows how it was made:
- primary: every count from 1 to threshold - 1, margins included, is suppressed; zeros are
  published (a zero says nothing about a person, and hiding zeros hides most of a sparse table);
- published cells show their true value;
- every primary-suppressed cell has at least two values consistent with everything published,
  even for an intruder who knows which cells are primary (1 to threshold - 1) and that every
  other suppressed cell is 0 or at least the threshold. Each such cell is checked by finding an
  explicit alternative table (a +1/-1 cycle through suppressed cells) before the release is made;
- when no pattern can do that (tiny tables: one period, two people), `withheld` is true and
  the caller must release no figures at all.

Releases checked together: `Constraints` (made by `joint.constraints` from figures other releases
published) add what an intruder knows from elsewhere. Cells whose sum is known elsewhere form a
block whose changes must add up to zero, so an alternative table never changes a figure released
elsewhere; cells that must stay withheld because another release withheld them are suppressed
first; and a small count identical to a figure released elsewhere is not this table's to protect
(it is public, or that release protects it and the withholding carried here keeps it protected).

Not guaranteed: the exact interval an intruder can narrow a cell to (it may be as small as two
values); secondary cells (0 or at least the threshold) may be pinned; and an alternative table
keeps a withheld figure of another release inside the range an intruder would allow it.
"""

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

PUBLISHED = "published"
PRIMARY = "primary"
SECONDARY = "secondary"

Cell = tuple[int, int]
Line = tuple


@dataclass(frozen=True)
class Constraints:
    """What other releases tell an intruder about a table: see `joint.constraints`."""

    # A cell whose column sum is known in part: its block, a line whose changes must add up to zero.
    blocks: dict[Cell, Line] = field(default_factory=dict)
    # Cells to withhold whatever their value: publishing them would undo another release's withholding.
    forced: frozenset[Cell] = frozenset()
    # Small counts identical to a figure released elsewhere: public already, or protected there.
    exempt: frozenset[Cell] = frozenset()


NONE = Constraints()


@dataclass(frozen=True)
class Suppression:
    """A table with margins, and which of its cells may not be published."""

    values: tuple[tuple[int, ...], ...]
    status: tuple[tuple[str, ...], ...]
    rows: int
    columns: int
    row_totals: bool
    column_totals: bool
    threshold: int
    pinned: tuple[Cell, ...] = ()
    constraints: Constraints = NONE

    @property
    def withheld(self) -> bool:
        """True when even withholding every cell leaves a small count derivable: release nothing."""
        return bool(self.pinned)

    def suppressed(self, cell: Cell) -> bool:
        """Whether a cell (margins included) is withheld."""
        return self.status[cell[0]][cell[1]] != PUBLISHED

    def shown(self, primary_symbol: str, secondary_symbol: str) -> list[list[str]]:
        """The table as released: numbers, or a symbol where a cell is withheld."""
        symbols = {PRIMARY: primary_symbol, SECONDARY: secondary_symbol}
        return [
            [symbols.get(s, str(v)) for v, s in zip(row, states, strict=True)]
            for row, states in zip(self.values, self.status, strict=True)
        ]


class _Grid:
    """The working state: values and status of the extended table, and its constrained lines."""

    def __init__(
        self,
        cells: Sequence[Sequence[int]],
        threshold: int,
        row_totals: bool,
        column_totals: bool,
        constraints: Constraints = NONE,
    ):
        self.rows = len(cells)
        self.columns = len(cells[0]) if cells else 0
        self.row_totals = row_totals
        self.column_totals = column_totals
        self.threshold = threshold
        self.values = _with_margins(cells, row_totals, column_totals)
        self.height = len(self.values)
        self.width = len(self.values[0]) if self.values else 0
        self.status = [[PRIMARY if 0 < v < threshold else PUBLISHED for v in row] for row in self.values]
        self.blocks = constraints.blocks
        self.members: dict[Line, list[Cell]] = {}
        for r in range(self.height):
            for c in range(self.width):
                for line in (self.row_line(r), self.column_line((r, c))):
                    if line is not None:
                        self.members.setdefault(line, []).append((r, c))

    def is_margin(self, cell: Cell) -> bool:
        return cell[0] >= self.rows or cell[1] >= self.columns

    @classmethod
    def of(cls, result: "Suppression") -> "_Grid":
        """The working state of a finished suppression, to check it."""
        inner = [list(row[: result.columns]) for row in result.values[: result.rows]]
        grid = cls(inner, result.threshold, result.row_totals, result.column_totals, result.constraints)
        grid.status = [list(row) for row in result.status]
        return grid

    def row_line(self, r: int) -> Line | None:
        """The constraint a row of the extended table obeys, or None when it obeys none."""
        if r < self.rows:
            return ("r", r) if self.row_totals else None
        return ("r", r) if self.row_totals and self.column_totals else None

    def column_line(self, cell: Cell) -> Line | None:
        """The column constraint a cell is in: its block, when its part of the column is known elsewhere."""
        if cell in self.blocks:
            return self.blocks[cell]
        c = cell[1]
        if c < self.columns:
            return ("c", c) if self.column_totals else None
        return ("c", c) if self.row_totals and self.column_totals else None

    def line_cells(self, line: Line) -> list[Cell]:
        return self.members[line]

    def lines(self) -> list[Line]:
        return list(self.members)

    def allowed(self, cell: Cell, value: int) -> bool:
        """Whether the intruder would think `value` possible for a suppressed cell."""
        if self.status[cell[0]][cell[1]] == PRIMARY:
            return 1 <= value < self.threshold
        return value == 0 or value >= self.threshold

    def orientation(self, cell: Cell) -> int:
        # With margins negated every constrained line sums to zero; the corner is negated twice.
        return -1 if (cell[0] >= self.rows) != (cell[1] >= self.columns) else 1


def _with_margins(cells: Sequence[Sequence[int]], row_totals: bool, column_totals: bool) -> list[list[int]]:
    table = [list(row) for row in cells]
    if row_totals:
        for row in table:
            row.append(sum(row))
    if column_totals and table:
        table.append([sum(column) for column in zip(*table, strict=True)])
    return table


def suppress(
    cells: Sequence[Sequence[int]],
    threshold: int = 5,
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    constraints: Constraints = NONE,
) -> Suppression:
    """Decide which cells of a table of counts to withhold: small counts, then enough others.

    `constraints` say what other releases published (see `joint.constraints`); without them the table
    is protected on its own.
    """
    if threshold < 3:
        # With a threshold of 2 a suppressed count is known to be 1.
        raise ValueError("threshold must be 3 or more")
    if any(v < 0 for row in cells for v in row) or len({len(row) for row in cells}) > 1:
        raise ValueError("cells must be a rectangle of non-negative counts")
    grid = _Grid(cells, threshold, row_totals, column_totals, constraints)
    for r, c in constraints.forced:
        if grid.status[r][c] == PUBLISHED:
            grid.status[r][c] = SECONDARY
    _complete_lines(grid)
    pinned = []
    for cell in _cells(grid, PRIMARY):
        if cell in constraints.exempt:
            continue
        while _alternative(grid, cell) is None:
            if not _protect(grid, cell):
                pinned.append(cell)
                break
            _complete_lines(grid)
    return Suppression(
        values=tuple(tuple(row) for row in grid.values),
        status=tuple(tuple(row) for row in grid.status),
        rows=grid.rows,
        columns=grid.columns,
        row_totals=row_totals,
        column_totals=column_totals,
        threshold=threshold,
        pinned=tuple(pinned),
        constraints=constraints,
    )


def _cells(grid: _Grid, state: str) -> list[Cell]:
    return [(r, c) for r in range(grid.height) for c in range(grid.width) if grid.status[r][c] == state]


def _cost(grid: _Grid, cell: Cell) -> tuple:
    """Lower is a better complement: an inner cell with room to move both ways, in a line already touched."""
    value = grid.values[cell[0]][cell[1]]
    crossing = [grid.row_line(cell[0]), grid.column_line(cell)]
    untouched = sum(
        1
        for line in crossing
        if line is not None and not any(grid.status[r][c] != PUBLISHED for r, c in grid.line_cells(line))
    )
    return (grid.is_margin(cell), value <= grid.threshold, untouched, value, cell)


def _complete_lines(grid: _Grid) -> None:
    """Secondary suppression until no constrained line has exactly one withheld cell."""
    changed = True
    while changed:
        changed = False
        for line in grid.lines():
            members = grid.line_cells(line)
            withheld = [cell for cell in members if grid.status[cell[0]][cell[1]] != PUBLISHED]
            if len(withheld) != 1:
                continue
            candidates = [cell for cell in members if grid.status[cell[0]][cell[1]] == PUBLISHED]
            if candidates:
                chosen = min(candidates, key=lambda cell: _cost(grid, cell))
                grid.status[chosen[0]][chosen[1]] = SECONDARY
                changed = True


def _protect(grid: _Grid, cell: Cell) -> bool:
    """Withhold one more cell near a pinned one; False when nothing is left to withhold."""
    near = [grid.row_line(cell[0]), grid.column_line(cell)]
    candidates = [
        other
        for line in near
        if line is not None
        for other in grid.line_cells(line)
        if grid.status[other[0]][other[1]] == PUBLISHED
    ]
    if not candidates:
        candidates = _cells(grid, PUBLISHED)
    if not candidates:
        return False
    chosen = min(candidates, key=lambda other: _cost(grid, other))
    grid.status[chosen[0]][chosen[1]] = SECONDARY
    return True


def witness(result: Suppression, cell: Cell) -> dict[Cell, int] | None:
    """Changes to withheld cells that keep every published number true but change `cell`, or None."""
    grid = _Grid.of(result)
    change = _alternative(grid, cell)
    if change is None:
        return None
    return {c: step * grid.orientation(c) for c, step in change.items()}


def _alternative(grid: _Grid, start: Cell) -> dict[Cell, int] | None:
    """Changes (with margins negated) that keep the published numbers but move `start`, or None.

    Searches for a cycle through suppressed cells, alternately +1 and -1, that stays inside what
    an intruder knows about each cell. Finding one proves `start` has two possible values.
    """
    for sign in (1, -1):
        change = _cycle(grid, start, sign)
        if change is not None and _consistent(grid, change):
            return change
    return None


FREE = ("free", 0)


def _node(grid: _Grid, cell: Cell, side: str):
    line = grid.row_line(cell[0]) if side == "r" else grid.column_line(cell)
    return line if line is not None else FREE


def _cycle(grid: _Grid, start: Cell, sign: int) -> dict[Cell, int] | None:
    """Breadth-first search over (line, sign owed) for a path back to where `start` began."""
    if not _can_move(grid, start, sign):
        return None
    origin, first = _node(grid, start, "r"), _node(grid, start, "c")
    if FREE in (origin, first) and origin == first:
        return {start: sign}
    # The next edge must carry -sign to balance `first`; a free line owes nothing (None).
    begin = (first, None if first == FREE else -sign)
    previous: dict = {begin: None}
    queue = deque([begin])
    edges = _edges(grid, start)
    while queue:
        node, owed = queue.popleft()
        for cell, other in edges.get(node, ()):
            for step in (owed,) if owed is not None else (1, -1):
                if not _can_move(grid, cell, step):
                    continue
                if other == origin and (origin == FREE or step == -sign):
                    return _path(previous, (node, owed), {start: sign}, cell, step)
                state = (other, None if other == FREE else -step)
                if state not in previous:
                    previous[state] = ((node, owed), cell, step)
                    queue.append(state)
    return None


def _edges(grid: _Grid, skip: Cell) -> dict:
    """Suppressed cells as edges between their row line and column line."""
    edges: dict = {}
    for cell in _cells(grid, PRIMARY) + _cells(grid, SECONDARY):
        if cell == skip:
            continue
        row, column = _node(grid, cell, "r"), _node(grid, cell, "c")
        edges.setdefault(row, []).append((cell, column))
        if column != row:
            edges.setdefault(column, []).append((cell, row))
    return edges


def _path(previous: dict, state, change: dict, cell: Cell, step: int) -> dict[Cell, int]:
    change = dict(change)
    change[cell] = change.get(cell, 0) + step
    while previous[state] is not None:
        state, cell, step = previous[state]
        change[cell] = change.get(cell, 0) + step
    return change


def _can_move(grid: _Grid, cell: Cell, step: int) -> bool:
    value = grid.values[cell[0]][cell[1]] + step * grid.orientation(cell)
    return grid.allowed(cell, value)


def _consistent(grid: _Grid, change: dict[Cell, int]) -> bool:
    """Whether a change keeps every constrained line adding up and every cell possible."""
    for cell, step in list(change.items()):
        if step == 0:
            del change[cell]
        elif not grid.allowed(cell, grid.values[cell[0]][cell[1]] + step * grid.orientation(cell)):
            return False
    for line in grid.lines():
        if sum(change.get(cell, 0) for cell in grid.line_cells(line)) != 0:
            return False
    return True
