"""Publishing a released FOI response in the public disclosure log, and withdrawing it.

What is published is the request's latest released pack, as kept when it was released: the files the officer
chooses (never the manifest), byte for byte, under a public subject. Withholding may have grown since the
release, so every chosen file and the subject are checked again against what is withheld now, and a subject
naming a system the request neither confirms nor denies, or an OFFICIAL-SENSITIVE one, is refused.
"""

import io
import mimetypes
import zipfile
from dataclasses import dataclass, field

from dpia.actor import Actor
from dpia.domain import leaks, transparency
from dpia.errors import Forbidden, Invalid
from dpia.records import FoiRequest, PublishedResponse
from dpia.services.accounts import audit
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import packs, sweep, withholding
from dpia.services.disclosure import requests as foi
from dpia.services.disclosure.log import LoggedFile
from dpia.store import disclosures as disclosure_store
from dpia.store import foi_ncnd
from dpia.store import publications as store
from dpia.store import systems as system_store
from dpia.store.db import Database, now, transaction

SUBJECT_LIMIT = 200
REASON_LIMIT = 1000
SENSITIVE = "OFFICIAL-SENSITIVE"
# Roles of a pack's files that may be published, in the order the form offers them.
ROLES = ("letter", "letter_pdf", "schedule", "assessment", "assessment_pdf", "monitoring_data", "note")
PUBLIC_ROLES = {"letter_pdf": "letter", "assessment_pdf": "assessment"}


@dataclass
class PackFile:
    """One file of a released pack that may be published."""

    path: str
    role: str
    content: bytes


@dataclass
class State:
    """What the request page shows of the response in the public disclosure log."""

    request: FoiRequest
    pack: dict | None
    files: list[PackFile] = field(default_factory=list)
    live: PublishedResponse | None = None
    history: list[PublishedResponse] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The live published response's public address, below the site root."""
        return transparency.ROOT + transparency.response_path(self.live["id"]) if self.live else ""


def _may(actor: Actor) -> None:
    if not actor.may("publish_responses"):
        raise Forbidden("Only FOI officers can publish responses in the disclosure log")


def state(db: Database, actor: Actor, request_id: int) -> State:
    """A request's latest released pack, its files, and its published response, live or withdrawn."""
    _may(actor)
    request = foi.get(db, actor, request_id)
    packs_released = [e for e in disclosure_store.entries(db, request_id) if e["what"] == "pack"]
    pack = packs_released[0] if packs_released else None
    history = store.responses_of_request(db, request_id)
    live = next((r for r in history if r["withdrawn_at"] is None), None)
    return State(request, pack, _pack_files(db, pack) if pack else [], live, history)


def _pack_files(db: Database, pack: dict) -> list[PackFile]:
    """The pack's files as released, from its kept zip; none if the zip was not kept."""
    content = store.content(db, pack["sha256"])
    if content is None:
        return []
    roles = {f["path"]: f["role"] for f in disclosure_store.files(db, [pack["id"]])}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        found = [
            PackFile(name, roles.get(name, ""), archive.read(name))
            for name in archive.namelist()
            if name != packs.MANIFEST and roles.get(name) in ROLES
        ]
    return sorted(found, key=lambda f: (ROLES.index(f.role), f.path))


def publish(db: Database, actor: Actor, request_id: int, subject: str, paths: list[str]) -> int:
    """Put a request's latest released pack in the public disclosure log: the published response's id."""
    found = state(db, actor, request_id)
    request = found.request
    subject = " ".join((subject or "").split())
    if found.pack is None:
        raise Invalid({"publication": "The response has not been released yet: make its response pack first"})
    if not request.get("responded"):
        raise Invalid({"publication": "Record the response as sent before publishing it"})
    if found.live is not None:
        raise Invalid(
            {"publication": "The response is already published: withdraw it first to publish again"}
        )
    if not found.files:
        raise Invalid({"publication": "The released pack's files were not kept, so it cannot be published"})
    if not subject:
        raise Invalid({"subject": "Enter the public subject of the response"})
    if len(subject) > SUBJECT_LIMIT:
        raise Invalid({"subject": f"The public subject must be {SUBJECT_LIMIT} characters or fewer"})
    by_path = {f.path: f for f in found.files}
    unknown = [p for p in paths if p not in by_path]
    if unknown:
        raise Invalid({"files": "These are not files of the released pack: " + ", ".join(unknown)})
    if not paths:
        raise Invalid({"files": "Choose at least one file to publish"})
    chosen = [by_path[p] for p in dict.fromkeys(paths)]
    _check_names(db, actor, request, subject)
    _check_withheld(db, actor, request, subject, chosen)
    return _store(db, actor, request, found.pack, subject, chosen)


