"""API: assessments of a system, any version, drafts and their workflow."""

from flask import url_for

from dpia import kinds
from dpia.services.assessments import pages, workflow
from dpia.services.assessments import versions as assessments
from dpia.views.api import schemas as s
from dpia.views.api.core import Param, etag_matches, json_response, operation, validate
from dpia.views.api.systems import SYSTEM_ID
from dpia.web import actor, get_db

ASSESSMENT_ID = Param("assessment_id", s.ID, "path", "The assessment's id.", required=True)
NUMBER = Param("number", s.ID, "path", "The version number, from 1.", required=True)


def _version_url(version: dict) -> str:
    return url_for(
        "api.getAssessmentVersion", assessment_id=version["assessment_id"], number=version["number"]
    )


def _summary(version: dict) -> dict:
    return {
        "version": version["number"],
        "status": version["status"],
        "conducted": version["conducted"],
        "approved": version["approved"],
        "review_due": version["review_due"],
        "links": {"self": _version_url(version)},
    }


def assessment_json(page: pages.VersionPage) -> dict:
    """One version of an assessment as the API shows it."""
    v = page.version
    return {
        "assessment_id": v["assessment_id"],
        "reference": v["reference"],
        "kind": v["kind"],
        "kind_label": page.kind.label,
        "version": v["number"],
        "definition_version": v["definition_version"],
        "status": v["status"],
        "title": v["title"],
        "owner": v["owner"],
        "marking": v["marking"],
        "system": {"id": v["system_id"], "name": v["system_name"]},
        **{key: v[key] for key in ("started", "conducted", "approved", "review_due")},
        "answers": v["answers"],
        "flags": [{"key": f.key, "title": f.title, "text": f.text} for f in page.flags],
        "missing_for_review": [message for _, message in page.missing_for_review],
        "missing_for_approval": [message for _, message in page.missing_for_approval],
        "revision": v["revision"],
        "versions": [_summary(other) for other in page.versions],
        "links": {
            "self": _version_url(v),
            "system": url_for("api.getSystem", system_id=v["system_id"]),
            "answers_schema": url_for("api.openapi")
            + f"#/components/schemas/Answers_{v['kind']}_v{page.kind.version}",
        },
    }


def version_etag(version: dict) -> str:
    """The ETag of a version as it now is: it changes with every save and status change."""
    return f'"assessment-{version["assessment_id"]}-v{version["number"]}-r{version["revision"]}"'


def _version_response(assessment_id: int, number: int | None, status: int = 200, created: bool = False):
    page = pages.page(get_db(), actor(), assessment_id, number)
    location = _version_url(page.version) if created else None
    return json_response(assessment_json(page), status, version_etag(page.version), location)


@operation(
    "GET",
    "/systems/{system_id}/assessments",
    "listSystemAssessments",
    summary="A system's assessments by kind, saying plainly which kinds are missing",
    permission="read",
    tag="Assessments",
    params=(SYSTEM_ID,),
    response=s.SYSTEM_ASSESSMENTS,
    errors=(404,),
)
def list_system_assessments(system_id: int, query: dict, body: None):
    from dpia.services import systems

    system = systems.get(get_db(), actor(), system_id)
    groups = []
    for group in assessments.for_system(get_db(), actor(), system_id):
        kind = group["kind"]
        recorded = bool(group["assessments"])
        statement = (
            f"No {kind.short} recorded."
            if not recorded
            else ("" if group["approved"] else f"No approved {kind.short} yet.")
        )
        groups.append(
            {
                "kind": kind.key,
                "label": kind.label,
                "recorded": recorded,
                "approved": group["approved"],
                "statement": statement,
                "assessments": [_assessment_summary(a) for a in group["assessments"]],
            }
        )
    return {"system": {"id": system["id"], "name": system["name"]}, "kinds": groups}


def _assessment_summary(found: dict) -> dict:
    newest = found["versions"][0]
    return {
        "assessment_id": found["id"],
        "reference": found["reference"],
        "kind": newest["kind"],
        "title": newest["title"],
        "versions": [_summary(v) for v in found["versions"]],
        "links": {"self": url_for("api.getAssessment", assessment_id=found["id"])},
    }


