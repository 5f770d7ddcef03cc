"""API: search, with the same forgiving look-ups, filters and visibility rules as the search page."""

from flask import url_for
from werkzeug.datastructures import MultiDict

from dpia import kinds
from dpia.errors import Invalid
from dpia.services.search import queries as search
from dpia.views.api import schemas as s
from dpia.views.api.core import ApiProblem, Param, operation
from dpia.vocab import CATEGORIES, LIFECYCLES, MARKINGS, STATUSES, Term
from dpia.web import actor, get_db, search_index


def _many(terms: tuple[Term, ...]) -> dict:
    return {"type": "array", "items": s.enum(terms), "description": "Repeat the parameter for several."}


HIT = s.obj(
    {
        "type": {"type": "string", "enum": ["system", "version"]},
        "assessment_id": s.nullable(s.ID),
        "reference": s.nullable({"type": "string"}),
        "version": s.nullable(s.ID),
        "kind": s.nullable({"type": "string"}),
        "status": s.nullable({"type": "string"}),
        "title": {"type": "string"},
        "conducted": s.nullable(s.PARTIAL_DATE),
        "approved": s.nullable(s.DATE_ONLY),
        "current": {"type": "boolean"},
        "snippets": {
            "type": "array",
            "items": s.obj(
                {"label": {"type": "string"}, "html": {"type": "string"}, "withheld": {"type": "boolean"}},
                description="A matching passage: HTML-escaped text with the matches in <mark>.",
            ),
        },
        "link": {"type": "string"},
    }
)
RESULTS = s.obj(
    {
        "query": {"type": "string"},
        "ready": {
            "type": "boolean",
            "description": "False while the index is being rebuilt or saved changes wait to be indexed.",
        },
        "total": {"type": "integer"},
        "capped": {"type": "boolean", "description": "More records matched than are returned."},
        "page": s.ID,
        "pages": s.ID,
        "named_only": {"type": "boolean", "description": "Only the records of the systems the words name."},
        "any_words": {"type": "boolean", "description": "No record held all the words; these hold some."},
        "suggestion": s.nullable({"type": "string"}),
        "named_system": s.nullable({"type": "object"}),
        "register": s.nullable(
            s.obj(
                {"category": s.nullable({"type": "string"}), "lifecycle": s.nullable({"type": "string"})},
                description="The category and lifecycle the words name: every system of them is listed.",
            )
        ),
        "groups": {
            "type": "array",
            "items": s.obj(
                {
                    "system": s.obj({"id": s.ID, "name": {"type": "string"}}, extra=True),
                    "name_match": {"type": "boolean"},
                    "hits": {"type": "array", "items": HIT},
                    "more": {"type": "integer"},
                    "assessments": s.nullable(
                        {
                            "type": "object",
                            "description": "The system's assessments per kind, as in named_system: given for"
                            " every system when the words name a category or a lifecycle.",
                        }
                    ),
                }
            ),
        },
    }
)
s.COMPONENTS.update({"SearchResults": RESULTS})


@operation(
    "GET",
    "/search",
    "search",
    summary="Search names, aliases and every answer, forgiving misspellings, grouped by system",
    description="A name or alias puts its system first with its assessments per kind (and which kinds are "
    "missing); words naming a category or a lifecycle list every system of it, each with its assessments; "
    "scope=all also searches the text of every record for those words.",
    permission="read",
    tag="Search",
    params=(
        Param("q", s.text(300), description="Words, a name, a reference, or a quoted phrase."),
        Param("kind", {"type": "array", "items": s.enum(tuple(Term(k.key, k.label) for k in kinds.kinds()))}),
        Param("status", _many(STATUSES)),
        Param("category", _many(CATEGORIES)),
        Param("lifecycle", _many(LIFECYCLES)),
        Param("marking", _many(MARKINGS)),
        Param("conducted_from", s.PARTIAL_DATE),
        Param("conducted_to", s.PARTIAL_DATE),
        Param("sort", {"type": "string", "enum": list(search.SORTS), "default": "relevance"}),
        Param("scope", {"type": "string", "enum": ["names", "all"], "default": "names"}),
        Param("page", {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 1}),
    ),
    response=RESULTS,
    errors=(422,),
)
def search_register(query: dict, body: None):
    try:
        wanted = search.read_request(_as_form(query))
    except Invalid as error:
        fields = [
            {"field": key.replace("-day", ""), "message": message} for key, message in error.errors.items()
        ]
        raise ApiProblem(
            422, "Invalid query parameters", "See errors for each parameter.", errors=fields
        ) from None
    return results_json(search.search(get_db(), search_index(), actor(), wanted))


