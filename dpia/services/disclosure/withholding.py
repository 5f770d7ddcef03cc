"""Marking parts of an assessment version, or of a system's register entry, as withheld on disclosure.

A target is a path: "section:risks" (a whole section), "aims" (an answer), "risks/0a1b2c3d" (a table row),
"risks/0a1b2c3d/source" (a cell), "impacts/race/evidence" (a grid cell), "detail:owner" (a detail of the
version); for systems "how_it_works", "costs/<key>" or "costs/<key>/amount". A mark may instead withhold a
passage of a text target, pasted by the FOI officer. Marks are made on one version and copied forward
when a new version is started; a mark whose target or passage has gone is reported, and blocks disclosure
until an FOI officer looks at it. A disclosure of any version applies the marks of all its assessment's
versions, so nothing withheld on one is released through another.

A mark records the FOI request it was decided for (none for a disclosure made without one). It applies without
asking only there: any other request whose disclosure would release the same material is offered the mark,
with its reasons, to confirm or drop for itself. Until each is decided, the request's previews withhold it
and its pack, letter and disclosure copies are refused, so an earlier decision is never applied or
dropped silently.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from dpia.actor import Actor
from dpia.domain.dependants import dependants, with_dependants
from dpia.domain.redaction import Redaction, citation, normalised
from dpia.domain.targets import Target, system_targets, version_targets
from dpia.domain.validate import Checker
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.kinds.model import Kind
from dpia.records import System, Version
from dpia.services import systems as system_rules
from dpia.services.accounts import audit
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import requests as foi
from dpia.services.disclosure import staff
from dpia.store import assessments as assessment_store
from dpia.store import foi_ncnd
from dpia.store import withholding as store
from dpia.store.db import Database, transaction
from dpia.vocab import EXEMPTIONS, OTHER_EXEMPTION, labels

MIN_PASSAGE = 3
_SUBSECTION = re.compile(r"^(\(\d{1,2}[A-Z]?\))(\([a-z]{1,4}\))*(\([ivx]{1,5}\))?$")
WHOLE, PASSAGE = "whole", "passage"


@dataclass(frozen=True)
class Mark:
    """A stored mark as pages show it, with why it no longer applies cleanly, if it does not."""

    id: int
    target: str
    label: str
    passage: str
    exemption: str
    citation: str
    reason: str
    created_at: str
    created_by: str
    copied: bool
    problem: str
    request: str  # the FOI request it was decided for, "" for none
    # What withholding it also withholds: the rows pointing at it ("Measure 2 (mitigates Risk 1)").
    also: tuple[str, ...] = ()


def _find_passage(text: str, passage: str) -> str | None:
    """The passage as it stands in the text; spacing and line breaks pasted from a page may differ."""
    if passage in text:
        return passage
    words = passage.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return found.group(0) if found else None


def _check(targets: dict[str, Target], data: dict, existing: list[dict], request_id: int | None) -> dict:
    """A mark's values from form input; raises Invalid with a message per field."""
    check = Checker()
    target = targets.get(data.get("target") or "")
    if target is None:
        check.fail(
            "target", "Choose what to withhold" if not data.get("target") else "That part does not exist"
        )
    scope = data.get("scope") or WHOLE
    if scope not in (WHOLE, PASSAGE):
        check.fail("scope", "Choose whether to withhold all of it or a passage")
    passage = None
    if scope == PASSAGE and target is not None:
        passage = _passage(check, target, data.get("passage"))
    exemption = data.get("exemption") or ""
    if exemption not in labels(EXEMPTIONS):
        check.fail("exemption", f"Unknown exemption ‘{exemption}’" if exemption else "Select the exemption")
    other = check.text("other", data.get("other"), "The exemption", max_len=200)
    if exemption == OTHER_EXEMPTION and not other and "other" not in check.errors:
        check.fail("other", "Name the exemption, for example section 42 FOIA (legal professional privilege)")
    subsection = check.text("subsection", data.get("subsection"), "Subsection", max_len=20).replace(" ", "")
    if subsection and not _SUBSECTION.match(subsection):
        check.fail("subsection", "Subsection must look like (1)(a) or (2)")
    reason = check.text("reason", data.get("reason"), "Reason", max_len=5000)
    if not reason and "reason" not in check.errors:
        check.fail("reason", "Enter why the exemption applies")
    same = [
        m for m in existing if target is not None and m["target"] == target.path and m["passage"] == passage
    ]
    if same:
        check.fail("target", _already(target, passage, same[0]))  # type: ignore[arg-type]
    check.raise_if_any()
    return {
        "target": target.path,  # type: ignore[union-attr]
        "label": target.label,  # type: ignore[union-attr]
        "passage": passage,
        "exemption": exemption,
        "subsection": "" if exemption == OTHER_EXEMPTION else subsection,
        "other": other if exemption == OTHER_EXEMPTION else "",
        "reason": reason,
        "request_id": request_id,
    }


