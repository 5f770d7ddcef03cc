"""Word exports of assessment versions and register entries: internal copies and disclosure copies.

Internal copies show everything, highlighting what disclosure withholds. Disclosure copies are built from a
model in which withheld parts are already markers; each is recorded in the disclosure log.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dpia import kinds
from dpia.export import TemplateError, render
from dpia.export.model import Document, plain
from dpia.partial_dates import display as date_display
from dpia.services import assessments, audit, disclosure_log, documents, foi, schedule, settings, withholding
from dpia.services import systems as system_rules
from dpia.services.actor import Actor
from dpia.services.errors import Forbidden, Invalid, NotFound, ServiceError
from dpia.store import assessments as assessment_store
from dpia.store import withholding as mark_store
from dpia.store.db import Database, transaction
from dpia.vocab import CATEGORIES, LIFECYCLES, labels

EXPORTERS = ("editor", "approver", "foi_officer")
DISCLOSERS = ("foi_officer",)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"


class ExportFailed(ServiceError):
    """The document could not be made, for example because reference.docx is unusable."""


@dataclass(frozen=True)
class Options:
    """How exports look in this installation: its reference document and the author they name."""

    reference: Path | None = None
    author: str = "dpia"


@dataclass(frozen=True)
class Export:
    """A finished file to hand to the user."""

    filename: str
    content: bytes
    media_type: str


def options(db: Database, reference: Path | None) -> Options:
    """Options from the instance: reference.docx when it exists, and the organisation as author."""
    organisation = str(settings.value(db, "organisation") or "")
    return Options(
        reference=reference if reference and reference.is_file() else None, author=organisation or "dpia"
    )


def safe_name(text: str) -> str:
    """A file name from a reference: "855A/22" -> "855A-22"; never a path."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:80] or "export"


def now() -> datetime:
    """The moment of an export, in one place so tests and demos agree."""
    return datetime.now(UTC).replace(microsecond=0)


def to_docx(document: Document, opts: Options) -> bytes:
    """Render a model, turning a broken reference document into a message."""
    try:
        return render(document, opts.reference)
    except TemplateError as error:
        raise ExportFailed(f"{error}. Replace or remove reference.docx in the instance folder.") from None


# Assessment versions


def _require(actor: Actor, roles: tuple[str, ...], what: str) -> None:
    if not actor.has(*roles):
        raise Forbidden(f"Only {' and '.join(r.replace('_', ' ') + 's' for r in roles)} can {what}")


def assessment_model(
    db: Database, version: dict, opts: Options, release: documents.Release | None
) -> Document:
    """The document model of a version: a disclosure model when `release` is given."""
    kind = assessments.definition(version)
    disclose = release is not None
    sweep = withholding.passage_marks(db, [version["system_id"]], []) if disclose else []
    redaction = withholding.version_redaction(db, version, disclose, sweep)
    flags = [] if release else assessments.flags(kind, version)
    stamp = release.day if release else now()
    return documents.assessment_document(
        kind, version, redaction, author=opts.author, now=stamp, release=release, flags=flags
    )


def disclosure_marks(db: Database, version: dict) -> list[dict]:
    """Every mark a version's disclosure copy applies: its own, and passages withheld from its system.

    A phrase withheld in the register entry (a supplier's name, say) is withheld from the assessments too.
    """
    return mark_store.for_version(db, version["id"]) + withholding.passage_marks(
        db, [version["system_id"]], []
    )


def version_filename(version: dict, disclose: bool) -> str:
    """The name of a version's file, such as DPIA-2020-007-v1-disclosure.docx."""
    copy = "disclosure" if disclose else "internal"
    return f"{safe_name(version['reference'])}-v{version['number']}-{copy}.docx"


def internal_assessment(db: Database, actor: Actor, assessment_id: int, number: int, opts: Options) -> Export:
    """An internal copy of a version, with everything in it; audited."""
    _require(actor, EXPORTERS, "export assessments")
    version = assessments.load(db, actor, assessment_id, number)
    content = to_docx(assessment_model(db, version, opts, None), opts)
    with transaction(db):
        _audit_export(db, actor, version, "internal")
    return Export(version_filename(version, False), content, DOCX)


