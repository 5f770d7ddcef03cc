"""The details a document gives about itself: title, reference, owner, marking, status and labelled dates.

Pure rules over text. What they look for is declared in `dpia.importers.detail_words`: which labels name
which detail, which headings are only the form's own ("Data Protection Impact Assessment", "Sample DPIA
template"), which status words mean which of our workflow states, and which dates are never the date
conducted (a "Generated" or "Printed" date).
"""

import re
from dataclasses import asdict, dataclass
from datetime import date

from dpia import kinds
from dpia.domain import reading as words
from dpia.importers.detail_words import (
    DATE_DETAILS,
    DETAIL_LABELS,
    DETAIL_NAMES,
    GENERIC_FILLER,
    GENERIC_HEADINGS,
    GENERIC_HEADINGS_CY,
    KEPT,
    META_WORDS,
    NOT_DETAIL_LABELS,
    NOT_TITLES,
    NOT_USED,
    STATUS_NOTES,
    STATUS_STATES,
    TEXT_DETAILS,
    WHOLE_LABELS_ONLY,
)
from dpia.partial_dates import PartialDate

_VERSION = re.compile(r"^(?:v|ver|version|issue)?\d+$|^v$|^ver$|^version$|^issue$")
_SEPARATOR = re.compile(r"\s*:\s*|\s+[–—-]\s+|\s*\|\s*|\t+")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_CONNECTOR = re.compile(r"\s+(?:for|of|on|into)\s+", re.I)
_TRAILING = re.compile(r"^(?P<rest>.*\S)\s*\((?P<inner>[^()]*)\)\s*$")
# Where a bilingual heading divides into its languages: "Cymraeg / English", "Cymraeg | English", two lines.
_HALVES = re.compile(r"\s+/\s+|\s*\|\s*|\s*\n\s*")
_AROUND = re.compile(r"^[\W_]*(?:(?:for|of|on|into)\s+)?|(?:\s+(?:for|of|on|into))?[\W_]*$", re.I)
DATE_WINDOW = 60
MAX_LABEL_WORDS = 8
MAX_VALUE_WORDS = 20
MAX_TITLE = 200


@dataclass(frozen=True)
class Found:
    """One detail read from the document, with the text and place it came from."""

    detail: str  # a key of DETAIL_NAMES
    value: str  # as stored: ISO for dates, the workflow state for a status, else the text
    shown: str  # as a person reads it: "3 June 2024", "APPROVED"
    source: str
    location: str
    labelled: bool = True


# Labels


def _names(label: str, known: str) -> bool:
    """Whether a label names a detail: "Assessment owner" names "owner", "Date of test" names no date."""
    return label == known or label.endswith(f" {known}") or (" " in known and f" {known} " in f" {label} ")


def label_detail(label: str) -> str:
    """The detail a label names ("Date of assessment" -> "conducted"), or "" if none."""
    clean = words.normalise(label)
    if not clean or len(clean.split()) > MAX_LABEL_WORDS or any(_names(clean, n) for n in NOT_DETAIL_LABELS):
        return ""
    best, found = 0, ""
    for detail, labels in DETAIL_LABELS.items():
        for known in labels:
            # "Training completed" is no date label: a one-word date label must be the whole label.
            exact_only = (detail in DATE_DETAILS and " " not in known) or known in WHOLE_LABELS_ONLY
            names = clean == known if exact_only else _names(clean, known)
            if len(known) > best and names:
                best, found = len(known), detail
    return found


def split_label(text: str) -> tuple[str, str] | None:
    """A "Label: value" (or "Label – value", "Label<tab>value") line whose label names a detail."""
    for match in _SEPARATOR.finditer(text):
        label, value = text[: match.start()].strip(), text[match.end() :].strip()
        if label and value and label_detail(label):
            return label, value
        if len(label.split()) > MAX_LABEL_WORDS:
            return None
    return None


