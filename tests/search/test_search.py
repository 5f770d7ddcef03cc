"""Search against a real on-disk index built from the demo register: every query kind, filters, roles."""

import time

import pytest
from werkzeug.datastructures import MultiDict

from dpia import demo
from dpia.actor import command_line
from dpia.services import systems
from dpia.services.search import queries as search
from dpia.store import assessments as assessment_store
from dpia.store.db import transaction
from tests.conftest import EDITOR, READER


@pytest.fixture
def register(db, index):
    """The demo register, indexed."""
    demo.load_systems(db, command_line())
    demo.load_assessments(db, command_line())
    index.catch_up(db)
    return db


def find(db, index, text="", actor=EDITOR, **args):
    """Search as a person would: the query string of the results page."""
    wanted = MultiDict({"q": text})
    for key, value in args.items():
        for item in value if isinstance(value, list) else [value]:
            wanted.add(key, item)
    return search.search(db, index, actor, search.read_request(wanted))


def names_of(page):
    return [group["system"]["name"] for group in page["groups"]]


def hits_of(page):
    return [hit for group in page["groups"] for hit in group["hits"]]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Gangs Violence Matrix", "Gangs Violence Matrix"),  # exact name
        ("gangs violence matrix", "Gangs Violence Matrix"),
        ("HART", "HART"),  # acronym
        ("MSV", "NDAS Most Serious Violence"),  # alias
        ("LFR", "Live Facial Recognition"),
        ("Harm Assessment Risk Tool", "HART"),  # alias in full
        ("gangs mat", "Gangs Violence Matrix"),  # partial
        ("knife cri", "Knife Crime Prediction"),
        ("Durhm", "HART"),  # misspelt alias word ("Durham HART")
        ("Gangs Violense Matrx", "Gangs Violence Matrix"),
    ],
)
def test_what_an_foi_officer_types_puts_the_system_first(register, index, typed, expected):
    page = find(register, index, typed)
    assert page["status"].ready
    assert names_of(page)[0] == expected
    assert page["panel"] is not None


def test_a_misspelt_name_finds_the_systems_it_could_mean(register, index):
    page = find(register, index, "facial recogniton")
    assert set(names_of(page)[:2]) == {"Live Facial Recognition", "AFR Locate"}


def test_the_named_system_comes_with_each_assessment_and_what_is_missing(register, index, signed_in):
    page = find(register, index, "Gangs Violence Matrix")
    panel = {group["kind"].key: group for group in page["panel"]}
    assert not panel["dpia"]["assessments"] and not panel["eqia"]["assessments"]
    html = signed_in("foi_officer").get("/search?q=Gangs+Violence+Matrix").get_data(as_text=True)
    assert "No DPIA recorded" in html and "No EqIA recorded" in html
    hart = signed_in("reader").get("/search?q=HART").get_data(as_text=True)
    assert "DPIA-" in hart and "version 1" in hart and "Conducted" in hart


def test_free_text_finds_every_answer_with_highlighted_snippets(register, index):
    page = find(register, index, "bias testing ethnicity")
    assert page["total"] > 0
    snippets = [s["html"] for hit in hits_of(page) for s in hit["snippets"]]
    assert any("<mark>" in s for s in snippets)
    assert any(hit.get("kind") == "eqia" for hit in hits_of(page))


def test_a_quoted_phrase_matches_only_the_words_together(register, index):
    words = find(register, index, "custody images")
    phrase = find(register, index, '"custody images"')
    assert 0 < phrase["total"] <= words["total"]
    for hit in hits_of(phrase):
        assert any("<mark>custody</mark> <mark>images</mark>" in s["html"].lower() for s in hit["snippets"])


def test_prefix_wildcards_are_expanded_within_bounds(register, index):
    page = find(register, index, "custod*")
    assert page["total"] > 0


@pytest.mark.parametrize(
    "filters, check",
    [
        ({"kind": "eqia"}, lambda hit: hit["kind"] == "eqia"),
        ({"kind": ["dpia", "pia"]}, lambda hit: hit["kind"] in ("dpia", "pia")),
        ({"status": "approved"}, lambda hit: hit["status"] == "approved"),
        ({"category": "biometric"}, lambda hit: hit["category"] == "biometric"),
        ({"lifecycle": "retired"}, lambda hit: hit["lifecycle"] == "retired"),
        ({"marking": "OFFICIAL"}, lambda hit: hit["marking"] == "OFFICIAL"),
    ],
)
def test_each_filter_keeps_only_what_it_names(register, index, filters, check):
    page = find(register, index, "data", **filters)
    assert hits_of(page), filters
    assert all(check(hit) for hit in hits_of(page))