def _already(target: Target, passage: str | None, mark: dict) -> str:
    """Why a second mark on the same part is refused, and where to decide on the first instead."""
    what = f"‘{target.label}’ is already withheld" + (" for that passage" if passage else "")
    if mark["request_id"] is None:
        return what + " (decided without a request): confirm it on the FOI request's page instead"
    return what + f" for FOI request {_request_reference(mark)}: confirm it on this request's page instead"


def _request_reference(mark: dict) -> str:
    return mark.get("request_reference") or ""


def _passage(check: Checker, target: Target, value: object) -> str | None:
    if not target.passages:
        check.fail("scope", f"‘{target.label}’ is not text: withhold all of it instead")
        return None
    passage = check.text("passage", value, "The passage", max_len=20_000)
    if not passage:
        if "passage" not in check.errors:
            check.fail("passage", "Paste the passage to withhold, copied from the page")
        return None
    if len(passage) < MIN_PASSAGE:
        check.fail("passage", f"The passage must be at least {MIN_PASSAGE} characters")
        return None
    found = _find_passage(target.text, passage)
    if found is None:
        check.fail("passage", f"The passage was not found in ‘{target.label}’: copy it exactly from the page")
    return found


def problem(targets: dict[str, Target], mark: dict) -> str:
    """Why a mark no longer applies cleanly ("" when it does)."""
    target = targets.get(mark["target"])
    if target is None:
        return "This part is no longer in this version"
    if mark["passage"] and mark["passage"] not in target.text:
        return "The passage no longer appears here: the text has changed"
    return ""


def _view(targets: dict[str, Target], mark: dict, also: tuple[str, ...] = ()) -> Mark:
    return Mark(
        id=mark["id"],
        target=mark["target"],
        label=targets[mark["target"]].label if mark["target"] in targets else mark["label"],
        passage=mark["passage"] or "",
        exemption=mark["exemption"],
        citation=citation(mark),
        reason=mark["reason"],
        created_at=mark["created_at"],
        created_by=mark["created_by"],
        copied=mark["copied_from"] is not None,
        problem=problem(targets, mark),
        request=_request_reference(mark),
        also=also,
    )


# What marks are put on


@dataclass(frozen=True)
class Subject:
    """An assessment version or a system's register entry, as marking it for withholding needs it."""

    column: str  # the marks' column naming it: "version_id" or "system_id"
    id: int
    noun: str  # "version" or "system", as messages name it
    targets: Callable[[], dict[str, Target]]  # every part that may be withheld, by path
    object_type: str  # what the audit trail files changes to its marks under
    object_id: int
    where: str  # how an audit summary names it: "in DPIA-0001 version 2", "of ‘ANPR’"
    details: dict  # what audit details say of it, besides the mark

    @property
    def owner(self) -> dict:
        """The subject as the store takes it: {"version_id": ...} or {"system_id": ...}."""
        return {self.column: self.id}


def _version(version: Version) -> Subject:
    return Subject(
        column="version_id",
        id=version["id"],
        noun="version",
        targets=lambda: version_target_map(version),
        object_type="assessment",
        object_id=version["assessment_id"],
        where=f"in {version['reference']} version {version['number']}",
        details={"version": version["number"]},
    )


def _system(system: System) -> Subject:
    return Subject(
        column="system_id",
        id=system["id"],
        noun="system",
        targets=lambda: system_target_map(system),
        object_type="system",
        object_id=system["id"],
        where=f"of ‘{system['name']}’",
        details={},
    )


def _officer(actor: Actor) -> None:
    if not actor.may("withhold"):
        raise Forbidden("Only FOI officers can mark parts for withholding")


