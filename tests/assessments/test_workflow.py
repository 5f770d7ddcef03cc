"""The life of a version: submit, approve or send back, supersede, withdraw; refusals say what is missing."""

from datetime import date, timedelta

import pytest

from dpia.actor import command_line
from dpia.errors import Forbidden, Invalid
from dpia.services.accounts import settings
from dpia.services.assessments import reviews, workflow
from dpia.services.assessments import versions as assessments
from tests.conftest import APPROVER, DPIA_ANSWERS, EDITOR, READER, SIGNOFFS, revision_of

TODAY = date.today()


def _submit(db, assessment_id, number=1):
    workflow.transition(
        db, EDITOR, assessment_id, number, "submit", {}, revision_of(db, assessment_id, number)
    )


def _approve(db, assessment_id, number=1, **data):
    data = {"conducted": "2024-04-01", "approved": "2024-05-01", **data}
    return workflow.transition(
        db, APPROVER, assessment_id, number, "approve", data, revision_of(db, assessment_id, number)
    )


@pytest.fixture
def ready(make_assessment):
    """A DPIA with every answer needed for review and approval."""
    return lambda **kw: make_assessment(
        answers={**DPIA_ANSWERS, "signoffs": SIGNOFFS, "dpo_summary": "Proceed"}, **kw
    )


def test_submitting_needs_every_required_answer_and_says_which_are_missing(db, make_assessment):
    assessment_id = make_assessment(answers={"regime": "dpa_s64", "aims": "Only this"})
    with pytest.raises(Invalid) as refused:
        _submit(db, assessment_id)
    part3 = {"data_subject_categories", "facts_and_assessments", "sensitive_processing"}
    part3 |= {"automated_decisions", "logging", "security_measures"}
    assert set(refused.value.errors) == {"nature", "scope", "purposes", "lawful_basis", "necessity", *part3}
    assert (
        "Step 2: Describe the processing: answer ‘Nature of the processing’" in refused.value.errors.values()
    )
    assert assessments.load(db, EDITOR, assessment_id)["status"] == "draft"


def test_an_editor_submits_and_an_approver_approves_with_dates(db, ready):
    assessment_id = ready()
    _submit(db, assessment_id)
    assert assessments.load(db, EDITOR, assessment_id)["status"] == "in_review"
    assert _approve(db, assessment_id) == "approved"
    version = assessments.load(db, EDITOR, assessment_id)
    assert (version["conducted"], version["approved"], version["review_due"]) == (
        "2024-04-01",
        "2024-05-01",
        "2025-05-01",
    )
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE object_type = 'assessment'")]
    assert actions[-2:] == ["assessment.submit", "assessment.approve"]


def test_the_review_date_defaults_to_the_set_period_and_can_be_chosen(db, ready):
    settings.update(db, command_line(), {"review_months": "6"})
    first = ready()
    _submit(db, first)
    _approve(db, first, approved="2024-08-31")
    assert assessments.load(db, EDITOR, first)["review_due"] == "2025-02-28"
    second = ready()
    _submit(db, second)
    _approve(db, second, review_due="2026-01-15")
    assert assessments.load(db, EDITOR, second)["review_due"] == "2026-01-15"


def test_approval_needs_a_conducted_date_and_the_required_sign_offs(db, make_assessment):
    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    _submit(db, assessment_id)
    with pytest.raises(Invalid) as refused:
        workflow.transition(db, APPROVER, assessment_id, 1, "approve", {}, revision_of(db, assessment_id))
    errors = refused.value.errors
    assert errors["conducted"] == "Enter the date the assessment was conducted"
    assert "Sign-off ‘Measures approved by’ needs a name, position, date and decision" in errors.values()
    assert "Sign-off ‘DPO advice provided’ needs a name, position, date and decision" in errors.values()
    assert any("Summary of DPO advice" in message for message in errors.values())
    assert assessments.load(db, EDITOR, assessment_id)["status"] == "in_review"


