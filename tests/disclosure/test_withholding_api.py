"""Withholding through the API: marks on versions and register entries, decisions per FOI request, and a
preview of what a request's pack would withhold that logs nothing (issue 14, point 7)."""

import io
import zipfile

import pytest

from dpia.domain.samples import token
from dpia.services import systems
from dpia.services.disclosure import packs, withholding
from tests.conftest import EDITOR, FOI
from tests.docx_checks import body_text, loose_leaks, open_docx
from tests.test_api import api, token_for  # noqa: F401  (fixtures)

SUPPLIER = "Northgate Labs"
WORKINGS = f"A gradient-boosted model from {SUPPLIER} ranks street segments."


@pytest.fixture
def officer(api):  # noqa: F811
    return api("foi_officer")


@pytest.fixture
def knife(db, make_system, make_approved):
    """A system whose register entry names its supplier, with an approved DPIA."""
    system_id = make_system("Knife Crime Prediction", category="crime_mapping")
    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    record["how_it_works"] = WORKINGS
    systems.update(db, EDITOR, system_id, record, 1)
    assessment_id = make_approved("dpia", system_id=system_id)
    return {"system": system_id, "assessment": assessment_id}


SUPPLIER_MARK = {
    "target": "how_it_works",
    "scope": "passage",
    "passage": SUPPLIER,
    "exemption": "s43",
    "subsection": "(2)",
    "reason": "The supplier's commercial interests.",
}


def _pack(officer, request_id):
    made = officer.call("POST", f"/foi-requests/{request_id}/pack")
    assert made.status_code == 200, made.json
    return made.data


def _schedule(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as pack:
        name = next(n for n in pack.namelist() if n.startswith("schedule"))
        return body_text(open_docx(pack.read(name)))


# Marks on a register entry and on a version


def test_a_passage_marked_through_the_api_is_withheld_from_the_requests_pack(
    db, officer, knife, make_request
):
    request_id = make_request([knife["system"]])
    url = f"/systems/{knife['system']}/withholding"
    made = officer.call("POST", url, {**SUPPLIER_MARK, "request": "855A/22"})
    assert made.status_code == 201, made.json
    mark = made.json
    assert made.headers["Location"] == f"/api/v1{url}/{mark['id']}"
    assert (mark["target"], mark["scope"], mark["passage"]) == ("how_it_works", "passage", SUPPLIER)
    assert (mark["citation"], mark["decided_for"], mark["problem"]) == ("section 43(2) FOIA", "855A/22", "")
    assert officer.call("GET", made.headers["Location"].removeprefix("/api/v1")).json == mark

    listed = officer.call("GET", url).json
    assert listed["marks"] == [mark]
    how = next(t for t in listed["targets"] if t["path"] == "how_it_works")
    assert how == {"path": "how_it_works", "label": "How it works", "scope": "field", "passages": True}

    content = _pack(officer, request_id)
    assert loose_leaks(content, [SUPPLIER]) == []
    assert "[Withheld: section 43(2) FOIA]" in _schedule(content)
    audit = db.execute("SELECT summary FROM audit_log WHERE action = 'withholding.mark'").fetchall()
    assert [r[0] for r in audit] == ["Withheld ‘How it works’ of ‘Knife Crime Prediction’"]


def test_a_version_mark_is_listed_read_and_removed_and_only_where_it_is(officer, knife):
    base = f"/assessments/{knife['assessment']}/versions/1/withholding"
    made = officer.call("POST", base, {"target": "aims", "exemption": "s31", "reason": "Tactics."})
    assert made.status_code == 201, made.json
    mark_id = made.json["id"]
    listed = officer.call("GET", base).json
    [mark] = listed["marks"]
    assert (mark["id"], mark["target"], mark["scope"]) == (mark_id, "aims", "whole")
    assert mark["label"].endswith(
        "What does the project aim to achieve, and what type of processing does it involve?"
    )
    assert {"section:risks", "aims", "detail:title"} <= {t["path"] for t in listed["targets"]}

    # Not on the register entry, nor on a version it is not on.
    assert officer.call("DELETE", f"/systems/{knife['system']}/withholding/{mark_id}").status_code == 404
    assert officer.call("GET", f"/systems/{knife['system']}/withholding/{mark_id}").status_code == 404
    gone = officer.call("DELETE", f"{base}/{mark_id}")
    assert gone.status_code == 204 and gone.data == b""
    again = officer.call("DELETE", f"{base}/{mark_id}")
    assert again.status_code == 404 and again.json["detail"] == "That mark is not on this version"
    assert officer.call("GET", base).json["marks"] == []


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"target": "no_such_part"}, "target", "That part does not exist"),
        ({"passage": "Acme Analytics"}, "passage", "The passage was not found in ‘How it works’"),
        ({"reason": ""}, "reason", "Enter why the exemption applies"),
        ({"request": "9999/99"}, "request", "There is no FOI request 9999/99"),
        ({"request": 424242}, "request", "There is no FOI request 424242"),
        ({"subsection": "one"}, "subsection", "Subsection must look like (1)(a) or (2)"),
        ({"exemption": "other", "other": ""}, "other", "Name the exemption"),
        ({"target": "aliases"}, "scope", "is not text: withhold all of it instead"),
        ({"exemption": "s99"}, "/exemption", "'s99' is not one of"),
        ({"reason": None}, "/reason", "None is not of type 'string'"),
    ],
)
def test_a_bad_mark_is_refused_field_by_field_and_nothing_is_stored(
    db, officer, knife, make_request, change, field, message
):
    make_request([knife["system"]])
    response = officer.call("POST", f"/systems/{knife['system']}/withholding", {**SUPPLIER_MARK, **change})
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    errors = {e["field"]: e["message"] for e in response.json["errors"]}
    assert message in errors[field], errors
    assert db["withholding_marks"].count == 0


