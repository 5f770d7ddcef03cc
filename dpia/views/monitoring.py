"""Monitoring data: upload a CSV, read a dataset's table and chart, download, delete."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from dpia.errors import Invalid
from dpia.services import systems
from dpia.services.monitoring import datasets as monitoring
from dpia.services.monitoring import tables
from dpia.services.monitoring import vocab as monitoring_vocab
from dpia.views.forms import error_summary
from dpia.web import actor, allow, get_db

bp = Blueprint("monitoring", __name__)

DETAILS = ("title", "measure", "granularity", "breakdown", "source", "notes", "synthetic")


def _system(system_id: int) -> dict:
    return systems.get(get_db(), actor(), system_id)


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
        max_mb=tables.MAX_BYTES // 1_000_000,
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
    content = upload.read(tables.MAX_BYTES + 1) if upload and upload.filename else None
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
    except Invalid:
        abort(400)
    return _csv(name, text)


def _grid(corner: str, columns: list[str], rows: list[tuple[str, list[str]]], transpose: bool) -> dict:
    """A table to draw; transposed so the longer of periods and groups runs down the page."""
    if transpose:
        columns, rows = (
            [label for label, _ in rows],
            [(column, [values[i] for _, values in rows]) for i, column in enumerate(columns)],
        )
        corner = "Group" if corner == "Period" else corner
    return {"corner": corner, "columns": columns, "rows": rows}


def _number(value: int) -> str:
    return f"{value:,}"


def _tables(found: dict) -> dict:
    table, release = found["table"], found["release"]
    transpose = len(table["groups"]) > len(table["periods"])
    headings = [monitoring.group_heading(g) for g in table["groups"]]
    if found["dataset"]["breakdown"] == "none":
        headings = ["Count"]
    columns = headings + (["Total"] if table["row_totals"] else [])
    # Periods in words ("January to March 2021") everywhere on the page; files keep 2021-Q1.
    words = {str(p): p.label() for p in table["periods"]}
    names = list(words.values())
    rows = []
    for name, values, total in zip(names, table["cells"], table["totals"], strict=True):
        rows.append((name, [_number(v) for v in values] + ([_number(total)] if table["row_totals"] else [])))
    if table["column_totals"] and len(table["periods"]) > 1:
        extra = [_number(table["grand_total"])] if table["row_totals"] else []
        rows.append(("Total", [_number(v) for v in table["group_totals"]] + extra))
    grids = {"counts": _grid("Period", columns, rows, transpose)}
    if table["rates"]:
        rates = [
            (name, [f"{r:.2f}" for r in values]) for name, values in zip(names, table["rates"], strict=True)
        ]
        rates.append(("Population", [_number(n) for n in table["populations"]]))
        grids["rates"] = _grid("Period", headings, rates, transpose)
    released = [(words.get(row[0], row[0]), row[1:]) for row in release["rows"]]
    grids["release"] = _grid("Period", release["header"][1:], released, transpose)
    return grids


@bp.get("/monitoring/<int:dataset_id>")
@allow("read")
def show(dataset_id: int):
    found = monitoring.get(get_db(), actor(), dataset_id)
    me = actor()
    return render_template(
        "monitoring/show.html",
        can_upload=me.may("upload_monitoring"),
        can_release=me.may("release_monitoring"),
        can_export_internal=me.may("export_monitoring_internal"),
        grids=_tables(found),
        **found,
    )


@bp.route("/monitoring/<int:dataset_id>/delete", methods=["GET", "POST"])
@allow("edit_register")
def delete(dataset_id: int):
    found = monitoring.get(get_db(), actor(), dataset_id)
    dataset = found["dataset"]
    if request.method == "GET":
        return render_template("monitoring/delete.html", dataset=dataset)
    monitoring.delete(get_db(), actor(), dataset_id)
    flash(f"‘{dataset['title']}’ has been deleted.", "success")
    return redirect(url_for("systems.show", system_id=dataset["system_id"]))


@bp.get("/monitoring/<int:dataset_id>/released.csv")
@allow("release_monitoring")
def released_csv(dataset_id: int):
    return _csv(*monitoring.disclosure_csv(get_db(), actor(), dataset_id))


@bp.get("/monitoring/<int:dataset_id>/true-counts.csv")
@allow("export_monitoring_internal")
def internal_csv(dataset_id: int):
    return _csv(*monitoring.internal_csv(get_db(), actor(), dataset_id))
