"""The application factory."""

from pathlib import Path

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from dpia import config, kinds
from dpia.domain import compliance
from dpia.store import migrations
from dpia.store.db import connect

MAX_ID = 2**63 - 1


class SessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        from flask import request

        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


class TrustedProxies:
    """Believes X-Forwarded-For/-Proto/-Host only on requests whose peer is one of the named proxies."""

    def __init__(self, wsgi_app, proxies: list[str]) -> None:
        self.direct = wsgi_app
        self.forwarded = ProxyFix(wsgi_app, x_for=1, x_proto=1, x_host=1)
        self.proxies = frozenset(proxies)

    def __call__(self, environ, start_response):
        # Anyone can send these headers; only a proxy we run may say who the client is.
        trusted = environ.get("REMOTE_ADDR") in self.proxies
        return (self.forwarded if trusted else self.direct)(environ, start_response)


def create_app(test_config: dict | None = None, pages: bool = True) -> Flask:
    """Build the app: configuration, database migrations, search and (unless `pages` is False) the web pages.

    Commands other than `dpia serve` run in an app without pages: building them imports every view and
    what the views use (Word export, importers, the API schema), which would triple a command's start-up.
    """
    test_config = dict(test_config or {})
    folder = Path(test_config.pop("INSTANCE_PATH", None) or config.instance_path())
    app = Flask(
        __name__,
        instance_path=str(folder),
        instance_relative_config=True,
        template_folder="../templates",
    )
    app.config.from_mapping(
        config.DEFAULTS,
        DATABASE=str(folder / "dpia.db"),
        INDEX_DIR=str(folder / "index"),
    )
    app.config.from_pyfile(str(config.ensure_instance_config(folder)))
    app.config.update(test_config)
    app.config["PERMANENT_SESSION_LIFETIME"] = config.session_lifetime(app.config["SESSION_IDLE_MINUTES"])
    app.config["MAX_CONTENT_LENGTH"] = config.max_content_length(app.config["ATTACHMENT_MAX_MB"])
    app.session_interface = SessionInterface()
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = TrustedProxies(app.wsgi_app, list(app.config["TRUSTED_PROXIES"]))  # type: ignore[method-assign]
    app.url_value_preprocessor(_ids_sqlite_can_hold)
    kinds.check_declarations()
    compliance.check_declarations()
    _migrate(app)
    _search(app)
    if pages:
        _templates(app)
        _routes(app)
    return app


def create_public_app(database: str, test_config: dict | None = None) -> Flask:
    """An app serving only the public transparency pages, from a database it opens read-only.

    No migrations, no search index, no sessions or sign-in, no instance config written: it may run as a
    user that can only read the database file (`dpia public`).
    """
    folder = Path(database).resolve().parent
    app = Flask(__name__, instance_path=str(folder), template_folder="../templates")
    app.config.from_mapping(config.DEFAULTS)
    app.config.update(DATABASE=database, DATABASE_READ_ONLY=True, PUBLIC_ONLY=True, SECRET_KEY=None)
    app.config.update(test_config or {})
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = TrustedProxies(app.wsgi_app, list(app.config["TRUSTED_PROXIES"]))  # type: ignore[method-assign]
    app.url_value_preprocessor(_ids_sqlite_can_hold)
    _templates(app)
    from dpia import web
    from dpia.views import errors, transparency

    app.teardown_appcontext(web.close_db)
    app.before_request(web.enforce_access)
    app.after_request(web.security_headers)
    app.context_processor(web.template_context)
    app.register_blueprint(transparency.bp)
    app.add_url_rule("/", "public_root", transparency.public_root)
    errors.register(app)
    return app


def _ids_sqlite_can_hold(endpoint: str | None, values: dict | None) -> None:
    """An id larger than SQLite can store names nothing: a 404, never a 500."""
    if values and any(isinstance(v, int) and v > MAX_ID for v in values.values()):
        from flask import abort

        abort(404)


def _migrate(app: Flask) -> None:
    # SQLite would create the file (and its -wal and -shm, which copy its mode) readable by everyone.
    config.create_private_file(Path(app.config["DATABASE"]))
    db = connect(app.config["DATABASE"])
    try:
        migrations.apply(db)
    finally:
        db.close()


def _search(app: Flask) -> None:
    from dpia.services.search import indexing

    app.extensions["dpia.search"] = indexing.open_index(
        database=app.config["DATABASE"],
        folder=app.config["INDEX_DIR"],
        mode=app.config["SEARCH_INDEXER"],
        lock_timeout=app.config["SEARCH_LOCK_TIMEOUT"],
        poll=app.config["SEARCH_POLL_SECONDS"],
        rebuild_procs=app.config["SEARCH_REBUILD_PROCESSES"],
    )


def _templates(app: Flask) -> None:
    from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

    from dpia.views import filters

    app.jinja_loader = ChoiceLoader(  # type: ignore[assignment]
        [app.jinja_loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    filters.register(app)


def _routes(app: Flask) -> None:
    from flask_wtf.csrf import CSRFProtect

    from dpia import web
    from dpia.views import (
        api,
        api_reference,
        atrs,
        errors,
        main,
        monitoring,
        publications,
        search,
        systems,
        transparency,
    )
    from dpia.views import compliance as compliance_pages
    from dpia.views.accounts import admin, auth, tokens
    from dpia.views.assessments import evidence, imports, workflow
    from dpia.views.assessments import versions as assessments
    from dpia.views.disclosure import exports, refusals, withholding
    from dpia.views.disclosure import requests as foi
    from dpia.views.disclosure import scope as foi_scope

    csrf = CSRFProtect(app)
    app.teardown_appcontext(web.close_db)
    app.before_request(web.enforce_access)
    app.before_request(web.start_indexer)
    app.after_request(web.security_headers)
    app.context_processor(web.template_context)
    for module in (
        main,
        auth,
        systems,
        assessments,
        workflow,
        monitoring,
        search,
        foi,
        foi_scope,
        refusals,
        exports,
        withholding,
        admin,
        tokens,
        api_reference,
        imports,
        evidence,
        compliance_pages,
        atrs,
        publications,
        transparency,
    ):
        app.register_blueprint(module.bp)
    # The API authenticates with bearer tokens, never cookies, so cross-site forms cannot use it.
    csrf.exempt(api.bp)
    app.register_blueprint(api.bp)
    errors.register(app)
    from dpia.cli.commands import register_commands

    register_commands(app.cli)
