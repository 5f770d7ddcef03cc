"""`dpia public`: the public pages in a process of their own, with the database opened read-only."""

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dpia.actor import command_line
from dpia.app import create_public_app
from dpia.services.accounts import settings
from dpia.store.db import connect_read_only
from dpia.web import get_db
from tests.transparency.published import WITHHELD

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


@pytest.fixture
def public_process(app, db, published, instance, tmp_path):
    """`dpia public` on a free loopback port against the test app's database; `db` stays open beside it."""
    port = _free_port()
    log = (tmp_path / "public.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", "from dpia.cli.main import main; main()", "public", "--port", str(port)],
        env={**os.environ, "DPIA_INSTANCE": str(instance), "PYTHONPATH": str(REPO)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while True:
        assert process.poll() is None, (tmp_path / "public.log").read_text()
        try:
            _get(port, "/transparency/")
            break
        except OSError:
            assert time.monotonic() < deadline, "the public process did not answer in time"
            time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=10)
    log.close()


def test_the_public_process_serves_the_public_pages_and_nothing_else(public_process, published):
    status, page = _get(public_process, "/transparency/")
    assert status == 200 and "HART" in page and WITHHELD not in page
    assert "Staff sign in" not in page
    assert _get(public_process, f"/transparency/systems/{published['hart']}/")[0] == 200
    assert _get(public_process, "/transparency/feed.atom")[0] == 200
    assert _get(public_process, "/static/govuk/dpia.css")[0] == 200
    assert _get(public_process, "/")[0] == 302
    for staff in ("/systems", "/sign-in", "/foi", "/admin/users", "/api/v1/systems", "/healthz"):
        status, page = _get(public_process, staff)
        assert status == 404, staff
        assert "register" not in page.lower(), staff


def test_the_public_process_changes_nothing_in_the_database(app, db, published, public_process):
    before = "\n".join(db.conn.iterdump())
    for path in ("/transparency/", "/transparency/disclosure-log/", "/transparency/no-such-page", "/sign-in"):
        _get(public_process, path)
    assert "\n".join(db.conn.iterdump()) == before


def test_the_public_apps_connection_refuses_every_write(app, db, published):
    public = create_public_app(app.config["DATABASE"])
    with public.test_request_context("/transparency/"):
        connection = get_db()
        assert connection.execute("SELECT COUNT(*) FROM publications").fetchone()[0] == 4
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("UPDATE publications SET withdrawn_at = '2026-01-01'")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("CREATE TABLE sneaky (id INTEGER)")


def test_a_read_only_connection_sees_what_the_staff_app_writes(app, db, published):
    reader = connect_read_only(app.config["DATABASE"])
    try:
        assert reader.execute("SELECT COUNT(*) FROM published_responses").fetchone()[0] == 2
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.execute("DELETE FROM published_responses")
    finally:
        reader.close()


def test_the_public_process_refuses_a_missing_database(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from dpia.cli.main import main; main()", "public"]
        + ["--database", str(tmp_path / "nowhere.db")],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "No database at" in result.stderr and "dpia init" in result.stderr
    assert not (tmp_path / "nowhere.db").exists()


def test_the_public_process_honours_the_setting_that_turns_the_pages_off(db, published, public_process):
    settings.update(db, command_line(), {"transparency": "off"})
    status, page = _get(public_process, "/transparency/")
    assert status == 404
    assert "HART" not in page and "Page not found" in page
