"""FOI requests, their response packs, and the disclosure log."""

from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from dpia.errors import Conflict, Forbidden, Invalid, NotNow
from dpia.services.disclosure import checks, events, exports, packs, public_log, questions, scope
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import pages as foi_pages
from dpia.services.disclosure import requests as foi
from dpia.views.disclosure.exports import download, options
from dpia.views.filters import date_parts
from dpia.views.forms import date_value, error_summary
from dpia.vocab import FOI_OUTCOMES, REVIEW_OUTCOMES, Term
from dpia.web import actor, allow, get_db, streamed

bp = Blueprint("foi", __name__, url_prefix="/foi")

TEXT_FIELDS = ("reference", "subject", "status", "notes")
DATES = ("received", "responded", "as_at")


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
    # The form leaves the scope to its own step; a form that still posts systems sets them.
    if "systems" in request.form:
        data["systems"] = request.form.getlist("systems")
    return data


def _stored_as_form(found: dict) -> dict:
    data = {key: found[key] or "" for key in TEXT_FIELDS}
    data.update({key: date_parts(found[key]) for key in DATES})
    return data


def _form(data: dict, errors: dict, found: dict | None = None, conflict: str = ""):
    return render_template(
        "foi/form.html",
        data=data,
        errors=errors,
        summary=error_summary(errors, {key: f"{key}-day" for key in DATES}),
        found=found,
        conflict=conflict,
        revision=found["revision"] if found else "",
        hidden=len(foi.hidden_scope(get_db(), actor(), found)) if found else 0,
    ), 400 if errors or conflict else 200


@bp.route("/new", methods=["GET", "POST"])
@allow("manage_foi")
def new():
    if request.method == "GET":
        empty = {"day": "", "month": "", "year": ""}
        return _form({"status": "open", "received": empty, "responded": empty, "as_at": empty}, {})
    data = _form_data()
    try:
        request_id = foi.create(get_db(), actor(), data)
    except Invalid as error:
        return _form(data, error.errors)
    flash(
        f"FOI request {data['reference'].strip()} has been recorded. Now choose the systems in scope.",
        "success",
    )
    return redirect(url_for("scope.choose", request_id=request_id))


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
    page = foi_pages.request_page(get_db(), actor(), request_id, current_app.config.get("LIBREOFFICE"))
    return show_page(page, {})


# Where each error on the request page points: the pack, the NCND form, the letter's date.
PAGE_ANCHORS = {
    "pack": "pack",
    "system": "ncnd-system",
    "exemption": "ncnd-exemption",
    "date": "letter-date",
    "letter": "letter",
    "publication": "public-log",
    "subject": "public-subject",
    "files": "public-files",
    "reason": "public-withdraw-reason",
}


def show_page(page: foi_pages.RequestPage, errors: dict, status: int = 200):
    """The request page, with any errors from a form on it."""
    return render_template(
        "foi/show.html",
        page=page,
        can_manage=actor().may("manage_foi"),
        can_disclose=actor().may("disclose"),
        can_withhold=actor().may("withhold"),
        publication=(
            public_log.state(get_db(), actor(), page.request["id"])
            if actor().may("publish_responses")
            else None
        ),
        errors=errors,
        summary=error_summary(errors, PAGE_ANCHORS),
    ), status


@bp.post("/<int:request_id>/publication")
@allow("publish_responses")
def publish(request_id: int):
    _load(request_id)
    try:
        public_log.publish(
            get_db(), actor(), request_id, request.form.get("subject", ""), request.form.getlist("files")
        )
    except Invalid as error:
        page = foi_pages.request_page(get_db(), actor(), request_id, current_app.config.get("LIBREOFFICE"))
        return show_page(page, error.errors, 400)
    flash("Published the response in the public disclosure log", "success")
    return redirect(url_for("foi.show", request_id=request_id) + "#public-log")


@bp.post("/<int:request_id>/publication/withdraw")
@allow("publish_responses")
def withdraw_publication(request_id: int):
    _load(request_id)
    try:
        public_log.withdraw(get_db(), actor(), request_id, request.form.get("reason", ""))
    except Invalid as error:
        page = foi_pages.request_page(get_db(), actor(), request_id, current_app.config.get("LIBREOFFICE"))
        return show_page(page, error.errors, 400)
    flash("Withdrew the response from the public disclosure log", "success")
    return redirect(url_for("foi.show", request_id=request_id) + "#public-log")


