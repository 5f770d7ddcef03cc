"""Assessments: start one, read a version, edit its details and sections, history and comparison."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from dpia import kinds
from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.services import systems
from dpia.services.assessments import compliance, pages
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports
from dpia.services.disclosure import pages as foi_pages
from dpia.views.forms import date_anchors, date_value, error_summary, first_field, section_input
from dpia.web import actor, allow, get_db

bp = Blueprint("assessments", __name__)

DETAIL_FIELDS = ("title", "reference", "owner", "marking")
DETAIL_DATES = ("started", "conducted")


def page_or_404(assessment_id: int, number: int | None = None) -> pages.VersionPage:
    """A version page, or a 404 for anything the actor may not see."""
    return pages.page(get_db(), actor(), assessment_id, number)


def not_now(found: pages.VersionPage, message: str):
    """A move the actor's role allows but the version's state does not: say why on the version's page."""
    flash(message, "info")
    return redirect(
        url_for(
            "assessments.show", assessment_id=found.version["assessment_id"], number=found.version["number"]
        )
    )


def _revision() -> int:
    try:
        return int(request.form.get("revision", ""))
    except ValueError:
        abort(400)


def gap_links(found, gaps) -> list[dict]:
    """Error summary items that take the user to the section where each gap is filled in."""
    items = []
    for key, message in gaps:
        question = key.split("-")[0]
        if question == "unplaced":
            href = url_for(
                "assessments.show",
                assessment_id=found.version["assessment_id"],
                number=found.version["number"],
            )
        elif question in found.kind.questions:
            section = found.kind.section_of(question)
            href = url_for(
                "assessments.section",
                assessment_id=found.version["assessment_id"],
                number=found.version["number"],
                section_key=section.key,
            )
        else:
            href = url_for(
                "assessments.details",
                assessment_id=found.version["assessment_id"],
                number=found.version["number"],
            )
        items.append({"text": message, "href": f"{href}#{key}"})
    return items


@bp.route("/systems/<int:system_id>/assessments/new", methods=["GET", "POST"])
@allow("edit_assessments")
def start(system_id: int):
    system = systems.get(get_db(), actor(), system_id)
    data = {key: request.form.get(key, "") for key in ("kind", *DETAIL_FIELDS)}
    data["kind"] = data["kind"] or request.args.get("kind", "")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            assessment_id = assessments.start(get_db(), actor(), system_id, data)
        except Invalid as error:
            errors = error.errors
        else:
            flash("The assessment has been started as a draft. Work through its sections below.", "success")
            return redirect(url_for("assessments.current", assessment_id=assessment_id))
    return render_template(
        "assessments/start.html",
        system=system,
        data=data,
        kinds=kinds.kinds(),
        errors=errors,
        summary=error_summary(errors),
    ), 400 if errors else 200


@bp.get("/assessments/<int:assessment_id>")
@allow("read")
def current(assessment_id: int):
    found = page_or_404(assessment_id)
    return redirect(url_for("assessments.show", assessment_id=assessment_id, number=found.version["number"]))


@bp.get("/assessments/<int:assessment_id>/versions/<int:number>")
@allow("read")
def show(assessment_id: int, number: int):
    found = page_or_404(assessment_id, number)
    panel = foi_pages.version_panel(get_db(), actor(), found.version, found.versions)
    findings = compliance.for_version(get_db(), actor(), assessment_id, found.version["number"])
    return render_template(
        "assessments/show.html",
        page=found,
        panel=panel,
        findings=findings,
        pdf_refusal=exports.pdf_refusal(current_app.config.get("LIBREOFFICE")),
        **gap_lists(found),
        **evidence_of(found),
    )


def evidence_of(found: pages.VersionPage) -> dict:
    """The version's evidence attachments, and whether the actor may add more."""
    from dpia.services.assessments import attachments

    return {
        "evidence": attachments.for_version(get_db(), actor(), found.version["id"]),
        "can_attach": actor().may("attach_evidence"),
    }


def gap_lists(found: pages.VersionPage) -> dict:
    """What is missing before review and before approval, each item linking to where it is filled in."""
    return {
        "review_gaps": gap_links(found, found.missing_for_review),
        "approval_gaps": gap_links(found, found.missing_for_approval),
    }


def _details_form(found: pages.VersionPage, data: dict, errors: dict, conflict: Conflict | None = None):
    anchors = {key: f"{key}-day" for key in DETAIL_DATES}
    return render_template(
        "assessments/details.html",
        page=found,
        data=data,
        errors=errors,
        summary=error_summary(errors, anchors),
        conflict=conflict,
        revision=found.version["revision"]
        if conflict
        else request.form.get("revision", found.version["revision"]),
    ), 400 if errors or conflict else 200


