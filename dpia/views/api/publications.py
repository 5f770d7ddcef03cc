"""API: a system's publications on the transparency pages; publishing (422 with reasons), withdrawing."""

from dpia.domain import publications as rules
from dpia.domain.json_schema import nullable, obj, text
from dpia.services.publications import pages, publishing
from dpia.views.api.core import json_response, operation
from dpia.views.api.systems import SYSTEM_ID
from dpia.views.disclosure.exports import options
from dpia.web import actor, get_db

FILE = obj(
    {
        "path": {"type": "string"},
        "role": {"type": "string"},
        "title": {"type": "string"},
        "media_type": {"type": "string"},
        "sha256": {"type": "string"},
        "size": {"type": "integer", "minimum": 0},
    }
)
PUBLICATION = obj(
    {
        "id": {"type": "integer"},
        "system_id": {"type": "integer"},
        "number": {"type": "integer", "minimum": 1},
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "category": {"type": "string"},
        "address": {"type": "string", "description": "The system's page on the transparency pages"},
        "record": {"type": "object", "description": "The fields as released, the ATRS record (or null)"},
        "summary": {"type": "string"},
        "published_at": {"type": "string"},
        "published_by": {"type": "string"},
        "disclosure_id": nullable({"type": "integer"}),
        "withdrawn_at": nullable({"type": "string"}),
        "withdrawn_by": {"type": "string"},
        "withdrawn_reason": {"type": "string"},
        "files": {"type": "array", "items": FILE},
    },
    description="One published version of a system's public record; withdrawn ones are kept.",
)
LISTING = obj({"publications": {"type": "array", "items": PUBLICATION}})
CHOICE = obj(
    {
        "fields": {
            "type": "array",
            "maxItems": 50,
            "items": text(40),
            "description": "Register fields besides name and category: " + ", ".join(rules.CHOSEN),
        },
        "atrs": {"type": "boolean", "description": "Publish the ATRS record too"},
        "datasets": {"type": "array", "maxItems": 200, "items": {"type": "integer", "minimum": 1}},
        "summary": {"type": "string", "description": f"What changed, up to {rules.SUMMARY_LIMIT} characters"},
        "revision": {"type": "integer", "description": "The system's version previewed; a change refuses"},
    },
    description="What to publish. Anything that must be looked at first refuses it (422) with the reasons.",
)
WITHDRAWAL = obj({"reason": text(rules.REASON_LIMIT, "Why the public record is withdrawn")}, ("reason",))


@operation(
    "GET",
    "/systems/{system_id}/publications",
    "listPublications",
    summary="Every published version of a system's public record, newest first, withdrawn ones included",
    permission="read",
    tag="Publications",
    params=(SYSTEM_ID,),
    response=LISTING,
    errors=(404,),
)
def list_publications(system_id: int, query: dict, body: None):
    _, found = pages.history(get_db(), actor(), system_id)
    return json_response({"publications": found})


@operation(
    "POST",
    "/systems/{system_id}/publications",
    "publishSystem",
    summary="Publish a new version of a system's public record",
    permission="publish",
    tag="Publications",
    params=(SYSTEM_ID,),
    body=CHOICE,
    status=201,
    response=PUBLICATION,
    errors=(404, 422),
)
def publish(system_id: int, query: dict, body: dict):
    choice = publishing.Choice(
        fields=tuple(body.get("fields") or ()),
        atrs=bool(body.get("atrs")),
        datasets=tuple(body.get("datasets") or ()),
        summary=" ".join(str(body.get("summary") or "").split()),
        revision=body.get("revision"),
    )
    publication_id = publishing.publish(get_db(), actor(), system_id, choice, options())
    found = pages.as_data(get_db(), pages.published(get_db(), publication_id))
    return json_response(found, 201)


@operation(
    "POST",
    "/systems/{system_id}/publications/withdraw",
    "withdrawPublication",
    summary="Take a system's public record off the transparency pages, keeping its history",
    permission="publish",
    tag="Publications",
    params=(SYSTEM_ID,),
    body=WITHDRAWAL,
    response=PUBLICATION,
    errors=(404, 409, 422),
)
def withdraw(system_id: int, query: dict, body: dict):
    publication_id = publishing.withdraw(get_db(), actor(), system_id, body["reason"])
    return json_response(pages.as_data(get_db(), pages.published(get_db(), publication_id)))