def _audit_export(db: Database, actor: Actor, version: dict, copy: str) -> None:
    audit.record(
        db,
        actor,
        "export.assessment",
        object_type="assessment",
        object_id=version["assessment_id"],
        summary=f"Exported an {copy} copy of {version['reference']} version {version['number']}",
        details={"version": version["number"], "copy": copy},
    )


def request_for(db: Database, reference: str | None) -> dict | None:
    """The FOI request a disclosure answers, by reference; None for a release without a request."""
    if not reference:
        return None
    found = foi.find(db, reference)
    if found is None:
        raise Invalid({"request": f"There is no FOI request with reference {reference}"})
    return found


def blocking_marks(db: Database, version: dict) -> list[str]:
    """Why a version cannot be disclosed yet: marks whose part or passage has changed."""
    return [
        f"{version['reference']} version {version['number']}: ‘{m.label}’: {m.problem}"
        for m in withholding.version_marks(db, version)
        if m.problem
    ]


def disclosure_assessment(
    db: Database, actor: Actor, assessment_id: int, number: int, request_reference: str | None, opts: Options
) -> Export:
    """A disclosure copy of a version, recorded in the disclosure log against a request (or none)."""
    _require(actor, DISCLOSERS, "make disclosure copies")
    version = assessments.load(db, actor, assessment_id, number)
    request = request_for(db, request_reference)
    problems = blocking_marks(db, version)
    if problems:
        raise Invalid({"marks": "Check these withholding marks before disclosing: " + "; ".join(problems)})
    release = documents.Release(request["reference"] if request else "", now())
    content = to_docx(assessment_model(db, version, opts, release), opts)
    filename = version_filename(version, True)
    marks = disclosure_log.fingerprint(disclosure_marks(db, version))
    with transaction(db):
        logged = disclosure_log.LoggedFile(
            filename, content, "assessment", version=version, marks=marks, keep=True
        )
        disclosure_log.record(
            db, actor, request=request, what="assessment", filename=filename, content=content, files=[logged]
        )
    return Export(filename, content, DOCX)


# Register entries and schedules


def assessment_lines(db: Database, actor: Actor, system_id: int) -> dict[str, list[schedule.AssessmentLine]]:
    """Per FOI kind, the versions a schedule lists: approved ones, and the newest of unapproved work."""
    by_assessment: dict[int, list[dict]] = {}
    for version in assessment_store.for_system(db, system_id, actor.can_see_sensitive):
        if version["kind"] in kinds.FOI_KINDS:
            by_assessment.setdefault(version["assessment_id"], []).append(version)
    lines: dict[str, list[schedule.AssessmentLine]] = {key: [] for key in kinds.FOI_KINDS}
    for versions in by_assessment.values():
        shown = [v for v in versions if v["status"] in ("approved", "superseded")] or versions[-1:]
        lines[versions[0]["kind"]] += [
            schedule.AssessmentLine(v["reference"], v["number"], v["status"], v["conducted"], v["approved"])
            for v in shown
        ]
    return lines


def system_entry(
    db: Database, actor: Actor, system: dict, disclose: bool, sweep: list[dict]
) -> schedule.SystemEntry:
    """What the schedule needs about one system, with its marks (and those of its EqIAs) applied."""
    equality = []
    for version in assessment_store.for_system(db, system["id"], actor.can_see_sensitive):
        if version["kind"] == "eqia" and version["status"] == "approved":
            redaction = withholding.version_redaction(db, version, disclose, sweep)
            equality.append((assessments.definition(version), version, redaction))
    return schedule.SystemEntry(
        system=system,
        redaction=withholding.system_redaction(db, system["id"], disclose, sweep),
        assessments=assessment_lines(db, actor, system["id"]),
        equality=equality,
    )


def system_problems(db: Database, system: dict) -> list[str]:
    """Why a register entry cannot be disclosed yet: marks whose part or passage has changed."""
    return [
        f"‘{system['name']}’: ‘{m.label}’: {m.problem}"
        for m in withholding.system_marks(db, system)
        if m.problem
    ]


