"""Response packs: one .zip per FOI request, ready to attach to the response.

A pack holds the response letter answering the request's questions (with a PDF copy when LibreOffice is
installed and PDFs are asked for), a disclosure copy of every current approved PIA, DPIA and EqIA of the
systems in scope (and, if asked, their earlier approved versions), a schedule per system, any files
contributed per system by other parts of dpia, and manifest.csv listing every other file: its path,
SHA-256, size, what it holds, and the role, system, assessment and version the disclosure log records for it.
Systems the request neither confirms nor denies are not in the pack at all: no file, name or manifest line.

Contributors: a function (db, actor, system, request) -> iterable of (filename, bytes), (filename, bytes,
description) or (filename, bytes, description, figures), registered with `register_contributor`, adds files
under systems/<system>/ — monitoring data, for example. Each is logged; figures (what a monitoring table
released) are kept with the file's line of the log, so later releases are checked against them. The request
a contributor is given is a PackRequest: its `send_published` says whether the officer asked for files already
published to be sent as well, rather than pointed to under section 21.
Every name in a pack is a slug of at most exports.FILE_LIMIT characters that
keeps its extension; the pack itself is named FOI-<reference>-response-pack.zip, then -2, -3… for later
builds, so no two releases in the log share a name.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from dpia.actor import Actor
from dpia.clock import day_end
from dpia.csv_safety import csv_safe
from dpia.domain import leaks
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.export import pdf
from dpia.export.model import Document, plain
from dpia.partial_dates import long_date
from dpia.records import FoiRequest, System, Version
from dpia.services import systems as system_rules
from dpia.services.accounts import settings
from dpia.services.disclosure import (
    answers,
    as_at,
    documents,
    exports,
    letter,
    register_exports,
    schedule,
    staff,
    sweep,
    withholding,
    wording,
)
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import requests as foi
from dpia.services.disclosure.log import LoggedFile
from dpia.services.monitoring import datasets as monitoring
from dpia.store import disclosures as disclosure_store
from dpia.store import foi_ncnd, foi_reasons
from dpia.store import foi_questions as question_store
from dpia.store import publications as publication_store
from dpia.store import withholding as mark_store
from dpia.store.db import Database, transaction

Contributor = Callable[[Database, Actor, dict, dict], Iterable[tuple]]
CONTRIBUTORS: list[Contributor] = []
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("path", "sha256", "bytes", "contents", "role", "system", "assessment", "version")


class PackRequest(FoiRequest, total=False):
    """A request as its pack is made, with the officer's choice to send published files as well."""

    send_published: bool
    answered_on: date  # the letter's day: publications count only if live by its end


def monitoring_data(
    db: Database, actor: Actor, system: System, request: PackRequest
) -> list[tuple[str, bytes, str, dict]]:
    """The system's monitoring datasets as released: small numbers suppressed, a note on the rule.

    A dataset the letter points to under section 21 is left out: not released, audited or recorded."""
    until = as_at.request_day(request)
    ids = None
    if not request.get("send_published"):
        on = request.get("answered_on")
        cited = {p.dataset_id for p in answers.cited_datasets(db, actor, request, system, on).values()}
        if cited:
            ids = {d["id"] for d in monitoring.datasets_until(db, actor, system["id"], until)} - cited
    return [
        (
            file.name,
            file.content,
            f"Monitoring dataset ‘{file.title}’, small numbers suppressed",
            file.figures,
        )
        for file in monitoring.released_files(db, actor, system["id"], until, dataset_ids=ids)
    ]


def register_contributor(contributor: Contributor) -> Contributor:
    """Add a source of extra files per system in scope; usable as a decorator."""
    if contributor not in CONTRIBUTORS:
        CONTRIBUTORS.append(contributor)
    return contributor


register_contributor(monitoring_data)


@dataclass(frozen=True)
class Planned:
    """A version that will go in the pack, and an earlier disclosure of it that may be sent again."""

    version: Version
    marks: str
    reuse: dict | None


