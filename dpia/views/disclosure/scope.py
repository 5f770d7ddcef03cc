"""The scope step of an FOI request: add categories, take systems out, find systems by name and add them."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from dpia.errors import Invalid
from dpia.services.disclosure import scope
from dpia.views.forms import error_summary
from dpia.views.paging import pagination
from dpia.web import actor, allow, get_db

bp = Blueprint("scope", __name__, url_prefix="/foi")


def _number(value: str | None) -> int:
    try:
        return int(str(value or "1")[:6])
    except ValueError:
        return 1


def _page(request_id: int, errors: dict, status: int = 200):
    number, words = _number(request.values.get("page")), request.values.get("q", "")
    found = scope.page(get_db(), actor(), request_id, number, words)

    def link(n: int) -> str:
        return url_for(
            "scope.choose", request_id=request_id, page=n, q=found["words"] or None, _anchor="chosen"
        )

    return render_template(
        "foi/scope.html",
        page=found,
        errors=errors,
        summary=error_summary(errors, {"categories": "categories", "system": "chosen"}),
        pagination=pagination(found["page_number"], found["pages"], link, "Pages of systems in scope"),
    ), status


@bp.get("/<int:request_id>/scope")
@allow("manage_foi")
def choose(request_id: int):
    return _page(request_id, {})


def _back(request_id: int, anchor: str):
    page, words = request.form.get("page") or None, request.form.get("q") or None
    return redirect(url_for("scope.choose", request_id=request_id, page=page, q=words, _anchor=anchor))


@bp.post("/<int:request_id>/scope/categories")
@allow("manage_foi")
def add_categories(request_id: int):
    try:
        added = scope.add_categories(get_db(), actor(), request_id, request.form.getlist("categories"))
    except Invalid as error:
        return _page(request_id, error.errors, 400)
    flash(f"{added} system{'s' if added != 1 else ''} added to the scope.", "success")
    return _back(request_id, "chosen")


@bp.post("/<int:request_id>/scope/add")
@allow("manage_foi")
def add(request_id: int):
    try:
        name = scope.add_system(get_db(), actor(), request_id, request.form.get("system"))
    except Invalid as error:
        return _page(request_id, error.errors, 400)
    flash(f"{name} is in scope.", "success")
    return _back(request_id, "find")


@bp.post("/<int:request_id>/scope/remove")
@allow("manage_foi")
def remove(request_id: int):
    try:
        name = scope.remove_system(get_db(), actor(), request_id, request.form.get("system"))
    except Invalid as error:
        return _page(request_id, error.errors, 400)
    flash(f"{name} is no longer in scope.", "success")
    return _back(request_id, "chosen")
