"""Use cases of importing: read an upload into a plan (nothing stored but the upload, kept for its uploader),
re-read it as another kind, confirm it as a new draft in one transaction, import straight from the command
line, export a version as dpia's JSON, and dismiss imported text once placed by hand.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from dpia import kinds
from dpia.actor import Actor
from dpia.domain.answer_types import ANSWER_TYPES
from dpia.domain.reading import VALID_REFERENCE
from dpia.errors import Forbidden, Invalid, NotFound, Refused
from dpia.importers import cnil, invariant, matcher, native, safety, word
from dpia.importers.invariant import Gap
from dpia.importers.plan import OMIT, UNPLACED, Assembled, Item, Plan, allowed, assemble
from dpia.kinds.model import Kind
from dpia.records import Version
from dpia.services.accounts import audit
from dpia.services.assessments import attachments
from dpia.services.assessments import versions as assessments
from dpia.services.assessments.attachments import Storage
from dpia.services.systems import get as get_system
from dpia.store import assessments as assessment_store
from dpia.store import attachments as store
from dpia.store import systems as system_store
from dpia.store.db import Database, now, transaction

FOLDER = "imports"
KEEP_HOURS = 24
DETAIL_KEYS = ("title", "reference", "owner", "marking", "started", "conducted")


@dataclass
class Summary:
    """What one import did, for the command line and the confirmation message."""

    assessment_id: int
    reference: str
    kind: str
    placed: int
    unplaced: int
    left_out: int
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Outcome:
    """What confirming a plan with these destinations stores: the preview shows it, the import stores it."""

    assembled: Assembled
    counts: dict[str, int]
    gaps: list[Gap]


def _require_editor(actor: Actor) -> None:
    if not actor.may("edit_assessments"):
        raise Forbidden("Only editors can import assessments")


def read(data: bytes, file_type: str, kind_key: str, filename: str, chosen: int = 0) -> Plan:
    """What an upload holds, as a plan for `kind_key` (or the kind it looks like when blank)."""
    if kind_key and kinds.latest(kind_key) is None:
        raise Invalid({"kind": f"Unknown kind of assessment ‘{kind_key}’"})
    if file_type == "docx":
        document = word.read(data)
        suggested = matcher.suggest_kind(document)
        return matcher.plan_word(document, kind_key or suggested, assessments.today(), filename)
    value = safety.load_json(data)
    if native.is_native(value):
        return native.plan_native(value)  # type: ignore[arg-type]
    if cnil.is_cnil(value):
        return cnil.plan_cnil(value, kind_key or "dpia", chosen)
    raise Refused("This JSON is neither a CNIL PIA export nor a dpia export: check you chose the right file")


def checked_upload(storage: Storage, filename: object, data: bytes) -> dict:
    """An upload that passed every check, ready to read: its name, type, bytes and digest."""
    name = safety.check_name(filename)
    safety.check_size(data, storage.max_bytes)
    found = safety.sniff(data, safety.IMPORT_TYPES)
    return {
        "filename": name,
        "file_type": found.key,
        "data": data,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def upload(
    db: Database,
    actor: Actor,
    storage: Storage,
    system_id: int,
    filename: object,
    data: bytes,
    kind_key: str = "",
) -> str:
    """Check and read an upload, keep it for review by its uploader; return the review's token."""
    _require_editor(actor)
    system = get_system(db, actor, system_id)
    found = checked_upload(storage, filename, data)
    plan = read(data, found["file_type"], kind_key, found["filename"])
    _expire(db, storage)
    stored = attachments.write_file(storage, FOLDER, data)
    token = safety_token()
    try:
        with transaction(db):
            store.insert_staged(
                db,
                {
                    "token": token,
                    "system_id": system["id"],
                    "created_by": actor.email,
                    "expires_at": (datetime.now(UTC) + timedelta(hours=KEEP_HOURS)).isoformat(
                        timespec="seconds"
                    ),
                    "filename": found["filename"],
                    "stored_name": stored,
                    "file_type": found["file_type"],
                    "size": len(data),
                    "sha256": found["sha256"],
                    "plan": plan.to_dict(),
                },
            )
            audit.record(
                db,
                actor,
                "import.upload",
                object_type="system",
                object_id=system["id"],
                summary=f"Uploaded ‘{found['filename']}’ to import into ‘{system['name']}’",
                details={"file": found["filename"], "sha256": found["sha256"], "source": plan.source},
            )
    except BaseException:
        attachments.remove_file(storage, FOLDER, stored)
        raise
    return token


