"""Answers a kind declares contradictory, as data: checked on every assessment by the compliance checks."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Contradiction:
    """When `named` mentions any of `words` but `answer` is `value`, the two answers disagree."""

    key: str
    kind: str
    named: str
    words: tuple[str, ...]
    answer: str
    value: str
    wording: str


# Words that name special category or criminal offence data (UK GDPR Arts 9-10, DPA 2018 s35(8)).
SPECIAL_WORDS = (
    "special category",
    "criminal offence",
    "biometric",
    "genetic",
    "health",
    "ethnic",
    "racial",
    "religio",
    "sexual orientation",
    "sex life",
    "political opinion",
    "trade union",
)

CONTRADICTIONS: tuple[Contradiction, ...] = (
    Contradiction(
        "dpia_special_category",
        "dpia",
        "scope",
        SPECIAL_WORDS,
        "special_category",
        "no",
        "The scope names special category or criminal offence data, but the special category question is"
        " answered ‘No’.",
    ),
    Contradiction(
        "screening_special_category",
        "screening",
        "reasons",
        SPECIAL_WORDS,
        "special_category",
        "no",
        "The reasons name special category or criminal offence data, but the special category question is"
        " answered ‘No’.",
    ),
)