@bp.post("/<int:request_id>/pack")
@allow("disclose")
def pack(request_id: int):
    _load(request_id)
    earlier = request.form.get("earlier") == "yes"
    reuse = request.form.get("reuse") == "yes"
    pdfs = request.form.get("pdfs") == "yes"
    published = request.form.get("published") == "yes"
    try:
        made = packs.build(
            get_db(),
            actor(),
            request_id,
            options(),
            earlier=earlier,
            reuse=reuse,
            pdfs=pdfs,
            published=published,
        )
    except Invalid as error:
        return show_page(
            foi_pages.request_page(get_db(), actor(), request_id, current_app.config.get("LIBREOFFICE")),
            error.errors,
            400,
        )
    except (Forbidden, exports.ExportFailed) as refusal:
        return show_page(
            foi_pages.request_page(get_db(), actor(), request_id, current_app.config.get("LIBREOFFICE")),
            {"pack": str(refusal)},
            409,
        )
    return download(made)


@bp.get("/<int:request_id>/withheld")
@allow("disclose")
def check(request_id: int):
    found = _load(request_id)
    earlier = request.args.get("earlier") == "yes"
    try:
        result = checks.check(get_db(), actor(), request_id, options(), earlier=earlier)
    except (Invalid, exports.ExportFailed) as refusal:
        problems = list(refusal.errors.values()) if isinstance(refusal, Invalid) else [str(refusal)]
        return render_template("foi/check.html", found=found, result=None, problems=problems, earlier=earlier)
    return render_template("foi/check.html", found=found, result=result, problems=[], earlier=earlier)


@dataclass(frozen=True)
class StepForm:
    """The words and fields of the form for one step of a request's history."""

    title: str
    day: str
    day_hint: str
    button: str
    outcomes: tuple[Term, ...] = ()
    extension: bool = False


STEP_FORMS = {
    "seek_clarification": StepForm(
        "Record that clarification was sought",
        "Date clarification was sought",
        "The clock stops on this day until the requester answers (FOIA section 1(3)).",
        "Record and stop the clock",
    ),
    "receive_clarification": StepForm(
        "Record the clarification received",
        "Date clarification was received",
        "A fresh 20 working days start from this day (FOIA section 10(6)).",
        "Record and restart the clock",
    ),
    "extend": StepForm(
        "Extend for the public interest test",
        "Date the requester was told",
        "Section 17(2) expects this within the 20 working days, with an estimate of the new date.",
        "Extend",
        extension=True,
    ),
    "close": StepForm(
        "Close the request with its outcome",
        "Date closed",
        "If the response has not been recorded yet, this is the date it was sent.",
        "Close the request",
        outcomes=FOI_OUTCOMES,
    ),
    "request_review": StepForm(
        "Record a request for internal review",
        "Date the review was requested",
        "The review has its own clock: aim to finish within 20 working days, and never take more than 40.",
        "Open the review",
    ),
    "close_review": StepForm(
        "Close the internal review with its outcome",
        "Date the review was closed",
        "The date the requester was sent the review's outcome.",
        "Close the review",
        outcomes=REVIEW_OUTCOMES,
    ),
}
STEP_DATES = ("day", "new_due")


def _step_name(slug: str) -> str:
    name = slug.replace("-", "_")
    if name not in STEP_FORMS:
        abort(404)
    return name


def _step_form(found: dict, name: str, data: dict, errors: dict, refusal: str = ""):
    anchors = {key: f"{key}-day" for key in STEP_DATES}
    summary = error_summary(errors, anchors) + ([{"text": refusal, "href": "#step"}] if refusal else [])
    return render_template(
        "foi/step.html",
        found=found,
        name=name,
        form=STEP_FORMS[name],
        data=data,
        errors=errors,
        summary=summary,
    ), 409 if refusal else (400 if errors else 200)


@bp.route("/<int:request_id>/record/<slug>", methods=["GET", "POST"])
@allow("manage_foi")
def step(request_id: int, slug: str):
    name, found = _step_name(slug), _load(request_id)
    if request.method == "GET":
        empty = {"day": "", "month": "", "year": ""}
        return _step_form(found, name, {"day": empty, "new_due": empty, "outcome": "", "reason": ""}, {})
    data = {key: date_value(request.form, key) for key in STEP_DATES}
    data.update(outcome=request.form.get("outcome", ""), reason=request.form.get("reason", ""))
    try:
        revision = int(request.form.get("revision", ""))
    except ValueError:
        abort(400)
    try:
        done = events.record(get_db(), actor(), request_id, name, data, revision)
    except Invalid as error:
        return _step_form(found, name, data, error.errors)
    except (NotNow, Conflict) as refusal:
        return _step_form(_load(request_id), name, data, {}, str(refusal))
    flash(done.message, "success")
    for warning in done.warnings:
        flash(warning, "warning")
    return redirect(url_for("foi.show", request_id=request_id, _anchor="history"))


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


