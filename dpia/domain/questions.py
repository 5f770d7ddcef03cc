"""Splitting a pasted FOI request into its numbered questions, and suggesting what answers each one.

Pure rules, no store. Splitting works line by line: a line that starts with a marker ("1.", "1)", "Q1:",
"(a)", "a)", "1a", "2 (i)", "iv.") starts a question; any other line continues the question before it. Letters
and roman numerals inherit the number above them, so "2" then "a)" gives "2a" and "2" then "i)" gives "2i";
a roman numeral under a lettered item gives "2a(i)". Text before the first marker is kept as the preamble.
Markers are recognised only at the start of a line: "a) name b) cost" on one line stays one question.
"""

import re
from dataclasses import dataclass, field

from dpia.vocab import FOI_FACT_WORDS, FOI_FACTS

# "Q1." / "Question 1:" / "1." / "1)" / "(1)": a top-level number; three digits at most so years are text.
_NUMBER = re.compile(
    r"^(?:(?:Q|Question)\s*(\d{1,3})[.):]?|\((\d{1,3})\)|(\d{1,3})[.):])(?:\s+|$)", re.IGNORECASE
)
# "1a", "1a)", "2 (i)", "2. ii)": a number with its letter or roman numeral in one marker.
_JOINED = re.compile(
    r"^(\d{1,3})([a-z]{1,4})[.):]?(?:\s+|$)|^(\d{1,3})[.]?\s+\(?([a-z]{1,4})[.):](?:\s+|$)", re.IGNORECASE
)
# "(a)", "a)", "a.", "(iv)", "iv)": a letter or roman numeral alone.
_SUB = re.compile(r"^\(?([a-z]{1,4})[.)](?:\s+|$)|^\(([a-z]{1,4})\)(?:\s+|$)", re.IGNORECASE)
_ROMAN = re.compile(r"^(?=[ivxl])l?x{0,3}(ix|iv|v?i{0,3})$")


@dataclass
class Item:
    """One question found in pasted text: its number as the requester wrote it, and its words."""

    number: str
    text: str
    # The marker as written ("(a)", "Q1:"), so the split can be shown, and checked to lose nothing.
    marker: str = ""


@dataclass
class Split:
    """Pasted text as numbered questions, with whatever came before the first number."""

    items: list[Item] = field(default_factory=list)
    preamble: str = ""


@dataclass
class _Place:
    """Where the splitter is: the current number, letter and whether romans are being counted."""

    number: str = ""
    letter: str = ""
    roman: bool = False


def is_roman(token: str) -> bool:
    """Whether a lower-case token is a roman numeral from i to lxxxix."""
    return bool(_ROMAN.match(token))


def split(text: str) -> Split:
    """Split pasted text into numbered items; every word of the input is kept, in order."""
    found, place, preamble = Split(), _Place(), []
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        marked = _marker(stripped, place)
        if marked is None:
            _continue(found, preamble, stripped)
        else:
            number, end = marked
            found.items.append(Item(number, stripped[end:].strip(), stripped[:end].strip()))
    found.preamble = " ".join(preamble)
    return found


def _continue(found: Split, preamble: list[str], line: str) -> None:
    # A line without a marker belongs to the question above it, or to the preamble if there is none yet.
    if found.items:
        last = found.items[-1]
        last.text = f"{last.text} {line}".strip()
    else:
        preamble.append(line)


def _marker(line: str, place: _Place) -> tuple[str, int] | None:
    """The number a line starts (updating `place`) and where its marker ends, or None."""
    if match := _JOINED.match(line):
        number, sub = match.group(1) or match.group(3), (match.group(2) or match.group(4)).lower()
        if len(sub) == 1 or is_roman(sub):
            roman = is_roman(sub) and (len(sub) > 1 or sub == "i")
            place.number, place.letter, place.roman = number, "" if roman else sub, roman
            return number + sub, match.end()
    if match := _NUMBER.match(line):
        place.number = next(g for g in match.groups() if g)
        place.letter, place.roman = "", False
        return place.number, match.end()
    if match := _SUB.match(line):
        token = (match.group(1) or match.group(2)).lower()
        if len(token) == 1 or is_roman(token):
            return _sub_number(token, place), match.end()
    return None


def _sub_number(token: str, place: _Place) -> str:
    """The full number of a letter or roman numeral, from the number (and letter) above it."""
    follows_letter = len(token) == 1 and place.letter and ord(token) == ord(place.letter) + 1
    # "i", "v" and "x" are letters when they follow "h", "u" or "w", and numerals otherwise under a number.
    counting = place.roman or len(token) > 1 or (token == "i" and bool(place.number))
    if is_roman(token) and not follows_letter and counting:
        place.roman = True
        return f"{place.number}{place.letter}({token})" if place.letter else place.number + token
    place.letter, place.roman = token, False
    return place.number + token


def _words(text: str) -> str:
    """Lower-case words separated by single spaces, padded so phrases match on word boundaries."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def suggest(text: str) -> str:
    """The fact whose words the question uses most (first declared on a tie), else the officer's own words."""
    words = _words(text)
    best, score = "own", 0
    for term in FOI_FACTS:
        phrases = FOI_FACT_WORDS.get(term.value, ())
        found = sum(1 for phrase in phrases if f" {phrase} " in words)
        if term.value == "parent" and found:
            # "Have any systems been used?" is a parent question whatever else it mentions.
            return "parent"
        if found > score:
            best, score = term.value, found
    return best


# Lifecycles meaning a system has been put to use: "retired" systems were used before they were retired.
USED_LIFECYCLES = ("in_use", "retired")


def parent_answer(systems: list[dict]) -> tuple[str, list[dict]]:
    """A parent question's answer: "yes" if any system in its scope is in use or was used, and which.

    Planned and never-deployed systems do not make it "yes". The caller chooses the systems (today's register,
    or the register as it stood on a given date), so this rule does not depend on when it is asked.
    """
    used = [s for s in systems if s["lifecycle"] in USED_LIFECYCLES]
    return ("yes" if used else "no"), used
