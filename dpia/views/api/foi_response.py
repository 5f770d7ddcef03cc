"""API: the response to an FOI request: answers, exemptions and their reasons, NCND systems, the letter."""

from datetime import date

from flask import Response, url_for

from dpia.domain import exemptions as rules
from dpia.errors import Invalid
from dpia.services.disclosure import packs, refusals
from dpia.services.disclosure.letter import Used
from dpia.views.api import schemas as s
from dpia.views.api.core import Param, etag_matches, json_response, operation
from dpia.views.api.disclosure import DOCX, REQUEST_ID
from dpia.views.disclosure.exports import download, options
from dpia.vocab import QUESTION_DISPOSITIONS
from dpia.web import actor, get_db

TAG = "Exports and FOI"
DAY = Param(
    "date",
    s.DATE_ONLY,
    description="The letter's date: not before the request was received. Leave out for the day the"
    " response was recorded as sent, else today.",
)
KEY = Param(
    "key",
    {"type": "string", "minLength": 1, "maxLength": 210},
    "path",
    "The exemption, such as s31, or other: and the exemption's name in lower case.",
    required=True,
)
SYSTEM_ID = Param("system_id", s.ID, "path", "The system's id.", required=True)
HELD = [*(t.value for t in QUESTION_DISPOSITIONS if t.value != "answer"), "held"]
STRINGS = {"type": "array", "items": {"type": "string"}}
NCND_SYSTEM = s.obj(
    {
        "id": s.ID,
        "exemption": {"type": "string", "enum": list(rules.NCND)},
        "section": {"type": "string", "description": "The subsection relied on, such as s24(2)."},
    },
    description="Named by id only: the response never names a system it neither confirms nor denies.",
)
NCND_LIST = {"type": "array", "items": NCND_SYSTEM}
ANSWER = s.obj(
    {
        "number": {"type": "string"},
        "text": {"type": "string"},
        "held": {"type": "string", "enum": HELD},
        "statement": {"type": "string", "description": "Whether information is held, as the letter says."},
        "files": STRINGS,
        "exemptions": {
            "type": "array",
            "items": s.obj({"exemption": {"type": "string"}, "other": {"type": "string"}}),
        },
        "missing": STRINGS,
    }
)
EXEMPTION_USED = s.obj(
    {
        "key": {"type": "string", "description": "Where its reason is: /foi-requests/{id}/reasons/{key}."},
        "title": {"type": "string"},
        "subsections": STRINGS,
        "questions": STRINGS,
        "reason_written": {"type": "boolean"},
    }
)
FOI_RESPONSE = s.obj(
    {
        "as_at": {**s.DATE_ONLY, "description": "The day the register is answered as it stood."},
        "date": s.DATE_ONLY,
        "questions": {"type": "array", "items": ANSWER},
        "exemptions": {"type": "array", "items": EXEMPTION_USED},
        "ncnd_systems": NCND_LIST,
        "problems": {**STRINGS, "description": "What is missing before the letter can be sent."},
        "letter": {"type": "string", "description": "Where to download the .docx letter."},
    }
)
TEXT = s.text(refusals.TEXT_LIMIT)
REASON_TEXTS = {"why": TEXT, "harm": TEXT, "favour": TEXT, "against": TEXT, "balance": TEXT}
QUALIFIED = {
    "type": "string",
    "enum": ["yes", "no"],
    "description": "For an exemption the Act does not list here (other): whether it is qualified.",
}
REASON_INPUT = s.obj(
    {**REASON_TEXTS, "qualified": QUALIFIED, "started_from": s.text(200, "Where the wording came from.")}
)
REASON = s.obj(
    {
        "key": {"type": "string"},
        "exemption": {"type": "string"},
        "other": {"type": "string"},
        "title": {"type": "string"},
        **REASON_TEXTS,
        "qualified": QUALIFIED,
        "started_from": {"type": "string"},
        "source": {
            "type": "string",
            "description": "Where an unsaved starting point came from; empty once saved for this request.",
        },
        "revision": {**s.nullable(s.ID), "description": "Null until saved for this request."},
    }
)
NCND_INPUT = s.obj(
    {"system_id": s.ID, "exemption": {"type": "string", "enum": list(rules.NCND)}}, ("system_id", "exemption")
)
s.COMPONENTS.update(
    {
        "FoiResponse": FOI_RESPONSE,
        "FoiReason": REASON,
        "FoiReasonInput": REASON_INPUT,
        "FoiNcndInput": NCND_INPUT,
    }
)


def _day(query: dict) -> date | None:
    """The date asked for; one that matches the pattern but does not exist (30 February) is refused."""
    if "date" not in query:
        return None
    try:
        return date.fromisoformat(query["date"])
    except ValueError:
        raise Invalid({"date": "Enter a real date as YYYY-MM-DD"}) from None


def _used_json(item: Used, reasons: dict) -> dict:
    return {
        "key": item.key,
        "title": rules.title(item.exemption, item.other),
        "subsections": list(item.subsections),
        "questions": list(item.questions),
        "reason_written": item.key in reasons,
    }


def ncnd_json(request_id: int) -> list[dict]:
    """The systems a request neither confirms nor denies, by id, with the section relied on."""
    found = refusals.ncnd_systems(get_db(), actor(), request_id)
    return [{"id": f["system"]["id"], "exemption": f["exemption"], "section": f["section"]} for f in found]


