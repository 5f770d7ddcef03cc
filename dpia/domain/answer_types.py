"""Answer types as objects, in one registry: each knows how to check input, show itself as text, describe
itself in the API schema, be imported, be withheld, be read back from a form and render its form input.

Callers look a question's or a column's type up in ANSWER_TYPES instead of branching on it. Adding an answer
type means a class here and its input macro in templates/assessments/_inputs.html; only a type laid out unlike
text, tables and grids also needs a reading macro in _answers.html and a Word layout in
dpia/services/disclosure/documents.py.

Stored shapes, by answer type: text, long text, choice and yes/no as strings; dates as ISO partial dates;
tables as lists of rows, each with a stable "_id"; grids and sign-offs as {row key: {column: value}}.
Empty answers are left out.
"""

import re
import secrets
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from dpia.domain import json_schema as js
from dpia.domain.posted import date_value, repeating_rows
from dpia.domain.validate import LONG, SHORT, Checker
from dpia.importers import text as reading
from dpia.kinds.derive import DERIVATIONS
from dpia.kinds.model import (
    CHOICE,
    DATE,
    DERIVED,
    GRID,
    LONGTEXT,
    ROW_REF,
    SIGNOFFS,
    TABLE,
    TEXT,
    YESNO,
    Column,
    Kind,
    Question,
    Section,
    SignOff,
)
from dpia.partial_dates import display as date_display
from dpia.vocab import YES_NO, Term, labels

ROW_ID = re.compile(r"^[0-9a-f]{8}$")
SIGNOFF_COLUMNS = (
    Column("name", "Name", TEXT),
    Column("position", "Position", TEXT),
    Column("date", "Date", DATE),
    Column("decision", "Decision", CHOICE),
    Column("comments", "Comments", LONGTEXT),
)
SEPARATOR = " › "
# Dates in imported cells are not checked against today: a review date may lie ahead.
FAR_FUTURE = date(2100, 12, 31)
# The rows of a grid or sign-off table: row key -> (its label, its columns, the choices of its decision).
DeclaredRows = dict[str, tuple[str, tuple[Column, ...], tuple[Term, ...]]]


@dataclass(frozen=True)
class Line:
    """One answer, or one cell, as readable text; `path` identifies it across saves and versions."""

    path: str
    section: str
    label: str
    text: str


@dataclass(frozen=True)
class Target:
    """A part that may be withheld: its path, how people name it, and its text when passages may be chosen."""

    path: str
    label: str
    scope: str  # section, detail, question, row, cell, field
    passages: bool = False
    text: str = ""


@dataclass
class ImportedRow:
    """A table row being read from an imported document: its cells, text that fits no column, and
    derived values the source stated (column key -> (header, cell)), checked against ours when finished."""

    cells: dict
    leftovers: list[str] = field(default_factory=list)
    stated: dict[str, tuple[str, str]] = field(default_factory=dict)

    def keep(self, header: str, cell: str) -> None:
        """Keep a cell's words as text not stored in any column."""
        self.leftovers.append(f"{header}: {cell}" if header else cell)


def new_row_id() -> str:
    """A stable identifier for a table row, kept across saves and versions."""
    return secrets.token_hex(4)


def lower_first(label: str) -> str:
    """A label inside a sentence: "Likelihood" -> "likelihood"."""
    return label[0].lower() + label[1:] if label else label


def row_label(question: Question, index: int) -> str:
    """How the row at `index` of a table is named: "Risk 3"."""
    return f"{question.row_name.capitalize()} {index + 1}"


def row_title(question: Question, answers: dict, row_id: str) -> str:
    """How a row is referred to elsewhere: "Risk 2: <its first words>"."""
    for i, row in enumerate(answers.get(question.key) or []):
        if row["_id"] == row_id:
            first = next((v for k, v in row.items() if k != "_id"), "")
            text = first if len(first) <= 60 else first[:57].rsplit(" ", 1)[0] + "…"
            return f"{row_label(question, i)}: {text}" if text else row_label(question, i)
    return ""


# Made-up answers, for benchmarks and tests (dpia.domain.samples)

FILLER = (
    "The force reviewed the data sources, the model's validation results and the officers' guidance, and"
    " recorded the decision with its reasons for the data protection officer."
)


def token(*parts: str) -> str:
    """The unique word a sample text carries, such as "aims-tok" or "risks-3-source-tok"."""
    return "-".join((*parts, "tok"))


