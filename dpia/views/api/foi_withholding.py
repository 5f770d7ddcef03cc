"""API: withholding decided per FOI request, and a preview of what a request's disclosure would withhold."""

from dpia.services.disclosure import checks, withholding
from dpia.services.disclosure import requests as foi
from dpia.views.api import schemas as s
from dpia.views.api.core import Param, operation
from dpia.views.api.disclosure import REQUEST_ID
from dpia.views.api.withholding import MARK_ID, STRING, STRINGS
from dpia.views.disclosure.exports import options
from dpia.web import actor, get_db

TAG = "Exports and FOI"
REOPEN = "reopen"
DECISION = s.obj(
    {
        "mark_id": s.ID,
        "state": {
            "type": "string",
            "enum": list(withholding.STATES),
            "description": "own: decided for this request; apply: confirmed for it; drop: released for it;"
            " offered: decided for another request or none, still to confirm or drop (the pack waits).",
        },
        "state_label": STRING,
        "where": {"type": "string", "description": "DPIA-2024-003 version 2, or a system's register entry."},
        "label": STRING,
        "passage": STRING,
        "citation": STRING,
        "reason": STRING,
        "decided_for": {"type": "string", "description": "The request it was decided for; empty for none."},
        "created_by": STRING,
        "created_at": STRING,
        "decided_by": {"type": "string", "description": "Who confirmed or dropped it for this request."},
        "decided_at": STRING,
        "note": STRING,
        "places": {**STRINGS, "description": "Every place a withheld passage occurs about its system."},
    }
)
DECIDE_INPUT = s.obj(
    {
        "decision": {
            "type": "string",
            "enum": [withholding.APPLY, withholding.DROP, REOPEN],
            "description": "apply: withhold it for this request too; drop: release it for this request;"
            " reopen: undo the decision, so the pack waits for one again.",
        },
        "note": s.text(2000, "Why, for the file."),
    },
    ("decision",),
)
DECIDE_ALL_INPUT = s.obj(
    {"decision": {"type": "string", "enum": [withholding.APPLY, withholding.DROP]}}, ("decision",)
)
DECIDED_ALL = s.obj(
    {
        "decided": {"type": "integer", "minimum": 0, "description": "How many offered marks were decided."},
        "marks": {"type": "array", "items": DECISION},
    }
)
ITEM = s.obj(
    {
        "mark_id": s.ID,
        "citation": STRING,
        "on": {**STRINGS, "description": "Every part it withholds: DPIA-0003 version 2: Aims."},
        "places": {**STRINGS, "description": "Where it was found and replaced in the pack's files."},
        "leaks": {**STRINGS, "description": "Where the pack would still release it."},
    }
)
LEAK = s.obj({"file": STRING, "part": STRING, "mark_id": s.ID, "citation": STRING, "on": STRING})
PREVIEW = s.obj(
    {
        "request": s.obj({"id": s.ID, "reference": STRING}),
        "can_make": {"type": "boolean", "description": "Whether the pack would be made now."},
        "reasons": {**STRINGS, "description": "Why not: what to look at first, or what it would release."},
        "checked": {
            "type": "boolean",
            "description": "Whether the pack was prepared and checked; false while something other than"
            " marks still to be decided must be looked at first, and items, leaks and files are then empty."
            " Marks still to be decided are withheld in the check and listed in reasons.",
        },
        "items": {"type": "array", "items": ITEM, "description": "Each withholding mark the pack applies."},
        "leaks": {"type": "array", "items": LEAK, "description": "Withheld text the pack would release."},
        "files": {**STRINGS, "description": "The pack's files."},
    }
)
s.COMPONENTS.update(
    {
        "WithholdingDecision": DECISION,
        "WithholdingDecisionInput": DECIDE_INPUT,
        "WithholdingPreview": PREVIEW,
    }
)


def decision_json(found: withholding.Decision) -> dict:
    """A mark as one request sees it."""
    return {
        "mark_id": found.mark_id,
        "state": found.state,
        "state_label": withholding.STATES[found.state],
        **{key: getattr(found, key) for key in DECISION_FIELDS},
        "places": list(found.places),
    }


