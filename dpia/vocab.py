"""Controlled vocabularies of the register, declared once as data."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary: what is stored, and what people read."""

    value: str
    label: str
    hint: str = ""


def labels(terms: tuple[Term, ...]) -> dict[str, str]:
    """Map stored values to their labels."""
    return {t.value: t.label for t in terms}


CATEGORIES = (
    Term("crime_mapping", "Predictive crime mapping", "Forecasts where or when crime is likely."),
    Term(
        "individual_risk",
        "Individual risk assessment",
        "Scores or ranks people, for example by risk of offending or of harm.",
    ),
    Term("biometric", "Biometric identification", "For example live or retrospective facial recognition."),
    Term("other", "Other"),
)

LIFECYCLES = (
    Term("planned", "Planned"),
    Term("in_use", "In use"),
    Term("retired", "Retired"),
    Term("never_deployed", "Never deployed"),
)

REGIMES = (
    Term("uk_gdpr", "UK GDPR", "General processing, including most non-policing purposes."),
    Term(
        "dpa_part3",
        "DPA 2018 Part 3 (law enforcement)",
        "Processing by a competent authority for law-enforcement purposes.",
    ),
)

MARKINGS = (
    Term("OFFICIAL", "OFFICIAL"),
    Term("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE", "OFFICIAL with a handling caveat."),
)
SENSITIVE = "OFFICIAL-SENSITIVE"

ROLES = (
    Term("admin", "Administrator", "Manages accounts, settings and the audit trail."),
    Term("editor", "Editor", "Compliance staff: creates and edits drafts, submits them for review."),
    Term("approver", "Approver", "DPO or senior owner: approves, signs off, requests changes."),
    Term(
        "foi_officer",
        "FOI officer",
        "Reads everything, marks passages for withholding, exports, manages FOI requests.",
    ),
    Term("reader", "Reader", "Reads the register."),
)
ROLE_NAMES = tuple(t.value for t in ROLES)
