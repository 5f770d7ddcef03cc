"""The base of every answer type, with the records and helpers the types share."""

import re
import secrets
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from dpia.domain import json_schema as js
from dpia.domain.validate import LONG, Checker
from dpia.kinds.model import (
    CHOICE,
    DATE,
    LONGTEXT,
    TEXT,
    Column,
    Kind,
    Question,
    Section,
)
from dpia.vocab import Term

ROW_ID = re.compile(r"^[0-9a-f]{8}$")
SIGNOFF_COLUMNS = (
    Column("name", "Name", TEXT, person=True, role="position"),
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


def shortened(text: str, limit: int = 56, slack: int = 6) -> str:
    """Text on one line; if longer than `limit` and `slack`, cut at a word boundary by `limit`, ending "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit + slack:
        return flat
    head = flat[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else ""
    # A word longer than half the limit (a pasted address) is cut inside rather than dropped whole.
    if len(cut) < limit // 2:
        cut = flat[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def row_title(question: Question, answers: dict, row_id: str) -> str:
    """How a row is referred to elsewhere: "Risk 2: <its own words, shortened>", by its title column."""
    for i, row in enumerate(answers.get(question.key) or []):
        if row.get("_id") == row_id:
            words = row.get(question.title_column, "") if question.title_column else ""
            text = shortened(words) if isinstance(words, str) else ""
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


# Every answer and column type by its stored name; filled as the type classes are declared.
ANSWER_TYPES: dict[str, "AnswerType"] = {}


class AnswerType:
    """The behaviour of one answer type; the defaults are those of a simple value stored as a string.

    Question-level methods take a whole answer; cell-level ones a value of a simple question or a table cell.
    """

    name = ""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        # Each type registers itself by its stored name: declaring the class is all a new type takes here.
        if cls.name:
            ANSWER_TYPES[cls.name] = cls()

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
