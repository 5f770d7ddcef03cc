"""API: Word exports, FOI requests, response packs and the disclosure log."""

from flask import Response, request, url_for

from dpia.domain import transparency
from dpia.services.disclosure import events, exports, holidays, public_log
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import requests as foi
from dpia.services.disclosure.clock import Clock, compute
from dpia.store import publications
from dpia.views.api import schemas as s
from dpia.views.api.assessments import ASSESSMENT_ID, NUMBER
from dpia.views.api.core import ApiProblem, Param, etag_matches, json_response, operation
from dpia.views.disclosure.exports import options
from dpia.vocab import FOI_EVENTS, FOI_OUTCOMES, FOI_STATUSES, REVIEW_OUTCOMES
from dpia.web import actor, get_db

REQUEST_ID = Param("request_id", s.ID, "path", "The FOI request's id.", required=True)
FOI_FIELDS = {
    "reference": s.text(40, "Unique, for example 855A/22."),
    "subject": s.text(200),
    "received": s.DATE_ONLY,
    "status": s.enum(FOI_STATUSES),
    "responded": s.nullable(s.DATE_ONLY),
    "as_at": {
        **s.nullable(s.DATE_ONLY),
        "description": "The day the answer is drawn from the register as it stood: from the day received"
        " to today; null means the day received.",
    },
    "notes": s.text(s.LONG),
    "systems": {
        "type": "array",
        "items": s.ID,
        "maxItems": 500,
        "description": "Ids of the systems in scope.",
    },
}
FOI_INPUT = s.obj(FOI_FIELDS, ("reference", "received"))
FOI_EVENT = s.obj(
    {
        "id": s.ID,
        "kind": s.enum(FOI_EVENTS),
        "day": s.DATE_ONLY,
        "outcome": {
            "type": "string",
            "description": "Closed: an FOI outcome; review closed: a review outcome.",
        },
        "new_due": s.nullable(s.DATE_ONLY),
        "reason": {
            "type": "string",
            "description": "Extended: why the public interest test needs more time.",
        },
        "recorded_at": s.TIMESTAMP,
        "recorded_by": {"type": "string"},
    },
    extra=True,
)
OUTCOMES = [t.value for t in (*FOI_OUTCOMES, *REVIEW_OUTCOMES)]
STEP_INPUT = s.obj(
    {
        "action": {
            "type": "string",
            "enum": list(events.STEPS),
            "description": "seek_clarification stops the clock (s1(3)); receive_clarification starts"
            " 20 working days afresh (s10(6)); extend needs new_due and reason (s10(3)); close needs an FOI"
            " outcome; request_review opens an internal review of a response; close_review needs a review"
            " outcome.",
        },
        "day": {**s.DATE_ONLY, "description": "When it happened: today or earlier."},
        "new_due": {**s.DATE_ONLY, "description": "extend: the new due date, after the current one."},
        "outcome": {"type": "string", "enum": OUTCOMES, "description": "close and close_review."},
        "reason": s.text(s.LONG, "extend: why the public interest test needs more time."),
    },
    ("action", "day"),
)
DATE_OR_NULL = s.nullable(s.DATE_ONLY)
CLOCK = s.obj(
    {
        "stopped": {"type": "boolean", "description": "Clarification is awaited (s1(3))."},
        "awaiting_clarification_since": DATE_OR_NULL,
        "statutory_due": s.DATE_ONLY,
        "extended_to": DATE_OR_NULL,
        "outcome": s.nullable(s.enum(FOI_OUTCOMES)),
        "review": s.nullable(
            s.obj(
                {
                    "requested": s.DATE_ONLY,
                    "due": s.DATE_ONLY,
                    "closed": DATE_OR_NULL,
                    "outcome": s.nullable(s.enum(REVIEW_OUTCOMES)),
                    "original_response": s.obj(
                        {"date": DATE_OR_NULL, "outcome": s.nullable(s.enum(FOI_OUTCOMES))}
                    ),
                }
            )
        ),
    }
)
FOI_REQUEST = s.obj(
    {
        "id": s.ID,
        **{k: v for k, v in FOI_FIELDS.items() if k != "systems"},
        "due": s.DATE_ONLY,
        "deadline": {"type": "string", "description": "For example “12 working days left” or “Overdue”."},
        "revision": s.ID,
        "clock": CLOCK,
        "events": {
            "type": "array",
            "items": FOI_EVENT,
            "description": "The request's history, oldest first.",
        },
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
        "what": {"type": "string", "enum": ["assessment", "register", "pack", "publication"]},
        "filename": {
            "type": "string",
            "description": "“A file about a system you may not see” when every file of the release is one.",
        },
        "sha256": {"type": "string", "description": "Empty when every file is about a hidden system."},
        "size": {"type": "integer"},
        "disclosed_at": s.TIMESTAMP,
        "disclosed_by": {"type": "string"},
        "files": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Each file, its hash and versions. A file about a system whose protective marking"
            " hides it from the caller has `hidden: true`, `system_name` “a system you may not see”, and"
            " null path, sha256, size, system, version, reference and marks.",
        },
        "hidden_files": {
            "type": "integer",
            "description": "How many files are about systems hidden from you.",
        },
    },
    extra=True,
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
s.COMPONENTS.update(
    {
        "FoiRequest": FOI_REQUEST,
        "FoiRequestInput": FOI_INPUT,
        "FoiEvent": FOI_EVENT,
        "FoiStepInput": STEP_INPUT,
        "Disclosure": DISCLOSURE,
    }
)


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