def test_overruling_the_dpo_needs_reasons_and_a_refused_sign_off_blocks_approval(db, make_assessment):
    signoffs = {
        **SIGNOFFS,
        "dpo_advice_outcome": {**SIGNOFFS["dpo_advice_outcome"], "decision": "overruled"},
        "residual_risks_approved": {**SIGNOFFS["residual_risks_approved"], "decision": "not_approved"},
    }
    assessment_id = make_assessment(answers={**DPIA_ANSWERS, "signoffs": signoffs, "dpo_summary": "Stop"})
    _submit(db, assessment_id)
    with pytest.raises(Invalid) as refused:
        _approve(db, assessment_id)
    messages = list(refused.value.errors.values())
    assert "Sign-off ‘DPO advice accepted or overruled by’: explain why it was overruled" in messages
    assert "Sign-off ‘Residual risks approved by’ records ‘Not approved’" in messages


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"approved": (TODAY + timedelta(days=2)).isoformat()}, "approved", "today or in the past"),
        ({"approved": "2024-03-01"}, "approved", "same as or after the date conducted"),
        ({"approved": "2024-05"}, "approved", "must include a day, month and year"),
        ({"review_due": "2024-04-30"}, "review_due", "after the date approved"),
        ({"approved": "2024-02-30"}, "approved", "must be a real date"),
    ],
)
def test_approval_dates_in_the_wrong_order_are_refused(db, ready, data, field, message):
    assessment_id = ready()
    _submit(db, assessment_id)
    with pytest.raises(Invalid) as refused:
        _approve(db, assessment_id, **data)
    assert message in refused.value.errors[field]
    assert assessments.load(db, EDITOR, assessment_id)["status"] == "in_review"


