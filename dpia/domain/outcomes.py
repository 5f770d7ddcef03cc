"""Whether a request's closing outcome agrees with its drafted answers (FOIA s1, s17): a pure rule.

An answer is held, not held, neither confirmed nor denied, withheld in full, published elsewhere (s21) or
over the cost limit (s12). "Information not held" cannot close a request any of whose answers says
information is held; "granted in full" cannot close one that refuses or withholds anything; "granted in
part" needs something released and something refused; "refused" needs something refused; "neither confirm
nor deny" needs an answer that neither confirms nor denies.
"""

from typing import NamedTuple

from dpia.vocab import FOI_OUTCOMES, OTHER_EXEMPTION, labels


class Answered(NamedTuple):
    """One drafted answer as the rule reads it."""

    number: str
    held: str
    # (exemption, name of an "other" one) the answer relies on.
    exemptions: tuple[tuple[str, str], ...] = ()


# How each drafted answer reads, as the outcome's message names it.
ANSWER_WORDS = {
    "held": "information held",
    "not_held": "information not held",
    "ncnd": "neither confirm nor deny",
    "exempt": "withheld in full",
    "s21": "published elsewhere (section 21)",
    "s12": "over the cost limit (section 12)",
}
# Answers that say information is held, and answers that refuse what was asked.
SAYS_HELD = ("held", "exempt", "s21")
REFUSES = ("ncnd", "exempt", "s21", "s12")


def contradiction(
    outcome: str, answers: list[Answered], passages: list[str], systems_ncnd: bool
) -> str | None:
    """Why the drafted answers contradict an outcome, naming the answers that do; None if they do not.

    `passages` are the exemptions used on passages withheld in the released documents; `systems_ncnd` says
    the response neither confirms nor denies some systems in scope.
    """
    released = [a for a in answers if a.held == "held"]
    refused = [a for a in answers if a.held in REFUSES]
    withheld = []
    if passages:
        withheld.append(f"passages of the attached documents are withheld under {_and(passages)}")
    if systems_ncnd:
        withheld.append(
            "the response neither confirms nor denies holding information on some systems in scope"
        )
    if outcome == "not_held":
        reasons = [_answered([a for a in answers if a.held in SAYS_HELD])]
    elif outcome == "granted_in_full":
        reasons = (
            [_answered(refused), *withheld] if refused or withheld else _none_released(answers, released)
        )
    elif outcome == "granted_in_part":
        reasons = _none_released(answers, released)
        if not refused and not withheld:
            reasons = [f"nothing is refused or withheld: {_answered(answers)}"]
    elif outcome == "refused":
        reasons = [] if refused or withheld else [f"nothing is withheld: {_answered(answers)}"]
    elif outcome == "ncnd":
        reasons = [] if any(a.held == "ncnd" for a in answers) else [_no_ncnd(answers)]
    else:
        reasons = []
    reasons = [r for r in reasons if r]
    if not reasons:
        return None
    text = "; ".join(reasons)
    return f"{text[0].upper()}{text[1:]}, so the outcome cannot be ‘{labels(FOI_OUTCOMES)[outcome]}’"


def _none_released(answers: list[Answered], released: list[Answered]) -> list[str]:
    if released:
        return []
    return [f"no question is answered with information held: {_answered(answers)}"]


def _no_ncnd(answers: list[Answered]) -> str:
    return f"no question is answered ‘neither confirm nor deny’: {_answered(answers)}"


def _answered(answers: list[Answered]) -> str:
    """'question 2 is answered: information held; questions 3 and 4 are answered: withheld in full'."""
    groups: dict[str, list[str]] = {}
    for answer in answers:
        words = ANSWER_WORDS[answer.held]
        if answer.held == "exempt" and answer.exemptions:
            words += " under " + _and([section(e, o) for e, o in answer.exemptions])
        groups.setdefault(words, []).append(answer.number)
    parts = [
        f"question {numbers[0]} is answered: {words}"
        if len(numbers) == 1
        else f"questions {_and(numbers)} are answered: {words}"
        for words, numbers in groups.items()
    ]
    return "; ".join(parts)


def section(exemption: str, other: str) -> str:
    return other if exemption == OTHER_EXEMPTION else f"section {exemption[1:]}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
