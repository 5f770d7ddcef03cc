"""Soak `dpia serve` under concurrent use and watch what a long-running server must not grow.

Starts the server on a fresh instance with the demo register, signs in several clients (each with its own
session) and has them search, read systems, save systems and export them at once for a while, with the
server's own background indexer running, while FOI officers open the demo request 855A/22, download its
response letter and open a reason form, one of them builds its response pack every minute, and two members
of the public, not signed in, browse the transparency pages and download published files. Every few
seconds it prints the server's open files, resident memory and threads, and the requests and errors so far;
at the end, requests per second by kind, p50/p95/p99, errors by status, open files and memory at start and
end, and the targets as ratios (under 1 meets it). Nothing here asserts: read the figures.

Each client is a person: after each response they wait `--think` seconds (1 by default, far quicker than
anyone reads a page) before the next request. `--think 0` is a stress test instead: every client fires as
fast as the server answers, so latency then measures the queue, set by throughput on the cores this
machine shares between the server and these clients.

    .venv/bin/python benchmarks/soak.py --seconds 180 --clients 20
    .venv/bin/python benchmarks/soak.py --seconds 180 --clients 20 --think 0

`--instance FOLDER` soaks an existing instance instead (the one `benchmarks/search.py` leaves, say, to see
a server's memory over 100,000 versions); its accounts are added, nothing else is changed. Use
`--foi-clients 0` there, since the FOI officers work on the demo's request.
"""

import argparse
import collections
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DPIA = Path(sys.executable).parent / "dpia"
PASSWORD = "soak-test-password-1234"
WORDS = ("predictive", "custody", "risk", "mapping", "facial recognition", "bias", "gangs", "harm", "ANPR")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SYSTEM = re.compile(r'href="/systems/(\d+)"')


def _run(env: dict, *args: str, stdin: str = "") -> None:
    subprocess.run([str(DPIA), *args], env=env, input=stdin, text=True, check=True, capture_output=True)


class Client:
    """One person's browser: a cookie jar, and forms sent with their CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, form_page: str, data: dict) -> tuple[int, str]:
        _, html = self.get(form_page)
        token = CSRF.search(html)
        body = urllib.parse.urlencode({**data, "csrf_token": token.group(1) if token else ""}).encode()
        return self._open(urllib.request.Request(self.base + path, data=body))

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")


class Tally:
    """Requests, errors and latencies, shared by the clients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.statuses: collections.Counter = collections.Counter()

    def record(self, what: str, started: float, status: int, body: str = "") -> None:
        with self.lock:
            self.latencies.setdefault(what, []).append(time.monotonic() - started)
            if status >= 400:
                self.statuses[status] += 1
                # The page's error summary says what was refused; the first one is enough to act on.
                said = re.search(r'govuk-error-summary__list">(.*?)</ul>', body, re.S)
                detail = re.sub(r"<[^>]+>|\s+", " ", said.group(1)).strip() if said else ""
                self.errors.append(f"{what}: HTTP {status} {detail}".strip())

    def count(self) -> int:
        with self.lock:
            return sum(len(v) for v in self.latencies.values())


def _signed_in(base: str, email: str, tally: Tally) -> Client | None:
    client = Client(base)
    status, _ = client.post("/sign-in", "/sign-in", {"email": email, "password": PASSWORD})
    if status >= 400:
        tally.errors.append(f"sign-in: HTTP {status}")
        return None
    return client


def _client(base: str, email: str, tally: Tally, until: float, number: int, think: float) -> None:
    client = _signed_in(base, email, tally)
    if client is None:
        return
    system_ids: list[str] = []
    step = 0
    while time.monotonic() < until:
        step += 1
        started = time.monotonic()
        try:
            if step % 7 == 0 and system_ids:
                status, _ = client.get(f"/systems/{random.choice(system_ids)}/export")
                tally.record("export", started, status)
            elif step % 10 == 0:
                name = f"Soak system {number}-{step}"
                data = {
                    "name": name,
                    "category": "crime_mapping",
                    "lifecycle": "planned",
                    "regime": "dpa_part3",
                }
                status, html = client.post("/systems/new", "/systems/new", data)
                tally.record("save", started, status, html)
            elif step % 3 == 0:
                status, html = client.get("/systems")
                system_ids = SYSTEM.findall(html) or system_ids
                tally.record("register", started, status)
            elif step % 3 == 1 and system_ids:
                status, _ = client.get(f"/systems/{random.choice(system_ids)}")
                tally.record("system page", started, status)
            else:
                status, _ = client.get("/search?" + urllib.parse.urlencode({"q": random.choice(WORDS)}))
                tally.record("search", started, status)
        except Exception as error:  # A refused connection is the finding, not a reason to stop measuring.
            with tally.lock:
                tally.errors.append(repr(error))
            time.sleep(0.5)
        time.sleep(think)