REQUEST_PARAM = Param(
    "request", s.text(40), description="The FOI request's reference, such as 855A/22; leave out for none."
)


def _pdf(make) -> Response:
    """A PDF made by `make`, or 503 problem+json saying why none can be made here."""
    try:
        return _file(make())
    except exports.PdfUnavailable as error:
        raise ApiProblem(503, "PDF copies unavailable", str(error)) from None


@operation(
    "GET",
    "/assessments/{assessment_id}/versions/{number}/export.pdf",
    "exportVersionPdf",
    summary="An internal PDF copy of a version, made from its Word copy by LibreOffice (audited)",
    permission="export",
    tag="Exports and FOI",
    params=(ASSESSMENT_ID, NUMBER),
    response={"type": "string", "format": "binary"},
    media_type=exports.PDF,
    errors=(404, 409, 503),
)
def export_version_pdf(assessment_id: int, number: int, query: dict, body: None):
    return _pdf(
        lambda: exports.internal_assessment(get_db(), actor(), assessment_id, number, options(), True)
    )


@operation(
    "GET",
    "/assessments/{assessment_id}/versions/{number}/disclosure.pdf",
    "discloseVersionPdf",
    summary="A disclosure copy of a version as a PDF made from its Word copy, logged as released",
    permission="disclose",
    tag="Exports and FOI",
    params=(ASSESSMENT_ID, NUMBER, REQUEST_PARAM),
    response={"type": "string", "format": "binary"},
    media_type=exports.PDF,
    errors=(404, 409, 422, 503),
)
def disclose_version_pdf(assessment_id: int, number: int, query: dict, body: None):
    return _pdf(
        lambda: exports.disclosure_assessment(
            get_db(), actor(), assessment_id, number, query.get("request"), options(), True
        )
    )


