"""The search index of one instance: per-thread searchers, the background indexer, rebuilds and the doctor.

Every write queues its system or assessment in the outbox inside its own transaction (see
dpia/store/search_queue.py). One indexer at a time, across processes, takes the instance-wide lock, drains
the queue in batches inside Whoosh's `writer(timeout=...)`, and removes the rows only after committing, so a
crash replays the batch. A missing, stale or unreadable index is rebuilt from SQLite into a new generation
that replaces the old one atomically; search keeps answering from the old one meanwhile.

What the documents say is not decided here: the services hand the index a `Source` that reads them from the
database, so this package never imports the services.
"""

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from dpia.search.home import IndexHome, IndexUnavailable, LockTimeout
from dpia.search.readers import Searchers
from dpia.search.writing import Changes, apply, fill, name_ids, stored_digests, tidy
from dpia.store import search_queue
from dpia.store.db import Database, connect

log = logging.getLogger(__name__)
# Segments: merged at once past MOST (a steady stream of saves), and past IDLE once saves pause that long.
# Each save adds one and waits for any merge, so merging waits for a pause: merging Whoosh segments costs
# tens of milliseconds a document merged, whereas 32 small segments add a few milliseconds to a search (and
# an open file each: two indexes at 32 stay well inside the 200 open files a server is held to).
MOST_SEGMENTS = 32
IDLE_SEGMENTS = 8
IDLE_SECONDS = 2.0


@dataclass(frozen=True)
class Source:
    """Where the index's documents come from: the changes a batch of queued rows means, and everything."""

    changes: Callable[[Database, list[dict]], Changes]
    everything: Callable[[Database, Callable[[int], None] | None], tuple[list[dict], Iterator[dict]]]


@dataclass
class Status:
    """What search can say about itself on a page or to `dpia doctor`."""

    ready: bool
    rebuilding: bool
    message: str = ""
    # Saved changes not yet in the index: search answers, but is not ready (it may miss them).
    pending: int = 0

    @property
    def searchable(self) -> bool:
        """Whether the index can answer now, perhaps without the latest changes."""
        return self.ready or (self.pending > 0 and not self.message)


