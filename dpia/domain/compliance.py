"""Compliance checks over the whole register: pure rules over plain records, declared once as data.

Each check reads systems, assessment versions and monitoring datasets as the store returns them and says what
an inspector or a court would find wrong, citing the law, with the fix. A service loads the register once.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dpia import kinds
from dpia.domain.reviews import span
from dpia.kinds.contradictions import CONTRADICTIONS, Contradiction
from dpia.kinds.derive import residual_risks
from dpia.partial_dates import PartialDate, PartialDateError, long_date
from dpia.records import System

HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITIES = (HIGH, MEDIUM, LOW)
SOON_DAYS = 30
# Statuses of versions that were approved at some time, and of versions still being worked on.
WAS_APPROVED = ("approved", "superseded")
LIVE = ("draft", "in_review", "approved")
# Answers recording a prior consultation with the ICO (DPA 2018 s65, UK GDPR Art 36), in whichever
# definition of the DPIA declares them; any one answered counts as a record.
CONSULTATION_RECORD = ("s65_sent", "s65_advice", "s65_received", "s65_response", "prior_consultation")


@dataclass(frozen=True)
class Register:
    """What the checks read: every visible system, version and monitoring dataset, and today's settings."""

    systems: list[System]
    versions: list[dict[str, Any]]
    datasets: list[dict[str, Any]]
    today: date
    review_months: int
    # Versions and datasets by system, so a check over thousands of systems never rescans the whole list.
    versions_of: dict[int, list[dict[str, Any]]] = field(init=False, repr=False, compare=False)
    datasets_of: dict[int, list[dict[str, Any]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "versions_of", _by_system(self.versions))
        object.__setattr__(self, "datasets_of", _by_system(self.datasets))


def _by_system(records: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for record in records:
        grouped.setdefault(record["system_id"], []).append(record)
    return grouped


@dataclass(frozen=True)
class Finding:
    """One thing a check found: on a system, and on an assessment version where there is one."""

    check: str
    system_id: int
    system_name: str
    system_category: str
    reason: str
    assessment_id: int | None = None
    number: int | None = None
    reference: str = ""
    # The markings of everything the finding tells of: whoever may not see one of them is not shown it.
    markings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """A declared check: its legal source, severity, title and fix, and the fields it reads."""

    key: str
    title: str
    source: str
    severity: str
    fix: str
    run: Callable[[Register], Iterator[Finding]]
    # (kind, question) pairs and system fields the check reads: each must exist, or start-up fails.
    answers: tuple[tuple[str, str], ...] = ()
    system_fields: tuple[str, ...] = field(default=())


def _on_system(
    check: str, system: System | dict, reason: str, relied_on: list[dict] | None = None
) -> Finding:
    markings = (system["marking"], *(v["marking"] for v in relied_on or []))
    return Finding(check, system["id"], system["name"], system["category"], reason, markings=markings)


def _on_version(check: str, version: dict, reason: str) -> Finding:
    return Finding(
        check,
        version["system_id"],
        version["system_name"],
        version["system_category"],
        reason,
        version["assessment_id"],
        version["number"],
        version["reference"],
        (version["system_marking"], version["marking"]),
    )


def _partial(text: str | None) -> PartialDate | None:
    """A stored partial date, or None when empty or unreadable (imports may hold anything)."""
    try:
        return PartialDate.parse(str(text)) if text else None
    except PartialDateError:
        return None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _of(register: Register, system_id: int, kind: str, statuses: tuple[str, ...]) -> list[dict]:
    return [
        v for v in register.versions_of.get(system_id, ()) if v["kind"] == kind and v["status"] in statuses
    ]


def _first_approval(versions: list[dict]) -> date | None:
    days = [d for d in (_day(v.get("approved")) for v in versions) if d]
    return min(days) if days else None


def dpia_before_processing(register: Register) -> Iterator[Finding]:
    """In use with no approved DPIA, or first used before the first DPIA was approved."""
    for system in register.systems:
        approved = _of(register, system["id"], "dpia", WAS_APPROVED)
        current = [v for v in approved if v["status"] == "approved"]
        first_used = _partial(system.get("first_used"))
        first_approval = _first_approval(approved)
        if system["lifecycle"] == "in_use" and not current:
            yield _on_system("dpia_before_processing", system, "The system is in use with no approved DPIA.")
        elif first_used and first_approval and first_used.latest() < first_approval:
            yield _on_system(
                "dpia_before_processing",
                system,
                f"The system was first used in {first_used.display()}, before its DPIA was approved on"
                f" {long_date(first_approval)}.",
                approved,
            )


def eqia_for_people(register: Register) -> Iterator[Finding]:
    """Systems that score or identify people, in use without an approved EqIA."""
    for system in register.systems:
        if system["category"] not in ("individual_risk", "biometric") or system["lifecycle"] != "in_use":
            continue
        if not _of(register, system["id"], "eqia", ("approved",)):
            yield _on_system(
                "eqia_for_people", system, "The system scores or identifies people and has no approved EqIA."
            )


def bias_test_after_approval(register: Register) -> Iterator[Finding]:
    """Bias tests dated after the approval of the EqIA recording them: that approval did not weigh them."""
    for version in register.versions:
        approved = _day(version.get("approved"))
        if version["kind"] != "eqia" or version["status"] != "approved" or not approved:
            continue
        for test in version["answers"].get("bias_tests") or []:
            tested = _partial(test.get("date"))
            if tested and tested.earliest() > approved:
                yield _on_version(
                    "bias_test_after_approval",
                    version,
                    f"A bias test dated {tested.display()} is recorded in an EqIA approved on"
                    f" {long_date(approved)}.",
                )


def _reviews(register: Register) -> Iterator[tuple[dict, int]]:
    """Each approved version with a review date, and the days until it (negative when overdue)."""
    for version in register.versions:
        due = _day(version.get("review_due"))
        if version["status"] == "approved" and due:
            yield version, (due - register.today).days


def review_overdue(register: Register) -> Iterator[Finding]:
    """Approved versions whose review date has passed."""
    for version, days in _reviews(register):
        if days < 0:
            yield _on_version(
                "review_overdue",
                version,
                f"The review fell due on {long_date(version['review_due'])},"
                f" {span(_day(version['review_due']), register.today)} ago.",
            )


def review_due_soon(register: Register) -> Iterator[Finding]:
    """Approved versions whose review falls due within 30 days."""
    for version, days in _reviews(register):
        if 0 <= days <= SOON_DAYS:
            when = "today" if days == 0 else f"in {days} day{'' if days == 1 else 's'}"
            yield _on_version(
                "review_due_soon",
                version,
                f"The review falls due on {long_date(version['review_due'])}, {when}.",
            )


def prior_consultation(register: Register) -> Iterator[Finding]:
    """Approved DPIAs accepting a high residual risk with no record of consulting the ICO."""
    for version in register.versions:
        if version["kind"] != "dpia" or version["status"] != "approved":
            continue
        answers = version["answers"]
        high = [i for i, level in enumerate(residual_risks(answers).values(), start=1) if level == "high"]
        if high and not any(answers.get(key) for key in CONSULTATION_RECORD):
            risks = ", ".join(str(i) for i in high)
            yield _on_version(
                "prior_consultation",
                version,
                f"Residual risk is high for risk {risks}, and no consultation with the ICO is recorded.",
            )


def _contradicts(answers: dict, rule: Contradiction) -> bool:
    named = str(answers.get(rule.named) or "").lower()
    return answers.get(rule.answer) == rule.value and any(word in named for word in rule.words)


def contradictory_answers(register: Register) -> Iterator[Finding]:
    """Answers a kind declares contradictory (dpia.kinds.contradictions), in versions still in force."""
    for version in register.versions:
        if version["status"] not in LIVE:
            continue
        for rule in CONTRADICTIONS:
            if rule.kind == version["kind"] and _contradicts(version["answers"], rule):
                yield _on_version("contradictory_answers", version, rule.wording)


def missing_signoffs(register: Register) -> Iterator[Finding]:
    """Approved versions lacking a sign-off the kind requires: who signed and what they decided."""
    for version in register.versions:
        if version["status"] != "approved":
            continue
        kind = kinds.definition(version["kind"], version["definition_version"])
        for question in kind.questions.values():
            recorded = version["answers"].get(question.key) or {}
            for signoff in question.signoffs:
                row = recorded.get(signoff.key) or {}
                if signoff.required and not (row.get("name") and row.get("decision")):
                    yield _on_version(
                        "missing_signoffs",
                        version,
                        f"The required sign-off ‘{signoff.label}’ is not recorded.",
                    )


def _period_end(period: str | None) -> date | None:
    """The last day of a monitoring period written 2021-03 or 2021-Q1."""
    match = re.match(r"^(\d{4})-(?:(\d{2})|Q([1-4]))$", period or "")
    if not match:
        return None
    year, month, quarter = match.groups()
    last_month = int(month) if month else int(quarter) * 3
    return PartialDate(int(year), last_month).latest()


def stale_monitoring(register: Register) -> Iterator[Finding]:
    """Systems in use whose newest monitoring data ends longer ago than the review period."""
    limit = register.today - timedelta(days=register.review_months * 365 // 12)
    for system in register.systems:
        ends = [_period_end(d.get("last_period")) for d in register.datasets_of.get(system["id"], ())]
        ends = [e for e in ends if e]
        if system["lifecycle"] == "in_use" and ends and max(ends) < limit:
            yield _on_system(
                "stale_monitoring",
                system,
                f"The newest monitoring data ends on {long_date(max(ends))}, more than"
                f" {register.review_months} months ago.",
            )


CHECKS: tuple[Check, ...] = (
    Check(
        "dpia_before_processing",
        "Processing before an approved DPIA",
        "UK GDPR Article 35(1); Data Protection Act 2018 section 64(1); R (Bridges) v CC South Wales Police",
        HIGH,
        "Complete and approve the DPIA, or stop the processing until it is approved. Correct the first-used"
        " date if it is wrong.",
        dpia_before_processing,
        system_fields=("lifecycle", "first_used"),
    ),
    Check(
        "eqia_for_people",
        "No approved EqIA for a system that scores or identifies people",
        "Equality Act 2010 section 149; R (Bridges) v CC South Wales Police [2020] EWCA Civ 1058,"
        " paras 175-202",
        HIGH,
        "Complete and approve an EqIA for the system, with its bias testing.",
        eqia_for_people,
        system_fields=("category", "lifecycle"),
    ),
    Check(
        "bias_test_after_approval",
        "Bias test recorded after the EqIA was approved",
        "Equality Act 2010 section 149; R (Bridges) v CC South Wales Police, paras 181 and 199",
        MEDIUM,
        "Start a new version of the EqIA so that approvers weigh the later test, and approve it.",
        bias_test_after_approval,
        answers=(("eqia", "bias_tests"),),
    ),
    Check(
        "review_overdue",
        "Review overdue",
        "UK GDPR Article 35(11); Data Protection Act 2018 section 64; Equality Act 2010 section 149",
        HIGH,
        "Start a new version, review each section and approve it.",
        review_overdue,
    ),
    Check(
        "review_due_soon",
        "Review due within 30 days",
        "UK GDPR Article 35(11); Equality Act 2010 section 149",
        LOW,
        "Start a new version now so that the review is approved before the date.",
        review_due_soon,
    ),
    Check(
        "prior_consultation",
        "High residual risk without prior consultation",
        "UK GDPR Article 36; Data Protection Act 2018 section 65",
        HIGH,
        "Consult the ICO before the processing goes on and record the consultation and its advice, or add"
        " measures that bring the risk down.",
        prior_consultation,
        answers=(("dpia", "risks"), ("dpia", "measures")),
    ),
    Check(
        "contradictory_answers",
        "Answers that contradict each other",
        "UK GDPR Articles 9 and 10; Data Protection Act 2018 sections 35 and 42",
        MEDIUM,
        "Correct whichever answer is wrong, in a new version if this one is approved.",
        contradictory_answers,
    ),
    Check(
        "missing_signoffs",
        "Required sign-off missing",
        "UK GDPR Article 35(2) (DPO advice); ICO DPIA template step 7",
        HIGH,
        "Start a new version and have the missing sign-off recorded before approving it.",
        missing_signoffs,
    ),
    Check(
        "stale_monitoring",
        "Monitoring data older than the review period",
        "Equality Act 2010 section 149 (a continuing duty); R (Bridges) v CC South Wales Police, para 182",
        MEDIUM,
        "Upload the latest monitoring data for the system.",
        stale_monitoring,
    ),
)
BY_KEY = {check.key: check for check in CHECKS}


def run(register: Register, checks: tuple[Check, ...] = CHECKS) -> list[tuple[Check, Finding]]:
    """Every finding of every check, most severe first, then by system and reference."""
    found = [(check, finding) for check in checks for finding in check.run(register)]
    rank = {severity: i for i, severity in enumerate(SEVERITIES)}
    return sorted(
        found, key=lambda pair: (rank[pair[0].severity], pair[1].system_name.lower(), pair[1].reference)
    )


def check_declarations(checks: tuple[Check, ...] = CHECKS, contradictions=CONTRADICTIONS) -> None:
    """Fail at start-up, naming it, if a check or contradiction refers to a field that does not exist."""
    system_fields = set(System.__annotations__)
    for check in checks:
        if check.severity not in SEVERITIES:
            raise ValueError(f"Compliance check {check.key}: unknown severity ‘{check.severity}’")
        for name in check.system_fields:
            if name not in system_fields:
                raise ValueError(f"Compliance check {check.key}: unknown system field ‘{name}’")
        for kind, question in check.answers:
            _known(f"Compliance check {check.key}", kind, question)
    for rule in contradictions:
        for question in (rule.named, rule.answer):
            _known(f"Contradiction {rule.key}", rule.kind, question)


def _known(where: str, kind: str, question: str) -> None:
    """A question must exist in some definition of the kind."""
    if not any(k.key == kind and question in k.questions for k in kinds.DEFINITIONS):
        raise ValueError(f"{where}: unknown field ‘{kind}.{question}’")