def row_id(question: str, index: int) -> str:
    """A stable, unique row id for sample tables."""
    return f"{zlib.crc32(f'{question}/{index}'.encode()):08x}"


class AnswerType:
    """The behaviour of one answer type; the defaults are those of a simple value stored as a string.

    Question-level methods take a whole answer; cell-level ones a value of a simple question or a table cell.
    """

    name = ""
    # The macro of templates/assessments/_inputs.html that renders its input, and of _answers.html that shows
    # a question's answer; all of each take the same arguments.
    form_macro = ""
    answer_macro = "text_answer"
    # How a Word document lays out a question's answer: "text", "table" or "grid".
    layout = "text"
    # Free text: imported text may be appended to it, and passages of it withheld.
    textual = False
    # Long text, given the wider columns in a Word table.
    paragraphs = False
    # Rows: any number, each with a stable id (repeating), or one per declared row (fixed_rows).
    repeating = False
    fixed_rows = False
    # A cell pointing at a row of another table.
    refers = False
    # False for a value computed from the rest of its row, never entered nor stored.
    stored = True
    # The parts its input posts separately, such as a date's day, month and year.
    parts: tuple[str, ...] = ()
    # How a message asks for a required cell left empty.
    verb = "Enter"
    # The most characters of imported text an answer holds.
    max_length = LONG
    # The header of the column of row labels in a Word grid.
    row_heading = ""

    @property
    def structured(self) -> bool:
        """Whether its answers are made of rows and cells."""
        return self.repeating or self.fixed_rows

    # Checking input

    def clean(self, check: Checker, question: Question, value: object, answers: dict) -> object:
        """One question's answer in its stored shape; problems go to `check`."""
        return self.clean_value(check, question.key, value, question.label, question.choices)

    def clean_value(
        self, check: Checker, key: str, value: object, label: str, choices: tuple[Term, ...]
    ) -> str:
        """One simple value in its stored form, "" when empty."""
        return check.text(key, value, label, max_len=self.max_length)

    def clean_cell(
        self, check: Checker, key: str, label: str, column: Column, value: object, answers: dict
    ) -> str:
        """One table cell in its stored form."""
        return self.clean_value(check, key, value, label, column.choices)

    # Reading answers back

    def text(self, value: str, choices: tuple[Term, ...] = ()) -> str:
        """A simple stored value as people read it."""
        return value or ""

    def cell_value(self, column: Column, row: dict) -> str:
        """A cell's stored value."""
        return row.get(column.key, "")

    def cell_text(
        self, kind: Kind, column: Column, row: dict, answers: dict, choices: tuple[Term, ...] = ()
    ) -> str:
        """A table or grid cell as people read it."""
        return self.text(self.cell_value(column, row), choices or column.choices)

    def lines(
        self, kind: Kind, section: Section, question: Question, value: object, answers: dict
    ) -> Iterator[Line]:
        """A non-empty answer as readable lines."""
        yield Line(question.key, section.title, question.label, self.text(value, question.choices))

    def columns(self, question: Question) -> tuple[Column, ...]:
        """The columns of each row of its answer."""
        return question.columns

    def rows(self, question: Question) -> DeclaredRows:
        """The declared rows of a grid-like answer."""
        return {r.value: (r.label, question.columns, ()) for r in question.rows}

    def row_hints(self, question: Question) -> dict[str, str]:
        """Guidance for each declared row."""
        return {r.value: r.hint for r in question.rows if r.hint}

    def page_heading(self, question: Question, section: Section) -> bool:
        """Whether the assessment page shows the question's label above its answer."""
        return True

    def document_heading(self, question: Question, section: Section) -> bool:
        """Whether a Word document gives the question its own heading."""
        return question.label != section.title

    # What is missing before a step of the workflow

    def missing(
        self, section: Section, question: Question, value: object, stage: str
    ) -> list[tuple[str, str]]:
        """(field, message) for each part of the answer required before `stage` and not given."""
        if question.required_for != stage or value not in (None, "", [], {}):
            return []
        return [(question.key, f"{section.title}: answer ‘{question.label}’")]

    # The API schema

    def schema(self, question: Question) -> dict:
        """The JSON Schema of a question's answer."""
        return {**self.value_schema(question.choices), "description": question.label}

    def value_schema(self, choices: tuple[Term, ...]) -> dict:
        """The JSON Schema of one simple value."""
        return js.text()

    def cell_schema(self, column: Column, choices: tuple[Term, ...]) -> dict | None:
        """The JSON Schema of a cell, or None when the cell is not part of the stored row."""
        return self.value_schema(choices)

    # Withholding

    def targets(self, label: str, question: Question, value: object) -> list[Target]:
        """The parts of an answer that may be withheld."""
        text = value if isinstance(value, str) and self.textual else ""
        return [Target(question.key, label, "question", self.textual, text)]

    def cell_target(self, path: str, label: str, column: Column, row: dict) -> Target | None:
        """A cell that may be withheld, or None when it holds nothing of its own."""
        text = row.get(column.key, "") if self.textual else ""
        return Target(path, f"{label}{SEPARATOR}{column.label}", "cell", self.textual, text)

    # The form

    def posted(self, form: Mapping[str, str], name: str, declared: Question | Column) -> object:
        """What its input posted, in the shape `clean` accepts."""
        return form.get(name, "")

    def input_id(self, name: str) -> str:
        """The id of its input's first box, where an error message links."""
        return name

    # Importing

    def destinations(self, question: Question) -> list[tuple[str, str, str]]:
        """(destination, label, accepts) for each place imported text may go in this question."""
        if not self.textual:
            return []
        return [(f"q:{question.key}", question.label, "text")]

    def read(self, column: Column, cell: str) -> str:
        """A cell's text in the column's stored form, or "" if it cannot be read as that."""
        return ""

    def says_more(self, column: Column, cell: str) -> bool:
        """Whether a cell says more than the value read from it, so its words must be kept too."""
        return False

    def import_cell(self, column: Column, header: str, cell: str, row: ImportedRow) -> None:
        """Put one imported cell into the row, or keep its words when it cannot be read."""
        value = self.read(column, cell)
        if not value:
            row.keep(header, cell)
        elif column.key in row.cells:
            row.cells[column.key] = f"{row.cells[column.key]}\n{value}"
        else:
            row.cells[column.key] = value
            if self.says_more(column, cell):
                row.keep(header, cell)

    def import_complete(self, column: Column, row: ImportedRow) -> bool:
        """Whether an imported row has this cell if it must; may note a disagreement about it."""
        return not (column.required and not row.cells.get(column.key))

    def identify_row(self, row: dict) -> None:
        """Give an imported row whatever every stored row of this type carries."""

    # Made-up answers

    def sample(self, question: Question, answers: dict, rows: int, words: int) -> object:
        """A made-up answer to the question."""
        return self.sample_value(token(question.key), question.choices, words)

    def sample_value(self, label: str, choices: tuple[Term, ...], words: int) -> str:
        """A made-up simple value carrying `label`."""
        return ""

    def sample_cell(self, column: Column, label: str, answers: dict, index: int, words: int) -> str | None:
        """A made-up cell of the `index`th row (from 1), or None when the cell is not stored."""
        return self.sample_value(label, column.choices, words)


