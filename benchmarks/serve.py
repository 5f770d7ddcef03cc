"""Requests per second and latency of `dpia serve` with 1 and 2 worker processes, for 1, 5 and 20 clients.

Starts the server as in production (`dpia serve --workers W` in a subprocess) on a fresh instance holding
the demo register and `--systems` more systems added through the service layer, then, for each number of
clients, has that many client processes send a read-mostly mix as fast as they are answered, each on its
own keep-alive connection, for `--seconds`: the register, a system's page and a search (signed in), API
reads of systems and search (with an API token), and one save in twenty (a new system through the API).
Prints requests per second, p50 and p95 per cell, errors by status, and the targets as ratios: at 20
clients, 2 workers' requests per second over 1 worker's (target at least 1.6) and p95 over 250 ms (target
under 1). Nothing here asserts: read the figures. The clients share the machine's cores with the server.

    .venv/bin/python benchmarks/serve.py
    .venv/bin/python benchmarks/serve.py --seconds 10 --clients 1,5,20 --workers 1,2
"""

import argparse
import collections
import http.client
import json
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dpia import create_app  # noqa: E402
from dpia.actor import Actor, command_line  # noqa: E402
from dpia.services import systems  # noqa: E402
from dpia.services.accounts import tokens  # noqa: E402
from dpia.services.accounts import users as accounts  # noqa: E402
from dpia.store.db import connect  # noqa: E402

PASSWORD = "correct horse battery staple 1234"
EMAIL = "throughput@example.org"
WORDS = ("predictive", "custody", "risk", "mapping", "facial", "bias", "gangs", "harm", "ANPR", "camera")
CATEGORIES = ("individual_risk", "biometric", "crime_mapping")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
EDITOR = Actor(email="benchmark", roles=frozenset({"editor"}), address="benchmark", can_see_sensitive=True)
HEADER = f"{'workers':>7} {'clients':>7} {'requests':>8} {'per s':>7} {'p50 ms':>7} {'p95 ms':>7}  errors"
SAVED = {"category": "biometric", "lifecycle": "in_use", "regime": "dpa_part3"}
# The mix: (kind, weight). One request in twenty saves.
MIX = (("register", 4), ("system", 4), ("search", 3), ("api read", 4), ("api search", 4), ("save", 1))


def _dpia(env: dict, *args: str) -> None:
    command = [sys.executable, "-c", "from dpia.cli.main import main; main()", *args]
    subprocess.run(command, env=env, check=True, capture_output=True, text=True)


def _prepare(folder: str, extra: int) -> tuple[str, list[int]]:
    """The demo register, `extra` more systems, an editor account and an API token; (token, system ids)."""
    env = {**os.environ, "DPIA_INSTANCE": folder, "PYTHONPATH": str(REPO)}
    _dpia(env, "init")
    _dpia(env, "demo")
    with open(Path(folder) / "config.py", "a") as config:
        config.write("API_RATE_LIMIT = 100_000_000\n")  # The limit is measured, never hit.
    app = create_app({"INSTANCE_PATH": folder, "SEARCH_INDEXER": "off"})
    db = connect(app.config["DATABASE"])
    try:
        rng = random.Random(20)
        for number in range(extra):
            words = " ".join(rng.sample(WORDS, 3))
            data = {"name": f"Benchmark system {number} {words}", "category": rng.choice(CATEGORIES)}
            systems.create(db, EDITOR, {**data, "lifecycle": "in_use", "regime": "dpa_part3"})
        user_id = accounts.create_user(db, command_line(), EMAIL, ["editor"], PASSWORD, accounts.Policy())
        token = tokens.create(db, command_line(), user_id, "benchmark")[1]
        ids = [row[0] for row in db.execute("SELECT id FROM systems")]
    finally:
        db.close()
        app.extensions["dpia.search"].close()
    _dpia(env, "reindex")
    return token, ids


class Connection:
    """One client's keep-alive connection, opened again if the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def send(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        """(status, headers, text); a connection the server closed is opened again once."""
        for attempt in (1, 2):
            try:
                self.http.request(method, path, body=body, headers=headers or {})
                response = self.http.getresponse()
                return response.status, response.headers, response.read().decode("utf-8", "replace")
            except (http.client.HTTPException, OSError):
                self.http.close()
                self.http = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def _sign_in(port: int) -> str:
    """A session cookie for the benchmark's editor."""
    connection = Connection(port)
    _, headers, page = connection.send("GET", "/sign-in")
    cookie = headers["Set-Cookie"].split(";")[0]
    form = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD, "csrf_token": CSRF.search(page)[1]})
    form_headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    status, headers, _ = connection.send("POST", "/sign-in", form, form_headers)
    if status != 302:
        sys.exit(f"could not sign in: {status}")
    return headers["Set-Cookie"].split(";")[0]


