"""Marking parts of an assessment version, or of a system's register entry, as withheld on disclosure.

A target is a path: "section:risks" (a whole section), "aims" (an answer), "risks/0a1b2c3d" (a table row),
"risks/0a1b2c3d/source" (a cell), "impacts/race/evidence" (a grid cell), "detail:owner" (a detail of the
version); for systems "how_it_works", "costs/<key>" or "costs/<key>/amount". A mark may instead withhold a
passage of a text target, pasted by the FOI officer. Marks are made on one version and copied forward
when a new version is started; a mark whose target or passage has gone is reported, and blocks disclosure
until an FOI officer looks at it. A disclosure of any version applies the marks of all its assessment's
versions, so nothing withheld on one is released through another.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from dpia.actor import Actor
from dpia.domain.redaction import Redaction, citation
from dpia.domain.targets import Target, system_targets, version_targets
from dpia.domain.validate import Checker
from dpia.errors import Forbidden, NotFound
from dpia.records import System, Version
from dpia.services import systems as system_rules
from dpia.services.accounts import audit
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import staff
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


def _find_passage(text: str, passage: str) -> str | None:
    """The passage as it stands in the text; spacing and line breaks pasted from a page may differ."""
    if passage in text:
        return passage
    words = passage.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return found.group(0) if found else None


def _check(targets: dict[str, Target], data: dict, existing: list[dict]) -> dict:
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
    if target is not None and any(m["target"] == target.path and m["passage"] == passage for m in existing):
        check.fail(
            "target", f"‘{target.label}’ is already withheld" + (" for that passage" if passage else "")
        )
    check.raise_if_any()
    return {
        "target": target.path,  # type: ignore[union-attr]
        "label": target.label,  # type: ignore[union-attr]
        "passage": passage,
        "exemption": exemption,
        "subsection": "" if exemption == OTHER_EXEMPTION else subsection,
        "other": other if exemption == OTHER_EXEMPTION else "",
        "reason": reason,
    }


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


def _view(targets: dict[str, Target], mark: dict) -> Mark:
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
    values = _check(subject.targets(), data, store.on(db, subject.owner))
    mark_id = store.insert(db, subject.owner, values, actor.email)
    _audit(db, actor, "withholding.mark", subject, values)
    return mark_id


def _remove(db: Database, actor: Actor, subject: Subject, mark_id: int) -> None:
    mark = store.get(db, mark_id)
    if mark is None or mark[subject.column] != subject.id:
        raise NotFound(f"That mark is not on this {subject.noun}")
    store.delete(db, mark_id)
    _audit(db, actor, "withholding.remove", subject, mark)


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


def _marks(db: Database, subject: Subject) -> list[Mark]:
    targets = subject.targets()
    return [_view(targets, m) for m in store.on(db, subject.owner)]


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
    """The marks of a version the caller has already loaded, with any problems."""
    return _marks(db, _version(version))


def released_marks(db: Database, version: Version) -> list[dict]:
    """The marks a disclosure of a version applies: those of every version of its assessment, its own last.

    A passage or a row withheld on one version is withheld from every other version that holds it, so a
    pack with earlier versions cannot release what the current one withholds. Its own marks come last, so
    where two versions mark the same target, the version's own decision is the one cited.
    """
    own = [m for m in store.for_assessment(db, version["assessment_id"]) if m["version_id"] == version["id"]]
    others = [
        m for m in store.for_assessment(db, version["assessment_id"]) if m["version_id"] != version["id"]
    ]
    return others + own


def version_redaction(db: Database, version: Version, disclose: bool, sweep: list[dict] = ()) -> Redaction:
    """A version's marks, ready to apply; `sweep` adds passages withheld elsewhere in the document.

    A disclosure also applies the marks of the assessment's other versions; an internal copy shows its own.
    """
    kind = assessments.definition(version)
    return Redaction(
        marks=released_marks(db, version) if disclose else store.for_version(db, version["id"]),
        disclose=disclose,
        sections={q: kind.section_of(q).key for q in kind.questions},
        withholdable=frozenset(q.key for q in kind.questions.values() if q.withholdable),
        sweep=list(sweep),
        grades=staff.grades(db),
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


def system_redaction(db: Database, system_id: int, disclose: bool, sweep: list[dict] = ()) -> Redaction:
    """A register entry's marks, ready to apply; `sweep` adds passages withheld elsewhere in the document."""
    return Redaction(
        marks=store.for_system(db, system_id),
        disclose=disclose,
        sections={},
        sweep=list(sweep),
        grades=staff.grades(db),
    )


def passage_marks(db: Database, system_ids: list[int]) -> list[dict]:
    """Every passage withheld about these systems, for sweeping a whole disclosure: in their register
    entries and in any version of any of their assessments, so a passage withheld in a DPIA is also
    withheld from the EqIA, the schedule and the letter of the same disclosure.

    The names of staff withheld under s40(2) in any of them (sign-offs, owners) are swept the same way.
    """
    return store.passages_about(db, system_ids) + staff.sweep_marks(db, system_ids)
