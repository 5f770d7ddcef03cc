"""FOI requests and the systems each one covers."""

from typing import cast

from dpia.records import FoiEvent, FoiRequest
from dpia.store.db import Database, now, row, rows

FIELDS = ("reference", "subject", "received", "due", "status", "responded", "notes", "as_at")


def reference_key(reference: str) -> str:
    """The form of a request reference kept unique: case and spacing ignored."""
    return "".join(reference.split()).casefold()


def find_id(db: Database, reference: str) -> int | None:
    """The id of the request with this reference, if any."""
    found = row(db, "SELECT id FROM foi_requests WHERE reference_key = ?", [reference_key(reference)])
    return found["id"] if found else None


def insert(db: Database, values: dict, system_ids: list[int], who: str) -> int:
    """A new request covering `system_ids`."""
    stamp = now()
    record = {k: values.get(k) for k in FIELDS}
    record.update(
        reference_key=reference_key(values["reference"]),
        revision=1,
        created_at=stamp,
        created_by=who,
        updated_at=stamp,
        updated_by=who,
    )
    request_id = db["foi_requests"].insert(record).last_pk
    _write_scope(db, request_id, system_ids)
    return request_id


def update(
    db: Database, request_id: int, revision: int, values: dict, system_ids: list[int], who: str
) -> bool:
    """Overwrite a request unless someone saved since `revision`; False if they did."""
    record = {k: values.get(k) for k in FIELDS}
    record.update(reference_key=reference_key(values["reference"]), updated_at=now(), updated_by=who)
    assignments = ", ".join(f"{column} = :{column}" for column in record)
    cursor = db.execute(
        f"UPDATE foi_requests SET {assignments}, revision = revision + 1 WHERE id = :id AND revision = :rev",
        {**record, "id": request_id, "rev": revision},
    )
    if cursor.rowcount != 1:
        return False
    _write_scope(db, request_id, system_ids)
    return True


def _write_scope(db: Database, request_id: int, system_ids: list[int]) -> None:
    # Systems kept keep how they came into scope (see foi_scope); new ones were chosen one by one.
    kept = ",".join(str(int(s)) for s in system_ids)
    db.execute(
        f"DELETE FROM foi_request_systems WHERE request_id = ? AND system_id NOT IN ({kept})", [request_id]
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO foi_request_systems (request_id, system_id) VALUES (?, ?)",
        [(request_id, s) for s in system_ids],
    )


def get(db: Database, request_id: int) -> FoiRequest | None:
    """One request with the ids of the systems in scope."""
    found = row(db, "SELECT * FROM foi_requests WHERE id = ?", [request_id])
    if found is not None:
        found["system_ids"] = [
            r["system_id"]
            for r in rows(db, "SELECT system_id FROM foi_request_systems WHERE request_id = ?", [request_id])
        ]
        found["events"] = events(db, request_id)
    return cast(FoiRequest | None, found)


def listing(db: Database, status: str = "") -> list[dict]:
    """Requests, newest received first, with how many systems each covers."""
    where, params = ("WHERE r.status = ?", [status]) if status else ("", [])
    return rows(
        db,
        "SELECT r.*, (SELECT count(*) FROM foi_request_systems s WHERE s.request_id = r.id) AS systems"
        f" FROM foi_requests r {where} ORDER BY r.received DESC, r.id DESC",
        params,
    )


def for_system(db: Database, system_id: int) -> list[dict]:
    """Requests whose scope includes a system, newest first."""
    return rows(
        db,
        "SELECT r.* FROM foi_requests r JOIN foi_request_systems s ON s.request_id = r.id"
        " WHERE s.system_id = ? ORDER BY r.received DESC",
        [system_id],
    )


def events(db: Database, request_id: int) -> list[FoiEvent]:
    """A request's history, in the order things happened (ties kept in the order recorded)."""
    found = rows(db, "SELECT * FROM foi_events WHERE request_id = ? ORDER BY day, id", [request_id])
    return cast(list[FoiEvent], found)


def add_event(db: Database, request_id: int, event: dict, who: str) -> int:
    """Append one dated event to a request's history."""
    record = {
        "request_id": request_id,
        "kind": event["kind"],
        "day": event["day"],
        "outcome": event.get("outcome") or "",
        "new_due": event.get("new_due"),
        "reason": event.get("reason") or "",
        "recorded_at": now(),
        "recorded_by": who,
    }
    return db["foi_events"].insert(record).last_pk


def move(db: Database, request_id: int, revision: int, values: dict, who: str) -> bool:
    """Set a request's status, response date and due date unless someone saved since `revision`."""
    cursor = db.execute(
        "UPDATE foi_requests SET status = :status, responded = :responded, due = :due, updated_at = :at,"
        " updated_by = :who, revision = revision + 1 WHERE id = :id AND revision = :rev",
        {**values, "at": now(), "who": who, "id": request_id, "rev": revision},
    )
    return cursor.rowcount == 1