def _client(args: tuple) -> list[tuple[str, int, float]]:
    """One client process: the mix as fast as answered until the deadline; (kind, status, seconds) each."""
    port, deadline, cookie, token, ids, seed = args
    rng = random.Random(seed)
    connection = Connection(port)
    page, api = {"Cookie": cookie}, {"Authorization": f"Bearer {token}"}
    kinds, weights = zip(*MIX, strict=True)
    results = []
    saves = 0
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        word = rng.choice(WORDS)
        request = {
            "register": ("GET", f"/systems?page={rng.randint(1, 5)}", None, page),
            "system": ("GET", f"/systems/{rng.choice(ids)}", None, page),
            "search": ("GET", f"/search?q={word}", None, page),
            "api read": ("GET", f"/api/v1/systems/{rng.choice(ids)}", None, api),
            "api search": ("GET", f"/api/v1/search?q={word}", None, api),
        }.get(kind)
        if kind == "save":
            saves += 1
            body = json.dumps({**SAVED, "name": f"Saved by client process {os.getpid()}, number {saves}"})
            request = ("POST", "/api/v1/systems", body, {**api, "Content-Type": "application/json"})
        started = time.perf_counter()
        try:
            status = connection.send(*request)[0]
        except (http.client.HTTPException, OSError):
            status = 0
        results.append((kind, status, time.perf_counter() - started))
    return results


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(folder: str, workers: int, threads: int, log) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {**os.environ, "DPIA_INSTANCE": folder, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", "from dpia.cli.main import main; main()", "serve"]
    command += ["--workers", str(workers), "--threads", str(threads), "--port", str(port)]
    # A file, not a pipe: a busy server's log would fill a pipe nobody reads and stall it.
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"dpia serve exited with {server.returncode}")
        try:
            if Connection(port).send("GET", "/healthz")[0] == 200:
                return server, port
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("dpia serve did not answer /healthz")


def _cell(port: int, clients: int, seconds: float, cookie: str, token: str, ids: list[int]) -> dict:
    deadline = time.monotonic() + seconds
    jobs = [(port, deadline, cookie, token, ids, n) for n in range(clients)]
    started = time.monotonic()
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = [r for client in pool.map(_client, jobs) for r in client]
    elapsed = time.monotonic() - started
    ok = sorted(t for _, status, t in results if status in (200, 201))
    errors = collections.Counter(status for _, status, _ in results if status not in (200, 201))
    return {
        "requests": len(results),
        "rps": len(results) / elapsed,
        "p50": statistics.median(ok) * 1000 if ok else float("nan"),
        "p95": ok[int(len(ok) * 0.95)] * 1000 if ok else float("nan"),
        "errors": dict(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="Seconds each cell runs.")
    parser.add_argument("--systems", type=int, default=500, help="Systems added beside the demo register.")
    parser.add_argument("--clients", default="1,5,20", help="Numbers of concurrent clients, comma-separated.")
    parser.add_argument("--workers", default="1,2", help="Numbers of worker processes, comma-separated.")
    parser.add_argument("--threads", type=int, default=8, help="Threads in each server process.")
    options = parser.parse_args()
    client_counts = [int(n) for n in options.clients.split(",")]
    worker_counts = [int(n) for n in options.workers.split(",")]
    cells = {}
    with tempfile.TemporaryDirectory() as folder:
        print(f"preparing: demo register and {options.systems} more systems...", flush=True)
        token, ids = _prepare(folder, options.systems)
        print(HEADER)
        for workers in worker_counts:
            with (Path(folder) / f"serve-{workers}.log").open("w") as log:
                server, port = _start(folder, workers, options.threads, log)
                try:
                    cookie = _sign_in(port)
                    _cell(port, 2, 2, cookie, token, ids)  # warm up: templates, searchers, caches
                    for clients in client_counts:
                        cell = _cell(port, clients, options.seconds, cookie, token, ids)
                        cells[workers, clients] = cell
                        print(
                            f"{workers:>7} {clients:>7} {cell['requests']:>8} {cell['rps']:>7.1f} "
                            f"{cell['p50']:>7.1f} {cell['p95']:>7.1f}  {cell['errors'] or 'none'}",
                            flush=True,
                        )
                finally:
                    server.terminate()
                    server.wait(timeout=30)
            logged = (Path(folder) / f"serve-{workers}.log").read_text(errors="replace")
            print(f"  server tracebacks logged with {workers} worker(s): {logged.count('Traceback')}")
    _targets(cells, client_counts)


def _targets(cells: dict, client_counts: list[int]) -> None:
    most = max(client_counts)
    print(f"\ntargets at {most} clients:")
    if (1, most) in cells and (2, most) in cells:
        ratio = cells[2, most]["rps"] / cells[1, most]["rps"]
        print(f"  2 workers / 1 worker, requests per second: {ratio:.2f}x (target at least 1.6x)")
    for workers in (1, 2):
        if (workers, most) in cells:
            p95 = cells[workers, most]["p95"]
            print(f"  p95 with {workers} worker(s) / 250 ms: {p95 / 250:.2f} (target under 1)")


if __name__ == "__main__":
    main()
