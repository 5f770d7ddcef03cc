"""What a page about one assessment version shows: read-models, kept apart from the use cases that write."""

from dataclasses import dataclass, field

from dpia.actor import Actor
from dpia.domain import readiness
from dpia.domain.reviews import ReviewState, version_state
from dpia.kinds.derive import Flag
from dpia.kinds.model import Kind
from dpia.records import Version
from dpia.services.assessments import workflow
from dpia.services.assessments.versions import can_see, definition, load, today
from dpia.services.monitoring import datasets as monitoring
from dpia.store import assessments as store
from dpia.store.db import Database


@dataclass
class VersionPage:
    """Everything a page about one version needs."""

    version: Version
    kind: Kind
    versions: list[dict]
    flags: list[Flag]
    missing_for_review: list[tuple[str, str]]
    missing_for_approval: list[tuple[str, str]]
    actions: list[str] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)
    # The system's monitoring datasets, for kinds whose sections cite them as evidence.
    datasets: list[dict] = field(default_factory=list)
    # Why this person may not approve although their role allows it (they drafted it), and who may.
    held_back: str = ""
    # How its review stands today, for an approved version.
    review: ReviewState | None = None

    @property
    def approval_blockers(self) -> list[tuple[str, str]]:
        """What stops approval that the approval form itself cannot supply."""
        return readiness.approval_blockers(self.missing_for_approval)


def page(db: Database, actor: Actor, assessment_id: int, number: int | None = None) -> VersionPage:
    """A version with its kind, flags, what is missing, and what the actor may do next."""
    version = load(db, actor, assessment_id, number)
    kind = definition(version)
    return VersionPage(
        version=version,
        kind=kind,
        versions=[v for v in store.versions(db, assessment_id) if can_see(v, actor)],
        flags=readiness.flags(kind, version),
        missing_for_review=readiness.review_gaps(kind, version),
        missing_for_approval=readiness.approval_gaps(kind, version),
        actions=workflow.available(db, actor, version),
        states=readiness.section_states(kind, version),
        datasets=_evidence_datasets(db, actor, kind, version),
        held_back=str(workflow.duty_refusal(db, "approve", version, actor) or "")
        if actor.may("approve")
        else "",
        review=version_state(version, today()),
    )


def _evidence_datasets(db: Database, actor: Actor, kind: Kind, version: Version) -> list[dict]:
    if not any("monitoring_datasets" in s.panels for s in kind.sections):
        return []
    return monitoring.datasets_for_system(db, actor, version["system_id"])