def safety_token() -> str:
    """An unguessable name for a staged import, used in its address."""
    return secrets.token_urlsafe(18)


def _expire(db: Database, storage: Storage) -> None:
    """Forget staged imports nobody confirmed in time, with their files."""
    with transaction(db):
        expired = store.expired_staged(db, now())
        for staged in expired:
            store.delete_staged(db, staged["id"])
    for staged in expired:
        attachments.remove_file(storage, FOLDER, staged["stored_name"])


def staged(db: Database, actor: Actor, token: str) -> dict:
    """A staged import of the actor's own, not yet expired, with its plan and system."""
    _require_editor(actor)
    found = store.staged(db, token)
    if found is None or found["created_by"] != actor.email or found["expires_at"] < now():
        raise NotFound(
            "No import waiting for review at that address: it may have expired. Upload the file again"
        )
    found["plan"] = Plan.from_dict(found["plan"])
    found["system"] = get_system(db, actor, found["system_id"])
    found["kind"] = kinds.latest(found["plan"].kind)
    return found


def _file(storage: Storage, stored_name: str) -> bytes:
    path = storage.instance / FOLDER / stored_name
    if not path.is_file():
        raise NotFound("The uploaded file is no longer kept: upload it again")
    return path.read_bytes()


def reread(db: Database, actor: Actor, storage: Storage, token: str, kind_key: str, chosen: int = 0) -> None:
    """Read a staged upload again as another kind, or another PIA of a CNIL list export."""
    found = staged(db, actor, token)
    data = _file(storage, found["stored_name"])
    plan = read(data, found["file_type"], kind_key, found["filename"], chosen)
    with transaction(db):
        store.update_staged_plan(db, found["id"], plan.to_dict())


def _readable_as(kind: Kind, definition_version: object) -> bool:
    """An export of this definition, or of an older one whose every question the newest asks unchanged."""
    if definition_version == kind.version:
        return True
    if not isinstance(definition_version, int) or definition_version > kind.version:
        return False
    older = kinds.definition(kind.key, definition_version)
    return all(kind.questions.get(key) == question for key, question in older.questions.items())


def _check_targets(plan: Plan, targets: dict[str, str]) -> dict[str, str]:
    kind = kinds.latest(plan.kind)
    by_id = {item.id: item for item in plan.items}
    errors = {}
    for item_id, target in targets.items():
        item = by_id.get(item_id)
        if item is None:
            errors[f"target-{item_id}"] = "An item of the preview no longer exists: upload the file again"
        elif not allowed(kind, item, target):
            errors[f"target-{item_id}"] = (
                f"{item.location} cannot go there: choose a text answer or ‘Not yet placed’"
            )
    if errors:
        raise Invalid(errors)
    return targets


def outcome(plan: Plan, targets: dict[str, str]) -> Outcome:
    """The answers, rows and unplaced text a plan gives, their counts, and any source text it would lose."""
    kind = kinds.latest(plan.kind)
    assembled = assemble(kind, plan.items, targets)
    gaps: list[Gap] = []
    if plan.source == "dpia":
        # dpia's own JSON is stored exactly as exported.
        assembled.answers, assembled.unplaced = dict(plan.answers), list(plan.unplaced)
    else:
        gaps = invariant.missing(kind, plan, targets, assembled)
    return Outcome(assembled, _counts(kind, plan, targets, assembled), gaps)


def previewed(found: dict, targets: dict[str, str]) -> Outcome:
    """The outcome a staged import's preview shows; a destination an item cannot take counts as suggested."""
    plan, kind = found["plan"], found["kind"]
    by_id = {item.id: item for item in plan.items}
    usable = {k: v for k, v in targets.items() if k in by_id and allowed(kind, by_id[k], v)}
    return outcome(plan, usable)


