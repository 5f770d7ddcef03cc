"""Splitting pasted FOI requests into numbered questions, and suggesting the fact that answers each."""

import re

from hypothesis import given
from hypothesis import strategies as st

from dpia.domain.questions import split, suggest

# West Midlands Police 855A/22 ("Predictive Policing"), questions a-h as DOMAIN.md records them.
WMP_855A = """Please provide the following for every predictive crime mapping system and every individual
risk assessment system the force has used, uses, or plans to use:
a) The name of the system
b) When it was first used
c) How it works, what data it uses, and how
predictions are made
d) The cost of the system
e) Any guidance or policies governing its use
f) When it was used, and the age, race and gender of people who had police interactions or
arrests as a result (as a CSV)
g) Any PIA, DPIA and/or EqIA, with the dates they were conducted, or a statement that none was
h) Any testing or research on potential bias, for the Public Sector Equality Duty
"""


def test_855a_22_splits_into_a_to_h_with_continuations_joined():
    found = split(WMP_855A)
    assert [i.number for i in found.items] == list("abcdefgh")
    assert found.items[2].text == "How it works, what data it uses, and how predictions are made"
    assert found.items[5].text.endswith("arrests as a result (as a CSV)")
    assert found.preamble.startswith("Please provide") and found.preamble.endswith("plans to use:")


def test_855a_22_suggestions():
    facts = [suggest(i.text) for i in split(WMP_855A).items]
    assert facts == [
        "names",
        "first_use",
        "how_it_works",
        "costs",
        "policies",
        "monitoring",
        "assessments",
        "bias_testing",
    ]


def test_numbers_with_lettered_sub_items_inherit_their_parent():
    text = "1. Have any predictive policing systems been used?\n2) If so:\n(a) their names\nb. their costs\n"
    found = split(text)
    assert [(i.number, i.text) for i in found.items] == [
        ("1", "Have any predictive policing systems been used?"),
        ("2", "If so:"),
        ("2a", "their names"),
        ("2b", "their costs"),
    ]
    assert suggest(found.items[0].text) == "parent"


def test_roman_numerals_under_a_number_and_under_a_letter():
    text = "2. Each:\ni) cost\nii) policies\n3. For each:\n(a) first\n(i) one\n(ii) two\n(b) x"
    assert [i.number for i in split(text).items] == ["2", "2i", "2ii", "3", "3a", "3a(i)", "3a(ii)", "3b"]


def test_joined_and_spaced_markers_and_question_prefixes():
    text = (
        "Q1: How many people are held?\n1a how much did it cost\n2 (i) any policies\nii) any bias testing\n"
    )
    found = split(text)
    assert [i.number for i in found.items] == ["1", "1a", "2i", "2ii"]
    assert [suggest(i.text) for i in found.items] == ["individuals", "costs", "policies", "bias_testing"]


def test_i_after_h_is_a_letter():
    text = "".join(f"{letter}) item {letter}\n" for letter in "abcdefghij")
    assert [i.number for i in split(text).items] == list("abcdefghij")


def test_years_and_amounts_at_the_start_of_a_line_are_not_numbers():
    found = split("1. When was it used?\n2019 and 2020 only.\n3rd party data too.")
    assert [(i.number, i.text) for i in found.items] == [
        ("1", "When was it used? 2019 and 2020 only. 3rd party data too.")
    ]


def test_markers_are_recognised_only_at_the_start_of_a_line():
    assert [i.text for i in split("a) name b) cost").items] == ["name b) cost"]


def test_words_nobody_declared_mean_own_words():
    assert suggest("Please send me the minutes of the ethics panel meeting") == "own"
    assert suggest("") == "own"


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@given(st.text(alphabet="abcdhiv123 .():Q\n\r\tx", max_size=200))
def test_splitting_never_loses_text(text):
    found = split(text)
    kept = found.preamble + "".join(i.marker + i.text for i in found.items)
    assert _bare(kept) == _bare(text)


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,?", min_size=1, max_size=40), max_size=8))
def test_numbered_lines_give_one_item_each(lines):
    lines = [line for line in lines if line.strip()]
    text = "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1))
    assert [i.number for i in split(text).items] == [str(n) for n in range(1, len(lines) + 1)]
