"""Names of staff in disclosure copies: released beside the roles a force names, else withheld under s40(2).

A name is recorded beside a role: a sign-off's position, or the role written with it ("Jane Smith, Head of
Analysis"). A disclosure releases it only when one of those roles is a released grade (by default chief
officers, and the DPO and SIRO by role); otherwise the name gives way to "[Withheld: section 40(2) FOIA]" and
the role stays. A name with no role recorded is withheld. Roles, units and teams are not personal data, so
they are never withheld here. Declared once as data; nothing here reads the database.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dpia.domain.answer_types import ANSWER_TYPES
from dpia.kinds.model import Kind

# The grades whose names forces normally release: chief officers, and the DPO and SIRO by role.
RELEASED_GRADES = (
    "Chief Constable",
    "Deputy Chief Constable",
    "Assistant Chief Constable",
    "Chief Officer",
    "Director of Finance",
    "Data Protection Officer",
    "Senior Information Risk Owner",
)
# What a disclosure cites for a withheld name, in the shape of a withholding mark.
EXEMPTION = {"exemption": "s40", "subsection": "(2)", "other": ""}
LABEL = "Name of a member of staff"
# Short forms, read as the words they stand for on both sides of a comparison ("ACC" is an ACC).
ABBREVIATIONS = {
    "cc": "chief constable",
    "dcc": "deputy chief constable",
    "acc": "assistant chief constable",
    "dpo": "data protection officer",
    "siro": "senior information risk owner",
    "sro": "senior responsible owner",
    "asst": "assistant",
    "dep": "deputy",
    "ch": "chief",
    "supt": "superintendent",
    "insp": "inspector",
    "sgt": "sergeant",
}
# Words before a grade that leave it the same grade: a temporary (T/) or acting (A/) ACC is an ACC.
INTERIM = frozenset({"temporary", "acting", "interim", "t", "a"})
# Words that make a phrase a post or a rank: the person is named beside it.
POSTS = frozenset(
    """head lead leader manager director officer chief deputy assistant constable superintendent inspector
    sergeant commissioner commander detective analyst adviser advisor coordinator co-ordinator owner
    controller secretary clerk engineer scientist specialist consultant delegate chair chairman chairperson
    member representative supervisor administrator executive president practitioner investigator caseworker
    ds di dci dsu dc pc ps dcs pcso""".split()
) | frozenset(ABBREVIATIONS)
# Words that make a phrase a unit, a team or an organisation rather than a person.
UNITS = frozenset(
    """unit team department directorate division branch command group board panel committee office police
    constabulary force service services council authority university college ltd limited plc llp lab
    laboratory programme project hub centre center agency ministry data analytics analysis intelligence
    operations management digital information technology solution solutions governance compliance strategy
    policy performance insight insights justice crime criminal offender custody safeguarding equality
    diversity inclusion edi protection risk privacy security legal finance resources people hr ict it
    network networks national regional""".split()
)
CONNECTORS = frozenset({"of", "and", "for", "the", "&", "in", "to", "at", "on", "with"})
HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame", "rev"})
# Words a person field holds when it names no one.
NOBODY = frozenset({"none", "tbc", "tba", "vacant", "unknown", "nobody", "various", "not", "see", "n/a"})
# Where one part of a person field ends and the next begins: "Jane Smith, Head of Analysis", "Jane (ACC)".
_SEPARATOR = re.compile(r"\s*(?:[,;:()\[\]\n]|\s[-\u2013\u2014]\s)\s*")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['\u2019.-][^\W\d_]+)*\.?")
# A name swept from all of a disclosure's text must be at least this long: shorter ones match ordinary words.
MIN_SWEPT = 6


@dataclass(frozen=True)
class Parsed:
    """A person field read: where the names are, the role written in the same part as each, and every role."""

    spans: tuple[tuple[int, int], ...]
    own: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    """A name found in a person field, and whether a role beside it releases it."""

    name: str
    released: bool


def _key(word: str) -> str:
    return word.strip(".'\u2019").casefold().replace(".", "")


def _is(word: str, vocabulary: frozenset[str]) -> bool:
    return any(_key(part) in vocabulary for part in word.split("/"))


def _office(word: str) -> bool:
    return _is(word, POSTS | UNITS)


def _name_word(word: str) -> bool:
    return bool(_NAME_WORD.fullmatch(word)) and _key(word) not in CONNECTORS | NOBODY and not _office(word)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _words(segment: str, offset: int) -> list[tuple[int, int, str]]:
    return [(offset + m.start(), offset + m.end(), m.group()) for m in re.finditer(r"\S+", segment)]


def _segments(text: str) -> list[tuple[int, str]]:
    found, position = [], 0
    for separator in _SEPARATOR.finditer(text):
        found.append((position, text[position : separator.start()]))
        position = separator.end()
    found.append((position, text[position:]))
    return [(start, segment) for start, segment in found if segment.strip()]


def _split(words: list[tuple[int, int, str]]) -> int | None:
    """Where a name ends in a part holding a post: after "Jane Smith" in "Jane Smith Head of Analysis"."""
    run = 0
    while run < len(words) and _name_word(words[run][2]) and _capitalised(words[run][2]):
        run += 1
    rest = [w for _, _, w in words[run:]]
    # Only a capitalised post (or unit, then a post) splits: "Facial Recognition lead" is one post, and
    # "South Wales Police" a force, but "Jane Smith Head of Analysis" and "Sam Ahmed EDI lead" are people.
    if run >= 2 and rest and _capitalised(rest[0]) and any(_is(w, POSTS) for w in rest):
        return run
    return None


def _rank_first(words: list[tuple[int, int, str]]) -> int | None:
    """Where a name starts after a rank or post: after "DS" in "DS Jane Smith"."""
    lead = 0
    while lead < len(words) and _is(words[lead][2], POSTS):
        lead += 1
    rest = words[lead:]
    if lead and rest and all(_name_word(w) and _capitalised(w) for _, _, w in rest):
        return lead
    return None


def _part(text: str, start: int, segment: str) -> tuple[list[tuple[int, int]], str]:
    """One part of a person field: the spans of the names in it, and the role in it ("" if none)."""
    words = _words(segment, start)
    if not any(_office(w) for _, _, w in words):
        return _names_only(words), ""
    split = _split(words)
    if split is not None:
        return [(words[0][0], words[split - 1][1])], text[words[split][0] : words[-1][1]]
    lead = _rank_first(words)
    if lead is not None:
        return [(words[lead][0], words[-1][1])], text[words[0][0] : words[lead - 1][1]]
    return [], segment.strip()


def _names_only(words: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The names in a part holding no post: "Jo", "Dr Jane Smith", or "Alice Clarke and Sam Ahmed" (two)."""
    joins = {"and", "&"}
    if not all(_name_word(w) or _key(w) in joins for _, _, w in words):
        return []
    runs: list[list[tuple[int, int, str]]] = [[]]
    for word in words:
        if _key(word[2]) in joins:
            runs.append([])
        else:
            runs[-1].append(word)
    return [(run[0][0], run[-1][1]) for run in runs if run and len(run) <= 5]


