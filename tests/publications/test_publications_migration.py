"""Migration 0024: the disclosure log accepts publications, still refuses anything else, keeps its guards."""

import sqlite3

import pytest


def _entry(what):
    return {
        "what": what,
        "filename": "x.json",
        "sha256": "0" * 64,
        "size": 1,
        "disclosed_at": "2024-01-01T00:00:00",
        "disclosed_by": "a@example.org",
    }


def test_the_log_accepts_a_publication_and_nothing_unknown_and_stays_append_only(db):
    entry_id = db["disclosures"].insert(_entry("publication")).last_pk
    with pytest.raises(sqlite3.IntegrityError):
        db["disclosures"].insert(_entry("leaflet"))
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("DELETE FROM disclosures WHERE id = ?", [entry_id])
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
