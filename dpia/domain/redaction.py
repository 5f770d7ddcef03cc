"""Applying withholding marks to text, before anything reaches a document.

A disclosure copy replaces each withheld part with a marker such as "[Withheld: section 31(1)(a) FOIA]";
an internal copy keeps the text and highlights it. A withheld passage is replaced wherever it appears in
the document, not only in the answer it was chosen from, so a repeated phrase cannot slip through.
"""

import functools
import re
from dataclasses import dataclass, field

from dpia.domain import staff
from dpia.export.model import MARKED, NOTE, PLAIN, WITHHELD, Run, Text, plain
from dpia.vocab import OTHER_EXEMPTION


def marker(mark: dict) -> str:
    """What a disclosure shows instead of withheld text: "[Withheld: section 31(1)(a) FOIA]"."""
    return f"[Withheld: {citation(mark)}]"


def citation(mark: dict) -> str:
    """The exemption as cited: "section 31(1)(a) FOIA", or the officer's own words for another one."""
    if mark["exemption"] == OTHER_EXEMPTION:
        return mark["other"]
    return f"section {mark['exemption'].removeprefix('s')}{mark['subsection'] or ''} FOIA"


def parents(path: str) -> list[str]:
    """A target and everything containing it: "risks/ab12/source" -> itself, "risks/ab12", "risks"."""
    parts = path.split("/")
    return ["/".join(parts[:n]) for n in range(len(parts), 0, -1)]


@dataclass
class Redaction:
    """The marks of one document, applied either for disclosure or for an internal copy."""

    marks: list[dict]
    disclose: bool
    # question key -> section key, and the questions a section mark covers (withholdable ones).
    sections: dict[str, str]
    withholdable: frozenset[str] = frozenset()
    # Passages withheld elsewhere in the same document (another system, another version), swept here too.
    sweep: list[dict] = field(default_factory=list)
    # The roles and grades whose staff names a disclosure releases; none given, every name is withheld.
    grades: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._whole = {m["target"]: m for m in self.marks if not m.get("passage")}
        # Keyed by text too: one whole mark sweeps each of the texts it withholds (see packs.withheld).
        passages = {(m["id"], m["passage"]): m for m in [*self.marks, *self.sweep] if m.get("passage")}
        # Longest first, so a passage inside a longer one never splits it.
        longest_first = sorted(passages.values(), key=lambda m: -len(m["passage"]))
        self._passages = [(normalised(m["passage"]), m) for m in longest_first]

    def passage_marks(self) -> list[dict]:
        """Every passage this redaction replaces wherever it occurs, its own and swept, longest first."""
        return [mark for _, mark in self._passages]

    def withholds_whole(self) -> bool:
        """Whether any part is withheld entirely (rather than passages within it)."""
        return bool(self._whole)

    def whole(self, path: str) -> dict | None:
        """The mark withholding this target entirely, through itself or something containing it."""
        for candidate in parents(path):
            if candidate in self._whole:
                return self._whole[candidate]
        question = path.split("/")[0]
        if question in self.withholdable and question in self.sections:
            return self._whole.get(f"section:{self.sections[question]}")
        return None

    def text(self, path: str, value: str) -> Text:
        """A value as the document shows it: withheld whole, or with any withheld passages replaced."""
        mark = self.whole(path) if path else None
        if mark is not None and value:
            return self.withheld(mark, value)
        return self.passages(value)

    def person(self, path: str, value: str, role: str = "") -> Text:
        """A person field (an owner, a sign-off's name): a disclosure withholds the names in it under s40(2)
        unless a role beside them is a released grade; the role itself stays."""
        mark = self.whole(path) if path else None
        if mark is not None and value:
            return self.withheld(mark, value)
        spans = staff.withheld_spans(value, role, self.grades) if self.disclose and value else ()
        runs: list[Run] = []
        position = 0
        for start, end in spans:
            runs += self.passages(value[position:start])
            runs.append(Run(marker(staff.EXEMPTION), WITHHELD))
            position = end
        return (*runs, *self.passages(value[position:]))

    def withheld(self, mark: dict, value: str = "") -> Text:
        """Runs standing for a withheld value: the marker, or the highlighted text with a note."""
        if self.disclose:
            return (Run(marker(mark), WITHHELD, mark["id"]),)
        return (Run(value, MARKED),) if value else ()

    def notes(self, prefix: str, section: str = "") -> Text:
        """For internal copies: which marks fall under a target, and the exemptions they cite."""
        under = [
            m
            for m in self.marks
            if m["target"] == prefix
            or m["target"].startswith(prefix + "/")
            or (section and m["target"] == f"section:{section}" and prefix in self.withholdable)
        ]
        if self.disclose or not under:
            return ()
        items = "; ".join(
            f"{m['label']}{' (a passage)' if m.get('passage') else ''}: {citation(m)}" for m in under
        )
        return (Run(f"Withheld on disclosure: {items}.", NOTE),)

    def passages(self, value: str) -> Text:
        """Text with every withheld passage replaced (or highlighted), wherever it occurs."""
        if not value or not self._passages:
            return plain(value)
        spans = _spans(value, self._passages)
        if not spans:
            return plain(value)
        runs, position = [], 0
        for start, end, mark in spans:
            if start > position:
                runs.append(Run(value[position:start], PLAIN))
            runs.append(
                Run(marker(mark), WITHHELD, mark["id"]) if self.disclose else Run(value[start:end], MARKED)
            )
            position = end
        if position < len(value):
            runs.append(Run(value[position:], PLAIN))
        return tuple(runs)


