"""The refusal side of a response: each exemption's reason for one request, and systems neither confirmed
nor denied; and the response letter itself."""

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from dpia.domain import exemptions as rules
from dpia.errors import Conflict, Invalid
from dpia.services.disclosure import exports, packs, refusals
from dpia.services.disclosure import pages as foi_pages
from dpia.services.disclosure import requests as foi
from dpia.views.disclosure.exports import download, options
from dpia.views.disclosure.requests import show_page
from dpia.views.forms import error_summary
from dpia.web import actor, allow, get_db

# The words of a reason, as the form posts them.
TEXTS = ("why", "harm", "favour", "against", "balance")

bp = Blueprint("refusals", __name__, url_prefix="/foi")


def _reason_page(request_id: int, key: str, data: dict, errors: dict, conflict: str = ""):
    exemption, other = refusals.split_key(key)
    found = foi.get(get_db(), actor(), request_id)
    return render_template(
        "foi/reason_form.html",
        found=found,
        key=key,
        data=data,
        title=rules.title(exemption, other or data.get("other", "")),
        needs_harm=rules.needs_harm(exemption),
        # Another exemption is qualified or not as the officer says; the listed ones are fixed by law.
        ask_qualified=exemption not in rules.RULES,
        qualified=rules.is_qualified(exemption, data.get("qualified") in ("yes", 1, True)),
        errors=errors,
        summary=error_summary(errors) + ([{"text": conflict, "href": "#why"}] if conflict else []),
    ), 409 if conflict else (400 if errors else 200)


@bp.route("/<int:request_id>/reasons/<path:exemption>", methods=["GET", "POST"])
@allow("manage_foi")
def reason(request_id: int, exemption: str):
    if request.method == "GET":
        offered = refusals.offer(get_db(), actor(), request_id, exemption)
        data = {**offered, "qualified": "yes" if offered.get("qualified") else "no"}
        return _reason_page(request_id, exemption, data, {})
    data = {key: request.form.get(key, "") for key in (*TEXTS, "qualified", "started_from", "source")}
    revision = request.form.get("revision", "")
    data["revision"] = revision
    try:
        refusals.save(get_db(), actor(), request_id, exemption, data, int(revision) if revision else None)
    except ValueError:
        abort(400)
    except Invalid as error:
        return _reason_page(request_id, exemption, data, error.errors)
    except Conflict as conflict:
        fresh = refusals.offer(get_db(), actor(), request_id, exemption)
        return _reason_page(request_id, exemption, {**data, "revision": fresh["revision"]}, {}, str(conflict))
    exemption_name, other = refusals.split_key(exemption)
    flash(f"The reason for {rules.title(exemption_name, other)} has been saved.", "success")
    return redirect(url_for("foi.show", request_id=request_id, _anchor="exemptions"))


def _show_with(request_id: int, errors: dict, status: int):
    return show_page(
        foi_pages.request_page(get_db(), actor(), request_id, current_app.config.get("LIBREOFFICE")),
        errors,
        status,
    )


@bp.post("/<int:request_id>/ncnd")
@allow("manage_foi")
def ncnd_add(request_id: int):
    data = {"system": request.form.get("system", ""), "exemption": request.form.get("exemption", "")}
    try:
        refusals.neither_confirm_nor_deny(get_db(), actor(), request_id, data)
    except Invalid as error:
        return _show_with(request_id, error.errors, 400)
    flash("That system is now neither confirmed nor denied: nothing about it is in the response.", "success")
    return redirect(url_for("foi.show", request_id=request_id, _anchor="ncnd"))


@bp.post("/<int:request_id>/ncnd/<int:system_id>/remove")
@allow("manage_foi")
def ncnd_remove(request_id: int, system_id: int):
    refusals.answer_again(get_db(), actor(), request_id, system_id)
    flash("That system is answered again like any other.", "success")
    return redirect(url_for("foi.show", request_id=request_id, _anchor="ncnd"))


def _letter_date() -> date | None:
    """The date asked for, None for the usual one; Invalid when the boxes do not make a date."""
    parts = [request.args.get(f"date-{box}", "").strip() for box in ("day", "month", "year")]
    if not any(parts):
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        raise Invalid({"date": "Enter the letter's date as a real date, for example 14 6 2022"}) from None


@bp.get("/<int:request_id>/letter")
@allow("disclose")
def letter(request_id: int):
    try:
        made = packs.response_letter(get_db(), actor(), request_id, options(), _letter_date())
    except Invalid as error:
        return _show_with(request_id, error.errors, 400)
    except exports.ExportFailed as failure:
        return _show_with(request_id, {"letter": str(failure)}, 409)
    return download(made)
