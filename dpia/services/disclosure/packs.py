"""Response packs: one .zip per FOI request, ready to attach to the response.

A pack holds a disclosure copy of every current approved PIA, DPIA and EqIA of the systems in scope (and,
if asked, their earlier approved versions), a schedule answering the request's questions per system, any
files contributed per system by other parts of dpia, and manifest.csv listing every other file: its path,
SHA-256, size, what it holds, and the role, system, assessment and version the disclosure log records for it.

Contributors: a function (db, actor, system, request) -> iterable of (filename, bytes) or (filename, bytes,
description), registered with `register_contributor`, adds files under systems/<system>/ — monitoring data,
for example. Each is logged. Every name in a pack is a slug of at most exports.FILE_LIMIT characters that
keeps its extension; the pack itself is named FOI-<reference>-response-pack.zip, then -2, -3… for later
builds, so no two releases in the log share a name.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from dpia.actor import Actor
from dpia.csv_safety import csv_safe
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.export.model import plain
from dpia.partial_dates import long_date
from dpia.records import FoiRequest, System, Version
from dpia.services import systems as system_rules
from dpia.services.disclosure import as_at, documents, exports, register_exports, schedule
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import requests as foi
from dpia.services.disclosure.log import LoggedFile
from dpia.services.monitoring import datasets as monitoring
from dpia.store.db import Database, transaction

Contributor = Callable[[Database, Actor, dict, dict], Iterable[tuple[str, bytes] | tuple[str, bytes, str]]]
CONTRIBUTORS: list[Contributor] = []
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("path", "sha256", "bytes", "contents", "role", "system", "assessment", "version")


def monitoring_data(
    db: Database, actor: Actor, system: System, request: FoiRequest
) -> list[tuple[str, bytes, str]]:
    """The system's monitoring datasets as released: small numbers suppressed, a note on the rule."""
    until = as_at.request_day(request)
    return [
        (name, content, f"Monitoring dataset ‘{title}’, small numbers suppressed")
        for name, content, title in monitoring.released_files(db, actor, system["id"], until)
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
    """The systems in scope now; a pack holds all of them, so one the actor may not see is refused."""
    found = []
    for system_id in request["system_ids"]:
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
    db: Database, actor: Actor, request: FoiRequest, earlier: bool, strict: bool = True, content: bool = False
) -> list[Planned]:
    """The versions a pack holds: current approved ones, and earlier approved ones when asked.

    Each comes with the earlier disclosure it may reuse, holding that file's bytes when `content` is asked.
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
    for version in versions:
        fingerprint = disclosure_log.fingerprint(exports.disclosure_marks(db, version))
        planned.append(
            Planned(version, fingerprint, disclosure_log.reusable(db, version, fingerprint, content))
        )
    return planned


def problems(db: Database, actor: Actor, request: FoiRequest, planned: list[Planned]) -> list[str]:
    """Everything that must be looked at before the pack can be made."""
    found = []
    if not request["system_ids"]:
        found.append(f"FOI request {request['reference']} has no systems in scope yet")
    day = as_at.request_day(request)
    for entry in entries(db, actor, request):
        found += as_at.unknown_problems(entry, day) or register_exports.system_problems(db, entry.system)
    for item in planned:
        found += exports.blocking_marks(db, item.version)
    return found


def build(
    db: Database,
    actor: Actor,
    request_id: int,
    opts: exports.Options,
    *,
    earlier: bool = False,
    reuse: bool = True,
    at: datetime | None = None,
) -> exports.Export:
    """Make the response pack for a request and record it in the disclosure log."""
    if not actor.may("disclose"):
        raise Forbidden("Only FOI officers can make response packs")
    request = foi.get(db, actor, request_id)
    planned = plan(db, actor, request, earlier, content=reuse)
    found = problems(db, actor, request, planned)
    if found:
        raise Invalid({"pack": "Before the pack can be made: " + "; ".join(found)})
    release = documents.Release(request["reference"], at or exports.now())
    files = _assessment_files(db, opts, planned, release, reuse)
    systems = _systems(db, actor, request)
    files.insert(0, _schedule_file(db, actor, request, systems, opts, release))
    files = _unique(files + _contributed(db, actor, request, systems))
    files.append(LoggedFile(MANIFEST, _manifest(files, systems), "manifest"))
    content = _zip(files, release.day)
    with transaction(db):
        # Named inside the transaction that logs it, so two builds at once never share a name.
        stem = f"FOI-{exports.safe_name(request['reference'], 50)}-response-pack"
        filename = disclosure_log.unused_name(db, stem, ".zip")
        disclosure_log.record(
            db, actor, request=request, what="pack", filename=filename, content=content, files=files, at=at
        )
    return exports.Export(filename, content, exports.ZIP)


def _assessment_files(
    db: Database, opts: exports.Options, planned: list[Planned], release: documents.Release, reuse: bool
) -> list[LoggedFile]:
    files = []
    for item in planned:
        version = item.version
        path = f"assessments/{exports.version_filename(version, True)}"
        if reuse and item.reuse:
            content, reused_from = item.reuse["content"], item.reuse["id"]
        else:
            model = exports.assessment_model(db, version, opts, release)
            content, reused_from = exports.to_docx(model, opts), None
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
) -> LoggedFile:
    content = _schedule(db, actor, request, systems, opts, release)
    count = f"{len(systems)} system{'' if len(systems) == 1 else 's'}"
    return LoggedFile(
        f"schedule-{exports.safe_name(request['reference'])}.docx",
        content,
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
) -> bytes:
    day = as_at.request_day(request)
    sweep = register_exports.sweep_for(db, actor, [s["id"] for s in systems], day)
    parts = [register_exports.system_entry(db, actor, s, True, sweep, day) for s in systems]
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
    document = schedule.schedule_document(
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
    return exports.to_docx(document, opts)


def _contributed(db: Database, actor: Actor, request: FoiRequest, systems: list[dict]) -> list[LoggedFile]:
    files = []
    for system in systems:
        # A long name is cut with a hash of the whole, so two systems sharing a beginning get two folders.
        folder = f"systems/{exports.safe_name(system['name'])}"
        for contributor in CONTRIBUTORS:
            role = getattr(contributor, "__name__", "contributed")
            for name, content, *about in contributor(db, actor, system, request):
                path = f"{folder}/{exports.file_name(name)}"
                description = about[0] if about else ""
                files.append(LoggedFile(path, content, role, system_id=system["id"], description=description))
    return files


def _unique(files: list[LoggedFile]) -> list[LoggedFile]:
    """Paths made unique: two systems or contributed files may share a name once made safe."""
    seen: set[str] = {MANIFEST}
    found = []
    for file in files:
        stem, dot, ext = file.path.rpartition(".")
        if not dot or "/" in ext:
            stem, dot, ext = file.path, "", ""
        path, number = file.path, 2
        while path in seen:
            path, number = f"{stem}-{number}{dot}{ext}", number + 1
        seen.add(path)
        found.append(file if path == file.path else replace(file, path=path))
    return found


def _manifest(files: list[LoggedFile], systems: list[dict]) -> bytes:
    """Every other file with what the disclosure log records of it, and what it holds in words."""
    names = {s["id"]: s["name"] for s in systems}
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


def _zip(files: list[LoggedFile], day: datetime) -> bytes:
    out = io.BytesIO()
    stamp = (day.year, day.month, day.day, day.hour, day.minute, day.second)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.writestr(zipfile.ZipInfo(file.path, stamp), file.content, zipfile.ZIP_DEFLATED)
    return out.getvalue()
