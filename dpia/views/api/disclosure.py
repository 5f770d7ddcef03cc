"""API: Word exports, FOI requests, response packs and the disclosure log."""

from flask import Response, url_for

from dpia.services.disclosure import exports
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import requests as foi
from dpia.views.api import schemas as s
from dpia.views.api.assessments import ASSESSMENT_ID, NUMBER
from dpia.views.api.core import Param, etag_matches, json_response, operation
from dpia.views.disclosure.exports import options
from dpia.vocab import FOI_STATUSES
from dpia.web import actor, get_db

REQUEST_ID = Param("request_id", s.ID, "path", "The FOI request's id.", required=True)
FOI_FIELDS = {
    "reference": s.text(40, "Unique, for example 855A/22."),
    "subject": s.text(200),
    "received": s.DATE_ONLY,
    "status": s.enum(FOI_STATUSES),
    "responded": s.nullable(s.DATE_ONLY),
    "notes": s.text(s.LONG),
    "systems": {
        "type": "array",
        "items": s.ID,
        "maxItems": 500,
        "description": "Ids of the systems in scope.",
    },
}
FOI_INPUT = s.obj(FOI_FIELDS, ("reference", "received"))
FOI_REQUEST = s.obj(
    {
        "id": s.ID,
        **{k: v for k, v in FOI_FIELDS.items() if k != "systems"},
        "due": s.DATE_ONLY,
        "deadline": {"type": "string", "description": "For example “12 working days left” or “Overdue”."},
        "revision": s.ID,
        "systems": {
            "type": "array",
            "items": s.obj(
                {
                    "id": s.ID,
                    "name": {"type": "string"},
                    "missing": {"type": "array", "items": {"type": "string"}},
                },
                extra=True,
            ),
        },
        "links": s.obj({"self": {"type": "string"}, "pack": {"type": "string"}}),
    },
    extra=True,
)
DISCLOSURE = s.obj(
    {
        "id": s.ID,
        "request_id": s.nullable(s.ID),
        "what": {"type": "string", "enum": ["assessment", "register", "pack"]},
        "filename": {"type": "string"},
        "sha256": {"type": "string"},
        "size": {"type": "integer"},
        "disclosed_at": s.TIMESTAMP,
        "disclosed_by": {"type": "string"},
        "files": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Each file, its hash and versions.",
        },
    },
    extra=True,
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
s.COMPONENTS.update({"FoiRequest": FOI_REQUEST, "FoiRequestInput": FOI_INPUT, "Disclosure": DISCLOSURE})