def current_systems(db: Database, actor: Actor, request: FoiRequest, strict: bool = True) -> list[System]:
    """Systems in scope now, less any neither confirmed nor denied; one the actor cannot see is refused."""
    found = []
    hidden = foi_ncnd.for_request(db, request["id"])
    for system_id in request["system_ids"]:
        if system_id in hidden:
            continue  # neither confirmed nor denied: as if it were not in scope
        try:
            found.append(system_rules.get(db, actor, system_id))
        except NotFound:
            if strict:
                raise Forbidden(
                    f"FOI request {request['reference']} covers systems you may not see"
                ) from None
    return sorted(found, key=lambda s: s["name"].casefold())


def entries(db: Database, actor: Actor, request: FoiRequest, strict: bool = True) -> list[as_at.Entry]:
    """The systems in scope as recorded on the day the request is answered as at; later ones are left out."""
    day = as_at.request_day(request)
    found = [as_at.entry(db, actor, s, day) for s in current_systems(db, actor, request, strict)]
    return sorted((e for e in found if e is not None), key=lambda e: e.system["name"].casefold())


def _systems(db: Database, actor: Actor, request: FoiRequest, strict: bool = True) -> list[System]:
    return [e.system for e in entries(db, actor, request, strict)]


def plan(
    db: Database, actor: Actor, request: FoiRequest, earlier: bool, strict: bool = True
) -> list[Planned]:
    """The versions a pack holds: current approved ones, and earlier approved ones when asked.

    Each comes with the earlier disclosure made with the same withholding, which the officer may send again.
    """
    statuses = ("approved", "superseded") if earlier else ("approved",)
    day = as_at.request_day(request)
    versions = [
        v
        for s in _systems(db, actor, request, strict)
        for v in as_at.versions(db, actor, s["id"], day)
        if v["status"] in statuses
    ]
    planned = []
    dropped = withholding.dropped(db, request["id"])
    passages = _Passages(db, dropped)
    for version in versions:
        marks = exports.disclosure_marks(db, version, dropped, passages.of(version["system_id"]))
        fingerprint = disclosure_log.fingerprint(marks)
        planned.append(Planned(version, fingerprint, disclosure_log.reusable(db, version, fingerprint)))
    return planned


class _Passages:
    """The passages withheld about each system, read once however many of its versions a pack holds."""

    def __init__(self, db: Database, dropped: frozenset[int]) -> None:
        self.db, self.dropped, self.found = db, dropped, {}

    def of(self, system_id: int) -> list[dict]:
        """The passages withheld about one system (staff names withheld in its assessments too)."""
        if system_id not in self.found:
            self.found[system_id] = withholding.passage_marks(self.db, [system_id], self.dropped)
        return self.found[system_id]


def problems(
    db: Database, actor: Actor, request: FoiRequest, planned: list[Planned], decided: bool = True
) -> list[str]:
    """Everything that must be looked at before the pack can be made; without `decided`, marks still to be
    decided for the request do not count (they are withheld meanwhile: only a dropped mark is released)."""
    found = []
    if not request["system_ids"]:
        found.append(f"FOI request {request['reference']} has no systems in scope yet")
    day = as_at.request_day(request)
    for entry in entries(db, actor, request):
        found += as_at.unknown_problems(entry, day) or register_exports.system_problems(db, entry.system)
    for item in planned:
        found += exports.blocking_marks(db, item.version)
    return found + (withholding.undecided(db, actor, request) if decided else [])


@dataclass
class Prepared:
    """A pack's files as they would be released, what it withholds, and any withheld string left in them."""

    request: FoiRequest
    release: documents.Release
    files: list[LoggedFile]
    withheld: sweep.Withholding
    leaks: list[leaks.Leak]


