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
    # What is missing, one item each, and why it matters: pages list them; `text` holds both as prose.
    items: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class Context:
    """What flags may need to know beyond the answers."""

    system_category: str
    # The questions the version's definition asks: a warning names only what that definition can record.
    questions: frozenset[str] = frozenset()


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


@dataclass(frozen=True)
class Missing:
    """One thing a warning names: the answer at `empty` is blank while the answer `when` names (if any) holds."""

    text: str
    # An answer: a question's key, or "grid.row.column" for one cell of a grid.
    empty: str
    # (answer, value): only missing when that answer is this value, such as training data "withheld".
    when: tuple[str, str] | None = None


_DEPLOYMENT = "Deployment decisions are left to officers with no constraining policy named"
# What the Court of Appeal in Bridges looked for in an EqIA of software that scores or identifies people.
BRIDGES_POINTS = (
    Missing("No bias testing is recorded", "bias_tests"),
    Missing("No independent verification of bias is recorded", "bias_verification"),
    Missing("Whether the supplier disclosed the training data is not recorded", "training_data_disclosed"),
    Missing("Whether the supplier disclosed the model logic is not recorded", "model_logic_disclosed"),
    Missing(
        "The supplier withheld the training data and no alternative evidence is recorded",
        "disclosure_alternative",
        ("training_data_disclosed", "withheld"),
    ),
    Missing(
        "The supplier withheld the model logic and no alternative evidence is recorded",
        "disclosure_alternative",
        ("model_logic_disclosed", "withheld"),
    ),
    Missing(f"{_DEPLOYMENT} for who is sought (the watchlist)", "deployment.who.policy"),
    Missing(f"{_DEPLOYMENT} for where and when it is used", "deployment.where.policy"),
)
BRIDGES_CATEGORIES = ("individual_risk", "biometric")


def undeclared(points: tuple[Missing, ...], questions: dict) -> list[str]:
    """The paths of points that name no question, grid row or column of a definition's `questions`."""
    wrong = []
    for path in {p.empty for p in points} | {p.when[0] for p in points if p.when}:
        key, *cell = path.split(".")
        question = questions.get(key)
        if question is None or (
            cell
            and (
                len(cell) != 2
                or cell[0] not in {r.value for r in question.rows}
                or cell[1] not in {c.key for c in question.columns}
            )
        ):
            wrong.append(path)
    return sorted(wrong)


def answer_at(answers: dict, path: str) -> object:
    """The answer a path names: a question's key, or "grid.row.column" for one cell of a grid."""
    value: object = answers
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value.strip() if isinstance(value, str) else value


def missing_points(points: tuple[Missing, ...], answers: dict, asked: frozenset[str]) -> list[str]:
    """The points whose answer is blank, among those the definition asks (an older one may not)."""
    found = []
    for point in points:
        roots = {point.empty.split(".")[0], *([point.when[0].split(".")[0]] if point.when else [])}
        if not roots <= asked or answer_at(answers, point.empty):
            continue
        if point.when is None or answer_at(answers, point.when[0]) == point.when[1]:
            found.append(point.text)
    return found


def bias_testing(answers: dict, context: Context) -> Flag | None:
    """Systems that score or identify people need the Bridges points recorded (paras 91-96, 191, 199-201)."""
    if context.system_category not in BRIDGES_CATEGORIES:
        return None
    missing = missing_points(BRIDGES_POINTS, answers, context.questions)
    if not missing:
        return None
    reason = (
        "This system scores or identifies people. In R (Bridges) v Chief Constable of South Wales Police [2020]"
        " EWCA Civ 1058 the Court of Appeal held that the Public Sector Equality Duty requires a force to satisfy"
        " itself that such software has no unacceptable bias on grounds of race or sex, even where the supplier"
        " withholds its training data (paras 191 and 199-201), and that who is sought and where it is used must"
        " not be left to officers' discretion (paras 91-96)."
    )
    return Flag(
        "bias_testing",
        "No bias testing recorded" if missing == [BRIDGES_POINTS[0].text] else "Bridges points not recorded",
        f"{'. '.join(missing)}. {reason}",
        tuple(missing),
        reason,
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
