"""Column types that only appear inside a table: a reference to another table's row, a derived value."""

from dpia.domain import reading as reading
from dpia.domain.answer_types.base import AnswerType, ImportedRow, Target, row_title
from dpia.domain.validate import Checker
from dpia.kinds.derive import DERIVATIONS
from dpia.kinds.model import (
    DERIVED,
    ROW_REF,
    Column,
    Kind,
)
from dpia.vocab import Term, labels


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