def prepare(
    db: Database,
    actor: Actor,
    request_id: int,
    opts: exports.Options,
    *,
    earlier: bool = False,
    reuse: bool = False,
    at: datetime | None = None,
    pdfs: bool = False,
    drafts: bool = False,
    published: bool = False,
) -> Prepared:
    """The files of a request's pack, every withheld string swept from them, and any still found in them.

    Nothing is logged here. Every Word file, CSV file, the manifest and every name is checked; PDFs are made
    from the Word files checked. With `drafts`, a letter with something missing is made as a draft.
    A disclosure copy or monitoring CSV a live publication holds is left out, the letter pointing to it
    (s21), unless `published` asks for published files to be sent as well.
    """
    if not actor.may("disclose"):
        raise Forbidden("Only FOI officers can make response packs")
    request = foi.get(db, actor, request_id)
    planned = plan(db, actor, request, earlier)
    found = problems(db, actor, request, planned, decided=not drafts)
    if found:
        raise Invalid({"pack": "Before the pack can be made: " + "; ".join(found)})
    release = documents.Release(request["reference"], at or exports.now())
    systems = _systems(db, actor, request)
    dropped = withholding.dropped(db, request_id)
    # A passage withheld about any system in the pack is withheld from every document in it.
    passages = withholding.passage_marks(
        db, sorted({s["id"] for s in systems} | {p.version["system_id"] for p in planned}), dropped
    )
    withheld = sweep.withheld(db, [p.version for p in planned], systems, passages, dropped)
    sent = planned if published else unpublished(db, planned, release.day.date())
    files = assessment_files(db, opts, sent, release, reuse, withheld, dropped)
    files.insert(0, _schedule_file(db, actor, request, systems, opts, release, withheld, dropped))
    asked: PackRequest = {**request, "send_published": published, "answered_on": release.day.date()}
    contributed, moved = _contributed(db, actor, asked, systems, withheld)
    files, renamed = _unique(files + contributed)
    # The letter names contributed files by the paths it would expect: tell it where each went.
    renamed = {**{old: renamed.get(new, new) for old, new in moved.items()}, **renamed}
    letter_file = _letter_file(
        db, actor, request, systems, files, renamed, opts, release.day.date(), withheld, drafts, published
    )
    files = [letter_file, *files] if letter_file else files
    files += _pdf_copies(files, opts.libreoffice) if pdfs else []
    files.append(LoggedFile(MANIFEST, _manifest(files, systems, withheld), "manifest"))
    found_leaks = leaks.find({f.path: f.content for f in files}, withheld.items)
    return Prepared(request, release, files, withheld, found_leaks)


def unpublished(db: Database, planned: list[Planned], on: date | None = None) -> list[Planned]:
    """The planned versions whose disclosure copy no live publication holds (by the end of day `on`)."""
    until = day_end(on) if on else None
    live = publication_store.live_versions(db, [p.version["id"] for p in planned], until)
    return [p for p in planned if p.version["id"] not in live]


def refusal(found: list[leaks.Leak]) -> str:
    """Why a pack is refused: each withheld item it would release and where, without the text itself."""
    where = "; ".join(f"{leak.item.on} ({leak.item.citation}) in {leak.where()}" for leak in found)
    return f"The pack would release withheld text, so it has not been made: {where}"


def build(
    db: Database,
    actor: Actor,
    request_id: int,
    opts: exports.Options,
    *,
    earlier: bool = False,
    reuse: bool = False,
    at: datetime | None = None,
    pdfs: bool = False,
    published: bool = False,
) -> exports.Export:
    """Make the response pack for a request and record it in the disclosure log.

    Copies are made afresh unless `reuse` is asked: then a version disclosed before with the same withholding
    is sent again, its cover line naming the earlier release and this one, and the log links the two.
    A pack that would release a withheld string is refused, and nothing is logged.
    """
    prepared = prepare(
        db, actor, request_id, opts, earlier=earlier, reuse=reuse, at=at, pdfs=pdfs, published=published
    )
    if prepared.leaks:
        raise Invalid({"pack": refusal(prepared.leaks)})
    return release(db, actor, prepared, at)


def release(db: Database, actor: Actor, prepared: Prepared, at: datetime | None = None) -> exports.Export:
    """Zip a prepared pack and record it in the disclosure log."""
    request = prepared.request
    content = _zip(prepared.files, prepared.release.day)
    with transaction(db):
        # Named inside the transaction that logs it, so two builds at once never share a name.
        stem = f"FOI-{exports.safe_name(request['reference'], 50)}-response-pack"
        filename = disclosure_log.unused_name(db, stem, ".zip")
        # The zip's bytes are kept, so the response can be published in the disclosure log later.
        disclosure_store.keep_content(db, disclosure_log.sha256(content), content)
        disclosure_log.record(
            db,
            actor,
            request=request,
            what="pack",
            filename=filename,
            content=content,
            files=prepared.files,
            at=at,
        )
    return exports.Export(filename, content, exports.ZIP)


