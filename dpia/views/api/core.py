"""The JSON API's machinery: operations declared once (route, permission, schemas), problems, ETags, limits.

Every operation is declared with the JSON Schemas of its parameters, body and responses. The same
declarations validate each request and generate the OpenAPI document, so the two cannot drift apart.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from flask import Blueprint, Response, current_app, g, request, session, url_for
from jsonschema import Draft202012Validator
from werkzeug.exceptions import HTTPException

from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.permissions import PERMISSIONS, allows
from dpia.services.accounts import rate_limits, tokens
from dpia.web import allow, client_address, get_db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PROBLEM = "application/problem+json"
# No operation's body nests deeper than a few levels; 64 leaves room and stays far from the recursion limit.
MAX_DEPTH = 64
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
REFERENCE = "/api/reference"


@dataclass(frozen=True)
class Param:
    """A path or query parameter."""

    name: str
    schema: dict
    where: str = "query"
    description: str = ""
    required: bool = False


@dataclass
class Operation:
    """One API operation, as routed, checked and documented."""

    method: str
    path: str
    operation_id: str
    summary: str
    permission: str
    tag: str
    response: dict | None
    params: tuple[Param, ...] = ()
    body: dict | None = None
    status: int = 200
    etag: bool = False
    needs_if_match: bool = False
    media_type: str = "application/json"
    description: str = ""
    errors: tuple[int, ...] = ()
    view: Callable | None = field(default=None, repr=False)


OPERATIONS: list[Operation] = []


def _flask_path(op: Operation) -> str:
    path = op.path
    for param in op.params:
        if param.where == "path":
            converter = "int" if param.schema.get("type") == "integer" else "string"
            path = path.replace("{" + param.name + "}", f"<{converter}:{param.name}>")
    return path


def operation(method: str, path: str, operation_id: str, **details) -> Callable:
    """Declare an API operation; the view receives path parameters, `query` and `body`."""

    def decorate(func: Callable) -> Callable:
        op = Operation(method, path, operation_id, **details)
        if op.permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {op.permission!r}")

        @wraps(func)
        def view(**path_args):
            return _run(op, func, path_args)

        op.view = allow(op.permission)(view)
        bp.add_url_rule(_flask_path(op), endpoint=operation_id, view_func=op.view, methods=[method])
        OPERATIONS.append(op)
        return func

    return decorate


# Problems (RFC 9457)


class ApiProblem(Exception):
    """A refusal with an HTTP status, shown as application/problem+json."""

    def __init__(self, status: int, title: str, detail: str = "", **extra):
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def problem(status: int, title: str, detail: str = "", headers: dict | None = None, **extra) -> Response:
    """An RFC 9457 problem document."""
    body = {"type": f"{REFERENCE}#problem-{status}", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM, headers=headers)


def _field_errors(errors: dict[str, str]) -> list[dict]:
    return [{"field": key, "message": message} for key, message in errors.items()]


def _from_service(error: Exception) -> ApiProblem:
    if isinstance(error, Invalid):
        detail = "The request was refused: see errors for what to change in each field."
        return ApiProblem(422, "Validation failed", detail, errors=_field_errors(error.errors))
    if isinstance(error, NotFound):
        return ApiProblem(404, "Not found", str(error))
    if isinstance(error, Conflict):
        return ApiProblem(412, "Precondition failed", str(error), changes=error.changes)
    # NotNow (the version's state) and a role refusal inside a use case whose route the token may call.
    return ApiProblem(409, "Not allowed now", str(error))


# Requests


def _query(op: Operation) -> dict:
    values, errors = {}, {}
    for param in (p for p in op.params if p.where == "query"):
        if param.schema.get("type") == "array":
            chosen = request.args.getlist(param.name)
            problems = list(Draft202012Validator(param.schema).iter_errors(chosen))
            if problems:
                errors[param.name] = problems[0].message
            elif chosen:
                values[param.name] = chosen
            continue
        raw = request.args.get(param.name)
        if raw is None:
            if "default" in param.schema:
                values[param.name] = param.schema["default"]
            elif param.required:
                errors[param.name] = f"Add the query parameter {param.name}"
            continue
        value, message = _coerce(raw, param.schema)
        if message:
            errors[param.name] = message
        else:
            values[param.name] = value
    if errors:
        raise ApiProblem(
            422, "Invalid query parameters", "See errors for each parameter.", errors=_field_errors(errors)
        )
    return values


def _coerce(raw: str, schema: dict) -> tuple[object, str]:
    value: object = raw
    if schema.get("type") == "integer":
        if not raw.lstrip("-").isdigit() or len(raw) > 9:
            return None, "must be a whole number"
        value = int(raw)
    elif schema.get("type") == "boolean":
        if raw not in ("true", "false"):
            return None, "must be true or false"
        value = raw == "true"
    problems = list(Draft202012Validator(schema).iter_errors(value))
    return value, problems[0].message if problems else ""


def _body(op: Operation) -> object:
    if op.body is None:
        return None
    if request.mimetype != "application/json":
        raise ApiProblem(415, "Unsupported media type", "Send the request body as application/json.")
    raw = request.get_data(cache=False) or b"null"
    # Checked before parsing: a body nested deeper than Python's recursion limit would crash the parser.
    if _depth(raw) > MAX_DEPTH:
        raise ApiProblem(400, "Malformed JSON", f"The body is nested more than {MAX_DEPTH} levels deep.")
    try:
        data = json.loads(raw)
        # The parser accepts "\ud800", a lone surrogate no UTF-8 text (or SQLite) can hold: refuse it here.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (ValueError, UnicodeError, RecursionError) as error:
        raise ApiProblem(400, "Malformed JSON", f"The body is not valid JSON: {error}") from None
    validate(data, op.body)
    return data


def _depth(raw: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings are skipped)."""
    deepest = depth = 0
    # Strings (with their escapes) are removed first, so brackets inside them do not count.
    for bracket in re.sub(rb'"(?:[^"\\]|\\.)*"', b"", raw).translate(None, _NOT_BRACKETS):
        depth += 1 if bracket in b"[{" else -1
        deepest = max(deepest, depth)
    return deepest


