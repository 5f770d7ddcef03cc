"""Search under long use: open files stay bounded, a killed rebuild's lock is broken, readiness is honest."""

import gc
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from whoosh import fields

from dpia.services import systems
from dpia.services.search import indexing
from dpia.services.search import queries as search
from dpia.store import search_queue
from tests.conftest import EDITOR

REPO = Path(__file__).resolve().parents[2]
WORDS = ("HART", "risk", "custody", "Kestrel", "marmoset", "review", "facial", "bias")


def _wait_for(condition, timeout=30.0, poll=0.02):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(poll)


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_open_files_stay_bounded_over_thousands_of_searches_and_saves(app, db, index, make_assessment):
    ids = []
    for n in range(20):
        system_id = systems.create(
            db,
            EDITOR,
            {"name": f"Kestrel {n}", "category": "other", "lifecycle": "in_use", "regime": "uk_gdpr"},
        )
        make_assessment(kind="dpia", system_id=system_id, answers=None)
        ids.append(system_id)
    index.rebuild(db)
    index.mode = "thread"
    index.start()
    with index.searchers.lease() as first:
        pass
    before = _open_files()
    peak = [before]
    failures: list[str] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak.append(_open_files())
            time.sleep(0.005)

    def searcher(number: int) -> None:
        from dpia.store.db import connect

        handle = connect(app.config["DATABASE"])
        try:
            for i in range(250):
                page = search.search(
                    handle, index, EDITOR, search.read_request({"q": WORDS[(i + number) % 8]})
                )
                if not page["status"].searchable:
                    failures.append(page["status"].message)
        finally:
            handle.close()

    def saver() -> None:
        from dpia.store.db import connect

        handle = connect(app.config["DATABASE"])
        try:
            for i in range(200):
                system_id = ids[i % len(ids)]
                current = systems.get(handle, EDITOR, system_id)
                data = {**systems.as_form_data(current), "notes": f"Reviewed by the marmoset panel {i}."}
                systems.update(handle, EDITOR, system_id, data, current["version"])
        finally:
            handle.close()

    threads = [threading.Thread(target=searcher, args=(n,)) for n in range(8)] + [
        threading.Thread(target=saver)
    ]
    watcher = threading.Thread(target=watch)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert indexing.wait_until_drained(db, 60)
    done.set()
    watcher.join()
    assert not failures
    # Searchers per thread over dozens of segments held hundreds of files; now one shared pair (a file
    # per segment), the writers' and nine SQLite connections.
    assert max(peak) - before < 80, (before, max(peak))
    assert _open_files() - before < 40  # the current pair (a file per segment) and the indexer's connection
    # The index changed 200 times: the searchers the first search used were closed, and only one pair is open.
    assert first.closed
    page = search.search(db, index, EDITOR, search.read_request({"q": "marmoset"}))
    assert page["total"] == 20
    assert index.searchers.open_pairs() == 1


def test_searchers_are_closed_when_the_index_changes_but_only_after_their_last_lease(db, index, make_system):
    make_system(name="Osprey")
    index.rebuild(db)
    with index.searchers.lease() as old:
        make_system(name="Heron")
        index.catch_up(db)
        assert not old.closed  # still in use by this lease
    assert not old.closed  # retired only when someone next asks for the changed index
    with index.searchers.lease() as new:
        assert new is not old
    assert old.closed and not new.closed
    assert index.searchers.open_pairs() == 1


ORPHAN_HOLDER = """
import os, sys, time
from dpia.search.home import IndexHome
home = IndexHome(sys.argv[1])
with home.lock(5):
    child = os.fork()
    if child == 0:  # a worker that inherited the lock and outlives its parent
        time.sleep(120)
        os._exit(0)
    print(child, flush=True)
    time.sleep(120)
"""


