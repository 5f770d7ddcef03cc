"""Values and warnings computed from answers: pure functions named by the kind declarations."""

from collections.abc import Callable
from dataclasses import dataclass

from dpia.vocab import LIKELIHOODS, RISK_LEVELS, SEVERITIES

_LIKELIHOOD = {t.value: i for i, t in enumerate(LIKELIHOODS)}
_SEVERITY = {t.value: i for i, t in enumerate(SEVERITIES)}
_LEVEL = {t.value: i for i, t in enumerate(RISK_LEVELS)}


def ico_risk(row: dict) -> str:
    """Overall risk from the ICO matrix: likelihood plus severity, 0-1 low, 2 medium, 3-4 high."""
    likelihood, severity = _LIKELIHOOD.get(row.get("likelihood")), _SEVERITY.get(row.get("severity"))
    if likelihood is None or severity is None:
        return ""
    score = likelihood + severity
    return "low" if score <= 1 else "medium" if score == 2 else "high"


DERIVATIONS: dict[str, Callable[[dict], str]] = {"ico_risk": ico_risk}


def residual_risks(answers: dict) -> dict[str, str]:
    """Each risk's residual level: the lowest residual of its approved measures, else its overall risk."""
    residual = {}
    for risk in answers.get("risks") or []:
        approved = [
            m["residual"]
            for m in answers.get("measures") or []
            if m.get("risk") == risk["_id"] and m.get("approved") == "yes" and m.get("residual") in _LEVEL
        ]
        residual[risk["_id"]] = min(approved, key=_LEVEL.__getitem__) if approved else ico_risk(risk)
    return residual


@dataclass(frozen=True)
class Flag:
    """A warning shown prominently on an assessment."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class Context:
    """What flags may need to know beyond the answers."""

    system_category: str


def prior_consultation(answers: dict, context: Context) -> Flag | None:
    """A high residual risk means the ICO must be consulted first (UK GDPR Art 36, DPA 2018 s65)."""
    high = [i for i, level in enumerate(residual_risks(answers).values(), start=1) if level == "high"]
    if not high:
        return None
    law = (
        "section 65 of the Data Protection Act 2018"
        if answers.get("regime") == "dpa_s64"
        else "Article 36 UK GDPR"
    )
    risks = ", ".join(str(i) for i in high)
    return Flag(
        "prior_consultation",
        "Prior consultation with the ICO required",
        f"Residual risk is high for risk {risks}. Under {law} the ICO must be consulted before the processing"
        " starts, unless further measures bring the risk down.",
    )


def bias_testing(answers: dict, context: Context) -> Flag | None:
    """Systems that score people or identify them need bias testing recorded (Bridges, paras 191 and 201)."""
    if context.system_category not in ("individual_risk", "biometric") or answers.get("bias_tests"):
        return None
    return Flag(
        "bias_testing",
        "No bias testing recorded",
        "This system scores or identifies people, but the assessment records no bias testing. In R (Bridges)"
        " v Chief Constable of South Wales Police [2020] EWCA Civ 1058 the Court of Appeal held that the"
        " Public Sector Equality Duty requires a force to satisfy itself that such software has no"
        " unacceptable bias on grounds of race or sex (paras 191 and 201).",
    )


def screening_indicators(answers: dict, context: Context) -> Flag | None:
    """Two or more high-risk indicators with a decision that no DPIA is needed deserves a second look."""
    from dpia.kinds.others import CRITERION_KEYS

    yes = sum(1 for key in CRITERION_KEYS if answers.get(key) == "yes")
    if yes < 2 or answers.get("decision") == "required":
        return None
    return Flag(
        "screening_indicators",
        f"{yes} indicators of high risk",
        "The ICO expects a DPIA where processing is likely to result in a high risk; two or more indicators"
        " usually mean one is needed. Make sure the reasons explain the decision.",
    )


FLAGS: dict[str, Callable[[dict, Context], Flag | None]] = {
    "prior_consultation": prior_consultation,
    "bias_testing": bias_testing,
    "screening_indicators": screening_indicators,
}
