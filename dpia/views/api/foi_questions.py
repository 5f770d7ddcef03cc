"""API: the questions of an FOI request, as the requester numbered them."""

from flask import Response, url_for

from dpia.domain import exemptions as rules
from dpia.services.disclosure import questions
from dpia.views.api import schemas as s
from dpia.views.api.core import Param, etag_matches, json_response, operation
from dpia.views.api.disclosure import REQUEST_ID
from dpia.vocab import CATEGORIES, EXEMPTIONS, FOI_FACTS, QUESTION_DISPOSITIONS, QUESTION_SCOPES
from dpia.web import actor, get_db

QUESTION_ID = Param("question_id", s.ID, "path", "The question's id.", required=True)
TEXT = s.text(questions.TEXT_LIMIT)
SCOPE_FIELDS = {
    "scope": s.enum(QUESTION_SCOPES, "none (the default), categories or systems."),
    "categories": {"type": "array", "items": s.enum(CATEGORIES), "maxItems": 10},
    "systems": {"type": "array", "items": s.ID, "maxItems": 500, "description": "Ids of named systems."},
}
DISPOSITION_FIELDS = {
    "disposition": s.enum(
        QUESTION_DISPOSITIONS,
        "answer (the default: from the register or in your own words), not_held, ncnd, exempt, s21 or s12.",
    ),
    "ncnd_exemption": {
        "type": "string",
        "enum": ["", *rules.NCND],
        "description": "ncnd: the exemption relied on to neither confirm nor deny.",
    },
    "exemption": {
        "type": "string",
        "enum": ["", *(t.value for t in EXEMPTIONS)],
        "description": "exempt: the exemption it is withheld under in full (for s21 use disposition s21).",
    },
    "other": s.text(200, "exempt under other: the exemption's name."),
    "subsection": s.text(30, "exempt: the subsection cited, such as (1)(a); ncnd: set from the exemption."),
    "detail": s.text(
        questions.TEXT_LIMIT, "s21: where it is published; s12: the estimate; not_held: the searches made."
    ),
}
QUESTION_INPUT = s.obj(
    {
        "number": s.text(20, "As the requester numbered it: 1, 1a, 2i."),
        "text": TEXT,
        **SCOPE_FIELDS,
        "fact": s.enum(FOI_FACTS, "What answers it; leave out for the suggested fact, still to confirm."),
        "answer": TEXT,
        **DISPOSITION_FIELDS,
    },
    ("number", "text"),
)
QUESTION = s.obj(
    {
        "id": s.ID,
        "number": {"type": "string"},
        "text": {"type": "string"},
        "scope": s.enum(QUESTION_SCOPES),
        "categories": {"type": "array", "items": s.enum(CATEGORIES)},
        "systems": {"type": "array", "items": s.obj({"id": s.ID, "name": {"type": "string"}}, extra=True)},
        "fact": s.enum(FOI_FACTS),
        "confirmed": {"type": "boolean", "description": "False while the fact is only suggested."},
        "answer": {"type": "string"},
        "parent_answer": {
            **s.nullable({"type": "string", "enum": ["yes", "no"]}),
            "description": "Parent only.",
        },
        "disposition": s.enum(QUESTION_DISPOSITIONS),
        "ncnd_exemption": {"type": "string"},
        "exemption": {"type": "string"},
        "other": {"type": "string"},
        "subsection": {"type": "string"},
        "detail": {"type": "string"},
        "revision": s.ID,
    },
    extra=True,
)
SPLIT_INPUT = s.obj(
    {
        "pasted": s.text(s.LONG, "The questions as the requester wrote them."),
        **SCOPE_FIELDS,
        "confirm": {"type": "boolean", "default": False, "description": "False: preview only; true: add."},
    },
    ("pasted",),
)
SPLIT = s.obj(
    {
        "preamble": {"type": "string", "description": "Text before the first number, not added."},
        "items": {"type": "array", "items": s.obj({"number": {"type": "string"}}, extra=True)},
        "added": {"type": "integer", "minimum": 0},
    },
    extra=True,
)
s.COMPONENTS.update(
    {"FoiQuestion": QUESTION, "FoiQuestionInput": QUESTION_INPUT, "FoiQuestionsPaste": SPLIT_INPUT}
)


