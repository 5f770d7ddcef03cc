"""Browser tests: the real app served by waitress on loopback, driven in Debian's headless Chromium."""

import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from waitress.server import create_server

from dpia import create_app
from dpia.actor import command_line
from dpia.services import systems
from dpia.services.accounts import users as accounts
from dpia.store.db import connect
from tests.conftest import PASSWORD, TEST_CONFIG

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE = Path(__file__).resolve().parents[1] / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Each page (path and viewport width) is checked once a session: the suite revisits pages often.
_axe_checked: set[tuple[str, int]] = set()


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Use Debian's Chromium: Playwright's own browser download cannot work here."""
    return {"executable_path": "/usr/bin/chromium", "headless": True}


# Runs axe in the page; keeps the violations, and the contrast axe could not decide (text over an image,
# overlapping boxes), which is contrast nobody checked. Except text a table's own scroll region cuts off at
# its edge (decided when scrolled to, and at wider windows), textareas (a false alarm of axe-core 4.10, its
# issue 4947) and the labels drawn in a chart's SVG image (tests/monitoring/test_monitoring.py checks their
# colours).
AXE_RUN = """async rules => {
  const clipped = ["elmPartiallyObscured", "elmPartiallyObscuring", "shortTextContent", "outsideViewport"];
  const explained = node => {
    const data = node.any.length === 1 ? node.any[0].data || {} : {};
    const element = node.target.length === 1 && document.querySelector(node.target[0]);
    if (element && element.closest('svg[role="img"]')) return true;
    if (!element || !clipped.includes(data.messageKey) || data.bgColor) return false;
    if (element.tagName === "TEXTAREA") return data.messageKey === "elmPartiallyObscured";
    const region = element.closest('.dpia-table-wrap[role="region"][tabindex="0"]');
    return !!region && region.scrollWidth > region.clientWidth;
  };
  // One run at a time: a test may ask while the check of the page's load is still running.
  const previous = window.dpiaAxeRun || Promise.resolve();
  const run = previous.catch(() => null).then(() =>
    axe.run(document, {runOnly: rules, resultTypes: ["violations", "incomplete"]}));
  window.dpiaAxeRun = run;
  const results = await run;
  const undecided = results.incomplete
    .filter(result => result.id === "color-contrast")
    .map(result => ({...result, nodes: result.nodes.filter(node => !explained(node))}))
    .filter(result => result.nodes.length);
  return results.violations.concat(undecided);
}"""


class AxeWatch:
    """Runs axe-core on each HTML page a test's browser tab loads, and keeps what it finds."""

    def __init__(self):
        self.found: dict[str, list[str]] = {}

    def on_load(self, page) -> None:
        url = urlsplit(page.url)
        width = (page.viewport_size or {}).get("width", 0)
        key = (url.path, width)
        if url.scheme not in ("http", "https") or key in _axe_checked:
            return
        try:
            if page.evaluate("document.contentType") != "text/html" or not page.evaluate("!!window.axe"):
                return
            problems = axe_problems(page)
        except PlaywrightError:
            # The test moved on before axe finished; the page is checked on its next visit.
            return
        _axe_checked.add(key)
        if problems:
            self.found[f"{url.path}?{url.query} at {width} px"] = [axe_line(r) for r in problems]


def axe_problems(page) -> list[dict]:
    """What axe-core finds on the page as it is now: violations and undecided contrast."""
    return page.evaluate(AXE_RUN, AXE_RULES)


def axe_line(result: dict) -> str:
    node = result["nodes"][0]
    why = "; ".join(check["message"] for check in node["any"] + node["all"] + node["none"])
    return f"{result['id']} ({result['impact']}, {len(result['nodes'])} nodes), first {node['target']}: {why}"


@pytest.fixture
def page(page):
    """Every test's tab: axe-core checks each page it loads against WCAG 2.2 A and AA."""
    # An init script is injected by the browser itself, so the app's Content-Security-Policy stays on.
    page.context.add_init_script(path=str(AXE))
    watch = AxeWatch()
    page.on("load", watch.on_load)
    yield page
    if watch.found:
        lines = [f"{address}: {problem}" for address, problems in watch.found.items() for problem in problems]
        pytest.fail("axe-core found WCAG 2.2 A/AA problems:\n" + "\n".join(lines), pytrace=False)


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
