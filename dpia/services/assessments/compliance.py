"""Compliance findings over the register the actor may see: for pages, a system, a version, CSV and CLI."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from dpia.actor import Actor
from dpia.csv_safety import csv_safe
from dpia.domain import compliance as rules
from dpia.errors import Invalid
from dpia.services.accounts import settings
from dpia.services.assessments.versions import today
from dpia.store import assessments as assessment_store
from dpia.store import compliance as store
from dpia.store.db import Database
from dpia.vocab import CATEGORIES

FILTERS = ("severity", "check", "category")
CSV_HEADINGS = (
    "Severity",
    "Check",
    "System",
    "Category",
    "Assessment",
    "Version",
    "Finding",
    "Fix",
    "Legal source",
)


@dataclass(frozen=True)
class Shown:
    """A finding with its check's declaration, as pages, CSV and the CLI show it."""

    check: rules.Check
    finding: rules.Finding


def register(db: Database, system_id: int | None = None) -> rules.Register:
    """The register (or one system's part: every check judges a system alone), loaded once.

    Judged whole, hidden versions included, so a version hidden from one never fakes a finding.
    """
    return rules.Register(
        systems=store.systems(db, system_id),
        versions=store.versions(db, system_id),
        datasets=store.datasets(db, system_id),
        today=today(),
        review_months=int(settings.value(db, "review_months")),  # type: ignore[call-overload]
    )


def findings(
    db: Database, actor: Actor, filters: dict | None = None, system_id: int | None = None
) -> list[Shown]:
    """Every finding the actor may see (OFFICIAL-SENSITIVE only to those who may), narrowed by the filters."""
    chosen = clean_filters(filters or {})
    checks = tuple(c for c in rules.CHECKS if chosen["check"] in ("", c.key))
    checks = tuple(c for c in checks if chosen["severity"] in ("", c.severity))
    judged = rules.run(register(db, system_id), checks)
    found = [Shown(c, f) for c, f in judged if actor.sees(*f.markings)]
    return [s for s in found if chosen["category"] in ("", s.finding.system_category)]


def clean_filters(filters: dict) -> dict[str, str]:
    """The filters asked for, each empty or a known value; an unknown value is refused by name."""
    allowed = {
        "severity": rules.SEVERITIES,
        "check": tuple(rules.BY_KEY),
        "category": tuple(t.value for t in CATEGORIES),
    }
    chosen = {name: str(filters.get(name) or "").strip() for name in FILTERS}
    errors = {
        name: f"Choose a {name} from the list"
        for name, value in chosen.items()
        if value and value not in allowed[name]
    }
    if errors:
        raise Invalid(errors)
    return chosen


def for_system(db: Database, actor: Actor, system_id: int) -> list[Shown]:
    """Findings about one system and its assessments."""
    return [s for s in findings(db, actor, system_id=system_id) if s.finding.system_id == system_id]


def for_version(db: Database, actor: Actor, assessment_id: int, number: int) -> list[Shown]:
    """Findings about one assessment version."""
    owner = assessment_store.assessment(db, assessment_id)
    if owner is None:
        return []
    return [
        s
        for s in findings(db, actor, system_id=owner["system_id"])
        if s.finding.assessment_id == assessment_id and s.finding.number == number
    ]


def counts(found: list[Shown]) -> dict[str, int]:
    """How many findings of each severity."""
    return {severity: sum(1 for s in found if s.check.severity == severity) for severity in rules.SEVERITIES}


def csv_rows(found: list[Shown]) -> Iterator[str]:
    """The findings as CSV lines, safe to open in a spreadsheet."""
    yield _line(CSV_HEADINGS)
    for shown in found:
        check, finding = shown.check, shown.finding
        yield _line(
            (
                check.severity,
                check.title,
                finding.system_name,
                finding.system_category,
                finding.reference,
                finding.number or "",
                finding.reason,
                check.fix,
                check.source,
            )
        )


def _line(values: tuple) -> str:
    out = io.StringIO()
    csv.writer(out).writerow([csv_safe(v) for v in values])
    return out.getvalue()