def _mark(db: Database, actor: Actor, subject: Subject, data: dict) -> int:
    request_id = _decided_for(db, actor, data.get("request"))
    values = _check(subject.targets(), data, store.on(db, subject.owner), request_id)
    mark_id = store.insert(db, subject.owner, values, actor.email)
    _audit(db, actor, "withholding.mark", subject, values)
    return mark_id


def _decided_for(db: Database, actor: Actor, value: object) -> int | None:
    """The request a mark is decided for, from its id or reference; None when none is given."""
    text = str(value or "").strip()
    if not text:
        return None
    found = foi.find(db, text)
    if found is None and text.isdigit():
        try:
            found = foi.get(db, actor, int(text))
        except NotFound:
            found = None
    return found["id"] if found else _no_request(text)


def _no_request(text: str) -> None:
    raise Invalid({"request": f"There is no FOI request {text[:60]}"})


def _remove(db: Database, actor: Actor, subject: Subject, mark_id: int) -> None:
    mark = store.get(db, mark_id)
    if mark is None or mark[subject.column] != subject.id:
        raise NotFound(f"That mark is not on this {subject.noun}")
    store.delete(db, mark_id)
    _audit(db, actor, "withholding.remove", subject, mark)


def remove_mark(db: Database, actor: Actor, mark_id: int) -> str:
    """Stop withholding a part, wherever the mark is (for the command line); return where it was."""
    with transaction(db):
        _officer(actor)
        subject = _subject_of(db, actor, mark_id)
        _remove(db, actor, subject, mark_id)
    return subject.where


def _subject_of(db: Database, actor: Actor, mark_id: int) -> Subject:
    """The version or register entry a mark is on; a mark on something hidden from the actor is not found."""
    mark = store.located(db, mark_id)
    try:
        if mark is not None and mark["version_id"] is not None:
            return _version(assessments.load(db, actor, mark["assessment_id"], mark["version_number"]))
        if mark is not None:
            return _system(system_rules.get(db, actor, mark["system_id"]))
    except NotFound:
        pass
    raise NotFound(f"There is no withholding mark {mark_id}")


def _audit(db: Database, actor: Actor, action: str, subject: Subject, mark: dict) -> None:
    # The passage itself stays out of the trail: it is the withheld text.
    verb = "Withheld" if action == "withholding.mark" else "Stopped withholding"
    audit.record(
        db,
        actor,
        action,
        object_type=subject.object_type,
        object_id=subject.object_id,
        summary=f"{verb} ‘{mark['label']}’ {subject.where}",
        details={**subject.details, "target": mark["target"], "citation": citation(mark)},
    )


def _marks(db: Database, subject: Subject, also: dict[int, tuple[str, ...]] | None = None) -> list[Mark]:
    targets, also = subject.targets(), also or {}
    return [_view(targets, m, also.get(m["id"], ())) for m in store.on(db, subject.owner)]


# Assessment versions


def version_target_map(version: Version) -> dict[str, Target]:
    """Every part of a version that may be withheld, by path."""
    return {t.path: t for t in version_targets(assessments.definition(version), version)}


def mark_version(db: Database, actor: Actor, assessment_id: int, number: int, data: dict) -> int:
    """Withhold a part of a version on disclosure; return the mark's id."""
    with transaction(db):
        _officer(actor)
        mark_id = _mark(db, actor, _version(assessments.load(db, actor, assessment_id, number)), data)
    return mark_id


def remove_version_mark(db: Database, actor: Actor, assessment_id: int, number: int, mark_id: int) -> None:
    """Stop withholding a part of a version."""
    with transaction(db):
        _officer(actor)
        _remove(db, actor, _version(assessments.load(db, actor, assessment_id, number)), mark_id)


def version_marks(db: Database, version: Version) -> list[Mark]:
    """The marks of a version already loaded, with any problems and what else each one withholds."""
    also: dict[int, tuple[str, ...]] = {}
    for mark in version_redaction(db, version, disclose=False).marks:
        if mark.get("because"):
            also[mark["because"]] = (*also.get(mark["because"], ()), mark["label"])
    return _marks(db, _version(version), also)


def also_withheld(version: Version, target: str) -> list[str]:
    """What withholding a part of a version would also withhold: the rows pointing at it, as its kind says."""
    kind = assessments.definition(version)
    chosen = {"id": 0, "target": target, "passage": None, "exemption": "", "subsection": "", "other": ""}
    redaction = _redaction(kind, [chosen], disclose=False)
    return [found.text for found in dependants(kind, version["answers"], redaction.whole)]