@dataclass
class Response:
    """A request's drafted answers, the exemptions they rely on, the reasons written, and the letter."""

    drafted: answers.Drafted
    used: list[letter.Used]
    reasons: dict[str, dict]
    problems: list[str]
    document: Document


def marks_used(
    db: Database, planned: list[Planned], systems: list[System], dropped: frozenset[int] = frozenset()
) -> list[dict]:
    """The marks applied to what the response releases: its assessment copies and register entries."""
    passages = _Passages(db, dropped)
    found = {
        m["id"]: m
        for item in planned
        for m in exports.disclosure_marks(db, item.version, dropped, passages.of(item.version["system_id"]))
    }
    found.update((m["id"], m) for s in systems for m in mark_store.for_system(db, s["id"]))
    return [m for m in found.values() if m["id"] not in dropped]


def response(
    db: Database,
    actor: Actor,
    request: FoiRequest,
    on: date,
    author: str,
    files: list[str] | None = None,
    renamed: dict[str, str] | None = None,
    send_published: bool = False,
) -> Response:
    """The response to a request as it would be sent on a day: answers, exemptions, reasons, letter."""
    planned = plan(db, actor, request, earlier=False, strict=False)
    drafted = answers.draft(db, actor, request, renamed, send_published, on)
    names = staff.withheld_from(db, [item.version for item in planned])
    systems = _systems(db, actor, request, strict=False)
    marks = marks_used(db, planned, systems, withholding.dropped(db, request["id"]))
    # A name too short to sweep from other text is still withheld where it is recorded, so s40(2) is cited.
    used = letter.exemptions_used(drafted, marks + [staff.mark()] if names else marks)
    reasons = foi_reasons.for_request(db, request["id"])
    if any(a.published for a in drafted.answers) and "s21" not in reasons:
        # Pointing to the force's own publication needs no reason of its own: the stock wording says why.
        reasons = {**reasons, "s21": wording.current(db, "s21")}
    if files is None:
        files = sorted({name for answer in drafted.answers for name in answer.files})
    document = letter.document(db, drafted, used, reasons, files, on, author, len(names))
    missing = letter.problems(drafted, used, reasons, settings.current(db))
    return Response(drafted, used, reasons, missing, document)


def letter_name(request: FoiRequest, extension: str = ".docx") -> str:
    """The file name of a request's response letter."""
    return f"response-letter-FOI-{exports.safe_name(request['reference'], 50)}{extension}"


def response_day(request: FoiRequest, on: date | None = None) -> date:
    """The letter's date: the one given, else the day the response was recorded as sent, else today."""
    if on is not None:
        if on.isoformat() < request["received"]:
            raise Invalid({"date": "The response cannot be dated before the request was received"})
        return on
    return date.fromisoformat(request["responded"]) if request.get("responded") else exports.now().date()


def response_letter(
    db: Database, actor: Actor, request_id: int, opts: exports.Options, on: date | None = None
) -> exports.Export:
    """The response letter alone, to read or to send with the pack; a draft says what is missing."""
    request, _, found = drafted_response(db, actor, request_id, opts.author, on)
    return exports.Export(letter_name(request), exports.to_docx(found.document, opts), exports.DOCX)


def drafted_response(
    db: Database, actor: Actor, request_id: int, author: str, on: date | None = None
) -> tuple[FoiRequest, date, Response]:
    """A request, the letter's date (see response_day) and its response as it would be sent that day."""
    exports.require(actor, "disclose", "download response letters")
    request = foi.get(db, actor, request_id)
    day = response_day(request, on)
    return request, day, response(db, actor, request, day, author)


def _letter_file(
    db: Database,
    actor: Actor,
    request: FoiRequest,
    systems: list[System],
    files: list[LoggedFile],
    renamed: dict[str, str],
    opts: exports.Options,
    on: date,
    withheld: sweep.Withholding,
    drafts: bool = False,
    published: bool = False,
) -> LoggedFile | None:
    """The letter for the pack, naming its files; None for a request with no questions yet."""
    if not question_store.for_request(db, request["id"]):
        return None
    found = response(db, actor, request, on, opts.author, [f.path for f in files], renamed, published)
    if found.problems and not drafts:
        raise Invalid({"pack": "Before the pack can be made: " + "; ".join(found.problems)})
    name = letter_name(request)
    return LoggedFile(
        name,
        exports.to_docx(withheld.document(found.document, name), opts),
        "letter",
        covers=tuple(s["id"] for s in systems),
        description=f"Response letter to FOI request {request['reference']}",
    )


