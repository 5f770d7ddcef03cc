"""Marking parts of assessment versions and register entries as withheld on disclosure (FOI officers)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from dpia.errors import Invalid
from dpia.services import systems
from dpia.services.disclosure import requests as foi
from dpia.services.disclosure import withholding
from dpia.views.assessments.versions import page_or_404
from dpia.views.forms import error_summary
from dpia.web import actor, allow, get_db

bp = Blueprint("withholding", __name__)

FIELDS = ("target", "scope", "passage", "exemption", "subsection", "other", "reason", "request")


def _form(title: str, back: str, caption: str, targets: dict, data: dict, errors: dict, also=()):
    return render_template(
        "withholding/form.html",
        title=title,
        back=back,
        caption=caption,
        targets=list(targets.values()),
        chosen=targets.get(data.get("target") or ""),
        also=also,
        data=data,
        errors=errors,
        summary=error_summary(errors, {"target": "target", "exemption": "exemption", "scope": "scope"}),
    ), 400 if errors else 200


def _marking(url: str) -> str:
    """The page to return to: still in marking mode when the officer came from it."""
    return url + "?withholding=on" if request.args.get("withholding") == "on" else url


def _data() -> dict:
    source = request.form if request.method == "POST" else request.args
    return {key: source.get(key, "") for key in FIELDS}


@bp.route("/assessments/<int:assessment_id>/versions/<int:number>/withhold", methods=["GET", "POST"])
@allow("withhold")
def version_form(assessment_id: int, number: int):
    found = page_or_404(assessment_id, number)
    version = found.version
    back = _marking(url_for("assessments.show", assessment_id=assessment_id, number=number))
    caption = f"{version['reference']} version {number}: {version['title']}"
    targets = withholding.version_target_map(version)
    data = _data()
    # Rows that point at the chosen part are withheld with it: say so before the officer decides.
    also = withholding.also_withheld(version, data["target"]) if data["target"] in targets else []
    title = "Withhold part of this assessment"
    if request.method == "GET":
        return _form(title, back, caption, targets, data, {}, also)
    try:
        withholding.mark_version(get_db(), actor(), assessment_id, number, data)
    except Invalid as error:
        return _form(title, back, caption, targets, data, error.errors, also)
    with_it = f", and with it {'; '.join(also)}" if also else ""
    flash(f"‘{targets[data['target']].label}’ will be withheld from disclosure copies{with_it}.", "success")
    return redirect(back + "#withholding")


@bp.post("/assessments/<int:assessment_id>/versions/<int:number>/withhold/<int:mark_id>/remove")
@allow("withhold")
def version_remove(assessment_id: int, number: int, mark_id: int):
    withholding.remove_version_mark(get_db(), actor(), assessment_id, number, mark_id)
    flash("The mark has been removed: that part will be disclosed.", "success")
    return redirect(url_for("assessments.show", assessment_id=assessment_id, number=number) + "#withholding")


@bp.route("/systems/<int:system_id>/withhold", methods=["GET", "POST"])
@allow("withhold")
def system_form(system_id: int):
    system = systems.get(get_db(), actor(), system_id)
    back = _marking(url_for("systems.show", system_id=system_id))
    targets = withholding.system_target_map(system)
    data = _data()
    title = "Withhold part of this register entry"
    if request.method == "GET":
        return _form(title, back, system["name"], targets, data, {})
    try:
        withholding.mark_system(get_db(), actor(), system_id, data)
    except Invalid as error:
        return _form(title, back, system["name"], targets, data, error.errors)
    flash(f"‘{targets[data['target']].label}’ will be withheld from disclosure copies.", "success")
    return redirect(back + "#withholding")


@bp.post("/systems/<int:system_id>/withhold/<int:mark_id>/remove")
@allow("withhold")
def system_remove(system_id: int, mark_id: int):
    withholding.remove_system_mark(get_db(), actor(), system_id, mark_id)
    flash("The mark has been removed: that part will be disclosed.", "success")
    return redirect(url_for("systems.show", system_id=system_id) + "#withholding")


# Decisions per FOI request, made on the request's page


@bp.post("/foi/<int:request_id>/withholding/<int:mark_id>")
@allow("withhold")
def decide(request_id: int, mark_id: int):
    decision = request.form.get("decision", "")
    withholding.decide(get_db(), actor(), request_id, mark_id, decision, request.form.get("note", ""))
    flash(DECIDED[decision] if decision in DECIDED else "Decision recorded.", "success")
    return redirect(url_for("foi.show", request_id=request_id) + "#withholding")


@bp.post("/foi/<int:request_id>/withholding")
@allow("withhold")
def decide_all(request_id: int):
    decision = request.form.get("decision", "")
    count = withholding.decide_all(get_db(), actor(), request_id, decision)
    reference = foi.get(get_db(), actor(), request_id)["reference"]
    verb = "withheld" if decision == withholding.APPLY else "released"
    flash(
        f"{count} mark{'' if count == 1 else 's'} decided elsewhere will be {verb} for {reference}.",
        "success",
    )
    return redirect(url_for("foi.show", request_id=request_id) + "#withholding")


DECIDED = {
    withholding.APPLY: "That part will be withheld for this request too.",
    withholding.DROP: "That part will be released for this request.",
    "": "The decision was undone: the mark waits for a decision for this request again.",
}
