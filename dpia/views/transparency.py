"""The public transparency pages under /transparency/: read-only, without sign-in, only what was published."""

import re

from flask import Blueprint, Response, current_app, redirect, render_template, url_for

from dpia.permissions import PUBLIC
from dpia.services import transparency
from dpia.web import allow, get_db

bp = Blueprint("transparency", __name__, url_prefix="/transparency")
# Published pages change only when someone publishes: caches may keep them a few minutes, so a withdrawal
# reaches readers soon.
CACHE = "public, max-age=300"
# Stored names are made safe when published; this keeps the header safe whatever a row holds.
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _page(template: str, **context) -> Response:
    # The read-only public process has no sign-in page to link to.
    sign_in = url_for("auth.sign_in") if "auth.sign_in" in current_app.view_functions else None
    response = Response(render_template(f"transparency/{template}", staff_sign_in=sign_in, **context))
    response.headers["Cache-Control"] = CACHE
    return response


def _download(found: tuple[dict, bytes]) -> Response:
    file, content = found
    response = Response(content, mimetype=file["media_type"])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{_UNSAFE.sub("_", file["path"]) or "download"}"'
    )
    response.headers["Cache-Control"] = CACHE
    # A published file is never run by the browser, whatever its type.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _base() -> str:
    return transparency.base_address(get_db(), url_for("transparency.index", _external=True))


@bp.get("/")
@allow(PUBLIC)
def index():
    return _page("index.html", **transparency.index(get_db()))


@bp.get("/systems/<system_slug>/")
@allow(PUBLIC)
def system(system_slug: str):
    return _page("system.html", **transparency.system(get_db(), system_slug))


@bp.get("/systems/<system_slug>/atrs")
@allow(PUBLIC)
def atrs(system_slug: str):
    return _page("atrs.html", **transparency.atrs_record(get_db(), system_slug))


@bp.get("/systems/<system_slug>/files/<file_name>")
@allow(PUBLIC)
def system_file(system_slug: str, file_name: str):
    return _download(transparency.system_file(get_db(), system_slug, file_name))


@bp.get("/disclosure-log/")
@allow(PUBLIC)
def disclosure_log():
    return _page("log.html", responses=transparency.disclosure_log(get_db()))


@bp.get("/disclosure-log/<int:response_id>/")
@allow(PUBLIC)
def response(response_id: int):
    return _page("response.html", response=transparency.response(get_db(), response_id))


@bp.get("/disclosure-log/<int:response_id>/files/<file_name>")
@allow(PUBLIC)
def response_file(response_id: int, file_name: str):
    return _download(transparency.response_file(get_db(), response_id, file_name))


@bp.get("/disclosure-log.csv")
@allow(PUBLIC)
def disclosure_log_csv():
    content = transparency.disclosure_log_csv(get_db(), _base())
    response = Response(content, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="disclosure-log.csv"'
    response.headers["Cache-Control"] = CACHE
    return response


@bp.get("/feed.atom")
@allow(PUBLIC)
def feed():
    response = Response(transparency.feed(get_db(), _base()), mimetype="application/atom+xml")
    response.headers["Cache-Control"] = CACHE
    return response


@allow(PUBLIC)
def public_root():
    """The public pages' own process sends its bare address to the pages (registered by create_public_app)."""
    return redirect(url_for("transparency.index"))
