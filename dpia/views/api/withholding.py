"""API: withholding marks on versions and register entries. Marks hold the withheld text: FOI officers only.

Decisions per FOI request and the preview of a disclosure are in foi_withholding."""

from flask import Response, url_for

from dpia.errors import NotFound
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import withholding
from dpia.views.api import schemas as s
from dpia.views.api.assessments import ASSESSMENT_ID, NUMBER
from dpia.views.api.core import Param, json_response, operation
from dpia.views.api.systems import SYSTEM_ID
from dpia.vocab import EXEMPTIONS
from dpia.web import actor, get_db

TAG = "Exports and FOI"
MARK_ID = Param("mark_id", s.ID, "path", "The withholding mark's id.", required=True)
STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}
MARK_INPUT = s.obj(
    {
        "target": s.text(
            500,
            "The part to withhold, by path: one of the targets listed with the marks, such as aims,"
            " section:risks, risks/0a1b2c3d/source or costs/<key>/amount.",
        ),
        "scope": {
            "type": "string",
            "enum": [withholding.WHOLE, withholding.PASSAGE],
            "default": withholding.WHOLE,
            "description": "whole (the default) or passage: only the passage, in a target that is text.",
        },
        "passage": s.text(
            20_000, "passage: the text to withhold, copied from the page (spacing may differ)."
        ),
        "exemption": s.enum(EXEMPTIONS, "The FOIA exemption; other needs its name in other."),
        "subsection": s.text(20, "Such as (1)(a) or (2)."),
        "other": s.text(200, "other: the exemption in full, such as section 42 FOIA."),
        "reason": s.text(5000, "Why the exemption applies; never shown in a disclosure."),
        "request": {
            "anyOf": [s.text(40), s.ID],
            "description": "The FOI request the mark is decided for, by reference (855A/22) or id; leave out"
            " for none. Other requests releasing the same part are offered it to confirm or drop.",
        },
    },
    ("target", "exemption", "reason"),
)
MARK = s.obj(
    {
        "id": s.ID,
        "target": STRING,
        "label": {"type": "string", "description": "The part as pages name it."},
        "scope": {"type": "string", "enum": [withholding.WHOLE, withholding.PASSAGE]},
        "passage": {"type": "string", "description": "The withheld passage; empty for a whole part."},
        "exemption": STRING,
        "citation": {"type": "string", "description": "As disclosures cite it: section 31(1)(a) FOIA."},
        "reason": STRING,
        "decided_for": {"type": "string", "description": "The FOI request's reference; empty for none."},
        "created_at": STRING,
        "created_by": STRING,
        "copied": {"type": "boolean", "description": "Copied from the previous version when it was started."},
        "problem": {
            "type": "string",
            "description": "Why it no longer applies cleanly (the part or passage has gone): it blocks"
            " disclosure until removed. Empty when it applies.",
        },
        "also": {**STRINGS, "description": "Rows withheld with it because they point at it."},
    }
)
TARGET = s.obj(
    {
        "path": STRING,
        "label": STRING,
        "scope": {"type": "string", "description": "section, detail, question, row, cell or field."},
        "passages": {"type": "boolean", "description": "Whether a passage of it may be withheld."},
    }
)
MARKS = s.obj(
    {
        "marks": {"type": "array", "items": MARK},
        "targets": {"type": "array", "items": TARGET, "description": "Every part that may be withheld."},
    }
)
s.COMPONENTS.update({"WithholdingMark": MARK, "WithholdingMarkInput": MARK_INPUT, "WithholdingMarks": MARKS})


def mark_json(mark: withholding.Mark) -> dict:
    """A mark as the API shows it."""
    return {
        "id": mark.id,
        "target": mark.target,
        "label": mark.label,
        "scope": withholding.PASSAGE if mark.passage else withholding.WHOLE,
        "passage": mark.passage,
        "exemption": mark.exemption,
        "citation": mark.citation,
        "reason": mark.reason,
        "decided_for": mark.request,
        "created_at": mark.created_at,
        "created_by": mark.created_by,
        "copied": mark.copied,
        "problem": mark.problem,
        "also": list(mark.also),
    }


def _marks_json(marks: list[withholding.Mark], targets: dict) -> dict:
    return {
        "marks": [mark_json(m) for m in marks],
        "targets": [
            {"path": t.path, "label": t.label, "scope": t.scope, "passages": t.passages}
            for t in targets.values()
        ],
    }


def _one(marks: list[withholding.Mark], mark_id: int, noun: str) -> dict:
    found = next((m for m in marks if m.id == mark_id), None)
    if found is None:
        raise NotFound(f"That mark is not on this {noun}")
    return mark_json(found)


# Assessment versions


def _version_marks(assessment_id: int, number: int) -> list[withholding.Mark]:
    return withholding.version_marks(get_db(), assessments.load(get_db(), actor(), assessment_id, number))


