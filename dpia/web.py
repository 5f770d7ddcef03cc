"""Glue between Flask and the use cases: the request's database, actor and access rules."""

import time
from collections.abc import Callable, Iterator
from functools import wraps

from flask import abort, current_app, flash, g, redirect, request, session, url_for

from dpia.actor import Actor
from dpia.permissions import PERMISSIONS, PUBLIC, allows
from dpia.services.accounts import users as accounts
from dpia.store.db import Database, connect, connect_read_only


def get_db() -> Database:
    """The request's database connection, opened on first use."""
    if "db" not in g:
        # The public pages' own process may only read (create_public_app).
        opener = connect_read_only if current_app.config.get("DATABASE_READ_ONLY") else connect
        g.db = opener(current_app.config["DATABASE"])
    return g.db


def streamed(produce: Callable[[Database], Iterator[str]]) -> Iterator[str]:
    """A download produced chunk by chunk on a connection of its own.

    The request's connection is closed when the view returns, before the response is read, so a stream
    keeps its own until the last chunk. The first chunk is produced at once (so an export is audited, or
    refused, before any byte is sent).
    """
    db = connect(current_app.config["DATABASE"])
    try:
        chunks = produce(db)
        first = next(chunks)
    except BaseException:
        db.close()
        raise

    def rest() -> Iterator[str]:
        try:
            yield first
            yield from chunks
        finally:
            db.close()

    return rest()


def close_db(_error: BaseException | None = None) -> None:
    """Close the request's connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def allow(permission: str) -> Callable:
    """Declare the permission a view needs; routes without one are refused."""
    if permission != PUBLIC and permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            return view(*args, **kwargs)

        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorate


def permission_of(endpoint: str | None) -> str | None:
    """The permission declared by the view behind an endpoint."""
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "permission", None)


def search_index():
    """The instance's search index (dpia.search.SearchIndex)."""
    return current_app.extensions["dpia.search"]


def start_indexer() -> None:
    """Before a request: make sure this process keeps the search index current (started once, lazily)."""
    if request.endpoint not in (None, "static"):
        search_index().start()


def client_address() -> str:
    """The address a request came from, as the WSGI server reports it."""
    return request.remote_addr or "unknown"


def current_actor() -> Actor | None:
    """The signed-in user as an Actor, or None."""
    return g.get("actor")


def actor() -> Actor:
    """The signed-in user; only called from views that need a sign-in."""
    found = current_actor()
    if found is None:
        abort(401)
    return found


def _load_actor() -> Actor | None:
    user_id = session.get("user_id")
    if user_id is None:
        return None
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    if time.time() - session.get("seen", 0) > idle:
        session.clear()
        flash("You were signed out because you were inactive for a while. Sign in again.", "info")
        return None
    found = accounts.actor_for_session(
        get_db(), user_id, session.get("epoch"), session.get("sid"), client_address(), policy()
    )
    if found is None:
        session.clear()
        return None
    session["seen"] = int(time.time())
    return found


def enforce_access():
    """Before every request: identify the user and check the route's permission."""
    permission = permission_of(request.endpoint)
    if request.endpoint is None:
        return None  # Flask answers 404 or 405 itself.
    if permission is None:
        # Deny by default: a route nobody gave a rule is a mistake, not an open door.
        current_app.logger.error("route %s has no permission rule", request.endpoint)
        abort(403)
    if request.blueprint == "api":
        return None  # The API checks its bearer token and the permission itself.
    g.actor = _load_actor() if permission != PUBLIC or "user_id" in session else None
    if permission == PUBLIC:
        return None
    if g.actor is None:
        return redirect(url_for("auth.sign_in", next=request.full_path if request.method == "GET" else None))
    if not allows(permission, g.actor.roles):
        abort(403)
    return None


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def security_headers(response):
    """Headers every response carries; pages are never cached since they may show assessment content.

    The public transparency pages set their own caching: they show only what was published.
    """
    # A view may set a stricter policy of its own (downloads of uploaded files are sandboxed).
    if "Content-Security-Policy" not in response.headers:
        response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def policy() -> accounts.Policy:
    """Sign-in and password rules from the app's configuration."""
    return accounts.policy_from(current_app.config)


def template_context() -> dict:
    """Values every page needs: the organisation shown in the header."""
    from dpia.services.accounts import settings

    if request.endpoint == "static":
        return {}
    return {"organisation": settings.value(get_db(), "organisation")}