def _foi_client(base: str, email: str, tally: Tally, until: float, number: int, think: float) -> None:
    """An FOI officer drafting the demo's 855A/22: the request page, its letter, a reason form."""
    client = _signed_in(base, email, tally)
    if client is None:
        return
    step = 0
    while time.monotonic() < until:
        step += 1
        started = time.monotonic()
        try:
            if step % 3 == 0:
                status, _ = client.get("/foi/1/letter")
                tally.record("letter", started, status)
            elif step % 3 == 1:
                status, _ = client.get("/foi/1")
                tally.record("request page", started, status)
            else:
                status, _ = client.get("/foi/1/reasons/s31")
                tally.record("reason form", started, status)
        except Exception as error:
            with tally.lock:
                tally.errors.append(repr(error))
            time.sleep(0.5)
        time.sleep(think)


PUBLIC_LINK = re.compile(r'href="(/transparency/[^"#?]+)"')


def _public_visitor(base: str, tally: Tally, until: float, think: float) -> None:
    """A member of the public, not signed in: the transparency pages, a system's record, its downloads."""
    client = Client(base)
    links: list[str] = []
    step = 0
    while time.monotonic() < until:
        step += 1
        started = time.monotonic()
        try:
            if step % 4 == 0 or not links:
                status, html = client.get("/transparency/")
                links = PUBLIC_LINK.findall(html) or links
                tally.record("public start page", started, status)
            else:
                path = random.choice(links)
                status, html = client.get(path)
                links = list(dict.fromkeys(links + PUBLIC_LINK.findall(html)))[:200]
                tally.record("public download" if "/files/" in path else "public page", started, status)
        except Exception as error:
            with tally.lock:
                tally.errors.append(repr(error))
            time.sleep(0.5)
        time.sleep(think)


def _packer(base: str, email: str, tally: Tally, until: float) -> None:
    """An FOI officer building the demo request's response pack once a minute."""
    client = _signed_in(base, email, tally)
    while client is not None and time.monotonic() < until:
        started = time.monotonic()
        try:
            status, html = client.post("/foi/1/pack", "/foi/1", {})
            tally.record("pack", started, status, html)
        except Exception as error:
            with tally.lock:
                tally.errors.append(repr(error))
        time.sleep(max(0.0, min(60 - (time.monotonic() - started), until - time.monotonic())))


