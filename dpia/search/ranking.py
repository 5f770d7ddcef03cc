"""The best documents for a query of words, scored a term at a time rather than a document at a time.

Whoosh scores through a tree of matchers, one document at a time: at 100,000 versions three common words
match some 20,000 documents, at about 50 microseconds of interpreter time each (over a second a search).
The queries people type are words, alternatives and bounded prefix expansions: And and Or of Terms. For
those, each term's postings are read a block at a time and BM25F scores summed in a dict, with Whoosh's own
statistics and formula, so scores and order are Whoosh's (tests/search/test_ranking.py holds them to it).
Anything else (phrases, NOT, coordination) is left to Whoosh.

This reads Whoosh 2.7's on-disk postings (`W3LeafMatcher`) below its public interface: re-run the
equivalence tests when Whoosh changes.
"""

import heapq
import threading
from array import array
from collections import OrderedDict
from collections.abc import Collection

from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import SegmentReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

Scores = dict[int, float]
# A field length is stored as one byte; decoding each through byte_to_length costs more than a look-up.
_LENGTHS = [byte_to_length(b) for b in range(256)]


def supports(searcher: Searcher, wanted: query.Query) -> bool:
    """Whether the query is one this module scores exactly as Whoosh would."""
    if not isinstance(searcher.weighting, BM25F) or searcher.weighting._field_B:
        return False
    return _plain(searcher, wanted)


def _plain(searcher: Searcher, node: query.Query) -> bool:
    if isinstance(node, query.Term):
        return node.fieldname in searcher.schema and not node.minquality
    if type(node) is query.And or type(node) is query.Or:
        # A boost on a group, or coordination, is scored by Whoosh in ways not reproduced here.
        coordinated = isinstance(node, query.Or) and (node.minmatch or node.scale)
        plain = node.boost == 1.0 and not coordinated
        return plain and all(_plain(searcher, child) for child in node.subqueries)
    return node is query.NullQuery


def top(
    searcher: Searcher,
    wanted: query.Query,
    limit: int,
    allow: Collection[int] | None = None,
    exclude: Collection[int] | None = None,
) -> list[tuple[float, int]]:
    """The best `limit` (score, docnum) pairs, highest score first and lower docnum first among equals."""
    scores = _scores(searcher, wanted)
    candidates = (
        (score, docnum)
        for docnum, score in scores.items()
        if (allow is None or docnum in allow) and (exclude is None or docnum not in exclude)
    )
    return heapq.nsmallest(limit, candidates, key=lambda pair: (-pair[0], pair[1]))


def _scores(searcher: Searcher, node: query.Query) -> Scores:
    if isinstance(node, query.Term):
        scores = _term_scores(searcher, node.fieldname, node.text)
        if node.boost != 1.0:
            scores = {docnum: score * node.boost for docnum, score in scores.items()}
        return scores
    if isinstance(node, query.And):
        return _intersection([_scores(searcher, child) for child in node.subqueries])
    if isinstance(node, query.Or):
        return _union([_scores(searcher, child) for child in node.subqueries])
    return {}


def _union(parts: list[Scores]) -> Scores:
    if not parts:
        return {}
    parts = sorted(parts, key=len, reverse=True)
    total = dict(parts[0])
    get = total.get
    for part in parts[1:]:
        for docnum, score in part.items():
            total[docnum] = get(docnum, 0.0) + score
    return total


def _intersection(parts: list[Scores]) -> Scores:
    if not parts:
        return {}
    parts = sorted(parts, key=len)
    total = dict(parts[0])
    for part in parts[1:]:
        total = {docnum: score + part[docnum] for docnum, score in total.items() if docnum in part}
    return total


