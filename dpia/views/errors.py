"""Error pages: every failure gets a page that says what happened and what to do."""

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from dpia.errors import Conflict, Forbidden, Invalid, NotFound, NotNow

MESSAGES = {
    400: ("There is a problem with your request", "Check what you entered and try again."),
    403: ("You do not have permission to see this page", "Ask an administrator if you need access."),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you followed a link, "
        "the page may have been removed.",
    ),
    405: ("That action is not available here", "Go back and use the page's buttons."),
    409: ("That cannot be done now", "Go back, reload the page and check its current state."),
    413: ("The upload is too large", "Choose a smaller file."),
    429: ("Too many requests", "Wait a minute, then try again."),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you entered has been saved.",
    ),
}


def _page(code: int, detail: str | None = None):
    title, advice = MESSAGES.get(code, MESSAGES[500])
    if request.path.startswith("/api/"):
        from dpia.views.api.core import problem

        return problem(code, title, detail or advice)
    # The public never sees the staff register's page, and the public pages' own process has no register.
    public = current_app.config.get("PUBLIC_ONLY") or request.path.startswith("/transparency/")
    template = "errors/public.html" if public else "errors/error.html"
    return render_template(template, title=title, advice=detail or advice, code=code), code


def register(app: Flask) -> None:
    """Install handlers for HTTP errors and unexpected exceptions."""

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        return _page(
            400,
            "The form had expired or was sent from somewhere else. Go back, "
            "reload the page and submit it again.",
        )

    # Use cases report failures as domain errors; views let them through to be shown here, in one place.
    @app.errorhandler(NotFound)
    def not_found(error: NotFound):
        return _page(404)

    @app.errorhandler(Forbidden)
    def forbidden(error: Forbidden):
        return _page(403, str(error))

    @app.errorhandler(NotNow)
    def not_now(error: NotNow):
        return _page(409, str(error))

    @app.errorhandler(Conflict)
    def conflict(error: Conflict):
        return _page(409, str(error))

    @app.errorhandler(Invalid)
    def invalid(error: Invalid):
        return _page(400, " ".join(error.errors.values()) or None)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _page(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error")
        return _page(500)
