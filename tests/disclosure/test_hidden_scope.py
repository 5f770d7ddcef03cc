"""Systems an FOI officer may not see stay in a request's scope when the officer saves it (issue 14)."""

from dataclasses import replace

from dpia.actor import command_line
from dpia.services.accounts import settings
from dpia.services.disclosure import requests as foi
from tests.conftest import FOI

# An FOI officer who may not see OFFICIAL-SENSITIVE systems.
RESTRICTED = replace(FOI, can_see_sensitive=False)


def _request(db, make_system):
    open_id = make_system("Patrol Forecaster", category="crime_mapping")
    secret_id = make_system("Covert Gazetteer", category="crime_mapping", marking="OFFICIAL-SENSITIVE")
    data = {
        "reference": "855A/22",
        "received": {"day": "16", "month": "5", "year": "2022"},
        "systems": [str(open_id), str(secret_id)],
    }
    return foi.create(db, command_line(), data), open_id, secret_id


def test_saving_a_request_keeps_a_system_the_saver_cannot_see(db, make_system):
    request_id, open_id, secret_id = _request(db, make_system)
    current = foi.get(db, RESTRICTED, request_id)
    data = {
        "reference": "855A/22",
        "subject": "Predictive policing",
        "received": {"day": "16", "month": "5", "year": "2022"},
        "systems": [str(open_id)],
    }
    foi.update(db, RESTRICTED, request_id, data, current["revision"])
    saved = foi.get(db, command_line(), request_id)
    assert sorted(saved["system_ids"]) == sorted([open_id, secret_id]) and saved["subject"]
    assert foi.hidden_scope(db, RESTRICTED, saved) == [secret_id]
    assert foi.hidden_scope(db, FOI, saved) == []


def test_the_request_page_says_systems_are_hidden_without_naming_them(db, make_system, signed_in):
    request_id, _, _ = _request(db, make_system)
    settings.update(db, command_line(), {"sensitive_roles": ["admin"]})
    officer = signed_in("foi_officer")
    page = officer.get(f"/foi/{request_id}").get_data(as_text=True)
    assert "1 more system in scope is hidden from you by its protective marking" in page
    assert "Covert Gazetteer" not in page
    form = officer.get(f"/foi/{request_id}/edit").get_data(as_text=True)
    assert "1 of them hidden from you by protective marking" in form and "Covert Gazetteer" not in form
    step = officer.get(f"/foi/{request_id}/scope").get_data(as_text=True)
    assert "1 more system in scope is hidden from you" in step and "Covert Gazetteer" not in step
    # The category's count is of the systems the officer may see: the hidden one is not counted.
    assert "1 system in the register; 1 in scope through this category" not in step
    assert "1 system in the register" in step and "2 systems in the register" not in step