# The same sign-off text is read for every version and every document of a pack: parse it once.
@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Parsed:
    """The names in a person field and the roles written beside them."""
    spans, own, roles = [], [], []
    for start, segment in _segments(text):
        found, role = _part(text, start, segment)
        spans += found
        own += [role] * len(found)
        if role:
            roles.append(role)
    return Parsed(tuple(spans), tuple(own), tuple(roles))


@functools.lru_cache(maxsize=4096)
def _grade(text: str) -> str:
    """A role as grades are compared: words only, short forms spelt out, "acting" and "T/" dropped."""
    words = re.split(r"[^\w&]+", text.casefold().replace(".", ""))
    spelt = " ".join(ABBREVIATIONS.get(w, w) for w in words if w).replace("&", "and").split()
    while spelt and spelt[0] in INTERIM:
        spelt.pop(0)
    return " ".join(spelt)


def released(roles: Iterable[str], grades: Iterable[str]) -> bool:
    """Whether any part of any role is one of the grades: "ACC (Crime)" is, "SIRO delegate" is not."""
    wanted = {_grade(g) for g in grades} - {""}
    return any(_grade(part) in wanted for role in roles for _, part in _segments(role or ""))


def withheld_spans(text: str, role: str, grades: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """What a disclosure withholds from a person field: its names, unless a role beside them is released.

    With one name, any role in the field (or its role column) is that person's; with several, each name
    is released only by the role written with it, since which of them holds a shared role is not recorded.
    """
    found = parse(text)
    shared = (role, *found.roles) if len(found.spans) == 1 else ()
    return tuple(
        span for span, own in zip(found.spans, found.own, strict=True) if not released((own, *shared), grades)
    )


def people(kind: Kind, version: dict, grades: Iterable[str]) -> list[Person]:
    """Every name in a version's person fields (its owner, sign-offs, owners of measures), released or not."""
    grades = tuple(grades)
    found = [*_people_in(version.get("owner") or "", "", grades)]
    for question in kind.questions.values():
        columns = [c for c in ANSWER_TYPES[question.type].columns(question) if c.person]
        value = version["answers"].get(question.key) or []
        for row in value.values() if isinstance(value, dict) else value:
            for column in columns:
                role = row.get(column.role, "") if column.role else ""
                found += _people_in(row.get(column.key), role if isinstance(role, str) else "", grades)
    return found


def _people_in(text: object, role: str, grades: tuple[str, ...]) -> list[Person]:
    if not isinstance(text, str) or not text:
        return []
    withheld = withheld_spans(text, role, grades)
    return [Person(" ".join(text[a:b].split()), (a, b) not in withheld) for a, b in parse(text).spans]


def field_people(text: str, grades: Iterable[str]) -> list[Person]:
    """The names in one person field with no role column beside it, such as a system's owner."""
    return _people_in(text, "", tuple(grades))


def swept_forms(name: str) -> list[str]:
    """The forms of a withheld name swept from all of a disclosure's other text.

    Only full names: a first name or surname alone ("Jo", "Will", "Young") is an ordinary word too often,
    so it is withheld where it is recorded as a name but not hunted through free text.
    """
    words = name.split()
    plain = words
    while plain and _key(plain[0]) in HONORIFICS:
        plain = plain[1:]
    forms = [name, " ".join(plain)] if plain != words else [name]
    return [f for f in forms if len(f.split()) >= 2 and len(" ".join(f.split())) >= MIN_SWEPT]


def mark(form: str) -> dict:
    """A withholding mark for a name, in the shape passage marks take, to sweep it from a disclosure."""
    key = " ".join(form.casefold().split())
    return {
        "id": f"staff:{key}",
        "target": "staff",
        "label": LABEL,
        "passage": form,
        **EXEMPTION,
    }