@bp.route("/assessments/<int:assessment_id>/versions/<int:number>/details", methods=["GET", "POST"])
@allow("edit_assessments")
def details(assessment_id: int, number: int):
    found = page_or_404(assessment_id, number)
    refusal = assessments.edit_refusal(found.version, actor(), None)
    if refusal:
        return not_now(found, str(refusal))
    if request.method == "GET":
        return _details_form(found, {**found.version}, {})
    data = {key: request.form.get(key, "") for key in DETAIL_FIELDS}
    data.update({key: date_value(request.form, key) for key in DETAIL_DATES})
    try:
        assessments.update_details(get_db(), actor(), assessment_id, number, data, _revision())
    except Invalid as error:
        return _details_form(found, data, error.errors)
    except Conflict as conflict:
        return _details_form(page_or_404(assessment_id, number), data, {}, conflict)
    except Forbidden as refused:
        return not_now(found, str(refused))
    flash("The details have been saved.", "success")
    return redirect(url_for("assessments.show", assessment_id=assessment_id, number=number))


def _section_form(
    found, section, values: dict, errors: dict, conflict: Conflict | None = None, focus: str = ""
):
    return render_template(
        "assessments/section.html",
        page=found,
        section=section,
        values=values,
        focus=focus,
        errors=errors,
        summary=error_summary(errors, date_anchors(section, errors)),
        conflict=conflict,
        revision=found.version["revision"]
        if conflict
        else request.form.get("revision", found.version["revision"]),
    ), 400 if errors or conflict else 200


def _add_row(section, values: dict) -> str:
    """The "Add a risk" buttons: one more blank row, nothing saved yet; the name of its first field."""
    action = request.form.get("action", "")
    key = action[4:] if action.startswith("add:") else ""
    # Only tables have an add button; any other posted action just shows the form again.
    if not isinstance(values.get(key), list):
        return ""
    values[key].append({})
    question = next(q for q in section.questions if q.key == key)
    return first_field(question, len(values[key]) - 1)


@bp.route(
    "/assessments/<int:assessment_id>/versions/<int:number>/sections/<section_key>", methods=["GET", "POST"]
)
@allow("sign_off")
def section(assessment_id: int, number: int, section_key: str):
    if request.method == "POST" and not request.form.get("action"):
        return _save_section(assessment_id, number, section_key)
    found = page_or_404(assessment_id, number)
    chosen = found.kind.section(section_key)
    if chosen is None:
        abort(404)
    refusal = assessments.edit_refusal(found.version, actor(), chosen)
    if refusal:
        return not_now(found, str(refusal))
    if request.method == "GET":
        return _section_form(found, chosen, assessments.section_values(found.version, chosen), {})
    values = section_input(chosen, request.form)
    return _section_form(found, chosen, values, {}, focus=_add_row(chosen, values))


def _save_section(assessment_id: int, number: int, section_key: str):
    """Save a section, loading the version once; only a refused save builds the whole page again."""
    posted: dict = {}

    def read(chosen) -> tuple[dict, int]:
        posted.update(section_input(chosen, request.form))
        return posted, _revision()

    try:
        saved = assessments.save_section(get_db(), actor(), assessment_id, number, section_key, read)
    except Invalid as error:
        found = page_or_404(assessment_id, number)
        return _section_form(found, found.kind.section(section_key), posted, error.errors)
    except Conflict as conflict:
        found = page_or_404(assessment_id, number)
        return _section_form(found, found.kind.section(section_key), posted, {}, conflict)
    except Forbidden as refused:
        return not_now(page_or_404(assessment_id, number), str(refused))
    return _after_save(assessment_id, number, saved)


def _after_save(assessment_id: int, number: int, saved: assessments.SavedSection):
    """Save and continue opens the next section's form; Save and return, or the last section, the task list.

    No fragment: the success banner sits at the top of the page, and a fragment would scroll it out of view.
    """
    task_list = url_for("assessments.show", assessment_id=assessment_id, number=number)
    if request.form.get("save") == "return":
        flash(f"‘{saved.section.title}’ has been saved.", "success")
        return redirect(task_list)
    if saved.following is None:
        flash(f"‘{saved.section.title}’ has been saved. That was the last section.", "success")
        return redirect(task_list)
    flash(f"‘{saved.section.title}’ has been saved.", "success")
    return redirect(
        url_for(
            "assessments.section",
            assessment_id=assessment_id,
            number=number,
            section_key=saved.following.key,
        )
    )


@bp.get("/assessments/<int:assessment_id>/history")
@allow("read")
def history(assessment_id: int):
    found = assessments.history(get_db(), actor(), assessment_id)
    return render_template("assessments/history.html", **found)


@bp.get("/assessments/<int:assessment_id>/compare")
@allow("read")
def compare(assessment_id: int):
    before = request.args.get("before", type=int)
    after = request.args.get("after", type=int)
    try:
        if before is None or after is None:
            found = assessments.history(get_db(), actor(), assessment_id)
            return render_template("assessments/compare.html", **found, comparison=None, error=None)
        found = assessments.compare(get_db(), actor(), assessment_id, before, after)
    except NotFound as missing:
        found = assessments.history(get_db(), actor(), assessment_id)
        return render_template("assessments/compare.html", **found, comparison=None, error=str(missing)), 400
    return render_template("assessments/compare.html", **found, error=None)
