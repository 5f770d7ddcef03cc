"""Browser tests: the real app served by waitress on loopback, driven in Debian's headless Chromium."""

import threading
from pathlib import Path

import pytest
from waitress.server import create_server

from dpia import create_app
from dpia.actor import command_line
from dpia.services import systems
from dpia.services.accounts import users as accounts
from dpia.store.db import connect
from tests.conftest import PASSWORD, TEST_CONFIG

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Use Debian's Chromium: Playwright's own browser download cannot work here."""
    return {"executable_path": "/usr/bin/chromium", "headless": True}


@pytest.fixture(scope="session")
def live_instance(tmp_path_factory):
    return tmp_path_factory.mktemp("live-instance")


@pytest.fixture(scope="session")
def live_app(live_instance):
    # The live server keeps its search index current as `dpia serve` does.
    made = create_app({**TEST_CONFIG, "INSTANCE_PATH": str(live_instance), "SEARCH_INDEXER": "thread"})
    yield made
    made.extensions["dpia.search"].close()


@pytest.fixture(scope="session")
def base_url(live_app):
    """Serve the app on a free loopback port for the whole session."""
    server = create_server(live_app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="session")
def live_user(live_app):
    """Create accounts in the live instance: live_user("editor") -> email."""
    created: dict[tuple, str] = {}

    def make(*roles: str) -> str:
        if roles not in created:
            email = f"live-{'-'.join(roles)}-{len(created)}@example.org"
            db = connect(live_app.config["DATABASE"])
            try:
                accounts.create_user(db, command_line(), email, list(roles), PASSWORD, accounts.Policy())
            finally:
                db.close()
            created[roles] = email
        return created[roles]

    return make


@pytest.fixture
def sign_in_as(page, base_url, live_user):
    """Sign in through the real form."""

    def sign_in(*roles: str):
        page.goto(f"{base_url}/sign-in")
        page.get_by_label("Email address").fill(live_user(*roles))
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        return page

    return sign_in


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot for people to look at."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def live_system(live_app, base_url):
    """Add a system to the live register: live_system("HART", "individual_risk") -> its page's address."""

    def make(name: str, category: str) -> str:
        data = {"name": name, "category": category, "lifecycle": "in_use", "regime": "dpa_part3"}
        db = connect(live_app.config["DATABASE"])
        try:
            system_id = systems.create(db, command_line(), data)
        finally:
            db.close()
        return f"{base_url}/systems/{system_id}"

    return make
