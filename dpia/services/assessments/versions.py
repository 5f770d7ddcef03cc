"""Use cases of assessments: start one, read a version, edit its details and sections, see its history."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from dpia import kinds
from dpia.actor import Actor
from dpia.clock import today
from dpia.domain import answers as answer_rules
from dpia.domain import duties, reviews
from dpia.domain.changes import compare as compare_states
from dpia.domain.readiness import TITLE_MISSING
from dpia.domain.validate import Checker
from dpia.errors import Conflict, Forbidden, Invalid, NotFound, NotNow
from dpia.kinds.model import Kind, Section
from dpia.partial_dates import PartialDate
from dpia.permissions import holders
from dpia.records import System, Version
from dpia.services.accounts import audit
from dpia.services.assessments import changes
from dpia.services.systems import get as get_system
from dpia.store import assessments as store
from dpia.store.db import Database, transaction
from dpia.vocab import MARKINGS, STATUSES, labels

_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,39}$")
CONFLICT_MESSAGE = (
    "Someone else saved this assessment while you were editing it. Your changes have not been saved."
)
SAVE_ACTIONS = {
    "created": "Started",
    "saved": "Saved",
    "submit": "Submitted for review",
    "approve": "Approved",
    "request_changes": "Changes requested",
    "withdraw": "Withdrawn",
    "supersede": "Superseded",
    "new_version": "New version started",
}
DETAIL_LABELS = {
    "title": "Title",
    "reference": "Reference",
    "owner": "Owner",
    "marking": "Protective marking",
    "started": "Date started",
    "conducted": "Date conducted (completed)",
}


def _visible(version: Version | None, actor: Actor) -> Version:
    if version is None or not can_see(version, actor):
        raise NotFound("No assessment version with that number")
    return version  # type: ignore[return-value]


def load(db: Database, actor: Actor, assessment_id: int, number: int | None = None) -> Version:
    """A version the actor may see: the one numbered, or the assessment's current one."""
    if number is None:
        number = current_number(db, actor, assessment_id)
    return _visible(store.version(db, assessment_id, number), actor)


def current_number(db: Database, actor: Actor, assessment_id: int) -> int:
    """The version people mean by "the assessment": the newest one the actor may see."""
    visible = [v for v in store.versions(db, assessment_id) if can_see(v, actor)]
    if not visible:
        raise NotFound("No assessment with that id")
    return visible[-1]["number"]


def can_see(version: Version, actor: Actor) -> bool:
    """Whether the actor may see a version: neither it nor its system is marked beyond them."""
    return actor.sees(version["marking"], version["system_marking"])


def definition(version: Version) -> Kind:
    """The kind definition a version was written against."""
    return kinds.definition(version["kind"], version["definition_version"])


# Starting an assessment


def _reference(check: Checker, db: Database, actor: Actor, value: object, assessment_id: int | None) -> str:
    reference = check.text("reference", value, "Reference", max_len=40)
    owner = store.reference_owner(db, reference) if reference else None
    if reference and not _REFERENCE.match(reference):
        check.fail("reference", "Reference must use only letters, numbers, spaces and . / _ -")
    elif owner not in (None, assessment_id) and not _any_visible(db, actor, owner):  # type: ignore[arg-type]
        # Held by an assessment hidden from the actor: say so without saying it exists.
        check.fail("reference", "That reference cannot be used: choose another, or ask an administrator")
    elif owner not in (None, assessment_id):
        check.fail("reference", f"Reference {reference} is already used by another assessment")
    return reference


def _any_visible(db: Database, actor: Actor, assessment_id: int) -> bool:
    return any(can_see(v, actor) for v in store.versions(db, assessment_id))


def generate_reference(db: Database, kind: Kind, year: int) -> str:
    """The next free reference for a kind and year, like DPIA-2024-007."""
    prefix = f"{kind.prefix}-{year}-"
    return f"{prefix}{store.highest_number(db, prefix) + 1:03d}"


def _kind(check: Checker, value: object) -> Kind | None:
    if value in (None, ""):
        check.fail("kind", "Select the kind of assessment")
        return None
    found = kinds.latest(value) if isinstance(value, str) else None
    if found is None:
        names = ", ".join(k.short for k in kinds.kinds())
        check.fail("kind", f"Unknown kind of assessment ‘{value}’: choose one of {names}")
    return found


def _initial_answers(kind: Kind, system: System) -> dict:
    """Answers known from the system already, so nobody types them twice."""
    if kind.key == "dpia":
        return {"regime": "dpa_s64" if system["regime"] == "dpa_part3" else "uk_gdpr_art35"}
    return {}


