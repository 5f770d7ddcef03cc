"""The JSON API: tokens, problems, ETags and If-Match, limits, the same rules as the pages, and a script."""

import json

import pytest

from dpia.actor import Actor, command_line
from dpia.kinds.dpia import DPIA_V2
from dpia.services.accounts import tokens
from dpia.services.accounts import users as accounts
from dpia.services.assessments import versions as assessments
from tests.conftest import DPIA_ANSWERS, PASSWORD, SIGNOFFS, clear_of_minute_boundary

SYSTEM = {"name": "HART", "category": "individual_risk", "lifecycle": "in_use", "regime": "dpa_part3"}

PART3_KEYS = {q.key for q in DPIA_V2.section("part3").questions}


@pytest.fixture
def token_for(db, make_user):
    """A bearer token for a new account with the given roles."""

    def make(*roles: str) -> str:
        email = make_user(*roles)
        user_id = db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
        return tokens.create(db, command_line(), user_id, "tests")[1]

    return make


class Api:
    """A client that sends a token with every call."""

    def __init__(self, client, token):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def call(self, method, url, body=None, **headers):
        return self.client.open(
            f"/api/v1{url}", method=method, json=body, headers={**self.headers, **headers}
        )


@pytest.fixture
def api(app, token_for):
    return lambda *roles: Api(app.test_client(), token_for(*roles))


def test_tokens_are_shown_once_stored_as_a_hash_and_record_their_use(db, make_user, api, app):
    email = make_user("reader")
    user_id = accounts.user(db, command_line(), db.execute("SELECT id FROM users").fetchone()[0])["id"]
    token_id, token = tokens.create(db, command_line(), user_id, "Nightly sync")
    stored = db.execute("SELECT * FROM api_tokens WHERE id = ?", [token_id]).fetchone()
    assert token not in json.dumps(stored) and token.startswith("dpia_") and len(token) > 40
    response = Api(app.test_client(), token).call("GET", "/systems")
    assert response.status_code == 200
    assert tokens.listing(db, command_line(), user_id)[0]["last_used_at"] is not None
    assert email


def test_a_revoked_token_or_a_disabled_account_stops_working(db, app, make_user):
    email = make_user("reader")
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
    token_id, token = tokens.create(db, command_line(), user_id, "x")
    client = Api(app.test_client(), token)
    assert client.call("GET", "/systems").status_code == 200
    tokens.revoke(db, command_line(), token_id)
    refused = client.call("GET", "/systems")
    assert refused.status_code == 401 and refused.json["title"] == "Invalid token"
    _, second = tokens.create(db, command_line(), user_id, "y")
    accounts.set_disabled(db, command_line(), email, True)
    assert Api(app.test_client(), second).call("GET", "/systems").status_code == 401
    actions = [
        r[0]
        for r in db.execute(
            "SELECT action FROM audit_log WHERE action LIKE 'token.%' OR action = 'api.refused'"
        )
    ]
    assert actions.count("token.create") == 2 and "token.revoke" in actions and "api.refused" in actions


def test_people_manage_their_own_tokens_in_the_interface(signed_in, db):
    reader = signed_in("reader")
    created = reader.post("/account/tokens", {"name": "My script"})
    html = created.get_data(as_text=True)
    token = html.split('id="new-token">')[1].split("<")[0]
    assert token.startswith("dpia_") and "shown only this once" in html
    assert token not in reader.get("/account/tokens").get_data(as_text=True)
    refused = reader.post("/account/tokens", {"name": ""})
    assert refused.status_code == 400 and "Enter a name for the token" in refused.get_data(as_text=True)
    token_id = db.execute("SELECT id FROM api_tokens").fetchone()[0]
    assert (
        reader.post(f"/account/tokens/{token_id}/revoke", {}, form_url="/account/tokens").status_code == 302
    )
    other = signed_in("reader")
    assert other.post(f"/account/tokens/{token_id}/revoke", {}, form_url="/account/tokens").status_code == 404