def test_a_missing_body_field_is_named(db, officer, knife):
    response = officer.call("POST", f"/systems/{knife['system']}/withholding", {"target": "how_it_works"})
    assert response.status_code == 422
    assert "'exemption' is a required property" in response.json["errors"][0]["message"]
    assert db["withholding_marks"].count == 0


def test_a_second_mark_on_the_same_part_is_refused(db, officer, knife):
    url = f"/systems/{knife['system']}/withholding"
    assert officer.call("POST", url, SUPPLIER_MARK).status_code == 201
    again = officer.call("POST", url, SUPPLIER_MARK)
    assert again.status_code == 422
    assert "already withheld" in again.json["errors"][0]["message"]
    assert db["withholding_marks"].count == 1


@pytest.mark.parametrize(
    "method, url",
    [
        ("GET", "/systems/999/withholding"),
        ("POST", "/systems/999/withholding"),
        ("GET", "/assessments/999/versions/1/withholding"),
        ("POST", "/assessments/{assessment}/versions/9/withholding"),
        ("GET", "/foi-requests/999/withholding"),
        ("GET", "/foi-requests/999/withholding/preview"),
        ("POST", "/foi-requests/999/withholding"),
        ("PUT", "/foi-requests/999/withholding/1"),
    ],
)
def test_what_does_not_exist_is_not_found(officer, knife, method, url):
    body = SUPPLIER_MARK if method == "POST" else None
    if url.startswith("/foi-requests") and method != "GET":
        body = {"decision": "apply"}
    response = officer.call(method, url.format(**knife), body)
    assert response.status_code == 404, response.json


@pytest.mark.parametrize("role", ["editor", "reader", "approver", "admin"])
def test_only_foi_officers_may_list_mark_decide_or_preview(db, api, knife, make_request, role):  # noqa: F811
    request_id = make_request([knife["system"]])
    mark_id = withholding.mark_system(db, FOI, knife["system"], SUPPLIER_MARK)
    client = api(role)
    calls = [
        ("GET", f"/systems/{knife['system']}/withholding", None),
        ("POST", f"/systems/{knife['system']}/withholding", {**SUPPLIER_MARK, "passage": "gradient"}),
        ("DELETE", f"/systems/{knife['system']}/withholding/{mark_id}", None),
        ("GET", f"/assessments/{knife['assessment']}/versions/1/withholding", None),
        ("GET", f"/foi-requests/{request_id}/withholding", None),
        ("PUT", f"/foi-requests/{request_id}/withholding/{mark_id}", {"decision": "drop"}),
        ("POST", f"/foi-requests/{request_id}/withholding", {"decision": "drop"}),
        ("GET", f"/foi-requests/{request_id}/withholding/preview", None),
    ]
    for method, url, body in calls:
        response = client.call(method, url, body)
        assert response.status_code == 403, (method, url, response.status_code)
        assert SUPPLIER not in response.get_data(as_text=True)
    assert db["withholding_marks"].count == 1 and db["withholding_decisions"].count == 0