def start(db: Database, actor: Actor, system_id: int, data: dict) -> int:
    """Start an assessment of a system as a first draft; return the assessment id."""
    if not actor.may("edit_assessments"):
        raise Forbidden("Only editors can start assessments")
    system = get_system(db, actor, system_id)
    check = Checker()
    kind = _kind(check, data.get("kind"))
    title = check.text("title", data.get("title"), "Title", required=True, missing=TITLE_MISSING)
    owner = check.text("owner", data.get("owner"), "Owner")
    marking = check.choice("marking", data.get("marking") or "OFFICIAL", "Protective marking", MARKINGS)
    answers = _initial_answers(kind, system) if kind else {}
    if kind and data.get("answers") is not None:
        raw = data["answers"]
        answers = _checked_answers(check, kind, {**answers, **raw} if isinstance(raw, dict) else raw)
    with transaction(db):
        reference = _reference(check, db, actor, data.get("reference"), None)
        check.raise_if_any()
        reference = reference or generate_reference(db, kind, today().year)
        assessment_id = store.insert_assessment(db, system_id, kind.key, reference, actor.email)
        content = {
            "title": title,
            "owner": owner,
            "marking": marking,
            "started": today().isoformat(),
            "answers": answers,
        }
        version_id = store.insert_version(db, assessment_id, 1, kind.version, content, actor.email)
        created = store.version_by_id(db, version_id)
        diff = changes.between(kind, None, created)
        store.add_save(db, created, actor.email, "created", "", diff)
        audit.record(
            db,
            actor,
            "assessment.create",
            object_type="assessment",
            object_id=assessment_id,
            summary=f"Started {kind.short} {reference} for ‘{system['name']}’",
            details={"reference": reference, "kind": kind.key, "version": 1},
        )
    return assessment_id


# Editing a draft


def edit_refusal(version: Version, actor: Actor, section: Section | None) -> Forbidden | NotNow | None:
    """Why the actor may not change this version's details or section now, or None if they may."""
    status = version["status"]
    if section is not None and section.editing == "signoff" and status in ("draft", "in_review"):
        if actor.may("approve") or (status == "draft" and actor.may("edit_assessments")):
            return None
        if status == "in_review" and actor.may("edit_assessments"):
            return NotNow("While an assessment is in review only approvers record sign-offs")
    if not actor.may("edit_assessments"):
        return Forbidden("Only editors can change assessments")
    if status == "in_review":
        return NotNow(
            "This version is in review, so it cannot be changed unless an approver requests changes"
        )
    if status != "draft":
        shown = labels(STATUSES)[status].lower()
        return NotNow(f"This version is {shown}, so it never changes. Start a new version to revise it.")
    return _not_asked(version, section)


def _not_asked(version: Version, section: Section | None) -> NotNow | None:
    """A section asked only for some answers (Part 3 questions) cannot be edited while it is not asked."""
    condition = section.shown_when if section is not None else None
    if condition is None or condition.holds(version["answers"]):
        return None
    asked = definition(version).questions[condition.question]
    return NotNow(f"{condition.reason} Change the answer to ‘{asked.label}’ first.")


def _editable(db: Database, actor: Actor, assessment_id: int, number: int, section: Section | None) -> dict:
    version = load(db, actor, assessment_id, number)
    refusal = edit_refusal(version, actor, section)
    if refusal:
        raise refusal
    return version


def _check_decisions(kind: Kind, actor: Actor, before: dict, after: dict) -> None:
    """Refuse a change to a sign-off decision kept for a role the actor does not hold; names stay open."""
    for signoff, column in duties.decisions_changed(kind, before or {}, after or {}):
        if not actor.may(signoff.decided_by):
            roles = " or ".join(role + "s" for role in holders(signoff.decided_by))
            raise Forbidden(
                f"Only {roles} can record the {column} of the sign-off ‘{signoff.label}’:"
                " you may propose a name and position, but the decision is theirs"
            )


