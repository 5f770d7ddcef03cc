"""Answer types made of rows: repeating tables, fixed grids and sign-offs."""

from collections.abc import Iterator, Mapping

from dpia.domain import json_schema as js
from dpia.domain.answer_types.base import (
    ANSWER_TYPES,
    ROW_ID,
    SEPARATOR,
    SIGNOFF_COLUMNS,
    AnswerType,
    DeclaredRows,
    Line,
    Target,
    lower_first,
    new_row_id,
    row_id,
    row_label,
    token,
)
from dpia.domain.posted import repeating_rows
from dpia.domain.validate import Checker
from dpia.kinds.model import (
    GRID,
    SIGNOFFS,
    TABLE,
    Column,
    Kind,
    Question,
    Section,
    SignOff,
)
from dpia.vocab import labels


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