def test_the_token_commands(runner, make_user, db):
    email = make_user("editor")
    created = runner.invoke(args=["token", "create", email, "--name", "Batch"])
    assert created.exit_code == 0 and "shown only this once" in created.output
    secret = created.output.strip().splitlines()[-1]
    assert secret.startswith("dpia_")
    listed = runner.invoke(args=["token", "list", email])
    assert "Batch" in listed.output and secret not in listed.output
    assert runner.invoke(args=["token", "revoke", "1"]).exit_code == 0
    unknown = runner.invoke(args=["token", "create", "nobody@example.org"])
    assert unknown.exit_code == 1 and "No account for nobody@example.org" in unknown.output


def test_errors_are_problem_documents_with_field_by_field_messages(api):
    editor = api("editor")
    missing = editor.call("GET", "/systems/999")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert missing.json["status"] == 404 and missing.json["title"] == "Not found"
    invalid = editor.call(
        "POST",
        "/systems",
        {**SYSTEM, "first_used": "2023-02-30", "costs": [{"period_start": "2020", "amount": "-5"}]},
    )
    assert invalid.status_code == 422
    fields = {e["field"]: e["message"] for e in invalid.json["errors"]}
    assert fields["first_used"] == "First used must be a real date"
    assert fields["costs-0-amount"] == "Amount of cost 1 must be £0 or more"
    shape = editor.call("POST", "/systems", {"name": 5, "category": "astrology"})
    assert shape.status_code == 422
    assert {e["field"] for e in shape.json["errors"]} >= {"/name", "/category", "/"}
    raw = editor.client.post(
        "/api/v1/systems", data="{not json", headers={**editor.headers, "Content-Type": "application/json"}
    )
    assert raw.status_code == 400 and raw.json["title"] == "Malformed JSON"
    form = editor.client.post(
        "/api/v1/systems", data="name=x", headers={**editor.headers, "Content-Type": "text/plain"}
    )
    assert form.status_code == 415
    assert editor.call("DELETE", "/systems").status_code == 405
    assert editor.call("GET", "/nothing-here").json["status"] == 404


def test_systems_round_trip_with_etags_and_if_match(api):
    editor = api("editor")
    created = editor.call(
        "POST", "/systems", {**SYSTEM, "aliases": ["Harm Assessment Risk Tool"], "first_used": "2017-06"}
    )
    assert created.status_code == 201 and created.headers["Location"].endswith(
        f"/systems/{created.json['id']}"
    )
    url, etag = f"/systems/{created.json['id']}", created.headers["ETag"]
    read = editor.call("GET", url)
    assert read.headers["ETag"] == etag and read.json["first_used"] == "2017-06"
    change = {**SYSTEM, "supplier": "University of Cambridge"}
    assert editor.call("PUT", url, change).status_code == 428
    stale = editor.call("PUT", url, change, **{"If-Match": '"system-1-v0"'})
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    updated = editor.call("PUT", url, change, **{"If-Match": etag})
    assert updated.status_code == 200 and updated.json["supplier"] == "University of Cambridge"
    assert updated.headers["ETag"] != etag
    assert editor.call("PUT", url, change, **{"If-Match": etag}).status_code == 412


def test_listing_filters_and_pages(api):
    editor = api("editor")
    for i in range(3):
        editor.call(
            "POST",
            "/systems",
            {**SYSTEM, "name": f"System {i}", "category": "crime_mapping" if i else "biometric"},
        )
    first = editor.call("GET", "/systems?category=crime_mapping&per_page=1")
    assert first.json["total"] == 2 and len(first.json["items"]) == 1
    assert first.json["links"]["prev"] is None and "page=2" in first.json["links"]["next"]
    bad = editor.call("GET", "/systems?per_page=1000&category=tarot")
    assert bad.status_code == 422 and {e["field"] for e in bad.json["errors"]} == {"per_page", "category"}


