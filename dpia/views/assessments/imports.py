"""Importing assessments: upload, side-by-side preview with re-mapping, confirm; JSON export; dismissing
imported text once placed."""

import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for

from dpia import kinds
from dpia.errors import Forbidden, Invalid, Refused
from dpia.importers.plan import OMIT, UNPLACED, destinations
from dpia.services import systems
from dpia.services.assessments import imports
from dpia.views.assessments.evidence import content_disposition, read_upload, storage
from dpia.views.forms import date_value, error_summary
from dpia.web import actor, allow, get_db

bp = Blueprint("imports", __name__)

DETAIL_FIELDS = ("title", "reference", "owner", "marking")
DETAIL_DATES = ("started", "conducted")
PREVIEW_TEXT = 1500


@bp.route("/systems/<int:system_id>/import", methods=["GET", "POST"])
@allow("edit_assessments")
def upload(system_id: int):
    system = systems.get(get_db(), actor(), system_id)
    errors: dict[str, str] = {}
    kind = request.form.get("kind", "")
    if request.method == "POST":
        filename, data = read_upload()
        try:
            if filename is None:
                raise Refused("Choose a Word document (.docx) or a JSON export to import")
            token = imports.upload(get_db(), actor(), storage(), system_id, filename, data, kind)
        except Refused as refused:
            errors = {"file": str(refused)}
        except Invalid as error:
            errors = error.errors
        else:
            return redirect(url_for("imports.preview", token=token))
    return render_template(
        "imports/upload.html",
        system=system,
        kind=kind,
        kinds=kinds.kinds(),
        errors=errors,
        summary=error_summary(errors),
        max_mb=current_app.config["ATTACHMENT_MAX_MB"],
    ), 400 if errors else 200


def _staged_or_404(token: str) -> dict:
    return imports.staged(get_db(), actor(), token)


def _details_input() -> dict:
    data = {key: request.form.get(key, "") for key in DETAIL_FIELDS}
    data.update({key: date_value(request.form, key) for key in DETAIL_DATES})
    return data


def _targets(found: dict) -> dict[str, str]:
    return {
        item.id: request.form[f"target-{item.id}"]
        for item in found["plan"].items
        if f"target-{item.id}" in request.form
    }


@bp.route("/imports/<token>", methods=["GET", "POST"])
@allow("edit_assessments")
def preview(token: str):
    found = _staged_or_404(token)
    if request.method == "GET":
        return _preview(found, found["plan"].details, {}, {})
    if request.form.get("action") == "reread":
        return _reread(token)
    details, targets = _details_input(), _targets(found)
    if "recount" in request.form.getlist("action"):
        return _preview(found, details, targets, {})
    try:
        summary = imports.confirm(get_db(), actor(), storage(), token, details, targets)
    except Invalid as error:
        return _preview(found, details, targets, error.errors)
    except Refused as refused:
        return _preview(found, details, targets, {"file": str(refused)})
    flash(_done_message(summary), "success")
    return redirect(url_for("assessments.current", assessment_id=summary.assessment_id))


def _reread(token: str):
    try:
        chosen = int(request.form.get("chosen", "0") or 0)
    except ValueError:
        chosen = 0
    try:
        imports.reread(get_db(), actor(), storage(), token, request.form.get("kind", ""), chosen)
    except (Invalid, Refused) as error:
        flash(str(error), "info")
    return redirect(url_for("imports.preview", token=token))


def _done_message(summary: imports.Summary) -> str:
    text = f"Imported as draft {summary.reference}: {summary.placed} placed in its answers"
    if summary.unplaced:
        text += f", {summary.unplaced} not yet placed (listed below: place or dismiss each before review)"
    return text + ". The original file is attached as evidence."


def _preview(found: dict, details: dict, targets: dict, errors: dict):
    plan, kind = found["plan"], found["kind"]
    result = imports.previewed(found, targets)
    groups: dict[str, list] = {}
    for destination in destinations(kind):
        groups.setdefault(destination.group, []).append(destination)
    return render_template(
        "imports/preview.html",
        found=found,
        plan=plan,
        kind=kind,
        kinds=kinds.kinds(),
        groups=groups,
        details=details,
        targets=targets,
        errors=errors,
        summary=error_summary(errors, {f"target-{i.id}": f"target-{i.id}" for i in plan.items}),
        counts=result.counts,
        gaps=result.gaps,
        omit=OMIT,
        unplaced=UNPLACED,
        preview_text=PREVIEW_TEXT,
    ), 400 if errors else 200


@bp.get("/assessments/<int:assessment_id>/versions/<int:number>/export.json")
@allow("read")
def export_json(assessment_id: int, number: int):
    data = imports.export_json(get_db(), actor(), assessment_id, number)
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = content_disposition(f"{data['reference']}-v{number}.json")
    return response


@bp.post("/assessments/<int:assessment_id>/versions/<int:number>/unplaced/<item_id>/dismiss")
@allow("edit_assessments")
def dismiss(assessment_id: int, number: int, item_id: str):
    try:
        imports.dismiss(get_db(), actor(), assessment_id, number, item_id)
    except Forbidden as refused:
        flash(str(refused), "info")
    else:
        flash("The imported item has been dismissed.", "success")
    return redirect(url_for("assessments.show", assessment_id=assessment_id, number=number) + "#unplaced")
