"""Fixtures: a real instance folder per test, with a real SQLite file and real accounts."""

import re

import pytest

from dpia import create_app
from dpia.services import accounts
from dpia.services.actor import command_line
from dpia.store.db import connect

PASSWORD = "correct horse battery staple"
TEST_CONFIG = {
    "TESTING": True,
    # Fast, predictable throttling for tests.
    "SIGN_IN_SLOW_AFTER": 3,
    "SIGN_IN_LOCK_AFTER": 5,
    "SIGN_IN_ADDRESS_LOCK_AFTER": 50,
}


@pytest.fixture
def instance(tmp_path):
    """An empty instance folder."""
    folder = tmp_path / "instance"
    folder.mkdir()
    return folder


@pytest.fixture
def app(instance):
    """The app on a fresh instance, migrations applied."""
    return create_app({**TEST_CONFIG, "INSTANCE_PATH": str(instance)})


@pytest.fixture
def db(app):
    """A connection to the app's database file."""
    handle = connect(app.config["DATABASE"])
    yield handle
    handle.close()


@pytest.fixture
def runner(app):
    """The CLI runner bound to the app."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(db):
    """Create an account with the given roles; returns its email."""
    counter = iter(range(1, 10_000))

    def make(*roles: str, email: str | None = None, password: str = PASSWORD) -> str:
        email = email or f"{'-'.join(roles) or 'user'}{next(counter)}@example.org"
        accounts.create_user(db, command_line(), email, list(roles), password, accounts.Policy())
        return email

    return make


def csrf_from(html: str) -> str:
    """The CSRF token in a rendered form."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


class Browser:
    """A test client that signs in and submits forms with their CSRF token, like a person would."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url, data=None, *, form_url=None, **kwargs):
        page = self.client.get(form_url or url)
        token = csrf_from(page.get_data(as_text=True))
        return self.client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)

    def sign_in(self, email, password=PASSWORD):
        return self.post("/sign-in", {"email": email, "password": password})


@pytest.fixture
def visitor(app):
    """A signed-out client that handles CSRF tokens."""
    return Browser(app.test_client())


@pytest.fixture
def signed_in(app, make_user):
    """A client signed in with the given roles: signed_in("editor")."""

    def sign_in(*roles: str) -> Browser:
        client = Browser(app.test_client())
        response = client.sign_in(make_user(*roles))
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in
