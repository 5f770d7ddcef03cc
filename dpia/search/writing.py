"""Applying changes to both indexes, and bulk-building a new generation."""

import contextlib
import ctypes
import heapq
import itertools
import os
import pickle
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from whoosh import multiproc, writing
from whoosh.reading import SegmentReader

from dpia.search.home import Indexes
from dpia.search.schema import ContentAnalyzer, ContentPositions


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


def tidy(indexes: Indexes, timeout: float, most: int = 8, thorough: bool = True) -> None:
    """Merge small segments once more than `most` have piled up (each batch of saves adds one).

    `thorough` uses Whoosh's MERGE_SMALL, which also re-merges what earlier merges made: right once saves
    pause. Between saves (a save waits for the merge) only the `MERGE_FACTOR` smallest are merged, so each
    merge costs about the same instead of growing with everything saved since the last rebuild.
    """
    for index in (indexes.content, indexes.names):
        with index.reader() as reader:
            segments = len(reader.leaf_readers())
        if segments > most:
            writer = index.writer(timeout=timeout, **COMPOUND)
            writer.commit(mergetype=writing.MERGE_SMALL if thorough else merge_smallest)


# Segments merged at once between saves.
MERGE_FACTOR = 8


def merge_smallest(writer, segments: list) -> list:
    """A Whoosh merge policy: the `MERGE_FACTOR` smallest segments become one; the rest are kept."""
    ordered = sorted(segments, key=lambda segment: segment.doc_count_all())
    for segment in ordered[:MERGE_FACTOR]:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return ordered[MERGE_FACTOR:]


def fill(
    indexes: Indexes, names: Iterable[dict], content: Iterable[dict], memory_mb: int = 2048, procs: int = 1
) -> int:
    """Add every document to an empty generation; return how many content documents were written.

    With `procs` > 1, worker processes analyse the documents, each writing its own segment (analysis and
    writing postings are almost all of a rebuild's time). Writers keep postings grouped by term in memory
    (see `_TermPool`), spilling to sorted runs on disk only past `memory_mb`.
    """
    writer = _BulkWriter(indexes.names, limitmb=64, **COMPOUND)
    for document in names:
        writer.add_document(**document)
    writer.commit()
    # Workers inherit the index lock: make them die with this process if it is killed mid-build.
    with _workers_die_with_parent() if procs > 1 else contextlib.nullcontext():
        if procs > 1:
            writer = _BulkMpWriter(
                indexes.content, procs=procs, limitmb=memory_mb // procs, multisegment=True, **COMPOUND
            )
        else:
            writer = _BulkWriter(indexes.content, limitmb=memory_mb, **COMPOUND)
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


# Bulk writing. Whoosh's writer puts every posting in a pool it pickles to disk in sorted runs and merges
# back, then looks each posting's field length up in the segment's columns: most of a rebuild's time. The
# same segments are written here from postings grouped by term in memory, and lengths read once per field.


class _TermPool(writing.PostingPool):
    """Postings grouped by (field, term): sorting the terms orders the postings, since each term's postings
    arrive in document order. Past `limitmb` they are written out as one of Whoosh's sorted runs."""

    def __init__(self, tempstore, segment, limitmb: int = 128) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb)
        self.terms: dict[tuple[str, bytes], list[tuple]] = {}

    def add(self, item: tuple) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        postings = self.terms.get((fieldname, tbytes))
        if postings is None:
            self.terms[(fieldname, tbytes)] = [(docnum, weight, vbytes)]
            self.fieldnames.add(fieldname)
            self.currentsize += 200 + len(tbytes)
        else:
            postings.append((docnum, weight, vbytes))
        self.currentsize += 120 + len(vbytes or b"")
        if self.currentsize > self.limit:
            self.save()

    def add_positions(
        self, fieldname: str, docnum: int, field, positions: dict[str, list[int]], boost: float
    ) -> int:
        """Add one document's postings for a `ContentPositions` field; return the field's length there."""
        terms = self.terms
        fb = field.format.field_boost
        encoded, singles = field.format.encoded, field.format.singles
        length = size = 0
        for term, poslist in positions.items():
            count = len(poslist)
            length += count
            vbytes = (count == 1 and singles.get(poslist[0])) or encoded(poslist)
            size += 120 + len(vbytes)
            key = (fieldname, term.encode("utf-8"))
            postings = terms.get(key)
            if postings is None:
                terms[key] = [(docnum, float(count) * fb * boost, vbytes)]
                self.fieldnames.add(fieldname)
                size += 200 + len(key[1])
            else:
                postings.append((docnum, float(count) * fb * boost, vbytes))
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()
        return length if field.scorable else 0

    def groups(self) -> Iterator[tuple[tuple[str, bytes], list[tuple]]]:
        """Each term's postings, terms in order and each term's postings in document order.

        Runs spilt to disk are merged a term at a time: they were written one after another, so a term's
        postings are its postings from each run in turn, and no posting is compared with another.
        """
        if not self.runs:
            return self._groups()
        while len(self.runs) > MAX_RUNS_OPEN:  # Keep open files bounded: merge the oldest runs first.
            path, f = self._new_run()
            _write_run(f, _merged([self._read_groups(p) for p in self.runs[:MAX_RUNS_OPEN]]))
            self.runs[:MAX_RUNS_OPEN] = [path]
        runs, self.runs = self.runs, []
        # What is still in memory came last, so it is the last run.
        return _merged([*(self._read_groups(path) for path in runs), self._groups()])

    def _groups(self) -> Iterator[tuple[tuple[str, bytes], list[tuple]]]:
        terms, self.terms = self.terms, {}
        for key in sorted(terms):
            yield key, terms[key]

    def _read_groups(self, path: str) -> Iterator[tuple[tuple[str, bytes], list[tuple]]]:
        with self._open_run(path) as f:
            while True:
                try:
                    yield from pickle.load(f)
                except EOFError:
                    break
        self._remove_run(path)

    def items(self, maxfiles: int = 128) -> Iterator[tuple]:
        """Every posting in Whoosh's pool order: (field, term, docnum, weight, value)."""
        for (fieldname, tbytes), postings in self.groups():
            for docnum, weight, vbytes in postings:
                yield fieldname, tbytes, docnum, weight, vbytes

    def save(self) -> None:
        if self.terms:
            path, f = self._new_run()
            _write_run(f, self._groups())
            self._add_run(path)
        self.currentsize = 0


