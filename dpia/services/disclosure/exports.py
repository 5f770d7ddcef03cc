"""Word exports of assessment versions: internal copies and disclosure copies, and what all exports share.

Internal copies show everything, highlighting what disclosure withholds. Disclosure copies are built from a
model in which withheld parts are already markers; each is recorded in the disclosure log.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dpia.actor import Actor
from dpia.domain import readiness
from dpia.errors import Forbidden, Invalid, NotFound, ServiceError
from dpia.export import TemplateError, pdf, render
from dpia.export.model import Document
from dpia.permissions import holders
from dpia.records import Version
from dpia.services.accounts import audit, settings
from dpia.services.assessments import attachments
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import documents, withholding
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import requests as foi
from dpia.store import assessments as assessment_store
from dpia.store.db import Database, transaction

# Longest name part (a reference, a system's name) and longest whole file name in exports and packs.
NAME_LIMIT = 80
FILE_LIMIT = 100
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
PDF = "application/pdf"
# One version converts in seconds; a person waiting on a page is not kept longer than this.
PDF_TIMEOUT_SECONDS = 120


class ExportFailed(ServiceError):
    """The document could not be made, for example because reference.docx is unusable."""


class PdfUnavailable(ExportFailed):
    """A PDF copy could not be made: LibreOffice is absent, turned off, failed or took too long."""


@dataclass(frozen=True)
class Options:
    """How exports look in this installation: its reference document, the author they name, and the
    LIBREOFFICE setting that makes PDF copies (None: look on PATH; "": no PDF copies)."""

    reference: Path | None = None
    author: str = "dpia"
    libreoffice: str | None = None


@dataclass(frozen=True)
class Export:
    """A finished file to hand to the user."""

    filename: str
    content: bytes
    media_type: str


def options(db: Database, reference: Path | None, libreoffice: str | None = None) -> Options:
    """Options from the instance: reference.docx when it exists, the organisation as author, LibreOffice."""
    organisation = str(settings.value(db, "organisation") or "")
    return Options(
        reference=reference if reference and reference.is_file() else None,
        author=organisation or "dpia",
        libreoffice=libreoffice,
    )


def pdf_refusal(libreoffice: str | None) -> str | None:
    """Why PDF copies cannot be made with this LIBREOFFICE setting, for a person; None when they can."""
    return None if pdf.available(libreoffice) else f"PDF copies cannot be made: {pdf.absence(libreoffice)}"


def to_pdf(content: bytes, opts: Options) -> bytes:
    """A PDF of a Word document, made by LibreOffice; PdfUnavailable saying why when it cannot be."""
    try:
        return pdf.convert([content], configured=opts.libreoffice, timeout=PDF_TIMEOUT_SECONDS)[0]
    except pdf.PdfFailed as failure:
        raise PdfUnavailable(str(failure)) from None


def pdf_name(filename: str) -> str:
    """The PDF's name beside its Word file's: DPIA-2020-007-v1-disclosure.pdf."""
    return filename.removesuffix(".docx") + ".pdf"


def safe_name(text: str, limit: int = NAME_LIMIT) -> str:
    """A file name part from a reference or a name: "855A/22" -> "855A-22"; never a path.

    A name cut short ends in a hash of the whole text, so two long names sharing a beginning still differ.
    """
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "export"
    if len(slug) <= limit:
        return slug
    tag = "-" + hashlib.sha256(text.encode()).hexdigest()[:6]
    head = slug[: limit - len(tag)]
    # Cut at a word (a hyphen) unless that loses more than half of what fits.
    hyphen = head.rfind("-")
    if hyphen > len(head) // 2:
        head = head[:hyphen]
    return head.rstrip("-.") + tag


def file_name(name: str, limit: int = FILE_LIMIT) -> str:
    """A whole file name made safe and at most `limit` long, keeping its extension: never `…-released.cs`."""
    found = _EXTENSION.search(name)
    extension = found.group() if found else ""
    return safe_name(name[: len(name) - len(extension)], limit - len(extension)) + extension


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


def require(actor: Actor, permission: str, what: str) -> None:
    """Refuse the actor unless they hold `permission`, saying who may."""
    if not actor.may(permission):
        who = " and ".join(role.replace("_", " ") + "s" for role in holders(permission))
        raise Forbidden(f"Only {who} can {what}")


def assessment_model(
    db: Database,
    version: Version,
    opts: Options,
    release: documents.Release | None,
    sweep: list[dict] | None = None,
    dropped: frozenset[int] = frozenset(),
) -> Document:
    """The document model of a version: a disclosure model when `release` is given.

    A disclosure sweeps the passages withheld about its system, or `sweep` when a pack gives the passages
    withheld about every system it holds; marks its request has `dropped` are released.
    """
    kind = assessments.definition(version)
    disclose = release is not None
    if not disclose:
        sweep = []
    elif sweep is None:
        sweep = withholding.passage_marks(db, [version["system_id"]], dropped)
    redaction = withholding.version_redaction(db, version, disclose, sweep, dropped)
    flags = [] if release else readiness.flags(kind, version)
    stamp = release.day if release else now()
    return documents.assessment_document(
        kind,
        version,
        redaction,
        author=opts.author,
        now=stamp,
        release=release,
        flags=flags,
        evidence=attachments.listing(db, version["id"]),
    )


def disclosure_marks(
    db: Database, version: Version, dropped: frozenset[int] = frozenset(), passages: list[dict] | None = None
) -> list[dict]:
    """Every mark a version's disclosure copy applies: those of its assessment's versions, and passages
    withheld from its system.

    A phrase withheld in the register entry (a supplier's name, say) is withheld from the assessments too.
    `passages` gives those of its system when the caller has them already (a pack reads them once a system).
    """
    if passages is None:
        passages = withholding.passage_marks(db, [version["system_id"]], dropped)
    return withholding.released_marks(db, version, dropped) + passages


def version_filename(version: Version, disclose: bool) -> str:
    """The name of a version's file, such as DPIA-2020-007-v1-disclosure.docx."""
    copy = "disclosure" if disclose else "internal"
    return f"{safe_name(version['reference'])}-v{version['number']}-{copy}.docx"


def internal_assessment(
    db: Database, actor: Actor, assessment_id: int, number: int, opts: Options, as_pdf: bool = False
) -> Export:
    """An internal copy of a version, with everything in it, as Word or (made from the Word) PDF; audited."""
    require(actor, "export", "export assessments")
    version = assessments.load(db, actor, assessment_id, number)
    if as_pdf and (refusal := pdf_refusal(opts.libreoffice)):
        raise PdfUnavailable(refusal)
    content = to_docx(assessment_model(db, version, opts, None), opts)
    filename, media_type = version_filename(version, False), DOCX
    if as_pdf:
        content, filename, media_type = to_pdf(content, opts), pdf_name(filename), PDF
    with transaction(db):
        _audit_export(db, actor, version, "internal", "pdf" if as_pdf else "docx")
    return Export(filename, content, media_type)


def _audit_export(db: Database, actor: Actor, version: Version, copy: str, form: str = "docx") -> None:
    document = "PDF" if form == "pdf" else "Word"
    audit.record(
        db,
        actor,
        "export.assessment",
        object_type="assessment",
        object_id=version["assessment_id"],
        summary=f"Exported an {copy} {document} copy of {version['reference']} version {version['number']}",
        details={"version": version["number"], "copy": copy, "format": form},
    )


def request_for(db: Database, reference: str | None) -> dict | None:
    """The FOI request a disclosure answers, by reference; None for a release without a request."""
    if not reference:
        return None
    found = foi.find(db, reference)
    if found is None:
        raise Invalid({"request": f"There is no FOI request with reference {reference}"})
    return found


def blocking_marks(db: Database, version: Version) -> list[str]:
    """Why a version cannot be disclosed yet: marks whose part or passage has changed."""
    return [
        f"{version['reference']} version {version['number']}: ‘{m.label}’: {m.problem}"
        for m in withholding.version_marks(db, version)
        if m.problem
    ]


def undecided(db: Database, actor: Actor, request: dict | None, system_id: int) -> list[str]:
    """Marks on a system decided for other requests that a request has yet to confirm or release."""
    return withholding.undecided(db, actor, request, [system_id]) if request else []


def disclosure_assessment(
    db: Database,
    actor: Actor,
    assessment_id: int,
    number: int,
    request_reference: str | None,
    opts: Options,
    as_pdf: bool = False,
) -> Export:
    """A disclosure copy of a version, as Word or (made from the Word) PDF, recorded in the disclosure log
    against a request (or none); the PDF is logged as the file released, like the Word copy."""
    require(actor, "disclose", "make disclosure copies")
    version = assessments.load(db, actor, assessment_id, number)
    request = request_for(db, request_reference)
    if as_pdf and (refusal := pdf_refusal(opts.libreoffice)):
        raise PdfUnavailable(refusal)
    problems = blocking_marks(db, version) + undecided(db, actor, request, version["system_id"])
    if problems:
        raise Invalid({"marks": "Check these withholding marks before disclosing: " + "; ".join(problems)})
    release = documents.Release(request["reference"] if request else "", now())
    dropped = withholding.dropped(db, request["id"] if request else None)
    content = to_docx(assessment_model(db, version, opts, release, None, dropped), opts)
    filename, role, media_type = version_filename(version, True), "assessment", DOCX
    if as_pdf:
        # Converted before anything is logged: a failed conversion releases nothing.
        content, filename, role, media_type = to_pdf(content, opts), pdf_name(filename), "assessment_pdf", PDF
    marks = disclosure_log.fingerprint(disclosure_marks(db, version, dropped))
    with transaction(db):
        logged = disclosure_log.LoggedFile(filename, content, role, version=version, marks=marks, keep=True)
        disclosure_log.record(
            db, actor, request=request, what="assessment", filename=filename, content=content, files=[logged]
        )
    return Export(filename, content, media_type)


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
