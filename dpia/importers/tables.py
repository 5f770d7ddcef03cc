"""Recognising risk and measure tables as people write them, by what their columns hold; reading their rows.

A header cell names one of a table question's columns by its label or a declared synonym ("Threat",
"Hazard", "L", "Impact", "Level"), the row's own identifier ("ID", "Ref"), or a column our table does not
have ("Status", "Owner" of a risk): those cells are kept in the row's text. A column no header names may
still be recognised by its cells (identifiers, words of one scale, the longest text). Likelihood, severity,
overall, residual and effect cells are read through the declared scales (`dpia.importers.scales`), and the
value as written is kept in the row's text whenever it is not the ICO's own word. A pure module.
"""

import re
from dataclasses import dataclass, field

from dpia.domain import reading
from dpia.domain.answer_types import ANSWER_TYPES, ImportedRow, lower_first
from dpia.importers import scales
from dpia.importers.plan import ROW_KEY, columns_of, finish_row, header_map
from dpia.kinds.model import Column, Kind, Question

IDENTIFIER = ROW_KEY  # the row's own identifier: kept in its text, and what references to it name
EXTRA = "_extra"  # a column our table does not have: its cells are kept in the row's text
# Header words naming each column (by column key), beyond the column's own label.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "source": (
        "description",
        "risk",
        "risks",
        "risk description",
        "description of risk",
        "threat",
        "threats",
        "hazard",
        "hazards",
        "source of risk",
        "risk source",
        "risk event",
        "issue",
        "what could go wrong",
    ),
    "likelihood": ("likelihood", "l", "p", "probability", "likelihood of harm", "chance"),
    "severity": ("severity", "s", "i", "c", "impact", "consequence", "consequences", "severity of harm"),
    "overall": (
        "overall",
        "overall risk",
        "level",
        "risk level",
        "rating",
        "risk rating",
        "score",
        "risk score",
        "inherent risk",
        "initial risk",
        "l x i",
        "l x s",
        "lxi",
        "lxs",
        "rag",
    ),
    "risk": ("risk", "risks", "risk id", "risk ref", "risk no", "risk number", "risk reference", "for risk"),
    "option": (
        "measure",
        "measures",
        "action",
        "actions",
        "control",
        "controls",
        "mitigation",
        "mitigations",
        "mitigating action",
        "mitigating actions",
        "safeguard",
        "safeguards",
        "treatment",
        "options",
        "proposed measure",
        "proposed measures",
    ),
    "effect": ("effect", "effect on risk", "outcome"),
    "residual": ("residual", "residual risk", "residual level", "target risk", "risk after"),
    "approved": ("approved", "measure approved", "agreed"),
    "owner": ("owner", "risk owner", "action owner", "responsible", "lead"),
    "due": ("due", "due date", "deadline", "target date", "by when", "completion date"),
}
IDENTIFIER_WORDS = (
    "id",
    "ref",
    "reference",
    "no",
    "number",
    "risk id",
    "risk ref",
    "risk no",
    "risk number",
    "measure id",
    "measure ref",
    "measure no",
    "action id",
    "action no",
)
# Columns people keep that no table of ours has: kept in the row's text under their header.
OTHER_WORDS = (
    "status",
    "notes",
    "note",
    "comments",
    "comment",
    "category",
    "type",
    "review date",
    "date raised",
)
# A table is read as the first of these questions (that the kind has) whose columns it has: all of the first
# and one of the second. Likelihood and severity make a risk register even when it has a mitigation column;
# a measure column alone may be an EqIA's mitigations, so a measures table also names a risk or an effect.
DECIDING = (
    ("risks", ("likelihood", "severity"), ()),
    ("measures", ("option",), ("risk", "effect", "residual")),
)
_IDENTIFIER_CELL = re.compile(r"^\s*[a-z]{0,4}\s?[-./]?\s?\d{1,3}[a-z]?\s*$", re.I)


