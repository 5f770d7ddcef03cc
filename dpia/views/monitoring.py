"""Monitoring data: upload a CSV, read a dataset's table and chart, download, delete."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from dpia import monitoring_csv, monitoring_vocab
from dpia.services import monitoring, systems
from dpia.services.errors import Forbidden, Invalid, NotFound
from dpia.views.forms import error_summary
from dpia.web import actor, allow, get_db

bp = Blueprint("monitoring", __name__)

DETAILS = ("title", "measure", "granularity", "breakdown", "source", "notes", "synthetic")


def _system(system_id: int) -> dict:
    try:
        return systems.get(get_db(), actor(), system_id)
    except NotFound:
        abort(404)


def _csv(name: str, content: bytes | str) -> Response:
    return Response(
        content,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _render_form(system: dict, data: dict, errors: dict):
    anchors = {key: "file" for key in errors if key.startswith("file")}
    file_problems = [message for key, message in errors.items() if key.startswith("file-")]
    return render_template(
        "monitoring/new.html",
        system=system,
        data=data,
        errors=errors,
        file_problems=file_problems,
        summary=error_summary(errors, anchors),
        vocab_m=monitoring_vocab,
        max_mb=monitoring_csv.MAX_BYTES // 1_000_000,
    ), 400 if errors else 200


@bp.route("/systems/<int:system_id>/monitoring/new", methods=["GET", "POST"])
@allow("edit_register")
def new(system_id: int):
    system = _system(system_id)
    if request.method == "GET":
        return _render_form(system, {}, {})
    data = {key: request.form.get(key, "") for key in DETAILS}
    upload = request.files.get("file")
    # Read one byte past the limit: enough to refuse an oversized file without holding all of it.
    content = upload.read(monitoring_csv.MAX_BYTES + 1) if upload and upload.filename else None
    try:
        dataset_id = monitoring.create(get_db(), actor(), system_id, data, content)
    except Invalid as error:
        return _render_form(system, data, error.errors)
    flash(f"‘{data['title'].strip()}’ has been added to {system['name']}.", "success")
    return redirect(url_for("monitoring.show", dataset_id=dataset_id))


@bp.get("/systems/<int:system_id>/monitoring/template.csv")
@allow("read")
def template(system_id: int):
    try:
        args = request.args
        name, text = monitoring.template(
            get_db(), actor(), system_id, args.get("breakdown", ""), args.get("granularity", "")
        )
    except NotFound:
        abort(404)
    except Invalid:
        abort(400)
    return _csv(name, text)


@bp.get("/monitoring/<int:dataset_id>")
@allow("read")
def show(dataset_id: int):
    try:
        found = monitoring.get(get_db(), actor(), dataset_id)
    except NotFound:
        abort(404)
    me = actor()
    return render_template(
        "monitoring/show.html",
        can_upload=monitoring.can_upload(me),
        can_release=monitoring.can_release(me),
        can_export_internal=monitoring.can_export_internal(me),
        **found,
    )


@bp.route("/monitoring/<int:dataset_id>/delete", methods=["GET", "POST"])
@allow("edit_register")
def delete(dataset_id: int):
    try:
        found = monitoring.get(get_db(), actor(), dataset_id)
    except NotFound:
        abort(404)
    dataset = found["dataset"]
    if request.method == "GET":
        return render_template("monitoring/delete.html", dataset=dataset)
    try:
        monitoring.delete(get_db(), actor(), dataset_id)
    except (NotFound, Forbidden):
        abort(404)
    flash(f"‘{dataset['title']}’ has been deleted.", "success")
    return redirect(url_for("systems.show", system_id=dataset["system_id"]))


@bp.get("/monitoring/<int:dataset_id>/released.csv")
@allow("release_monitoring")
def released_csv(dataset_id: int):
    try:
        return _csv(*monitoring.disclosure_csv(get_db(), actor(), dataset_id))
    except NotFound:
        abort(404)


@bp.get("/monitoring/<int:dataset_id>/true-counts.csv")
@allow("export_monitoring_internal")
def internal_csv(dataset_id: int):
    try:
        return _csv(*monitoring.internal_csv(get_db(), actor(), dataset_id))
    except NotFound:
        abort(404)