@operation(
    "POST",
    "/systems/{system_id}/assessments",
    "startAssessment",
    summary="Start an assessment of a system as a draft",
    permission="edit_assessments",
    tag="Assessments",
    params=(SYSTEM_ID,),
    body=s.ASSESSMENT_START,
    status=201,
    response=s.ASSESSMENT,
    errors=(404, 422),
)
def start_assessment(system_id: int, query: dict, body: dict):
    kind = kinds.latest(body["kind"])
    _check_answers(kind.key, kind.version, body.get("answers"))
    assessment_id = assessments.start(get_db(), actor(), system_id, body)
    return _version_response(assessment_id, 1, 201, created=True)


@operation(
    "GET",
    "/assessments/{assessment_id}",
    "getAssessment",
    summary="Read an assessment's newest version",
    permission="read",
    tag="Assessments",
    params=(ASSESSMENT_ID,),
    response=s.ASSESSMENT,
    etag=True,
    errors=(404,),
)
def get_assessment(assessment_id: int, query: dict, body: None):
    return _version_response(assessment_id, None)


@operation(
    "GET",
    "/assessments/{assessment_id}/versions/{number}",
    "getAssessmentVersion",
    summary="Read any version of an assessment",
    permission="read",
    tag="Assessments",
    params=(ASSESSMENT_ID, NUMBER),
    response=s.ASSESSMENT,
    etag=True,
    errors=(404,),
)
def get_assessment_version(assessment_id: int, number: int, query: dict, body: None):
    return _version_response(assessment_id, number)


def _current_etag(assessment_id: int, number: int) -> int:
    version = assessments.load(get_db(), actor(), assessment_id, number)
    etag_matches(version_etag(version))
    return version["revision"]


@operation(
    "PUT",
    "/assessments/{assessment_id}/versions/{number}",
    "updateDraft",
    summary="Replace a draft's details and answers (If-Match required)",
    description="Answers follow the Answers_<kind>_v<version> schema of the version's kind.",
    permission="edit_assessments",
    tag="Assessments",
    params=(ASSESSMENT_ID, NUMBER),
    body=s.DRAFT_UPDATE,
    response=s.ASSESSMENT,
    etag=True,
    needs_if_match=True,
    errors=(404, 409, 412, 422, 428),
)
def update_draft(assessment_id: int, number: int, query: dict, body: dict):
    revision = _current_etag(assessment_id, number)
    version = assessments.load(get_db(), actor(), assessment_id, number)
    _check_answers(version["kind"], version["definition_version"], body["answers"])
    assessments.update_draft(get_db(), actor(), assessment_id, number, body, revision)
    return _version_response(assessment_id, number)


@operation(
    "POST",
    "/assessments/{assessment_id}/versions/{number}/transitions",
    "transitionVersion",
    summary="Submit, approve, request changes or withdraw (If-Match required)",
    description="Refusals list exactly what is missing, field by field.",
    permission="withdraw",
    tag="Assessments",
    params=(ASSESSMENT_ID, NUMBER),
    body=s.TRANSITION,
    response=s.ASSESSMENT,
    etag=True,
    needs_if_match=True,
    errors=(404, 409, 412, 422, 428),
)
def transition_version(assessment_id: int, number: int, query: dict, body: dict):
    revision = _current_etag(assessment_id, number)
    data = {key: value for key, value in body.items() if key != "action" and value is not None}
    workflow.transition(get_db(), actor(), assessment_id, number, body["action"], data, revision)
    return _version_response(assessment_id, number)


@operation(
    "POST",
    "/assessments/{assessment_id}/versions/{number}/new-version",
    "startNewVersion",
    summary="Copy an approved (or withdrawn) version into a new draft for review",
    permission="edit_assessments",
    tag="Assessments",
    params=(ASSESSMENT_ID, NUMBER),
    status=201,
    response=s.ASSESSMENT,
    errors=(404, 409),
)
def start_new_version(assessment_id: int, number: int, query: dict, body: None):
    created = workflow.new_version(get_db(), actor(), assessment_id, number)
    return _version_response(assessment_id, created, 201, created=True)


def _check_answers(kind_key: str, definition_version: int, answers: object) -> None:
    """Answers must have the shape their kind declares, before the rules of the register are applied."""
    schema = s.ANSWER_SCHEMAS.get(f"Answers_{kind_key}_v{definition_version}")
    if schema is not None and answers is not None:
        validate(answers, schema, prefix="/answers")