def released_marks(db: Database, version: Version, dropped: frozenset[int] = frozenset()) -> list[dict]:
    """The marks a disclosure of a version applies: those of every version of its assessment, its own last.

    A passage or a row withheld on one version is withheld from every other version that holds it, so a
    pack with earlier versions cannot release what the current one withholds. Its own marks come last, so
    where two versions mark the same target, the version's own decision is the one cited.
    """
    marks = [m for m in store.for_assessment(db, version["assessment_id"]) if m["id"] not in dropped]
    own = [m for m in marks if m["version_id"] == version["id"]]
    return [m for m in marks if m["version_id"] != version["id"]] + own


def version_redaction(
    db: Database,
    version: Version,
    disclose: bool,
    sweep: list[dict] = (),
    dropped: frozenset[int] = frozenset(),
) -> Redaction:
    """A version's marks, ready to apply; `sweep` adds passages withheld elsewhere in the document.

    A disclosure also applies the marks of the assessment's other versions, less those the request it
    answers has `dropped`; an internal copy shows its own. Either way, rows pointing at a withheld row are
    withheld with it, as the kind declares.
    """
    kind = assessments.definition(version)
    marks = released_marks(db, version, dropped) if disclose else store.for_version(db, version["id"])
    redaction = _redaction(kind, marks, disclose, sweep, staff.grades(db))
    return with_dependants(redaction, kind, version["answers"])


def _redaction(
    kind: Kind, marks: list[dict], disclose: bool, sweep: list[dict] = (), grades: tuple[str, ...] = ()
) -> Redaction:
    return Redaction(
        marks=marks,
        disclose=disclose,
        sections={q: kind.section_of(q).key for q in kind.questions},
        withholdable=frozenset(q.key for q in kind.questions.values() if q.withholdable),
        sweep=list(sweep),
        grades=grades,
    )


def copy_forward(db: Database, actor: Actor, version: Version, new_version_id: int) -> int:
    """Copy a version's marks to the new version started from it; call inside that use case."""
    marks = store.for_version(db, version["id"])
    for mark in marks:
        store.insert(db, {"version_id": new_version_id}, mark, mark["created_by"], copied_from=mark["id"])
    if marks:
        audit.record(
            db,
            actor,
            "withholding.copy",
            object_type="assessment",
            object_id=version["assessment_id"],
            summary=f"Copied {len(marks)} withholding marks of {version['reference']} to the new version",
            details={"from_version": version["number"], "marks": len(marks)},
        )
    return len(marks)


# Systems' register entries


def system_target_map(system: System) -> dict[str, Target]:
    """Every part of a register entry that may be withheld, by path."""
    return {t.path: t for t in system_targets(system)}


def mark_system(db: Database, actor: Actor, system_id: int, data: dict) -> int:
    """Withhold a part of a system's register entry on disclosure; return the mark's id."""
    with transaction(db):
        _officer(actor)
        mark_id = _mark(db, actor, _system(system_rules.get(db, actor, system_id)), data)
    return mark_id


def remove_system_mark(db: Database, actor: Actor, system_id: int, mark_id: int) -> None:
    """Stop withholding a part of a register entry."""
    with transaction(db):
        _officer(actor)
        _remove(db, actor, _system(system_rules.get(db, actor, system_id)), mark_id)


def system_marks(db: Database, system: System) -> list[Mark]:
    """The marks of a register entry, with any problems."""
    return _marks(db, _system(system))


def system_redaction(
    db: Database,
    system_id: int,
    disclose: bool,
    sweep: list[dict] = (),
    dropped: frozenset[int] = frozenset(),
) -> Redaction:
    """A register entry's marks, ready to apply; `sweep` adds passages withheld elsewhere in the document."""
    marks = [m for m in store.for_system(db, system_id) if not (disclose and m["id"] in dropped)]
    return Redaction(marks=marks, disclose=disclose, sections={}, sweep=list(sweep), grades=staff.grades(db))


def passage_marks(db: Database, system_ids: list[int], dropped: frozenset[int] = frozenset()) -> list[dict]:
    """Every passage withheld about these systems, for sweeping a whole disclosure: in their register
    entries and in any version of any of their assessments, so a passage withheld in a DPIA is also
    withheld from the EqIA, the schedule and the letter of the same disclosure.

    The names of staff withheld under s40(2) in any of them (sign-offs, owners) are swept the same way.
    """
    marks = [m for m in store.passages_about(db, system_ids) if m["id"] not in dropped]
    return marks + staff.sweep_marks(db, system_ids)


