"""Monitoring datasets and their counts, stored as aggregates only."""

from dpia.store.db import Database, now, row, rows
from dpia.vocab import SENSITIVE

FIELDS = ("system_id", "title", "measure", "granularity", "breakdown", "source", "notes", "synthetic")


def insert(
    db: Database,
    record: dict,
    cells: dict[tuple[str, str], int],
    populations: dict[str, int],
    *,
    uploaded_by: str,
    file_sha256: str,
) -> int:
    """Store a validated dataset with its counts; call inside the use case's transaction."""
    values = {k: record[k] for k in FIELDS}
    values.update(uploaded_by=uploaded_by, uploaded_at=now(), file_sha256=file_sha256)
    dataset_id = db["monitoring_datasets"].insert(values).last_pk
    db["monitoring_counts"].insert_all(
        {"dataset_id": dataset_id, "period": period, "group_code": group, "count": count}
        for (period, group), count in cells.items()
    )
    db["monitoring_populations"].insert_all(
        {"dataset_id": dataset_id, "group_code": group, "population": n} for group, n in populations.items()
    )
    return dataset_id


def get(db: Database, dataset_id: int) -> dict | None:
    """One dataset with its system's name and marking, without counts."""
    return row(
        db,
        "SELECT d.*, s.name AS system_name, s.marking AS system_marking FROM monitoring_datasets d"
        " JOIN systems s ON s.id = d.system_id WHERE d.id = ?",
        [dataset_id],
    )


def counts(db: Database, dataset_id: int) -> dict[tuple[str, str], int]:
    """A dataset's counts keyed by (period, group)."""
    return {
        (r["period"], r["group_code"]): r["count"]
        for r in rows(
            db, "SELECT period, group_code, count FROM monitoring_counts WHERE dataset_id = ?", [dataset_id]
        )
    }


def populations(db: Database, dataset_id: int) -> dict[str, int]:
    """A dataset's population baseline per group, if one was given."""
    return {
        r["group_code"]: r["population"]
        for r in rows(
            db, "SELECT group_code, population FROM monitoring_populations WHERE dataset_id = ?", [dataset_id]
        )
    }


def for_system(db: Database, system_id: int) -> list[dict]:
    """A system's datasets, newest first, with the periods they cover."""
    return rows(
        db,
        "SELECT d.*, (SELECT min(period) FROM monitoring_counts c WHERE c.dataset_id = d.id) AS first_period,"
        " (SELECT max(period) FROM monitoring_counts c WHERE c.dataset_id = d.id) AS last_period"
        " FROM monitoring_datasets d WHERE d.system_id = ? ORDER BY d.uploaded_at DESC, d.id DESC",
        [system_id],
    )


def find_id(db: Database, system_id: int, title: str) -> int | None:
    """The id of a system's dataset with exactly this title, if any."""
    sql = "SELECT id FROM monitoring_datasets WHERE system_id = ? AND title = ?"
    found = row(db, sql, [system_id, title])
    return found["id"] if found else None


def listing(db: Database, *, see_sensitive: bool) -> list[dict]:
    """Every dataset the reader may see, with its system's name."""
    where, params = ("1 = 1", []) if see_sensitive else ("s.marking != ?", [SENSITIVE])
    return rows(
        db,
        "SELECT d.id, d.title, d.measure, d.breakdown, d.granularity, d.synthetic, d.uploaded_at,"
        f" s.id AS system_id, s.name AS system_name FROM monitoring_datasets d"
        f" JOIN systems s ON s.id = d.system_id WHERE {where} ORDER BY s.name_key, d.title",
        params,
    )


def delete(db: Database, dataset_id: int) -> None:
    """Remove a dataset and its counts."""
    db.execute("DELETE FROM monitoring_datasets WHERE id = ?", [dataset_id])


def periods(db: Database, dataset_id: int) -> list[str]:
    """The periods a dataset has counts for, in order."""
    sql = "SELECT DISTINCT period FROM monitoring_counts WHERE dataset_id = ? ORDER BY period"
    return [r["period"] for r in rows(db, sql, [dataset_id])]


def record_release(
    db: Database, released: dict, *, system_id: int, file_id: int | None, file: str, at: str, by: str
) -> int:
    """Record what a released file published, in the transaction that releases it; withheld without counts."""
    release_id = (
        db["monitoring_releases"]
        .insert(
            {
                "disclosure_file_id": file_id,
                "system_id": system_id,
                "dataset_id": released["dataset_id"],
                "measure": released["measure"],
                "breakdown": released["breakdown"],
                "file": file,
                "released_at": at,
                "released_by": by,
            }
        )
        .last_pk
    )
    db["monitoring_released_counts"].insert_all(
        {
            "release_id": release_id,
            "group_code": c["group_code"],
            "months": c["months"],
            "count": None if c["suppressed"] else c["count"],
            "suppressed": c["suppressed"],
        }
        for c in released["counts"]
    )
    return release_id


_RELEASED = (
    "SELECT DISTINCT r.measure, r.breakdown, c.group_code, c.months, c.count, c.suppressed,"
    " q.reference AS request_reference, r.file"
    " FROM monitoring_released_counts c JOIN monitoring_releases r ON r.id = c.release_id"
    " LEFT JOIN disclosure_files f ON f.id = r.disclosure_file_id"
    " LEFT JOIN disclosures d ON d.id = f.disclosure_id"
    " LEFT JOIN foi_requests q ON q.id = d.request_id"
    " WHERE r.system_id = ?"
)


def released_before(db: Database, system_id: int) -> list[dict]:
    """Every figure released about a system's monitoring, each once per request (or file) it went out in."""
    return rows(db, _RELEASED + " ORDER BY r.id", [system_id])


# Section 21 for released monitoring CSVs (issue 19): replaying a logged release exactly as it was made.


def released_earlier(db: Database, system_id: int, release_id: int) -> list[dict]:
    """What `released_before` gave just before a release was recorded: figures of earlier releases only."""
    # Releases are append-only and numbered in the order recorded, so a smaller id was recorded before.
    return rows(db, _RELEASED + " AND r.id < ? ORDER BY r.id", [system_id, release_id])


def releases_in(db: Database, disclosure_id: int, system_id: int) -> list[dict]:
    """The monitoring files of a system in one logged release (a pack, a publication), in the order made."""
    return rows(
        db,
        "SELECT r.id, r.dataset_id, r.measure, r.breakdown, r.file FROM monitoring_releases r"
        " JOIN disclosure_files f ON f.id = r.disclosure_file_id"
        " WHERE f.disclosure_id = ? AND r.system_id = ? ORDER BY r.id",
        [disclosure_id, system_id],
    )


def release_counts(db: Database, release_id: int) -> list[dict]:
    """The figures one release published, in the order recorded; a withheld one without its count."""
    return rows(
        db,
        "SELECT group_code, months, count, suppressed FROM monitoring_released_counts"
        " WHERE release_id = ? ORDER BY rowid",
        [release_id],
    )
