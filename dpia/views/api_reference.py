"""The API's readable reference page, generated from the same declarations as the OpenAPI document."""

from flask import Blueprint, render_template

from dpia.views.api.openapi import document
from dpia.web import allow

bp = Blueprint("api_reference", __name__)


@bp.get("/api/reference")
@allow("read")
def reference():
    return render_template("api/reference.html", doc=document())
