"""Choosing an FOI request's scope: whole categories with exceptions, or systems found by name (issue 18)."""

import re
import time
from dataclasses import replace

import pytest

from dpia.actor import command_line
from dpia.domain import register
from dpia.errors import Invalid
from dpia.services.disclosure import requests as foi
from dpia.services.disclosure import scope
from dpia.store import systems as system_store
from dpia.store.db import transaction
from tests.conftest import FOI

# An FOI officer who may not see OFFICIAL-SENSITIVE systems.
RESTRICTED = replace(FOI, can_see_sensitive=False)
CATEGORIES = ("crime_mapping", "individual_risk", "biometric", "other")


def _ids(db, request_id):
    return sorted(foi.get(db, command_line(), request_id)["system_ids"])


@pytest.fixture
def mapping(make_system):
    """Three crime-mapping systems, one of them OFFICIAL-SENSITIVE, and one individual-risk system."""
    return {
        "knife": make_system("Knife Crime Prediction", category="crime_mapping"),
        "violence": make_system("Serious Violence Prediction", category="crime_mapping"),
        "covert": make_system("Covert Grid", category="crime_mapping", marking="OFFICIAL-SENSITIVE"),
        "hart": make_system("HART", category="individual_risk"),
    }


def test_a_category_adds_the_systems_the_officer_may_see_and_says_where_they_came_from(
    db, make_request, mapping
):
    request_id = make_request()
    assert scope.add_categories(db, RESTRICTED, request_id, ["crime_mapping"]) == 2
    assert _ids(db, request_id) == sorted([mapping["knife"], mapping["violence"]])
    page = scope.page(db, RESTRICTED, request_id)
    assert [r["category"] for r in page["rules"]] == ["crime_mapping"] and page["rules"][0]["systems"] == 2
    assert {c["term"].value: c["systems"] for c in page["categories"]}["crime_mapping"] == 2
    assert [s["via"] for s in page["chosen"]] == ["crime_mapping", "crime_mapping"]


def test_a_system_taken_out_of_a_category_stays_out_until_put_back(db, make_request, mapping):
    request_id = make_request()
    scope.add_categories(db, FOI, request_id, ["crime_mapping"])
    scope.remove_system(db, FOI, request_id, mapping["violence"])
    assert mapping["violence"] not in _ids(db, request_id)
    assert [e["name"] for e in scope.page(db, FOI, request_id)["exceptions"]] == [
        "Serious Violence Prediction"
    ]
    # Adding the category again adds what is new to it, not the exception.
    assert scope.add_categories(db, FOI, request_id, ["crime_mapping", "individual_risk"]) == 1
    assert mapping["violence"] not in _ids(db, request_id) and mapping["hart"] in _ids(db, request_id)
    scope.add_system(db, FOI, request_id, str(mapping["violence"]))
    assert mapping["violence"] in _ids(db, request_id)
    assert scope.page(db, FOI, request_id)["exceptions"] == []


def test_the_scope_is_fixed_when_the_category_is_added(db, make_request, make_system, mapping):
    request_id = make_request()
    scope.add_categories(db, FOI, request_id, ["crime_mapping"])
    later = make_system("Burglary Forecaster", category="crime_mapping")
    assert later not in _ids(db, request_id)
    assert scope.add_categories(db, FOI, request_id, ["crime_mapping"]) == 1
    assert later in _ids(db, request_id)


def test_finding_a_system_by_name_or_alias_adds_it_and_remove_takes_it_out(db, make_request, mapping):
    request_id = make_request()
    page = scope.page(db, FOI, request_id, words="violence pred")
    assert [m["name"] for m in page["matches"]] == ["Serious Violence Prediction"]
    assert not page["matches"][0]["in_scope"]
    assert scope.add_system(db, FOI, request_id, str(mapping["violence"])) == "Serious Violence Prediction"
    page = scope.page(db, FOI, request_id, words="violence")
    assert page["matches"][0]["in_scope"] and page["one_by_one"] == 1
    assert page["chosen"][0]["via"] == ""
    scope.remove_system(db, FOI, request_id, mapping["violence"])
    assert _ids(db, request_id) == [] and scope.page(db, FOI, request_id)["exceptions"] == []


