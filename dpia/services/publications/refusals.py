"""Why a system's public record cannot be published yet: each reason, for the approver to act on."""

from dpia.actor import Actor
from dpia.domain import atrs as atrs_rules
from dpia.domain import publications as rules
from dpia.records import System, Version
from dpia.services.disclosure import register_exports
from dpia.services.monitoring import datasets as monitoring
from dpia.store import assessments as assessment_store
from dpia.store import atrs as atrs_store
from dpia.store import foi_ncnd
from dpia.store.db import Database
from dpia.vocab import SENSITIVE


def approved_versions(db: Database, system: System) -> tuple[list[Version], list[str]]:
    """The current approved versions, and the refusals the assessments give (hidden, draft-only DPIA)."""
    by_assessment: dict[int, list[Version]] = {}
    for version in assessment_store.for_system(db, system["id"], True):
        by_assessment.setdefault(version["assessment_id"], []).append(version)
    approved, refusals = [], []
    for found in by_assessment.values():
        newest = found[-1]
        if any(v["marking"] == SENSITIVE for v in found):
            refusals.append(f"{newest['reference']} is marked OFFICIAL-SENSITIVE: it cannot be published")
            continue
        current = [v for v in found if v["status"] == "approved"]
        if not current and not any(v["status"] == "superseded" for v in found):
            if newest["kind"] == "dpia" and newest["status"] in ("draft", "in_review"):
                state = "a draft" if newest["status"] == "draft" else "in review"
                refusals.append(f"{newest['reference']} exists only {state}: approve it first")
            continue
        approved += current
    return approved, refusals


def atrs_refusals(db: Database, system_id: int) -> list[str]:
    """The ATRS answers longer than the template allows, by field."""
    stored = atrs_store.get(db, system_id)
    found = [
        atrs_rules.too_long(f, str(stored["answers"].get(f.key) or "")) for f in atrs_rules.FIELDS.values()
    ]
    for number, card in enumerate(stored["datasets"], 1):
        found += [
            f"Dataset {number}: {message}"
            for f in atrs_rules.DATASETS.fields
            if (message := atrs_rules.too_long(f, str(card.get(f.key) or "")))
        ]
    return [f"ATRS record: {message}" for message in found if message]


def choice_refusals(
    db: Database, actor: Actor, system: System, keys: tuple[str, ...], datasets: tuple[int, ...], summary: str
) -> list[str]:
    """What is wrong with what was chosen: unknown fields or datasets, an over-long summary."""
    found = []
    unknown = rules.unknown_fields(list(keys))
    if unknown:
        found.append("No such register field to publish: " + ", ".join(f"‘{k[:40]}’" for k in unknown))
    known = {d["id"] for d in monitoring.datasets_for_system(db, actor, system["id"])}
    missing = [str(d) for d in datasets if d not in known]
    if missing:
        found.append(f"‘{system['name']}’ has no monitoring dataset " + ", ".join(missing))
    if len(summary) > rules.SUMMARY_LIMIT:
        found.append(f"The summary of what changed must be {rules.SUMMARY_LIMIT} characters or fewer")
    return found


def system_refusals(db: Database, system: System) -> list[str]:
    """What about the system itself stops it being published: its marking, NCND, register problems."""
    found = []
    if system["marking"] == SENSITIVE:
        found.append(f"‘{system['name']}’ is marked OFFICIAL-SENSITIVE: it cannot be published")
    ncnd = foi_ncnd.references_for_system(db, system["id"])
    if ncnd:
        found.append(
            f"FOI request{'s' if len(ncnd) > 1 else ''} {', '.join(ncnd)} neither confirm nor deny"
            f" ‘{system['name']}’: publishing it would confirm it"
        )
    return found + register_exports.system_problems(db, system)
