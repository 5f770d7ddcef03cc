"""Turning what people type into bounded Whoosh queries, and running them with filters and visibility."""

import fnmatch
import re
from dataclasses import dataclass, field
from itertools import islice

from whoosh import qparser, query
from whoosh.searching import Searcher

from dpia.search.documents import name_key
from dpia.search.readers import Pair
from dpia.search.schema import CONTENT_WORDS, EDGE_MAX, NAME_WORDS, deletions

MAX_QUERY = 300
MAX_EXPANSION = 40
CONTENT_FIELDS = ("names", "title", "body")
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
        if filters.conducted_from is not None:
            parts.append(query.NumericRange("conducted_end", filters.conducted_from, None))
        if filters.conducted_to is not None:
            parts.append(query.NumericRange("conducted_start", None, filters.conducted_to))
    parts = [p for p in parts if p is not None]
    return query.And(parts) if parts else None


def hidden(see_sensitive: bool) -> query.Query | None:
    """Documents the actor may not know exist: masked while matching, so no count includes them."""
    return None if see_sensitive else query.Term("sensitive", "yes")


# Names


def _fuzzy_word(word: str) -> query.Query:
    if len(word) <= 3:
        return query.Term("edges", word)
    # One typo in a word of up to six letters, two in longer words: all exact term look-ups.
    typos = [query.Term("typos", form) for form in sorted(deletions(word))]
    return query.Or([query.Term("edges", word[:EDGE_MAX], boost=2.0), query.Or(typos)])


def name_query(text: str) -> query.Query | None:
    """Exact name or alias first, then every word as the start of a word, then every word misspelt."""
    words = _words(NAME_WORDS, text)
    if not words:
        return None
    return query.Or(
        [
            query.Term("keys", name_key(text), boost=50.0),
            query.And([query.Term("edges", w[:EDGE_MAX]) for w in words], boost=5.0),
            query.And([_fuzzy_word(w) for w in words]),
        ]
    )


def find_names(searcher: Searcher, text: str, filters: Filters, see_sensitive: bool, limit: int = 5):
    """Systems whose name or alias matches what was typed: (system_id, score, exact)."""
    wanted = name_query(text)
    if wanted is None:
        return []
    exact_key = name_key(text)
    results = searcher.search(
        wanted,
        limit=limit,
        filter=filter_query(filters, systems_only=True),
        mask=hidden(see_sensitive),
        terms=True,
    )
    found = []
    for hit in results:
        exact = ("keys", exact_key.encode()) in (hit.matched_terms() or [])
        found.append((hit["system_id"], hit.score, exact))
    return found


# Content


def _parser(schema, group) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(CONTENT_FIELDS), schema, group=group)
    # "field:value", ranges, boosts and single quotes are syntax people type by accident ("s31: ...").
    for plugin in (
        qparser.FieldsPlugin,
        qparser.RangePlugin,
        qparser.BoostPlugin,
        qparser.SingleQuotePlugin,
    ):
        parser.remove_plugin_class(plugin)
    return parser


_PARSERS: dict[tuple[int, bool], qparser.QueryParser] = {}


def _parse(schema, text: str, any_words: bool) -> query.Query:
    key = (id(schema), any_words)
    if key not in _PARSERS:
        _PARSERS[key] = _parser(schema, qparser.OrGroup if any_words else qparser.AndGroup)
    return _PARSERS[key].parse(text)


def plain_words(text: str, any_words: bool = False) -> query.Query:
    """The fallback: every word, in any searchable field, no syntax at all."""
    words = _words(CONTENT_WORDS, text)
    per_word = [query.Or([query.Term(f, w) for f in CONTENT_FIELDS]) for w in words]
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


def content_query(searcher: Searcher, text: str, any_words: bool = False) -> tuple[query.Query, bool]:
    """The content query for what was typed, and whether it fell back to plain words."""
    fell_back = False
    try:
        parsed = bounded(searcher, _parse(searcher.schema, text, any_words))
    except Exception:  # The parser is lenient, but a malformed query must never become an error page.
        parsed, fell_back = plain_words(text, any_words), True
    if parsed is query.NullQuery and _words(CONTENT_WORDS, text):
        parsed, fell_back = plain_words(text, any_words), True
    reference = query.Term("reference", name_key(text).replace(" ", ""), boost=20.0)
    return query.Or([parsed, reference]).normalize(), fell_back


def _rank_current(wanted: query.Query) -> query.Query:
    """Current versions (and systems) above superseded or withdrawn ones matching as well."""
    return query.AndMaybe(wanted, query.ConstantScoreQuery(query.Term("current", "yes"), 2.0))


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
    """The best `limit` documents for what was typed, with the total count under the same rules."""
    found = Found()
    for any_words in (False, True):
        wanted, found.fell_back = content_query(searcher, text, any_words)
        found.any_words = any_words
        results = searcher.search(
            _rank_current(wanted),
            limit=limit,
            filter=filter_query(filters),
            mask=hidden(see_sensitive),
            sortedby="changed" if newest else None,
            reverse=newest,
        )
        # Exact while under the limit; beyond it we say "more than", never an estimate (which would
        # count masked documents).
        found.total = results.scored_length()
        if found.total or len(_words(CONTENT_WORDS, text)) < 2:
            break
    found.terms = highlight_terms(wanted)
    found.hits = [{**hit.fields(), "score": hit.score} for hit in results]
    return found


def browse(searcher: Searcher, filters: Filters, see_sensitive: bool, limit: int) -> Found:
    """No words, only filters: everything that passes them, newest first."""
    results = searcher.search(
        query.Every(),
        limit=limit,
        filter=filter_query(filters),
        mask=hidden(see_sensitive),
        sortedby="changed",
        reverse=True,
    )
    return Found(hits=[{**hit.fields(), "score": 0.0} for hit in results], total=results.scored_length())


def is_empty(text: str) -> bool:
    """Whether the text holds nothing searchable (blank, or only wildcards and brackets)."""
    return bool(_WILDCARD_ONLY.match(text))


# Did you mean


def _content_spelling(searcher: Searcher, unknown: str) -> str | None:
    """The nearest indexed stem, written as a word some document actually uses."""
    options = searcher.suggest("body", unknown, limit=1, maxdist=2, prefix=1)
    if not options:
        return None
    stem = options[0]
    for hit in searcher.search(query.Term("body", stem), limit=1):
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
            or any(pair.content.doc_frequency(f, s) for f in ("body", "title", "names") for s in stems)
        )
        replacement = None
        if not known:
            options = pair.names.suggest("words", word.lower(), limit=1, maxdist=2, prefix=1)
            replacement = options[0] if options else _content_spelling(pair.content, stems[0])
        changed = changed or replacement is not None
        out.append(replacement or word)
    return " ".join(out) if changed else None