def test_sensitive_material_is_absent_for_roles_not_allowed(api):
    editor = api("editor")
    hidden = editor.call("POST", "/systems", {**SYSTEM, "marking": "OFFICIAL-SENSITIVE"}).json
    reader = api("reader")
    assert reader.call("GET", f"/systems/{hidden['id']}").status_code == 404
    assert reader.call("GET", "/systems").json["total"] == 0
    assert editor.call("GET", "/systems").json["total"] == 1


def test_rate_limits_answer_429_with_retry_after(app, token_for):
    app.config["API_RATE_LIMIT"] = 3
    client = Api(app.test_client(), token_for("reader"))
    clear_of_minute_boundary()
    statuses = [client.call("GET", "/systems").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.call("GET", "/systems")
    assert int(limited.headers["Retry-After"]) >= 1 and limited.json["title"] == "Too many requests"


def test_api_changes_are_audited_as_the_tokens_owner(api, db):
    editor = api("editor")
    editor.call("POST", "/systems", SYSTEM)
    actor, address = db.execute(
        "SELECT actor, address FROM audit_log WHERE action = 'system.create'"
    ).fetchone()
    assert actor.startswith("editor") and "(API token dpia_" in address


def _draft(db, editor, system_id):
    started = editor.call("POST", f"/systems/{system_id}/assessments", {"kind": "dpia", "title": "HART DPIA"})
    assert started.status_code == 201, started.json
    assessment = started.json
    url = f"/assessments/{assessment['assessment_id']}/versions/1"
    answers = {
        "regime": "dpa_s64",
        "aims": "Forecast reoffending.",
        "nature": "Custody records.",
        "scope": "Criminal offence data.",
        "purposes": "Diversion.",
        "lawful_basis": "s35",
        "necessity": "No other way.",
        # DPA 2018 Part 3 questions, asked of an s64 DPIA.
        **{key: value for key, value in DPIA_ANSWERS.items() if key in PART3_KEYS},
        "risks": [{"source": "Bias", "likelihood": "probable", "severity": "severe"}],
        # Editors propose who signs; the decisions are the approver's.
        "signoffs": {
            key: {"name": row["name"], "position": row["position"]} for key, row in SIGNOFFS.items()
        },
        "dpo_summary": "Proceed.",
    }
    body = {"title": "HART DPIA", "conducted": "2024-04", "answers": answers}
    updated = editor.call("PUT", url, body, **{"If-Match": started.headers["ETag"]})
    assert updated.status_code == 200, updated.json
    # The API has no sign-off route for approvers yet: the approver records decisions through the service.
    approver = Actor(email="dpo@example.org", roles=frozenset({"approver"}), can_see_sensitive=True)
    revision = int(updated.headers["ETag"].strip('"').rsplit("-r", 1)[1])
    assessments.update_section(
        db,
        approver,
        assessment["assessment_id"],
        1,
        "signoff",
        {"signoffs": SIGNOFFS, "dpo_summary": "Proceed."},
        revision,
    )
    return url, editor.call("GET", url)


def test_a_dpia_through_its_workflow_with_if_match(api, db):
    editor, approver = api("editor"), api("approver")
    system_id = editor.call("POST", "/systems", SYSTEM).json["id"]
    url, updated = _draft(db, editor, system_id)
    assert updated.json["flags"][0]["key"] == "prior_consultation"
    assert updated.json["answers"]["risks"][0]["_id"]
    submit = {"action": "submit"}
    assert editor.call("POST", f"{url}/transitions", submit).status_code == 428
    submitted = editor.call("POST", f"{url}/transitions", submit, **{"If-Match": updated.headers["ETag"]})
    assert submitted.status_code == 200 and submitted.json["status"] == "in_review"
    refused = editor.call(
        "POST", f"{url}/transitions", {"action": "approve"}, **{"If-Match": submitted.headers["ETag"]}
    )
    assert refused.status_code == 409 and "Only approvers" in refused.json["detail"]
    approve = {"action": "approve", "approved": "2024-05-01"}
    approved = approver.call("POST", f"{url}/transitions", approve, **{"If-Match": submitted.headers["ETag"]})
    assert approved.status_code == 200, approved.json
    assert (approved.json["status"], approved.json["approved"], approved.json["review_due"]) == (
        "approved",
        "2024-05-01",
        "2025-05-01",
    )
    listing = editor.call("GET", f"/systems/{system_id}/assessments").json
    statements = {k["kind"]: k["statement"] for k in listing["kinds"]}
    assert statements["eqia"] == "No EqIA recorded." and statements["dpia"] == ""
    second = editor.call("POST", f"{url}/new-version")
    assert second.status_code == 201 and second.json["version"] == 2 and second.json["status"] == "draft"


def test_draft_answers_are_checked_against_their_kinds_schema_and_rules(api):
    editor = api("editor")
    system_id = editor.call("POST", "/systems", SYSTEM).json["id"]
    started = editor.call("POST", f"/systems/{system_id}/assessments", {"kind": "dpia", "title": "T"})
    url = f"/assessments/{started.json['assessment_id']}/versions/1"
    wrong_shape = {"title": "T", "answers": {"risks": [{"likelihood": "certain"}], "unknown_question": "x"}}
    refused = editor.call("PUT", url, wrong_shape, **{"If-Match": started.headers["ETag"]})
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.json["errors"]}
    assert "/answers/risks/0/likelihood" in fields and "/answers" in fields
    dates = {"title": "T", "started": "2024-05", "conducted": "2024-01", "answers": {}}
    refused = editor.call("PUT", url, dates, **{"If-Match": started.headers["ETag"]})
    assert refused.status_code == 422
    assert refused.json["errors"] == [
        {"field": "conducted", "message": "Date conducted must be the same as or after the date started"}
    ]
    unknown_kind = editor.call("POST", f"/systems/{system_id}/assessments", {"kind": "ria", "title": "T"})
    assert unknown_kind.status_code == 422