# Decisions per FOI request

OWN, APPLY, DROP, OFFERED = "own", "apply", "drop", "offered"
STATES = {
    OWN: "Decided for this request",
    APPLY: "Confirmed for this request",
    DROP: "Released for this request",
    OFFERED: "Decided for another request: confirm or release it for this one",
}


@dataclass(frozen=True)
class Decision:
    """A mark as one request sees it: decided for it, confirmed or dropped for it, or offered to it."""

    mark_id: int
    state: str
    where: str  # "DPIA-2024-003 version 2", "the register entry of ‘ANPR’"
    label: str
    passage: str
    citation: str
    reason: str
    decided_for: str  # the request the mark was decided for, "" for a disclosure without one
    created_by: str
    created_at: str
    decided_by: str  # who confirmed or dropped it for this request
    decided_at: str
    note: str
    places: tuple[str, ...]  # every place a withheld passage occurs about its system


def scope(db: Database, actor: Actor, request: dict) -> list[int]:
    """The systems in a request's scope whose marks it decides on: those the actor may see, less any
    neither confirmed nor denied (nothing of theirs is released)."""
    hidden = foi_ncnd.for_request(db, request["id"])
    visible = []
    for system_id in request["system_ids"]:
        try:
            system_rules.get(db, actor, system_id)
        except NotFound:
            continue
        if system_id not in hidden:
            visible.append(system_id)
    return visible


def review(db: Database, actor: Actor, request: dict) -> list[Decision]:
    """Every mark on what a request would release, as decided, confirmed, dropped or offered for it."""
    decisions = store.decisions(db, request["id"])
    names: dict[int, str] = {}
    places = _Places(db, actor)
    found = []
    for mark in store.about(db, scope(db, actor, request)):
        decision = decisions.get(mark["id"]) or {}
        found.append(
            Decision(
                mark_id=mark["id"],
                state=_state(mark, request["id"], decisions),
                where=_where(db, actor, mark, names),
                label=mark["label"],
                passage=mark["passage"] or "",
                citation=citation(mark),
                reason=mark["reason"],
                decided_for=_request_reference(mark),
                created_by=mark["created_by"],
                created_at=mark["created_at"],
                decided_by=decision.get("decided_by", ""),
                decided_at=decision.get("decided_at", ""),
                note=decision.get("note", ""),
                places=places.of(mark) if mark["passage"] else (),
            )
        )
    return found


def _state(mark: dict, request_id: int, decisions: dict[int, dict]) -> str:
    if mark["request_id"] == request_id:
        return OWN
    decision = decisions.get(mark["id"])
    return decision["decision"] if decision else OFFERED


def _where(db: Database, actor: Actor, mark: dict, names: dict[int, str]) -> str:
    if mark["version_id"] is not None:
        return f"{mark['assessment_reference']} version {mark['version_number']}"
    if mark["system_id"] not in names:
        names[mark["system_id"]] = system_rules.get(db, actor, mark["system_id"])["name"]
    return f"the register entry of ‘{names[mark['system_id']]}’"


def dropped(db: Database, request_id: int | None) -> frozenset[int]:
    """The marks a request releases after all: decided for another request and dropped for this one."""
    if request_id is None:
        return frozenset()
    return frozenset(k for k, d in store.decisions(db, request_id).items() if d["decision"] == DROP)


def undecided(db: Database, actor: Actor, request: dict, system_ids: list[int] | None = None) -> list[str]:
    """Why a request's disclosure must wait: marks decided for other requests (or without one) that it has
    not confirmed or dropped, on its scope or on `system_ids`."""
    decisions = store.decisions(db, request["id"])
    about = scope(db, actor, request) if system_ids is None else system_ids
    waiting = [m for m in store.about(db, about) if _state(m, request["id"], decisions) == OFFERED]
    if not waiting:
        return []
    count = f"{len(waiting)} withholding mark{'' if len(waiting) == 1 else 's'}"
    where = "under ‘Withholding’ on its page"
    if not set(about) <= set(request["system_ids"]):
        where = "add the system to its scope, then decide " + where
    return [
        f"{count} decided for other requests or without one must each be confirmed or released for FOI"
        f" request {request['reference']} ({where})"
    ]


