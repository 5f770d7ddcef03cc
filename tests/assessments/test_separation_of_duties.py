"""Separation of duties: no one approves what they drafted; approvers' and the DPO's decisions are theirs."""

import pytest

from dpia.actor import Actor, command_line
from dpia.errors import Forbidden
from dpia.services.accounts import tokens
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from tests.conftest import APPROVER, DPIA_ANSWERS, EDITOR, SIGNOFFS, Browser, revision_of
from tests.test_api import Api

APPROVAL = {"conducted": "2024-04-01", "approved": "2024-05-01"}
REFUSED = "You drafted or edited this version, so you cannot approve it"


@pytest.fixture
def token_for(db, make_user):
    """A bearer token for a new account with the given roles."""

    def make(*roles: str) -> str:
        user_id = db.execute("SELECT id FROM users WHERE email = ?", [make_user(*roles)]).fetchone()[0]
        return tokens.create(db, command_line(), user_id, "tests")[1]

    return make


def _person(email: str, *roles: str) -> Actor:
    return Actor(email=email, roles=frozenset(roles), address="127.0.0.1", can_see_sensitive=True)


@pytest.fixture
def in_review(db, make_system):
    """A DPIA in review drafted by `author`, its sign-offs recorded in review by the approver: -> id."""

    def make(author: Actor) -> int:
        system_id = make_system(name=f"System for {author.email}")
        assessment_id = assessments.start(db, author, system_id, {"kind": "dpia", "title": "HART DPIA"})
        assessments.update_answers(db, author, assessment_id, 1, DPIA_ANSWERS, revision_of(db, assessment_id))
        workflow.transition(db, author, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
        signoffs = {"signoffs": SIGNOFFS, "dpo_summary": "Proceed"}
        assessments.update_section(
            db, APPROVER, assessment_id, 1, "signoff", signoffs, revision_of(db, assessment_id)
        )
        return assessment_id

    return make


def _signoff_form(db, assessment_id: int, decision: str = "approved", name: str = "Jo Bloggs") -> dict:
    row = "signoffs-measures_approved"
    return {
        "revision": revision_of(db, assessment_id),
        f"{row}-name": name,
        f"{row}-position": "DPO",
        f"{row}-decision": decision,
        f"{row}-date-day": "1" if decision else "",
        f"{row}-date-month": "5" if decision else "",
        f"{row}-date-year": "2024" if decision else "",
    }


def test_an_editor_and_approver_cannot_approve_a_version_they_drafted_but_another_approver_can(
    db, in_review, make_user
):
    both = _person("both@example.org", "editor", "approver")
    make_user("approver", email="second@example.org")
    assessment_id = in_review(both)
    with pytest.raises(Forbidden) as refused:
        workflow.transition(db, both, assessment_id, 1, "approve", APPROVAL, revision_of(db, assessment_id))
    assert REFUSED in str(refused.value) and "second@example.org" in str(refused.value)
    assert "approve" not in workflow.available(db, both, assessments.load(db, both, assessment_id))
    assert workflow.transition(
        db, APPROVER, assessment_id, 1, "approve", APPROVAL, revision_of(db, assessment_id)
    )
    assert assessments.load(db, APPROVER, assessment_id)["status"] == "approved"


def test_editing_a_draft_counts_even_when_someone_else_started_it(db, make_assessment, make_user):
    both = _person("both@example.org", "editor", "approver")
    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    assessments.update_answers(
        db, both, assessment_id, 1, {**DPIA_ANSWERS, "aims": "Changed aims."}, revision_of(db, assessment_id)
    )
    workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
    with pytest.raises(Forbidden) as refused:
        workflow.transition(db, both, assessment_id, 1, "approve", APPROVAL, revision_of(db, assessment_id))
    assert REFUSED in str(refused.value)


def test_the_approve_page_says_why_this_person_cannot_approve_and_who_can(app, db, in_review, make_user):
    email = make_user("editor", "approver")
    make_user("approver", email="second@example.org")
    assessment_id = in_review(_person(email, "editor", "approver"))
    browser = Browser(app.test_client())
    assert browser.sign_in(email).status_code == 302
    url = f"/assessments/{assessment_id}/versions/1/approve"
    page = browser.get(url, follow_redirects=True).get_data(as_text=True)
    assert REFUSED in page and "second@example.org" in page
    version_page = browser.get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    assert 'id="held-back"' in version_page and f'href="{url}"' not in version_page
    form = browser.client.post(url, data={"revision": revision_of(db, assessment_id)})
    assert form.status_code != 500
    assert assessments.load(db, APPROVER, assessment_id)["status"] == "in_review"


def test_the_api_refuses_approval_by_the_drafter_with_a_clear_problem(
    app, db, in_review, make_user, token_for
):
    token = token_for("editor", "approver")
    email = db.execute("SELECT email FROM users ORDER BY id DESC LIMIT 1").fetchone()[0]
    assessment_id = in_review(_person(email, "editor", "approver"))
    url = f"/assessments/{assessment_id}/versions/1/transitions"
    etag = (
        Api(app.test_client(), token).call("GET", f"/assessments/{assessment_id}/versions/1").headers["ETag"]
    )
    refused = Api(app.test_client(), token).call(
        "POST",
        url,
        {"action": "approve", "approved": "2024-05-01", "conducted": "2024-04"},
        **{"If-Match": etag},
    )
    assert refused.status_code == 409 and REFUSED in refused.json["detail"]
    other = Api(app.test_client(), token_for("approver"))
    approved = other.call(
        "POST",
        url,
        {"action": "approve", "approved": "2024-05-01", "conducted": "2024-04"},
        **{"If-Match": etag},
    )
    assert approved.status_code == 200 and approved.json["status"] == "approved"


def test_an_editor_cannot_record_an_approvers_or_the_dpos_decision(db, make_assessment):
    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    for key in ("measures_approved", "dpo_advice"):
        decided = {key: SIGNOFFS[key]}
        with pytest.raises(Forbidden) as refused:
            assessments.update_section(
                db, EDITOR, assessment_id, 1, "signoff", {"signoffs": decided}, revision_of(db, assessment_id)
            )
        assert "Only approvers can record the" in str(refused.value) and "you may propose a name" in str(
            refused.value
        )
    assert not assessments.load(db, EDITOR, assessment_id)["answers"].get("signoffs")


def test_an_editor_proposes_names_and_an_approver_records_the_decision(db, make_assessment):
    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    proposed = {key: {"name": "Jo Bloggs", "position": "DPO"} for key in SIGNOFFS}
    assessments.update_section(
        db, EDITOR, assessment_id, 1, "signoff", {"signoffs": proposed}, revision_of(db, assessment_id)
    )
    assessments.update_section(
        db, APPROVER, assessment_id, 1, "signoff", {"signoffs": SIGNOFFS}, revision_of(db, assessment_id)
    )
    recorded = assessments.load(db, EDITOR, assessment_id)["answers"]["signoffs"]
    assert recorded["dpo_advice"]["name"] == "Jo Bloggs" and recorded["dpo_advice"]["decision"] == "provided"


def test_the_sign_off_page_refuses_an_editors_decision_but_takes_a_proposed_name(
    db, signed_in, make_assessment
):
    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    url = f"/assessments/{assessment_id}/versions/1/sections/signoff"
    editor = signed_in("editor")
    refused = editor.post(url, _signoff_form(db, assessment_id))
    assert refused.status_code == 302
    shown = editor.get(refused.headers["Location"]).get_data(as_text=True)
    assert "Only approvers can record the" in shown and "you may propose a name" in shown
    assert not assessments.load(db, EDITOR, assessment_id)["answers"].get("signoffs")
    proposed = editor.post(url, _signoff_form(db, assessment_id, decision=""), follow_redirects=True)
    assert proposed.status_code == 200
    signoffs = assessments.load(db, EDITOR, assessment_id)["answers"]["signoffs"]
    assert signoffs["measures_approved"]["name"] == "Jo Bloggs"
    approver = signed_in("approver")
    assert approver.post(url, _signoff_form(db, assessment_id), follow_redirects=True).status_code == 200
    signoffs = assessments.load(db, EDITOR, assessment_id)["answers"]["signoffs"]
    assert signoffs["measures_approved"]["decision"] == "approved"


def test_the_api_refuses_an_editors_decision_but_takes_a_proposed_name(app, db, make_assessment, token_for):
    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    editor = Api(app.test_client(), token_for("editor"))
    url = f"/assessments/{assessment_id}/versions/1"
    etag = editor.call("GET", url).headers["ETag"]
    body = {
        "title": "A dpia",
        "answers": {**DPIA_ANSWERS, "signoffs": {"dpo_advice": SIGNOFFS["dpo_advice"]}},
    }
    refused = editor.call("PUT", url, body, **{"If-Match": etag})
    assert refused.status_code == 409 and "Only approvers can record the" in refused.json["detail"]
    proposed = {"dpo_advice": {"name": "Jo Bloggs", "position": "DPO"}}
    body["answers"]["signoffs"] = proposed
    taken = editor.call("PUT", url, body, **{"If-Match": etag})
    assert taken.status_code == 200, taken.json
    assert taken.json["answers"]["signoffs"]["dpo_advice"]["name"] == "Jo Bloggs"
