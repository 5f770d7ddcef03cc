"""The disclosure log: every disclosure copy and response pack released, with what it held and its hashes."""

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from dpia.actor import Actor
from dpia.errors import Forbidden
from dpia.records import FoiRequest, Version
from dpia.services.accounts import audit
from dpia.services.monitoring import datasets as monitoring
from dpia.store import disclosures as store
from dpia.store.db import Database, now, transaction

CSV_COLUMNS = (
    "disclosure",
    "disclosed_at",
    "disclosed_by",
    "request",
    "what",
    "release_file",
    "release_sha256",
    "path",
    "sha256",
    "bytes",
    "role",
    "system",
    "assessment",
    "version",
    "reused_from_disclosure",
)


def sha256(content: bytes) -> str:
    """The hex SHA-256 of some bytes, as the log and manifests record it."""
    return hashlib.sha256(content).hexdigest()


def fingerprint(marks: list[dict]) -> str:
    """What a set of marks withholds, as a short hash: equal fingerprints mean equal withholding."""
    keys = sorted(
        json.dumps([m["target"], m["passage"], m["exemption"], m["subsection"], m["other"]]) for m in marks
    )
    return sha256("\n".join(keys).encode())[:16]


@dataclass(frozen=True)
class LoggedFile:
    """One file of a release."""

    path: str
    content: bytes
    role: str  # assessment, register, schedule, manifest, or a contributor's name
    system_id: int | None = None
    version: Version | None = None
    marks: str = ""
    reused_from: int | None = None
    # Assessment documents are kept, so a later request can be sent exactly the same file.
    keep: bool = False
    # Systems a schedule covers: the log holds one line per system, so each system's page can say so.
    covers: tuple[int, ...] = ()
    # What the file is, for the pack's manifest when the role and version do not say (a dataset's title).
    description: str = ""
    # A released monitoring table's figures, kept so later releases are checked against them.
    figures: dict | None = None


def unused_name(db: Database, stem: str, extension: str) -> str:
    """The first of stem.ext, stem-2.ext, stem-3.ext… that no release in the log is named.

    Call inside the transaction that records the release, so two builds at once cannot take the same name.
    """
    # Compared without case: Windows and macOS folders would put FOI-855a and FOI-855A in one file.
    taken = {name.casefold() for name in store.filenames_like(db, stem)}
    name, number = f"{stem}{extension}", 2
    while name.casefold() in taken:
        name, number = f"{stem}-{number}{extension}", number + 1
    return name


def record(
    db: Database,
    actor: Actor,
    *,
    request: FoiRequest | None,
    what: str,
    filename: str,
    content: bytes,
    files: list[LoggedFile],
    at: datetime | None = None,
) -> int:
    """Log a release; call inside the use case's transaction. `at` back-dates a release made earlier."""
    stamp = at.isoformat(timespec="seconds") if at else now()
    rows, figures = [], []
    for file in files:
        digest = sha256(file.content)
        if file.keep:
            store.keep_content(db, digest, file.content)
        version = file.version or {}
        for system_id in file.covers or (file.system_id or version.get("system_id"),):
            rows.append(
                {
                    "path": file.path,
                    "sha256": digest,
                    "size": len(file.content),
                    "role": file.role,
                    "system_id": system_id,
                    "version_id": version.get("id"),
                    "reference": version.get("reference", ""),
                    "version_number": version.get("number"),
                    "marks": file.marks,
                    "reused_from": file.reused_from,
                }
            )
        if file.figures is not None:
            figures.append((len(rows) - 1, file))
    entry = {
        "request_id": request["id"] if request else None,
        "what": what,
        "filename": filename,
        "sha256": sha256(content),
        "size": len(content),
        "disclosed_at": stamp,
        "disclosed_by": actor.email,
    }
    disclosure_id, ids = store.insert(db, entry, rows)
    for index, file in figures:
        # In the transaction that logs the release: the figures are kept exactly when the file is logged.
        monitoring.record_figures(db, actor, rows[index]["system_id"], file.figures, file.path, ids[index])
    under = f"under {request['reference']}" if request else "without a request"
    audit.record(
        db,
        actor,
        f"disclosure.{what}",
        object_type="foi_request" if request else "",
        object_id=request["id"] if request else "",
        summary=f"Disclosed {filename} {under}",
        details={"disclosure": disclosure_id, "sha256": entry["sha256"], "files": len(files)},
    )
    return disclosure_id


def _require_reader(actor: Actor) -> None:
    if not actor.may("read_disclosure_log"):
        raise Forbidden("Only administrators and FOI officers can read the disclosure log")