def test_a_killed_reindex_leaves_no_lock_and_the_next_reindex_completes(app, db, index, runner, make_system):
    make_system(name="Osprey")
    holder = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_HOLDER, index.folder],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    orphan = int(holder.stdout.readline())
    try:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        os.kill(orphan, 0)  # the worker still runs, holding the inherited lock
        index.lock_timeout = 5.0
        result = runner.invoke(args=["reindex"])
        assert result.exit_code == 0, result.output
        assert "Indexed" in result.output
        assert not index.home.is_locked()
    finally:
        os.kill(orphan, signal.SIGKILL)
        holder.stdout.close()
    page = search.search(db, index, EDITOR, search.read_request({"q": "Osprey"}))
    assert page["status"].ready and page["groups"]


def test_search_is_not_ready_while_saved_changes_wait_in_the_outbox(app, db, index, make_system, signed_in):
    index.rebuild(db)
    assert index.ensure_ready(db).ready
    make_system(name="Osprey")
    assert search_queue.length(db) == 1
    status = index.ensure_ready(db)
    assert not status.ready and status.pending == 1 and status.searchable
    index.catch_up(db)
    assert index.ensure_ready(db).ready


def test_orphaned_index_folders_left_by_a_killed_rebuild_are_removed(app, db, index, make_system):
    make_system(name="Osprey")
    index.rebuild(db)
    published = index.home.generation()
    parent = Path(index.folder).parent
    orphan = parent / "index-20260101000000-999999-1"
    (orphan / "content").mkdir(parents=True)
    (orphan / "content" / "_MAIN_1.toc").write_bytes(b"half written")
    link = parent / ".index-link-999999-1"
    os.symlink(orphan.name, link)
    index.mode = "thread"
    index.start()
    _wait_for(lambda: not orphan.exists() and not os.path.lexists(link))
    assert index.home.generation() == published
    page = search.search(db, index, EDITOR, search.read_request({"q": "Osprey"}))
    assert page["groups"]


REBUILD_WORKER = """
import multiprocessing, time
from dpia.search import writing
with writing._workers_die_with_parent():  # as `fill` forks Whoosh's workers
    worker = multiprocessing.get_context("fork").Process(target=time.sleep, args=(120,))
    worker.start()
print(worker.pid, flush=True)
time.sleep(120)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_rebuilds_worker_dies_with_its_killed_parent():
    parent = subprocess.Popen(
        [sys.executable, "-c", REBUILD_WORKER],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    worker = int(parent.stdout.readline())
    try:
        assert _running(worker)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        _wait_for(lambda: not _running(worker))
    finally:
        if _running(worker):
            os.kill(worker, signal.SIGKILL)
        parent.stdout.close()


def test_the_health_check_says_when_search_is_catching_up_or_the_database_cannot_serve(
    app, db, index, make_system
):
    client = app.test_client()
    index.rebuild(db)
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok", "search": "ready"}
    make_system(name="Osprey")
    response = client.get("/healthz")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.get_json()["search"] == "catching up with 1 saved changes"
    assert "Osprey" not in response.get_data(as_text=True)
    index.catch_up(db)
    assert client.get("/healthz").get_json()["search"] == "ready"
    # A schema the code does not know yet: the server must not take traffic until `dpia init` runs.
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0017_audit_anchor'")
    db.conn.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "database": "1 migrations not applied: run dpia init",
    }


def test_old_states_of_the_index_are_freed_once_no_search_uses_them(app, db, index, make_system):
    """Each save opens a new state of the index; nothing may keep old ones alive (memory grew per save)."""
    index.rebuild(db)

    def save_and_search(number: int) -> None:
        make_system(name=f"Osprey {number}")
        index.catch_up(db)
        for words in (f"Osprey {number} risk", "risk of harm", "bias OR custody"):
            search.search(db, index, EDITOR, search.read_request({"q": words}))

    def states_alive() -> int:
        gc.collect()
        return sum(isinstance(found, fields.Schema) for found in gc.get_objects())

    save_and_search(0)
    before = states_alive()
    for number in range(1, 11):
        save_and_search(number)
    assert states_alive() <= before
