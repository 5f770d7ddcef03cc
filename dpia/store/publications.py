"""Publications: versions of systems' public records, published FOI responses, and their public files.

Nothing here is ever deleted: withdrawing sets `withdrawn_at`. The public pages read only through this
module, so what they show is exactly what a live publication holds.
"""

import json
from typing import cast

from dpia.records import Publication, PublicFile, PublishedResponse
from dpia.store.db import Database, row, rows

FILE_COLUMNS = (
    "path",
    "role",
    "title",
    "media_type",
    "sha256",
    "size",
    "version_id",
    "kind",
    "reference",
    "version_number",
    "conducted",
    "approved",
)
# A system's live publication: its newest, unless that one has been withdrawn.
_LIVE = (
    "SELECT p.* FROM publications p WHERE p.withdrawn_at IS NULL"
    " AND p.number = (SELECT MAX(number) FROM publications q WHERE q.system_id = p.system_id)"
)
# The same just before a moment (stored stamps are UTC ISO 8601 with seconds, so they compare as text).
_LIVE_UNTIL = (
    "SELECT p.* FROM publications p WHERE p.published_at < ?"
    " AND (p.withdrawn_at IS NULL OR p.withdrawn_at >= ?)"
    " AND p.number = (SELECT MAX(number) FROM publications q WHERE q.system_id = p.system_id"
    " AND q.published_at < ?)"
)


def _live(until: str | None) -> tuple[str, list]:
    """The live publications' query, now or just before `until`, and its parameters."""
    return (_LIVE, []) if until is None else (_LIVE_UNTIL, [until] * 3)


def _publication(found: dict | None) -> Publication | None:
    if found is None:
        return None
    return cast(Publication, {**found, "record": json.loads(found["record"])})


def next_number(db: Database, system_id: int) -> int:
    """The number the system's next publication takes: 1, 2, 3…"""
    found = row(db, "SELECT MAX(number) AS n FROM publications WHERE system_id = ?", [system_id])
    return (found["n"] or 0) + 1 if found else 1


def slug_of(db: Database, system_id: int) -> str | None:
    """The public address a system was first published under, if it ever was."""
    found = row(db, "SELECT slug FROM publications WHERE system_id = ? ORDER BY number LIMIT 1", [system_id])
    return found["slug"] if found else None


def slug_taken(db: Database, slug: str, system_id: int) -> bool:
    """Whether another system has ever been published under this address."""
    found = row(db, "SELECT 1 FROM publications WHERE slug = ? AND system_id != ? LIMIT 1", [slug, system_id])
    return found is not None


def insert(db: Database, publication: dict, files: list[dict]) -> int:
    """One publication and its files, in order; call inside the use case's transaction.

    `publication` holds the columns of `publications` but id and the withdrawal; `record` as a dict.
    """
    values = {**publication, "record": json.dumps(publication["record"], ensure_ascii=False)}
    publication_id = db["publications"].insert(values).last_pk
    _insert_files(db, "publication_id", publication_id, files)
    return publication_id


def _insert_files(db: Database, owner: str, owner_id: int, files: list[dict]) -> None:
    table = db["public_files"]
    for position, file in enumerate(files, 1):
        table.insert({owner: owner_id, "position": position, **{k: file.get(k) for k in FILE_COLUMNS}})


def get(db: Database, publication_id: int) -> Publication | None:
    """One publication, live or not."""
    return _publication(row(db, "SELECT * FROM publications WHERE id = ?", [publication_id]))


def live(db: Database, system_id: int, until: str | None = None) -> Publication | None:
    """The system's live publication (now, or just before `until`), or None when it had none or its newest
    was withdrawn."""
    sql, params = _live(until)
    return _publication(row(db, f"{sql} AND p.system_id = ?", [*params, system_id]))


def live_by_slug(db: Database, slug: str) -> Publication | None:
    """The live publication at a public address."""
    return _publication(row(db, f"{_LIVE} AND p.slug = ?", [slug]))