def test_monitoring_data_through_the_api(api, db, make_system):
    from dpia.services.monitoring import datasets as monitoring

    system_id = make_system()
    details = {
        "title": "Uses",
        "measure": "uses",
        "granularity": "quarter",
        "breakdown": "none",
        "source": "Log",
    }
    dataset_id = monitoring.create(
        db, command_line(), system_id, details, b"period,group,count\r\n2021-Q1,total,3\r\n"
    )
    reader = api("reader")
    assert reader.call("GET", f"/systems/{system_id}/monitoring").json[0]["id"] == dataset_id
    assert reader.call("GET", f"/monitoring/{dataset_id}").json["counts"] == [[3]]
    assert reader.call("GET", f"/monitoring/{dataset_id}/released.csv").status_code == 403
    released = api("foi_officer").call("GET", f"/monitoring/{dataset_id}/released.csv")
    assert released.status_code == 200 and released.mimetype == "text/csv"
    assert b",3" not in released.data and b"*" in released.data


def test_the_contract_describes_every_operation(api, app):
    document = api("reader").call("GET", "/openapi.json").json
    assert document["openapi"] == "3.1.0"
    operations = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    api_endpoints = {
        r.endpoint.removeprefix("api.") for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")
    }
    assert operations == api_endpoints
    assert "Answers_dpia_v1" in document["components"]["schemas"]
    likelihood = document["components"]["schemas"]["Answers_dpia_v1"]["properties"]["risks"]["items"][
        "properties"
    ]["likelihood"]
    assert likelihood["enum"] == ["remote", "possible", "probable"]


def test_the_reference_page_is_readable_by_anyone_signed_in(signed_in):
    html = signed_in("reader").get("/api/reference").get_data(as_text=True)
    assert "API reference" in html and "PUT /systems/{system_id}" in html and "If-Match" in html


