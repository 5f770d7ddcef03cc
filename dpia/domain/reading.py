"""Reading meaning out of text: fuzzy similarity, dates, references, protective markings, vocabulary terms."""

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from dpia.partial_dates import PartialDate, PartialDateError
from dpia.vocab import Term

STOPWORDS = frozenset(
    "a an and any are as at be been by can do does for from has have how if in into is it its of on or our"
    " should that the their them there these this those to was we were what when where which who why will"
    " with would you your".split()
)
_WORD = re.compile(r"[a-z0-9]+")
_STEP = re.compile(r"^\s*(?:step|stage|section|part)\s+(\d{1,2})\b[\s:.\-–—)]*", re.I)
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,4})[.)]\s+", re.I)


def words(text: str) -> list[str]:
    """Content words, lower case and crudely stemmed, so "risks" meets "risk" and "identifying" "identify"."""
    return list(_words(text))


# Matching compares each paragraph with every label and guidance text, so the same strings recur thousands of
# times in one import: caching their words and normal forms keeps a long document's preview within seconds.
@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    found = []
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
                word = word[: -len(suffix)]
                break
        found.append(word[:6])
    return tuple(found)


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lower case, without a leading "Step 3:" or "2.1" and without punctuation."""
    text = _STEP.sub("", text)
    text = _NUMBERING.sub("", text)
    return " ".join(_WORD.findall(text.lower()))


def step_number(text: str) -> int | None:
    """The number of a heading like "Step 5: Identify and assess risks"."""
    match = _STEP.match(text)
    return int(match.group(1)) if match else None


def similarity(text: str, candidate: str) -> float:
    """How alike two labels are, 0 to 1: the better of word overlap (Dice) and character similarity."""
    a, b = normalise(text), normalise(candidate)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    wa, wb = set(_words(a)), set(_words(b))
    dice = 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0
    # Character similarity is only worth its cost on label-sized text.
    if len(a) >= 300 or len(b) >= 300:
        return dice
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # The quick ratios are upper bounds of ratio(): when they cannot beat dice the answer is dice, exactly.
    if matcher.real_quick_ratio() <= dice or matcher.quick_ratio() <= dice:
        return dice
    return max(dice, matcher.ratio())


def containment(text: str, candidate: str) -> float:
    """The share of the candidate's words found in the text: does the text quote the candidate?"""
    wc = set(_words(candidate))
    return len(wc & set(_words(text))) / len(wc) if wc else 0.0


def term(text: str, terms: tuple[Term, ...]) -> str:
    """The vocabulary value a cell means ("Possible", "possible harm", "Y" -> yes), or "" if unclear."""
    clean = normalise(text)
    if not clean:
        return ""
    for t in terms:
        if clean in (t.value.replace("_", " "), t.label.lower()):
            return t.value
    first = clean.split()[0]
    if first in ("y", "n") and {t.value for t in terms} >= {"yes", "no"}:
        return "yes" if first == "y" else "no"
    hits = [t.value for t in terms if re.search(rf"\b{re.escape(t.label.lower())}\b", clean)]
    return hits[0] if len(hits) == 1 else ""


# Dates

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATES = (
    # 3 June 2019, 3rd June 2019
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I), "dmy"),
    # June 3, 2019
    (re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,\s+(\d{{4}})\b", re.I), "mdy"),
    # 2019-06-03
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    # 03/06/2019 or 3.6.19: UK day first
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b"), "uk"),
    # June 2019
    (re.compile(rf"\b({_MONTH})\.?\s+(\d{{4}})\b", re.I), "my"),
)


def dates(text: str, today: date) -> list[tuple[int, PartialDate]]:
    """Dates written in text, as (position, date), leaving out impossible and future ones."""
    found: list[tuple[int, PartialDate]] = []
    taken: list[range] = []
    for pattern, shape in _DATES:
        for match in pattern.finditer(text):
            if any(match.start() in span for span in taken):
                continue
            parsed = _date(match.groups(), shape)
            if parsed and parsed.earliest() <= today:
                found.append((match.start(), parsed))
                taken.append(range(match.start(), match.end()))
    return sorted(found, key=lambda f: f[0])


