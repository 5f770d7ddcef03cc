"""The register-wide Compliance page and its CSV."""

from datetime import datetime

from flask import Blueprint, Response, redirect, render_template, request, url_for

from dpia.domain.compliance import CHECKS, SEVERITIES
from dpia.errors import Invalid
from dpia.services.assessments import compliance
from dpia.views.filters import LONDON
from dpia.views.forms import error_summary
from dpia.vocab import CATEGORIES
from dpia.web import actor, allow, get_db

bp = Blueprint("compliance", __name__)


def _items(pairs, chosen: str) -> list[dict]:
    return [{"value": value, "text": text, "selected": value == chosen} for value, text in pairs]


@bp.get("/compliance")
@allow("read_compliance")
def index():
    asked = {name: request.args.get(name, "") for name in compliance.FILTERS}
    errors = {}
    try:
        found = compliance.findings(get_db(), actor(), asked)
    except Invalid as error:
        found, errors = [], error.errors
    return render_template(
        "compliance/index.html",
        found=found,
        counts=compliance.counts(found),
        filtered=any(asked.values()),
        errors=errors,
        summary=error_summary(errors),
        severity_items=_items(((s, s.capitalize()) for s in SEVERITIES), asked["severity"]),
        check_items=_items(((c.key, c.title) for c in CHECKS), asked["check"]),
        category_items=_items(((t.value, t.label) for t in CATEGORIES), asked["category"]),
        csv_url=url_for("compliance.download", **{k: v for k, v in asked.items() if v}),
    ), 400 if errors else 200


@bp.get("/compliance.csv")
@allow("read_compliance")
def download():
    asked = {name: request.args.get(name, "") for name in compliance.FILTERS}
    try:
        found = compliance.findings(get_db(), actor(), asked)
    except Invalid:
        # The page explains what is wrong with the filters.
        return redirect(url_for("compliance.index", **{k: v for k, v in asked.items() if v}))
    filename = f"compliance-{datetime.now(LONDON):%Y%m%d}.csv"
    return Response(
        "".join(compliance.csv_rows(found)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