DECISION_FIELDS = ("where", "label", "passage", "citation", "reason", "decided_for")
DECISION_FIELDS += ("created_by", "created_at", "decided_by", "decided_at", "note")


def _review(request_id: int) -> list[withholding.Decision]:
    return withholding.review(get_db(), actor(), foi.get(get_db(), actor(), request_id))


@operation(
    "GET",
    "/foi-requests/{request_id}/withholding",
    "listFoiWithholding",
    summary="Every withholding mark on what a request would release: decided, confirmed, dropped or offered",
    description="A mark decided for another request (or for none) is offered: the request's pack waits until"
    " each is confirmed (apply) or released (drop) for it.",
    permission="withhold",
    tag=TAG,
    params=(REQUEST_ID,),
    response={"type": "array", "items": DECISION},
    errors=(404,),
)
def list_request_withholding(request_id: int, query: dict, body: None):
    return [decision_json(d) for d in _review(request_id)]


@operation(
    "PUT",
    "/foi-requests/{request_id}/withholding/{mark_id}",
    "decideFoiWithholding",
    summary="Confirm (apply) or release (drop) for this request a mark decided elsewhere, or reopen it",
    description="404 if the mark is not on anything the request would release; 422 for a mark decided for"
    " this request (remove it where it was made instead).",
    permission="withhold",
    tag=TAG,
    params=(REQUEST_ID, MARK_ID),
    body=DECIDE_INPUT,
    response=DECISION,
    errors=(404, 422),
)
def decide(request_id: int, mark_id: int, query: dict, body: dict):
    decision = "" if body["decision"] == REOPEN else body["decision"]
    withholding.decide(get_db(), actor(), request_id, mark_id, decision, body.get("note", ""))
    return decision_json(next(d for d in _review(request_id) if d.mark_id == mark_id))


@operation(
    "POST",
    "/foi-requests/{request_id}/withholding",
    "decideAllFoiWithholding",
    summary="Confirm or release for this request every mark still offered to it",
    permission="withhold",
    tag=TAG,
    params=(REQUEST_ID,),
    body=DECIDE_ALL_INPUT,
    response=DECIDED_ALL,
    errors=(404, 422),
)
def decide_all(request_id: int, query: dict, body: dict):
    count = withholding.decide_all(get_db(), actor(), request_id, body["decision"])
    return {"decided": count, "marks": [decision_json(d) for d in _review(request_id)]}


def _item_json(item: checks.Item) -> dict:
    return {
        "mark_id": item.mark_id,
        "citation": item.citation,
        "on": list(item.on),
        "places": list(item.places),
        "leaks": list(item.leaks),
    }


def preview_json(found: checks.Preview) -> dict:
    """What a request's pack would withhold, and whether it can be made now."""
    check = found.check
    leaks = [
        {
            "file": leak.file,
            "part": leak.part,
            "mark_id": leak.item.mark_id,
            "citation": leak.item.citation,
            "on": leak.item.on,
        }
        for leak in (check.leaks if check else ())
    ]
    return {
        "request": {"id": found.request["id"], "reference": found.request["reference"]},
        "can_make": found.can_make,
        "reasons": list(found.problems),
        "checked": check is not None,
        "items": [_item_json(item) for item in check.items] if check else [],
        "leaks": leaks,
        "files": list(check.files) if check else [],
    }


@operation(
    "GET",
    "/foi-requests/{request_id}/withholding/preview",
    "previewFoiWithholding",
    summary="What the request's pack would withhold, where, and anything it would release; logs nothing",
    description="The pack is prepared as it would be made, then thrown away: nothing is logged or audited."
    " can_make is false, with the reasons, while marks wait for a decision, a system is not ready, or the"
    " pack would release withheld text.",
    permission="disclose",
    tag=TAG,
    params=(
        REQUEST_ID,
        Param("earlier", {"type": "boolean", "default": False}, description="With earlier versions too."),
    ),
    response=PREVIEW,
    errors=(404, 409),
)
def preview(request_id: int, query: dict, body: None):
    found = checks.preview(get_db(), actor(), request_id, options(), earlier=query["earlier"])
    return preview_json(found)