def request_json(request: dict) -> dict:
    """An FOI request as the API shows it, with where it stands and what each system in scope lacks."""
    db = get_db()
    scope = foi.scope(db, actor(), request)
    return {
        **{
            key: request[key]
            for key in ("id", "reference", "subject", "received", "status", "responded", "as_at", "notes")
        },
        "due": request["due"],
        "deadline": foi.deadline(db, request).text,
        "revision": request["revision"],
        "clock": clock_json(request, compute(request, holidays.holidays(db))),
        "events": [{k: v for k, v in e.items() if k != "request_id"} for e in request["events"]],
        "systems": [
            {"id": item["system"]["id"], "name": item["system"]["name"], "missing": item["missing"]}
            for item in scope
        ],
        "links": {
            "self": url_for("api.getFoiRequest", request_id=request["id"]),
            "pack": url_for("api.makePack", request_id=request["id"]),
        },
    }


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def clock_json(request: dict, clock: Clock) -> dict:
    """Where the request's statutory clock and any internal review stand."""
    outcome = clock.closed["outcome"] if clock.closed else None
    review = None
    if clock.review_requested:
        review = {
            "requested": _iso(clock.review_requested),
            "due": _iso(clock.review_due),
            "closed": clock.review_closed["day"] if clock.review_closed else None,
            "outcome": clock.review_closed["outcome"] if clock.review_closed else None,
            "original_response": {"date": request["responded"], "outcome": outcome},
        }
    return {
        "stopped": clock.stopped,
        "awaiting_clarification_since": _iso(clock.awaiting_since),
        "statutory_due": _iso(clock.statutory_due),
        "extended_to": clock.extension["new_due"] if clock.extension else None,
        "outcome": outcome,
        "review": review,
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
    # A PUT replaces the whole request: no "systems" means an empty scope, as it always has.
    foi.update(get_db(), actor(), request_id, {"systems": [], **body}, current["revision"])
    found = foi.get(get_db(), actor(), request_id)
    return json_response(request_json(found), etag=request_etag(found))


@operation(
    "POST",
    "/foi-requests/{request_id}/events",
    "recordFoiStep",
    summary="Record a step of a request's history: clarification, extension, closing, internal review",
    description="Refused with 409 when the request's state does not allow the step (closing a closed request,"
    " reviewing one never responded to); with 422 and a message per field for bad input. Nothing is stored"
    " on refusal. Send If-Match to refuse the step if the request changed since you read it.",
    permission="manage_foi",
    tag="Exports and FOI",
    params=(REQUEST_ID,),
    body=STEP_INPUT,
    status=201,
    response=s.obj(
        {
            "request": FOI_REQUEST,
            "message": {"type": "string"},
            "warnings": {"type": "array", "items": {"type": "string"}},
        }
    ),
    errors=(404, 409, 412, 422),
)
def record_step(request_id: int, query: dict, body: dict):
    current = foi.get(get_db(), actor(), request_id)
    if request.headers.get("If-Match"):
        etag_matches(request_etag(current))
    data = {key: body.get(key) for key in ("day", "new_due", "outcome", "reason")}
    done = events.record(get_db(), actor(), request_id, body["action"], data, current["revision"])
    found = foi.get(get_db(), actor(), request_id)
    result = {"request": request_json(found), "message": done.message, "warnings": done.warnings}
    return json_response(result, 201, request_etag(found))


@operation(
    "POST",
    "/foi-requests/{request_id}/pack",
    "makePack",
    summary="Make the response pack (.zip): the letter, disclosure copies, the schedule, CSVs and a manifest",
    permission="disclose",
    tag="Exports and FOI",
    params=(
        REQUEST_ID,
        Param("earlier", {"type": "boolean", "default": False}, description="Include earlier versions."),
        Param(
            "reuse",
            {"type": "boolean", "default": False},
            description="Send again copies disclosed earlier with the same withholding, each naming both"
            " requests; otherwise every copy is made afresh.",
        ),
        Param("pdf", {"type": "boolean", "default": False}, description="Add PDF copies (LibreOffice)."),
        Param(
            "published",
            {"type": "boolean", "default": False},
            description="Send published files as well: otherwise a disclosure copy or monitoring CSV a live"
            " publication holds is left out and the letter gives its public address under section 21.",
        ),
    ),
    response={"type": "string", "format": "binary"},
    media_type="application/zip",
    errors=(404, 409, 422),
)
def make_pack(request_id: int, query: dict, body: None):
    from dpia.services.disclosure import packs

    made = packs.build(
        get_db(),
        actor(),
        request_id,
        options(),
        earlier=query["earlier"],
        reuse=query["reuse"],
        pdfs=query["pdf"],
        published=query["published"],
    )
    return _file(made)


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


PUBLICATION_INPUT = s.obj(
    {
        "subject": s.text(400, "The public subject (at most 200 characters); else the request's."),
        "files": {
            "type": "array",
            "items": {"type": "string", "maxLength": 400},
            "description": "Paths of the released pack's files to publish (never manifest.csv); else all.",
        },
    }
)
PUBLISHED_RESPONSE = s.obj(
    {
        "id": s.ID,
        "address": {"type": "string", "description": "The public address, below the site root."},
        "subject": {"type": "string"},
        "published_at": s.TIMESTAMP,
        "files": {"type": "array", "items": {"type": "string"}},
    }
)
WITHDRAW_INPUT = s.obj({"reason": s.text(1000, "Why it is being withdrawn.")}, ("reason",))


@operation(
    "POST",
    "/foi-requests/{request_id}/publication",
    "publishFoiResponse",
    summary="Publish the latest released response pack in the public disclosure log",
    description="Refused with 422 and the reason when no pack has been released, the response is not recorded"
    " as sent, or the subject or a chosen file holds text withheld now or names a hidden system.",
    permission="publish_responses",
    tag="Exports and FOI",
    params=(REQUEST_ID,),
    body=PUBLICATION_INPUT,
    status=201,
    response=PUBLISHED_RESPONSE,
    errors=(404, 422),
)
def publish_response(request_id: int, query: dict, body: dict):
    db = get_db()
    found = public_log.state(db, actor(), request_id)
    subject = body.get("subject", found.request["subject"] or "")
    paths = body.get("files", [f.path for f in found.files])
    response_id = public_log.publish(db, actor(), request_id, subject, paths)
    published = publications.response(db, response_id)
    files = [f["path"] for f in publications.response_files(db, response_id)]
    return json_response(
        {
            "id": response_id,
            "address": transparency.ROOT + transparency.response_path(response_id),
            "subject": published["subject"] if published else subject,
            "published_at": published["published_at"] if published else "",
            "files": files,
        },
        201,
    )


@operation(
    "POST",
    "/foi-requests/{request_id}/publication/withdraw",
    "withdrawFoiResponse",
    summary="Withdraw the request's response from the public disclosure log; its history is kept",
    permission="publish_responses",
    tag="Exports and FOI",
    params=(REQUEST_ID,),
    body=WITHDRAW_INPUT,
    status=204,
    response=None,
    errors=(404, 422),
)
def withdraw_response(request_id: int, query: dict, body: dict):
    public_log.withdraw(get_db(), actor(), request_id, body["reason"])
    return Response(status=204)
