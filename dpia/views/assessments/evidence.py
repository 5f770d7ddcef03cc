"""Evidence attached to assessment versions: the upload form and safe downloads."""

import re
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for

from dpia.errors import Invalid, Refused
from dpia.services.assessments import attachments
from dpia.views.assessments.versions import page_or_404
from dpia.views.forms import error_summary
from dpia.web import actor, allow, get_db

bp = Blueprint("evidence", __name__)

# Uploaded files are never run or rendered by the browser: no scripts, no styles, a sandbox.
DOWNLOAD_CSP = "default-src 'none'; sandbox"
_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()-]")


def storage() -> attachments.Storage:
    """Where uploads live and how large they may be, from configuration."""
    return attachments.Storage(
        instance=Path(current_app.instance_path),
        max_bytes=int(current_app.config["ATTACHMENT_MAX_MB"]) * 1024 * 1024,
    )


def read_upload(field: str = "file") -> tuple[str | None, bytes]:
    """The uploaded file's name and bytes, read no further than the limit allows."""
    upload = request.files.get(field)
    if upload is None or not upload.filename:
        return None, b""
    return upload.filename, upload.read(storage().max_bytes + 1)


def content_disposition(name: str) -> str:
    """An attachment header with an ASCII fallback name and the exact name in RFC 6266's filename*."""
    fallback = _UNSAFE.sub("_", name)[:150] or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@bp.route("/assessments/<int:assessment_id>/versions/<int:number>/evidence/new", methods=["GET", "POST"])
@allow("attach_evidence")
def attach(assessment_id: int, number: int):
    found = page_or_404(assessment_id, number)
    errors: dict[str, str] = {}
    description = request.form.get("description", "")
    if request.method == "POST":
        filename, data = read_upload()
        try:
            if filename is None:
                raise Refused("Choose a file to attach")
            attachments.add(get_db(), actor(), storage(), assessment_id, number, filename, data, description)
        except Refused as refused:
            errors = {"file": str(refused)}
        except Invalid as error:
            errors = error.errors
        else:
            flash(f"‘{filename}’ has been attached as evidence.", "success")
            url = url_for("assessments.show", assessment_id=assessment_id, number=number)
            return redirect(url + "#attachments")
    return render_template(
        "assessments/attach.html",
        page=found,
        description=description,
        errors=errors,
        summary=error_summary(errors),
        max_mb=current_app.config["ATTACHMENT_MAX_MB"],
    ), 400 if errors else 200


@bp.get("/evidence/<int:attachment_id>")
@allow("read")
def download(attachment_id: int):
    found = attachments.download(get_db(), actor(), storage(), attachment_id)
    response = send_file(found.path, mimetype=found.content_type, conditional=False, etag=False, max_age=0)
    response.headers["Content-Disposition"] = content_disposition(found.name)
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    return response