def test_a_hidden_system_is_neither_found_counted_nor_added(db, make_request, mapping):
    request_id = make_request()
    assert scope.page(db, RESTRICTED, request_id, words="covert")["matches"] == []
    assert scope.page(db, FOI, request_id, words="covert")["matches"][0]["name"] == "Covert Grid"
    with pytest.raises(Invalid) as hidden:
        scope.add_system(db, RESTRICTED, request_id, str(mapping["covert"]))
    with pytest.raises(Invalid) as missing:
        scope.add_system(db, RESTRICTED, request_id, "987654")
    assert hidden.value.errors == missing.value.errors
    # The officer who can see it put it in scope; the one who cannot sees only that something is hidden.
    scope.add_categories(db, FOI, request_id, ["crime_mapping"])
    page = scope.page(db, RESTRICTED, request_id)
    assert page["chosen_total"] == 2 and page["hidden"] == 1
    assert page["rules"][0]["systems"] == 2


@pytest.mark.parametrize(
    "categories, message",
    [
        ([], "Choose at least one category of system to add"),
        ([""], "Choose at least one category of system to add"),
        (["astrology"], "Choose categories from the list"),
    ],
)
def test_a_category_must_be_one_of_the_register(db, make_request, categories, message):
    with pytest.raises(Invalid) as refused:
        scope.add_categories(db, FOI, make_request(), categories)
    assert refused.value.errors == {"categories": message}


@pytest.mark.parametrize("system", ["", "abc", "-1", "987654", "1e3"])
def test_bad_system_ids_are_refused_with_a_message_not_an_error_page(signed_in, make_request, system):
    officer, request_id = signed_in("foi_officer"), make_request()
    for action in ("add", "remove"):
        response = officer.post(
            f"/foi/{request_id}/scope/{action}", {"system": system}, form_url=f"/foi/{request_id}/scope"
        )
        assert response.status_code == 400
        assert "Choose a system from the register" in response.get_data(as_text=True)


def test_the_request_form_leads_on_to_the_scope_and_keeps_it(db, signed_in, make_request, mapping):
    officer = signed_in("foi_officer")
    request_id = make_request([mapping["hart"]])
    form = officer.get(f"/foi/{request_id}/edit").get_data(as_text=True)
    assert 'name="systems"' not in form and f"/foi/{request_id}/scope" in form
    added = officer.post(
        f"/foi/{request_id}/scope/categories",
        {"categories": ["crime_mapping"]},
        form_url=f"/foi/{request_id}/scope",
    )
    assert added.status_code == 302
    html = officer.get(added.headers["Location"]).get_data(as_text=True)
    assert "3 systems added to the scope" in html and "3 from the category Predictive crime mapping" in html


def _big_register(db, size=2000):
    """`size` systems over the four categories, stored in one transaction the way the service stores them."""
    with transaction(db):
        for n in range(size):
            data = {"name": f"Model {n:04}", "category": CATEGORIES[n % 4], "lifecycle": "in_use"}
            system_store.insert(db, register.validate({**data, "regime": "uk_gdpr"}))


def test_the_scope_step_serves_a_register_of_two_thousand_systems(db, signed_in, make_request):
    _big_register(db)
    officer, request_id = signed_in("foi_officer"), make_request()
    empty = officer.get(f"/foi/{request_id}/scope").get_data(as_text=True)
    assert "500 systems in the register" in empty
    officer.post(
        f"/foi/{request_id}/scope/categories",
        {"categories": ["crime_mapping", "biometric"]},
        form_url=f"/foi/{request_id}/scope",
    )
    assert len(_ids(db, request_id)) == 1000
    started = time.perf_counter()
    response = officer.get(f"/foi/{request_id}/scope?q=model+00")
    took = time.perf_counter() - started
    html = response.get_data(as_text=True)
    print(f"scope page with 1,000 of 2,000 systems chosen: {took * 1000:.0f} ms")
    assert response.status_code == 200 and took < 0.5, took
    assert "Chosen systems (1000)" in html and "Showing 1 to 50 of 1000" in html
    # Four category checkboxes, never a checkbox per system; a page of systems, each with its own button.
    assert len(re.findall(r'type="checkbox"', html)) == 4
    assert html.count(">Remove<") == scope.PER_PAGE
    assert "More than 20 systems match" in html
    last = officer.get(f"/foi/{request_id}/scope?page=20").get_data(as_text=True)
    assert "Showing 951 to 1000 of 1000" in last


def test_a_question_names_systems_from_the_requests_scope_not_the_whole_register(
    signed_in, make_request, mapping
):
    officer = signed_in("foi_officer")
    html = officer.get(f"/foi/{make_request([mapping['hart']])}/questions/paste").get_data(as_text=True)
    assert f'value="{mapping["hart"]}"' in html and "Knife Crime Prediction" not in html
    empty = officer.get(f"/foi/{make_request(reference='2/24')}/questions/paste").get_data(as_text=True)
    assert "No systems are in the request’s scope yet" in empty
