"""What a publication holds: its files, made as a response pack makes them, and how each is stored."""

from dataclasses import replace

from dpia import permissions
from dpia.actor import Actor
from dpia.records import System, Version
from dpia.services.atrs import exports as atrs_exports
from dpia.services.disclosure import documents, exports, packs, sweep
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure.log import LoggedFile
from dpia.services.monitoring import datasets as monitoring
from dpia.store.db import Database

MEDIA = {".docx": exports.DOCX, ".csv": "text/csv", ".json": "application/json", ".xlsx": atrs_exports.XLSX}
RECORD = "public-record.json"


def monitoring_files(
    db: Database, actor: Actor, system: System, datasets: tuple[int, ...], withheld: sweep.Withholding
) -> list[LoggedFile]:
    """The chosen datasets as released (small numbers suppressed), swept as a pack sweeps them."""
    if not datasets:
        return []
    # Publishing is itself the authorised release: an approver publishing needs no FOI officer's role here.
    releaser = replace(actor, roles=actor.roles | set(permissions.holders("release_monitoring")))
    found = []
    for file in monitoring.released_files(db, releaser, system["id"], dataset_ids=set(datasets)):
        name = withheld.name(exports.file_name(file.name), "monitoring.csv", "monitoring file name")
        content = packs.swept_csv(file.content, withheld, name)
        title = withheld.text(f"Monitoring dataset ‘{file.title}’, small numbers suppressed", name)
        logged = LoggedFile(name, content, "monitoring", system_id=system["id"], description=title)
        found.append(replace(logged, figures=file.figures))
    return found


def atrs_files(db: Database, actor: Actor, system: System, wanted: bool) -> tuple[dict | None, list]:
    """The ATRS record as published, and its .xlsx and .json files, when it was chosen."""
    if not wanted:
        return None, []
    data = atrs_exports.public_record(db, actor, system["id"])
    stem = f"ATRS-{exports.safe_name(system['name'])}"
    made = [
        LoggedFile(
            f"{stem}.{form}",
            atrs_exports.file_content(data, form),
            "atrs",
            system_id=system["id"],
            description=f"ATRS record {title}",
        )
        for form, title in (("xlsx", "in the template's spreadsheet layout"), ("json", "as JSON"))
    ]
    return data, made


def assessment_files(
    db: Database,
    versions: list[Version],
    withheld: sweep.Withholding,
    passages: list[dict],
    opts: exports.Options,
) -> list[LoggedFile]:
    """The disclosure copies, made exactly as a pack makes them, named without its folder."""
    none: frozenset[int] = frozenset()
    planned = [
        packs.Planned(v, disclosure_log.fingerprint(exports.disclosure_marks(db, v, none, passages)), None)
        for v in versions
    ]
    release = documents.Release("", exports.now())
    made = packs.assessment_files(db, opts, planned, release, False, withheld, none)
    return [replace(f, path=f.path.rpartition("/")[2]) for f in made]


def unique(files: list[LoggedFile]) -> list[LoggedFile]:
    """Names unique within the publication: -2, -3 before the extension."""
    seen: set[str] = {RECORD}
    found = []
    for file in files:
        stem, dot, ext = file.path.rpartition(".")
        path, number = file.path, 2
        while path.casefold() in seen:
            path, number = f"{stem}-{number}{dot}{ext}", number + 1
        seen.add(path.casefold())
        found.append(file if path == file.path else replace(file, path=path))
    return found


def public_file(file: LoggedFile) -> dict:
    """A file as the public pages store it: its name, role, type, digest and, for a copy, its version."""
    version = file.version or {}
    extension = "." + file.path.rpartition(".")[2].lower()
    return {
        "path": file.path,
        "role": file.role,
        "title": file.description or _version_title(version),
        "media_type": MEDIA.get(extension, "application/octet-stream"),
        "sha256": disclosure_log.sha256(file.content),
        "size": len(file.content),
        "version_id": version.get("id"),
        "kind": version.get("kind") or "",
        "reference": version.get("reference") or "",
        "version_number": version.get("number"),
        "conducted": version.get("conducted"),
        "approved": version.get("approved"),
    }


def _version_title(version: dict) -> str:
    return f"{version['reference']} version {version['number']}" if version else ""
