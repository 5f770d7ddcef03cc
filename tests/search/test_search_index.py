"""Keeping the index current: outbox under several processes, a killed indexer, damaged indexes, doctor."""

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dpia import create_app
from dpia.actor import command_line
from dpia.services import systems
from dpia.services.search import indexing
from dpia.services.search import queries as search
from dpia.store import search_queue
from dpia.store.db import connect
from tests.conftest import EDITOR, TEST_CONFIG

REPO = Path(__file__).resolve().parents[2]


def _total(db, index, text, actor=EDITOR):
    return search.search(db, index, actor, search.read_request({"q": text}))


def _wait_for(condition, timeout=20.0, poll=0.02):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(poll)


def _add_systems(instance: str, prefix: str, count: int) -> None:
    """A separate process with its own app and background indexer, saving systems."""
    app = create_app({**TEST_CONFIG, "INSTANCE_PATH": instance, "SEARCH_INDEXER": "thread"})
    db = connect(app.config["DATABASE"])
    index = app.extensions["dpia.search"]
    index.start()
    for i in range(count):
        data = {"name": f"{prefix} {i}", "category": "other", "lifecycle": "in_use", "regime": "uk_gdpr"}
        systems.create(db, command_line(), data)
    assert indexing.wait_until_drained(db, 60)
    index.close()


def test_several_processes_saving_at_once_lose_nothing(app, db, index):
    index.rebuild(db)
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_add_systems, args=(app.instance_path, f"Proc{n} Zebra", 15)) for n in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert search_queue.length(db) == 0
    drift = indexing.compare(db, index)
    assert drift.ok and drift.counts["systems"] == 45
    page = _total(db, index, "zebra")
    assert page["total"] == 45


def _indexer(instance: str) -> subprocess.Popen:
    env = {**os.environ, "DPIA_INSTANCE": instance}
    command = Path(sys.executable).parent / "dpia"
    return subprocess.Popen([str(command), "indexer"], cwd=REPO, env=env, stdout=subprocess.DEVNULL)


def test_an_indexer_killed_mid_batch_loses_nothing_when_restarted(
    app, db, index, make_system, make_assessment
):
    for n in range(60):
        system_id = make_system(name=f"Kestrel {n}")
        for kind in ("dpia", "eqia", "pia"):
            make_assessment(kind=kind, system_id=system_id, answers=None)
    index.rebuild(db)
    for system_id in search_queue.system_ids(db):
        current = systems.get(db, EDITOR, system_id)
        data = {**systems.as_form_data(current), "notes": "Reviewed by the marmoset panel."}
        systems.update(db, EDITOR, system_id, data, current["version"])
    queued = search_queue.length(db)
    process = _indexer(app.instance_path)
    try:
        # Kill it the moment it holds the lock: it is then reading, building or writing the batch.
        _wait_for(index.home.is_locked, poll=0.001)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    # Killed while holding the lock, before the batch committed: the rows are still queued.
    assert search_queue.length(db) == queued
    restarted = _indexer(app.instance_path)
    try:
        _wait_for(lambda: search_queue.length(db) == 0, timeout=60)
    finally:
        restarted.send_signal(signal.SIGINT)
        restarted.wait(20)
    assert indexing.compare(db, index).ok
    assert _total(db, index, "marmoset")["total"] == 60


def test_a_save_is_found_by_the_background_indexer(app, db, index, make_system):
    index.mode = "thread"
    index.poll = 0.05
    make_system(name="Warm Start")
    index.start()
    _wait_for(lambda: _total(db, index, "Warm Start")["groups"])
    make_system(name="Narwhal Forecaster")
    _wait_for(lambda: _total(db, index, "narwhal")["groups"], timeout=5)


def test_a_deleted_index_is_rebuilt_and_pages_keep_working(app, db, index, make_system, signed_in):
    make_system(name="Pelican Matrix")
    index.catch_up(db)
    generation = index.home.generation()
    import shutil

    shutil.rmtree(Path(app.instance_path) / generation)
    index.home.forget()
    page = _total(db, index, "pelican")
    assert not page["status"].ready
    client = signed_in("reader")
    assert client.get("/systems").status_code == 200
    assert "Search is being rebuilt" in client.get("/search?q=pelican").get_data(as_text=True)
    index.catch_up(db)
    assert _total(db, index, "pelican")["total"] == 1
    assert index.home.generation() != generation


# Whoosh leaves a file handle open when its table of contents is garbage; that is the damage under test.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_corrupted_index_is_detected_and_rebuilt(app, db, index, make_system):
    make_system(name="Puffin Locator")
    index.catch_up(db)
    assert _total(db, index, "puffin")["total"] == 1
    index.searchers.close()
    index.home.forget()
    folder = Path(app.instance_path) / index.home.generation() / "content"
    for path in folder.iterdir():
        if path.suffix in (".seg", ".toc") or path.name.endswith((".trm", ".pst")):
            path.write_bytes(b"\x00garbage" * 10)
    page = _total(db, index, "puffin")
    assert not page["status"].ready
    index.catch_up(db)
    assert _total(db, index, "puffin")["total"] == 1
    assert indexing.compare(db, index).ok


def test_a_stale_index_from_another_schema_is_rebuilt(app, db, index, make_system):
    make_system(name="Gannet Scorer")
    index.catch_up(db)
    marker = Path(app.instance_path) / index.home.generation() / "dpia-index.json"
    marker.write_text('{"schema": -1}')
    index.home.forget()
    assert not _total(db, index, "gannet")["status"].ready
    index.catch_up(db)
    assert _total(db, index, "gannet")["total"] == 1


def test_a_rebuild_keeps_changes_saved_while_it_ran(app, db, index, make_system):
    make_system(name="Heron Model")
    index.rebuild(db)
    make_system(name="Ibis Model")  # queued after the rebuild: applied by the next drain
    index.catch_up(db)
    assert _total(db, index, "ibis")["total"] == 1 and _total(db, index, "heron")["total"] == 1


def test_doctor_reports_drift_and_the_queue(app, db, index, runner, make_system):
    make_system(name="Osprey Tool")
    index.catch_up(db)
    clean = runner.invoke(args=["doctor"])
    assert clean.exit_code == 0, clean.output
    assert "Queued changes waiting for the indexer: 0" in clean.output
    assert "matches the database" in clean.output
    make_system(name="Curlew Tool")
    drifted = runner.invoke(args=["doctor"])
    assert drifted.exit_code == 1
    assert "Queued changes waiting for the indexer: 1" in drifted.output
    assert "Missing from the index: 1" in drifted.output
    rebuilt = runner.invoke(args=["reindex"])
    assert rebuilt.exit_code == 0 and "Indexed" in rebuilt.output
    assert runner.invoke(args=["doctor"]).exit_code == 0


def test_the_index_folder_is_private(app, db, index, make_system):
    make_system(name="Tern Tool")
    index.catch_up(db)
    folder = Path(app.instance_path) / index.home.generation()
    assert folder.stat().st_mode & 0o077 == 0