def _save(db: Database, actor: Actor, version: Version, revision: int, values: dict, action: str) -> int:
    """Write a save unless someone saved first; keep it in the history and the audit trail."""
    kind = definition(version)
    if version["revision"] != revision:
        raise Conflict(CONFLICT_MESSAGE, changes.since(db, version, revision))
    if "answers" in values:
        _check_decisions(kind, actor, version["answers"], values["answers"])
    after = {**version, **values}
    diff = changes.between(kind, version, after)
    if not diff:
        return revision
    new_revision = store.update_version(db, version["id"], revision, values, actor.email)
    if new_revision is None:
        raise Conflict(CONFLICT_MESSAGE, changes.since(db, version, revision))
    store.add_save(db, {**after, "revision": new_revision}, actor.email, action, "", diff)
    audit.record(
        db,
        actor,
        "assessment.update",
        object_type="assessment",
        object_id=version["assessment_id"],
        summary=f"Changed {version['reference']} version {version['number']}",
        details={"version": version["number"], "changes": diff},
    )
    return new_revision


def _dates(check: Checker, data: dict) -> dict:
    started = check.partial_date("started", data.get("started"), "Date started")
    conducted = check.partial_date("conducted", data.get("conducted"), "Date conducted")
    for key, found in (("started", started), ("conducted", conducted)):
        if found and found.earliest() > today():
            check.fail(key, f"{DETAIL_LABELS[key]} must be today or in the past")
    if started and conducted and started.earliest() > conducted.latest():
        check.fail("conducted", "Date conducted must be the same as or after the date started")
    return {"started": _iso(started), "conducted": _iso(conducted)}


def _iso(found: PartialDate | None) -> str | None:
    return found.iso() if found else None


def update_details(
    db: Database, actor: Actor, assessment_id: int, number: int, data: dict, revision: int
) -> int:
    """Change a draft's title, reference, owner, marking and dates; return the new revision."""
    return _update(db, actor, assessment_id, number, data, revision, with_answers=False)


def update_draft(
    db: Database, actor: Actor, assessment_id: int, number: int, data: dict, revision: int
) -> int:
    """Replace a draft's details and every answer in one save (the API); return the new revision."""
    return _update(db, actor, assessment_id, number, data, revision, with_answers=True)


def _update(
    db: Database, actor: Actor, assessment_id: int, number: int, data: dict, revision: int, with_answers: bool
) -> int:
    check = Checker()
    values = _detail_values(check, data)
    with transaction(db):
        version = _editable(db, actor, assessment_id, number, None)
        reference = _reference(check, db, actor, data.get("reference") or version["reference"], assessment_id)
        if with_answers:
            values["answers"] = _checked_answers(check, definition(version), data.get("answers") or {})
        check.raise_if_any()
        new_revision = _save(db, actor, version, revision, values, "saved")
        if reference != version["reference"]:
            _change_reference(db, actor, version, reference)
    return new_revision


def _detail_values(check: Checker, data: dict) -> dict:
    return {
        "title": check.text("title", data.get("title"), "Title", required=True, missing=TITLE_MISSING),
        "owner": check.text("owner", data.get("owner"), "Owner"),
        "marking": check.choice("marking", data.get("marking") or "OFFICIAL", "Protective marking", MARKINGS),
        **_dates(check, data),
    }


def _checked_answers(check: Checker, kind: Kind, raw: object) -> dict:
    """A whole answer set checked against the kind, its problems added to `check`."""
    if not isinstance(raw, dict):
        check.fail("answers", "Answers must map each question to its answer")
        return {}
    try:
        return answer_rules.clean_all(kind, raw)
    except Invalid as refused:
        for key, message in refused.errors.items():
            check.fail(key, message)
        return {}


def _change_reference(db: Database, actor: Actor, version: Version, reference: str) -> None:
    store.set_reference(db, version["assessment_id"], reference)
    audit.record(
        db,
        actor,
        "assessment.reference",
        object_type="assessment",
        object_id=version["assessment_id"],
        summary=f"Changed reference {version['reference']} to {reference}",
        details={"old": version["reference"], "new": reference},
    )


@dataclass(frozen=True)
class SavedSection:
    """A section just saved, the version's new revision, and the section the actor may edit next, if any."""

    section: Section
    revision: int
    following: Section | None


def update_section(
    db: Database, actor: Actor, assessment_id: int, number: int, section_key: str, raw: dict, revision: int
) -> int:
    """Save the answers of one section; return the new revision."""
    return save_section(db, actor, assessment_id, number, section_key, lambda _: (raw, revision)).revision


