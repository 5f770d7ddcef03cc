"""A search naming a category or a lifecycle lists each system of it with its assessments (issue 18)."""

import pytest

from dpia import demo as demo_data
from dpia.actor import command_line
from dpia.search import register_terms
from dpia.services import systems
from dpia.services.accounts import tokens
from dpia.services.search import queries as search
from dpia.store import systems as system_store
from dpia.vocab import REGISTER_FILLERS, REGISTER_WORDS
from tests.conftest import EDITOR, READER
from tests.search.test_search import find, names_of


@pytest.fixture
def demo(db, index):
    """The demo register, indexed."""
    demo_data.load_systems(db, command_line())
    demo_data.load_assessments(db, command_line())
    index.catch_up(db)
    return db


def _names_in(db, category="", lifecycle=""):
    found = system_store.listing(
        db, see_sensitive=True, category=category, lifecycle=lifecycle, sort="name", descending=False
    )
    return [s["name"] for s in found]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("predictive crime mapping", {"category": "crime_mapping"}),
        ("Predictive Crime Mapping systems", {"category": "crime_mapping"}),
        ("hot-spot mapping tools", {"category": "crime_mapping"}),
        ("Biometrics", {"category": "biometric"}),
        ("individual risk assessment", {"category": "individual_risk"}),
        ("in use", {"lifecycle": "in_use"}),
        ("systems no longer in use", {"lifecycle": "retired"}),
        ("retired crime mapping", {"category": "crime_mapping", "lifecycle": "retired"}),
        (
            "never deployed individual risk tools",
            {"category": "individual_risk", "lifecycle": "never_deployed"},
        ),
        ("crime mapping bias", {}),
        ("crime mapping and biometric", {}),
        ("facial recognition", {}),
        ("the", {}),
    ],
)
def test_category_and_lifecycle_words_are_recognised_as_declared(typed, expected):
    assert register_terms(typed, REGISTER_WORDS, REGISTER_FILLERS) == expected


def test_a_category_search_lists_every_system_of_it_each_with_its_assessments(demo, index):
    page = find(demo, index, "predictive crime mapping")
    expected = _names_in(demo, category="crime_mapping")
    assert len(expected) >= 3
    assert names_of(page) == expected and page["systems"] == len(expected)
    assert page["register"]["category"] == "crime_mapping"
    for group in page["groups"]:
        assert {k["kind"].key for k in group["panel"]} >= {"pia", "dpia", "eqia"}
        found = [v for k in group["panel"] for a in k["assessments"] for v in a["versions"]]
        held = [v for v in found if v["system_id"] == group["system"]["id"]]
        assert held == found


def test_a_lifecycle_search_lists_the_systems_of_that_lifecycle(demo, index):
    page = find(demo, index, "retired")
    assert names_of(page) == _names_in(demo, lifecycle="retired") != []
    assert all(group["panel"] for group in page["groups"])


def test_asking_for_the_text_searches_the_words_instead(demo, index):
    page = find(demo, index, "predictive crime mapping", scope="all")
    assert "register" not in page
    assert all("panel" not in group or not group["panel"] for group in page["groups"][1:])


def test_the_category_page_shows_each_systems_table_with_dates_and_gaps(demo, index, signed_in):
    html = signed_in("foi_officer").get("/search?q=predictive+crime+mapping").get_data(as_text=True)
    for name in _names_in(demo, category="crime_mapping"):
        assert f"Impact assessments of {name}" in html
    assert "Conducted" in html and "Approved" in html and "Gaps: " in html
    assert "Search the text of every record for" in html


def test_a_big_category_is_paged_and_hides_what_the_reader_may_not_see(db, index):
    for n in range(23):
        data = {"name": f"Grid Forecaster {n:02}", "category": "crime_mapping", "lifecycle": "in_use"}
        systems.create(db, command_line(), {**data, "regime": "dpa_part3"})
    secret = {
        "name": "Covert Grid",
        "category": "crime_mapping",
        "lifecycle": "in_use",
        "regime": "dpa_part3",
    }
    systems.create(db, command_line(), {**secret, "marking": "OFFICIAL-SENSITIVE"})
    first = find(db, index, "crime mapping", actor=EDITOR)
    assert first["systems"] == 24 and first["pages"] == 3 and len(first["groups"]) == search.GROUPS_PER_PAGE
    last = find(db, index, "crime mapping", actor=READER, page="3")
    assert last["systems"] == 23 and names_of(last) == [
        "Grid Forecaster 20",
        "Grid Forecaster 21",
        "Grid Forecaster 22",
    ]
    everyone = [
        name
        for n in (1, 2, 3)
        for name in names_of(find(db, index, "crime mapping", actor=READER, page=str(n)))
    ]
    assert "Covert Grid" not in everyone and len(everyone) == 23


def test_the_api_answers_a_category_with_each_systems_assessments(demo, index, app, make_user):
    user_id = demo.execute("SELECT id FROM users WHERE email = ?", [make_user("foi_officer")]).fetchone()[0]
    token = tokens.create(demo, command_line(), user_id, "tests")[1]
    found = app.test_client().get(
        "/api/v1/search?q=predictive+crime+mapping", headers={"Authorization": f"Bearer {token}"}
    )
    assert found.status_code == 200, found.json
    assert found.json["register"] == {"category": "crime_mapping", "lifecycle": None}
    assert [g["system"]["name"] for g in found.json["groups"]] == _names_in(demo, category="crime_mapping")
    for group in found.json["groups"]:
        kinds = {k["kind"]: k for k in group["assessments"]["kinds"]}
        assert {"pia", "dpia", "eqia"} <= set(kinds)
