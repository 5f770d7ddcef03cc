"""Publishing a system's public record, and withdrawing it.

A publication holds the chosen register fields, the disclosure copies of the system's current approved
assessments (exactly the files an FOI pack would release), chosen monitoring datasets as released, and
optionally its ATRS record: all swept of whatever is withheld about the system, then checked for leaks.
Anything that must be looked at first refuses the whole publication, with the reason, and stores nothing.
"""

import json
from dataclasses import dataclass, field, replace

from dpia import permissions
from dpia.actor import Actor
from dpia.domain import atrs as atrs_rules
from dpia.domain import leaks, transparency
from dpia.domain import publications as rules
from dpia.domain.redaction import Redaction
from dpia.errors import Forbidden, Invalid, NotNow
from dpia.records import System, Version
from dpia.services import systems
from dpia.services.accounts import audit
from dpia.services.atrs import exports as atrs_exports
from dpia.services.disclosure import documents, exports, packs, register_exports, sweep, withholding
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure.log import LoggedFile
from dpia.services.monitoring import datasets as monitoring
from dpia.services.publications import fields
from dpia.store import assessments as assessment_store
from dpia.store import atrs as atrs_store
from dpia.store import foi_ncnd
from dpia.store import publications as store
from dpia.store.db import Database, dry_run, transaction
from dpia.vocab import SENSITIVE

MEDIA = {".docx": exports.DOCX, ".csv": "text/csv", ".json": "application/json", ".xlsx": atrs_exports.XLSX}
RECORD = "public-record.json"


@dataclass(frozen=True)
class Choice:
    """What to publish: register fields, the ATRS record, monitoring datasets, and what changed."""

    fields: tuple[str, ...] = ()
    atrs: bool = False
    datasets: tuple[int, ...] = ()
    summary: str = ""
    # The system's version when the preview was shown: a change since refuses the publication.
    revision: int | None = None


@dataclass
class Prepared:
    """A publication as it would be stored, and every reason it cannot be yet."""

    system: System
    choice: Choice
    record: dict
    files: list[LoggedFile] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def _require(actor: Actor) -> None:
    if not actor.may("publish"):
        raise Forbidden("Only approvers can publish systems' public records")


def _system(db: Database, actor: Actor, system_id: int) -> System:
    """The system, refused without confirming it exists to those who may not see it."""
    return systems.get(db, actor, system_id)


def _versions(db: Database, system: System) -> tuple[list[Version], list[str]]:
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


def _atrs_refusals(db: Database, system_id: int) -> list[str]:
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


def _choice_refusals(db: Database, actor: Actor, system: System, choice: Choice) -> list[str]:
    found = []
    unknown = rules.unknown_fields(list(choice.fields))
    if unknown:
        found.append("No such register field to publish: " + ", ".join(f"‘{k[:40]}’" for k in unknown))
    known = {d["id"] for d in monitoring.datasets_for_system(db, actor, system["id"])}
    missing = [str(d) for d in choice.datasets if d not in known]
    if missing:
        found.append(f"‘{system['name']}’ has no monitoring dataset " + ", ".join(missing))
    if len(choice.summary) > rules.SUMMARY_LIMIT:
        found.append(f"The summary of what changed must be {rules.SUMMARY_LIMIT} characters or fewer")
    if choice.atrs:
        found += _atrs_refusals(db, system["id"])
    return found


def _system_refusals(db: Database, system: System) -> list[str]:
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


def _monitoring_files(
    db: Database, actor: Actor, system: System, choice: Choice, withheld: sweep.Withholding
) -> list[LoggedFile]:
    """The chosen datasets as released (small numbers suppressed), swept as a pack sweeps them."""
    if not choice.datasets:
        return []
    # Publishing is itself the authorised release: an approver publishing needs no FOI officer's role here.
    releaser = replace(actor, roles=actor.roles | set(permissions.holders("release_monitoring")))
    found = []
    for file in monitoring.released_files(db, releaser, system["id"], dataset_ids=set(choice.datasets)):
        name = withheld.name(exports.file_name(file.name), "monitoring.csv", "monitoring file name")
        content = packs.swept_csv(file.content, withheld, name)
        title = withheld.text(f"Monitoring dataset ‘{file.title}’, small numbers suppressed", name)
        logged = LoggedFile(name, content, "monitoring", system_id=system["id"], description=title)
        found.append(replace(logged, figures=file.figures))
    return found


def _atrs_files(db: Database, actor: Actor, system: System, choice: Choice) -> tuple[dict | None, list]:
    if not choice.atrs:
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


