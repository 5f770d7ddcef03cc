"""Evidence attached to assessment versions: signed copies, test reports, ethics panel minutes.

Files are checked by content before anything is stored, kept under instance/attachments/ with random names
(the uploaded name is only ever displayed), and listed with their SHA-256 so exports can prove what was held.
Editors and approvers may attach evidence to any version, approved ones included (signed copies arrive later);
every upload and download is audited. Whoever may read a version may download its evidence.
"""

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from dpia.actor import Actor
from dpia.domain.validate import Checker
from dpia.errors import Forbidden, NotFound, Refused
from dpia.importers import safety
from dpia.records import Version
from dpia.services.accounts import audit
from dpia.services.assessments import versions as assessments
from dpia.store import assessments as assessment_store
from dpia.store import attachments as store
from dpia.store.db import Database, transaction

FOLDER = "attachments"


@dataclass(frozen=True)
class Storage:
    """Where files live and how large they may be: from the app's configuration."""

    instance: Path
    max_bytes: int

    def folder(self, name: str) -> Path:
        """A folder under the instance folder, created private on first use."""
        path = self.instance / name
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path


@dataclass(frozen=True)
class Download:
    """What a view needs to send a stored file."""

    path: Path
    name: str
    content_type: str


def write_file(storage: Storage, folder: str, data: bytes) -> str:
    """Store bytes under a random name (never a name a user chose); return that name."""
    name = secrets.token_hex(16)
    target = storage.folder(folder) / name
    temporary = target.with_suffix(".part")
    with open(temporary, "xb") as handle:
        handle.write(data)
    os.replace(temporary, target)
    return name


def remove_file(storage: Storage, folder: str, name: str) -> None:
    """Remove a stored file if it is there (used when the database write after it failed)."""
    (storage.instance / folder / name).unlink(missing_ok=True)


def checked(storage: Storage, filename: object, data: bytes) -> tuple[str, safety.FileType]:
    """The display name and type of an evidence file, or a Refused saying why it is not accepted."""
    name = safety.check_name(filename)
    safety.check_size(data, storage.max_bytes)
    found = safety.sniff(data, safety.EVIDENCE_TYPES)
    extension = os.path.splitext(name)[1].lower()
    known = {ext for t in safety.FILE_TYPES.values() for ext in t.extensions}
    if extension in known and extension not in found.extensions:
        raise Refused(
            f"The file is named {extension} but its content is a {found.label}: check it is the right file"
        )
    return name, found


def add(
    db: Database,
    actor: Actor,
    storage: Storage,
    assessment_id: int,
    number: int,
    filename: object,
    data: bytes,
    description: object = "",
) -> int:
    """Attach a checked file to a version; return the attachment's id. Nothing is stored on refusal."""
    if not actor.may("attach_evidence"):
        raise Forbidden("Only editors and approvers can attach evidence")
    version = assessments.load(db, actor, assessment_id, number)
    check = Checker()
    note = check.text("description", description, "Description", max_len=500)
    check.raise_if_any()
    name, found = checked(storage, filename, data)
    return _store(db, actor, storage, version, name, found, data, note, "attachment.add")


def _store(db, actor, storage, version, name, found, data, note, action, written=None) -> int:
    stored = write_file(storage, FOLDER, data)
    if written is not None:
        written.append(stored)
    try:
        with transaction(db):
            attachment_id = store.insert_attachment(
                db,
                {
                    "version_id": version["id"],
                    "stored_name": stored,
                    "filename": name,
                    "file_type": found.key,
                    "content_type": found.content_type,
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "description": note,
                    "uploaded_by": actor.email,
                },
            )
            audit.record(
                db,
                actor,
                action,
                object_type="assessment",
                object_id=version["assessment_id"],
                summary=f"Attached ‘{name}’ to {version['reference']} version {version['number']}"
                + (f" ({version['status']})" if version["status"] != "draft" else ""),
                details={
                    "version": version["number"],
                    "attachment": attachment_id,
                    "name": name,
                    "type": found.key,
                    "size": len(data),
                    "status": version["status"],
                },
            )
    except BaseException:
        remove_file(storage, FOLDER, stored)
        raise
    return attachment_id


def attach_original(
    db: Database, actor: Actor, storage: Storage, version: Version, upload: dict, written: list[str]
) -> int:
    """Keep the file an assessment was imported from, attached to its first version, inside the import."""
    found = safety.FILE_TYPES[upload["file_type"]]
    note = "The original file this draft was imported from"
    return _store(
        db,
        actor,
        storage,
        version,
        upload["filename"],
        found,
        upload["data"],
        note,
        "attachment.add",
        written,
    )


def _listed(row: dict) -> dict:
    kind = safety.FILE_TYPES.get(row["file_type"])
    return {
        "id": row["id"],
        "name": row["filename"],
        "type": row["file_type"],
        "type_label": kind.label if kind else row["file_type"],
        "content_type": row["content_type"],
        "size": row["size"],
        "sha256": row["sha256"],
        "description": row["description"],
        "uploaded_by": row["uploaded_by"],
        "uploaded_at": row["uploaded_at"],
    }


def for_version(db: Database, actor: Actor, version_id: int) -> list[dict]:
    """A version's evidence for pages and exports: name, type, size, SHA-256, who uploaded it and when."""
    version = assessment_store.version_by_id(db, version_id)
    if version is None:
        raise NotFound("No assessment version with that id")
    assessments.load(db, actor, version["assessment_id"], version["number"])
    return listing(db, version_id)


def listing(db: Database, version_id: int) -> list[dict]:
    """A version's evidence, for a caller that has already checked the version may be seen."""
    return [_listed(row) for row in store.for_version(db, version_id)]


def download(db: Database, actor: Actor, storage: Storage, attachment_id: int) -> Download:
    """A stored file the actor may read, with its name and checked type; the download is audited."""
    found = store.attachment(db, attachment_id)
    if found is None:
        raise NotFound("No attachment with that id")
    version = assessment_store.version_by_id(db, found["version_id"])
    assessments.load(db, actor, version["assessment_id"], version["number"])
    path = storage.instance / FOLDER / found["stored_name"]
    if not path.is_file():
        raise NotFound("The stored file is missing: ask an administrator to restore it from backup")
    with transaction(db):
        audit.record(
            db,
            actor,
            "attachment.download",
            object_type="assessment",
            object_id=version["assessment_id"],
            summary=f"Downloaded ‘{found['filename']}’ from {version['reference']} v{version['number']}",
            details={"attachment": attachment_id},
        )
    return Download(path=path, name=found["filename"], content_type=found["content_type"])