def test_roles_and_statuses_decide_which_moves_are_allowed(db, ready):
    assessment_id = ready()
    with pytest.raises(Forbidden) as refused:
        workflow.transition(db, EDITOR, assessment_id, 1, "approve", {}, revision_of(db, assessment_id))
    assert str(refused.value) == "Only approvers can approve an assessment"
    with pytest.raises(Forbidden) as refused:
        workflow.transition(db, APPROVER, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
    assert str(refused.value) == "Only editors can submit for review an assessment"
    with pytest.raises(Forbidden) as refused:
        workflow.transition(db, APPROVER, assessment_id, 1, "approve", {}, revision_of(db, assessment_id))
    assert str(refused.value) == "This version is draft: you can approve it only when it is in review"
    with pytest.raises(Invalid) as refused:
        workflow.transition(db, APPROVER, assessment_id, 1, "publish", {}, revision_of(db, assessment_id))
    assert "Unknown action ‘publish’" in refused.value.errors["action"]


def test_approved_content_never_changes_not_even_behind_the_applications_back(db, ready):
    assessment_id = ready()
    _submit(db, assessment_id)
    _approve(db, assessment_id)
    with pytest.raises(Forbidden) as refused:
        assessments.update_section(
            db, EDITOR, assessment_id, 1, "need", {"aims": "x"}, revision_of(db, assessment_id)
        )
    assert "Start a new version" in str(refused.value)
    with pytest.raises(Exception, match="approved assessment content never changes"):
        db.execute("UPDATE assessment_versions SET answers = '{}' WHERE assessment_id = ?", [assessment_id])


def test_requesting_changes_needs_a_reason_and_returns_the_version_to_draft(db, ready):
    assessment_id = ready()
    _submit(db, assessment_id)
    with pytest.raises(Invalid) as refused:
        workflow.transition(
            db, APPROVER, assessment_id, 1, "request_changes", {"note": " "}, revision_of(db, assessment_id)
        )
    assert refused.value.errors["note"] == "Say what needs to change"
    note = {"note": "Consult the independent advisory group"}
    workflow.transition(
        db, APPROVER, assessment_id, 1, "request_changes", note, revision_of(db, assessment_id)
    )
    assert assessments.load(db, EDITOR, assessment_id)["status"] == "draft"
    assert assessments.history(db, EDITOR, assessment_id)["saves"][0]["note"] == note["note"]


def test_a_new_version_copies_content_without_sign_offs_and_supersedes_on_approval(db, ready):
    assessment_id = ready()
    _submit(db, assessment_id)
    _approve(db, assessment_id)
    number = workflow.new_version(db, EDITOR, assessment_id, 1)
    assert number == 2
    second = assessments.load(db, EDITOR, assessment_id, 2)
    assert second["status"] == "draft" and second["answers"]["aims"] == DPIA_ANSWERS["aims"]
    assert "signoffs" not in second["answers"] and second["conducted"] is None and second["approved"] is None
    with pytest.raises(Forbidden) as refused:
        workflow.new_version(db, EDITOR, assessment_id, 2)
    assert "Version 2 is already draft" in str(refused.value)
    _submit(db, assessment_id, 2)
    # Approvers record their sign-offs while the version is in review.
    revision = revision_of(db, assessment_id, 2)
    assessments.update_section(
        db, APPROVER, assessment_id, 2, "signoff", {"signoffs": SIGNOFFS, "dpo_summary": "Go"}, revision
    )
    _approve(db, assessment_id, 2, conducted="2024-06-01", approved="2024-06-02")
    statuses = [assessments.load(db, EDITOR, assessment_id, n)["status"] for n in (1, 2)]
    assert statuses == ["superseded", "approved"]
    assert assessments.load(db, EDITOR, assessment_id, 1)["approved"] == "2024-05-01"


def test_withdrawing_needs_a_reason_and_only_approvers_withdraw_approved_versions(db, ready):
    draft = ready()
    with pytest.raises(Invalid) as refused:
        workflow.transition(db, EDITOR, draft, 1, "withdraw", {}, revision_of(db, draft))
    assert refused.value.errors["note"] == "Say why it is being withdrawn"
    workflow.transition(
        db, EDITOR, draft, 1, "withdraw", {"note": "Project cancelled"}, revision_of(db, draft)
    )
    assert assessments.load(db, EDITOR, draft)["status"] == "withdrawn"
    approved = ready()
    _submit(db, approved)
    _approve(db, approved)
    with pytest.raises(Forbidden):
        workflow.transition(db, EDITOR, approved, 1, "withdraw", {"note": "x"}, revision_of(db, approved))
    workflow.transition(
        db, APPROVER, approved, 1, "withdraw", {"note": "System retired"}, revision_of(db, approved)
    )
    assert assessments.load(db, EDITOR, approved)["status"] == "withdrawn"


def test_what_each_role_may_do_next(db, ready):
    assessment_id = ready()
    version = assessments.load(db, EDITOR, assessment_id)
    assert workflow.available(db, EDITOR, version) == ["edit", "edit_signoff", "submit", "withdraw"]
    assert workflow.available(db, APPROVER, version) == ["edit_signoff", "withdraw"]
    assert workflow.available(db, READER, version) == []
    _submit(db, assessment_id)
    version = assessments.load(db, EDITOR, assessment_id)
    assert workflow.available(db, APPROVER, version) == [
        "edit_signoff",
        "request_changes",
        "approve",
        "withdraw",
    ]
    assert workflow.available(db, EDITOR, version) == ["withdraw"]


def test_the_reviews_dashboard_lists_overdue_due_soon_and_awaiting_approval(db, ready):
    overdue, soon, later, waiting = ready(), ready(), ready(), ready()
    for assessment_id, approved in (
        (overdue, TODAY - timedelta(days=400)),
        (soon, TODAY - timedelta(days=350)),
        (later, TODAY - timedelta(days=10)),
    ):
        _submit(db, assessment_id)
        _approve(db, assessment_id, conducted=approved.isoformat(), approved=approved.isoformat())
    _submit(db, waiting)
    found = reviews.dashboard(db, READER)
    assert [v["assessment_id"] for v in found["overdue"]] == [overdue]
    assert [v["assessment_id"] for v in found["due_soon"]] == [soon]
    assert [v["assessment_id"] for v in found["in_review"]] == [waiting]
    assert found["overdue"][0]["review"].days < 0 <= found["due_soon"][0]["review"].days <= 30


@pytest.mark.parametrize(
    ("months", "approved", "due"),
    [(12, "2024-02-29", "2025-02-28"), (1, "2024-01-31", "2024-02-29"), (13, "2024-12-15", "2026-01-15")],
)
def test_adding_months_keeps_the_day_or_uses_the_months_last(months, approved, due):
    assert workflow.add_months(date.fromisoformat(approved), months) == date.fromisoformat(due)