def _counts(kind, plan: Plan, targets: dict[str, str], assembled: Assembled) -> dict[str, int]:
    """Answers by question, rows, text not yet placed, and what is left out (by choice, or as the form's)."""
    counts = {"questions": 0, "rows": 0, "placed": assembled.placed, "unplaced": len(assembled.unplaced)}
    for key, answer in assembled.answers.items():
        question = kind.questions.get(key)
        if (
            question is not None
            and ANSWER_TYPES[question.type].textual
            and isinstance(answer, str)
            and answer
        ):
            counts["questions"] += 1
        elif isinstance(answer, list | dict):
            counts["rows"] += len(answer)
    omitted = [item for item in plan.items if targets.get(item.id, item.target) == OMIT]
    counts["left_out"] = sum(1 for item in omitted if item.content)
    counts["template"] = len(omitted) - counts["left_out"]
    return counts


def _refuse_gaps(gaps: list[Gap]) -> None:
    """Nothing is stored while any source text would be lost."""
    if not gaps:
        return
    shown = "; ".join(f"{gap.location} (‘{gap.text[:60]}’): {gap.why}" for gap in gaps[:3])
    more = f" and {len(gaps) - 3} more" if len(gaps) > 3 else ""
    raise Refused(
        f"Nothing was imported, because text of the document would be lost: {shown}{more}."
        " Choose where each goes, or ‘Not yet placed’, and import again"
    )


def confirm(
    db: Database, actor: Actor, storage: Storage, token: str, details: dict, targets: dict[str, str]
) -> Summary:
    """Create the draft the user reviewed, keep the original attached, and forget the staged upload."""
    found = staged(db, actor, token)
    data = _file(storage, found["stored_name"])
    upload_ = {
        "filename": found["filename"],
        "file_type": found["file_type"],
        "data": data,
        "sha256": found["sha256"],
    }
    summary = _create(
        db, actor, storage, found["system_id"], found["plan"], details, targets, upload_, found["id"]
    )
    attachments.remove_file(storage, FOLDER, found["stored_name"])
    return summary


def _create(
    db: Database,
    actor: Actor,
    storage: Storage,
    system_id: int,
    plan: Plan,
    details: dict,
    targets: dict[str, str],
    upload_: dict,
    staged_id: int | None = None,
) -> Summary:
    """One transaction: start the draft, its answers and details, text not yet placed, the original file."""
    kind = kinds.latest(plan.kind)
    if plan.source == "dpia" and not _readable_as(kind, plan.original.get("definition_version")):
        raise Refused(
            f"This export was written against {kind.short} form version"
            f" {plan.original.get('definition_version')}; this register uses version {kind.version}"
        )
    result = outcome(plan, _check_targets(plan, targets))
    _refuse_gaps(result.gaps)
    assembled = result.assembled
    written: list[str] = []
    try:
        with transaction(db):
            assessment_id = _draft(db, actor, system_id, kind, details, assembled)
            version = assessment_store.version(db, assessment_id, 1)
            if assembled.unplaced:
                assessment_store.set_unplaced(db, version["id"], assembled.unplaced, actor.email)
            attachments.attach_original(db, actor, storage, version, upload_, written)
            if staged_id is not None:
                store.delete_staged(db, staged_id)
            _audit(db, actor, version, plan, upload_, assembled)
    except BaseException:
        for name in written:
            attachments.remove_file(storage, attachments.FOLDER, name)
        raise
    return Summary(
        assessment_id=assessment_id,
        reference=version["reference"],
        kind=kind.short,
        placed=assembled.placed if plan.source != "dpia" else len(assembled.answers),
        unplaced=len(assembled.unplaced),
        left_out=len(assembled.left_out),
        notes=plan.notes,
        counts=result.counts,
    )