# Decisions per request


def test_deciding_through_the_api_unblocks_the_pack(db, officer, knife, make_request):
    mark_id = withholding.mark_system(db, FOI, knife["system"], SUPPLIER_MARK)  # decided for no request
    request_id = make_request([knife["system"]])
    url = f"/foi-requests/{request_id}/withholding"

    [offered] = officer.call("GET", url).json
    assert offered["mark_id"] == mark_id and offered["state"] == "offered"
    assert (offered["citation"], offered["reason"]) == ("section 43(2) FOIA", SUPPLIER_MARK["reason"])
    assert offered["decided_for"] == "" and offered["passage"] == SUPPLIER
    assert offered["where"] == "the register entry of ‘Knife Crime Prediction’"
    assert "Register entry: How it works" in offered["places"]
    blocked = officer.call("GET", f"{url}/preview").json
    # Checked all the same, with the undecided mark withheld meanwhile.
    assert blocked["can_make"] is False and blocked["checked"] is True
    assert [i["mark_id"] for i in blocked["items"]] == [mark_id] and blocked["leaks"] == []
    assert any("1 withholding mark decided for other requests" in r for r in blocked["reasons"])
    assert officer.call("POST", f"/foi-requests/{request_id}/pack").status_code == 422

    dropped = officer.call("PUT", f"{url}/{mark_id}", {"decision": "drop", "note": "Contract ended."})
    assert dropped.status_code == 200, dropped.json
    assert (dropped.json["state"], dropped.json["note"]) == ("drop", "Contract ended.")
    assert dropped.json["decided_by"].startswith("foi_officer")
    assert officer.call("GET", f"{url}/preview").json["can_make"] is True
    assert SUPPLIER in _schedule(_pack(officer, request_id))  # released for this request

    reopened = officer.call("PUT", f"{url}/{mark_id}", {"decision": "reopen"})
    assert reopened.json["state"] == "offered"
    assert officer.call("GET", f"{url}/preview").json["can_make"] is False
    bulk = officer.call("POST", url, {"decision": "apply"})
    assert bulk.status_code == 200 and bulk.json["decided"] == 1
    assert [m["state"] for m in bulk.json["marks"]] == ["apply"]
    assert loose_leaks(_pack(officer, request_id), [SUPPLIER]) == []
    decided = db.execute("SELECT summary FROM audit_log WHERE action = 'withholding.decide' ORDER BY id")
    assert [r[0].split(" ")[0] for r in decided] == ["Released", "Reopened", "Confirmed"]


@pytest.mark.parametrize(
    "body, field",
    [({"decision": "maybe"}, "/decision"), ({}, "/"), ({"decision": "apply", "note": 5}, "/note")],
)
def test_a_bad_decision_is_refused_with_its_field(db, officer, knife, make_request, body, field):
    mark_id = withholding.mark_system(db, FOI, knife["system"], SUPPLIER_MARK)
    request_id = make_request([knife["system"]])
    response = officer.call("PUT", f"/foi-requests/{request_id}/withholding/{mark_id}", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json["errors"]] == [field]
    assert db["withholding_decisions"].count == 0


def test_a_mark_decided_for_the_request_itself_or_outside_its_scope_cannot_be_decided(
    db, officer, knife, make_system, make_request
):
    request_id = make_request([knife["system"]])
    own = withholding.mark_system(db, FOI, knife["system"], {**SUPPLIER_MARK, "request": "855A/22"})
    refused = officer.call("PUT", f"/foi-requests/{request_id}/withholding/{own}", {"decision": "drop"})
    assert refused.status_code == 422
    assert refused.json["errors"] == [
        {
            "field": "decision",
            "message": "That mark was decided for this request: remove it where it was made",
        }
    ]
    elsewhere = make_request([make_system("Ward Heatmap")], reference="2/24")
    outside = officer.call("PUT", f"/foi-requests/{elsewhere}/withholding/{own}", {"decision": "apply"})
    assert outside.status_code == 404
    assert outside.json["detail"] == "That mark is not on anything this request would release"
    assert officer.call("POST", f"/foi-requests/{elsewhere}/withholding", {"decision": "drop"}).json == {
        "decided": 0,
        "marks": [],
    }