def question_json(item: dict) -> dict:
    """A question as the API shows it, with the systems in its scope the caller may see."""
    keys = ("id", "number", "text", "scope", "categories", "fact", "confirmed", "answer", "revision")
    keys += ("disposition", "other", "subsection", "detail")
    ncnd = item["disposition"] == "ncnd"
    return {
        **{key: item[key] for key in keys},
        # Stored in one column; shown in the field each disposition is sent in.
        "ncnd_exemption": item["exemption"] if ncnd else "",
        "exemption": "" if ncnd else item["exemption"],
        "systems": [{"id": x["id"], "name": x["name"]} for x in item["systems"]],
        "parent_answer": item.get("parent_answer"),
    }


def _etag(question: dict) -> str:
    return f'"foi-question-{question["id"]}-r{question["revision"]}"'


def _one(request_id: int, question_id: int) -> dict:
    questions.get(get_db(), actor(), request_id, question_id)
    listed = questions.listing(get_db(), actor(), request_id)
    return question_json(next(q for q in listed if q["id"] == question_id))


@operation(
    "GET",
    "/foi-requests/{request_id}/questions",
    "listFoiQuestions",
    summary="A request's questions in the requester's order, with parent questions' yes or no",
    permission="read",
    tag="Exports and FOI",
    params=(REQUEST_ID,),
    response={"type": "array", "items": QUESTION},
    errors=(404,),
)
def list_questions(request_id: int, query: dict, body: None):
    questions.get_request(get_db(), actor(), request_id)
    return [question_json(q) for q in questions.listing(get_db(), actor(), request_id)]


@operation(
    "POST",
    "/foi-requests/{request_id}/questions",
    "addFoiQuestion",
    summary="Add one question; a register fact or a yes or no needs a scope",
    permission="manage_foi",
    tag="Exports and FOI",
    params=(REQUEST_ID,),
    body=QUESTION_INPUT,
    status=201,
    response=QUESTION,
    errors=(404, 422),
)
def add_question(request_id: int, query: dict, body: dict):
    question_id = questions.add(get_db(), actor(), request_id, body)
    found = _one(request_id, question_id)
    location = url_for("api.updateFoiQuestion", request_id=request_id, question_id=question_id)
    return json_response(found, 201, _etag(found), location)


@operation(
    "POST",
    "/foi-requests/{request_id}/questions/split",
    "splitFoiQuestions",
    summary="Split pasted questions into numbered items with suggested facts; add them if confirm is true",
    permission="manage_foi",
    tag="Exports and FOI",
    params=(REQUEST_ID,),
    body=SPLIT_INPUT,
    response=SPLIT,
    errors=(404, 422),
)
def split_questions(request_id: int, query: dict, body: dict):
    found = questions.preview(get_db(), actor(), request_id, body)
    added = questions.add_pasted(get_db(), actor(), request_id, body) if body.get("confirm") else 0
    return {"preamble": found.preamble, "items": found.items, "added": added}


@operation(
    "PUT",
    "/foi-requests/{request_id}/questions/{question_id}",
    "updateFoiQuestion",
    summary="Change a question and confirm its fact (send every field; If-Match required)",
    permission="manage_foi",
    tag="Exports and FOI",
    params=(REQUEST_ID, QUESTION_ID),
    body=QUESTION_INPUT,
    response=QUESTION,
    etag=True,
    needs_if_match=True,
    errors=(404, 412, 422, 428),
)
def update_question(request_id: int, question_id: int, query: dict, body: dict):
    current = questions.get(get_db(), actor(), request_id, question_id)
    etag_matches(_etag(current))  # type: ignore[arg-type]
    questions.update(get_db(), actor(), question_id, body, current["revision"])
    found = _one(request_id, question_id)
    return json_response(found, etag=_etag(found))


@operation(
    "DELETE",
    "/foi-requests/{request_id}/questions/{question_id}",
    "deleteFoiQuestion",
    summary="Delete a question (If-Match required)",
    permission="manage_foi",
    tag="Exports and FOI",
    params=(REQUEST_ID, QUESTION_ID),
    status=204,
    response=None,
    needs_if_match=True,
    errors=(404, 412, 428),
)
def delete_question(request_id: int, question_id: int, query: dict, body: None):
    current = questions.get(get_db(), actor(), request_id, question_id)
    etag_matches(_etag(current))  # type: ignore[arg-type]
    questions.delete(get_db(), actor(), question_id, current["revision"])
    return Response(status=204)
