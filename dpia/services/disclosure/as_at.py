"""The register as it stood at the end of a day: what an FOI answer is drawn from (FOIA s1(4)).

The rules, each from the dated record the register keeps:
- A day ends at midnight UTC, since every timestamp is stored in UTC.
- A register entry is the record saved in the last history row by the end of the day. A system entered in the
  register later is still answered when its own record dates it by then (first used, retired, a cost period or
  a policy version on or before the day, or an assessment approved by then): its entry as first recorded is
  used and the officer is told.
  Any other system entered later is left out, and the officer is told.
- An assessment version counts from its recorded approval date (the approver's own date, which may be earlier
  than the day it was typed in); it is superseded from the approval date of a later version of the same
  assessment, and withdrawn from the day its withdrawal was saved.
- Monitoring data counts only periods ending on or before the day.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from dpia import kinds
from dpia.actor import Actor
from dpia.domain.register import FIELD_LABELS
from dpia.partial_dates import PartialDate, long_date
from dpia.records import FoiRequest, System, Version
from dpia.services.disclosure import documents
from dpia.services.monitoring import datasets as monitoring
from dpia.store import assessments as assessment_store
from dpia.store import systems as system_store
from dpia.store.db import Database

# What each workflow action leaves a version as, to say where unapproved work stood on a day.
_STATUS_AFTER = {
    "submit": "in_review",
    "request_changes": "draft",
    "approve": "approved",
    "withdraw": "withdrawn",
    "supersede": "superseded",
}


def request_day(request: FoiRequest) -> date:
    """The day a request is answered as at: the one the officer chose, or the day it was received."""
    return date.fromisoformat(request.get("as_at") or request["received"])


def end_of(day: date) -> str:
    """The first stored timestamp after a day: saves before it were made by the end of that day."""
    return (day + timedelta(days=1)).isoformat()


def _day_of(stamp: str) -> str:
    return long_date(date.fromisoformat(stamp[:10]))


@dataclass
class Entry:
    """One system in scope as at the day."""

    system: System
    # Entered in the register after the day, so its first recorded entry stands in for the one then.
    first_recorded: bool = False
    entered: str = ""
    # Fields of the entry whose value then is not known (history kept only text before snapshots).
    unknown: list[str] = field(default_factory=list)


def _withdrawn_by(actions: list[tuple[str, str]], until: str) -> bool:
    return any(action == "withdraw" and at < until for at, action in actions)


def _was_approved(version: Version, actions: list[tuple[str, str]]) -> bool:
    """Approved at some time: an approval date alone may have been copied from an imported document."""
    return version["status"] in ("approved", "superseded") or any(a == "approve" for _, a in actions)


def versions(db: Database, actor: Actor, system_id: int, day: date) -> list[Version]:
    """The FOI-kind versions approved by the day and not withdrawn by it, with their status then."""
    found = [
        v
        for v in assessment_store.for_system(db, system_id, actor.can_see_sensitive)
        if v["kind"] in kinds.FOI_KINDS
    ]
    actions = assessment_store.dated_actions(db, [v["id"] for v in found]) if found else {}
    approved = [
        v
        for v in found
        if v["approved"] and v["approved"] <= day.isoformat() and _was_approved(v, actions[v["id"]])
    ]
    latest: dict[int, int] = {}
    for version in approved:
        latest[version["assessment_id"]] = max(latest.get(version["assessment_id"], 0), version["number"])
    return [
        {**v, "status": "approved" if latest[v["assessment_id"]] == v["number"] else "superseded"}  # type: ignore[misc]
        for v in approved
        if not _withdrawn_by(actions[v["id"]], end_of(day))
    ]


def unapproved_work(db: Database, actor: Actor, system_id: int, day: date) -> list[Version]:
    """Per assessment with nothing approved by the day, its newest version then, with its status then."""
    until = end_of(day)
    by_assessment: dict[int, list[Version]] = {}
    for version in assessment_store.for_system(db, system_id, actor.can_see_sensitive):
        if version["kind"] in kinds.FOI_KINDS and version["created_at"] < until:
            by_assessment.setdefault(version["assessment_id"], []).append(version)
    found = []
    for group in by_assessment.values():
        if any(v["approved"] and v["approved"] <= day.isoformat() for v in group):
            continue
        newest = group[-1]
        actions = assessment_store.dated_actions(db, [newest["id"]])[newest["id"]]
        status = "draft"
        for at, action in actions:
            if at < until:
                status = _STATUS_AFTER.get(action, status)
        found.append({**newest, "status": status, "approved": None})
    return found  # type: ignore[return-value]


def _dated_by(system: System, day: date, approved: bool) -> bool:
    """Whether a system's own record shows it existed by the day: a date of its use, costs or policies."""
    dates = [system["first_used"], system["retired"]]
    dates += [c["period_start"] for c in system["costs"] or []]
    dates += [p["version_date"] for p in system["policies"] or []]
    return approved or any(d and PartialDate.parse(d).earliest() <= day for d in dates)