# Simple values


class Text(AnswerType):
    """One line of text."""

    name = TEXT
    form_macro = "text_input"
    textual = True
    max_length = SHORT

    def value_schema(self, choices: tuple[Term, ...]) -> dict:
        return js.text(self.max_length)

    def read(self, column: Column, cell: str) -> str:
        return cell if len(cell) <= self.max_length else ""

    def sample_value(self, label: str, choices: tuple[Term, ...], words: int) -> str:
        return f"{label} {FILLER.split()[0]}"


class LongText(Text):
    """Paragraphs of text."""

    name = LONGTEXT
    form_macro = "longtext_input"
    paragraphs = True
    max_length = LONG

    def sample_value(self, label: str, choices: tuple[Term, ...], words: int) -> str:
        filler = (FILLER + " ") * (1 + words // 25)
        return f"{label}. " + " ".join(filler.split()[:words])


class Date(AnswerType):
    """A date known to the year, the month or the day, stored as an ISO partial date."""

    name = DATE
    form_macro = "date_input"
    parts = ("day", "month", "year")

    def clean_value(
        self, check: Checker, key: str, value: object, label: str, choices: tuple[Term, ...]
    ) -> str:
        found = check.partial_date(key, value, label)
        return found.iso() if found else ""

    def text(self, value: str, choices: tuple[Term, ...] = ()) -> str:
        return date_display(value) if value else ""

    def value_schema(self, choices: tuple[Term, ...]) -> dict:
        return js.PARTIAL_DATE

    def posted(self, form: Mapping[str, str], name: str, declared: Question | Column) -> object:
        return date_value(form, name)

    def input_id(self, name: str) -> str:
        return f"{name}-{self.parts[0]}"

    def read(self, column: Column, cell: str) -> str:
        found = reading.dates(cell, FAR_FUTURE)
        return found[0][1].iso() if found else ""

    def says_more(self, column: Column, cell: str) -> bool:
        return len(reading.normalise(cell).split()) > 4

    def sample_value(self, label: str, choices: tuple[Term, ...], words: int) -> str:
        return "2024-03-01"


class Choice(AnswerType):
    """One of the question's or column's `choices`."""

    name = CHOICE
    form_macro = "choice_input"
    verb = "Select"

    def allowed(self, choices: tuple[Term, ...]) -> tuple[Term, ...]:
        """The values it may take."""
        return choices

    def clean_value(
        self, check: Checker, key: str, value: object, label: str, choices: tuple[Term, ...]
    ) -> str:
        if value in (None, ""):
            return ""
        allowed = self.allowed(choices)
        if value not in {t.value for t in allowed}:
            check.fail(key, f"{label} must be one of: {', '.join(t.label for t in allowed)}")
            return ""
        return value  # type: ignore[return-value]

    def text(self, value: str, choices: tuple[Term, ...] = ()) -> str:
        return labels(self.allowed(choices)).get(value, value) if value else ""

    def value_schema(self, choices: tuple[Term, ...]) -> dict:
        return js.enum(self.allowed(choices))

    def read(self, column: Column, cell: str) -> str:
        return reading.term(cell, column.choices) if column.choices else ""

    def says_more(self, column: Column, cell: str) -> bool:
        return len(reading.normalise(cell).split()) > 2

    def sample_value(self, label: str, choices: tuple[Term, ...], words: int) -> str:
        return choices[0].value


class YesNo(Choice):
    """Yes or no."""

    name = YESNO
    form_macro = "yesno_input"
    # Messages have always said "Enter" for a yes/no cell; kept so they stay the same.
    verb = "Enter"

    def allowed(self, choices: tuple[Term, ...]) -> tuple[Term, ...]:
        return YES_NO

    def read(self, column: Column, cell: str) -> str:
        return reading.term(cell, YES_NO)

    def sample_value(self, label: str, choices: tuple[Term, ...], words: int) -> str:
        return "yes"


# Column types beyond the simple values


class RowRef(AnswerType):
    """A cell naming a row of another table of the assessment (a measure's risk), stored as its "_id"."""

    name = ROW_REF
    form_macro = "row_ref_input"
    refers = True
    verb = "Select"

    def clean_cell(
        self, check: Checker, key: str, label: str, column: Column, value: object, answers: dict
    ) -> str:
        targets = {r["_id"] for r in answers.get(column.refers_to) or []}
        cell = value or ""
        if cell and cell not in targets:
            check.fail(key, f"{label} must be one of the {column.refers_to} recorded in this assessment")
            return ""
        return cell  # type: ignore[return-value]

    def cell_text(
        self, kind: Kind, column: Column, row: dict, answers: dict, choices: tuple[Term, ...] = ()
    ) -> str:
        return row_title(kind.questions[column.refers_to], answers, self.cell_value(column, row))

    def cell_schema(self, column: Column, choices: tuple[Term, ...]) -> dict | None:
        return {"type": "string", "description": f"The _id of a row of {column.refers_to}."}

    def cell_target(self, path: str, label: str, column: Column, row: dict) -> Target | None:
        # Withholding the row it points at covers it.
        return None

    def import_cell(self, column: Column, header: str, cell: str, row: ImportedRow) -> None:
        # Resolved once every row is placed, when the rows it may name are known.
        row.cells["_ref"] = cell

    def import_complete(self, column: Column, row: ImportedRow) -> bool:
        return not (column.required and not (row.cells.get(column.key) or row.cells.get("_ref")))

    def sample_cell(self, column: Column, label: str, answers: dict, index: int, words: int) -> str | None:
        targets = answers.get(column.refers_to) or []
        return targets[(index - 1) % len(targets)]["_id"] if targets else ""


class Derived(AnswerType):
    """A value computed from the rest of its row by a function named in the column's `derive`."""

    name = DERIVED
    form_macro = "no_input"
    stored = False

    def clean_cell(
        self, check: Checker, key: str, label: str, column: Column, value: object, answers: dict
    ) -> str:
        # Computed when read, so anything posted for it is ignored.
        return ""

    def cell_value(self, column: Column, row: dict) -> str:
        return DERIVATIONS[column.derive](row)

    def cell_text(
        self, kind: Kind, column: Column, row: dict, answers: dict, choices: tuple[Term, ...] = ()
    ) -> str:
        value = self.cell_value(column, row)
        return labels(column.choices).get(value, value)

    def cell_schema(self, column: Column, choices: tuple[Term, ...]) -> dict | None:
        return None

    def cell_target(self, path: str, label: str, column: Column, row: dict) -> Target | None:
        # Withholding the cells it is computed from covers it.
        return None

    def import_cell(self, column: Column, header: str, cell: str, row: ImportedRow) -> None:
        row.stated[column.key] = (header, cell)

    def import_complete(self, column: Column, row: ImportedRow) -> bool:
        # A value the source states differently from ours is kept as a note, not lost.
        header, cell = row.stated.get(column.key, ("", ""))
        ours = self.cell_value(column, row.cells)
        if cell and reading.term(cell, column.choices) != ours:
            shown = next((t.label for t in column.choices if t.value == ours), "not known")
            row.leftovers.append(f"{header or column.label}: {cell} (the ICO matrix gives {shown})")
        return True

    def sample_cell(self, column: Column, label: str, answers: dict, index: int, words: int) -> str | None:
        return None


# Answers made of rows


class Table(AnswerType):
    """Repeating rows of `columns`, any number, each with a stable "_id"."""

    name = TABLE
    form_macro = "table_input"
    answer_macro = "table_answer"
    layout = "table"
    repeating = True

    def clean(self, check: Checker, question: Question, value: object, answers: dict) -> object:
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            check.fail(question.key, f"{question.label} must be a list of rows")
            return []
        if len(value) > question.max_rows:
            check.fail(question.key, f"Enter {question.max_rows} {question.row_name}s or fewer")
            return []
        rows, seen = [], set()
        for i, raw in enumerate(value):
            found = raw.get("_id") if isinstance(raw.get("_id"), str) and ROW_ID.match(raw["_id"]) else ""
            if not found or found in seen:
                found = new_row_id()
            seen.add(found)
            rows.append(self._clean_row(check, question, i, raw, found, answers))
        return rows

    def _clean_row(
        self, check: Checker, question: Question, i: int, raw: dict, found: str, answers: dict
    ) -> dict:
        row = {"_id": found}
        named = lower_first(row_label(question, i))
        for column in question.columns:
            answer_type = ANSWER_TYPES[column.type]
            key, label = f"{question.key}-{i}-{column.key}", f"{column.label} for {named}"
            cell = answer_type.clean_cell(check, key, label, column, raw.get(column.key), answers)
            if column.required and not cell and key not in check.errors:
                check.fail(key, f"{answer_type.verb} {lower_first(column.label)} for {named}")
            if cell:
                row[column.key] = cell
        return row

    def lines(
        self, kind: Kind, section: Section, question: Question, value: object, answers: dict
    ) -> Iterator[Line]:
        for i, row in enumerate(value):  # type: ignore[arg-type]
            for column in question.columns:
                text = ANSWER_TYPES[column.type].cell_text(kind, column, row, answers)
                if text:
                    label = f"{question.label} › {row_label(question, i)} › {column.label}"
                    yield Line(f"{question.key}/{row['_id']}/{column.key}", section.title, label, text)

    def page_heading(self, question: Question, section: Section) -> bool:
        # The only table of a section goes under the section's title.
        return len(section.questions) > 1

    def document_heading(self, question: Question, section: Section) -> bool:
        return question.label != section.title and len(section.questions) > 1

    def schema(self, question: Question) -> dict:
        columns = {"_id": {"type": "string", "pattern": "^[0-9a-f]{8}$", "description": "Stable row id."}}
        for column in question.columns:
            cell = ANSWER_TYPES[column.type].cell_schema(column, column.choices)
            if cell is not None:
                columns[column.key] = cell
        row = js.obj(columns, description=f"One {question.row_name}.")
        return {"type": "array", "items": row, "maxItems": question.max_rows, "description": question.label}

    def targets(self, label: str, question: Question, value: object) -> list[Target]:
        found = [Target(question.key, f"{label} (all {question.row_name}s)", "question")]
        for i, row in enumerate(value or [], start=1):  # type: ignore[arg-type]
            named = f"{label}{SEPARATOR}{question.row_name.capitalize()} {i}"
            found.append(Target(f"{question.key}/{row['_id']}", named, "row"))
            for column in question.columns:
                path = f"{question.key}/{row['_id']}/{column.key}"
                cell = ANSWER_TYPES[column.type].cell_target(path, named, column, row)
                if cell is not None:
                    found.append(cell)
        return found

    def posted(self, form: Mapping[str, str], name: str, declared: Question | Column) -> object:
        dates = tuple(c.key for c in declared.columns if ANSWER_TYPES[c.type].parts)  # type: ignore[union-attr]
        return repeating_rows(form, name, dates)

    def destinations(self, question: Question) -> list[tuple[str, str, str]]:
        return [(f"t:{question.key}", f"New {question.row_name} in ‘{question.label}’", "row")]

    def identify_row(self, row: dict) -> None:
        row.setdefault("_id", new_row_id())

    def sample(self, question: Question, answers: dict, rows: int, words: int) -> object:
        return [self._sample_row(question, answers, i, words) for i in range(1, rows + 1)]

    def _sample_row(self, question: Question, answers: dict, index: int, words: int) -> dict:
        row = {"_id": row_id(question.key, index)}
        for column in question.columns:
            label = token(question.key, str(index), column.key)
            cell = ANSWER_TYPES[column.type].sample_cell(column, label, answers, index, words)
            if cell is not None:
                row[column.key] = cell
        return row


class Grid(AnswerType):
    """One row per entry of the question's `rows`, each with its `columns`."""

    name = GRID
    form_macro = "grid_input"
    answer_macro = "grid_answer"
    layout = "grid"
    fixed_rows = True

    def clean(self, check: Checker, question: Question, value: object, answers: dict) -> object:
        if value in (None, ""):
            return {}
        if not isinstance(value, dict):
            check.fail(question.key, f"{question.label} must map each row to its answers")
            return {}
        declared = self.rows(question)
        unknown = [k for k in value if k not in declared]
        if unknown:
            check.fail(question.key, f"{question.label} has no row called ‘{unknown[0]}’")
        cleaned = {}
        for key, (label, columns, choices) in declared.items():
            raw = value.get(key) or {}
            if not isinstance(raw, dict):
                check.fail(f"{question.key}-{key}", f"{label} must map each column to its answer")
                continue
            entry = {}
            for column in columns:
                cell = ANSWER_TYPES[column.type].clean_value(
                    check,
                    f"{question.key}-{key}-{column.key}",
                    raw.get(column.key),
                    f"{column.label} for {lower_first(label)}",
                    choices if column.key == "decision" else column.choices,
                )
                if cell:
                    entry[column.key] = cell
            if entry:
                cleaned[key] = entry
        return cleaned

    def lines(
        self, kind: Kind, section: Section, question: Question, value: object, answers: dict
    ) -> Iterator[Line]:
        for key, (label, columns, choices) in self.rows(question).items():
            for column in columns:
                cell_choices = choices if column.key == "decision" else ()
                entry = value.get(key, {})  # type: ignore[union-attr]
                text = ANSWER_TYPES[column.type].cell_text(kind, column, entry, answers, cell_choices)
                if text:
                    path = f"{question.key}/{key}/{column.key}"
                    yield Line(path, section.title, f"{question.label} › {label} › {column.label}", text)

    def page_heading(self, question: Question, section: Section) -> bool:
        # The table's caption names it.
        return False

    def missing(
        self, section: Section, question: Question, value: object, stage: str
    ) -> list[tuple[str, str]]:
        if question.required_for != stage:
            return []
        value = value or {}
        return [
            (
                f"{question.key}-{row.value}-{column.key}",
                f"{section.title}: select {lower_first(column.label)} for {lower_first(row.label)}",
            )
            for row in question.rows
            for column in question.columns
            if column.required and not value.get(row.value, {}).get(column.key)  # type: ignore[union-attr]
        ]

    def schema(self, question: Question) -> dict:
        rows = {}
        for key, (label, columns, choices) in self.rows(question).items():
            cells = {}
            for c in columns:
                cell = ANSWER_TYPES[c.type].cell_schema(c, choices if c.key == "decision" else c.choices)
                if cell is not None:
                    cells[c.key] = cell
            rows[key] = js.obj(cells, description=label)
        return js.obj(rows, description=question.label)

    def targets(self, label: str, question: Question, value: object) -> list[Target]:
        found = [Target(question.key, f"{label} (the whole table)", "question")]
        for key, (row_name, columns, _) in self.rows(question).items():
            named = f"{label}{SEPARATOR}{row_name}"
            found.append(Target(f"{question.key}/{key}", named, "row"))
            cells = (value or {}).get(key, {})  # type: ignore[union-attr]
            for c in columns:
                cell = ANSWER_TYPES[c.type].cell_target(f"{question.key}/{key}/{c.key}", named, c, cells)
                if cell is not None:
                    found.append(cell)
        return found

    def posted(self, form: Mapping[str, str], name: str, declared: Question | Column) -> object:
        return {
            key: {
                column.key: ANSWER_TYPES[column.type].posted(form, f"{name}-{key}-{column.key}", column)
                for column in columns
            }
            for key, (_, columns, _) in self.rows(declared).items()  # type: ignore[arg-type]
        }

    def destinations(self, question: Question) -> list[tuple[str, str, str]]:
        return [
            (f"g:{question.key}:{key}", f"{question.label} › {label}", "row")
            for key, (label, _, _) in self.rows(question).items()
        ]

    def sample(self, question: Question, answers: dict, rows: int, words: int) -> object:
        return {
            row.value: {
                c.key: ANSWER_TYPES[c.type].sample_value(
                    token(question.key, row.value, c.key), c.choices, words
                )
                for c in question.columns
            }
            for row in question.rows
        }


class SignOffs(Grid):
    """One row per sign-off in the question's `signoffs`: who decided what, and when."""

    name = SIGNOFFS
    row_heading = "Sign-off"

    def columns(self, question: Question) -> tuple[Column, ...]:
        return SIGNOFF_COLUMNS

    def rows(self, question: Question) -> DeclaredRows:
        return {s.key: (s.label, SIGNOFF_COLUMNS, s.decisions) for s in question.signoffs}

    def row_hints(self, question: Question) -> dict[str, str]:
        return {s.key: s.hint for s in question.signoffs if s.hint}

    def missing(
        self, section: Section, question: Question, value: object, stage: str
    ) -> list[tuple[str, str]]:
        # Sign-offs are due at approval, whatever the question says.
        if stage != "approve":
            return AnswerType.missing(self, section, question, value, stage)
        found = []
        for signoff in question.signoffs:
            entry = (value or {}).get(signoff.key, {})  # type: ignore[union-attr]
            found += _missing_signoff(question, signoff, entry)
        return found

    def sample(self, question: Question, answers: dict, rows: int, words: int) -> object:
        return {
            s.key: {
                "name": token(question.key, s.key, "name"),
                "position": "Data Protection Officer",
                "date": "2024-03-01",
                "decision": s.decisions[0].value,
                "comments": token(question.key, s.key, "comments"),
            }
            for s in question.signoffs
        }


def _missing_signoff(question: Question, signoff: SignOff, entry: dict) -> list[tuple[str, str]]:
    found = []
    absent = [c for c in ("name", "position", "date", "decision") if signoff.required and not entry.get(c)]
    if absent:
        listed = ", ".join(absent[:-1]) + (" and " if len(absent) > 1 else "") + absent[-1]
        found.append(
            (f"{question.key}-{signoff.key}-{absent[0]}", f"Sign-off ‘{signoff.label}’ needs a {listed}")
        )
    if signoff.required and entry.get("decision", "").startswith("not_"):
        decision = labels(signoff.decisions)[entry["decision"]]
        found.append(
            (f"{question.key}-{signoff.key}-decision", f"Sign-off ‘{signoff.label}’ records ‘{decision}’")
        )
    if entry.get("decision") in signoff.reasons_required_for and not entry.get("comments"):
        decision = labels(signoff.decisions)[entry["decision"]].lower()
        found.append(
            (
                f"{question.key}-{signoff.key}-comments",
                f"Sign-off ‘{signoff.label}’: explain why it was {decision}",
            )
        )
    return found


ANSWER_TYPES: dict[str, AnswerType] = {
    t.name: t
    for t in (Text(), LongText(), Choice(), Date(), YesNo(), Table(), Grid(), SignOffs(), RowRef(), Derived())
}