def validate(data: object, schema: dict, prefix: str = "") -> None:
    """Check data against a schema; every problem is reported with the field it is in."""
    validator = Draft202012Validator(schema)
    errors = {}
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        where = prefix + "".join(f"/{p}" for p in error.absolute_path) or "/"
        # Messages quote the value; a long one is cut so a huge input is not echoed back in full.
        errors.setdefault(where, error.message if len(error.message) <= 300 else error.message[:297] + "...")
    if errors:
        detail = "The request body does not match the schema: see errors for each field."
        raise ApiProblem(422, "Validation failed", detail, errors=_field_errors(errors))


def etag_matches(current: str) -> None:
    """Optimistic concurrency: refuse a missing (428) or stale (412) If-Match."""
    sent = request.headers.get("If-Match")
    if not sent:
        raise ApiProblem(428, "Precondition required", "Send If-Match with the ETag from your last read.")
    tags = [t.strip() for t in sent.split(",")]
    if "*" in tags:
        # "*" matches any version, so it would overwrite changes the caller never saw.
        raise ApiProblem(
            428, "Precondition required", "If-Match: * is not accepted: send the ETag from your last read."
        )
    if current not in tags and f"W/{current}" not in tags:
        raise ApiProblem(412, "Precondition failed", "The resource changed since you read it: read it again.")


def _run(op: Operation, func: Callable, path_args: dict) -> Response:
    try:
        result = func(**path_args, query=_query(op), body=_body(op))
    except ApiProblem as refused:
        return _problem_with_current(refused)
    except (Invalid, NotFound, Conflict, Forbidden) as error:
        return _problem_with_current(_from_service(error))
    return result if isinstance(result, Response) else json_response(result, op.status)


def _problem_with_current(refused: ApiProblem) -> Response:
    headers = (
        {"Retry-After": str(refused.extra.pop("retry_after"))} if "retry_after" in refused.extra else None
    )
    return problem(refused.status, refused.title, refused.detail, headers=headers, **refused.extra)


def json_response(
    data: object, status: int = 200, etag: str | None = None, location: str | None = None
) -> Response:
    """A JSON response, with an ETag and Location when given."""
    response = Response(json.dumps(data, ensure_ascii=False), status=status, mimetype="application/json")
    if etag:
        response.headers["ETag"] = etag
    if location:
        response.headers["Location"] = location
    return response


def paginate(items: list, total: int, query: dict, endpoint: str, **args) -> dict:
    """A page of a listing with links to the pages either side."""
    page, per_page = query["page"], query["per_page"]
    others = {k: v for k, v in query.items() if k not in ("page", "per_page") and v is not None}

    def link(number: int) -> str:
        return url_for(endpoint, **args, **others, page=number, per_page=per_page)

    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "links": {
            "next": link(page + 1) if page * per_page < total else None,
            "prev": link(page - 1) if page > 1 else None,
        },
    }


# Authentication, permissions and rate limits


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@bp.before_request
def authenticate():
    """Every call carries an API token; the route's permission is checked like a page's."""
    op = next((o for o in OPERATIONS if f"api.{o.operation_id}" == request.endpoint), None)
    if op is None:
        return problem(404, "Not found", "No such API operation.")
    token = _bearer()
    if token is None and op.operation_id == "openapi" and session.get("user_id"):
        return None  # The contract may be read from a signed-in browser too; it holds no data.
    if token is None:
        return problem(
            401,
            "Authentication required",
            "Send an API token: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": 'Bearer realm="dpia"'},
        )
    # Counted in the database, so the limit holds however many server processes answer the token.
    wait = rate_limits.retry_after(get_db(), f"token:{token}", current_app.config["API_RATE_LIMIT"])
    if wait:
        return problem(429, "Too many requests", f"Wait {wait} seconds.", headers={"Retry-After": str(wait)})
    actor = tokens.actor_for_token(get_db(), token, client_address())
    if actor is None:
        tokens.record_refusal(
            get_db(), token, client_address(), current_app.config["AUDIT_ANONYMOUS_PER_MINUTE"]
        )
        return problem(
            401,
            "Invalid token",
            "The token is unknown, revoked, or its account is disabled.",
            headers={"WWW-Authenticate": 'Bearer realm="dpia", error="invalid_token"'},
        )
    if not allows(op.permission, actor.roles):
        return problem(403, "Forbidden", "Your roles do not allow this operation.")
    g.actor = actor
    return None


@bp.errorhandler(HTTPException)
def http_problem(error: HTTPException):
    """Errors Flask raises itself, such as 405, as problems too."""
    return problem(error.code or 500, error.name, error.description or "")