@dataclass
class SearchIndex:
    """The search index of one instance, its per-thread searchers and its background indexer."""

    database: str
    folder: str
    source: Source
    # "thread": a background thread of this process indexes; "off": another process does.
    mode: str = "thread"
    batch: int = 200
    lock_timeout: float = 10.0
    poll: float = 0.25
    rebuild_procs: int = 2
    # Postings a rebuild keeps in memory (shared by its processes) before spilling sorted runs to disk.
    rebuild_memory_mb: int = 2048
    home: IndexHome = field(init=False)
    searchers: Searchers = field(init=False)

    def __post_init__(self) -> None:
        self.home = IndexHome(self.folder)
        self.searchers = Searchers(self.home)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._rebuilding = threading.Event()
        self._needs_rebuild = threading.Event()
        self._start_guard = threading.Lock()
        self.last_error = ""
        # When this process last applied a change not yet followed by a pause (0: merged since).
        self._last_change = 0.0

    # The background indexer

    def start(self) -> None:
        """Start this process's indexer thread if configured and not yet running."""
        if self.mode != "thread":
            return
        with self._start_guard:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self.run, name="dpia-indexer", daemon=True)
                self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the indexer thread to finish its batch and stop."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run(self) -> None:
        """Drain the queue whenever a commit here says so, or every `poll` seconds for other processes."""
        db = connect(self.database)
        self._remove_orphans()
        try:
            while not self._stop.is_set():
                seen = search_queue.sequence()
                try:
                    if not self.catch_up(db):
                        self.tidy_when_idle()
                except LockTimeout:
                    pass  # Another process is indexing or rebuilding; our rows wait for whoever is next.
                except Exception as error:  # The indexer must outlive any one bad batch; rows stay queued.
                    self.last_error = repr(error)
                    log.exception("search indexer failed; rebuilding the index and retrying")
                    self._needs_rebuild.set()
                    self._stop.wait(2.0)
                search_queue.wait(seen, self.poll)
        finally:
            db.close()

    def _remove_orphans(self) -> None:
        """Delete what a killed rebuild left, once the lock says no rebuild is running."""
        try:
            with self.home.lock(self.lock_timeout):
                self.home.remove_orphans()
        except LockTimeout:
            pass  # A rebuild is running; it removes them itself.

    def catch_up(self, db: Database) -> int:
        """Rebuild if the index is unusable, then drain the queue; return how many rows were applied."""
        try:
            self.home.open()
        except IndexUnavailable:
            self._needs_rebuild.set()
        if self._needs_rebuild.is_set():
            self.rebuild(db)
            self._needs_rebuild.clear()
        applied = 0
        while not self._stop.is_set():
            done = self.drain_batch(db)
            if not done:
                break
            applied += done
        if applied:
            self._last_change = time.monotonic()
            self._tidy(most=MOST_SEGMENTS, thorough=False)
        return applied

    def _tidy(self, most: int, thorough: bool = True) -> None:
        """Merge small segments (each batch adds one) once more than `most` have piled up."""
        with self.home.lock(self.lock_timeout):
            tidy(self.home.open(), self.lock_timeout, most, thorough)

    def tidy_when_idle(self) -> None:
        """Merging takes a few hundred milliseconds and a save waits for it, so merge once saves pause."""
        if self._last_change and time.monotonic() - self._last_change > IDLE_SECONDS:
            self._last_change = 0.0
            self._tidy(most=IDLE_SEGMENTS)

    def drain_batch(self, db: Database) -> int:
        """Apply one batch of the queue under the index lock; return how many rows it removed."""
        if not search_queue.newest(db):
            return 0
        with self.home.lock(self.lock_timeout):
            queued = search_queue.take(db, self.batch)
            if not queued:
                return 0
            indexes = self.home.open()
            apply(indexes, self.source.changes(db, queued), timeout=self.lock_timeout)
            search_queue.done(db, [r["id"] for r in queued])
        return len(queued)

    # Rebuilding

    def rebuild(self, db: Database, progress: Callable[[int], None] | None = None) -> int:
        """Build a new generation from the database and publish it; return the documents written.

        Holds the index lock throughout, so no batch is applied to the old generation and lost: changes
        queued meanwhile wait and are applied to the new one.
        """
        self._rebuilding.set()
        try:
            with self.home.lock(timeout=max(self.lock_timeout, 60.0)):
                self.home.remove_orphans()
                covered = search_queue.newest(db)
                name, indexes = self.home.new_generation()
                try:
                    names, content = self.source.everything(db, progress)
                    count = fill(indexes, names, content, self.rebuild_memory_mb, self._rebuild_procs())
                except BaseException:
                    self.home.discard(name)
                    raise
                self.home.publish(name)
                # Rows queued before the rebuild read the database are in the new generation already.
                search_queue.done(db, _ids_up_to(db, covered))
                return count
        finally:
            self._rebuilding.clear()

    def _rebuild_procs(self) -> int:
        """Processes for a rebuild: one per core, but only from a single-threaded process.

        Forking a process that runs other threads (a web server's) can deadlock, so a rebuild started
        by a web process (search keeps answering from the old index meanwhile) uses one process.
        """
        if threading.active_count() > 1:
            return 1
        return max(1, min(self.rebuild_procs, os.cpu_count() or 1))

    def close(self) -> None:
        """Stop this process's indexer and close every thread's searchers (they hold open files)."""
        self.stop()
        self.searchers.close_all()

    def report_broken(self, error: Exception) -> None:
        """A search failed inside Whoosh: treat the index as unreadable and rebuild it in the background."""
        log.error("search index unreadable, rebuilding: %r", error)
        self.last_error = repr(error)
        self.home.forget()
        self.searchers.close()
        self._needs_rebuild.set()
        self.start()

    def ensure_ready(self, db: Database | None = None) -> Status:
        """The index's state for a page; starts the indexer (which rebuilds) if the index is unusable.

        Given the database, the index is ready only once the outbox is drained.
        """
        try:
            self.home.open()
        except IndexUnavailable as error:
            self._needs_rebuild.set()
            self.start()
            return Status(False, True, str(error))
        self.start()
        if self._needs_rebuild.is_set():
            return Status(False, True, self.last_error)
        pending = search_queue.length(db) if db is not None else 0
        return Status(not pending, self._rebuilding.is_set(), pending=pending)


def _ids_up_to(db: Database, newest: int) -> list[int]:
    return [r["id"] for r in search_queue.take(db, 10**9) if r["id"] <= newest]


# The doctor


@dataclass
class Drift:
    """Differences between the index and the database."""

    missing: list[str]
    extra: list[str]
    stale: list[str]
    names_missing: list[str]
    names_extra: list[str]
    queued: int
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        """Whether index and database agree."""
        return not (self.missing or self.extra or self.stale or self.names_missing or self.names_extra)


def compare(db: Database, index: SearchIndex) -> Drift:
    """Compare every document the database implies with what the index holds (content digests)."""
    indexes = index.home.open()
    stored = stored_digests(indexes)
    names, content = index.source.everything(db, None)
    expected = {d["doc_id"]: d["digest"] for d in content}
    system_ids = {d["system_id"] for d in names}
    in_names = name_ids(indexes)
    return Drift(
        missing=sorted(set(expected) - set(stored)),
        extra=sorted(set(stored) - set(expected)),
        stale=sorted(k for k in set(expected) & set(stored) if expected[k] != stored[k]),
        names_missing=sorted(system_ids - in_names),
        names_extra=sorted(in_names - system_ids),
        queued=search_queue.length(db),
        counts=search_queue.counts(db),
    )


def wait_until_drained(db: Database, timeout: float) -> bool:
    """Wait for the queue to empty (tests and commands); True if it did."""
    deadline = time.monotonic() + timeout
    while search_queue.length(db):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