def decide(db: Database, actor: Actor, request_id: int, mark_id: int, decision: str, note: str = "") -> None:
    """Confirm (`apply`) or release (`drop`) for a request a mark decided elsewhere; `""` reopens it."""
    if decision not in (APPLY, DROP, ""):
        raise Invalid({"decision": "Choose whether to withhold it for this request or release it"})
    with transaction(db):
        _officer(actor)
        request = foi.get(db, actor, request_id)
        mark = _offered(db, actor, request, mark_id)
        check = Checker()
        note = check.text("note", note, "The note", max_len=2000)
        check.raise_if_any()
        if decision:
            store.decide(db, request_id, mark_id, decision, actor.email, note)
        else:
            store.undecide(db, request_id, mark_id)
        _audit_decision(db, actor, request, mark, decision)


def decide_all(db: Database, actor: Actor, request_id: int, decision: str) -> int:
    """Confirm or release for a request every mark still offered to it; return how many."""
    if decision not in (APPLY, DROP):
        raise Invalid({"decision": "Choose whether to withhold them for this request or release them"})
    with transaction(db):
        _officer(actor)
        request = foi.get(db, actor, request_id)
        decisions = store.decisions(db, request_id)
        waiting = [
            m
            for m in store.about(db, scope(db, actor, request))
            if _state(m, request_id, decisions) == OFFERED
        ]
        for mark in waiting:
            store.decide(db, request_id, mark["id"], decision, actor.email)
        if waiting:
            verb = "Confirmed" if decision == APPLY else "Released"
            foi.audit_part(
                db,
                actor,
                "withholding.decide",
                request,
                f"{verb} {len(waiting)} withholding marks decided elsewhere",
                {"decision": decision, "marks": [m["id"] for m in waiting]},
            )
    return len(waiting)


def _offered(db: Database, actor: Actor, request: dict, mark_id: int) -> dict:
    """A mark a request may decide on: about a system in its scope, and decided for another request."""
    mark = next((m for m in store.about(db, scope(db, actor, request)) if m["id"] == mark_id), None)
    if mark is None:
        raise NotFound("That mark is not on anything this request would release")
    if mark["request_id"] == request["id"]:
        raise Invalid({"decision": "That mark was decided for this request: remove it where it was made"})
    return mark


def _audit_decision(db: Database, actor: Actor, request: dict, mark: dict, decision: str) -> None:
    # The passage itself stays out of the trail: it is the withheld text.
    verb = {APPLY: "Confirmed", DROP: "Released", "": "Reopened"}[decision]
    foi.audit_part(
        db,
        actor,
        "withholding.decide",
        request,
        f"{verb} the mark on ‘{mark['label']}’ ({citation(mark)})",
        {"mark": mark["id"], "decision": decision or "offered", "decided_for": _request_reference(mark)},
    )


class _Places:
    """Where passages occur about a system: its register entry and every version of its assessments."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db, self.actor = db, actor
        self.texts: dict[int, list[tuple[str, str]]] = {}

    def of(self, mark: dict) -> tuple[str, ...]:
        """Every place the mark's passage occurs, however spaced or capitalised."""
        wanted = normalised(mark["passage"])
        return tuple(where for where, text in self._texts(mark["about_system"]) if wanted in text)

    def _texts(self, system_id: int) -> list[tuple[str, str]]:
        if system_id not in self.texts:
            system = system_rules.get(self.db, self.actor, system_id)
            found = [
                (f"Register entry: {t.label}", normalised(t.text)) for t in system_targets(system) if t.text
            ]
            for version in assessment_store.for_system(self.db, system_id, self.actor.can_see_sensitive):
                kind = assessments.definition(version)
                where = f"{version['reference']} version {version['number']}"
                found += [
                    (f"{where}: {t.label}", normalised(t.text))
                    for t in version_targets(kind, version)
                    if t.text
                ]
            self.texts[system_id] = found
        return self.texts[system_id]


def places(db: Database, actor: Actor, marks: list[dict]) -> dict[int, tuple[str, ...]]:
    """Where each passage mark's passage occurs about its system, by mark id."""
    finder = _Places(db, actor)
    return {m["id"]: finder.of(m) for m in marks if m.get("passage") and m.get("about_system")}