def _assessment_files(
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


def prepare(
    db: Database, actor: Actor, system_id: int, choice: Choice, opts: exports.Options | None = None
) -> Prepared:
    """The publication as it would be stored, with every refusal; nothing is stored here.

    `opts` are the installation's export options (its reference document), as packs are made with."""
    _require(actor)
    system = _system(db, actor, system_id)
    refusals = _system_refusals(db, system) + _choice_refusals(db, actor, system, choice)
    if choice.revision is not None and choice.revision != system["version"]:
        refusals.append(f"‘{system['name']}’ has changed since the preview: look at the preview again")
    versions, found = _versions(db, system)
    refusals += found
    if not versions:
        refusals.append(f"‘{system['name']}’ has no approved assessment to publish")
    for version in versions:
        refusals += exports.blocking_marks(db, version)
    passages = withholding.passage_marks(db, [system["id"]])
    withheld = sweep.withheld(db, versions, [system], passages)
    redaction = withholding.system_redaction(db, system["id"], True, passages)
    keys = [k for k in choice.fields if k in rules.BY_KEY]
    atrs_data, atrs_made = _atrs_files(db, actor, system, choice) if not refusals else (None, [])
    record = {
        "fields": fields.record_fields(system, keys, redaction, withheld),
        "atrs": atrs_data,
        # Only when chosen: the public pages show it, and the approver decided what goes public.
        "first_used": _first_used(system, keys, redaction, withheld),
    }
    prepared = Prepared(system, choice, record, refusals=refusals)
    if refusals:
        return prepared
    prepared.files = _assessment_files(db, versions, withheld, passages, opts or exports.options(db, None))
    prepared.files += _monitoring_files(db, actor, system, choice, withheld) + atrs_made
    prepared.files = _unique(prepared.files)
    prepared.refusals = _leaks(prepared, withheld)
    return prepared


def _first_used(
    system: System, keys: list[str], redaction: Redaction, withheld: sweep.Withholding
) -> str | None:
    """The first-used date as released, only when the field is chosen."""
    if "first_used" not in keys:
        return None
    return str(fields.value(system, rules.BY_KEY["first_used"], redaction, withheld)) or None


def _unique(files: list[LoggedFile]) -> list[LoggedFile]:
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


def _leaks(prepared: Prepared, withheld: sweep.Withholding) -> list[str]:
    """The final check: any withheld item in any file's bytes or in the record refuses the publication."""
    contents = {f.path: f.content for f in prepared.files}
    contents[RECORD] = _record_bytes(prepared)
    found = leaks.find(contents, withheld.items)
    if not found:
        return []
    where = "; ".join(f"{leak.item.on} ({leak.item.citation}) in {leak.where()}" for leak in found)
    return [f"The publication would release withheld text, so it has not been made: {where}"]


def _record_bytes(prepared: Prepared) -> bytes:
    record = {**prepared.record, "summary": prepared.choice.summary}
    return json.dumps(record, ensure_ascii=False, indent=2).encode()


def preview(
    db: Database, actor: Actor, system_id: int, choice: Choice, opts: exports.Options | None = None
) -> Prepared:
    """What publishing would store and any refusals; the releases it checks are undone."""
    with dry_run(db):
        return prepare(db, actor, system_id, choice, opts)


def _slug(db: Database, system: System) -> str:
    """The address kept from the first publication, else one from the name no other system has had."""
    kept = store.slug_of(db, system["id"])
    if kept:
        return kept
    base = transparency.slug(system["name"])
    found, number = base, 2
    while store.slug_taken(db, found, system["id"]):
        found, number = f"{base}-{number}", number + 1
    return found


def refusal(prepared: Prepared) -> Invalid:
    """The refusal a publication raises: every reason, in one message."""
    return Invalid({"publication": "It cannot be published: " + "; ".join(prepared.refusals)})


def publish(
    db: Database, actor: Actor, system_id: int, choice: Choice, opts: exports.Options | None = None
) -> int:
    """Publish a new version of the system's public record, in one transaction; refused with the reasons."""
    with transaction(db):
        prepared = prepare(db, actor, system_id, choice, opts)
        if prepared.refusals:
            raise refusal(prepared)
        return _store(db, actor, prepared)


def _store(db: Database, actor: Actor, prepared: Prepared) -> int:
    system = prepared.system
    number, slug = store.next_number(db, system["id"]), _slug(db, system)
    record_bytes = _record_bytes(prepared)
    filename = disclosure_log.unused_name(db, f"publication-{slug}-{number}", ".json")
    kept = [replace(f, keep=True) for f in prepared.files]
    disclosure_id = disclosure_log.record(
        db, actor, request=None, what="publication", filename=filename, content=record_bytes, files=kept
    )
    stamp = exports.now().isoformat(timespec="seconds")
    publication = {
        "system_id": system["id"],
        "number": number,
        "slug": slug,
        "name": system["name"],
        "category": system["category"],
        "record": prepared.record,
        "summary": prepared.choice.summary,
        "published_at": stamp,
        "published_by": actor.email,
        "disclosure_id": disclosure_id,
    }
    publication_id = store.insert(db, publication, [_public_file(f) for f in prepared.files])
    audit.record(
        db,
        actor,
        "publication.published",
        object_type="system",
        object_id=system["id"],
        summary=f"Published version {number} of the public record of ‘{system['name']}’",
        details={"publication": publication_id, "number": number, "slug": slug, "files": len(kept)},
    )
    return publication_id


def _public_file(file: LoggedFile) -> dict:
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


def withdraw(db: Database, actor: Actor, system_id: int, reason: str) -> int:
    """Take the system's live publication off the public pages; its history is kept."""
    _require(actor)
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise Invalid({"reason": "Enter why the public record is withdrawn"})
    if len(reason) > rules.REASON_LIMIT:
        raise Invalid({"reason": f"The reason must be {rules.REASON_LIMIT} characters or fewer"})
    with transaction(db):
        system = _system(db, actor, system_id)
        live = store.live(db, system_id)
        if live is None:
            raise NotNow(f"‘{system['name']}’ has no published record to withdraw")
        store.withdraw(db, live["id"], actor.email, exports.now().isoformat(timespec="seconds"), reason)
        audit.record(
            db,
            actor,
            "publication.withdrawn",
            object_type="system",
            object_id=system_id,
            summary=f"Withdrew version {live['number']} of the public record of ‘{system['name']}’",
            details={"publication": live["id"], "reason": reason},
        )
    return live["id"]
