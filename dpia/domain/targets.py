"""What may be withheld: every target of a version, from its kind's declaration, and of a register entry."""

import hashlib

from dpia.domain import register as system_rules
from dpia.domain.answer_types import ANSWER_TYPES, SEPARATOR, Target
from dpia.kinds.model import Kind, Question

__all__ = ["SEPARATOR", "Target", "row_key", "system_targets", "version_targets"]


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
            found += _question_targets(section.title, question, answers)
    return found


def _question_targets(section_title: str, question: Question, answers: dict) -> list[Target]:
    label = (
        question.label if question.label == section_title else f"{section_title}{SEPARATOR}{question.label}"
    )
    return ANSWER_TYPES[question.type].targets(label, question, answers.get(question.key))


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