def sweep_for(db: Database, actor: Actor, system_ids: list[int]) -> list[dict]:
    """Passages withheld anywhere a schedule draws on: the register entries and their approved EqIAs."""
    eqias = [
        v["id"]
        for s in system_ids
        for v in assessment_store.for_system(db, s, actor.can_see_sensitive)
        if v["kind"] == "eqia" and v["status"] == "approved"
    ]
    return withholding.passage_marks(db, system_ids, eqias)


def register_model(
    db: Database, actor: Actor, system: dict, opts: Options, release: documents.Release | None
) -> Document:
    """One system's register entry as a schedule document."""
    disclose = release is not None
    entry = system_entry(
        db, actor, system, disclose, sweep_for(db, actor, [system["id"]]) if disclose else []
    )
    details = (
        ("Category", plain(labels(CATEGORIES)[system["category"]])),
        ("Lifecycle", plain(labels(LIFECYCLES)[system["lifecycle"]])),
        ("Protective marking", plain(system["marking"])),
        (
            "Register entry version",
            plain(f"{system['version']}, last changed {date_display(system['updated_at'][:10])}"),
        ),
    )
    return schedule.schedule_document(
        [entry],
        title=system["name"],
        subtitle="Entry in the register of algorithmic systems and their impact assessments",
        details=details,
        footer=f"Register entry: {system['name']}",
        disclose=disclose,
        release=release,
        author=opts.author,
        now=release.day if release else now(),
    )


def internal_register(db: Database, actor: Actor, system_id: int, opts: Options) -> Export:
    """An internal copy of a system's register entry, as the schedule shows it, plus internal details."""
    _require(actor, EXPORTERS, "export register entries")
    system = system_rules.get(db, actor, system_id)
    content = to_docx(register_model(db, actor, system, opts, None), opts)
    with transaction(db):
        _audit_register(db, actor, system, "internal")
    return Export(f"{safe_name(system['name'])}-register-internal.docx", content, DOCX)


def _audit_register(db: Database, actor: Actor, system: dict, copy: str) -> None:
    audit.record(
        db,
        actor,
        "export.register",
        object_type="system",
        object_id=system["id"],
        summary=f"Exported an {copy} copy of the register entry of ‘{system['name']}’",
        details={"copy": copy},
    )


def disclosure_register(
    db: Database, actor: Actor, system_id: int, request_reference: str | None, opts: Options
) -> Export:
    """A disclosure copy of a register entry, recorded in the disclosure log."""
    _require(actor, DISCLOSERS, "make disclosure copies")
    system = system_rules.get(db, actor, system_id)
    request = request_for(db, request_reference)
    problems = system_problems(db, system)
    if problems:
        raise Invalid({"marks": "Check these withholding marks before disclosing: " + "; ".join(problems)})
    release = documents.Release(request["reference"] if request else "", now())
    content = to_docx(register_model(db, actor, system, opts, release), opts)
    filename = f"{safe_name(system['name'])}-register-disclosure.docx"
    with transaction(db):
        logged = disclosure_log.LoggedFile(filename, content, "register", system_id=system_id)
        disclosure_log.record(
            db, actor, request=request, what="register", filename=filename, content=content, files=[logged]
        )
    return Export(filename, content, DOCX)


def find_version(db: Database, actor: Actor, text: str) -> tuple[int, int | None]:
    """An assessment and version from "DPIA-2024-007" (its current version) or "DPIA-2024-007/v2"."""
    assessment_id = assessment_store.reference_owner(db, text)
    number = None
    if assessment_id is None:
        found = re.fullmatch(r"(?P<reference>.+)/v(?P<number>\d{1,4})", text.strip())
        if found:
            assessment_id = assessment_store.reference_owner(db, found["reference"])
            number = int(found["number"])
    if assessment_id is None:
        raise NotFound(f"No assessment with reference {text}")
    assessments.load(db, actor, assessment_id, number)
    return assessment_id, number