def _file(found: exports.Export) -> Response:
    name = exports.file_name(found.filename)
    return Response(
        found.content,
        mimetype=found.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@operation(
    "GET",
    "/assessments/{assessment_id}/versions/{number}/export.docx",
    "exportVersion",
    summary="An internal Word copy of a version, with everything in it (audited)",
    permission="export",
    tag="Exports and FOI",
    params=(ASSESSMENT_ID, NUMBER),
    response={"type": "string", "format": "binary"},
    media_type=DOCX,
    errors=(404, 409),
)
def export_version(assessment_id: int, number: int, query: dict, body: None):
    return _file(exports.internal_assessment(get_db(), actor(), assessment_id, number, options()))


@operation(
    "GET",
    "/assessments/{assessment_id}/versions/{number}/disclosure.docx",
    "discloseVersion",
    summary="A disclosure copy of a version, withheld parts replaced by markers, logged against a request",
    permission="disclose",
    tag="Exports and FOI",
    params=(
        ASSESSMENT_ID,
        NUMBER,
        Param(
            "request",
            s.text(40),
            description="The FOI request's reference, such as 855A/22; leave out for none.",
        ),
    ),
    response={"type": "string", "format": "binary"},
    media_type=DOCX,
    errors=(404, 409, 422),
)
def disclose_version(assessment_id: int, number: int, query: dict, body: None):
    found = exports.disclosure_assessment(
        get_db(), actor(), assessment_id, number, query.get("request"), options()
    )
    return _file(found)


def request_json(request: dict) -> dict:
    """An FOI request as the API shows it, with where it stands and what each system in scope lacks."""
    db = get_db()
    scope = foi.scope(db, actor(), request)
    return {
        **{
            key: request[key]
            for key in ("id", "reference", "subject", "received", "status", "responded", "notes")
        },
        "due": request["due"],
        "deadline": foi.deadline(db, request).text,
        "revision": request["revision"],
        "systems": [
            {"id": item["system"]["id"], "name": item["system"]["name"], "missing": item["missing"]}
            for item in scope
        ],
        "links": {
            "self": url_for("api.getFoiRequest", request_id=request["id"]),
            "pack": url_for("api.makePack", request_id=request["id"]),
        },
    }


def request_etag(request: dict) -> str:
    """The ETag of an FOI request as it now is."""
    return f'"foi-{request["id"]}-r{request["revision"]}"'


@operation(
    "GET",
    "/foi-requests",
    "listFoiRequests",
    summary="FOI requests, newest received first",
    permission="read",
    tag="Exports and FOI",
    params=(Param("status", s.enum(FOI_STATUSES)),),
    response={"type": "array", "items": FOI_REQUEST},
)
def list_requests(query: dict, body: None):
    return [
        request_json(foi.get(get_db(), actor(), r["id"]))
        for r in foi.listing(get_db(), actor(), query.get("status", ""))
    ]


@operation(
    "POST",
    "/foi-requests",
    "createFoiRequest",
    summary="Record an FOI request; its due date is 20 working days after receipt",
    permission="manage_foi",
    tag="Exports and FOI",
    body=FOI_INPUT,
    status=201,
    response=FOI_REQUEST,
    errors=(422,),
)
def create_request(query: dict, body: dict):
    request_id = foi.create(get_db(), actor(), body)
    found = foi.get(get_db(), actor(), request_id)
    location = url_for("api.getFoiRequest", request_id=request_id)
    return json_response(request_json(found), 201, request_etag(found), location)


@operation(
    "GET",
    "/foi-requests/{request_id}",
    "getFoiRequest",
    summary="An FOI request, with the systems in scope and which assessments each lacks",
    permission="read",
    tag="Exports and FOI",
    params=(REQUEST_ID,),
    response=FOI_REQUEST,
    etag=True,
    errors=(404,),
)
def get_request(request_id: int, query: dict, body: None):
    found = foi.get(get_db(), actor(), request_id)
    return json_response(request_json(found), etag=request_etag(found))


@operation(
    "PUT",
    "/foi-requests/{request_id}",
    "updateFoiRequest",
    summary="Change an FOI request (send every field; If-Match required)",
    permission="manage_foi",
    tag="Exports and FOI",
    params=(REQUEST_ID,),
    body=FOI_INPUT,
    response=FOI_REQUEST,
    etag=True,
    needs_if_match=True,
    errors=(404, 412, 422, 428),
)
def update_request(request_id: int, query: dict, body: dict):
    current = foi.get(get_db(), actor(), request_id)
    etag_matches(request_etag(current))
    foi.update(get_db(), actor(), request_id, body, current["revision"])
    found = foi.get(get_db(), actor(), request_id)
    return json_response(request_json(found), etag=request_etag(found))


@operation(
    "POST",
    "/foi-requests/{request_id}/pack",
    "makePack",
    summary="Make the response pack (.zip): disclosure copies, the schedule, monitoring CSVs and a manifest",
    permission="disclose",
    tag="Exports and FOI",
    params=(
        REQUEST_ID,
        Param("earlier", {"type": "boolean", "default": False}, description="Include earlier versions."),
    ),
    response={"type": "string", "format": "binary"},
    media_type="application/zip",
    errors=(404, 409, 422),
)
def make_pack(request_id: int, query: dict, body: None):
    from dpia.services.disclosure import packs

    return _file(packs.build(get_db(), actor(), request_id, options(), earlier=query["earlier"]))


@operation(
    "GET",
    "/disclosure-log",
    "listDisclosures",
    summary="Every disclosure copy and pack released, newest first, with file hashes and versions",
    permission="read_disclosure_log",
    tag="Exports and FOI",
    response={"type": "array", "items": DISCLOSURE},
)
def list_disclosures(query: dict, body: None):
    return disclosure_log.entries(get_db(), actor())