# What the log says in place of anything about a system the reader may not see.
HIDDEN_SYSTEM = "a system you may not see"
HIDDEN_RELEASE = "A file about a system you may not see"
_UNNAMED = {"filename": HIDDEN_RELEASE, "release_sha256": ""}
# Fields of a logged file that name, reference or fingerprint what it holds.
_IDENTIFYING = ("path", "sha256", "size", "system_id", "version_id", "reference", "version_number", "marks")


def _shown(actor: Actor, file: dict) -> bool:
    return actor.sees(file["system_marking"], file["version_marking"])


def _for_reader(actor: Actor, file: dict) -> dict:
    """A logged file as this reader may know it: that it was released, and nothing naming a hidden system."""
    public = {k: v for k, v in file.items() if k not in ("system_marking", "version_marking")}
    if _shown(actor, file):
        return {**public, "hidden": False}
    blank = {key: None for key in _IDENTIFYING}
    return {**public, **blank, "system_name": HIDDEN_SYSTEM, "reused_from": None, "hidden": True}


def _release_for_reader(entry: dict, files: list[dict]) -> dict:
    """A release whose every file is hidden is named by none of them: its name and hash would say which."""
    hidden = sum(f["hidden"] for f in files)
    if files and hidden == len(files):
        entry = {**entry, **_UNNAMED, "sha256": ""}
        files = [{**f, **_UNNAMED} for f in files]
    return {**entry, "files": files, "hidden_files": hidden}


def entries(db: Database, actor: Actor, request_id: int | None = None) -> list[dict]:
    """Releases, newest first, each with its files; a file about a hidden system says only that it was."""
    _require_reader(actor)
    found = store.entries(db, request_id)
    files: dict[int, list[dict]] = {e["id"]: [] for e in found}
    for file in store.files(db, list(files)):
        files[file["disclosure_id"]].append(_for_reader(actor, file))
    return [_release_for_reader(e, files[e["id"]]) for e in found]


def for_versions(db: Database, version_ids: list[int]) -> dict[int, list[dict]]:
    """Disclosed files holding each version, newest first: "disclosed under 855A/22 on 14 June 2022"."""
    found: dict[int, list[dict]] = {v: [] for v in version_ids}
    for file in store.files_of_versions(db, version_ids):
        found[file["version_id"]].append(file)
    return found


# What a release held about a system, in words, for files not holding an assessment version.
FILE_LABELS = {
    "schedule": "schedule entry",
    "register": "register entry",
    "letter": "response letter",
    "letter_pdf": "response letter",
}


def for_system(db: Database, system_id: int, visible: set[int]) -> list[dict]:
    """Releases that held anything about a system, newest first, naming only versions in `visible`."""
    seen: dict[int, dict] = {}
    for file in store.files_of_system(db, system_id):
        if file["version_id"] and file["version_id"] not in visible:
            continue
        line = seen.setdefault(file["disclosure_id"], {**file, "items": []})
        if file["version_id"]:
            label = f"{file['reference']} version {file['version_number']}"
        else:
            label = FILE_LABELS.get(file["role"], file["path"])
        if label not in line["items"]:
            line["items"].append(label)
    return list(seen.values())


def reusable(db: Database, version: Version, marks: str) -> dict | None:
    """The first disclosed file of this version with the same withholding: what a copy sent again cites."""
    for file in reversed(store.files_of_versions(db, [version["id"]])):
        if file["marks"] == marks and file["role"] == "assessment":
            return file
    return None


def export_csv(db: Database, actor: Actor) -> Iterator[str]:
    """The whole log as CSV, one line per file released, oldest first; the download itself is audited."""
    _require_reader(actor)
    with transaction(db):
        audit.record(db, actor, "disclosure_log.export", summary="Downloaded the disclosure log as CSV")
    return _csv_lines(db, actor)


def _csv_lines(db: Database, actor: Actor) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    reused: dict[int, int] = {}
    files = store.files(db)
    named = {f["disclosure_id"] for f in files if _shown(actor, f)}
    for file in files:
        reused[file["id"]] = file["disclosure_id"]
        shown = _for_reader(actor, file)
        if file["disclosure_id"] not in named:
            shown = {**shown, **_UNNAMED}
        writer.writerow(_csv_row(shown, reused))
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_row(file: dict, reused: dict[int, int]) -> list:
    origin = reused.get(file["reused_from"], "") if file["reused_from"] else ""
    values = [
        file["disclosure_id"],
        file["disclosed_at"],
        file["disclosed_by"],
        file["request_reference"] or "",
        file["what"],
        file["filename"],
        file["release_sha256"],
        file["path"] or "",
        file["sha256"] or "",
        file["size"] if file["size"] is not None else "",
        file["role"],
        file["system_name"] or "",
        file["reference"] or "",
        file["version_number"] or "",
        origin,
    ]
    # Spreadsheets run cells that start with these as formulas.
    return ["'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in values]