def _spans(value: str, marks: list[tuple[str, dict]]) -> list[tuple[int, int, dict]]:
    """Non-overlapping (start, end, mark) of every occurrence of every (normalised passage, mark), merged
    where they touch.

    Passages are found however the text spaces, breaks, capitalises or punctuates them: both sides are
    compared as `normalised` says, and each match is mapped back to the characters it covers.
    """
    # Most text holds no passage: find that out with string methods before mapping characters one by one.
    quick = normalised(value)
    wanted = [(passage, mark) for passage, mark in marks if passage and passage in quick]
    if not wanted:
        return []
    found = _fast_spans(value, quick, wanted)
    if found is None:
        folded, origin = _normalised_with_origin(value)
        found = []
        for passage, mark in wanted:
            start = folded.find(passage)
            while start != -1:
                found.append((origin[start], origin[start + len(passage) - 1] + 1, mark))
                start = folded.find(passage, start + 1)
    found.sort(key=lambda s: (s[0], -s[1]))
    merged: list[tuple[int, int, dict]] = []
    for start, end, mark in found:
        if merged and start <= merged[-1][1]:
            first = merged[-1]
            merged[-1] = (first[0], max(first[1], end), first[2])
        else:
            merged.append((start, end, mark))
    return merged


def _fast_spans(value: str, quick: str, wanted: list[tuple[str, dict]]) -> list[tuple[int, int, dict]] | None:
    """The spans found by a pattern per passage, or None when a pattern may disagree with `normalised`.

    Mapping every character back (`_normalised_with_origin`) is exact but slow; a pattern allowing any
    spacing, case and typographic form finds the same spans in one pass. Where the two could differ (a
    character whose case folding changes its length, or counts that disagree), the exact way is used.
    """
    if any(len(char.casefold()) != 1 for char in value if not char.isascii()):
        return None
    found: list[tuple[int, int, dict]] = []
    for passage, mark in wanted:
        spans = [m.span(1) for m in _pattern(passage).finditer(value)]
        if len(spans) != _occurrences(quick, passage):
            return None
        found += [(start, end, mark) for start, end in spans]
    return found


def _occurrences(text: str, passage: str) -> int:
    """How many times a passage starts in a text, overlapping ones included (as the exact way counts)."""
    count, start = 0, text.find(passage)
    while start != -1:
        count, start = count + 1, text.find(passage, start + 1)
    return count


@functools.lru_cache(maxsize=1024)
def _pattern(passage: str) -> re.Pattern:
    """A normalised passage as a pattern: any run of spacing for a space, any form of each character."""
    parts = []
    for char in passage:
        if char == " ":
            parts.append(r"\s+")
        else:
            forms = {char, char.upper(), *_FORMS.get(char, ())}
            parts.append("[" + "".join(re.escape(f) for f in sorted(forms)) + "]")
    # Lookahead, so overlapping occurrences are all found, as the exact way finds them.
    return re.compile("(?=(" + "".join(parts) + "))")


# Typographic forms a pasted passage and the stored text may disagree on.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


# For each plain character, the typographic forms normalising to it.
_FORMS: dict[str, set[str]] = {}
for _typographic, _plain in _PUNCTUATION.items():
    _FORMS.setdefault(_plain if isinstance(_plain, str) else chr(_plain), set()).add(chr(_typographic))


# The same characters as one class: finding the few there are is several times faster than translating
# every character of a long document (every Word part of a pack is normalised before release).
_TYPOGRAPHIC = re.compile("[" + "".join(chr(code) for code in _PUNCTUATION) + "]")


def _plain_form(found: re.Match) -> str:
    return _PUNCTUATION[ord(found.group())]


def normalised(text: str) -> str:
    """Text as passages are compared: case folded, quotes and dashes plain, any run of spacing one space."""
    return " ".join(_TYPOGRAPHIC.sub(_plain_form, text).casefold().split())


def _normalised_with_origin(text: str) -> tuple[str, list[int]]:
    """`normalised(text)`, and for each of its characters the index of the character it came from."""
    out: list[str] = []
    origin: list[int] = []
    spacing = False
    for index, char in enumerate(text.translate(_PUNCTUATION)):
        if char.isspace():
            spacing = bool(out)
            continue
        if spacing:
            out.append(" ")
            origin.append(index - 1)
            spacing = False
        for folded in char.casefold():
            out.append(folded)
            origin.append(index)
    return "".join(out), origin
