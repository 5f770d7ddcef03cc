"""The OpenAPI 3.1 document, generated from the declared operations and schemas."""

from flask import request

from dpia.permissions import PERMISSIONS
from dpia.views.api import schemas as s
from dpia.views.api.core import OPERATIONS, PROBLEM, Operation, operation

TAGS = (
    ("Systems", "The register of systems."),
    ("Assessments", "PIAs, DPIAs, EqIAs and screenings of each system, every version, and their workflow."),
    ("Monitoring data", "Aggregate counts per system, and their release with small numbers suppressed."),
    ("Search", "Names, aliases and every answer of every version, with the page's filters and rules."),
    ("Exports and FOI", "Word copies, FOI requests, response packs and the disclosure log."),
    (
        "ATRS records",
        "Answers to the Algorithmic Transparency Recording Standard template, and their exports.",
    ),
    ("Publications", "Systems' public records on the transparency pages: published versions, withdrawing."),
    ("Contract", "This description of the API."),
)
COMMON_ERRORS = {
    401: "No token, or an unknown or revoked one.",
    403: "Your roles do not allow this operation.",
    429: "Too many calls: wait the number of seconds in Retry-After.",
}
ERRORS = {
    400: "The body is not valid JSON, holds a lone surrogate, or nests more than 64 levels deep.",
    404: "Not found, or not visible to you.",
    409: "Not allowed in the resource's current state; the detail says why.",
    412: "If-Match does not match the current ETag: read the resource again.",
    415: "The body is not application/json.",
    422: "Validation failed: errors lists each field with its message.",
    428: "If-Match is required, with an ETag (not `*`).",
    503: "A PDF copy cannot be made here (LibreOffice is absent, turned off or failed): see detail.",
}


def _component_names() -> dict[int, str]:
    return {id(schema): name for name, schema in s.COMPONENTS.items()}


def _ref(schema: dict, names: dict[int, str]) -> dict:
    """A reference to a named component when the schema is one, else the schema itself."""
    if id(schema) in names:
        return {"$ref": f"#/components/schemas/{names[id(schema)]}"}
    if (
        schema.get("type") == "array"
        and isinstance(schema.get("items"), dict)
        and id(schema["items"]) in names
    ):
        return {**schema, "items": _ref(schema["items"], names)}
    return schema


def _problem(description: str) -> dict:
    return {
        "description": description,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _parameters(op: Operation) -> list[dict]:
    found = [
        {
            "name": p.name,
            "in": p.where,
            "required": p.required or p.where == "path",
            "schema": p.schema,
            **({"description": p.description} if p.description else {}),
        }
        for p in op.params
    ]
    if op.needs_if_match:
        found.append(
            {
                "name": "If-Match",
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
                "description": "The ETag from your last read; a stale one gets 412, none gets 428.",
            }
        )
    return found


def _success(op: Operation, names: dict[int, str]) -> dict:
    headers = {}
    if op.etag or op.status == 201:
        headers["ETag"] = {
            "schema": {"type": "string"},
            "description": "Send it back in If-Match to change this.",
        }
    if op.status == 201:
        headers["Location"] = {"schema": {"type": "string"}, "description": "Where the new resource is."}
    content = {op.media_type: {"schema": _ref(op.response, names)}} if op.response is not None else {}
    return {"description": "Success", "headers": headers, "content": content}


def _responses(op: Operation, names: dict[int, str]) -> dict:
    responses = {str(op.status): _success(op, names)}
    statuses = set(op.errors) | ({400, 415, 422} if op.body else set()) | ({422} if op.params else set())
    for status in sorted(statuses):
        responses[str(status)] = _problem(ERRORS[status])
    for status, description in COMMON_ERRORS.items():
        responses[str(status)] = _problem(description)
    return responses


def _operation(op: Operation, names: dict[int, str]) -> dict:
    roles = sorted(PERMISSIONS[op.permission])
    found = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": (op.description + "\n\n" if op.description else "") + f"Roles: {', '.join(roles)}.",
        "tags": [op.tag],
        "parameters": _parameters(op),
        "responses": _responses(op, names),
        "x-roles": roles,
    }
    if op.body is not None:
        found["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(op.body, names)}},
        }
    return found


def document() -> dict:
    """The OpenAPI description of every declared operation."""
    names = _component_names()
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, names)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "dpia API",
            "version": "1",
            "description": "Systems, assessments and monitoring data of the impact-assessment register. "
            "Authenticate with a personal API token (Authorization: Bearer ...). Reads return an ETag; "
            "changes need If-Match. Errors are RFC 9457 problem documents. Dates are ISO 8601; dates "
            "known only to the year or month are written 2017 or 2017-06.",
        },
        "servers": [{"url": request.host_url.rstrip("/") + "/api/v1"}],
        "tags": [{"name": name, "description": text} for name, text in TAGS],
        "paths": paths,
        "components": {
            "schemas": s.COMPONENTS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "A dpia API token."}
            },
        },
        "security": [{"bearer": []}],
    }


@operation(
    "GET",
    "/openapi.json",
    "openapi",
    summary="This API's OpenAPI 3.1 description",
    permission="read",
    tag="Contract",
    response={"type": "object"},
)
def openapi_json(query: dict, body: None):
    return document()