def _as_form(query: dict) -> MultiDict:
    """The API's parameters as the search page's query string (dates in day, month and year parts)."""
    form = MultiDict()
    for key, value in query.items():
        if key in ("conducted_from", "conducted_to"):
            for part, text in zip(("year", "month", "day"), value.split("-"), strict=False):
                form.add(f"{key}-{part}", text)
        elif isinstance(value, list):
            for item in value:
                form.add(key, item)
        else:
            form.add(key, str(value))
    return form


def results_json(page: dict) -> dict:
    """A results page as the API shows it."""
    request = page["request"]
    panel = page.get("panel")
    return {
        "query": request.text,
        "ready": page["status"].ready,
        "total": page.get("total", 0),
        "capped": page.get("capped", False),
        "page": page.get("page_number", 1),
        "pages": page.get("pages", 1),
        "named_only": page.get("named_only", False),
        "any_words": page.get("any_words", False),
        "suggestion": page.get("suggestion"),
        "named_system": _panel(page["groups"][0]["system"], panel) if panel else None,
        "register": _register(page.get("register")),
        "groups": [_group(g) for g in page["groups"]],
    }


def _panel(system: dict, panel: list[dict]) -> dict:
    return {
        "id": system["id"],
        "name": system["name"],
        "kinds": [
            {
                "kind": group["kind"].key,
                "label": group["kind"].label,
                "statement": f"No {group['kind'].short} recorded." if not group["assessments"] else "",
                "assessments": [
                    {
                        "assessment_id": a["id"],
                        "reference": a["reference"],
                        "versions": [
                            {k: v[k] for k in ("number", "status", "conducted", "approved")}
                            for v in a["versions"]
                        ],
                    }
                    for a in group["assessments"]
                ],
            }
            for group in panel
        ],
    }


def _register(chosen: dict | None) -> dict | None:
    if not chosen:
        return None
    return {"category": chosen.get("category"), "lifecycle": chosen.get("lifecycle")}


def _group(group: dict) -> dict:
    system = group["system"]
    return {
        "system": {"id": system["id"], "name": system["name"], "aliases": system["aliases"]},
        "name_match": group["name_match"],
        "hits": [_hit(hit) for hit in group["hits"]],
        "more": group["more"],
        "assessments": _panel(system, group["panel"]) if group.get("panel") else None,
    }


def _hit(hit: dict) -> dict:
    version = hit["type"] == "version"
    display = hit.get("display") or {}
    link = (
        url_for("api.getAssessmentVersion", assessment_id=int(hit["assessment_id"]), number=hit["number"])
        if version
        else url_for("api.getSystem", system_id=int(hit["system_id"]))
    )
    return {
        "type": hit["type"],
        "assessment_id": int(hit["assessment_id"]) if version else None,
        "reference": display.get("reference") if version else None,
        "version": hit.get("number") if version else None,
        "kind": hit.get("kind") if version else None,
        "status": hit.get("status") if version else None,
        "title": display.get("title") or display.get("system_name", ""),
        "conducted": display.get("conducted") if version else None,
        "approved": display.get("approved") if version else None,
        "current": hit.get("current") == "yes",
        "snippets": [
            {"label": x["label"], "html": x["html"], "withheld": x["withheld"]}
            for x in hit.get("snippets") or []
        ],
        "link": link,
    }