def save_section(
    db: Database,
    actor: Actor,
    assessment_id: int,
    number: int,
    section_key: str,
    read: Callable[[Section], tuple[dict, int]],
) -> SavedSection:
    """Save one section's answers, read from the caller once the section is known; what was saved, what next.

    `read` turns a posted form into (answers, the revision they were based on): a form's shape depends on
    the section's questions, so the version is loaded once here rather than once more by the caller.
    """
    with transaction(db):
        version = load(db, actor, assessment_id, number)
        kind = definition(version)
        section = kind.section(section_key)
        if section is None:
            raise NotFound(f"{kind.short} has no section called {section_key}")
        refusal = edit_refusal(version, actor, section)
        if refusal:
            raise refusal
        raw, revision = read(section)
        answers = answer_rules.clean_section(kind, section, raw, version["answers"])
        revision = _save(db, actor, version, revision, {"answers": answers}, "saved")
        # The answers just saved decide which sections are asked next (Part 3 follows the regime's answer).
        following = following_section({**version, "answers": answers}, actor, section)
        return SavedSection(section, revision, following)


def following_section(version: Version, actor: Actor, section: Section) -> Section | None:
    """The first section after this one that is asked and that the actor may edit now; None after the last."""
    sections = definition(version).sections
    later = sections[sections.index(section) + 1 :]
    return next((s for s in later if edit_refusal(version, actor, s) is None), None)


def update_answers(
    db: Database, actor: Actor, assessment_id: int, number: int, raw: dict, revision: int
) -> int:
    """Replace every answer of a draft at once (imports, the API); return the new revision."""
    with transaction(db):
        version = _editable(db, actor, assessment_id, number, None)
        kind = definition(version)
        answers = answer_rules.clean_all(kind, raw)
        return _save(db, actor, version, revision, {"answers": answers}, "saved")


def section_values(version: Version, section: Section) -> dict:
    """The stored answers of one section, for its form."""
    return {q.key: version["answers"][q.key] for q in section.questions if q.key in version["answers"]}


# Reading history


def history(db: Database, actor: Actor, assessment_id: int) -> dict:
    """Every save of every version the actor may see, newest first."""
    current = load(db, actor, assessment_id)
    visible = {v["number"] for v in store.versions(db, assessment_id) if can_see(v, actor)}
    saves = [
        {**s, "action_label": SAVE_ACTIONS.get(s["action"], s["action"])}
        for s in store.saves(db, assessment_id)
    ]
    saves = [s for s in saves if s["number"] in visible]
    # By default compare the newest version as it now is with the one before it as it was left.
    last_of = {s["number"]: s for s in saves}
    numbers = sorted(last_of)
    return {
        "version": current,
        "kind": definition(current),
        "saves": list(reversed(saves)),
        "default_before": last_of[numbers[-2]] if len(numbers) > 1 else saves[0],
        "default_after": last_of[numbers[-1]],
    }


def compare(db: Database, actor: Actor, assessment_id: int, before_id: int, after_id: int) -> dict:
    """What changed between two saves of the assessment, in either order: rows matched by their ids."""
    found = history(db, actor, assessment_id)
    by_id = {s["id"]: s for s in found["saves"]}
    if before_id not in by_id or after_id not in by_id:
        raise NotFound("Choose two saves of this assessment to compare")
    before, after = by_id[before_id], by_id[after_id]
    comparison = compare_states(
        {"kind": _definition_of(db, before), "content": before["snapshot"]},
        {"kind": _definition_of(db, after), "content": after["snapshot"]},
    )
    return {**found, "before": before, "after": after, "comparison": comparison}


def _definition_of(db: Database, save: dict) -> Kind:
    return definition(store.version_by_id(db, save["version_id"]))


# The system page


def for_system(db: Database, actor: Actor, system_id: int) -> list[dict]:
    """Per kind, the system's assessments with the versions that matter, and whether any is recorded."""
    by_kind: dict[str, dict[int, list[dict]]] = {key: {} for key in kinds.ORDER}
    now = today()
    for version in store.for_system(db, system_id, actor.can_see_sensitive):
        version["review"] = reviews.version_state(version, now)
        by_kind.setdefault(version["kind"], {}).setdefault(version["assessment_id"], []).append(version)
    return [
        {
            "kind": kinds.latest(key),
            "assessments": [_summary(versions) for versions in found.values()],
            "approved": any(v["status"] == "approved" for versions in found.values() for v in versions),
        }
        for key, found in by_kind.items()
    ]


def _summary(versions: list[dict]) -> dict:
    """An assessment on the system page: its newest version, and its approved one when that is older."""
    newest = versions[-1]
    shown = [newest]
    approved = [v for v in versions if v["status"] == "approved"]
    if approved and approved[-1] is not newest:
        shown.append(approved[-1])
    return {
        "reference": newest["reference"],
        "id": newest["assessment_id"],
        "versions": shown,
        "count": len(versions),
    }