def _pdf_copies(files: list[LoggedFile], libreoffice: str | None = None) -> list[LoggedFile]:
    """A PDF of the letter and of each disclosure copy, or a note saying plainly why there are none."""
    words = [f for f in files if f.path.endswith(".docx") and f.role in ("letter", "assessment")]
    try:
        converted = pdf.convert([f.content for f in words], configured=libreoffice)
    except pdf.PdfFailed as failure:
        return [LoggedFile("PDF-NOT-MADE.txt", f"{failure}\n".encode(), "note", description=str(failure))]
    return [
        LoggedFile(
            f.path[: -len(".docx")] + ".pdf",
            content,
            f"{f.role}_pdf",
            system_id=f.system_id,
            version=f.version,
            marks=f.marks,
            covers=f.covers,
            description=f"PDF of {f.path}",
        )
        for f, content in zip(words, converted, strict=True)
    ]


def assessment_files(
    db: Database,
    opts: exports.Options,
    planned: list[Planned],
    release: documents.Release,
    reuse: bool,
    withheld: sweep.Withholding,
    dropped: frozenset[int],
) -> list[LoggedFile]:
    """The disclosure copy of each planned version, swept of everything withheld: a pack's or a
    publication's (whose `release` names no request)."""
    files = []
    for item in planned:
        version = item.version
        path = f"assessments/{exports.version_filename(version, True)}"
        reused_from, made_for = None, release
        if reuse and item.reuse:
            reused_from = item.reuse["id"]
            first = datetime.fromisoformat(item.reuse["disclosed_at"])
            made_for = replace(release, first_request=item.reuse["request_reference"] or "", first_day=first)
        model = exports.assessment_model(db, version, opts, made_for, withheld.marks, dropped)
        content = exports.to_docx(withheld.document(model, path), opts)
        files.append(
            LoggedFile(
                path,
                content,
                "assessment",
                version=version,
                marks=item.marks,
                reused_from=reused_from,
                keep=True,
            )
        )
    return files


def _schedule_file(
    db: Database,
    actor: Actor,
    request: FoiRequest,
    systems: list[dict],
    opts: exports.Options,
    release: documents.Release,
    withheld: sweep.Withholding,
    dropped: frozenset[int],
) -> LoggedFile:
    name = f"schedule-{exports.safe_name(request['reference'])}.docx"
    document = _schedule(db, actor, request, systems, opts, release, withheld.marks, dropped)
    count = f"{len(systems)} system{'' if len(systems) == 1 else 's'}"
    return LoggedFile(
        name,
        exports.to_docx(withheld.document(document, name), opts),
        "schedule",
        covers=tuple(s["id"] for s in systems),
        description=f"Schedule answering FOI request {request['reference']} for {count} in scope",
    )


def _schedule(
    db: Database,
    actor: Actor,
    request: FoiRequest,
    systems: list[dict],
    opts: exports.Options,
    release: documents.Release,
    swept: list[dict],
    dropped: frozenset[int],
) -> Document:
    day = as_at.request_day(request)
    parts = [register_exports.system_entry(db, actor, s, True, swept, day, dropped) for s in systems]
    received = long_date(datetime.fromisoformat(request["received"]))
    due = long_date(datetime.fromisoformat(request["due"]))
    details = (
        ("FOI request", plain(request["reference"])),
        ("Subject", plain(request["subject"] or "Not recorded")),
        ("Received", plain(received)),
        ("Response due", plain(due)),
        ("Answered as at", plain(f"The register as recorded on {long_date(day)}")),
        ("Systems in scope", plain("; ".join(s["name"] for s in systems))),
        (
            "Assessments",
            plain("Disclosure copies of the approved assessments are in the pack's assessments folder."),
        ),
    )
    return schedule.schedule_document(
        parts,
        title=f"Schedule for FOI request {request['reference']} as recorded on {long_date(day)}",
        subtitle=request["subject"] or "Systems in scope and their impact assessments",
        details=details,
        footer=f"FOI {request['reference']} schedule",
        disclose=True,
        release=release,
        author=opts.author,
        now=release.day,
    )


