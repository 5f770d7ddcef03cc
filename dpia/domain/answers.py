"""Answers to a kind's questions: checking them, reading them back as text, and what is still missing.

What differs by answer type lives in dpia.domain.answer_types; this module walks a kind's sections and
questions and asks each question's type.
"""

from collections.abc import Iterator

from dpia.domain.answer_types import (
    ANSWER_TYPES,
    ROW_ID,
    SIGNOFF_COLUMNS,
    DeclaredRows,
    Line,
    new_row_id,
    row_title,
)
from dpia.domain.answer_types.base import lower_first
from dpia.domain.validate import Checker
from dpia.kinds.model import Column, Kind, Question, Section
from dpia.partial_dates import PartialDate
from dpia.partial_dates import display as date_display
from dpia.vocab import Term

__all__ = [
    "ROW_ID",
    "SIGNOFF_COLUMNS",
    "Line",
    "cell_text",
    "cell_value",
    "clean_all",
    "clean_question",
    "clean_section",
    "declared_rows",
    "lines",
    "missing",
    "new_row_id",
    "row_hints",
    "row_title",
    "value_text",
]


def declared_rows(question: Question) -> DeclaredRows:
    """The fixed rows of a grid or sign-off table: row key -> (label, columns, decision choices)."""
    return ANSWER_TYPES[question.type].rows(question)


def row_hints(question: Question) -> dict[str, str]:
    """Guidance for each fixed row of a grid or sign-off table."""
    return ANSWER_TYPES[question.type].row_hints(question)


def clean_question(check: Checker, question: Question, value: object, answers: dict) -> object:
    """One question's answer in its stored shape; problems go to `check`."""
    return ANSWER_TYPES[question.type].clean(check, question, value, answers)


def clean_section(kind: Kind, section: Section, raw: dict, answers: dict) -> dict:
    """The answers with one section replaced by checked input; raises Invalid, storing nothing."""
    check = Checker()
    updated = dict(answers)
    for question in section.questions:
        value = clean_question(check, question, raw.get(question.key), updated)
        if value in ("", [], {}):
            updated.pop(question.key, None)
        else:
            updated[question.key] = value
    _check_date_order(check, section.questions, kind, updated)
    check.raise_if_any()
    return _drop_dangling_references(kind, updated)


def clean_all(kind: Kind, raw: dict) -> dict:
    """Every section's answers checked at once (imports and the API); raises Invalid."""
    unknown = [k for k in raw if k not in kind.questions]
    check = Checker()
    if unknown:
        check.fail(unknown[0], f"{kind.short} version {kind.version} has no question called ‘{unknown[0]}’")
    answers: dict = {}
    for section in kind.sections:
        for question in section.questions:
            value = clean_question(check, question, raw.get(question.key), answers)
            if value not in ("", [], {}):
                answers[question.key] = value
    _check_date_order(check, tuple(kind.questions.values()), kind, answers)
    check.raise_if_any()
    return answers


def _check_date_order(check: Checker, questions: tuple[Question, ...], kind: Kind, answers: dict) -> None:
    """A date declared to follow another (advice received after the request was sent) may not precede it."""
    for question in questions:
        later, earlier = answers.get(question.key), answers.get(question.not_before)
        if not (question.not_before and later and earlier):
            continue
        if PartialDate.parse(later).latest() < PartialDate.parse(earlier).earliest():
            before = kind.questions[question.not_before]
            check.fail(
                question.key,
                f"{question.label} must be the same as or after {date_display(earlier)},"
                f" {lower_first(before.label)}",
            )


def _drop_dangling_references(kind: Kind, answers: dict) -> dict:
    """A removed row takes references to it with it, so no measure points at a deleted risk."""
    for question in kind.questions.values():
        for column in question.columns:
            if not ANSWER_TYPES[column.type].refers or question.key not in answers:
                continue
            targets = {r["_id"] for r in answers.get(column.refers_to) or []}
            for row in answers[question.key]:
                if row.get(column.key) and row[column.key] not in targets:
                    del row[column.key]
    return answers


# Reading answers back


def cell_value(column: Column, row: dict) -> str:
    """A cell's stored value, or its computed one for a derived column."""
    return ANSWER_TYPES[column.type].cell_value(column, row)


def cell_text(kind: Kind, column: Column, row: dict, answers: dict, choices: tuple[Term, ...] = ()) -> str:
    """A table or grid cell as people read it."""
    return ANSWER_TYPES[column.type].cell_text(kind, column, row, answers, choices)


def value_text(kind: str, value: str, choices: tuple[Term, ...] = ()) -> str:
    """A simple stored value as people read it."""
    return ANSWER_TYPES[kind].text(value, choices) if value else ""


def lines(kind: Kind, answers: dict) -> Iterator[Line]:
    """Every answer of an assessment as readable lines, in the order of the form."""
    for section in kind.shown_sections(answers):
        for question in section.questions:
            value = answers.get(question.key)
            if value not in (None, "", [], {}):
                yield from ANSWER_TYPES[question.type].lines(kind, section, question, value, answers)


# What is missing before a step of the workflow


def missing(kind: Kind, answers: dict, stage: str) -> list[tuple[str, str]]:
    """(field, message) for each answer required before `stage` ("submit" or "approve")."""
    found = []
    # A section not asked (Part 3 questions of a UK GDPR DPIA) is never missing.
    for section in kind.shown_sections(answers):
        for question in section.questions:
            value = answers.get(question.key)
            found.extend(ANSWER_TYPES[question.type].missing(section, question, value, stage))
    return found
