"""Anchoring the audit chain's head outside the database, and the admin page's incremental check."""

import json
import sqlite3

import pytest

from dpia.store import audit as audit_store
from dpia.store.db import transaction


@pytest.fixture
def admin(visitor, make_user):
    """A visitor signed in as an administrator."""
    visitor.email = make_user("admin", email="auditor@example.org")
    assert visitor.sign_in(visitor.email).status_code == 302
    return visitor


def add_entries(db, how_many):
    with transaction(db):
        for number in range(how_many):
            audit_store.append(db, actor="someone@example.org", address="10.0.0.1", action=f"test.{number}")


def ids(db):
    return [r["id"] for r in db.query("SELECT id FROM audit_log ORDER BY id")]


def unguarded(app):
    """What someone with the database file could do: a connection with the append-only guards dropped."""
    conn = sqlite3.connect(app.config["DATABASE"])
    conn.row_factory = sqlite3.Row
    with conn:
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    return conn


def rewrite_and_recompute(app, entry_id):
    """Change one entry and re-hash it and every later entry, as an attacker who knows the scheme would."""
    conn = unguarded(app)
    with conn:
        conn.execute("UPDATE audit_log SET summary = 'nothing to see here' WHERE id = ?", [entry_id])
        prev = conn.execute("SELECT hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1", [entry_id])
        found = prev.fetchone()
        prev_hash = found["hash"] if found else audit_store.GENESIS
        for entry in conn.execute("SELECT * FROM audit_log WHERE id >= ? ORDER BY id", [entry_id]).fetchall():
            digest = audit_store._digest(prev_hash, dict(entry))
            conn.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [prev_hash, digest, entry["id"]]
            )
            prev_hash = digest
    conn.close()


def anchor_to(runner, path):
    result = runner.invoke(args=["audit", "anchor", "--out", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text())


def test_anchor_prints_the_chain_head(runner, db):
    add_entries(db, 3)
    result = runner.invoke(args=["audit", "anchor"])
    assert result.exit_code == 0, result.output
    head = json.loads(result.output)
    last = ids(db)[-1]
    assert (head["entries"], head["last_id"]) == (len(ids(db)), last)
    assert head["last_hash"] == db.execute("SELECT hash FROM audit_log WHERE id = ?", [last]).fetchone()[0]


def test_a_recomputed_chain_passes_the_plain_check_but_not_the_anchor(app, runner, db, tmp_path):
    add_entries(db, 5)
    anchor_file = tmp_path / "anchor.json"
    anchor_to(runner, anchor_file)
    assert runner.invoke(args=["audit", "verify", "--anchor", str(anchor_file)]).exit_code == 0
    rewrite_and_recompute(app, ids(db)[1])
    plain = runner.invoke(args=["audit", "verify"])
    assert plain.exit_code == 0, plain.output
    anchored = runner.invoke(args=["audit", "verify", "--anchor", str(anchor_file)])
    assert anchored.exit_code == 1
    assert f"Audit trail broken at entry {ids(db)[-1]}" in anchored.output
    assert "the chain was rewritten" in anchored.output


def test_deleting_the_last_entries_fails_against_the_anchor(app, runner, db, tmp_path):
    add_entries(db, 5)
    anchor_file = tmp_path / "anchor.json"
    anchor_to(runner, anchor_file)
    conn = unguarded(app)
    with conn:
        conn.execute("DELETE FROM audit_log WHERE id IN (?, ?)", ids(db)[-2:])
    conn.close()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    anchored = runner.invoke(args=["audit", "verify", "--anchor", str(anchor_file)])
    assert anchored.exit_code == 1
    assert "entries were deleted" in anchored.output


def test_entries_added_after_the_anchor_still_verify(runner, db, tmp_path):
    add_entries(db, 2)
    anchor_file = tmp_path / "anchor.json"
    anchor_to(runner, anchor_file)
    add_entries(db, 3)
    result = runner.invoke(args=["audit", "verify", "--anchor", str(anchor_file)])
    assert result.exit_code == 0, result.output
    assert "matches the anchor" in result.output


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "No anchor file at"),
        ("not json at all", "is not an audit anchor (not JSON)"),
        ('{"format": "something else"}', "is not an audit anchor written by"),
        (
            '{"format": "dpia-audit-anchor/1", "entries": -1, "last_id": 2, "last_hash": "x"}',
            "no valid entry",
        ),
    ],
)
def test_a_bad_anchor_file_is_refused_in_one_line(runner, tmp_path, content, message):
    path = tmp_path / "anchor.json"
    if content is not None:
        path.write_text(content)
    result = runner.invoke(args=["audit", "verify", "--anchor", str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_the_admin_page_remembers_how_far_it_verified_and_checks_new_entries(admin, db):
    add_entries(db, 3)
    assert "Verified" in admin.get("/admin/audit").get_data(as_text=True)
    mark = audit_store.verified_mark(db)
    assert mark["id"] == ids(db)[-1]
    add_entries(db, 2)
    assert "Verified" in admin.get("/admin/audit").get_data(as_text=True)
    assert audit_store.verified_mark(db)["id"] == ids(db)[-1] > mark["id"]


def test_the_admin_page_catches_a_new_entry_that_does_not_hold(app, admin, db):
    add_entries(db, 3)
    admin.get("/admin/audit")
    add_entries(db, 1)
    newest = ids(db)[-1]
    conn = unguarded(app)
    with conn:
        conn.execute("UPDATE audit_log SET summary = 'changed' WHERE id = ?", [newest])
    conn.close()
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "Broken" in page
    assert f"entry {newest} its content does not match its hash" in page


def test_the_admin_page_catches_a_chain_recomputed_before_its_mark(app, admin, db):
    add_entries(db, 5)
    admin.get("/admin/audit")
    mark = audit_store.verified_mark(db)
    rewrite_and_recompute(app, ids(db)[1])
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "Broken" in page
    assert f"entry {mark['id']} (the last verified entry) has a different hash" in page


def test_the_admin_page_catches_entries_deleted_before_its_mark(app, admin, db):
    add_entries(db, 5)
    admin.get("/admin/audit")
    conn = unguarded(app)
    with conn:
        # The first entry, so the rest still link: only the count before the mark shows it.
        conn.execute("DELETE FROM audit_log WHERE id = ?", [ids(db)[0]])
        conn.execute("UPDATE audit_log SET prev_hash = ? WHERE id = ?", [audit_store.GENESIS, ids(db)[1]])
    conn.close()
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "Broken" in page
    assert "entries were deleted" in page


def test_the_admin_page_only_walks_entries_after_its_mark_leaving_old_ones_to_the_full_check(
    app, admin, db, runner
):
    add_entries(db, 5)
    admin.get("/admin/audit")
    old = ids(db)[1]
    conn = unguarded(app)
    with conn:
        conn.execute("UPDATE audit_log SET summary = 'changed' WHERE id = ?", [old])
    conn.close()
    # Not walked again: the page stays cheap however long the trail grows...
    assert "Verified" in admin.get("/admin/audit").get_data(as_text=True)
    # ...and the scheduled full check is what finds a lone edit of an old entry.
    full = runner.invoke(args=["audit", "verify"])
    assert full.exit_code == 1
    assert f"Audit trail broken at entry {old}: its content does not match its hash" in full.output
