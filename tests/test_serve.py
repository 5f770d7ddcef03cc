"""`dpia serve`: its options, and several worker processes sharing sessions, limits and search."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from dpia.actor import command_line
from dpia.services.accounts import tokens
from tests.conftest import PASSWORD, clear_of_minute_boundary

REPO = Path(__file__).resolve().parent.parent
SYSTEM = {"category": "biometric", "lifecycle": "in_use", "regime": "dpa_part3"}
JSON = "application/json"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="gunicorn workers need Linux")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "0 is not in the range 1<=x<=32"),
        ("-2", "-2 is not in the range 1<=x<=32"),
        ("33", "33 is not in the range 1<=x<=32"),
        ("two", "'two' is not a valid integer"),
        ("", "'' is not a valid integer"),
    ],
)
def test_a_bad_number_of_workers_is_refused_with_a_clear_message(runner, value, message):
    result = runner.invoke(args=["serve", "--workers", value])
    assert result.exit_code == 2
    assert "Invalid value for '--workers'" in result.output and message in result.output


def test_serve_help_explains_workers_and_the_indexer(runner):
    result = runner.invoke(args=["serve", "--help"])
    assert result.exit_code == 0
    assert "--workers" in result.output and "indexer" in result.output


class Server:
    """`dpia serve --workers 2` in a subprocess on a free loopback port, as in production."""

    def __init__(self, instance: Path, log: Path):
        self.port = _free_port()
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from dpia.cli.main import main; main()", "serve", "--workers", "2"]
            + ["--threads", "4", "--port", str(self.port)],
            env={**os.environ, "DPIA_INSTANCE": str(instance), "PYTHONPATH": str(REPO)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def request(self, method, path, body=None, headers=None):
        """One request on a connection of its own, so any worker may take it; (status, headers, text, pid)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            text = response.read().decode()
            # The worker holding the server end of the (kept-alive) connection is the one that answered.
            return response.status, response.headers, text, self.owner(connection.sock.getsockname()[1])
        finally:
            connection.close()

    def wait_until_up(self, processes: int, timeout=25.0):
        """Wait until the server answers and has its workers and indexer."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server stopped while starting"
            try:
                if self.request("GET", "/healthz")[0] == 200 and len(self.children()) == processes:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError("the server did not answer in time")

    def children(self) -> set[int]:
        """Processes whose parent is the server's master."""
        found = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    found.add(int(entry.name))
        return found

    def owner(self, client_port: int) -> int | None:
        """The server process holding the accepted end of the connection from `client_port`."""
        inodes = set()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            local, remote = fields[1].split(":")[1], fields[2].split(":")[1]
            if int(local, 16) == self.port and int(remote, 16) == client_port:
                inodes.add(fields[9])
        for pid in self.children() | {self.process.pid}:
            if inodes & _socket_inodes(pid):
                return pid
        return None

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.log.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _socket_inodes(pid: int) -> set[str]:
    found = set()
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            target = os.readlink(fd)
            if target.startswith("socket:["):
                found.add(target[8:-1])
    except OSError:
        pass
    return found


def _open_files(pid: int) -> list[str]:
    return [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]


@pytest.fixture
def server(app, instance, tmp_path):
    """The running server on the app's instance folder, with a low API rate limit."""
    with (instance / "config.py").open("a") as config:
        config.write("API_RATE_LIMIT = 5\n")
    running = Server(instance, tmp_path / "serve.log")
    try:
        running.wait_until_up(processes=3)
        yield running
    finally:
        running.stop()
        print((tmp_path / "serve.log").read_text())


def _attempt_sign_in(server, email, password=PASSWORD):
    """Fill in the sign-in form (each request on a new connection); the POST's (status, headers, page)."""
    status, headers, page, _ = server.request("GET", "/sign-in")
    cookie = headers["Set-Cookie"].split(";")[0]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": csrf})
    form_headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    return server.request("POST", "/sign-in", form, form_headers)[:3]


def _sign_in(server, email):
    status, headers, _ = _attempt_sign_in(server, email)
    assert status == 302 and "/sign-in" not in headers["Location"]
    return headers["Set-Cookie"].split(";")[0]


def _token(db, make_user, *roles):
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [make_user(*roles)]).fetchone()[0]
    return tokens.create(db, command_line(), user_id, "tests")[1]


@linux_only
def test_two_workers_share_sessions_limits_and_search_and_stop_cleanly(server, db, make_user):
    workers_and_indexer = server.children()
    assert len(workers_and_indexer) == 3
    # Nothing is opened before the fork: the master holds no database or index file to share.
    assert not [f for f in _open_files(server.process.pid) if "dpia.db" in f or "/index" in f]

    cookie = _sign_in(server, make_user("editor"))
    answered = set()
    for count in range(60):
        status, _, page, pid = server.request("GET", "/systems", headers={"Cookie": cookie})
        assert status == 200 and "Sign out" in page
        answered.add(pid)
        if len(answered) == 2 and count >= 10:
            break
    assert answered <= workers_and_indexer and len(answered) == 2, answered

    # Failed sign-ins are counted in the database, whichever worker saw them.
    throttled = make_user("reader")
    for _ in range(3):
        assert "Sign out" not in _attempt_sign_in(server, throttled, "wrong password")[2]
    status, _, page = _attempt_sign_in(server, throttled)
    assert status == 400 and "Too many failed attempts" in page

    limited = {"Authorization": f"Bearer {_token(db, make_user, 'reader')}"}
    clear_of_minute_boundary()
    calls = [server.request("GET", "/api/v1/systems", headers=limited) for _ in range(12)]
    assert [c[0] for c in calls] == [200] * 5 + [429] * 7
    assert len({c[3] for c in calls}) == 2  # answered by both workers, counted once

    # An indexer that dies is replaced, and the new one applies the next save.
    (indexer,) = workers_and_indexer - answered
    os.kill(indexer, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while len(server.children() - answered - {indexer}) != 1:
        assert time.monotonic() < deadline, "the indexer was not restarted"
        time.sleep(0.1)
    workers_and_indexer = server.children()

    editor = {"Authorization": f"Bearer {_token(db, make_user, 'editor')}", "Content-Type": JSON}
    system = {**SYSTEM, "name": "Quokka Facial Matcher"}
    status, _, body, _ = server.request("POST", "/api/v1/systems", json.dumps(system), editor)
    assert status == 201, body
    saved = time.monotonic()
    search = {"Cookie": cookie}
    while "Quokka Facial Matcher" not in server.request("GET", "/search?q=quokka", headers=search)[2]:
        assert time.monotonic() - saved < 5, "the save did not reach search within 5 seconds"
        time.sleep(0.1)

    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(20) == 0
    time.sleep(0.2)
    assert [pid for pid in workers_and_indexer if Path(f"/proc/{pid}").exists()] == []