def entry(db: Database, actor: Actor, current: System, day: date) -> Entry | None:
    """A system's register entry as at the end of the day, or None when it is not in scope then."""
    row = system_store.entry_until(db, current["id"], end_of(day))
    first_recorded = row is None
    if row is None:
        row = system_store.first_entry(db, current["id"])
        if row is None or not _dated_by(row["snapshot"], day, bool(versions(db, actor, current["id"], day))):
            return None
    record = {k: v for k, v in row["snapshot"].items() if k not in row["unknown"]}
    # The stricter of the markings then and now: a record marked sensitive since is handled as such.
    marking = documents.highest_marking(current["marking"], record.get("marking", "OFFICIAL"))
    system = {**current, **record, "marking": marking, "version": row["version"]}
    for key in row["unknown"]:
        system[key] = [] if key in ("aliases", "costs", "policies") else None
    return Entry(
        system=system,  # type: ignore[arg-type]
        first_recorded=first_recorded,
        entered=current["created_at"][:10],
        unknown=list(row["unknown"]),
    )


def notes(entry: Entry, day: date) -> list[str]:
    """What the officer must know about an entry as at the day; the unknown fields block a pack."""
    name = entry.system["name"]
    found = []
    if entry.first_recorded:
        entered = long_date(date.fromisoformat(entry.entered))
        found.append(
            f"‘{name}’ was entered in the register on {entered}, after {long_date(day)}: its entry as first"
            " recorded is used"
        )
    return found


def unknown_problems(entry: Entry, day: date) -> list[str]:
    """Fields of an entry whose value at the day cannot be read from the history: a pack must not guess."""
    return [
        f"‘{entry.system['name']}’: {FIELD_LABELS[key].lower()} as recorded on {long_date(day)} cannot be"
        " read back from the register's history (it kept only text then); choose a later date to answer as at"
        for key in entry.unknown
    ]


@dataclass
class Changed:
    """What changed in one system's record after the day: listed for the officer, never released."""

    system: System
    lines: list[str]


def _version_changes(db: Database, actor: Actor, system_id: int, day: date) -> list[str]:
    found = [
        v
        for v in assessment_store.for_system(db, system_id, actor.can_see_sensitive)
        if v["kind"] in kinds.FOI_KINDS
    ]
    actions = assessment_store.dated_actions(db, [v["id"] for v in found]) if found else {}
    lines = []
    for version in found:
        name = f"{version['reference']} version {version['number']}"
        approved = version["approved"] and _was_approved(version, actions[version["id"]])
        if approved and version["approved"] > day.isoformat():
            lines.append(f"{name} approved on {long_date(date.fromisoformat(version['approved']))}")
        for at, action in actions[version["id"]]:
            if action == "withdraw" and at >= end_of(day):
                lines.append(f"{name} withdrawn on {_day_of(at)}")
    return lines


def _register_changes(db: Database, system_id: int, day: date) -> list[str]:
    return [
        f"{change['label']} changed on {_day_of(row['changed_at'])} by {row['changed_by']}"
        for row in system_store.history_since(db, system_id, end_of(day))
        if row["action"] != "created"
        for change in row["changes"]
    ]


def _data_changes(db: Database, actor: Actor, system_id: int, day: date) -> list[str]:
    lines = []
    for dataset in monitoring.datasets_for_system(db, actor, system_id):
        later = monitoring.later_periods(db, dataset, day)
        if dataset["uploaded_at"] >= end_of(day) and dataset["first_period"] not in later:
            # Uploaded since, about periods before the day: the force held those figures then.
            uploaded = _day_of(dataset["uploaded_at"])
            lines.append(
                f"Monitoring data ‘{dataset['title']}’ uploaded on {uploaded}: its earlier periods are in"
            )
        if later:
            span = later[0] if len(later) == 1 else f"{later[0]} to {later[-1]}"
            lines.append(f"Monitoring data ‘{dataset['title']}’: periods ending later ({span}) are left out")
    return lines


def changed_since(db: Database, actor: Actor, systems: list[System], day: date) -> list[Changed]:
    """Per system in scope, what was added or changed after the day."""
    found = []
    for system in systems:
        lines = []
        entered = date.fromisoformat(system["created_at"][:10])
        if entered > day:
            lines.append(f"Added to the register on {long_date(entered)}")
        lines += _register_changes(db, system["id"], day)
        lines += _version_changes(db, actor, system["id"], day)
        lines += _data_changes(db, actor, system["id"], day)
        if lines:
            found.append(Changed(system, lines))
    return found