def test_conducted_date_range_filters_by_the_date_conducted(register, index):
    page = find(register, index, "data", **{"conducted_from-year": "2020", "conducted_to-year": "2021"})
    assert hits_of(page)
    for hit in hits_of(page):
        assert hit["type"] == "version" and "2020" <= (hit["display"]["conducted"] or "")[:4] <= "2021"


def test_filters_alone_browse_the_register(register, index):
    page = find(register, index, "", kind="eqia")
    assert page["total"] > 0 and all(hit["kind"] == "eqia" for hit in hits_of(page))


def test_sorting_by_newest_puts_the_last_change_first(register, index):
    time.sleep(1.1)  # Changes are stamped to the second: make this one the newest.
    system_id = systems.store.find_id_by_name(register, "PredPol")
    current = systems.get(register, EDITOR, system_id)
    data = {**systems.as_form_data(current), "notes": "Reviewed again for the data log."}
    systems.update(register, EDITOR, system_id, data, current["version"])
    index.catch_up(register)
    page = find(register, index, "data", sort="newest")
    assert names_of(page)[0] == "PredPol"


def _approved_twice(db, make_system, word):
    """An assessment whose version 1 was superseded by an approved version 2, both mentioning `word`."""
    system_id = make_system(name="Custody Scorer")
    content = {
        "title": "Custody PIA",
        "owner": "",
        "marking": "OFFICIAL",
        "answers": {"need": f"Score {word} custody cases."},
        "conducted": "2023",
    }
    with transaction(db):
        assessment_id = assessment_store.insert_assessment(db, system_id, "pia", "PIA-2023-900", "test")
        for number, status in ((1, "superseded"), (2, "approved")):
            version_id = assessment_store.insert_version(db, assessment_id, number, 1, content, "test")
            assessment_store.update_version(db, version_id, 1, {"status": status}, "test")
    return system_id, assessment_id


def test_the_current_version_ranks_above_superseded_ones(db, index, make_system):
    _approved_twice(db, make_system, "zanzibar")
    index.catch_up(db)
    page = find(db, index, "zanzibar")
    hits = hits_of(page)
    assert [(h["number"], h["status"], h["current"]) for h in hits] == [
        (2, "approved", "yes"),
        (1, "superseded", "no"),
    ]


def test_results_are_grouped_by_system(register, index):
    page = find(register, index, "facial recognition")
    ids = [group["system"]["id"] for group in page["groups"]]
    assert len(ids) == len(set(ids))
    for group in page["groups"]:
        assert {hit["system_id"] for hit in group["hits"]} <= {str(group["system"]["id"])}


@pytest.mark.parametrize(
    "typed",
    [
        '"unbalanced quote',
        "((custody",
        "custody))",
        "kind:dpia status:approved",
        "body:custody",
        "*",
        "?*",
        "AND OR NOT",
        "[a TO z]",
        "custody^99",
        "custody~2",
        "a" * 5000,
        "custody\x00\x1f\x7f images",
        "<script>alert(1)</script>",
        "'",
        "-",
        "s31",
    ],
)
def test_malformed_queries_never_error(register, index, signed_in, typed):
    page = find(register, index, typed)
    assert page["status"].ready
    response = signed_in("reader").get("/search", query_string={"q": typed})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.get_data(as_text=True)


def test_a_field_like_query_is_searched_as_words(register, index):
    assert find(register, index, "custody:images")["total"] > 0


def test_did_you_mean_offers_a_spelling_that_finds_something(register, index, signed_in):
    page = find(register, index, "ethnicty")
    assert page["total"] == 0 and page["suggestion"] == "ethnicity"
    html = signed_in("reader").get("/search?q=ethnicty").get_data(as_text=True)
    assert "Did you mean" in html and "ethnicity" in html


def _sensitive(db, make_system, make_assessment):
    hidden = make_system(name="Quiet Harbour", marking="OFFICIAL-SENSITIVE")
    make_assessment(kind="pia", system_id=hidden, answers={"need": "Tracks the quokkas of the harbour."})
    visible = make_system(name="Open Harbour")
    make_assessment(kind="pia", system_id=visible, answers={"need": "Counts the quokkas openly."})
    marked = make_assessment(
        kind="pia",
        system_id=visible,
        answers={"need": "Quokkas counted in secret."},
        marking="OFFICIAL-SENSITIVE",
    )
    return marked


