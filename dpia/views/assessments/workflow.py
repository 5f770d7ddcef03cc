"""Moving a version through review: submit, approve, request changes, withdraw, start a new version."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from dpia.errors import Conflict, Forbidden, Invalid
from dpia.services.assessments import reviews, workflow
from dpia.views.assessments.versions import evidence_of, gap_links, gap_lists, not_now, page_or_404
from dpia.views.forms import date_value, error_summary
from dpia.web import actor, allow, get_db

bp = Blueprint("workflow", __name__)

DONE = {
    "submit": "The assessment has been submitted for review.",
    "approve": "The assessment has been approved.",
    "request_changes": "Changes have been requested. The assessment is a draft again.",
    "withdraw": "The assessment version has been withdrawn.",
}
FORM_DATES = ("conducted", "approved", "review_due")
# Refusals that belong to no field: a stale revision, or a move the version no longer allows.
UNPLACED_ERRORS = ("revision", "action")


def _back(found):
    return redirect(
        url_for(
            "assessments.show", assessment_id=found.version["assessment_id"], number=found.version["number"]
        )
    )


def _move(found, name: str, data: dict):
    """Run a transition; the refusal, if any, as (status code, errors)."""
    try:
        revision = int(request.form.get("revision", ""))
    except ValueError:
        abort(400)
    try:
        workflow.transition(
            get_db(), actor(), found.version["assessment_id"], found.version["number"], name, data, revision
        )
    except Invalid as error:
        return 400, error.errors
    except Conflict as conflict:
        return 409, {"revision": str(conflict)}
    except Forbidden as refused:
        return 409, {"action": str(refused)}
    return 200, {}


@bp.post("/assessments/<int:assessment_id>/versions/<int:number>/submit")
@allow("edit_assessments")
def submit(assessment_id: int, number: int):
    found = page_or_404(assessment_id, number)
    status, errors = _move(found, "submit", {})
    if errors:
        summary = gap_links(found, list(errors.items()))
        return render_template(
            "assessments/show.html", page=found, summary=summary, **gap_lists(found), **evidence_of(found)
        ), status
    flash(DONE["submit"], "success")
    return _back(found)


def _decision_form(name: str, assessment_id: int, number: int):
    found = page_or_404(assessment_id, number)
    if name not in found.actions:
        refused = workflow.duty_refusal(get_db(), name, found.version, actor())
        return not_now(found, str(refused or workflow.refusal(name, found.version, actor())))
    data: dict = {"note": request.form.get("note", "")}
    data.update({key: date_value(request.form, key) for key in FORM_DATES if f"{key}-year" in request.form})
    status, errors = (200, {}) if request.method == "GET" else _move(found, name, data)
    if request.method == "POST" and not errors:
        flash(DONE[name], "success")
        return _back(found)
    local = {k: v for k, v in errors.items() if k in ("note", *FORM_DATES)}
    # Gaps the server refused on are the blockers; on a first visit they are what the page shows as missing.
    gaps = [(k, v) for k, v in errors.items() if k not in local and k not in UNPLACED_ERRORS]
    blockers = gap_links(found, gaps or (found.approval_blockers if name == "approve" else []))
    # While something blocks approval the form is not shown, so its fields' errors would link nowhere.
    summary = [] if blockers else error_summary(local, {k: f"{k}-day" for k in FORM_DATES})
    summary += [{"text": errors[k]} for k in UNPLACED_ERRORS if k in errors]
    if gaps:
        things = "thing is" if len(gaps) == 1 else "things are"
        summary.append({"text": f"You cannot approve yet: {len(gaps)} {things} missing", "href": "#blockers"})
    return render_template(
        "assessments/decision.html",
        page=found,
        action=workflow.require_transition(name),
        data=data,
        errors=local,
        summary=summary,
        blockers=blockers,
        defaults=reviews.approval_defaults(get_db()),
    ), status


@bp.route("/assessments/<int:assessment_id>/versions/<int:number>/approve", methods=["GET", "POST"])
@allow("approve")
def approve(assessment_id: int, number: int):
    return _decision_form("approve", assessment_id, number)


@bp.route("/assessments/<int:assessment_id>/versions/<int:number>/request-changes", methods=["GET", "POST"])
@allow("approve")
def request_changes(assessment_id: int, number: int):
    return _decision_form("request_changes", assessment_id, number)


@bp.route("/assessments/<int:assessment_id>/versions/<int:number>/withdraw", methods=["GET", "POST"])
@allow("withdraw")
def withdraw(assessment_id: int, number: int):
    return _decision_form("withdraw", assessment_id, number)


@bp.post("/assessments/<int:assessment_id>/versions/<int:number>/new-version")
@allow("edit_assessments")
def new_version(assessment_id: int, number: int):
    found = page_or_404(assessment_id, number)
    try:
        created = workflow.new_version(get_db(), actor(), assessment_id, number)
    except Forbidden as refused:
        return not_now(found, str(refused))
    flash(f"Version {created} has been started from version {number}. Review each section.", "success")
    return redirect(url_for("assessments.show", assessment_id=assessment_id, number=created))


@bp.get("/reviews")
@allow("read")
def dashboard():
    return render_template("assessments/reviews.html", **reviews.dashboard(get_db(), actor()))