def _draft(db: Database, actor: Actor, system_id: int, kind, details: dict, assembled) -> int:
    """Start the assessment through the same use cases a person's form uses, so every rule applies."""
    values = {key: details.get(key) or "" for key in DETAIL_KEYS}
    assessment_id = assessments.start(db, actor, system_id, {**values, "kind": kind.key})
    version = assessment_store.version(db, assessment_id, 1)
    answers = {**version["answers"], **assembled.answers}
    revision = assessments.update_answers(db, actor, assessment_id, 1, answers, version["revision"])
    # An imported assessment was started long before it came here: its dates are the document's, or unknown.
    version = assessment_store.version(db, assessment_id, 1)
    assessments.update_details(
        db, actor, assessment_id, 1, {**values, "reference": version["reference"]}, revision
    )
    return assessment_id


def _audit(db: Database, actor: Actor, version: Version, plan: Plan, upload_: dict, assembled) -> None:
    audit.record(
        db,
        actor,
        "assessment.import",
        object_type="assessment",
        object_id=version["assessment_id"],
        summary=f"Imported {version['reference']} from ‘{upload_['filename']}’",
        details={
            "source": plan.source,
            "file": upload_["filename"],
            "sha256": upload_["sha256"],
            "placed": assembled.placed,
            "not_yet_placed": len(assembled.unplaced),
            "left_out": assembled.left_out,
            "marking_found": plan.details.get("marking_found", ""),
            "original": plan.original,
        },
    )


# The command line: no preview, every suggestion taken, one transaction per file.


def find_system(db: Database, actor: Actor, name: str) -> dict:
    """A system by its name (case and spacing ignored)."""
    system_id = system_store.find_id_by_name(db, name)
    if system_id is None:
        raise NotFound(f"No system called ‘{name}’ in the register")
    return get_system(db, actor, system_id)


def import_file(
    db: Database,
    actor: Actor,
    storage: Storage,
    system_id: int,
    filename: str,
    data: bytes,
    kind_key: str = "",
) -> Summary:
    """Import one file straight to a draft with every suggested destination; a taken reference is replaced."""
    _require_editor(actor)
    get_system(db, actor, system_id)
    found = checked_upload(storage, filename, data)
    plan = read(data, found["file_type"], kind_key, found["filename"])
    details = dict(plan.details)
    reference = details.get("reference") or ""
    if reference and (
        assessment_store.reference_owner(db, reference) is not None or not VALID_REFERENCE.match(reference)
    ):
        details["reference"] = ""
        plan.items.append(
            _note_item(plan, f"The document's reference {reference} is already used or not valid here")
        )
    return _create(db, actor, storage, system_id, plan, details, {}, found)


def _note_item(plan: Plan, text: str) -> Item:
    return Item(id=f"i{len(plan.items) + 1}", location="Import note", text=text, target=UNPLACED, reason=text)


# Reading back, and clearing imported text once placed


def export_json(db: Database, actor: Actor, assessment_id: int, number: int) -> dict:
    """A version as dpia's lossless JSON; the export is audited."""
    version = assessments.load(db, actor, assessment_id, number)
    listed = attachments.for_version(db, actor, version["id"])
    with transaction(db):
        audit.record(
            db,
            actor,
            "assessment.export_json",
            object_type="assessment",
            object_id=assessment_id,
            summary=f"Exported {version['reference']} version {number} as JSON",
            details={"version": number},
        )
    return native.export(version, listed, now())


def dismiss(db: Database, actor: Actor, assessment_id: int, number: int, item_id: str) -> None:
    """Remove one item of imported text from a draft once it has been placed by hand, or is not needed."""
    with transaction(db):
        version = assessments.load(db, actor, assessment_id, number)
        refusal = assessments.edit_refusal(version, actor, None)
        if refusal:
            raise refusal
        remaining = [item for item in version["unplaced"] if item.get("id") != item_id]
        if len(remaining) == len(version["unplaced"]):
            raise NotFound("That imported item is not on this version")
        dismissed = next(item for item in version["unplaced"] if item.get("id") == item_id)
        assessment_store.set_unplaced(db, version["id"], remaining, actor.email)
        audit.record(
            db,
            actor,
            "assessment.unplaced_dismiss",
            object_type="assessment",
            object_id=assessment_id,
            summary=f"Dismissed imported text from {version['reference']} version {number}",
            details={"version": number, "item": dismissed},
        )
