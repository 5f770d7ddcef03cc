"""The whole register as the compliance checks read it, loaded in three queries; callers filter findings."""

import json
from typing import cast

from dpia.records import System
from dpia.store.db import Database, rows


def systems(db: Database) -> list[System]:
    """Every system, by name."""
    return cast(list[System], rows(db, "SELECT * FROM systems ORDER BY name_key"))


def versions(db: Database) -> list[dict]:
    """Every version, with its assessment's and system's details and its answers decoded."""
    found = rows(
        db,
        "SELECT v.id, v.assessment_id, v.number, v.definition_version, v.status, v.title, v.marking,"
        " v.approved, v.review_due, v.answers, a.system_id, a.kind, a.reference, s.name AS system_name,"
        " s.category AS system_category, s.marking AS system_marking FROM assessment_versions v"
        " JOIN assessments a ON a.id = v.assessment_id JOIN systems s ON s.id = a.system_id"
        " ORDER BY a.system_id, a.kind, a.reference, v.number",
    )
    for version in found:
        version["answers"] = json.loads(version["answers"])
    return found


def datasets(db: Database) -> list[dict]:
    """Every monitoring dataset, with the last period it covers."""
    return rows(
        db,
        "SELECT d.id, d.system_id, d.title, (SELECT max(period) FROM monitoring_counts c"
        " WHERE c.dataset_id = d.id) AS last_period FROM monitoring_datasets d",
    )
