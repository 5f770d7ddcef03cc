"""The scales people use in risk tables, declared as data, and how each point becomes the ICO's.

The ICO's template scores likelihood remote / possible / probable, severity minimal / significant / severe
and overall (and residual) risk low / medium / high. Forces write 1-3, 1-4 and 1-5 numbers, "rare ... almost
certain", "low / medium / high", RAG colours and risk scores (likelihood times impact). Each is declared here
once, with the ICO value of each point, and the preview shows which were applied. A pure module.
"""

import re
from dataclasses import dataclass

from dpia.domain import reading
from dpia.vocab import EFFECTS, LIKELIHOODS, RISK_LEVELS, SEVERITIES, Term, labels


@dataclass(frozen=True)
class Scale:
    """A scale found in documents: its written points (words, or number ranges) and the ICO value of each."""

    name: str
    target: tuple[Term, ...]  # the ICO scale it maps onto (a vocabulary tuple)
    words: tuple[tuple[str, str], ...] = ()  # (written word or phrase, ICO value)
    numbers: tuple[tuple[int, int, str], ...] = ()  # (from, to, ICO value) on a numeric scale
    top: int = 0  # the highest point of a numeric scale (for a score scale, of the matrix's axes)


@dataclass(frozen=True)
class Reading:
    """What one cell was read as: the ICO value, and the scale that gave it."""

    value: str
    scale: str


def _points(top: int, *values: str) -> tuple[tuple[int, int, str], ...]:
    """Number ranges from consecutive values: _points(5, "remote", "remote", "possible", ...)."""
    found: list[tuple[int, int, str]] = []
    for number, value in enumerate(values, start=1):
        if found and found[-1][2] == value:
            found[-1] = (found[-1][0], number, value)
        else:
            found.append((number, number, value))
    assert found[-1][1] == top
    return tuple(found)


# Word scales are tried in this order, the ICO's own first; a phrase on two scales means the same on both.
SCALES: tuple[Scale, ...] = (
    Scale("ICO", LIKELIHOODS, tuple((t.value, t.value) for t in LIKELIHOODS)),
    Scale("ICO", SEVERITIES, tuple((t.value, t.value) for t in SEVERITIES)),
    Scale("ICO", RISK_LEVELS, tuple((t.value, t.value) for t in RISK_LEVELS)),
    Scale("ICO", EFFECTS, tuple((t.value, t.value) for t in EFFECTS)),
    Scale(
        "Rare to almost certain",
        LIKELIHOODS,
        (
            ("rare", "remote"),
            ("very unlikely", "remote"),
            ("unlikely", "remote"),
            ("possible", "possible"),
            ("likely", "probable"),
            ("very likely", "probable"),
            ("highly likely", "probable"),
            ("almost certain", "probable"),
            ("certain", "probable"),
        ),
    ),
    # "Low" likelihood is remote; "medium" possible; "high" probable (and the five-point version).
    Scale(
        "Very low to very high",
        LIKELIHOODS,
        (
            ("very low", "remote"),
            ("low", "remote"),
            ("medium", "possible"),
            ("med", "possible"),
            ("moderate", "possible"),
            ("high", "probable"),
            ("very high", "probable"),
        ),
    ),
    Scale(
        "Insignificant to catastrophic",
        SEVERITIES,
        (
            ("insignificant", "minimal"),
            ("negligible", "minimal"),
            ("minor", "minimal"),
            ("limited", "minimal"),
            ("moderate", "significant"),
            ("major", "severe"),
            ("critical", "severe"),
            ("catastrophic", "severe"),
        ),
    ),
    Scale(
        "Very low to very high",
        SEVERITIES,
        (
            ("very low", "minimal"),
            ("low", "minimal"),
            ("medium", "significant"),
            ("med", "significant"),
            ("high", "severe"),
            ("very high", "severe"),
        ),
    ),
    Scale(
        "Very low to very high, RAG",
        RISK_LEVELS,
        (
            ("very low", "low"),
            ("med", "medium"),
            ("moderate", "medium"),
            ("very high", "high"),
            ("extreme", "high"),
            ("critical", "high"),
            ("green", "low"),
            ("amber", "medium"),
            ("red", "high"),
        ),
    ),
    # The ICO template's effect column; "Low" (the risk is now low) is the commonest other answer.
    Scale(
        "Effect words",
        EFFECTS,
        (
            ("eliminate", "eliminated"),
            ("removed", "eliminated"),
            ("avoided", "eliminated"),
            ("reduce", "reduced"),
            ("mitigated", "reduced"),
            ("lowered", "reduced"),
            ("low", "reduced"),
            ("medium", "reduced"),
            ("accept", "accepted"),
            ("tolerated", "accepted"),
            ("tolerate", "accepted"),
            ("retained", "accepted"),
            ("unchanged", "accepted"),
            ("no change", "accepted"),
        ),
    ),
    # Numeric scales: 1-4 splits as the CNIL's gauges do (dpia.importers.cnil), 1-5 keeps its middle.
    Scale("1 to 3", LIKELIHOODS, numbers=_points(3, "remote", "possible", "probable"), top=3),
    Scale("1 to 4", LIKELIHOODS, numbers=_points(4, "remote", "remote", "possible", "probable"), top=4),
    Scale(
        "1 to 5",
        LIKELIHOODS,
        numbers=_points(5, "remote", "remote", "possible", "probable", "probable"),
        top=5,
    ),
    Scale("1 to 3", SEVERITIES, numbers=_points(3, "minimal", "significant", "severe"), top=3),
    Scale("1 to 4", SEVERITIES, numbers=_points(4, "minimal", "minimal", "significant", "severe"), top=4),
    Scale(
        "1 to 5",
        SEVERITIES,
        numbers=_points(5, "minimal", "minimal", "significant", "severe", "severe"),
        top=5,
    ),
    # Risk scores, likelihood times impact, banded as the usual matrices colour them.
    Scale(
        "Score on a 3 × 3 matrix",
        RISK_LEVELS,
        numbers=((1, 2, "low"), (3, 5, "medium"), (6, 9, "high")),
        top=3,
    ),
    Scale(
        "Score on a 4 × 4 matrix",
        RISK_LEVELS,
        numbers=((1, 3, "low"), (4, 8, "medium"), (9, 16, "high")),
        top=4,
    ),
    Scale(
        "Score on a 5 × 5 matrix",
        RISK_LEVELS,
        numbers=((1, 4, "low"), (5, 12, "medium"), (13, 25, "high")),
        top=5,
    ),
)
TOPS = (3, 4, 5)
_RANGE = re.compile(r"\b1\s*(?:-|–|—|to)\s*([345])\b|(?:/|out of)\s*([345])\b|\b([345])\s*-\s*point\b", re.I)
# A leading whole number: "4", "4 (Likely)", "4/5"; not "4.5" or "4-5", which name no one point.
_NUMBER = re.compile(r"^\s*(\d{1,2})(?![\d.,:-]\d)")


