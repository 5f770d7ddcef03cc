"""Word downloads: internal copies, disclosure copies and the disclosure form that names the request."""

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, url_for

from dpia.errors import Forbidden, Invalid
from dpia.services import systems
from dpia.services.disclosure import exports, register_exports
from dpia.services.disclosure import requests as foi
from dpia.views.assessments.versions import page_or_404
from dpia.views.forms import error_summary
from dpia.web import actor, allow, get_db

bp = Blueprint("exports", __name__)
NO_REQUEST = "none"


def options() -> exports.Options:
    """This installation's export options: instance/reference.docx when present, and LibreOffice."""
    return exports.options(
        get_db(), Path(current_app.instance_path) / "reference.docx", current_app.config.get("LIBREOFFICE")
    )


def as_pdf() -> bool:
    """Whether the PDF made from the Word copy is asked for (?format=pdf) rather than the Word copy."""
    return request.args.get("format") == "pdf"


def download(found: exports.Export) -> Response:
    """A file download; the name is built from references, never from input used as a path."""
    response = Response(found.content, mimetype=found.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{exports.file_name(found.filename)}"'
    return response


def _disclose_form(title: str, back: str, caption: str, errors: dict, status: int = 200, pdf: bool = False):
    requests = foi.listing(get_db(), actor())
    chosen = request.form.get("request") or request.args.get("request", "")
    return render_template(
        "exports/disclose.html",
        title=title,
        back=back,
        caption=caption,
        pdf=pdf,
        requests=requests,
        chosen=chosen,
        no_request=NO_REQUEST,
        errors=errors,
        summary=error_summary(errors, {"marks": "request", "export": "request"}),
    ), status


def _chosen_request() -> str | None:
    value = request.form.get("request", "")
    if not value:
        raise Invalid({"request": "Choose the FOI request this copy answers, or say there is none"})
    return None if value == NO_REQUEST else value


@bp.get("/assessments/<int:assessment_id>/versions/<int:number>/export")
@allow("export")
def assessment_internal(assessment_id: int, number: int):
    try:
        made = exports.internal_assessment(get_db(), actor(), assessment_id, number, options(), as_pdf())
    except exports.PdfUnavailable as error:
        return _failed(str(error), "The PDF copy could not be made", 503)
    except (Forbidden, Invalid, exports.ExportFailed) as error:
        return _failed(str(error))
    return download(made)


@bp.route("/assessments/<int:assessment_id>/versions/<int:number>/disclose", methods=["GET", "POST"])
@allow("disclose")
def assessment_disclosure(assessment_id: int, number: int):
    found = page_or_404(assessment_id, number)
    version = found.version
    back = url_for("assessments.show", assessment_id=assessment_id, number=number)
    caption = f"{version['reference']} version {number}: {version['title']}"
    pdf = as_pdf()
    title = "Make a disclosure copy as a PDF" if pdf else "Make a disclosure copy"
    if request.method == "GET":
        return _disclose_form(title, back, caption, {}, pdf=pdf)
    try:
        made = exports.disclosure_assessment(
            get_db(), actor(), assessment_id, number, _chosen_request(), options(), pdf
        )
    except Invalid as error:
        return _disclose_form(title, back, caption, error.errors, 400, pdf)
    except exports.PdfUnavailable as error:
        return _disclose_form(title, back, caption, {"export": str(error)}, 503, pdf)
    except (Forbidden, exports.ExportFailed) as error:
        return _disclose_form(title, back, caption, {"export": str(error)}, 409, pdf)
    return download(made)


@bp.get("/systems/<int:system_id>/export")
@allow("export")
def register_internal(system_id: int):
    try:
        return download(register_exports.internal_register(get_db(), actor(), system_id, options()))
    except (Forbidden, Invalid, exports.ExportFailed) as error:
        return _failed(str(error))


@bp.route("/systems/<int:system_id>/disclose", methods=["GET", "POST"])
@allow("disclose")
def register_disclosure(system_id: int):
    system = systems.get(get_db(), actor(), system_id)
    back = url_for("systems.show", system_id=system_id)
    title = "Make a disclosure copy of the register entry"
    if request.method == "GET":
        return _disclose_form(title, back, system["name"], {})
    try:
        made = register_exports.disclosure_register(
            get_db(), actor(), system_id, _chosen_request(), options()
        )
    except Invalid as error:
        return _disclose_form(title, back, system["name"], error.errors, 400)
    except (Forbidden, exports.ExportFailed) as error:
        return _disclose_form(title, back, system["name"], {"export": str(error)}, 409)
    return download(made)


def _failed(message: str, title: str = "The document could not be made", code: int = 409):
    return render_template("errors/error.html", title=title, advice=message, code=code), code