def _check_names(db: Database, actor: Actor, request: FoiRequest, subject: str) -> None:
    """A subject never names a system the request neither confirms nor denies, or a sensitive one."""
    ids = set(foi_ncnd.for_request(db, request["id"])) | set(request["system_ids"])
    folded = subject.casefold()
    for system_id in sorted(ids):
        system = system_store.get(db, system_id)
        if system is None:
            continue
        hidden = system_id in foi_ncnd.for_request(db, request["id"]) or system["marking"] == SENSITIVE
        names = [system["name"], *system["aliases"]]
        if hidden and any(n.strip() and n.casefold() in folded for n in names):
            raise Invalid(
                {
                    "subject": "The public subject names a system this response neither confirms nor denies"
                    " or that is OFFICIAL-SENSITIVE: leave it out"
                }
            )


def _check_withheld(
    db: Database, actor: Actor, request: FoiRequest, subject: str, chosen: list[PackFile]
) -> None:
    """Refuse when the subject or a chosen file holds a string withheld now, as a pack would be refused."""
    planned = packs.plan(db, actor, request, earlier=True, strict=False)
    systems = packs.current_systems(db, actor, request, strict=False)
    dropped = withholding.dropped(db, request["id"])
    ids = sorted({s["id"] for s in systems} | {p.version["system_id"] for p in planned})
    passages = withholding.passage_marks(db, ids, dropped)
    withheld = sweep.withheld(db, [p.version for p in planned], systems, passages, dropped)
    files = {"public subject": subject.encode(), **{f.path: f.content for f in chosen}}
    found = leaks.find(files, withheld.items)
    if found:
        where = "; ".join(f"{leak.item.on} ({leak.item.citation}) in {leak.where()}" for leak in found)
        raise Invalid(
            {"publication": f"This would publish text withheld now, so nothing was published: {where}"}
        )


def _store(
    db: Database, actor: Actor, request: FoiRequest, pack: dict, subject: str, chosen: list[PackFile]
) -> int:
    rows = []
    for file in chosen:
        digest = disclosure_log.sha256(file.content)
        rows.append(
            {
                "path": file.path.rsplit("/", 1)[-1],
                "role": PUBLIC_ROLES.get(file.role, file.role),
                "title": file.path,
                "media_type": mimetypes.guess_type(file.path)[0] or "application/octet-stream",
                "sha256": digest,
                "size": len(file.content),
                "kind": "",
                "reference": "",
            }
        )
    _unique_names(rows)
    with transaction(db):
        response_id = store.insert_response(
            db,
            {
                "request_id": request["id"],
                "disclosure_id": pack["id"],
                "reference": request["reference"],
                "subject": subject,
                "responded": request["responded"],
                "published_at": now(),
                "published_by": actor.email,
            },
            rows,
        )
        # Publishing to the world is a release of its own: logged (bytes kept by hash) beside the pack's.
        listing = "\n".join(f"{r['sha256']}  {r['path']}" for r in rows).encode()
        disclosure_log.record(
            db,
            actor,
            request=request,
            what="publication",
            filename=f"disclosure-log-{pack['filename']}",
            content=listing,
            files=[
                LoggedFile(r["path"], f.content, r["role"], keep=True, description=f"Published {f.path}")
                for r, f in zip(rows, chosen, strict=True)
            ],
        )
        audit.record(
            db,
            actor,
            "foi.response_published",
            object_type="foi_request",
            object_id=request["id"],
            summary=f"Published the response to {request['reference']} in the disclosure log",
            details={
                "published_response": response_id,
                "pack": pack["id"],
                "files": [{"path": r["path"], "sha256": r["sha256"]} for r in rows],
            },
        )
    return response_id


def _unique_names(rows: list[dict]) -> None:
    """File names without folders, unique within the response: a second `x.docx` becomes `x-2.docx`."""
    from dpia.services.disclosure.exports import file_name

    seen: set[str] = set()
    for item in rows:
        name, stem, count = file_name(item["path"]), item["path"].rsplit(".", 1), 1
        while name in seen:
            count += 1
            name = file_name(f"{stem[0]}-{count}" + (f".{stem[1]}" if len(stem) > 1 else ""))
        seen.add(name)
        item["path"] = name


def withdraw(db: Database, actor: Actor, request_id: int, reason: str) -> None:
    """Take a request's published response out of the disclosure log, keeping the history."""
    found = state(db, actor, request_id)
    reason = " ".join((reason or "").split())
    if found.live is None:
        raise Invalid({"publication": "The response is not published in the disclosure log"})
    if not reason:
        raise Invalid({"reason": "Enter why the response is being withdrawn"})
    if len(reason) > REASON_LIMIT:
        raise Invalid({"reason": f"The reason must be {REASON_LIMIT} characters or fewer"})
    with transaction(db):
        store.withdraw_response(db, found.live["id"], actor.email, now(), reason)
        audit.record(
            db,
            actor,
            "foi.response_withdrawn",
            object_type="foi_request",
            object_id=request_id,
            summary=f"Withdrew the response to {found.request['reference']} from the disclosure log",
            details={"published_response": found.live["id"], "reason": reason},
        )
