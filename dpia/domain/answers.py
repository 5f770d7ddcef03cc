"""Answers to a kind's questions: checking them, reading them back as text, and what is still missing.

Stored shapes, by answer type: text, long text, choice and yes/no as strings; dates as ISO partial dates;
tables as lists of rows, each with a stable "_id"; grids and sign-offs as {row key: {column: value}}.
Empty answers are left out.
"""

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from dpia.domain.validate import LONG, SHORT, Checker
from dpia.kinds import DERIVATIONS
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


def new_row_id() -> str:
    """A stable identifier for a table row, kept across saves and versions."""
    return secrets.token_hex(4)


def _lower(label: str) -> str:
    return label[0].lower() + label[1:] if label else label


def _simple(check: Checker, key: str, value: object, label: str, kind: str, choices: tuple[Term, ...]) -> str:
    """One simple value checked by type; returns the stored form, "" when empty."""
    if kind in (TEXT, LONGTEXT):
        return check.text(key, value, label, max_len=SHORT if kind == TEXT else LONG)
    if kind == DATE:
        found = check.partial_date(key, value, label)
        return found.iso() if found else ""
    if value in (None, ""):
        return ""
    allowed = YES_NO if kind == YESNO else choices
    if value not in {t.value for t in allowed}:
        check.fail(key, f"{label} must be one of: {', '.join(t.label for t in allowed)}")
        return ""
    return value  # type: ignore[return-value]


def _row_label(question: Question, index: int) -> str:
    return f"{question.row_name.capitalize()} {index + 1}"


def _clean_table(check: Checker, question: Question, value: object, answers: dict) -> list[dict]:
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
        row_id = raw.get("_id") if isinstance(raw.get("_id"), str) and ROW_ID.match(raw["_id"]) else ""
        if not row_id or row_id in seen:
            row_id = new_row_id()
        seen.add(row_id)
        row = {"_id": row_id}
        for column in question.columns:
            if column.type == DERIVED:
                continue
            key, label = (
                f"{question.key}-{i}-{column.key}",
                f"{column.label} for {_lower(_row_label(question, i))}",
            )
            if column.type == ROW_REF:
                targets = {r["_id"] for r in answers.get(column.refers_to) or []}
                cell = raw.get(column.key) or ""
                if cell and cell not in targets:
                    check.fail(
                        key, f"{label} must be one of the {column.refers_to} recorded in this assessment"
                    )
                    cell = ""
            else:
                cell = _simple(check, key, raw.get(column.key), label, column.type, column.choices)
            if column.required and not cell and key not in check.errors:
                verb = "Select" if column.type in (CHOICE, ROW_REF) else "Enter"
                check.fail(key, f"{verb} {_lower(column.label)} for {_lower(_row_label(question, i))}")
            if cell:
                row[column.key] = cell
        rows.append(row)
    return rows


def _clean_rows(check: Checker, question: Question, value: object) -> dict[str, dict]:
    """Grids and sign-offs: one optional entry per declared row."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        check.fail(question.key, f"{question.label} must map each row to its answers")
        return {}
    declared = declared_rows(question)
    unknown = [k for k in value if k not in declared]
    if unknown:
        check.fail(question.key, f"{question.label} has no row called ‘{unknown[0]}’")
    cleaned = {}
    for row_key, (row_label, columns, choices) in declared.items():
        raw = value.get(row_key) or {}
        if not isinstance(raw, dict):
            check.fail(f"{question.key}-{row_key}", f"{row_label} must map each column to its answer")
            continue
        entry = {}
        for column in columns:
            key = f"{question.key}-{row_key}-{column.key}"
            cell = _simple(
                check,
                key,
                raw.get(column.key),
                f"{column.label} for {_lower(row_label)}",
                column.type,
                choices if column.key == "decision" else column.choices,
            )
            if cell:
                entry[column.key] = cell
        if entry:
            cleaned[row_key] = entry
    return cleaned


def declared_rows(question: Question) -> dict[str, tuple[str, tuple[Column, ...], tuple[Term, ...]]]:
    if question.type == SIGNOFFS:
        return {s.key: (s.label, SIGNOFF_COLUMNS, s.decisions) for s in question.signoffs}
    return {r.value: (r.label, question.columns, ()) for r in question.rows}


def row_hints(question: Question) -> dict[str, str]:
    """Guidance for each fixed row of a grid or sign-off table."""
    if question.type == SIGNOFFS:
        return {s.key: s.hint for s in question.signoffs if s.hint}
    return {r.value: r.hint for r in question.rows if r.hint}


def clean_question(check: Checker, question: Question, value: object, answers: dict) -> object:
    """One question's answer in its stored shape; problems go to `check`."""
    if question.type == TABLE:
        return _clean_table(check, question, value, answers)
    if question.type in (GRID, SIGNOFFS):
        return _clean_rows(check, question, value)
    return _simple(check, question.key, value, question.label, question.type, question.choices)


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
    check.raise_if_any()
    return answers


