"""Stock wording per FOIA exemption, every save kept as a new version."""

from dpia.domain.wording import FIELDS
from dpia.store.db import Database, now, row, rows


def latest(db: Database, exemption: str) -> dict | None:
    """The newest version of an exemption's wording, or None if it was never saved."""
    return row(
        db,
        "SELECT * FROM exemption_wording WHERE exemption = ? ORDER BY version DESC LIMIT 1",
        [exemption],
    )


def history(db: Database, exemption: str) -> list[dict]:
    """Every version of an exemption's wording, newest first."""
    return rows(db, "SELECT * FROM exemption_wording WHERE exemption = ? ORDER BY version DESC", [exemption])


def latest_each(db: Database) -> dict[str, dict]:
    """The newest version of every exemption that has one: exemption -> row."""
    found = rows(
        db,
        """SELECT w.* FROM exemption_wording w
           JOIN (SELECT exemption, MAX(version) AS version FROM exemption_wording GROUP BY exemption) m
           USING (exemption, version)""",
    )
    return {r["exemption"]: r for r in found}


def insert(db: Database, exemption: str, values: dict, who: str) -> int:
    """Store a new version of an exemption's wording; return its version number."""
    found = row(
        db,
        "SELECT COALESCE(MAX(version), 0) + 1 AS next FROM exemption_wording WHERE exemption = ?",
        [exemption],
    )
    version = found["next"] if found else 1
    db["exemption_wording"].insert(
        {
            "exemption": exemption,
            "version": version,
            **{key: values.get(key, "") for key in FIELDS},
            "created_at": now(),
            "created_by": who,
        }
    )
    return version