def test_a_browser_session_cannot_call_the_api(visitor, make_user):
    visitor.sign_in(make_user("editor"), PASSWORD)
    response = visitor.client.post("/api/v1/systems", json=SYSTEM)
    assert response.status_code == 401


def test_a_script_creates_a_system_approves_a_dpia_finds_it_misspelt_and_downloads_its_disclosure_copy(
    app, api, db
):
    """The scripted end-to-end of issue 9, through the API alone."""
    import io

    from docx import Document

    editor, approver, officer = api("editor"), api("approver"), api("foi_officer")
    system = editor.call("POST", "/systems", {**SYSTEM, "name": "Harm Assessment Tool", "aliases": ["HAT"]})
    url, updated = _draft(db, editor, system.json["id"])
    submitted = editor.call(
        "POST", f"{url}/transitions", {"action": "submit"}, **{"If-Match": updated.headers["ETag"]}
    )
    approve = {"action": "approve", "approved": "2024-05-01"}
    assert (
        approver.call(
            "POST", f"{url}/transitions", approve, **{"If-Match": submitted.headers["ETag"]}
        ).status_code
        == 200
    )
    app.extensions["dpia.search"].catch_up(db)
    found = officer.call("GET", "/search?q=Harm+Asessment+Tool")
    assert found.status_code == 200, found.json
    assert found.json["groups"][0]["system"]["name"] == "Harm Assessment Tool"
    named = found.json["named_system"]
    dpia = next(k for k in named["kinds"] if k["kind"] == "dpia")
    assert dpia["assessments"][0]["versions"][0]["approved"] == "2024-05-01"
    assert next(k for k in named["kinds"] if k["kind"] == "eqia")["statement"] == "No EqIA recorded."
    hit = next(h for h in found.json["groups"][0]["hits"] if h["type"] == "version")
    disclosed = officer.call("GET", f"{hit['link'].removeprefix('/api/v1')}/disclosure.docx")
    assert disclosed.status_code == 200
    assert disclosed.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    text = "\n".join(p.text for p in Document(io.BytesIO(disclosed.data)).paragraphs)
    assert "Disclosure copy" in text or "OFFICIAL" in text
    log = officer.call("GET", "/disclosure-log").json
    assert log[0]["what"] == "assessment" and log[0]["filename"].endswith("-disclosure.docx")


def test_search_through_the_api_applies_filters_and_refuses_bad_dates(app, api, db):
    editor = api("editor")
    editor.call("POST", "/systems", {**SYSTEM, "how_it_works": "Scores custody images nightly."})
    app.extensions["dpia.search"].catch_up(db)
    reader = api("reader")
    found = reader.call("GET", "/search?q=custody+images&scope=all&category=individual_risk")
    assert found.status_code == 200 and found.json["total"] >= 1
    assert "<mark>" in found.json["groups"][0]["hits"][0]["snippets"][0]["html"]
    assert reader.call("GET", "/search?q=custody&category=biometric").json["total"] == 0
    bad = reader.call("GET", "/search?q=x&conducted_from=2023-02-30")
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "conducted_from"
    wrong = reader.call("GET", "/search?kind=tarot")
    assert wrong.status_code == 422 and wrong.json["errors"][0]["field"] == "kind"


