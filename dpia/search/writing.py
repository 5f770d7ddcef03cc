"""Applying changes to both indexes, and bulk-building a new generation."""

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from whoosh import writing

from dpia.search.home import Indexes


@dataclass
class Changes:
    """What one batch does to the indexes. Deletions run before additions, so re-adding replaces."""

    names: list[dict] = field(default_factory=list)
    content: list[dict] = field(default_factory=list)
    # System ids whose names document is removed (and re-added if present in `names`).
    names_removed: set[str] = field(default_factory=set)
    # (field, value) pairs whose content documents are removed, such as ("assessment_id", "12").
    content_removed: set[tuple[str, str]] = field(default_factory=set)


# Compound segments: one file per segment, which Whoosh maps into memory and then closes, so an open
# searcher holds no file descriptor per segment (separate files held about ten each, per searcher).
COMPOUND = {"compound": True}


def apply(indexes: Indexes, changes: Changes, timeout: float) -> None:
    """Commit a batch to both indexes, waiting up to `timeout` seconds for each Whoosh write lock."""
    writer = indexes.content.writer(timeout=timeout, **COMPOUND)
    try:
        for fieldname, value in sorted(changes.content_removed):
            writer.delete_by_term(fieldname, value)
        for document in changes.content:
            writer.add_document(**document)
    except BaseException:
        writer.cancel()
        raise
    # No merging here: a save becomes visible first, and `tidy` merges small segments afterwards.
    writer.commit(merge=False)
    if not (changes.names or changes.names_removed):
        return  # Most batches are assessment saves: leave the names index (and its lock) alone.
    writer = indexes.names.writer(timeout=timeout, **COMPOUND)
    try:
        for system_id in sorted(changes.names_removed):
            writer.delete_by_term("system_id", system_id)
        for document in changes.names:
            writer.add_document(**document)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)


def tidy(indexes: Indexes, timeout: float, most: int = 8) -> None:
    """Merge small segments once more than `most` have piled up (each batch of saves adds one)."""
    for index in (indexes.content, indexes.names):
        with index.reader() as reader:
            segments = len(reader.leaf_readers())
        if segments > most:
            writer = index.writer(timeout=timeout, **COMPOUND)
            writer.commit(mergetype=writing.MERGE_SMALL)


def fill(
    indexes: Indexes, names: Iterable[dict], content: Iterable[dict], memory_mb: int = 256, procs: int = 1
) -> int:
    """Add every document to an empty generation; return how many content documents were written.

    With `procs` > 1, Whoosh's multiprocessing writer analyses documents in that many processes, each
    writing its own segment (analysis is almost all of a rebuild's time).
    """
    writer = indexes.names.writer(limitmb=64, **COMPOUND)
    for document in names:
        writer.add_document(**document)
    writer.commit()
    # Workers inherit the index lock: make them die with this process if it is killed mid-build.
    with _workers_die_with_parent() if procs > 1 else contextlib.nullcontext():
        if procs > 1:
            writer = indexes.content.writer(
                procs=procs, limitmb=memory_mb // procs, multisegment=True, **COMPOUND
            )
        else:
            writer = indexes.content.writer(limitmb=memory_mb, **COMPOUND)
        count = 0
        try:
            for document in content:
                writer.add_document(**document)
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
    return count


def stored_digests(indexes: Indexes) -> dict[str, str]:
    """doc_id -> digest of every content document, for comparing with the database."""
    with indexes.content.searcher() as searcher:
        return {fields["doc_id"]: fields["digest"] for fields in searcher.all_stored_fields()}


def name_ids(indexes: Indexes) -> set[str]:
    """System ids in the names index."""
    with indexes.names.searcher() as searcher:
        return {fields["system_id"] for fields in searcher.all_stored_fields()}


# Set while Whoosh forks a rebuild's worker processes: they inherit the index lock, so a worker outliving
# a killed `dpia reindex` would hold it for ever.
_forking_workers = 0  # the pid of the process forking them, else 0
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    if not _forking_workers or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != _forking_workers:  # The parent died before the request took effect.
        os._exit(1)


os.register_at_fork(after_in_child=_die_with_parent)


@contextlib.contextmanager
def _workers_die_with_parent() -> Iterator[None]:
    global _forking_workers
    _forking_workers = os.getpid()
    try:
        yield
    finally:
        _forking_workers = 0