def row_pairs(cells: tuple[str, ...]) -> list[tuple[str, str]]:
    """The label | value pairs of a row of several ("Reference | X | Status | Y"), or [] if it is not one."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) < 4 or len(filled) % 2 or not all(label_detail(c) for c in filled[::2]):
        return []
    return list(zip(filled[::2], filled[1::2], strict=True))


def _label_pattern(known: str) -> re.Pattern:
    return re.compile(r"\b" + r"\W+".join(map(re.escape, known.split())) + r"\b", re.I)


_LABEL_PATTERNS = tuple(
    (detail, known, _label_pattern(known)) for detail in DATE_DETAILS for known in DETAIL_LABELS[detail]
)


def date_detail(before: str) -> str:
    """Which date a label just before a date names ("Printed on " -> "generated"), or "" if unlabelled."""
    before = before[-DATE_WINDOW:]
    best: tuple[int, int, str] = (-1, 0, "")
    for detail, known, pattern in _LABEL_PATTERNS:
        for match in pattern.finditer(before):
            if (match.end(), len(known)) > best[:2]:
                best = (match.end(), len(known), detail)
    return best[2]


# Reading a line


def dates(text: str, location: str, labelled_as: str = "") -> list[Found]:
    """Every date in a piece of text, named by the label nearest before it."""
    found = []
    previous = 0
    for position, when in words.dates(text, date.max):
        detail = date_detail(text[previous:position]) or labelled_as
        previous = position
        found.append(
            Found(detail or "conducted", when.iso(), when.display(), text, location, labelled=bool(detail))
        )
    return found


def status(value: str) -> tuple[str, str] | None:
    """The status words a value starts with, as written, and the workflow state they mean."""
    clean = words.normalise(value)
    best = ""
    for phrase in STATUS_STATES:
        if (clean == phrase or clean.startswith(f"{phrase} ")) and len(phrase) > len(best):
            best = phrase
    if not best:
        return None
    return value.strip(), STATUS_STATES[best]


def bare_status(text: str) -> tuple[str, str] | None:
    """A line that is only a status, perhaps with a marking, version, date or page ("OFFICIAL | Draft v0.3"):
    the status as written and the workflow state it means, or None."""
    rest = text
    for marking in words.markings(text):
        rest = rest.replace(marking.found, " ")
    for reference in words.references(text):
        rest = rest.replace(reference, " ")
    phrase = " ".join(w for w in words.normalise(rest).split() if not _noise(w))
    if phrase not in STATUS_STATES:
        return None
    written = _label_pattern(phrase).search(text)
    return (written.group(0) if written else phrase), STATUS_STATES[phrase]


def _noise(word: str) -> bool:
    """A word of a version, page number or date, around a status in a header."""
    return bool(_VERSION.match(word) or _ORDINAL.match(word)) or word in {"page", "of", *words.MONTHS}


def gives_details(text: str) -> bool:
    """Whether a line holds a labelled detail, a date, a reference or a status: no subtitle, then."""
    return bool(
        split_label(text) or words.dates(text, date.max) or words.references(text) or bare_status(text)
    )


def only_details(text: str) -> bool:
    """Whether a line holds nothing but markings, references, dates, status and version words (and at most
    one other word, like a header's "Confidential")."""
    return len(content_words(text)) < 2


def content_words(text: str) -> list[str]:
    """The words of a line that are not markings, references, dates, status, version or page words."""
    rest = text
    for marking in words.markings(text):
        rest = rest.replace(marking.found, " ")
    for reference in words.references(text):
        rest = rest.replace(reference, " ")
    remaining = [w for w in words.normalise(rest).split() if w not in META_WORDS and not w.isdigit()]
    return [w for w in remaining if w not in words.STOPWORDS and not _noise(w)]


# Titles


def _without_filler(text: str) -> str:
    kept = [w for w in words.normalise(text).split() if w not in GENERIC_FILLER and not _VERSION.match(w)]
    return " ".join(kept)


def _generic_set() -> frozenset[str]:
    names = [*GENERIC_HEADINGS, *GENERIC_HEADINGS_CY]
    for kind in kinds.kinds():
        names += [kind.label, kind.short, f"{kind.label} {kind.short}", f"{kind.short} {kind.label}"]
    return frozenset(_without_filler(n) for n in names)


GENERIC = _generic_set()


def generic(text: str) -> bool:
    """Whether a heading names only the form ("Data Protection Impact Assessment", "DPIA template v2"), in
    English, Welsh or both ("Asesiad o’r Effaith ar Ddiogelu Data / Data Protection Impact Assessment")."""
    halves = [half for half in _HALVES.split(text) if half.strip()]
    return _names_form(text) or (len(halves) > 1 and all(_names_form(half) for half in halves))


def _names_form(text: str) -> bool:
    return _without_filler(text) in GENERIC | {""}


def title_from(text: str) -> str:
    """The assessment's title in a heading: "" for the form's own heading, the specific part of
    "Data Protection Impact Assessment: Biometric access", the heading itself otherwise."""
    # The line breaks of a heading in two languages tell its halves apart: checked before they are joined.
    if generic(text):
        return ""
    text = " ".join(text.split())[:MAX_TITLE]
    if generic(text) or not content_words(text) or words.normalise(text) in NOT_TITLES:
        return ""
    trailing = _TRAILING.match(text)
    if trailing and generic(trailing.group("inner")):
        return title_from(trailing.group("rest"))
    for pattern in (_SEPARATOR, _CONNECTOR):
        for match in pattern.finditer(text):
            head, rest = text[: match.start()].strip(), text[match.end() :].strip()
            if head and rest and generic(head):
                return title_from(rest)
            if head and rest and (generic(rest) or not content_words(rest)) and pattern is _SEPARATOR:
                return title_from(head)
    return text


def besides_title(heading: str, title: str) -> str:
    """What a heading says besides the title read from it: the form's own wording ("data protection impact
    assessment" of "Custody risk model: data protection impact assessment"), or "" when it is all title."""
    heading = " ".join(heading.split())
    start = heading.find(title)
    if not title or start < 0:
        return ""
    parts = (heading[:start], heading[start + len(title) :])
    return " ".join(kept for kept in (_AROUND.sub("", part) for part in parts) if kept)


# Choosing among what was found


def keeps(found: Found) -> bool:
    """Whether a detail must stay with the draft as text, because no field of a draft can hold it."""
    if found.detail == "status":
        return found.value != "draft"
    return found.detail in ("approved", "review")


def chosen(found: list[Found], today: date) -> dict[str, Found]:
    """The detail used for each field: the first found, a labelled date conducted before a bare one."""
    used: dict[str, Found] = {}
    for item in sorted(found, key=lambda f: f.detail in DATE_DETAILS and not f.labelled):
        if item.detail in ("started", "conducted") and PartialDate.parse(item.value).earliest() > today:
            continue
        used.setdefault(item.detail, item)
    return used


def shown(found: list[Found], used: dict[str, Found], today: date) -> list[dict]:
    """Each detail found, for the preview: what it is, where it came from and whether it is used."""
    return [
        {
            **asdict(item),
            "name": DETAIL_NAMES[item.detail],
            "location": item.location[:1].lower() + item.location[1:],
            "note": _note(item, used.get(item.detail), today),
        }
        for item in found
    ]


def _note(item: Found, taken: Found | None, today: date) -> str:
    """Why a detail found is not used, or "" when it is."""
    if item.detail in NOT_USED:
        return NOT_USED[item.detail]
    if item.detail == "status":
        return STATUS_NOTES.get(item.value, STATUS_NOTES[""])
    if taken is item:
        return ""
    if taken is None or (item.detail in DATE_DETAILS and PartialDate.parse(item.value).earliest() > today):
        return "not used: in the future"
    if taken.value == item.value:
        return "the same as the one used"
    kept = f"; {KEPT}" if item.detail in TEXT_DETAILS else ""
    return f"not used: {taken.shown} is used instead{kept}"


def passed_over(item: Found, found: list[Found]) -> bool:
    """Whether a title or owner is not the one used (the first read): kept as text, lest its words be lost."""
    first = next((f for f in found if f.detail == item.detail), item)
    return item.detail in TEXT_DETAILS and item.value != first.value