def test_foi_requests_and_packs_through_the_api(api, make_system):
    import io
    import zipfile

    officer = api("foi_officer")
    system_id = make_system("Knife Crime Prediction", category="crime_mapping")
    body = {"reference": "855A/22", "received": "2022-05-16", "systems": [system_id]}
    created = officer.call("POST", "/foi-requests", body)
    assert created.status_code == 201, created.json
    assert created.json["due"] == "2022-06-15"  # 20 working days, skipping the Jubilee bank holidays
    assert created.json["systems"][0]["missing"] == ["no PIA", "no DPIA", "no EqIA"]
    url = f"/foi-requests/{created.json['id']}"
    change = {**body, "subject": "Predictive policing"}
    assert officer.call("PUT", url, change).status_code == 428
    changed = officer.call("PUT", url, change, **{"If-Match": created.headers["ETag"]})
    assert changed.status_code == 200 and changed.json["subject"] == "Predictive policing"
    assert officer.call("PUT", url, change, **{"If-Match": created.headers["ETag"]}).status_code == 412
    pack = officer.call("POST", f"{url}/pack")
    assert pack.status_code == 200 and pack.mimetype == "application/zip"
    assert "manifest.csv" in zipfile.ZipFile(io.BytesIO(pack.data)).namelist()
    assert api("reader").call("POST", f"{url}/pack").status_code == 403
    duplicate = officer.call("POST", "/foi-requests", body)
    assert duplicate.status_code == 422 and "already used" in duplicate.json["errors"][0]["message"]


def test_the_foi_clock_through_the_api(api, make_request, db):
    request_id = make_request(received="2022-05-16")
    officer, url = api("foi_officer"), f"/foi-requests/{request_id}/events"
    sought = officer.call("POST", url, {"action": "seek_clarification", "day": "2022-05-20"})
    assert sought.status_code == 201, sought.json
    assert sought.json["request"]["clock"]["awaiting_clarification_since"] == "2022-05-20"
    assert sought.json["request"]["events"][0]["kind"] == "clarification_sought"
    early = officer.call("POST", url, {"action": "receive_clarification", "day": "2022-05-19"})
    assert early.status_code == 422 and early.mimetype == "application/problem+json"
    assert early.json["errors"] == [
        {
            "field": "day",
            "message": "Date clarification was received must be the same as or after the date it was sought"
            " (20 May 2022)",
        }
    ]
    body = {"action": "receive_clarification", "day": "2022-05-27"}
    assert officer.call("POST", url, body, **{"If-Match": '"foi-1-r1"'}).status_code == 412
    assert officer.call("POST", url, body).json["request"]["due"] == "2022-06-28"
    extended = officer.call(
        "POST", url, {"action": "extend", "day": "2022-06-20", "new_due": "2022-08-01", "reason": "s31 PIT"}
    )
    assert extended.json["request"]["clock"]["extended_to"] == "2022-08-01"
    assert "more than 20 working days" in extended.json["warnings"][0]
    closed = officer.call("POST", url, {"action": "close", "day": "2022-07-29", "outcome": "ncnd"})
    assert closed.json["request"]["clock"]["outcome"] == "ncnd"
    again = officer.call("POST", url, {"action": "close", "day": "2022-07-29", "outcome": "ncnd"})
    assert again.status_code == 409 and "already closed" in again.json["detail"]
    review = officer.call("POST", url, {"action": "request_review", "day": "2022-08-01"})
    assert review.json["request"]["clock"]["review"] == {
        "requested": "2022-08-01",
        "due": "2022-08-30",
        "closed": None,
        "outcome": None,
        "original_response": {"date": "2022-07-29", "outcome": "ncnd"},
    }
    assert api("reader").call("POST", url, {"action": "close_review", "day": "2022-08-02"}).status_code == 403
    assert db.execute("SELECT count(*) FROM foi_events").fetchone()[0] == 6


def test_an_foi_request_is_answered_as_at_a_day_the_api_sets(api, make_system):
    officer = api("foi_officer")
    body = {
        "reference": "855A/22",
        "received": "2022-05-16",
        "systems": [make_system()],
        "as_at": "2022-05-01",
    }
    refused = officer.call("POST", "/foi-requests", body)
    assert refused.status_code == 422
    assert {e["field"]: e["message"] for e in refused.json["errors"]}["as_at"] == (
        "Date to answer as at must be the same as or after the date received, 16 May 2022"
    )
    created = officer.call("POST", "/foi-requests", {**body, "as_at": "2022-06-01"})
    assert created.status_code == 201 and created.json["as_at"] == "2022-06-01"