def _date(groups: tuple, shape: str) -> PartialDate | None:
    try:
        if shape == "dmy":
            return PartialDate.from_parts(int(groups[2]), MONTHS[groups[1].lower()], int(groups[0]))
        if shape == "mdy":
            return PartialDate.from_parts(int(groups[2]), MONTHS[groups[0].lower()], int(groups[1]))
        if shape == "iso":
            return PartialDate.from_parts(int(groups[0]), int(groups[1]), int(groups[2]))
        if shape == "uk":
            year = int(groups[2]) + (2000 if len(groups[2]) == 2 else 0)
            return PartialDate.from_parts(year, int(groups[1]), int(groups[0]))
        return PartialDate.from_parts(int(groups[1]), MONTHS[groups[0].lower()], None)
    except (PartialDateError, KeyError, ValueError):
        return None


STARTED_WORDS = ("start", "commenc", "begun", "initiat")


def date_role(label: str) -> str:
    """Whether a date's label means when the assessment started or when it was conducted (completed)."""
    lower = label.lower()
    if any(w in lower for w in STARTED_WORDS):
        return "started"
    return "conducted"


# Protective markings


@dataclass(frozen=True)
class Marking:
    """A protective marking found in a document, and what it becomes here."""

    found: str
    becomes: str  # "OFFICIAL", "OFFICIAL-SENSITIVE", or "" when the register may not hold it
    rank: int
    note: str


_MARKINGS = (
    ("TOP SECRET", "", 9, "TOP SECRET material must never be stored in this register"),
    ("SECRET", "", 8, "SECRET material must never be stored in this register"),
    (
        "CONFIDENTIAL",
        "OFFICIAL-SENSITIVE",
        7,
        "CONFIDENTIAL is a pre-2014 marking; here it becomes OFFICIAL-SENSITIVE, the most restricted"
        " marking the register holds",
    ),
    (
        "RESTRICTED",
        "OFFICIAL-SENSITIVE",
        6,
        "RESTRICTED is a pre-2014 marking; most such material is now OFFICIAL, but to be safe it becomes"
        " OFFICIAL-SENSITIVE until someone checks it",
    ),
    ("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE", 5, ""),
    ("PROTECT", "OFFICIAL", 4, "PROTECT is a pre-2014 marking; it becomes OFFICIAL"),
    ("OFFICIAL", "OFFICIAL", 3, ""),
    (
        "NOT PROTECTIVELY MARKED",
        "OFFICIAL",
        2,
        "NOT PROTECTIVELY MARKED is a pre-2014 marking; it becomes OFFICIAL",
    ),
    ("UNCLASSIFIED", "OFFICIAL", 1, "UNCLASSIFIED becomes OFFICIAL"),
)
# Markings are written in capitals: matching case keeps "restricted access" in prose from counting.
_MARKING = re.compile(
    r"(?<![A-Za-z-])(TOP SECRET|SECRET|CONFIDENTIAL|RESTRICTED|OFFICIAL[- ]SENSITIVE|PROTECT|OFFICIAL"
    r"|NOT PROTECTIVELY MARKED|UNCLASSIFIED)(?![a-z])"
)


def markings(text: str) -> list[Marking]:
    """Protective markings written in capitals in a piece of text."""
    found = []
    for match in _MARKING.finditer(text):
        name = match.group(1).replace("OFFICIAL SENSITIVE", "OFFICIAL-SENSITIVE")
        for known, becomes, rank, note in _MARKINGS:
            if name == known:
                found.append(Marking(name, becomes, rank, note))
    return found


# References

_REFERENCE = re.compile(
    r"\b(?:ref(?:erence)?(?:\s+(?:no|number))?\.?\s*[:#]?\s*)([A-Z0-9][A-Za-z0-9./_-]{2,39})", re.I
)
_KIND_REFERENCE = re.compile(r"\b((?:DPIA|EqIA|EQIA|PIA|SCR)[-/ _]?\d{2,4}[-/_]\d{1,5}[A-Za-z]?)\b")
VALID_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,39}$")


def references(text: str) -> list[str]:
    """Assessment references in text: labelled ("Ref: ABC/123") or shaped like "DPIA-2019-004"."""
    found = [
        m.group(1).rstrip("./-_") for m in _REFERENCE.finditer(text) if any(c.isdigit() for c in m.group(1))
    ]
    found += [m.group(1) for m in _KIND_REFERENCE.finditer(text)]
    return [r for r in dict.fromkeys(found) if VALID_REFERENCE.match(r)]
