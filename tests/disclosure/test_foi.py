"""FOI requests: recording them, the messages for bad input, and what the register holds for their scope."""

from datetime import date, timedelta

import pytest

from dpia.errors import Conflict, Forbidden, Invalid
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import requests as foi
from tests.conftest import EDITOR, FOI


def _data(**changes):
    data = {
        "reference": "855A/22",
        "subject": "Predictive policing",
        "received": {"day": "16", "month": "5", "year": "2022"},
        "status": "open",
        "systems": [],
    }
    return {**data, **changes}


def test_a_request_is_recorded_with_its_due_date_and_scope(db, make_system):
    hart, knife = make_system("HART"), make_system("Knife Crime Prediction")
    request_id = foi.create(db, FOI, _data(systems=[str(hart), str(knife), str(hart)]))
    found = foi.get(db, FOI, request_id)
    assert (found["reference"], found["received"], found["due"]) == ("855A/22", "2022-05-16", "2022-06-15")
    assert sorted(found["system_ids"]) == sorted([hart, knife])
    summary = db.execute("SELECT summary FROM audit_log WHERE action = 'foi.create'").fetchone()[0]
    assert summary == "Recorded FOI request 855A/22"


def _future():
    day = date.today() + timedelta(days=2)
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"reference": ""}, "reference", "Enter the request's reference, such as 855A/22"),
        ({"reference": "855A/22<script>"}, "reference", "must use only letters, numbers"),
        ({"reference": "x" * 41}, "reference", "40 characters or fewer"),
        ({"received": {"day": "", "month": "", "year": ""}}, "received", "Enter the date received"),
        (
            {"received": {"day": "", "month": "5", "year": "2022"}},
            "received",
            "must include a day, month and year",
        ),
        ({"received": {"day": "31", "month": "2", "year": "2022"}}, "received", "must be a real date"),
        ({"received": {"day": "a", "month": "5", "year": "2022"}}, "received", "day must be a number"),
        ({"received": _future()}, "received", "must be today or in the past"),
        ({"status": "lost"}, "status", "Status must be one of: Open, Responded, Closed"),
        (
            {"status": "responded", "responded": {"day": "1", "month": "5", "year": "2022"}},
            "responded",
            "must be the same as or after the date received",
        ),
        ({"systems": ["9999"]}, "systems", "Choose systems from the register"),
        ({"systems": ["HART"]}, "systems", "Choose systems from the register"),
    ],
)
def test_bad_requests_are_refused_with_a_message_each_and_nothing_is_stored(db, changes, field, message):
    with pytest.raises(Invalid) as refused:
        foi.create(db, FOI, _data(**changes))
    assert message in refused.value.errors[field]
    assert db["foi_requests"].count == 0


def test_a_reference_is_used_once_whatever_its_case_or_spacing(db):
    foi.create(db, FOI, _data())
    with pytest.raises(Invalid) as refused:
        foi.create(db, FOI, _data(reference="855a / 22"))
    assert (
        refused.value.errors["reference"] == "Request reference 855a / 22 is already used by another request"
    )


def test_responding_without_a_date_records_today(db):
    request_id = foi.create(db, FOI, _data(status="responded"))
    assert foi.get(db, FOI, request_id)["responded"] == assessments.today().isoformat()
    assert foi.deadline(db, foi.get(db, FOI, request_id)).text.startswith("Responded on ")


def test_a_stale_edit_is_refused_and_a_fresh_one_saved_and_audited(db, make_system):
    request_id = foi.create(db, FOI, _data())
    revision = foi.get(db, FOI, request_id)["revision"]
    foi.update(db, FOI, request_id, _data(subject="First"), revision)
    with pytest.raises(Conflict):
        foi.update(db, FOI, request_id, _data(subject="Second"), revision)
    system_id = make_system()
    foi.update(db, FOI, request_id, _data(subject="Second", systems=[str(system_id)]), revision + 1)
    found = foi.get(db, FOI, request_id)
    assert (found["subject"], found["system_ids"]) == ("Second", [system_id])
    details = db.execute(
        "SELECT details FROM audit_log WHERE action = 'foi.update' ORDER BY id DESC"
    ).fetchone()[0]
    assert '"systems"' in details and '"subject": "Second"' in details


def test_only_foi_officers_record_and_change_requests(db):
    with pytest.raises(Forbidden):
        foi.create(db, EDITOR, _data())
    request_id = foi.create(db, FOI, _data())
    with pytest.raises(Forbidden):
        foi.update(db, EDITOR, request_id, _data(), 1)


def test_the_scope_says_which_systems_lack_which_assessments(db, make_system, make_approved, make_assessment):
    hart, knife = make_system("HART"), make_system("Knife Crime Prediction")
    make_approved("dpia", system_id=hart)
    make_approved("eqia", system_id=hart)
    make_assessment("dpia", system_id=knife)
    request = foi.get(db, FOI, foi.create(db, FOI, _data(systems=[str(hart), str(knife)])))
    scope = {item["system"]["name"]: item["missing"] for item in foi.scope(db, FOI, request)}
    assert scope == {"HART": ["no PIA"], "Knife Crime Prediction": ["no PIA", "no approved DPIA", "no EqIA"]}


def test_requests_are_listed_newest_first_with_where_each_stands(db):
    foi.create(db, FOI, _data())
    foi.create(db, FOI, _data(reference="1/24", received={"day": "2", "month": "1", "year": "2024"}))
    listed = foi.listing(db, FOI)
    assert [r["reference"] for r in listed] == ["1/24", "855A/22"]
    assert listed[1]["deadline"].text.startswith("Overdue by ")
    assert [r["reference"] for r in foi.listing(db, FOI, "responded")] == []
