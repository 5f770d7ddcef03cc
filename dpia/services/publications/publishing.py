"""Publishing a system's public record, and withdrawing it.

A publication holds the chosen register fields, the disclosure copies of the system's current approved
assessments (exactly the files an FOI pack would release), chosen monitoring datasets as released, and
optionally its ATRS record: all swept of whatever is withheld about the system, then checked for leaks.
Anything that must be looked at first refuses the whole publication, with the reason, and stores nothing.
"""

import json
from dataclasses import dataclass, field, replace

from dpia.actor import Actor
from dpia.domain import leaks, transparency
from dpia.domain import publications as rules
from dpia.domain.redaction import Redaction
from dpia.errors import Forbidden, Invalid, NotNow
from dpia.records import System
from dpia.services import systems
from dpia.services.accounts import audit
from dpia.services.disclosure import exports, sweep, withholding
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure.log import LoggedFile
from dpia.services.publications import contents, fields
from dpia.services.publications import refusals as checks
from dpia.store import publications as store
from dpia.store.db import Database, dry_run, transaction


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


def prepare(
    db: Database, actor: Actor, system_id: int, choice: Choice, opts: exports.Options | None = None
) -> Prepared:
    """The publication as it would be stored, with every refusal; nothing is stored here.

    `opts` are the installation's export options (its reference document), as packs are made with."""
    _require(actor)
    system = _system(db, actor, system_id)
    refusals = checks.system_refusals(db, system) + checks.choice_refusals(
        db, actor, system, choice.fields, choice.datasets, choice.summary
    )
    if choice.atrs:
        refusals += checks.atrs_refusals(db, system["id"])
    if choice.revision is not None and choice.revision != system["version"]:
        refusals.append(f"‘{system['name']}’ has changed since the preview: look at the preview again")
    versions, found = checks.approved_versions(db, system)
    refusals += found
    if not versions:
        refusals.append(f"‘{system['name']}’ has no approved assessment to publish")
    for version in versions:
        refusals += exports.blocking_marks(db, version)
    passages = withholding.passage_marks(db, [system["id"]])
    withheld = sweep.withheld(db, versions, [system], passages)
    redaction = withholding.system_redaction(db, system["id"], True, passages)
    keys = [k for k in choice.fields if k in rules.BY_KEY]
    atrs_data, atrs_made = contents.atrs_files(db, actor, system, choice.atrs) if not refusals else (None, [])
    record = {
        "fields": fields.record_fields(system, keys, redaction, withheld),
        "atrs": atrs_data,
        # Only when chosen: the public pages show it, and the approver decided what goes public.
        "first_used": _first_used(system, keys, redaction, withheld),
    }
    prepared = Prepared(system, choice, record, refusals=refusals)
    if refusals:
        return prepared
    prepared.files = contents.assessment_files(
        db, versions, withheld, passages, opts or exports.options(db, None)
    )
    prepared.files += contents.monitoring_files(db, actor, system, choice.datasets, withheld) + atrs_made
    prepared.files = contents.unique(prepared.files)
    prepared.refusals = _leaks(prepared, withheld)
    return prepared


def _first_used(
    system: System, keys: list[str], redaction: Redaction, withheld: sweep.Withholding
) -> str | None:
    """The first-used date as released, only when the field is chosen."""
    if "first_used" not in keys:
        return None
    return str(fields.value(system, rules.BY_KEY["first_used"], redaction, withheld)) or None


def _leaks(prepared: Prepared, withheld: sweep.Withholding) -> list[str]:
    """The final check: any withheld item in any file's bytes or in the record refuses the publication."""
    contents_of = {f.path: f.content for f in prepared.files}
    contents_of[contents.RECORD] = _record_bytes(prepared)
    found = leaks.find(contents_of, withheld.items)
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
    publication_id = store.insert(db, publication, [contents.public_file(f) for f in prepared.files])
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
