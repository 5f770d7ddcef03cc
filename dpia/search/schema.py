"""The two index schemas, and analyzers chosen for what each field is searched for."""

import re
from functools import lru_cache

from whoosh import fields, formats
from whoosh.analysis import (
    STOP_WORDS,
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    Token,
)
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

# Bump when a schema or analyzer changes: an index built by other code is then stale and rebuilt.
SCHEMA_VERSION = 5
EDGE_MAX = 20

# Names: whole words, lower case, accents folded; no stemming, since names are matched as typed or fuzzily.
NAME_WORDS = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
# Every leading part of every word ("mat", "matr", ...) so a partial name is a term look-up, not a scan.
NAME_EDGES = NAME_WORDS | NgramFilter(minsize=1, maxsize=EDGE_MAX, at="start")


def deletions(word: str) -> set[str]:
    """The word and every form of it with one letter left out.

    Two words one typo apart (a letter missing, added, changed, or two swapped) share one of these forms
    (symmetric deletion), so a misspelt name is found by a handful of exact term look-ups instead of
    scanning the term list with an edit-distance automaton.
    """
    if len(word) < 4:
        return {word}
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return stem(word)


class ContentAnalyzer(Analyzer):
    """Whoosh's StemmingAnalyzer (words, lower case, English stop words, Porter stems) in one loop.

    Same tokens as the four-stage pipeline, but without a generator per stage: indexing a register of
    20,000 long assessments spends most of its time here.
    """

    pattern = re.compile(r"\w+(?:\.?\w+)*")
    stops = frozenset(STOP_WORDS)

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for match in self.pattern.finditer(value):
            word = match.group(0)
            lowered = word.lower()
            stopped = len(lowered) < 2 or lowered in self.stops
            if stopped and removestops:
                continue  # Positions are renumbered over the words kept, as StopFilter does.
            token.text = lowered if stopped else _stem(lowered)
            token.stopped = stopped
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token

    def positions(self, value: str) -> dict[str, list[int]]:
        """Each term of `value` and its positions: the tokens `__call__` yields when indexing, in one dict."""
        found: dict[str, list[int]] = {}
        terms = _TERMS
        pos = 0
        for word in self.pattern.findall(value):
            term = terms.get(word)
            if term is None:
                term = self._term(word)
            if not term:
                continue  # A stop word: not indexed, and not counted as a position.
            if term in found:
                found[term].append(pos)
            else:
                found[term] = [pos]
            pos += 1
        return found

    def _term(self, word: str) -> str:
        """The indexed form of a word, "" for a stop word, remembered for the next document."""
        lowered = word.lower()
        term = "" if len(lowered) < 2 or lowered in self.stops else _stem(lowered)
        if len(_TERMS) > 500_000:
            _TERMS.clear()
        _TERMS[word] = term
        return term


# Word as written -> indexed form ("" for a stop word), shared by every document of a rebuild.
_TERMS: dict[str, str] = {}


class ContentPositions(formats.Positions):
    """Whoosh's Positions format, writing the same postings without a Token per word (see `positions`)."""

    # Position -> encode([position]), shared by every document of a rebuild.
    singles: dict[int, bytes] = {}

    def word_values(self, value, analyzer, **kwargs):
        if not (isinstance(value, str) and isinstance(analyzer, ContentAnalyzer)):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, poslist in analyzer.positions(value).items():
            yield (term, len(poslist), float(len(poslist)) * boost, self.encoded(poslist))

    def encoded(self, poslist: list[int]) -> bytes:
        """`encode`, remembering single positions: most terms occur once in a document, so they repeat."""
        if len(poslist) != 1:
            return self.encode(poslist)
        encoded = self.singles.get(poslist[0])
        if encoded is None:
            encoded = self.singles[poslist[0]] = self.encode(poslist)
        return encoded


# Content: English stems so "tested" finds "testing".
CONTENT_WORDS = ContentAnalyzer()


def _content_text() -> fields.TEXT:
    field = fields.TEXT(analyzer=CONTENT_WORDS)
    field.format = ContentPositions(field_boost=field.format.field_boost)
    return field


def names_schema() -> fields.Schema:
    """One document per system: its name, aliases and acronyms, and what filters need."""
    return fields.Schema(
        system_id=fields.ID(stored=True, unique=True),
        # The whole name and each alias, normalised, for exact look-ups ("hart", "gangs matrix").
        keys=fields.KEYWORD(commas=True, lowercase=True, scorable=True),
        words=fields.TEXT(analyzer=NAME_WORDS, phrase=False),
        edges=fields.TEXT(analyzer=NAME_EDGES, phrase=False),
        # Every word with a letter or two left out, for misspellings (see `deletions`).
        typos=fields.KEYWORD(scorable=True),
        sensitive=fields.ID,
    )


def content_schema() -> fields.Schema:
    """One document per system and per assessment version."""
    return fields.Schema(
        doc_id=fields.ID(stored=True, unique=True),
        type=fields.ID(stored=True),
        system_id=fields.ID(stored=True),
        assessment_id=fields.ID(stored=True),
        number=fields.STORED,
        kind=fields.ID(stored=True),
        status=fields.ID(stored=True),
        marking=fields.ID(stored=True),
        category=fields.ID(stored=True),
        lifecycle=fields.ID(stored=True),
        sensitive=fields.ID,
        current=fields.ID(stored=True),
        reference=fields.ID(stored=True),
        # All the words of a document in one field, so a query is an intersection of a few posting lists
        # rather than a union over fields. Current documents (systems, the newest and approved versions)
        # use `text`, older versions `text_old`: most searches are answered from the current half of the
        # postings, and older versions are looked at only to fill a page.
        text=_content_text(),
        text_old=_content_text(),
        title=fields.STORED,
        # As columns: a date range is filtered by reading them, not by a union of range terms.
        conducted_start=fields.NUMERIC(int, bits=32, sortable=True),
        conducted_end=fields.NUMERIC(int, bits=32, sortable=True),
        changed=fields.NUMERIC(int, bits=64, sortable=True),
        # What results show without a database round trip: names, dates, and the text for snippets.
        display=fields.STORED,
        lines=fields.STORED,
        digest=fields.STORED,
    )
