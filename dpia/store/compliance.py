"""The register as the compliance checks read it (whole, or one system's part), in three queries."""

import json
from typing import cast

from dpia.records import System
from dpia.store.db import Database, rows


def systems(db: Database, system_id: int | None = None) -> list[System]:
    """Every system by name, or only the one asked for."""
    where, params = _one("id", system_id)
    return cast(list[System], rows(db, f"SELECT * FROM systems{where} ORDER BY name_key", params))


def versions(db: Database, system_id: int | None = None) -> list[dict]:
    """Every version (or one system's), with its assessment's and system's details and answers decoded."""
    where, params = _one("a.system_id", system_id)
    found = rows(
        db,
        "SELECT v.id, v.assessment_id, v.number, v.definition_version, v.status, v.title, v.marking,"
        " v.approved, v.review_due, v.answers, a.system_id, a.kind, a.reference, s.name AS system_name,"
        " s.category AS system_category, s.marking AS system_marking FROM assessment_versions v"
        " JOIN assessments a ON a.id = v.assessment_id JOIN systems s ON s.id = a.system_id"
        f"{where} ORDER BY a.system_id, a.kind, a.reference, v.number",
        params,
    )
    for version in found:
        version["answers"] = json.loads(version["answers"])
    return found


def datasets(db: Database, system_id: int | None = None) -> list[dict]:
    """Every monitoring dataset (or one system's), with the last period it covers."""
    where, params = _one("d.system_id", system_id)
    return rows(
        db,
        "SELECT d.id, d.system_id, d.title, (SELECT max(period) FROM monitoring_counts c"
        f" WHERE c.dataset_id = d.id) AS last_period FROM monitoring_datasets d{where}",
        params,
    )


def _one(column: str, system_id: int | None) -> tuple[str, list]:
    """A WHERE clause narrowing to one system, or none."""
    return ("", []) if system_id is None else (f" WHERE {column} = ?", [system_id])