def range_hint(text: str) -> int:
    """The top of a numeric scale a header or cell states: "Likelihood (1-5)", "4/5", "out of 4"."""
    found = _RANGE.search(text)
    return int(next(g for g in found.groups() if g)) if found else 0


def number(cell: str) -> int | None:
    """The number a cell starts with ("4", "4 (Likely)", "12"), if any."""
    found = _NUMBER.match(cell)
    return int(found.group(1)) if found else None


def scores(target: tuple[Term, ...]) -> bool:
    """Whether numbers on this ICO scale are scores (overall levels), not points (likelihood, severity)."""
    return target == RISK_LEVELS


def top_for_scores(highest: int) -> int:
    """The matrix a set of scores comes from, by the highest score seen."""
    return next((top for top in TOPS if highest <= top * top), 0)


def read(cell: str, target: tuple[Term, ...], top: int = 0) -> Reading | None:
    """The ICO value a cell means on `target`'s scales: its words first, then its number on a `top` scale."""
    by_words = read_words(cell, target)
    if by_words is not None:
        return by_words
    found = number(cell)
    if found is None or not top:
        return None
    for scale in SCALES:
        if scale.target == target and scale.top == top:
            for low, high, value in scale.numbers:
                if low <= found <= high:
                    return Reading(value, scale.name)
    return None


def read_words(cell: str, target: tuple[Term, ...]) -> Reading | None:
    """The ICO value the words of a cell mean, if they name one point (the longest phrase found wins)."""
    hits = _hits(cell, target)
    if len({value for _, value, _ in hits}) != 1:
        return None
    return Reading(hits[0][1], hits[0][2])


def points_named(cell: str, target: tuple[Term, ...]) -> set[str]:
    """Every ICO value a cell's words name: a template's "Remote, possible or probable" names three."""
    return {value for _, value, _ in _hits(cell, target)}


def _hits(cell: str, target: tuple[Term, ...]) -> list[tuple[str, str, str]]:
    """(phrase, ICO value, scale) for each point of `target`'s word scales a cell names."""
    clean = f" {reading.normalise(re.sub(r'[0-9]+', ' ', cell))} "
    hits: list[tuple[str, str, str]] = []
    for scale in SCALES:
        if scale.target == target:
            hits += [(phrase, value, scale.name) for phrase, value in scale.words if f" {phrase} " in clean]
    # "Very low" also contains "low": a phrase inside a longer phrase found is not a second answer.
    return [h for h in hits if not any(h[0] != o[0] and f" {h[0]} " in f" {o[0]} " for o in hits)]


# Words a cell may hold beside a point of a scale and still hold nothing else ("High risk", "3 (Possible)").
_BESIDE_A_POINT = frozenset({"risk", "level", "rating", "score", "likelihood", "impact", "severity"})


def only_a_point(cell: str, target: tuple[Term, ...]) -> bool:
    """Whether a cell is one point of `target`'s word scales and nothing more: "Supt B Green" is a name."""
    hits = _hits(cell, target)
    if len({value for _, value, _ in hits}) != 1:
        return False
    rest = f" {reading.normalise(re.sub(r'[0-9]+', ' ', cell))} "
    for phrase, _, _ in hits:
        rest = rest.replace(f" {phrase} ", " ")
    return set(rest.split()) <= _BESIDE_A_POINT


def label(target: tuple[Term, ...], value: str) -> str:
    """The ICO label of a value: "probable" -> "Probable"."""
    return labels(target).get(value, value)


def is_own_word(cell: str, target: tuple[Term, ...], value: str) -> bool:
    """Whether a cell says exactly the ICO's own word for its value, so no mapping needs showing."""
    return reading.normalise(cell) == reading.normalise(label(target, value))


def has_scales(target: tuple[Term, ...]) -> bool:
    """Whether columns with these choices are read through the declared scales."""
    return any(scale.target == target for scale in SCALES)
