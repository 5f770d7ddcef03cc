"""The systems register: list, page, create, edit, history."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from dpia.errors import Conflict, Invalid
from dpia.services import systems
from dpia.services.assessments import compliance
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import pages as foi_pages
from dpia.services.monitoring import datasets as monitoring
from dpia.services.publications import pages as publications
from dpia.views.forms import date_value, error_summary, repeating_rows
from dpia.views.paging import pagination
from dpia.web import actor, allow, get_db

# A register of thousands is read a page at a time; filters and sorting narrow it first.
PER_PAGE = 50
KEPT_ON_PAGES = ("category", "lifecycle", "sort", "order")

bp = Blueprint("systems", __name__, url_prefix="/systems")

DATE_FIELDS = ("first_used", "retired")
SCALARS = (
    "name",
    "category",
    "lifecycle",
    "owner",
    "senior_owner",
    "supplier",
    "regime",
    "how_it_works",
    "data_used",
    "how_outputs_made",
    "notes",
    "marking",
)


def _form_data() -> dict:
    form = request.form
    data: dict = {key: form.get(key, "") for key in SCALARS}
    data["aliases"] = form.get("aliases", "").splitlines()
    for key in DATE_FIELDS:
        data[key] = date_value(form, key)
    data["costs"] = repeating_rows(form, "costs", ("period_start", "period_end"))
    data["policies"] = repeating_rows(form, "policies", ("version_date",))
    return data


def _anchors(errors: dict) -> dict:
    # Date errors link to the first box of their date input.
    return {
        key: f"{key}-day" for key in errors if key in DATE_FIELDS or key.endswith(("_start", "_end", "_date"))
    }


def _render_form(data: dict, errors: dict, *, system: dict | None = None, conflict: Conflict | None = None):
    action = request.form.get("action", "")
    if action == "add_cost":
        data["costs"].append({"period_start": {}, "period_end": {}})
    if action == "add_policy":
        data["policies"].append({"version_date": {}})
    status = 400 if errors or conflict else 200
    return render_template(
        "systems/form.html",
        data=data,
        # The list a row was just added to: focus goes to that row's first field.
        added={"add_cost": "costs", "add_policy": "policies"}.get(action, ""),
        errors=errors,
        summary=error_summary(errors, _anchors(errors)),
        system=system,
        conflict=conflict,
        # After a conflict the form carries the current version, so saving again (after reading
        # what the other person changed) is a deliberate overwrite.
        version=system["version"]
        if conflict
        else request.form.get("version", system["version"] if system else ""),
    ), status


@bp.get("")
@allow("read")
def index():
    listing = systems.listing(get_db(), actor(), request.args, per_page=PER_PAGE)
    kept = {key: request.args[key] for key in KEPT_ON_PAGES if request.args.get(key)}
    return render_template(
        "systems/index.html",
        can_edit=actor().may("edit_register"),
        pagination=pagination(
            listing["page"],
            listing["pages"],
            lambda number: url_for("systems.index", **kept, page=number),
            "Pages of systems",
        ),
        **listing,
    )


@bp.route("/new", methods=["GET", "POST"])
@allow("edit_register")
def new():
    if request.method == "GET":
        return _render_form({"costs": [], "policies": [], "marking": "OFFICIAL"}, {})
    data = _form_data()
    if request.form.get("action"):
        return _render_form(data, {})
    try:
        system_id = systems.create(get_db(), actor(), data)
    except Invalid as error:
        return _render_form(data, error.errors)
    flash(f"‘{data['name'].strip()}’ has been added to the register.", "success")
    return redirect(url_for("systems.show", system_id=system_id))


def _load(system_id: int) -> dict:
    return systems.get(get_db(), actor(), system_id)


@bp.get("/<int:system_id>")
@allow("read")
def show(system_id: int):
    system = _load(system_id)
    return render_template(
        "systems/show.html",
        system=system,
        can_edit=actor().may("edit_register"),
        can_start=actor().may("edit_assessments"),
        assessment_groups=assessments.for_system(get_db(), actor(), system_id),
        datasets=monitoring.datasets_for_system(get_db(), actor(), system_id),
        can_upload=actor().may("upload_monitoring"),
        panel=foi_pages.system_panel(get_db(), actor(), system),
        findings=compliance.for_system(get_db(), actor(), system_id),
        public_record=publications.state(get_db(), actor(), system_id),
    )


@bp.route("/<int:system_id>/edit", methods=["GET", "POST"])
@allow("edit_register")
def edit(system_id: int):
    system = _load(system_id)
    if request.method == "GET":
        return _render_form(systems.as_form_data(system), {}, system=system)
    data = _form_data()
    if request.form.get("action"):
        return _render_form(data, {}, system=system)
    try:
        version = int(request.form.get("version", ""))
    except ValueError:
        abort(400)
    try:
        systems.update(get_db(), actor(), system_id, data, version)
    except Invalid as error:
        return _render_form(data, error.errors, system=system)
    except Conflict as conflict:
        return _render_form(data, {}, system=system, conflict=conflict)
    flash("Your changes have been saved.", "success")
    return redirect(url_for("systems.show", system_id=system_id))


@bp.get("/<int:system_id>/history")
@allow("read")
def history(system_id: int):
    found = systems.history(get_db(), actor(), system_id)
    return render_template("systems/history.html", **found)
