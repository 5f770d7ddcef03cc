"""The start page and the health check."""

from flask import Blueprint, redirect, url_for

from dpia.permissions import PUBLIC
from dpia.web import allow

bp = Blueprint("main", __name__)


@bp.get("/")
@allow("read")
def home():
    return redirect(url_for("systems.index"))


@bp.get("/healthz")
@allow(PUBLIC)
def health():
    return {"status": "ok"}
