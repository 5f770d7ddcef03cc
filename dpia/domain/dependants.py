"""Rows that depend on withheld rows: a measure pointing at a withheld risk would give the risk away.

Each kind declares, on the column that points at another table's rows, what a disclosure does to the
pointing row when the row it points at is withheld: withhold it too, or only show the marker in place of
the reference. The rows found here become marks of their own, citing the same exemption, so every
document, page and check that applies a Redaction applies them without knowing about dependants.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from dpia.domain.answer_types import row_label
from dpia.domain.redaction import Redaction, parents
from dpia.kinds.model import WITHHOLD_ROW, Column, Kind, Question


@dataclass(frozen=True)
class Dependant:
    """A row (or its reference cell) withheld because the row it points at is."""

    target: str  # "measures/<id>" for the whole row, "measures/<id>/risk" for the reference only
    text: str  # how an officer is told: "Measure 2 (mitigates Risk 1)"
    mark: dict  # the mark withholding the row pointed at, which this one cites too
    because: int  # the id of the officer's mark behind it, through any chain of dependants


def dependants(kind: Kind, answers: dict, whole: Callable[[str], dict | None]) -> list[Dependant]:
    """Every row of `answers` that points at a row `whole` withholds, following chains until none is added."""
    found: dict[str, Dependant] = {}

    def withheld(path: str) -> tuple[dict, int] | None:
        mark = whole(path)
        if mark is not None:
            return mark, mark.get("because") or mark["id"]
        hit = next((found[p] for p in parents(path) if p in found), None)
        return (hit.mark, hit.because) if hit else None

    added = True
    while added:
        added = False
        for question, column in kind.references:
            for dependant in _pointing(kind, question, column, answers, withheld):
                if dependant.target not in found:
                    found[dependant.target] = dependant
                    added = True
    return list(found.values())


def _pointing(
    kind: Kind,
    question: Question,
    column: Column,
    answers: dict,
    withheld: Callable[[str], tuple[dict, int] | None],
) -> list[Dependant]:
    """The rows of one table whose `column` points at a withheld row, and are not withheld already."""
    target_table = kind.questions[column.refers_to]
    positions = {r["_id"]: i for i, r in enumerate(answers.get(target_table.key) or [])}
    found = []
    for i, row in enumerate(answers.get(question.key) or []):
        points_at = row.get(column.key)
        cause = withheld(f"{target_table.key}/{points_at}") if points_at in positions else None
        if cause is None:
            continue
        named = row_label(target_table, positions[points_at])
        if column.if_withheld == WITHHOLD_ROW:
            path = f"{question.key}/{row['_id']}"
            text = f"{row_label(question, i)} ({column.relation} {named})"
        else:
            path = f"{question.key}/{row['_id']}/{column.key}"
            text = f"{column.label} of {row_label(question, i).lower()} ({named})"
        # Already withheld, by a mark of its own or by what contains it: nothing to add.
        if withheld(path) is None:
            found.append(Dependant(path, text, cause[0], cause[1]))
    return found


def quoting(kind: Kind, answers: dict, withheld: Callable[[str], bool]) -> list[str]:
    """Reference cells ("measures/<id>/risk") naming a row any part of which `withheld` covers: they are
    shown with that row's words, so wherever text is flagged as withheld they must be flagged too."""
    return [
        f"{question.key}/{row['_id']}/{column.key}"
        for question, column in kind.references
        for row in answers.get(question.key) or []
        if row.get(column.key) and withheld(f"{column.refers_to}/{row[column.key]}")
    ]


def as_mark(dependant: Dependant) -> dict:
    """A dependant as a mark, citing the exemption of the row it points at."""
    cited = {key: dependant.mark.get(key) for key in ("exemption", "subsection", "other", "reason")}
    return {
        **cited,
        "id": f"dependant:{dependant.target}",
        "target": dependant.target,
        "label": dependant.text,
        "passage": None,
        "because": dependant.because,
    }


def with_dependants(redaction: Redaction, kind: Kind, answers: dict) -> Redaction:
    """The redaction of a version with its dependants withheld (or flagged) as its kind declares."""
    found = dependants(kind, answers, redaction.whole)
    if not found:
        return redaction
    return dataclasses.replace(redaction, marks=[*redaction.marks, *(as_mark(d) for d in found)])