def test_official_sensitive_results_are_hidden_from_roles_without_clearance_with_counts(
    db, index, make_system, make_assessment
):
    _sensitive(db, make_system, make_assessment)
    index.catch_up(db)
    cleared = find(db, index, "quokkas", actor=EDITOR)
    reader = find(db, index, "quokkas", actor=READER)
    assert cleared["total"] == 3
    assert reader["total"] == 1 and names_of(reader) == ["Open Harbour"]
    assert find(db, index, "Quiet Harbour", actor=READER)["panel"] is None
    assert "Quiet Harbour" not in names_of(find(db, index, "Quiet Harbour", actor=READER))
    # Not even a suggestion may reveal a word found only in hidden material.
    assert find(db, index, "quokkas", actor=READER, marking="OFFICIAL-SENSITIVE")["total"] == 1
    assert find(db, index, "trakcs", actor=READER).get("suggestion") is None
    assert find(db, index, "trakcs", actor=EDITOR).get("suggestion") == "tracks"


def test_stored_script_in_answers_is_escaped_in_snippets(db, index, make_assessment, signed_in):
    make_assessment(
        kind="pia", answers={"need": '<script>alert("x")</script> wombat <img src=x onerror=alert(1)>'}
    )
    index.catch_up(db)
    html = signed_in("reader").get("/search?q=wombat").get_data(as_text=True)
    assert "<mark>wombat</mark>" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;/script&gt;" in html


def test_a_deleted_assessment_leaves_search(db, index, make_assessment):
    assessment_id = make_assessment(kind="pia", answers={"need": "Platypus triage."})
    index.catch_up(db)
    assert find(db, index, "platypus")["total"] == 1
    with transaction(db):
        for version in assessment_store.versions(db, assessment_id):
            assessment_store.delete_version(db, version["id"])
        assessment_store.delete_assessment(db, assessment_id)
    index.catch_up(db)
    assert find(db, index, "platypus")["total"] == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (
            {"conducted_from-day": "31", "conducted_from-month": "2", "conducted_from-year": "2020"},
            "Conducted from",
        ),
        ({"conducted_to-year": "20x"}, "Conducted to"),
        ({"conducted_from-year": "2022", "conducted_to-year": "2020"}, "must be the same as or after"),
    ],
)
def test_bad_dates_get_a_specific_message(app, signed_in, args, message):
    response = signed_in("reader").get("/search", query_string={"q": "data", **args})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html and message in html


def test_huge_page_numbers_show_the_last_page(register, index, signed_in):
    response = signed_in("reader").get("/search", query_string={"q": "data", "page": "99999999999999"})
    assert response.status_code == 200
    assert find(register, index, "data", page="99999")["page_number"] >= 1


def test_every_page_has_a_search_box_for_signed_in_people(signed_in):
    html = signed_in("reader").get("/systems").get_data(as_text=True)
    assert 'role="search"' in html and 'name="q"' in html


def test_search_says_it_is_being_rebuilt_when_there_is_no_index(app, signed_in):
    html = signed_in("reader").get("/search?q=HART").get_data(as_text=True)
    assert "Search is being rebuilt" in html


def test_withheld_passages_are_found_by_staff_but_flagged_and_unflagged_when_the_mark_goes(register, index):
    from dpia.services.disclosure import withholding
    from tests.conftest import FOI

    version = assessment_store.version(register, 2, 2)  # HART's DPIA, version 2
    mark = {
        "target": "dpo_summary",
        "passage": "Postcode concern addressed",
        "exemption": "s31",
        "subsection": "(1)(a)",
        "reason": "Harm.",
    }
    mark_id = withholding.mark_version(register, FOI, version["assessment_id"], version["number"], mark)
    index.catch_up(register)

    def flagged():
        page = find(register, index, "postcode concern addressed")
        hits = [
            h
            for h in hits_of(page)
            if h.get("assessment_id") == str(version["assessment_id"]) and h["number"] == 2
        ]
        return [s["label"] for hit in hits for s in hit["snippets"] if s["withheld"]]

    assert flagged() and flagged()[0].endswith("Summary of DPO advice")
    withholding.remove_version_mark(register, FOI, version["assessment_id"], version["number"], mark_id)
    index.catch_up(register)
    assert flagged() == []