@dataclass
class Layout:
    """How one table's columns are read as rows of one table question."""

    question: Question
    headers: list[str]
    roles: list[str]  # per column: a column key, IDENTIFIER, EXTRA or "" (unknown: kept in the text too)
    tops: dict[int, int] = field(default_factory=dict)  # per column: the top of its numeric scale

    def column(self, key: str) -> Column | None:
        return next((c for c in columns_of(self.question) if c.key == key), None)

    def describe(self) -> str:
        """How each column is read, for the preview: "L is likelihood of harm; Status is kept in the text"."""
        named, kept = [], []
        for role, header in zip(self.roles, self.headers, strict=True):
            column = self.column(role)
            shown = " ".join(header.split()) or "(no header)"
            shown = f"‘{shown[:40]}…’" if len(shown) > 40 else shown
            if column is not None and reading.normalise(header) != reading.normalise(column.label):
                named.append(f"{shown} is {lower_first(column.label)}")
            elif column is None:
                kept.append(shown)
        if kept:
            named.append(f"{', '.join(kept)} kept in each row's text")
        return "; ".join(named) if named else "every column by its name"

    def shown(self) -> list[str]:
        """The header of each column as shown in a row's text: our label where it names one of ours."""
        labels = {c.key: c.label for c in columns_of(self.question)}
        return [labels.get(role, header) for role, header in zip(self.roles, self.headers, strict=True)]


@dataclass
class Applied:
    """One cell read through a scale other than the ICO's own words."""

    column: str
    header: str
    written: str
    becomes: str
    scale: str


@dataclass
class RowReading:
    """One row read as a row of a table question: the option to place it, or why it cannot be read."""

    option: dict | None
    why: str = ""
    applied: list[Applied] = field(default_factory=list)


def table_questions(kind: Kind) -> list[Question]:
    """The questions a table row may be read into wherever it was found: those that decide tables."""
    found = [kind.questions.get(key) for key, _, _ in DECIDING]
    return [q for q in found if q is not None and ANSWER_TYPES[q.type].repeating]