@operation(
    "GET",
    "/foi-requests/{request_id}/response",
    "getFoiResponse",
    summary="The drafted response: each question's answer, the exemptions relied on, what is still missing",
    permission="disclose",
    tag=TAG,
    params=(REQUEST_ID, DAY),
    response=FOI_RESPONSE,
    errors=(404, 409, 422),
)
def get_response(request_id: int, query: dict, body: None):
    request, day, found = packs.drafted_response(get_db(), actor(), request_id, "", _day(query))
    answers = [
        {
            "number": a.question["number"],
            "text": a.question["text"],
            "held": a.held,
            "statement": a.statement,
            "files": a.files,
            "exemptions": [{"exemption": e, "other": o} for e, o in a.exemptions],
            "missing": a.missing,
        }
        for a in found.drafted.answers
    ]
    letter = url_for("api.getFoiResponseLetter", request_id=request_id, **query)
    return {
        "as_at": found.drafted.day.isoformat(),
        "date": day.isoformat(),
        "questions": answers,
        "exemptions": [_used_json(item, found.reasons) for item in found.used],
        "ncnd_systems": ncnd_json(request["id"]),
        "problems": found.problems,
        "letter": letter,
    }


@operation(
    "GET",
    "/foi-requests/{request_id}/response/letter",
    "getFoiResponseLetter",
    summary="The response letter (.docx); marked as a draft while anything is missing",
    permission="disclose",
    tag=TAG,
    params=(REQUEST_ID, DAY),
    response={"type": "string", "format": "binary"},
    media_type=DOCX,
    errors=(404, 409, 422),
)
def get_letter(request_id: int, query: dict, body: None):
    return download(packs.response_letter(get_db(), actor(), request_id, options(), _day(query)))


def _reason_json(offered: dict) -> dict:
    texts = {k: offered.get(k) or "" for k in REASON_TEXTS}
    return {
        "key": offered["reason_key"],
        "exemption": offered["exemption"],
        "other": offered["other"] or "",
        "title": offered["title"],
        **texts,
        "qualified": "yes" if offered.get("qualified") else "no",
        "started_from": offered.get("started_from") or "",
        "source": offered.get("source") or "",
        "revision": offered["revision"],
    }


def _reason_etag(offered: dict) -> str:
    return f'"foi-{offered["request_id"]}-reason-r{offered["revision"] or 0}"'


def _offer(request_id: int, key: str) -> dict:
    return {**refusals.offer(get_db(), actor(), request_id, key), "request_id": request_id}


@operation(
    "GET",
    "/foi-requests/{request_id}/reasons/{key}",
    "getFoiReason",
    summary="An exemption's reason for this request, or the starting point offered until one is saved",
    permission="manage_foi",
    tag=TAG,
    params=(REQUEST_ID, KEY),
    response=REASON,
    etag=True,
    errors=(404,),
)
def get_reason(request_id: int, key: str, query: dict, body: None):
    offered = _offer(request_id, key)
    return json_response(_reason_json(offered), etag=_reason_etag(offered))


@operation(
    "PUT",
    "/foi-requests/{request_id}/reasons/{key}",
    "saveFoiReason",
    summary="Write an exemption's reason for this request (send every field; If-Match required)",
    description="A qualified exemption needs the public interest considerations both ways and the balance;"
    " a prejudice-based one the harm; an absolute one no public interest test. Refused with 422 and a"
    " message per field otherwise, nothing stored.",
    permission="manage_foi",
    tag=TAG,
    params=(REQUEST_ID, KEY),
    body=REASON_INPUT,
    response=REASON,
    etag=True,
    needs_if_match=True,
    errors=(404, 409, 412, 422, 428),
)
def save_reason(request_id: int, key: str, query: dict, body: dict):
    current = _offer(request_id, key)
    etag_matches(_reason_etag(current))
    refusals.save(get_db(), actor(), request_id, key, body, current["revision"])
    saved = _offer(request_id, key)
    return json_response(_reason_json(saved), etag=_reason_etag(saved))


@operation(
    "POST",
    "/foi-requests/{request_id}/ncnd",
    "addFoiNcnd",
    summary="Neither confirm nor deny holding anything about a system; no answer may name it then",
    permission="manage_foi",
    tag=TAG,
    params=(REQUEST_ID,),
    body=NCND_INPUT,
    status=201,
    response=NCND_LIST,
    errors=(404, 409, 422),
)
def add_ncnd(request_id: int, query: dict, body: dict):
    data = {"system": body["system_id"], "exemption": body["exemption"]}
    try:
        refusals.neither_confirm_nor_deny(get_db(), actor(), request_id, data)
    except Invalid as refused:
        # The service names the field as its form does; the API's field is system_id.
        errors = refused.errors
        raise Invalid({("system_id" if k == "system" else k): v for k, v in errors.items()}) from None
    return json_response(ncnd_json(request_id), 201)


@operation(
    "DELETE",
    "/foi-requests/{request_id}/ncnd/{system_id}",
    "deleteFoiNcnd",
    summary="Answer a system like any other again, rather than neither confirm nor deny",
    permission="manage_foi",
    tag=TAG,
    params=(REQUEST_ID, SYSTEM_ID),
    status=204,
    response=None,
    errors=(404, 409),
)
def delete_ncnd(request_id: int, system_id: int, query: dict, body: None):
    refusals.answer_again(get_db(), actor(), request_id, system_id)
    return Response(status=204)