def _drop_dangling_references(kind: Kind, answers: dict) -> dict:
    """A removed row takes references to it with it, so no measure points at a deleted risk."""
    for question in kind.questions.values():
        for column in question.columns:
            if column.type != ROW_REF or question.key not in answers:
                continue
            targets = {r["_id"] for r in answers.get(column.refers_to) or []}
            for row in answers[question.key]:
                if row.get(column.key) and row[column.key] not in targets:
                    del row[column.key]
    return answers


# Reading answers back


@dataclass(frozen=True)
class Line:
    """One answer, or one cell, as readable text; `path` identifies it across saves and versions."""

    path: str
    section: str
    label: str
    text: str


def cell_value(column: Column, row: dict) -> str:
    """A cell's stored value, or its computed one for a derived column."""
    if column.type == DERIVED:
        return DERIVATIONS[column.derive](row)
    return row.get(column.key, "")


def cell_text(kind: Kind, column: Column, row: dict, answers: dict, choices: tuple[Term, ...] = ()) -> str:
    """A table or grid cell as people read it."""
    value = cell_value(column, row)
    if column.type == ROW_REF:
        return row_title(kind.questions[column.refers_to], answers, value)
    if column.type == DERIVED:
        return labels(column.choices).get(value, value)
    return value_text(column.type, value, choices or column.choices)


def value_text(kind: str, value: str, choices: tuple[Term, ...] = ()) -> str:
    """A simple stored value as people read it."""
    if not value:
        return ""
    if kind == DATE:
        return date_display(value)
    if kind == YESNO:
        return labels(YES_NO).get(value, value)
    if kind == CHOICE:
        return labels(choices).get(value, value)
    return value


def row_title(question: Question, answers: dict, row_id: str) -> str:
    """How a row is referred to elsewhere: "Risk 2: <its first words>"."""
    for i, row in enumerate(answers.get(question.key) or []):
        if row["_id"] == row_id:
            first = next((v for k, v in row.items() if k != "_id"), "")
            words = first if len(first) <= 60 else first[:57].rsplit(" ", 1)[0] + "…"
            return f"{_row_label(question, i)}: {words}" if words else _row_label(question, i)
    return ""


def lines(kind: Kind, answers: dict) -> Iterator[Line]:
    """Every answer of an assessment as readable lines, in the order of the form."""
    for section in kind.sections:
        for question in section.questions:
            yield from _question_lines(kind, section, question, answers)


def _question_lines(kind: Kind, section: Section, question: Question, answers: dict) -> Iterator[Line]:
    value = answers.get(question.key)
    if value in (None, "", [], {}):
        return
    if question.type == TABLE:
        for i, row in enumerate(value):
            for column in question.columns:
                text = cell_text(kind, column, row, answers)
                if text:
                    label = f"{question.label} › {_row_label(question, i)} › {column.label}"
                    yield Line(f"{question.key}/{row['_id']}/{column.key}", section.title, label, text)
    elif question.type in (GRID, SIGNOFFS):
        for row_key, (row_label, columns, choices) in declared_rows(question).items():
            for column in columns:
                cell_choices = choices if column.key == "decision" else ()
                text = cell_text(kind, column, value.get(row_key, {}), answers, cell_choices)
                if text:
                    label = f"{question.label} › {row_label} › {column.label}"
                    yield Line(f"{question.key}/{row_key}/{column.key}", section.title, label, text)
    else:
        yield Line(
            question.key, section.title, question.label, value_text(question.type, value, question.choices)
        )


# What is missing before a step of the workflow


def missing(kind: Kind, answers: dict, stage: str) -> list[tuple[str, str]]:
    """(field, message) for each answer required before `stage` ("submit" or "approve")."""
    found = []
    for section in kind.sections:
        for question in section.questions:
            if question.type == SIGNOFFS and stage == "approve":
                found.extend(_missing_signoffs(question, answers.get(question.key) or {}))
            elif question.required_for == stage:
                found.extend(_missing_answer(section, question, answers.get(question.key)))
    return found


def _missing_answer(section: Section, question: Question, value: object) -> list[tuple[str, str]]:
    if question.type == GRID:
        value = value or {}
        return [
            (
                f"{question.key}-{row.value}-{column.key}",
                f"{section.title}: select {_lower(column.label)} for {_lower(row.label)}",
            )
            for row in question.rows
            for column in question.columns
            if column.required and not value.get(row.value, {}).get(column.key)
        ]
    if value in (None, "", [], {}):
        return [(question.key, f"{section.title}: answer ‘{question.label}’")]
    return []


def _missing_signoffs(question: Question, value: dict) -> list[tuple[str, str]]:
    found = []
    for signoff in question.signoffs:
        entry = value.get(signoff.key, {})
        absent = [
            c for c in ("name", "position", "date", "decision") if signoff.required and not entry.get(c)
        ]
        if absent:
            words = ", ".join(absent[:-1]) + (" and " if len(absent) > 1 else "") + absent[-1]
            found.append(
                (f"{question.key}-{signoff.key}-{absent[0]}", f"Sign-off ‘{signoff.label}’ needs a {words}")
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
