"""Reasons for the exemptions an FOI response relies on, written per request."""

from dpia.store.db import Database, now, row, rows

TEXTS = ("why", "harm", "favour", "against", "balance")


def for_request(db: Database, request_id: int) -> dict[str, dict]:
    """A request's reasons by their key."""
    found = rows(db, "SELECT * FROM foi_reasons WHERE request_id = ?", [request_id])
    return {r["reason_key"]: r for r in found}


def latest_elsewhere(db: Database, request_id: int, reason_key: str) -> dict | None:
    """The reason most recently written for the same exemption in another request, with its reference."""
    return row(
        db,
        "SELECT r.*, f.reference FROM foi_reasons r JOIN foi_requests f ON f.id = r.request_id"
        " WHERE r.reason_key = ? AND r.request_id != ? ORDER BY r.updated_at DESC, r.id DESC LIMIT 1",
        [reason_key, request_id],
    )


def save(db: Database, request_id: int, values: dict, revision: int | None, who: str) -> bool:
    """Write a request's reason: insert when `revision` is None, else update unless saved since."""
    stamp = now()
    record = {k: values.get(k, "") for k in (*TEXTS, "reason_key", "exemption", "other", "started_from")}
    record["qualified"] = int(bool(values.get("qualified")))
    if revision is None:
        record.update(request_id=request_id, created_at=stamp, created_by=who)
        record.update(updated_at=stamp, updated_by=who)
        db["foi_reasons"].insert(record)
        return True
    record.update(updated_at=stamp, updated_by=who)
    assignments = ", ".join(f"{column} = :{column}" for column in record)
    cursor = db.execute(
        f"UPDATE foi_reasons SET {assignments}, revision = revision + 1"
        " WHERE request_id = :request AND reason_key = :reason_key AND revision = :rev",
        {**record, "request": request_id, "rev": revision},
    )
    return cursor.rowcount == 1