def _term_scores(searcher: Searcher, fieldname: str, text) -> Scores:
    field = searcher.schema[fieldname]
    try:
        btext = field.to_bytes(text)
    except ValueError:
        return {}
    if (fieldname, btext) not in searcher.reader():
        return {}  # As Whoosh: no statistics for a word no document has (an empty index has no idf at all).
    scores: Scores = {}
    if not field.scorable:
        for _reader, offset, ids, weights in _blocks(searcher, fieldname, btext):
            scores.update((docnum + offset, weight) for docnum, weight in zip(ids, weights, strict=True))
        return scores
    # bm25() as BM25FScorer calls it, with idf and average length from the whole index, written out
    # because a call per posting is a third of the time.
    idf = searcher.idf(fieldname, btext)
    average = searcher.avg_field_length(fieldname) or 1
    b, k1 = searcher.weighting.B, searcher.weighting.K1
    for reader, offset, ids, weights in _blocks(searcher, fieldname, btext):
        lengths = _lengths(reader, fieldname)
        scores.update(
            (docnum + offset, idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[docnum] / average))))
            for docnum, tf in zip(ids, weights, strict=True)
        )
    return scores


def docs(searcher: Searcher, wanted: query.Query) -> set[int]:
    """The documents a query of terms matches (as `Searcher.docs_for_query`), read a block at a time."""
    if not _plain(searcher, wanted):
        return set(searcher.docs_for_query(wanted))
    if wanted is query.NullQuery:
        return set()
    if isinstance(wanted, query.Term):
        btext = searcher.schema[wanted.fieldname].to_bytes(wanted.text)
        found: set[int] = set()
        for _reader, offset, ids, _weights in _blocks(searcher, wanted.fieldname, btext):
            found.update(docnum + offset for docnum in ids)
        return found
    parts = [docs(searcher, child) for child in wanted.subqueries]
    if isinstance(wanted, query.And):
        return set.intersection(*parts) if parts else set()
    return set().union(*parts)


def _blocks(searcher: Searcher, fieldname: str, btext: bytes, weights: bool = True):
    """(segment reader, offset, docnums, weights) of one term's live postings, a segment at a time."""
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (fieldname, btext) not in reader:
            continue
        ids, found = POSTINGS.get(reader, fieldname, btext)
        deleted = _deleted(reader)
        if deleted:
            kept = [i for i, docnum in enumerate(ids) if docnum not in deleted]
            ids, found = [ids[i] for i in kept], [found[i] for i in kept]
        yield reader, offset, ids, found


def _deleted(reader: SegmentReader) -> frozenset[int]:
    # Whoosh builds this set afresh on every call; a reader's deletions are fixed for its life.
    if "_dpia_deleted" not in reader.__dict__:
        reader._dpia_deleted = reader.deleted_docs_set
    return reader._dpia_deleted


class Postings:
    """Decoded postings of recently searched terms, by segment, least recently used dropped first.

    Decoding is most of a search's cost (a compressed pickle per 128 postings, positions included), and the
    words people search for recur. A segment's postings never change once written, and its id is random,
    so an entry stays right across saves and rebuilds; deletions are applied when it is read.
    """

    def __init__(self, capacity: int):
        self.capacity = capacity  # postings held in all, about 8 bytes each
        self.size = 0
        self.entries: OrderedDict[tuple, tuple[array, array]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, reader: SegmentReader, fieldname: str, btext: bytes) -> tuple[array, array]:
        """One term's docnums and weights in one segment, deletions not yet applied."""
        key = (reader.segment().segment_id(), fieldname, btext)
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        found = _decode(reader, fieldname, btext)
        with self.lock:
            if key not in self.entries:
                self.entries[key] = found
                self.size += len(found[0])
            while self.size > self.capacity and self.entries:
                _key, (ids, _weights) = self.entries.popitem(last=False)
                self.size -= len(ids)
        return found


def _decode(reader: SegmentReader, fieldname: str, btext: bytes) -> tuple[array, array]:
    ids, weights = array("I"), array("f")
    matcher = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.extend(matcher._ids)
        weights.extend(matcher._weights)
        matcher._next_block()
    return ids, weights


# About 32 MB at most: the postings of a few hundred common words at 100,000 versions.
POSTINGS = Postings(4_000_000)


def _lengths(reader: SegmentReader, fieldname: str) -> list[int]:
    """Every document's length in the field, decoded once per segment reader (which lives until a save)."""
    cache = reader.__dict__.setdefault("_dpia_lengths", {})
    if fieldname not in cache:
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        stored = list(column) if column is not None else [0] * reader.doc_count_all()
        # A document holding a term has a length; the 1 only keeps an unset byte from dividing by nothing.
        cache[fieldname] = [_LENGTHS[b] if b else 1 for b in stored]
    return cache[fieldname]