@operation(
    "GET",
    "/assessments/{assessment_id}/versions/{number}/withholding",
    "listVersionMarks",
    summary="A version's withholding marks, with any problem, and every part that may be withheld",
    permission="withhold",
    tag=TAG,
    params=(ASSESSMENT_ID, NUMBER),
    response=MARKS,
    errors=(404,),
)
def list_version_marks(assessment_id: int, number: int, query: dict, body: None):
    version = assessments.load(get_db(), actor(), assessment_id, number)
    return _marks_json(withholding.version_marks(get_db(), version), withholding.version_target_map(version))


@operation(
    "POST",
    "/assessments/{assessment_id}/versions/{number}/withholding",
    "markVersion",
    summary="Withhold a part of a version, or a passage of it, from disclosures under an exemption",
    description="Refused with 422 and a message per field (an unknown target, a passage not found in it, a"
    " missing reason, an unknown request, a part already withheld), nothing stored.",
    permission="withhold",
    tag=TAG,
    params=(ASSESSMENT_ID, NUMBER),
    body=MARK_INPUT,
    status=201,
    response=MARK,
    errors=(404, 422),
)
def mark_version(assessment_id: int, number: int, query: dict, body: dict):
    mark_id = withholding.mark_version(get_db(), actor(), assessment_id, number, body)
    found = _one(_version_marks(assessment_id, number), mark_id, "version")
    location = url_for("api.getVersionMark", assessment_id=assessment_id, number=number, mark_id=mark_id)
    return json_response(found, 201, location=location)


@operation(
    "GET",
    "/assessments/{assessment_id}/versions/{number}/withholding/{mark_id}",
    "getVersionMark",
    summary="One withholding mark of a version",
    permission="withhold",
    tag=TAG,
    params=(ASSESSMENT_ID, NUMBER, MARK_ID),
    response=MARK,
    errors=(404,),
)
def get_version_mark(assessment_id: int, number: int, mark_id: int, query: dict, body: None):
    return _one(_version_marks(assessment_id, number), mark_id, "version")


@operation(
    "DELETE",
    "/assessments/{assessment_id}/versions/{number}/withholding/{mark_id}",
    "deleteVersionMark",
    summary="Stop withholding a part of a version (404 if the mark is not on it)",
    permission="withhold",
    tag=TAG,
    params=(ASSESSMENT_ID, NUMBER, MARK_ID),
    status=204,
    response=None,
    errors=(404,),
)
def delete_version_mark(assessment_id: int, number: int, mark_id: int, query: dict, body: None):
    withholding.remove_version_mark(get_db(), actor(), assessment_id, number, mark_id)
    return Response(status=204)


# Systems' register entries


def _system_marks(system_id: int) -> list[withholding.Mark]:
    return withholding.system_marks(get_db(), systems.get(get_db(), actor(), system_id))


@operation(
    "GET",
    "/systems/{system_id}/withholding",
    "listSystemMarks",
    summary="A register entry's withholding marks, with any problem, and every part that may be withheld",
    permission="withhold",
    tag=TAG,
    params=(SYSTEM_ID,),
    response=MARKS,
    errors=(404,),
)
def list_system_marks(system_id: int, query: dict, body: None):
    system = systems.get(get_db(), actor(), system_id)
    return _marks_json(withholding.system_marks(get_db(), system), withholding.system_target_map(system))


@operation(
    "POST",
    "/systems/{system_id}/withholding",
    "markSystem",
    summary="Withhold a part of a system's register entry, or a passage of it, under an exemption",
    description="Refused with 422 and a message per field, nothing stored.",
    permission="withhold",
    tag=TAG,
    params=(SYSTEM_ID,),
    body=MARK_INPUT,
    status=201,
    response=MARK,
    errors=(404, 422),
)
def mark_system(system_id: int, query: dict, body: dict):
    mark_id = withholding.mark_system(get_db(), actor(), system_id, body)
    found = _one(_system_marks(system_id), mark_id, "system")
    location = url_for("api.getSystemMark", system_id=system_id, mark_id=mark_id)
    return json_response(found, 201, location=location)


@operation(
    "GET",
    "/systems/{system_id}/withholding/{mark_id}",
    "getSystemMark",
    summary="One withholding mark of a register entry",
    permission="withhold",
    tag=TAG,
    params=(SYSTEM_ID, MARK_ID),
    response=MARK,
    errors=(404,),
)
def get_system_mark(system_id: int, mark_id: int, query: dict, body: None):
    return _one(_system_marks(system_id), mark_id, "system")


@operation(
    "DELETE",
    "/systems/{system_id}/withholding/{mark_id}",
    "deleteSystemMark",
    summary="Stop withholding a part of a register entry (404 if the mark is not on it)",
    permission="withhold",
    tag=TAG,
    params=(SYSTEM_ID, MARK_ID),
    status=204,
    response=None,
    errors=(404,),
)
def delete_system_mark(system_id: int, mark_id: int, query: dict, body: None):
    withholding.remove_system_mark(get_db(), actor(), system_id, mark_id)
    return Response(status=204)