def _contributed(
    db: Database, actor: Actor, request: PackRequest, systems: list[dict], withheld: sweep.Withholding
) -> tuple[list[LoggedFile], dict[str, str]]:
    """Contributed files, swept; and each path that had to change because its name gave a withheld
    string away (a system's name or a dataset's title), with the neutral path it has instead."""
    files, moved = [], {}
    for system in systems:
        # A long name is cut with a hash of the whole, so two systems sharing a beginning get two folders.
        default = answers.system_folder(system)
        folder = withheld.name(default, f"systems/system-{system['id']}", f"{default}: folder name")
        for contributor in CONTRIBUTORS:
            role = getattr(contributor, "__name__", "contributed")
            for number, (name, content, *about) in enumerate(contributor(db, actor, system, request), 1):
                safe = exports.file_name(name)
                expected = f"{default}/{safe}"
                _, dot, extension = safe.rpartition(".")
                neutral = f"{role}-{number}" + (f".{extension}" if dot else "")
                path = f"{folder}/{withheld.name(safe, neutral, f'{expected}: file name')}"
                if path != expected:
                    moved[expected] = path
                if path.lower().endswith(".csv"):
                    content = swept_csv(content, withheld, path)
                description = withheld.text(about[0], f"{MANIFEST}: contents") if about else ""
                figures = about[1] if len(about) > 1 else None
                files.append(
                    LoggedFile(
                        path, content, role, system_id=system["id"], description=description, figures=figures
                    )
                )
    return files, moved


def swept_csv(content: bytes, withheld: sweep.Withholding, path: str) -> bytes:
    """A CSV file with withheld strings replaced cell by cell; unchanged bytes when nothing is withheld."""
    bom = "\ufeff" if content.startswith(b"\xef\xbb\xbf") else ""
    try:
        text = content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
    except (UnicodeDecodeError, csv.Error):
        return content  # not text: the leak check reads it as it is
    swept = [[withheld.text(cell, f"{path}: row {n}") for cell in cells] for n, cells in enumerate(rows, 1)]
    if swept == rows:
        return content
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if "\r\n" in text else "\n").writerows(swept)
    return (bom + out.getvalue()).encode()


def _unique(files: list[LoggedFile]) -> tuple[list[LoggedFile], dict[str, str]]:
    """Paths made unique, and each changed path's new one: two files may share a name once made safe."""
    seen: set[str] = {MANIFEST}
    found, renamed = [], {}
    for file in files:
        stem, dot, ext = file.path.rpartition(".")
        if not dot or "/" in ext:
            stem, dot, ext = file.path, "", ""
        path, number = file.path, 2
        while path in seen:
            path, number = f"{stem}-{number}{dot}{ext}", number + 1
        seen.add(path)
        if path != file.path:
            renamed[file.path] = path
        found.append(file if path == file.path else replace(file, path=path))
    return found, renamed


def _manifest(files: list[LoggedFile], systems: list[dict], withheld: sweep.Withholding) -> bytes:
    """Every other file with what the disclosure log records of it, and what it holds in words."""
    names = {s["id"]: withheld.text(s["name"], f"{MANIFEST}: system") for s in systems}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    for file in files:
        version = file.version or {}
        held = f"{version['reference']} version {version['number']}" if version else ""
        system = names.get(file.system_id or version.get("system_id"), "")
        row = (held or file.description or file.role, file.role, system, version.get("reference", ""))
        digest = disclosure_log.sha256(file.content)
        writer.writerow(
            (file.path, digest, len(file.content), *map(csv_safe, row), version.get("number", ""))
        )
    return out.getvalue().encode()


COMPRESSED = (".docx", ".pdf", ".zip")


def _zip(files: list[LoggedFile], day: datetime) -> bytes:
    out = io.BytesIO()
    stamp = (day.year, day.month, day.day, day.hour, day.minute, day.second)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            # Word files and PDFs are compressed already: deflating them again costs time and saves nothing.
            method = zipfile.ZIP_STORED if file.path.endswith(COMPRESSED) else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(file.path, stamp), file.content, method)
    return out.getvalue()