def all_live(db: Database) -> list[Publication]:
    """Every system's live publication, by category then name."""
    found = rows(db, f"{_LIVE} ORDER BY p.category, p.name COLLATE NOCASE, p.id")
    return [cast(Publication, _publication(f)) for f in found]


def history(db: Database, system_id: int) -> list[Publication]:
    """Every publication of a system, newest first, withdrawn ones included."""
    found = rows(db, "SELECT * FROM publications WHERE system_id = ? ORDER BY number DESC", [system_id])
    return [cast(Publication, _publication(f)) for f in found]


def withdraw(db: Database, publication_id: int, by: str, at: str, reason: str) -> None:
    """Mark a publication withdrawn; call inside the use case's transaction."""
    db["publications"].update(
        publication_id, {"withdrawn_at": at, "withdrawn_by": by, "withdrawn_reason": reason}
    )


def files(db: Database, publication_id: int) -> list[PublicFile]:
    """A publication's files, in order."""
    found = rows(
        db, "SELECT * FROM public_files WHERE publication_id = ? ORDER BY position", [publication_id]
    )
    return cast(list[PublicFile], found)


def response_files(db: Database, response_id: int) -> list[PublicFile]:
    """A published response's files, in order."""
    found = rows(db, "SELECT * FROM public_files WHERE response_id = ? ORDER BY position", [response_id])
    return cast(list[PublicFile], found)


def content(db: Database, sha256: str) -> bytes | None:
    """The bytes of a public file, kept once by hash with disclosed documents."""
    found = row(db, "SELECT content FROM disclosed_content WHERE sha256 = ?", [sha256])
    return found["content"] if found else None


def live_versions(
    db: Database, version_ids: list[int], until: str | None = None
) -> dict[int, tuple[Publication, PublicFile]]:
    """For each of these assessment versions whose disclosure copy a live publication holds (now, or just
    before `until`): that publication and file."""
    marks = ", ".join("?" for _ in version_ids) or "NULL"
    sql, params = _live(until)
    found = rows(
        db,
        f"SELECT f.id AS file_id, p.id AS publication_id, f.version_id FROM public_files f"
        f" JOIN ({sql}) p ON p.id = f.publication_id WHERE f.version_id IN ({marks})",
        [*params, *version_ids],
    )
    result: dict[int, tuple[Publication, PublicFile]] = {}
    for item in found:
        publication = get(db, item["publication_id"])
        file = cast(PublicFile, row(db, "SELECT * FROM public_files WHERE id = ?", [item["file_id"]]))
        if publication is not None:
            result[item["version_id"]] = (publication, file)
    return result


def insert_response(db: Database, response: dict, files: list[dict]) -> int:
    """One published response and its files; call inside the use case's transaction."""
    response_id = db["published_responses"].insert(response).last_pk
    _insert_files(db, "response_id", response_id, files)
    return response_id


def response(db: Database, response_id: int) -> PublishedResponse | None:
    """One published response, live or withdrawn."""
    found = row(db, "SELECT * FROM published_responses WHERE id = ?", [response_id])
    return cast(PublishedResponse, found) if found else None


def responses_of_request(db: Database, request_id: int) -> list[PublishedResponse]:
    """Every publication of a request's response, newest first, withdrawn ones included."""
    found = rows(db, "SELECT * FROM published_responses WHERE request_id = ? ORDER BY id DESC", [request_id])
    return cast(list[PublishedResponse], found)


def live_responses(db: Database) -> list[PublishedResponse]:
    """Published responses not withdrawn, newest response first."""
    found = rows(
        db,
        "SELECT * FROM published_responses WHERE withdrawn_at IS NULL ORDER BY responded DESC, id DESC",
    )
    return cast(list[PublishedResponse], found)


def withdraw_response(db: Database, response_id: int, by: str, at: str, reason: str) -> None:
    """Take a response out of the public disclosure log; call inside the use case's transaction."""
    db["published_responses"].update(
        response_id, {"withdrawn_at": at, "withdrawn_by": by, "withdrawn_reason": reason}
    )
