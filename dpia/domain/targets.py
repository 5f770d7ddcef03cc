"""What may be withheld: every target of a version, from its kind's declaration, and of a register entry."""

import hashlib
from dataclasses import dataclass

from dpia.domain import answers as answer_rules
from dpia.domain import register as system_rules
from dpia.kinds.model import DERIVED, GRID, LONGTEXT, ROW_REF, SIGNOFFS, TABLE, TEXT, Kind, Question

TEXT_TYPES = (TEXT, LONGTEXT)
SEPARATOR = " › "


@dataclass(frozen=True)
class Target:
    """A part that may be withheld: its path, how people name it, and its text when passages may be chosen."""

    path: str
    label: str
    scope: str  # section, detail, question, row, cell, field
    passages: bool = False
    text: str = ""


def version_targets(kind: Kind, version: dict) -> list[Target]:
    """Every withholdable part of a version, in the order of the form."""
    found = [
        Target("detail:title", "Title", "detail", True, version["title"] or ""),
        Target("detail:owner", "Owner", "detail", True, version["owner"] or ""),
    ]
    answers = version["answers"]
    for section in kind.sections:
        questions = [q for q in section.questions if q.withholdable]
        if not questions:
            continue
        found.append(Target(f"section:{section.key}", f"The whole section ‘{section.title}’", "section"))
        for question in questions:
            found += _question_targets(kind, section.title, question, answers)
    return found


def _question_targets(kind: Kind, section_title: str, question: Question, answers: dict) -> list[Target]:
    label = (
        question.label if question.label == section_title else f"{section_title}{SEPARATOR}{question.label}"
    )
    value = answers.get(question.key)
    if question.type == TABLE:
        found = [Target(question.key, f"{label} (all {question.row_name}s)", "question")]
        for i, row in enumerate(value or [], start=1):
            row_label = f"{label}{SEPARATOR}{question.row_name.capitalize()} {i}"
            found.append(Target(f"{question.key}/{row['_id']}", row_label, "row"))
            for column in question.columns:
                if column.type in (DERIVED, ROW_REF):
                    continue
                found.append(_cell(f"{question.key}/{row['_id']}/{column.key}", row_label, column, row))
        return found
    if question.type in (GRID, SIGNOFFS):
        found = [Target(question.key, f"{label} (the whole table)", "question")]
        for row_key, (row_label, columns, _) in answer_rules.declared_rows(question).items():
            row_label = f"{label}{SEPARATOR}{row_label}"
            found.append(Target(f"{question.key}/{row_key}", row_label, "row"))
            cells = (value or {}).get(row_key, {})
            found += [_cell(f"{question.key}/{row_key}/{c.key}", row_label, c, cells) for c in columns]
        return found
    text = value if isinstance(value, str) and question.type in TEXT_TYPES else ""
    return [Target(question.key, label, "question", question.type in TEXT_TYPES, text)]


def _cell(path: str, row_label: str, column, row: dict) -> Target:
    text = row.get(column.key, "") if column.type in TEXT_TYPES else ""
    return Target(path, f"{row_label}{SEPARATOR}{column.label}", "cell", column.type in TEXT_TYPES, text)


# Register entries

# Fields of a register entry that may be withheld; text ones may have passages withheld.
SYSTEM_FIELDS = ("aliases", "first_used", "retired")
SYSTEM_WORDS = ("owner", "senior_owner", "supplier", "how_it_works", "data_used", "how_outputs_made", "notes")
COST_COLUMNS = {"period": "Period", "amount": "Amount", "description": "What for"}
POLICY_COLUMNS = {"title": "Title", "reference": "Reference", "version_date": "Version date", "url": "Link"}


def row_key(entry: dict) -> str:
    """A cost's or policy's identity: its content, since rows have no ids and are rewritten on each save.

    A changed row no longer matches its mark, which is then reported rather than applied to another row.
    """
    content = "|".join(str(entry.get(k) or "") for k in sorted(entry))
    return hashlib.sha256(content.encode()).hexdigest()[:8]


def system_targets(system: dict) -> list[Target]:
    """Every withholdable part of a register entry."""
    labels = system_rules.FIELD_LABELS
    found = [Target(key, labels[key], "field") for key in SYSTEM_FIELDS]
    found += [Target(key, labels[key], "field", True, system.get(key) or "") for key in SYSTEM_WORDS]
    for field, columns, describe in (
        ("costs", COST_COLUMNS, system_rules.describe_cost),
        ("policies", POLICY_COLUMNS, system_rules.describe_policy),
    ):
        found.append(Target(field, f"{labels[field]} (all of them)", "field"))
        for entry in system[field]:
            key = f"{field}/{row_key(entry)}"
            row_label = f"{labels[field]}{SEPARATOR}{describe(entry)}"
            found.append(Target(key, row_label, "row"))
            for column, column_label in columns.items():
                text = (entry.get(column) or "") if column in ("description", "title", "reference") else ""
                path, label = f"{key}/{column}", f"{row_label}{SEPARATOR}{column_label}"
                found.append(Target(path, label, "cell", bool(text), text))
    return found
