"""Made-up answers to every question of a kind, from its declaration alone.

For benchmarks and for tests that every kind exports: each text holds a token naming its question (and row
and column), so a test can find it, or check that it is gone from a disclosure copy.
"""

import zlib

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
)

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


def _value(column_type: str, choices, label: str, words: int) -> str:
    if column_type == TEXT:
        return f"{label} {FILLER.split()[0]}"
    if column_type == LONGTEXT:
        filler = (FILLER + " ") * (1 + words // 25)
        return f"{label}. " + " ".join(filler.split()[:words])
    if column_type == CHOICE:
        return choices[0].value
    if column_type == DATE:
        return "2024-03-01"
    if column_type == YESNO:
        return "yes"
    return ""


def _cell(column: Column, label: str, words: int) -> str:
    return _value(column.type, column.choices, label, words)


def sample_answers(kind: Kind, rows: int = 3, words: int = 40) -> dict:
    """Answers to every question: `rows` rows in each table, long texts of about `words` words."""
    answers: dict = {}
    for section in kind.sections:
        for question in section.questions:
            answers[question.key] = _answer(question, answers, rows, words)
    return answers


def _answer(question: Question, answers: dict, rows: int, words: int) -> object:
    if question.type == TABLE:
        return [_row(question, answers, i, words) for i in range(1, rows + 1)]
    if question.type == GRID:
        return {
            row.value: {
                c.key: _cell(c, token(question.key, row.value, c.key), words) for c in question.columns
            }
            for row in question.rows
        }
    if question.type == SIGNOFFS:
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
    return _value(question.type, question.choices, token(question.key), words)


def _row(question: Question, answers: dict, index: int, words: int) -> dict:
    row = {"_id": row_id(question.key, index)}
    for column in question.columns:
        if column.type == DERIVED:
            continue
        if column.type == ROW_REF:
            targets = answers.get(column.refers_to) or []
            row[column.key] = targets[(index - 1) % len(targets)]["_id"] if targets else ""
        else:
            row[column.key] = _cell(column, token(question.key, str(index), column.key), words)
    return row
