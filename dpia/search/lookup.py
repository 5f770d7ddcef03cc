"""Turning what people type into bounded Whoosh queries, and running them with filters and visibility."""

import fnmatch
import re
from dataclasses import dataclass, field
from itertools import islice

from whoosh import collectors, qparser, query
from whoosh.searching import Searcher

from dpia.search import ranking
from dpia.search.documents import name_key
from dpia.search.readers import Pair
from dpia.search.schema import CONTENT_WORDS, EDGE_MAX, NAME_WORDS, content_schema, deletions

MAX_QUERY = 300
MAX_EXPANSION = 40
# The words of current documents, and of older versions (see schema.content_schema).
CURRENT, ARCHIVE = "text", "text_old"
CONTENT_FIELDS = (CURRENT, ARCHIVE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_WILDCARD_ONLY = re.compile(r'^[\s*?"()]*$')


def clean(text: str) -> str:
    """What was typed, safe to parse: control characters gone, spacing collapsed, length bounded."""
    return " ".join(_CONTROL.sub(" ", text or "").split())[:MAX_QUERY]


@dataclass(frozen=True)
class Filters:
    """Restrictions chosen on the results page; empty tuples mean "any"."""

    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    lifecycles: tuple[str, ...] = ()
    markings: tuple[str, ...] = ()  # "OFFICIAL" / "OFFICIAL-SENSITIVE", by the stricter of version and system
    conducted_from: int | None = None  # yyyymmdd
    conducted_to: int | None = None
    system_id: str | None = None

    def any(self) -> bool:
        """Whether any filter is set."""
        return any(getattr(self, name) for name in self.__dataclass_fields__)


@dataclass
class Found:
    """What a search found, before grouping: name matches, content hits, and what to tell the person."""

    names: list[tuple[str, float, bool]] = field(default_factory=list)  # (system_id, score, exact)
    hits: list[dict] = field(default_factory=list)
    total: int = 0
    terms: frozenset[str] = frozenset()
    any_words: bool = False
    fell_back: bool = False
    suggestion: str | None = None
    # Only the documents of the systems the words name: the person typed a name, not words to look for.
    named_only: bool = False
    # How many documents each system has when only some were read (see documents_of).
    counts: dict[str, int] = field(default_factory=dict)


def _words(analyzer, text: str) -> list[str]:
    return [token.text for token in analyzer(text)]


def _one_of(fieldname: str, values: tuple[str, ...]) -> query.Query | None:
    return query.Or([query.Term(fieldname, v) for v in values]) if values else None


def filter_query(filters: Filters, systems_only: bool = False) -> query.Query | None:
    """The filters as one query, used as a Whoosh filter so counts and pages agree."""
    markings = {"yes" if m == "OFFICIAL-SENSITIVE" else "no" for m in filters.markings}
    parts = [
        _one_of("category", filters.categories),
        _one_of("lifecycle", filters.lifecycles),
        _one_of("sensitive", tuple(sorted(markings))),
    ]
    if not systems_only:
        parts += [
            _one_of("kind", filters.kinds),
            _one_of("status", filters.statuses),
            query.Term("system_id", filters.system_id) if filters.system_id else None,
        ]
    parts = [p for p in parts if p is not None]
    return query.And(parts) if parts else None


def allowed(searcher: Searcher, filters: Filters) -> query.Query | set[int] | None:
    """What a search may return: the filters as a query, or as document numbers when dates are asked for."""
    terms = filter_query(filters)
    if filters.conducted_from is None and filters.conducted_to is None:
        return terms
    dates = _conducted_between(searcher, filters.conducted_from, filters.conducted_to)
    return dates if terms is None else dates & ranking.docs(searcher, terms)


def _conducted_between(searcher: Searcher, start: int | None, end: int | None) -> set[int]:
    """Documents whose conducted date (which may span a month or a year) overlaps start..end (yyyymmdd)."""
    starts, ends = _date_columns(searcher)
    low, high = start or 0, end or 99_999_999
    # No conducted date is stored as 0, which no range includes.
    return {n for n, (s, e) in enumerate(zip(starts, ends, strict=True)) if s and e >= low and s <= high}


def _date_columns(searcher: Searcher) -> tuple[list[int], list[int]]:
    # Read once per searcher (searchers live until the index changes), then filtering is a list scan.
    cached = getattr(searcher, "_dpia_conducted", None)
    if cached is None:
        reader = searcher.reader()
        cached = tuple(list(reader.column_reader(name)) for name in ("conducted_start", "conducted_end"))
        searcher._dpia_conducted = cached
    return cached


def hidden(see_sensitive: bool) -> query.Query | None:
    """Documents the actor may not know exist: masked while matching, so no count includes them."""
    return None if see_sensitive else query.Term("sensitive", "yes")


# Names


def _fuzzy_word(word: str, known: frozenset[str] = frozenset()) -> query.Query:
    # A word some name has, or a very short one (a code), is taken as typed. Three letters may be a
    # four-letter word missing one ("irs" for "iris"), which the word's own form finds among the typos.
    if len(word) < 3 or word in known:
        return query.Term("edges", word[:EDGE_MAX])
    # One typo per word, found by exact term look-ups (see schema.deletions).
    typos = [query.Term("typos", form) for form in sorted(deletions(word))]
    return query.Or([query.Term("edges", word[:EDGE_MAX], boost=2.0), query.Or(typos)])


def name_stages(text: str, known: frozenset[str] = frozenset()) -> list[tuple[str, query.Query]]:
    """The name look-ups, cheapest and surest first: exact name or alias, words begun, words misspelt.

    `known` holds the typed words that some name has whole, which need no misspelling forms.
    """
    words = _words(NAME_WORDS, text)
    if not words:
        return []
    return [
        ("exact", query.Term("keys", name_key(text))),
        ("prefix", query.And([query.Term("edges", w[:EDGE_MAX]) for w in words])),
        # A word begun as typed outranks a misspelling of it (boost 2).
        ("fuzzy", query.And([_fuzzy_word(w, known) for w in words])),
    ]


def find_names(searcher: Searcher, text: str, filters: Filters, see_sensitive: bool, limit: int = 5):
    """Systems whose name or alias matches what was typed, from the surest stage that finds any.

    Returns (system_id, score, stage): an exact name stops the look-up at once, so the common case is a
    single term look-up.
    """
    known = frozenset(w for w in _words(NAME_WORDS, text) if searcher.doc_frequency("words", w))
    for stage, wanted in name_stages(text, known):
        # Near-spellings are ranked too: unscored results ignore `limit`, and at 10,000 systems a
        # misspelling matches dozens, each of whose records would then be read (45 ms, against 11 scored).
        results = searcher.search(
            wanted,
            limit=limit,
            filter=filter_query(filters, systems_only=True),
            mask=hidden(see_sensitive),
        )
        if results.scored_length():
            return [(hit["system_id"], hit.score or 0.0, stage) for hit in results]
    return []


def documents_of(
    searcher: Searcher, system_ids: list[str], filters: Filters, see_sensitive: bool, each: int
) -> Found:
    """The newest `each` documents of each named system, and how many each has in all.

    Only the documents shown are read from the index: their stored text is most of a look-up's cost.
    """
    found = Found(named_only=True)
    chosen, masked = allowed(searcher, filters), hidden(see_sensitive)
    for system_id in system_ids:
        results = searcher.search(
            query.Term("system_id", system_id),
            limit=each,
            filter=chosen,
            mask=masked,
            sortedby="changed",
            reverse=True,
        )
        found.counts[system_id] = len(results)
        found.hits += [{**hit.fields(), "score": 0.0} for hit in results]
    found.total = sum(found.counts.values())
    return found


# Content


def _parser(schema, group, fieldname: str) -> qparser.QueryParser:
    parser = qparser.QueryParser(fieldname, schema, group=group)
    # "field:value", ranges, boosts and single quotes are syntax people type by accident ("s31: ...").
    for plugin in (
        qparser.FieldsPlugin,
        qparser.RangePlugin,
        qparser.BoostPlugin,
        qparser.SingleQuotePlugin,
    ):
        parser.remove_plugin_class(plugin)
    return parser


# One parser per way of parsing, built on the declared schema. Not on each opened index's own copy: every
# commit opens a new one, and a cache keyed by it kept every schema ever opened (memory grew with each save).
_PARSERS: dict[tuple[bool, str], qparser.QueryParser] = {}


def _parse(text: str, any_words: bool, fieldname: str) -> query.Query:
    key = (any_words, fieldname)
    if key not in _PARSERS:
        group = qparser.OrGroup if any_words else qparser.AndGroup
        _PARSERS[key] = _parser(content_schema(), group, fieldname)
    return _PARSERS[key].parse(text)


def plain_words(text: str, any_words: bool = False, fieldname: str = CURRENT) -> query.Query:
    """The fallback: every word, no syntax at all."""
    per_word = [query.Term(fieldname, w) for w in _words(CONTENT_WORDS, text)]
    if not per_word:
        return query.NullQuery
    return query.Or(per_word) if any_words else query.And(per_word)


def _expansions(searcher: Searcher, node: query.Query) -> list[str]:
    """At most MAX_EXPANSION terms for a prefix or wildcard, so a short stem cannot explode."""
    pattern = node.text
    literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
    if not literal:
        return []
    reader = searcher.reader()
    candidates = (t.decode("utf-8") for t in islice(reader.expand_prefix(node.fieldname, literal), 5000))
    if isinstance(node, query.Prefix):
        return list(islice(candidates, MAX_EXPANSION))
    return list(islice((t for t in candidates if fnmatch.fnmatchcase(t, pattern)), MAX_EXPANSION))


def bounded(searcher: Searcher, parsed: query.Query) -> query.Query:
    """Replace open-ended parts (prefixes, wildcards, "everything") with a bounded set of terms."""

    def visit(node: query.Query) -> query.Query:
        if isinstance(node, query.Every):
            return query.NullQuery
        if isinstance(node, query.Prefix | query.Wildcard):
            terms = _expansions(searcher, node)
            return query.Or([query.Term(node.fieldname, t) for t in terms]) if terms else query.NullQuery
        return node

    return parsed.accept(visit).normalize()


def content_query(
    searcher: Searcher, text: str, any_words: bool = False, fieldname: str = CURRENT
) -> tuple[query.Query, bool]:
    """The content query for what was typed, in one text field, and whether it fell back to plain words."""
    fell_back = False
    try:
        parsed = bounded(searcher, _parse(text, any_words, fieldname))
    except Exception:  # The parser is lenient, but a malformed query must never become an error page.
        parsed, fell_back = plain_words(text, any_words, fieldname), True
    if parsed is query.NullQuery and _words(CONTENT_WORDS, text):
        parsed, fell_back = plain_words(text, any_words, fieldname), True
    reference = query.Term("reference", name_key(text).replace(" ", ""), boost=20.0)
    return query.Or([parsed, reference]).normalize(), fell_back


def highlight_terms(wanted: query.Query) -> frozenset[str]:
    """The analysed words a snippet should mark."""
    return frozenset(
        text.decode() if isinstance(text, bytes) else text
        for fieldname, text in wanted.iter_all_terms()
        if fieldname in CONTENT_FIELDS
    )


def find_content(
    searcher: Searcher, text: str, filters: Filters, see_sensitive: bool, newest: bool, limit: int
) -> Found:
    """The best `limit` documents for what was typed, with the total count under the same rules.

    Current documents are searched first; older versions only while the page is not yet full, so they
    rank below current ones and most searches never read their postings. Sorted by date, both are read.
    """
    found = Found()
    for any_words in (False, True):
        found.any_words = any_words
        hits, total, wanted, found.fell_back = _search_halves(
            searcher, text, any_words, filters, see_sensitive, newest, limit
        )
        if total or len(_words(CONTENT_WORDS, text)) < 2:
            break
    # Exact while under the limit; beyond it we say "more than", never an estimate (which would count
    # masked documents).
    found.total = total
    found.terms = highlight_terms(wanted)
    found.hits = hits
    return found


def _search_halves(searcher, text, any_words, filters, see_sensitive, newest, limit):
    kwargs = {"filter": allowed(searcher, filters), "mask": hidden(see_sensitive)}
    current, fell_back = content_query(searcher, text, any_words, CURRENT)
    archive, _ = content_query(searcher, text, any_words, ARCHIVE)
    if newest:
        results = searcher.search(
            query.Or([current, archive]), limit=limit, sortedby="changed", reverse=True, **kwargs
        )
        return _hits(results), results.scored_length(), current, fell_back
    hits = _ranked(searcher, current, limit, **kwargs)
    if len(hits) < limit:
        seen = {hit["doc_id"] for hit in hits}
        older = _ranked(searcher, archive, limit, **kwargs)
        hits += [hit for hit in older if hit["doc_id"] not in seen][: limit - len(hits)]
    return hits, len(hits), current, fell_back


def _ranked(searcher: Searcher, wanted: query.Query, limit: int, filter, mask) -> list[dict]:
    """The best `limit` documents; for a phrase, the first `limit` found, ranked among themselves.

    Checking a phrase means reading word positions in every document holding all its words, often most of
    the register; stopping at a page's worth keeps a phrase search as quick as a word search.
    """
    if ranking.supports(searcher, wanted):
        found = ranking.top(searcher, wanted, limit, _docs(searcher, filter), _docs(searcher, mask))
        return [{**searcher.stored_fields(docnum), "score": score} for score, docnum in found]
    if not _has_phrase(wanted):
        return _hits(searcher.search(wanted, limit=limit, filter=filter, mask=mask))
    collector = FirstFound(limit, _docs(searcher, filter), _docs(searcher, mask))
    searcher.search_with_collector(wanted, collector)
    return _hits(collector.results())


def _docs(searcher: Searcher, chosen: query.Query | set[int] | None) -> set[int] | None:
    if chosen is None or isinstance(chosen, set):
        return chosen
    return ranking.docs(searcher, chosen)


def _has_phrase(node: query.Query) -> bool:
    return isinstance(node, query.Phrase) or any(_has_phrase(child) for child in node.children())


class FirstFound(collectors.TopCollector):
    """The first `limit` matches in index order, ranked by score among themselves; it stops there."""

    def __init__(self, limit: int, allow=None, restrict=None):
        super().__init__(limit=limit, usequality=False)
        self.allow, self.restrict = allow, restrict

    def collect_matches(self) -> None:
        """Collect matches the filters allow until the page is full."""
        for sub_docnum in self.matches():
            if len(self.items) >= self.limit:
                return
            docnum = self.offset + sub_docnum
            if (self.allow is not None and docnum not in self.allow) or (
                self.restrict is not None and docnum in self.restrict
            ):
                continue
            self.collect(sub_docnum)


def _hits(results) -> list[dict]:
    return [{**hit.fields(), "score": hit.score} for hit in results]


def browse(searcher: Searcher, filters: Filters, see_sensitive: bool, limit: int) -> Found:
    """No words, only filters: everything that passes them, newest first."""
    results = searcher.search(
        query.Every(),
        limit=limit,
        filter=allowed(searcher, filters),
        mask=hidden(see_sensitive),
        sortedby="changed",
        reverse=True,
    )
    return Found(hits=_hits(results), total=results.scored_length())


def is_empty(text: str) -> bool:
    """Whether the text holds nothing searchable (blank, or only wildcards and brackets)."""
    return bool(_WILDCARD_ONLY.match(text))


# Did you mean


def _content_spelling(searcher: Searcher, unknown: str) -> str | None:
    """The nearest indexed stem, written as a word some document actually uses."""
    options = searcher.suggest(CURRENT, unknown, limit=1, maxdist=2, prefix=1)
    if not options:
        return None
    stem = options[0]
    for hit in searcher.search(query.Term(CURRENT, stem), limit=1):
        for _path, _label, text, _withheld in hit.get("lines") or []:
            for word in re.findall(r"\w+", text):
                if _words(CONTENT_WORDS, word) == [stem]:
                    return word.lower()
    return stem


def suggest(pair: Pair, text: str) -> str | None:
    """The typed words with unknown ones replaced by the nearest known word, if any changed."""
    words = re.findall(r"\w+", text)
    changed, out = False, []
    for word in words:
        stems = _words(CONTENT_WORDS, word)
        # Numbers and short words ("s31", "LFR") are codes, not misspellings.
        known = (
            len(word) < 4
            or any(c.isdigit() for c in word)
            or not stems
            or any(pair.content.doc_frequency(f, s) for f in CONTENT_FIELDS for s in stems)
        )
        replacement = None
        if not known:
            options = pair.names.suggest("words", word.lower(), limit=1, maxdist=2, prefix=1)
            replacement = options[0] if options else _content_spelling(pair.content, stems[0])
        changed = changed or replacement is not None
        out.append(replacement or word)
    return " ".join(out) if changed else None