# Runs merged at once, each an open file; more are first merged in batches of this many.
MAX_RUNS_OPEN = 64
# Terms pickled together in a run: large enough that pickling is cheap, small enough to read a run lazily.
_RUN_BATCH = 2000


def _write_run(f, groups: Iterable[tuple[tuple[str, bytes], list[tuple]]]) -> None:
    with f:
        batch = []
        for group in groups:
            batch.append(group)
            if len(batch) == _RUN_BATCH:
                pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
                batch = []
        if batch:
            pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)


def _merged(runs: list[Iterator[tuple[tuple[str, bytes], list[tuple]]]]):
    """Runs' groups merged by term; a term's postings joined in run order (heapq.merge is stable)."""
    for key, parts in itertools.groupby(heapq.merge(*runs, key=itemgetter(0)), key=itemgetter(0)):
        postings: list[tuple] = []
        for _key, part in parts:
            postings += part
        yield key, postings


class _Lengths:
    """A segment's field lengths, each field's read into a list on first use."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.fields: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self.fields.get(fieldname)
        if lengths is None:
            read = self.reader.doc_field_length
            lengths = [read(n, fieldname, default) for n in range(self.reader.doc_count_all())]
            self.fields[fieldname] = lengths
        return lengths[docnum]

    def close(self) -> None:
        self.reader.close()


class _BulkWriter(writing.SegmentWriter):
    """Whoosh's segment writer with a `_TermPool` and `_Lengths`: the same segment, written sooner."""

    def __init__(self, ix, limitmb: int = 128, **kwargs) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = _TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def add_document(self, **fields) -> None:
        """Whoosh's `add_document` without vectors or spelling (our schemas use neither), putting
        `ContentPositions` text straight into the pool instead of through three generators."""
        self._check_state()
        perdocwriter, schema, docnum, pool = self.perdocwriter, self.schema, self.docnum, self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                if field.vector or field.separate_spelling():
                    raise ValueError(f"bulk writing does not support vectors or spelling ({fieldname})")
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    if (
                        isinstance(field.format, ContentPositions)
                        and isinstance(field.analyzer, ContentAnalyzer)
                        and isinstance(value, str)
                    ):
                        length = pool.add_positions(
                            fieldname, docnum, field, field.analyzer.positions(value), boost
                        )
                    else:
                        for tbytes, freq, weight, vbytes in field.index(value):
                            if field.scorable:
                                length += freq
                            pool.add((fieldname, tbytes, docnum, weight * boost, vbytes))
                value = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                if field.column_type:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = _Lengths(self.per_document_reader()) if self.codec.length_stats else None
        if lengths is None:
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        else:
            _write_terms(self.fieldwriter, self.schema, lengths, self.pool.groups())
        self.fieldwriter.close()
        if lengths:
            lengths.close()


def _write_terms(
    fieldwriter, schema, lengths: _Lengths, groups: Iterable[tuple[tuple[str, bytes], list[tuple]]]
) -> None:
    """What Whoosh's `add_postings` does with sorted postings, term by term from the pool's groups."""
    field = None
    for (fieldname, tbytes), postings in groups:
        if fieldname != field:
            if field is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field = fieldname
            lengths.doc_field_length(0, fieldname)  # Reads the field's lengths into a list.
            of_field = lengths.fields[fieldname]
        fieldwriter.start_term(tbytes)
        add = fieldwriter.add
        for docnum, weight, vbytes in postings:
            add(docnum, weight, vbytes if vbytes is not None else b"", of_field[docnum])
        fieldwriter.finish_term()
    if field is not None:
        fieldwriter.finish_field()


class _BulkTask(multiproc.SubWriterTask):
    """A worker process of `_BulkMpWriter`: Whoosh's, writing its own segment with a `_BulkWriter`."""

    def run(self) -> None:
        writer = self.writer = _BulkWriter(self.storage.open_index(self.indexname), _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        fieldnames = writer.pool.fieldnames
        self.resultqueue.put((None, fieldnames, writer._finalize_segment()), timeout=5)


class _BulkMpWriter(multiproc.MpWriter):
    """Whoosh's multiprocessing writer (one segment per worker) with `_BulkTask` workers."""

    def _new_task(self) -> multiproc.SubWriterTask:
        task = _BulkTask(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, True)
        self.tasks.append(task)
        task.start()
        return task


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
