"""Separation of duties: who drafted a version, and which sign-off decisions a person may record."""

from dpia.kinds.model import DECISION_COLUMNS, Kind, SignOff
from dpia.permissions import DRAFTING_ACTIONS

# Moves that put a version back into draft, or out of it, as the saves record them.
_TO_DRAFT = ("created", "new_version", "request_changes")


def _reserved(kind: Kind) -> dict[str, SignOff]:
    """Paths of decision columns kept for a role ("signoffs/dpo_advice/decision") -> their sign-off."""
    return {
        f"{question.key}/{signoff.key}/{column}": signoff
        for section in kind.sections
        for question in section.questions
        for signoff in question.signoffs
        if signoff.decided_by != "sign_off"
        for column in DECISION_COLUMNS
    }


def drafters(kind: Kind, saves: list[dict]) -> set[str]:
    """Who wrote or changed a version while it was a draft (oldest save first).

    Recording only a decision reserved for one's role is not drafting: that decision is the approver's own.
    """
    reserved = _reserved(kind)
    found, draft = set(), True
    for save in saves:
        if save["action"] in _TO_DRAFT:
            draft = True
        if draft and save["action"] in DRAFTING_ACTIONS:
            if save["action"] != "saved" or any(c["path"] not in reserved for c in save["changes"]):
                found.add(save["by"])
        if save["action"] == "submit":
            draft = False
    return found


def decisions_changed(kind: Kind, before: dict, after: dict) -> list[tuple[SignOff, str]]:
    """The reserved sign-off decisions that differ between two sets of answers, as (sign-off, column)."""
    changed = []
    for path, signoff in _reserved(kind).items():
        question, row, column = path.split("/")
        old = ((before.get(question) or {}).get(row) or {}).get(column) or ""
        new = ((after.get(question) or {}).get(row) or {}).get(column) or ""
        if old != new:
            changed.append((signoff, column))
    return changed
