"""FOI requests, their response packs, and the disclosure log."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from dpia.errors import Conflict, Forbidden, Invalid
from dpia.services import systems
from dpia.services.disclosure import exports, packs
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import pages as foi_pages
from dpia.services.disclosure import requests as foi
from dpia.views.disclosure.exports import download, options
from dpia.views.filters import date_parts
from dpia.views.forms import date_value, error_summary
from dpia.web import actor, allow, get_db, streamed

bp = Blueprint("foi", __name__, url_prefix="/foi")

TEXT_FIELDS = ("reference", "subject", "status", "notes")
DATES = ("received", "responded")


@bp.get("")
@allow("read")
def index():
    status = request.args.get("status", "")
    return render_template(
        "foi/index.html",
        requests=foi.listing(get_db(), actor(), status),
        status=status,
        can_manage=actor().may("manage_foi"),
    )


def _form_data() -> dict:
    data: dict = {key: request.form.get(key, "") for key in TEXT_FIELDS}
    data.update({key: date_value(request.form, key) for key in DATES})
    data["systems"] = request.form.getlist("systems")
    return data


def _stored_as_form(found: dict) -> dict:
    data = {key: found[key] or "" for key in TEXT_FIELDS}
    data.update({key: date_parts(found[key]) for key in DATES})
    data["systems"] = [str(s) for s in found["system_ids"]]
    return data


def _form(data: dict, errors: dict, found: dict | None = None, conflict: str = ""):
    register = systems.listing(get_db(), actor(), {})["systems"]
    return render_template(
        "foi/form.html",
        data=data,
        errors=errors,
        summary=error_summary(errors, {key: f"{key}-day" for key in DATES}),
        register=register,
        found=found,
        conflict=conflict,
        revision=found["revision"] if found else "",
    ), 400 if errors or conflict else 200


@bp.route("/new", methods=["GET", "POST"])
@allow("manage_foi")
def new():
    if request.method == "GET":
        empty = {"day": "", "month": "", "year": ""}
        return _form({"status": "open", "received": empty, "responded": empty, "systems": []}, {})
    data = _form_data()
    try:
        request_id = foi.create(get_db(), actor(), data)
    except Invalid as error:
        return _form(data, error.errors)
    flash(f"FOI request {data['reference'].strip()} has been recorded.", "success")
    return redirect(url_for("foi.show", request_id=request_id))


def _load(request_id: int) -> dict:
    return foi.get(get_db(), actor(), request_id)


@bp.route("/<int:request_id>/edit", methods=["GET", "POST"])
@allow("manage_foi")
def edit(request_id: int):
    found = _load(request_id)
    if request.method == "GET":
        return _form(_stored_as_form(found), {}, found)
    data = _form_data()
    try:
        revision = int(request.form.get("revision", ""))
    except ValueError:
        abort(400)
    try:
        foi.update(get_db(), actor(), request_id, data, revision)
    except Invalid as error:
        return _form(data, error.errors, found)
    except Conflict as conflict:
        return _form(data, {}, _load(request_id), str(conflict))
    flash("The request has been saved.", "success")
    return redirect(url_for("foi.show", request_id=request_id))


@bp.get("/<int:request_id>")
@allow("read")
def show(request_id: int):
    page = foi_pages.request_page(get_db(), actor(), request_id)
    return _show(page, {})


def _show(page: foi_pages.RequestPage, errors: dict, status: int = 200):
    return render_template(
        "foi/show.html",
        page=page,
        can_manage=actor().may("manage_foi"),
        can_disclose=actor().may("disclose"),
        errors=errors,
        summary=error_summary(errors, {"pack": "pack"}),
    ), status


@bp.post("/<int:request_id>/pack")
@allow("disclose")
def pack(request_id: int):
    _load(request_id)
    earlier = request.form.get("earlier") == "yes"
    reuse = request.form.get("reuse") == "yes"
    try:
        made = packs.build(get_db(), actor(), request_id, options(), earlier=earlier, reuse=reuse)
    except Invalid as error:
        return _show(foi_pages.request_page(get_db(), actor(), request_id), error.errors, 400)
    except (Forbidden, exports.ExportFailed) as refusal:
        return _show(foi_pages.request_page(get_db(), actor(), request_id), {"pack": str(refusal)}, 409)
    return download(made)


@bp.get("/log")
@allow("read_disclosure_log")
def log():
    return render_template("foi/log.html", entries=disclosure_log.entries(get_db(), actor()))


@bp.get("/log.csv")
@allow("read_disclosure_log")
def log_csv():
    who = actor()
    response = Response(streamed(lambda db: disclosure_log.export_csv(db, who)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="disclosure-log.csv"'
    return response
