"""Answer types of one value: text, long text, a date, a choice, yes or no."""

from collections.abc import Mapping

from dpia.domain import json_schema as js
from dpia.domain import reading as reading
from dpia.domain.answer_types.base import FAR_FUTURE, FILLER, AnswerType
from dpia.domain.posted import date_value
from dpia.domain.validate import LONG, SHORT, Checker
from dpia.kinds.model import (
    CHOICE,
    DATE,
    LONGTEXT,
    TEXT,
    YESNO,
    Column,
    Question,
)
from dpia.partial_dates import display as date_display
from dpia.vocab import YES_NO, Term, labels


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
