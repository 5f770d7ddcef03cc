"""Keeping the search index in step with the database: documents, the indexer, rebuilds and the doctor.

Every write queues its system or assessment in the outbox inside its own transaction (see
dpia/store/search_queue.py). One indexer at a time, across processes, takes the instance-wide lock, drains
the queue in batches inside Whoosh's `writer(timeout=...)`, and removes the rows only after committing, so a
crash replays the batch. A missing, stale or unreadable index is rebuilt from SQLite into a new generation
that replaces the old one atomically; search keeps answering from the old one meanwhile.
"""

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from dpia import kinds
from dpia.partial_dates import display as date_display
from dpia.search.documents import Passage, name_document, system_document, version_document
from dpia.search.home import IndexHome, IndexUnavailable, LockTimeout
from dpia.search.readers import Searchers
from dpia.search.writing import Changes, apply, fill, name_ids, stored_digests, tidy
from dpia.services import answers, systems
from dpia.store import assessments as assessment_store
from dpia.store import search_queue
from dpia.store import systems as system_store
from dpia.store import withholding as mark_store
from dpia.store.db import Database, connect
from dpia.vocab import STATUSES, labels

log = logging.getLogger(__name__)
# Segments: merged at once past MOST (a steady stream of saves), and past IDLE once saves pause that long.
MOST_SEGMENTS = 40
IDLE_SEGMENTS = 8
IDLE_SECONDS = 2.0

DETAILS = (
    ("owner", "Owner"),
    ("marking", "Protective marking"),
    ("started", "Date started"),
    ("conducted", "Date conducted"),
    ("approved", "Date approved"),
    ("review_due", "Review due"),
)


# Documents from the database


def system_passages(system: dict) -> list[Passage]:
    """A system's fields as readable passages, labelled as on its page."""
    text = systems.snapshot(system)
    # Lists (aliases, costs, policies) read as one line each in a snippet.
    return [
        Passage(key, label, text[key].replace("\n", "; "))
        for key, label in systems.FIELD_LABELS.items()
        if text[key]
    ]


def version_passages(version: dict) -> list[Passage]:
    """A version's details and every answer (risks, measures, bias tests, sign-offs) as passages."""
    kind = kinds.definition(version["kind"], version["definition_version"])
    found = [
        Passage("kind", "Kind", kind.label),
        Passage("reference", "Reference", version["reference"]),
        Passage("title", "Title", version["title"]),
        Passage("status", "Status", labels(STATUSES)[version["status"]]),
    ]
    for key, label in DETAILS:
        value = version[key] or ""
        found.append(Passage(key, label, date_display(value) if key not in ("owner", "marking") else value))
    for line in answers.lines(kind, version["answers"]):
        found.append(Passage(line.path, f"{line.section} › {line.label}", line.text))
    return [p for p in found if p.text]


def _system_document(db: Database, system: dict) -> dict:
    passages = system_passages(system)
    withheld = withheld_paths(passages, [m["target"] for m in mark_store.for_system(db, system["id"])])
    return system_document(system, passages, withheld)


def _is_current(version: dict, newest: int) -> bool:
    """The version people mean by the assessment (its newest) and any approved one are current."""
    return version["number"] == newest or version["status"] == "approved"


def assessment_documents(db: Database, assessment_id: int, system: dict | None = None) -> list[dict]:
    """One document per version of an assessment; none if it no longer exists."""
    versions = assessment_store.versions(db, assessment_id)
    if not versions:
        return []
    system = system or system_store.get(db, versions[0]["system_id"])
    newest = versions[-1]["number"]
    marks = mark_store.for_versions(db, [v["id"] for v in versions])
    documents = []
    for version in versions:
        passages = version_passages(version)
        withheld = withheld_paths(passages, [m["target"] for m in marks[version["id"]]], version)
        documents.append(version_document(version, system, passages, _is_current(version, newest), withheld))
    return documents