# The preview


def test_the_preview_lists_items_places_and_files_and_logs_nothing(db, officer, knife, make_request):
    request_id = make_request([knife["system"]])
    withholding.mark_system(db, FOI, knife["system"], {**SUPPLIER_MARK, "request": "855A/22"})
    aims = {"target": "aims", "exemption": "s31", "subsection": "(1)(a)", "reason": "Tactics.", "request": 1}
    withholding.mark_version(db, FOI, knife["assessment"], 1, aims)
    audited = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]

    response = officer.call("GET", f"/foi-requests/{request_id}/withholding/preview")
    assert response.status_code == 200, response.json
    found = response.json
    assert found["request"] == {"id": request_id, "reference": "855A/22"}
    assert (found["can_make"], found["checked"], found["reasons"], found["leaks"]) == (True, True, [], [])
    by_citation = {item["citation"]: item for item in found["items"]}
    assert set(by_citation) == {"section 43(2) FOIA", "section 31(1)(a) FOIA"}
    supplier = by_citation["section 43(2) FOIA"]
    assert supplier["on"] == ["‘Knife Crime Prediction’: How it works"] and supplier["leaks"] == []
    assert any(p.startswith("schedule-855A-22.docx") for p in supplier["places"]), supplier["places"]
    [aims_on] = by_citation["section 31(1)(a) FOIA"]["on"]
    assert aims_on.startswith("DPIA-") and "What does the project aim to achieve" in aims_on
    assert "manifest.csv" in found["files"] and "schedule-855A-22.docx" in found["files"]
    assert token("aims") not in response.get_data(as_text=True)  # what a mark withholds whole is not shown

    assert db["disclosures"].count == 0
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audited


def test_the_preview_names_what_a_pack_would_release_and_refuses_to_pretend_it_can_be_made(
    db, officer, knife, make_request, monkeypatch
):
    request_id = make_request([knife["system"]])
    withholding.mark_system(db, FOI, knife["system"], {**SUPPLIER_MARK, "request": "855A/22"})
    monkeypatch.setattr(packs, "CONTRIBUTORS", [])

    @packs.register_contributor
    def notes(db, actor, system, request):
        return [("notes.txt", f"From {SUPPLIER.upper()}.".encode())]

    found = officer.call("GET", f"/foi-requests/{request_id}/withholding/preview").json
    assert found["can_make"] is False and found["checked"] is True
    [reason] = found["reasons"]
    assert reason.startswith("The pack would release withheld text") and SUPPLIER not in reason
    [leak] = found["leaks"]
    assert leak["file"].endswith("notes.txt") and leak["citation"] == "section 43(2) FOIA"
    [item] = found["items"]
    assert item["leaks"] == [f"{leak['file']}, {leak['part']}"]
    assert db["disclosures"].count == 0


def test_the_preview_of_a_request_without_systems_says_why_no_pack_can_be_made(db, officer, make_request):
    request_id = make_request([], reference="5/24")
    found = officer.call("GET", f"/foi-requests/{request_id}/withholding/preview?earlier=true").json
    assert found["can_make"] is False and found["items"] == [] and found["files"] == []
    assert found["reasons"] == ["FOI request 5/24 has no systems in scope yet"]


def test_the_reference_page_documents_the_withholding_operations(signed_in):
    html = signed_in("foi_officer").get("/api/reference").get_data(as_text=True)
    for operation in (
        "POST /assessments/{assessment_id}/versions/{number}/withholding",
        "DELETE /systems/{system_id}/withholding/{mark_id}",
        "PUT /foi-requests/{request_id}/withholding/{mark_id}",
        "GET /foi-requests/{request_id}/withholding/preview",
    ):
        assert operation in html
