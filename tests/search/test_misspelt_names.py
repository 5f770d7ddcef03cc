"""Misspelt names in a large register: ranked, bounded, and found when the typed word is three letters."""

from tests.search.test_search import find, names_of


def test_a_word_begun_as_typed_outranks_a_misspelling_of_it(db, index, make_system):
    # Made first, so an unranked look-up (in index order) would put it first.
    make_system("Harbor Watch")
    make_system("Harbourside Watch")
    index.catch_up(db)
    # "harbou" begins "harbourside" and is one letter from "harbor"; "wach" misspells "watch" in both.
    assert names_of(find(db, index, "harbou wach"))[:2] == ["Harbourside Watch", "Harbor Watch"]


def test_a_misspelling_many_names_share_names_only_the_best_few(db, index, make_system):
    # At 10,000 systems a misspelt word matches dozens of names; each named system's records are read,
    # so a look-up must stop at the few it shows first.
    for word in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"):
        make_system(f"Custody Triage {word}")
    index.catch_up(db)
    page = find(db, index, "custdy triage")
    named = [g for g in page["groups"] if g["system"]["name"].startswith("Custody Triage")]
    assert 1 <= len(named) <= 5


def test_a_four_letter_name_typed_with_a_letter_missing_is_found(db, index, make_system):
    make_system("Iris Locator")
    make_system("Beacon Locator")
    index.catch_up(db)
    page = find(db, index, "irs locator")
    assert names_of(page)[0] == "Iris Locator"
    assert page["panel"] is not None  # found as its name, with its assessments, not as words in some text