def _sample(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
    return {"open files": len(os.listdir(f"/proc/{pid}/fd")), "RSS MiB": rss, "threads": threads}


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            sys.exit(f"dpia serve exited with {server.returncode}")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("dpia serve did not answer /healthz")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--foi-clients", type=int, default=2, help="FOI officers drafting a response.")
    parser.add_argument("--port", type=int, default=5077)
    parser.add_argument("--every", type=float, default=10.0, help="Seconds between samples.")
    parser.add_argument(
        "--think", type=float, default=1.0, help="Seconds each person waits between requests."
    )
    parser.add_argument("--instance", type=Path, help="Soak this instance instead of a fresh demo one.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as fresh:
        folder = str(options.instance or fresh)
        env = {**os.environ, "DPIA_INSTANCE": folder}
        _run(env, "init")
        if options.instance is None:
            _run(env, "demo")
        # Unique per run, so an instance can be soaked again.
        emails = [f"soak{n}-{os.getpid()}@example.org" for n in range(options.clients)]
        for email in emails:
            _run(env, "user", "add", email, "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n")
        officers = [f"soak-foi{n}-{os.getpid()}@example.org" for n in range(options.foi_clients)]
        for email in officers:
            _run(
                env, "user", "add", email, "--role", "foi_officer", "--password-stdin", stdin=PASSWORD + "\n"
            )
        base = f"http://127.0.0.1:{options.port}"
        log = Path(folder) / "server.log"
        with log.open("w") as errors:
            # A file, not a pipe: a busy server's log would fill a pipe nobody reads and stall it.
            server = subprocess.Popen(
                [str(DPIA), "serve", "--port", str(options.port)], env=env, stdout=errors, stderr=errors
            )
            try:
                _wait_until_up(base, server)
                _soak(base, server, emails, officers, options)
            finally:
                server.terminate()
                server.wait(timeout=30)
        logged = log.read_text(errors="replace")
        print(f"server tracebacks logged: {logged.count('Traceback')}")
        if "Traceback" in logged:
            print("the last one:\n" + logged[logged.rindex("Traceback") :][-3000:])


def _soak(
    base: str, server: subprocess.Popen, emails: list[str], officers: list[str], options: argparse.Namespace
) -> None:
    tally = Tally()
    until = time.monotonic() + options.seconds
    clients = [
        threading.Thread(target=_client, args=(base, email, tally, until, n, options.think), daemon=True)
        for n, email in enumerate(emails)
    ] + [
        threading.Thread(target=_foi_client, args=(base, email, tally, until, n, options.think), daemon=True)
        for n, email in enumerate(officers)
    ]
    # Two members of the public on the transparency pages, beside the staff.
    clients += [
        threading.Thread(target=_public_visitor, args=(base, tally, until, options.think), daemon=True)
        for _ in range(2)
    ]
    if officers:
        clients.append(threading.Thread(target=_packer, args=(base, officers[0], tally, until), daemon=True))
    for thread in clients:
        thread.start()
    samples = []
    print(f"{'s':>5} {'open files':>10} {'RSS MiB':>8} {'threads':>8} {'requests':>9} {'errors':>7}")
    started = time.monotonic()
    while any(t.is_alive() for t in clients):
        if server.poll() is not None:
            print(f"the server exited with {server.returncode}")
            break
        sample = _sample(server.pid)
        samples.append(sample)
        print(
            f"{time.monotonic() - started:5.0f} {sample['open files']:10} {sample['RSS MiB']:8}"
            f" {sample['threads']:8} {tally.count():9} {len(tally.errors):7}"
        )
        time.sleep(options.every)
    for thread in clients:
        thread.join()
    _report(tally, samples, time.monotonic() - started, options)


def _percentile(times: list[float], share: float) -> float:
    return times[min(len(times) - 1, int(len(times) * share))] * 1000


def _report(tally: Tally, samples: list[dict[str, int]], seconds: float, options: argparse.Namespace) -> None:
    print(f"\n{'request':14} {'count':>6} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    p95 = {}
    for what, times in sorted(tally.latencies.items()):
        times = sorted(times)
        p95[what] = _percentile(times, 0.95)
        print(
            f"{what:14} {len(times):6} {len(times) / seconds:7.1f} {statistics.median(times) * 1000:8.1f}"
            f" {p95[what]:8.1f} {_percentile(times, 0.99):8.1f}"
        )
    print(f"all: {tally.count()} requests, {tally.count() / seconds:.1f} per second over {seconds:.0f} s")
    print(
        "errors by status: " + (", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items())) or "none")
    )
    print(f"errors: {len(tally.errors)}" + (f", first: {tally.errors[0]}" if tally.errors else ""))
    if not samples:
        return
    first, last = samples[0], samples[-1]
    for key in first:
        print(f"{key}: {first[key]} at start, {last[key]} at the end ({last[key] - first[key]:+d})")
    # Targets on 2 cores, as ratios: under 1 meets the target. Growth is counted from the first sample a
    # minute in (or a quarter of the run), once imports, templates and the first searchers are loaded.
    warm_at = min(60.0, seconds / 4) / options.every
    warm = samples[min(len(samples) - 1, int(warm_at))]
    server_errors = sum(v for k, v in tally.statuses.items() if k >= 500)
    print(
        f"\ntargets at {options.clients} clients, {options.think:g} s think time (ratio, under 1 meets it):"
    )
    print(f"  5xx responses: {server_errors} (target 0)")
    print(f"  most open files / 200: {max(s['open files'] for s in samples) / 200:.2f}")
    growth = last["RSS MiB"] / warm["RSS MiB"] - 1
    print(
        f"  RSS growth after warm-up ({warm['RSS MiB']} MiB to {last['RSS MiB']}) / 10%: {growth / 0.10:.2f}"
    )
    for what in ("system page", "register", "search", "public page"):
        if what in p95:
            print(f"  {what} p95 / 250 ms: {p95[what] / 250:.2f}")


if __name__ == "__main__":
    main()
