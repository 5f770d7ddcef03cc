"""The disclosure log: each release, the files in it, and the bytes of disclosed assessment documents."""

from dpia.store.db import Database, row, rows

FILE_COLUMNS = (
    "path",
    "sha256",
    "size",
    "role",
    "system_id",
    "version_id",
    "reference",
    "version_number",
    "marks",
    "reused_from",
)


def insert(db: Database, entry: dict, files: list[dict]) -> tuple[int, list[int]]:
    """One release and its files; `entry` holds request_id, what, filename, sha256, size, when and who.

    Returns the release's id and the id of each file line, in order.
    """
    disclosure_id = db["disclosures"].insert(entry).last_pk
    table = db["disclosure_files"]
    ids = [
        table.insert({"disclosure_id": disclosure_id, **{k: f.get(k) for k in FILE_COLUMNS}}).last_pk
        for f in files
    ]
    return disclosure_id, ids


def filenames_like(db: Database, prefix: str) -> set[str]:
    """Names of releases that begin with `prefix`."""
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    found = rows(db, "SELECT filename FROM disclosures WHERE filename LIKE ? ESCAPE '\\'", [pattern])
    return {r["filename"] for r in found}


def keep_content(db: Database, sha256: str, content: bytes) -> None:
    """Store a disclosed document's bytes once, by hash."""
    db.execute("INSERT OR IGNORE INTO disclosed_content (sha256, content) VALUES (?, ?)", [sha256, content])


_ENTRY = (
    "SELECT d.*, r.reference AS request_reference FROM disclosures d"
    " LEFT JOIN foi_requests r ON r.id = d.request_id"
)
_FILE = (
    "SELECT f.*, d.disclosed_at, d.disclosed_by, d.request_id, d.what, d.filename,"
    " d.sha256 AS release_sha256, r.reference AS request_reference, s.name AS system_name,"
    " s.marking AS system_marking, v.marking AS version_marking"
    " FROM disclosure_files f JOIN disclosures d ON d.id = f.disclosure_id"
    " LEFT JOIN foi_requests r ON r.id = d.request_id LEFT JOIN systems s ON s.id = f.system_id"
    " LEFT JOIN assessment_versions v ON v.id = f.version_id"
)


def entries(db: Database, request_id: int | None = None) -> list[dict]:
    """Releases, newest first, optionally for one request."""
    if request_id is None:
        return rows(db, f"{_ENTRY} ORDER BY d.disclosed_at DESC, d.id DESC")
    return rows(db, f"{_ENTRY} WHERE d.request_id = ? ORDER BY d.disclosed_at DESC, d.id DESC", [request_id])


def files(db: Database, disclosure_ids: list[int] | None = None) -> list[dict]:
    """Files of some releases (all when None), oldest first."""
    if disclosure_ids is None:
        return rows(db, f"{_FILE} ORDER BY d.disclosed_at, f.id")
    marks = ", ".join("?" for _ in disclosure_ids) or "NULL"
    return rows(db, f"{_FILE} WHERE f.disclosure_id IN ({marks}) ORDER BY f.id", disclosure_ids)


def files_of_versions(db: Database, version_ids: list[int]) -> list[dict]:
    """Every disclosed file holding one of these versions, newest first."""
    marks = ", ".join("?" for _ in version_ids) or "NULL"
    return rows(
        db, f"{_FILE} WHERE f.version_id IN ({marks}) ORDER BY d.disclosed_at DESC, f.id DESC", version_ids
    )


def files_of_system(db: Database, system_id: int) -> list[dict]:
    """Every disclosed file about a system (its register entry or its assessments), newest first."""
    return rows(
        db, f"{_FILE} WHERE f.system_id = ? ORDER BY d.disclosed_at DESC, d.id DESC, f.id", [system_id]
    )


def file(db: Database, file_id: int) -> dict | None:
    """One disclosed file."""
    return row(db, f"{_FILE} WHERE f.id = ?", [file_id])
