"""Publishing a system's public record: the choice, the preview, the history, withdrawing."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from dpia.domain import publications as rules
from dpia.errors import Invalid
from dpia.services.publications import pages, publishing
from dpia.views.disclosure.exports import download, options
from dpia.views.forms import error_summary
from dpia.web import actor, allow, get_db

bp = Blueprint("publications", __name__, url_prefix="/systems/<int:system_id>")


def _choice() -> publishing.Choice:
    """The posted choice; a dataset that is not a number is refused by name."""
    form = request.form
    datasets = []
    for value in form.getlist("datasets"):
        if not (value.isascii() and value.isdigit() and len(value) < 18):
            raise Invalid({"datasets": f"‘{value[:20]}’ is not a monitoring dataset of this system"})
        datasets.append(int(value))
    revision = form.get("revision", "")
    return publishing.Choice(
        fields=tuple(form.getlist("fields")),
        atrs=form.get("atrs") == "yes",
        datasets=tuple(datasets),
        summary=" ".join(form.get("summary", "").split()),
        revision=int(revision) if revision.isdigit() and len(revision) < 18 else None,
    )


def _form(system_id: int, choice: publishing.Choice | None, errors: dict, status: int = 200):
    found = pages.options(get_db(), actor(), system_id)
    if choice is None:
        chosen = found["chosen"] or list(rules.CHOSEN[:6])
        choice = publishing.Choice(tuple(chosen), False, (), "", found["system"]["version"])
    return render_template(
        "publications/publish.html",
        **found,
        choice=choice,
        errors=errors,
        summary=error_summary(errors),
    ), status


@bp.route("/publish", methods=["GET", "POST"])
@allow("publish")
def publish(system_id: int):
    if request.method == "GET":
        return _form(system_id, None, {})
    try:
        choice = _choice()
    except Invalid as error:
        return _form(system_id, None, error.errors, 400)
    if request.form.get("action") == "publish":
        try:
            publication_id = publishing.publish(get_db(), actor(), system_id, choice, options())
        except Invalid:
            return _preview(system_id, choice, 400)
        found = pages.published(get_db(), publication_id)
        flash(
            f"Version {found['number']} of the public record is published at {pages.public_address(found)}",
            "success",
        )
        return redirect(url_for("publications.history", system_id=system_id))
    if request.form.get("action") == "change":
        return _form(system_id, choice, {})
    return _preview(system_id, choice)


def _preview(system_id: int, choice: publishing.Choice, status: int = 200):
    prepared = publishing.preview(get_db(), actor(), system_id, choice, options())
    return render_template(
        "publications/preview.html",
        system=prepared.system,
        prepared=prepared,
        choice=choice,
    ), (status if not prepared.refusals else 400)


@bp.get("/publications")
@allow("read")
def history(system_id: int):
    system, found = pages.history(get_db(), actor(), system_id)
    state = pages.state(get_db(), actor(), system_id)
    return render_template("publications/history.html", system=system, publications=found, state=state)


@bp.get("/publications/<int:number>/files/<filename>")
@allow("read")
def file(system_id: int, number: int, filename: str):
    return download(pages.file(get_db(), actor(), system_id, number, filename))


@bp.route("/publications/withdraw", methods=["GET", "POST"])
@allow("publish")
def withdraw(system_id: int):
    state = pages.state(get_db(), actor(), system_id)
    system, _ = pages.history(get_db(), actor(), system_id)
    errors: dict = {}
    if request.method == "POST":
        try:
            publishing.withdraw(get_db(), actor(), system_id, request.form.get("reason", ""))
        except Invalid as error:
            errors = error.errors
        else:
            flash("The public record has been withdrawn. Its history is kept below.", "success")
            return redirect(url_for("publications.history", system_id=system_id))
    return render_template(
        "publications/withdraw.html",
        system=system,
        state=state,
        errors=errors,
        summary=error_summary(errors),
        reason=request.form.get("reason", ""),
    ), (400 if errors else 200)
