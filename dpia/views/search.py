"""The search page: one box, filters that work without JavaScript, results grouped by system."""

from flask import Blueprint, render_template, request, url_for

from dpia import kinds
from dpia.errors import Invalid
from dpia.services.search import queries as search
from dpia.views.forms import error_summary
from dpia.views.paging import pagination
from dpia.vocab import Term
from dpia.web import actor, allow, get_db, search_index

bp = Blueprint("search", __name__)


@bp.get("/search")
@allow("read")
def results():
    errors: dict[str, str] = {}
    try:
        wanted = search.read_request(request.args)
    except Invalid as error:
        errors = error.errors
        wanted = search.words_only(request.args.get("q", ""))
    page = search.search(get_db(), search_index(), actor(), wanted) if not errors else {}
    anchors = {key: f"{key}-day" for key in errors}
    kept = {key: request.args.getlist(key) for key in request.args if key not in ("page", "system", "q")}
    return render_template(
        "search/results.html",
        wanted=wanted,
        page=page,
        args=request.args,
        errors=errors,
        summary=error_summary(errors, anchors),
        search_kinds=[
            Term(k.key, f"{k.short}: {k.label}" if k.short != k.label else k.label) for k in kinds.kinds()
        ],
        search_top=search.TOP,
        more_args=kept,
        pagination=pagination(page.get("page_number", 1), page.get("pages") or 1, _page_url, "Result pages"),
    ), (400 if errors else 200)


def _page_url(number: int) -> str:
    args = {key: request.args.getlist(key) for key in request.args if key != "page"}
    return url_for("search.results", **args, page=number)
