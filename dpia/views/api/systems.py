"""API: the systems register."""

from flask import url_for

from dpia.services import systems
from dpia.views.api import schemas as s
from dpia.views.api.core import Param, etag_matches, json_response, operation, paginate
from dpia.web import actor, get_db

SYSTEM_ID = Param("system_id", s.ID, "path", "The system's id.", required=True)
PAGING = (
    Param("page", {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1}),
    Param("per_page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}),
)


def system_json(system: dict) -> dict:
    """A system as the API shows it."""
    data = systems.as_form_data(system)
    for key in ("first_used", "retired"):
        data[key] = system[key]
    data["costs"] = [{**c, "period_end": c["period_end"] or None} for c in data["costs"]]
    data["policies"] = [{**p, "version_date": p["version_date"] or None} for p in data["policies"]]
    return {
        "id": system["id"],
        **data,
        "version": system["version"],
        "created_at": system["created_at"],
        "updated_at": system["updated_at"],
        "links": {
            "self": url_for("api.getSystem", system_id=system["id"]),
            "assessments": url_for("api.listSystemAssessments", system_id=system["id"]),
        },
    }


def system_etag(system: dict) -> str:
    """The ETag of a system's current version."""
    return f'"system-{system["id"]}-v{system["version"]}"'


# What the register can be sorted by, as on the list of systems.
SORTS = ["name", "category", "lifecycle", "first_used", "updated", "review_due"]


@operation(
    "GET",
    "/systems",
    "listSystems",
    summary="List systems, filtered and sorted",
    permission="read",
    tag="Systems",
    params=(
        Param("category", s.enum(s.CATEGORIES)),
        Param("lifecycle", s.enum(s.LIFECYCLES)),
        Param("sort", {"type": "string", "enum": SORTS}),
        Param("order", {"type": "string", "enum": ["asc", "desc"]}),
        *PAGING,
    ),
    response=s.page_of(s.SYSTEM),
)
def list_systems(query: dict, body: None):
    found = systems.listing(get_db(), actor(), query, per_page=query["per_page"])
    if query["page"] > found["pages"]:  # Past the end: an empty page, as before, not the last one.
        found["systems"] = []
    full = [systems.get(get_db(), actor(), row["id"]) for row in found["systems"]]
    return paginate([system_json(x) for x in full], found["matched"], query, "api.listSystems")


@operation(
    "POST",
    "/systems",
    "createSystem",
    summary="Add a system to the register",
    permission="edit_register",
    tag="Systems",
    body=s.SYSTEM_INPUT,
    status=201,
    response=s.SYSTEM,
    errors=(409, 422),
)
def create_system(query: dict, body: dict):
    system_id = systems.create(get_db(), actor(), body)
    system = systems.get(get_db(), actor(), system_id)
    location = url_for("api.getSystem", system_id=system_id)
    return json_response(system_json(system), 201, system_etag(system), location)


@operation(
    "GET",
    "/systems/{system_id}",
    "getSystem",
    summary="Read a system",
    permission="read",
    tag="Systems",
    params=(SYSTEM_ID,),
    response=s.SYSTEM,
    etag=True,
    errors=(404,),
)
def get_system(system_id: int, query: dict, body: None):
    system = systems.get(get_db(), actor(), system_id)
    return json_response(system_json(system), etag=system_etag(system))


@operation(
    "PUT",
    "/systems/{system_id}",
    "replaceSystem",
    summary="Change a system (send every field; If-Match required)",
    permission="edit_register",
    tag="Systems",
    params=(SYSTEM_ID,),
    body=s.SYSTEM_INPUT,
    response=s.SYSTEM,
    etag=True,
    needs_if_match=True,
    errors=(404, 412, 422, 428),
)
def replace_system(system_id: int, query: dict, body: dict):
    current = systems.get(get_db(), actor(), system_id)
    etag_matches(system_etag(current))
    systems.update(get_db(), actor(), system_id, body, current["version"])
    system = systems.get(get_db(), actor(), system_id)
    return json_response(system_json(system), etag=system_etag(system))