def withheld_paths(
    passages: list[Passage], targets: list[str], version: dict | None = None
) -> frozenset[str]:
    """The passages a set of withholding marks covers: whole sections, answers, rows, cells or details."""
    sections = {t.removeprefix("section:") for t in targets if t.startswith("section:")}
    in_sections = set()
    if version is not None and sections:
        kind = kinds.definition(version["kind"], version["definition_version"])
        in_sections = {q.key for s in kind.sections if s.key in sections for q in s.questions}
    # Marks name a part ("aims", "risks/1a2b3c4d", "detail:title"); a passage inside or around it is covered.
    parts = {t.removeprefix("detail:") for t in targets if not t.startswith("section:")}
    return frozenset(
        p.path
        for p in passages
        if p.path.split("/")[0] in in_sections
        or any(
            p.path == part or p.path.startswith(part + "/") or part.startswith(p.path + "/") for part in parts
        )
    )


def changes_for(db: Database, queued: list[dict]) -> Changes:
    """What the queued rows mean for the index, each system and assessment once (a batch is deduplicated)."""
    system_ids = {r["entity_id"] for r in queued if r["entity"] == "system"}
    assessment_ids = {r["entity_id"] for r in queued if r["entity"] == "assessment"}
    changes = Changes()
    for system_id in sorted(system_ids):
        # Versions carry their system's name, category and marking: re-index them with it.
        assessment_ids.update(search_queue.assessment_ids(db, system_id))
        changes.names_removed.add(str(system_id))
        changes.content_removed.add(("doc_id", f"s{system_id}"))
        system = system_store.get(db, system_id)
        if system is not None:
            changes.names.append(name_document(system))
            changes.content.append(_system_document(db, system))
    for assessment_id in sorted(assessment_ids):
        changes.content_removed.add(("assessment_id", str(assessment_id)))
        changes.content.extend(assessment_documents(db, assessment_id))
    return changes


def all_documents(db: Database, progress: Callable[[int], None] | None = None) -> tuple[list[dict], Iterator]:
    """Every names document, and a stream of every content document, read from the database."""
    names, by_id = [], {}
    for system_id in search_queue.system_ids(db):
        system = system_store.get(db, system_id)
        by_id[system_id] = system
        names.append(name_document(system))

    def content() -> Iterator[dict]:
        for system in by_id.values():
            yield _system_document(db, system)
        for assessment_id in search_queue.assessment_ids(db):
            documents = assessment_documents(db, assessment_id)
            if documents:
                yield from documents
                if progress:
                    progress(len(documents))

    return names, content()


# The index of one instance


@dataclass
class Status:
    """What search can say about itself on a page or to `dpia doctor`."""

    ready: bool
    rebuilding: bool
    message: str = ""


@dataclass
class SearchIndex:
    """The search index of one instance, its per-thread searchers and its background indexer."""

    database: str
    folder: str
    # "thread": a background thread of this process indexes; "off": another process does.
    mode: str = "thread"
    batch: int = 200
    lock_timeout: float = 10.0
    poll: float = 0.25
    rebuild_procs: int = 2
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
            self._tidy(most=MOST_SEGMENTS)
        return applied

    def _tidy(self, most: int) -> None:
        """Merge small segments (each batch adds one) once more than `most` have piled up."""
        with self.home.lock(self.lock_timeout):
            tidy(self.home.open(), self.lock_timeout, most)

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
            apply(indexes, changes_for(db, queued), timeout=self.lock_timeout)
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
                covered = search_queue.newest(db)
                name, indexes = self.home.new_generation()
                try:
                    names, content = all_documents(db, progress)
                    count = fill(indexes, names, content, procs=self._rebuild_procs())
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

    def ensure_ready(self) -> Status:
        """The index's state for a page; starts the indexer (which rebuilds) if the index is unusable."""
        try:
            self.home.open()
        except IndexUnavailable as error:
            self._needs_rebuild.set()
            self.start()
            return Status(False, True, str(error))
        self.start()
        if self._needs_rebuild.is_set():
            return Status(False, True, self.last_error)
        return Status(True, self._rebuilding.is_set())


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
    names, content = all_documents(db)
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
