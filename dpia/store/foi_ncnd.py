"""Systems an FOI request neither confirms nor denies holding anything about."""

from dpia.store.db import Database, now, rows


def for_request(db: Database, request_id: int) -> dict[int, str]:
    """Each NCND system's id with the exemption relied on."""
    found = rows(db, "SELECT system_id, exemption FROM foi_ncnd WHERE request_id = ?", [request_id])
    return {r["system_id"]: r["exemption"] for r in found}


def put(db: Database, request_id: int, system_id: int, exemption: str, who: str) -> None:
    """Neither confirm nor deny a system for a request, replacing any earlier section."""
    db.execute(
        "INSERT INTO foi_ncnd (request_id, system_id, exemption, created_at, created_by)"
        " VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (request_id, system_id) DO UPDATE SET exemption = excluded.exemption",
        [request_id, system_id, exemption, now(), who],
    )


def delete(db: Database, request_id: int, system_id: int) -> bool:
    """Answer a system again; False if it was not NCND."""
    sql = "DELETE FROM foi_ncnd WHERE request_id = ? AND system_id = ?"
    cursor = db.execute(sql, [request_id, system_id])
    return cursor.rowcount == 1


def references_for_system(db: Database, system_id: int) -> list[str]:
    """The references of the requests that neither confirm nor deny a system."""
    found = rows(
        db,
        "SELECT r.reference FROM foi_ncnd n JOIN foi_requests r ON r.id = n.request_id"
        " WHERE n.system_id = ? ORDER BY r.reference",
        [system_id],
    )
    return [r["reference"] for r in found]
