"""The start page and the health check."""

from flask import Blueprint, redirect, url_for

from dpia.permissions import PUBLIC
from dpia.services.accounts.system_info import health as server_health
from dpia.web import allow, get_db, search_index

bp = Blueprint("main", __name__)


@bp.get("/")
@allow("read")
def home():
    return redirect(url_for("systems.index"))


@bp.get("/healthz")
@allow(PUBLIC)
def health():
    report, serving = server_health(get_db, search_index())
    return report, 200 if serving else 503, {"Cache-Control": "no-store"}