def decide(kind: Kind, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> Layout | None:
    """The table question a header (and the rows under it) describes, if it is one of the deciding ones."""
    for key, every, some in DECIDING:
        question = kind.questions.get(key)
        if question is None or not ANSWER_TYPES[question.type].repeating:
            continue
        found = layout(question, headers, rows)
        if all(role in found.roles for role in every) and (not some or any(r in found.roles for r in some)):
            return found
    return None


def layout(question: Question, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> Layout:
    """How a table with these header cells and data rows is read as rows of `question`."""
    columns = columns_of(question)
    named = [_role(header, columns) for header in headers]
    roles = [""] * len(headers)
    # Each of our columns is filled from one column of theirs, an exact name before a longer header
    # ("Likelihood" before "Likelihood score"); any other column naming it is kept as text.
    for i, (role, _) in sorted(enumerate(named), key=lambda found: -found[1][1]):
        roles[i] = role if role in (EXTRA, "") or role not in roles else EXTRA
    for i, key in enumerate(header_map(list(headers), columns)):
        # The ICO template's headers are prose ("Describe source of risk and nature of potential impact…").
        if not roles[i] and key and key != "_label" and key not in roles:
            roles[i] = key
    found = Layout(question, list(headers), roles)
    _by_content(found, rows)
    found.tops = _tops(found, rows)
    return found


def _clean(header: str) -> str:
    """A header without its bracketed hints ("Likelihood (1-5)") and numbers, normalised."""
    text = re.sub(r"[(\[].*?[)\]]", " ", header)
    return reading.normalise(re.sub(r"\d", " ", text))


def _role(header: str, columns: tuple[Column, ...]) -> tuple[str, int]:
    """What a header cell names (one of `columns`, the identifier, a column we do not have, or ""), and how
    surely: 2 when it is a known name, 1 when it starts with one."""
    clean = _clean(header)
    if not clean:
        return (IDENTIFIER, 2) if header.strip() in ("#", "No.", "№") else ("", 0)
    keys = {c.key for c in columns}
    candidates = [(reading.normalise(c.label), c.key) for c in columns]
    candidates += [(phrase, c.key) for c in columns for phrase in HEADER_WORDS.get(c.key, ())]
    candidates += [(phrase, IDENTIFIER) for phrase in IDENTIFIER_WORDS]
    candidates += [(p, EXTRA) for key, phrases in HEADER_WORDS.items() if key not in keys for p in phrases]
    candidates += [(phrase, EXTRA) for phrase in OTHER_WORDS]
    exact = next((role for phrase, role in candidates if phrase == clean), "")
    if exact:
        return exact, 2
    # "Impact on individuals", "Residual risk rating": the longest known phrase it starts with.
    prefixes = [
        (len(p), -n, role)
        for n, (p, role) in enumerate(candidates)
        if len(p) > 1 and clean.startswith(f"{p} ")
    ]
    return (max(prefixes)[2], 1) if prefixes else ("", 0)


def _by_content(found: Layout, rows: list[tuple[str, ...]]) -> None:
    """Name columns no header names from what their cells hold, one role each, only where that is clear."""
    unknown = [i for i, role in enumerate(found.roles) if not role]
    cells = {i: [r[i].strip() for r in rows if i < len(r) and r[i].strip()] for i in unknown}
    cells = {i: values for i, values in cells.items() if values}
    # Identifiers stand first, one to a row ("R1", "R2"), where a column of scores would not.
    first = cells.get(0, [])
    if IDENTIFIER not in found.roles and first and all(_IDENTIFIER_CELL.match(v) for v in first):
        if len(set(first)) == len(first):
            found.roles[0] = IDENTIFIER
            cells.pop(0)
    for column in columns_of(found.question):
        if column.key in found.roles or not scales.has_scales(column.choices) or not _stored(column):
            continue
        fits = [i for i, values in cells.items() if all(_only_this_scale(v, column, found) for v in values)]
        if len(fits) == 1:
            found.roles[fits[0]] = column.key
            cells.pop(fits[0])
    text = next((c for c in columns_of(found.question) if _long(c) and c.required), None)
    if text is not None and text.key not in found.roles and cells:
        longest = max(cells, key=lambda i: sum(len(v) for v in cells[i]) / len(cells[i]))
        found.roles[longest] = text.key


def _only_this_scale(cell: str, column: Column, found: Layout) -> bool:
    """Whether a cell is a point of this column's scales, and of no other scaled column's of the table."""
    if not scales.only_a_point(cell, column.choices):
        return False
    others = [c for c in columns_of(found.question) if c.key != column.key and scales.has_scales(c.choices)]
    return all(scales.read_words(cell, c.choices) is None for c in others)


def _tops(found: Layout, rows: list[tuple[str, ...]]) -> dict[int, int]:
    """The top of each scaled column's numeric scale: stated in its header or cells, else the highest seen."""
    tops: dict[int, int] = {}
    points: list[int] = []  # scale points seen in likelihood and severity columns
    for i, role in enumerate(found.roles):
        column = found.column(role)
        if column is None or not scales.has_scales(column.choices) or scales.scores(column.choices):
            continue
        values = [r[i] for r in rows if i < len(r)]
        stated = scales.range_hint(found.headers[i]) or max(map(scales.range_hint, values), default=0)
        if stated:
            tops[i] = stated
        points += [n for n in map(scales.number, values) if n is not None]
    # A top stated for one column holds for the others; else the highest point seen sets it.
    # A number past the longest scale fits none; it is reported on its row, not taken as the top.
    seen = max((n for n in points if n <= scales.TOPS[-1]), default=0)
    shared = max(tops.values(), default=0) or next((t for t in scales.TOPS if seen and seen <= t), 0)
    for i, role in enumerate(found.roles):
        column = found.column(role)
        if column is None or not scales.has_scales(column.choices) or i in tops:
            continue
        if scales.scores(column.choices):
            seen = [n for n in (scales.number(r[i]) for r in rows if i < len(r)) if n is not None]
            tops[i] = shared or scales.top_for_scores(max(seen, default=0))
        else:
            tops[i] = shared
    return tops


def is_scale_guidance(found: Layout, cells: tuple[str, ...]) -> bool:
    """Whether a row is the template's list of each column's choices ("Remote, possible or probable")."""
    named = []
    for i, cell in enumerate(c.strip() for c in cells):
        if not cell:
            continue
        column = found.column(found.roles[i]) if i < len(found.roles) else None
        if column is None or not column.choices:
            return False
        named.append(len(_choices_named(cell, column)) >= 2)
    return bool(named) and all(named)


def _choices_named(cell: str, column: Column) -> set[str]:
    if scales.has_scales(column.choices):
        return scales.points_named(cell, column.choices)
    clean = f" {reading.normalise(cell)} "
    return {t.value for t in column.choices if f" {reading.normalise(t.label)} " in clean}


def read_row(found: Layout, cells: tuple[str, ...]) -> RowReading:
    """One data row read as a row of the layout's question, or which cell stops it and why."""
    reader = _RowReader(found)
    for i, cell in enumerate(c.strip() for c in cells):
        if cell and i < len(found.roles):
            reader.cell(i, cell)
    return reader.finish()


class _RowReader:
    """Reads one row's cells in turn, keeping what does not fit a column in the row's own text."""

    def __init__(self, found: Layout) -> None:
        self.found = found
        self.shown = found.shown()
        self.row = ImportedRow({})
        self.notes: list[str] = []  # identifiers, values as written and cells of columns we do not have
        self.applied: list[Applied] = []
        self.problems: dict[str, str] = {}
        self.stated: list[
            tuple[Column, str, str]
        ] = []  # a stated overall risk: (column, as written, as read)

    def cell(self, i: int, cell: str) -> None:
        role, header = self.found.roles[i], self.shown[i]
        column = self.found.column(role)
        if column is None:
            if role == IDENTIFIER:
                self.row.cells[IDENTIFIER] = cell
            self.notes.append(f"{header}: {cell}" if header else cell)
        elif scales.has_scales(column.choices):
            self.scaled(i, column, cell)
        else:
            ANSWER_TYPES[column.type].import_cell(column, header, cell, self.row)

    def scaled(self, i: int, column: Column, cell: str) -> None:
        """A likelihood, severity, level or effect: read through the declared scales, kept as written."""
        read = scales.read(cell, column.choices, self.found.tops.get(i, 0))
        if read is None and column.required:
            self.problems[column.key] = f"the {lower_first(column.label)} ‘{cell}’ is not on any known scale"
            return
        own = read is not None and scales.is_own_word(cell, column.choices, read.value)
        if not own:
            self.notes.append(f"{column.label} as written: {cell}")
        if read is None:
            return
        if not own:
            becomes = scales.label(column.choices, read.value)
            self.applied.append(Applied(column.label, self.found.headers[i], cell, becomes, read.scale))
        if not ANSWER_TYPES[column.type].stored:
            self.stated.append((column, cell, read.value))
        else:
            self.row.cells[column.key] = read.value

    def finish(self) -> RowReading:
        why = _missing(self.found, self.row, self.problems)
        if why:
            return RowReading(None, why)
        for column, cell, value in self.stated:
            ours = ANSWER_TYPES[column.type].cell_value(column, self.row.cells)
            if value != ours:
                shown = scales.label(column.choices, ours) if ours else "not known"
                self.row.leftovers.append(f"{column.label}: {cell} (the ICO matrix gives {shown})")
        _keep_notes(self.found.question, self.row, self.notes)
        option = finish_row(self.found.question, self.row.cells, self.row.leftovers)
        return RowReading(option, "" if option else "a required cell could not be read", self.applied)


def _missing(found: Layout, row: ImportedRow, problems: dict[str, str]) -> str:
    """Why the row lacks a cell its question requires ("" when it has them all)."""
    reasons = []
    for column in columns_of(found.question):
        if not column.required:
            continue
        if column.key in problems:
            reasons.append(problems[column.key])
        elif not ANSWER_TYPES[column.type].import_complete(column, row):
            named = column.key in found.roles
            what = lower_first(column.label)
            reasons.append(f"no {what} is given" if named else f"the table has no ‘{column.label}’ column")
    return "; ".join(reasons)


def _keep_notes(question: Question, row: ImportedRow, notes: list[str]) -> None:
    """Add what the row says beyond our columns to its main text, so it stays with the row."""
    if not notes:
        return
    text = next((c.key for c in columns_of(question) if _long(c) and row.cells.get(c.key)), "")
    if text:
        row.cells[text] = "\n".join([row.cells[text], *notes])
    else:
        row.leftovers.extend(notes)


def _stored(column: Column) -> bool:
    """False for a value computed from the rest of its row (an overall risk), never read from a cell."""
    return ANSWER_TYPES[column.type].stored


def _long(column: Column) -> bool:
    """A column of long text, where values kept as written are added."""
    return ANSWER_TYPES[column.type].paragraphs