def _scope_form() -> dict:
    return {
        "scope": request.form.get("scope", "none"),
        "categories": request.form.getlist("categories"),
        "systems": request.form.getlist("systems"),
    }


def _paste_page(request_id: int, data: dict, errors: dict, preview: questions.Preview | None = None):
    return render_template(
        "foi/questions_paste.html",
        found=_load(request_id),
        data=data,
        errors=errors,
        summary=error_summary(errors, {"scope": "scope", "categories": "categories", "systems": "systems"}),
        register=scope.question_choices(get_db(), actor(), request_id, data.get("systems")),
        preview=preview,
    ), 400 if errors else 200


@bp.route("/<int:request_id>/questions/paste", methods=["GET", "POST"])
@allow("manage_foi")
def questions_paste(request_id: int):
    if request.method == "GET":
        return _paste_page(
            request_id, {"pasted": "", "scope": "categories", "categories": [], "systems": []}, {}
        )
    data = {"pasted": request.form.get("pasted", ""), **_scope_form()}
    try:
        if request.form.get("confirm") != "yes":
            return _paste_page(request_id, data, {}, questions.preview(get_db(), actor(), request_id, data))
        added = questions.add_pasted(get_db(), actor(), request_id, data)
    except Invalid as error:
        return _paste_page(request_id, data, error.errors)
    flash(
        f"{added} question{'s' if added != 1 else ''} added: confirm or change the fact answering each.",
        "success",
    )
    return redirect(url_for("foi.show", request_id=request_id, _anchor="questions"))


# What the question form posts: the question, what answers it, and how it is answered.
QUESTION_FIELDS = (
    "number",
    "text",
    "fact",
    "answer",
    "disposition",
    "ncnd_exemption",
    "exemption",
    "other",
    "subsection",
    "detail",
)


def _question_page(request_id: int, question: dict, data: dict, errors: dict, conflict: str = ""):
    return render_template(
        "foi/question_form.html",
        found=_load(request_id),
        question=question,
        data=data,
        errors=errors,
        summary=error_summary(errors) + ([{"text": conflict, "href": "#number"}] if conflict else []),
        register=scope.question_choices(get_db(), actor(), request_id, data.get("systems")),
    ), 409 if conflict else (400 if errors else 200)


def _revision() -> int:
    try:
        return int(request.form.get("revision", ""))
    except ValueError:
        abort(400)


@bp.route("/<int:request_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@allow("manage_foi")
def question_edit(request_id: int, question_id: int):
    question = questions.get(get_db(), actor(), request_id, question_id)
    if request.method == "GET":
        data = {**question, "systems": [str(s) for s in question["system_ids"]]}
        if question["disposition"] == "ncnd":
            data.update(ncnd_exemption=question["exemption"], exemption="")
        return _question_page(request_id, question, data, {})
    data = {key: request.form.get(key, "") for key in QUESTION_FIELDS} | _scope_form()
    try:
        questions.update(get_db(), actor(), question_id, data, _revision())
    except Invalid as error:
        return _question_page(request_id, question, data, error.errors)
    except Conflict as conflict:
        fresh = questions.get(get_db(), actor(), request_id, question_id)
        return _question_page(request_id, fresh, data, {}, str(conflict))
    flash(f"Question {data['number'].strip()} has been saved.", "success")
    return redirect(url_for("foi.show", request_id=request_id, _anchor="questions"))


@bp.post("/<int:request_id>/questions/<int:question_id>/delete")
@allow("manage_foi")
def question_delete(request_id: int, question_id: int):
    question = questions.get(get_db(), actor(), request_id, question_id)
    try:
        questions.delete(get_db(), actor(), question_id, _revision())
    except Conflict as conflict:
        data = {**question, "systems": [str(s) for s in question["system_ids"]]}
        return _question_page(request_id, question, data, {}, str(conflict))
    flash(f"Question {question['number']} has been deleted.", "success")
    return redirect(url_for("foi.show", request_id=request_id, _anchor="questions"))


@bp.post("/<int:request_id>/questions/<int:question_id>/move")
@allow("manage_foi")
def question_move(request_id: int, question_id: int):
    questions.get(get_db(), actor(), request_id, question_id)
    direction = request.form.get("direction", "")
    if direction not in ("up", "down"):
        abort(400)
    questions.move(get_db(), actor(), question_id, direction)
    return redirect(url_for("foi.show", request_id=request_id, _anchor=f"question-{question_id}"))
