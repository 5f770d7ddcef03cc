"""The whole register as the compliance checks read it, loaded in three queries."""

import json
from typing import cast

from dpia.records import System
from dpia.store.db import Database, rows
from dpia.vocab import SENSITIVE


def systems(db: Database, see_sensitive: bool) -> list[System]:
    """Every system the reader may see, by name."""
    where, params = ("1 = 1", []) if see_sensitive else ("marking != ?", [SENSITIVE])
    return cast(list[System], rows(db, f"SELECT * FROM systems WHERE {where} ORDER BY name_key", params))


def versions(db: Database, see_sensitive: bool) -> list[dict]:
    """Every version the reader may see, with its assessment's and system's details and decoded answers."""
    hidden = "" if see_sensitive else " AND v.marking != ? AND s.marking != ?"
    found = rows(
        db,
        "SELECT v.id, v.assessment_id, v.number, v.definition_version, v.status, v.title, v.marking,"
        " v.approved, v.review_due, v.answers, a.system_id, a.kind, a.reference, s.name AS system_name,"
        " s.category AS system_category, s.marking AS system_marking FROM assessment_versions v"
        " JOIN assessments a ON a.id = v.assessment_id JOIN systems s ON s.id = a.system_id"
        f" WHERE 1 = 1{hidden} ORDER BY a.system_id, a.kind, a.reference, v.number",
        [] if see_sensitive else [SENSITIVE, SENSITIVE],
    )
    for version in found:
        version["answers"] = json.loads(version["answers"])
    return found


def datasets(db: Database, see_sensitive: bool) -> list[dict]:
    """Every monitoring dataset the reader may see, with the last period it covers."""
    where, params = ("1 = 1", []) if see_sensitive else ("s.marking != ?", [SENSITIVE])
    return rows(
        db,
        "SELECT d.id, d.system_id, d.title, (SELECT max(period) FROM monitoring_counts c"
        " WHERE c.dataset_id = d.id) AS last_period FROM monitoring_datasets d"
        f" JOIN systems s ON s.id = d.system_id WHERE {where}",
        params,
    )
