"""axe-core (WCAG 2.2 A and AA rules) finds nothing on the pages people use most, at 1,280 and 320 px."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "axe" / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Each page's address, given the system made for the test.
PAGES = (
    "/systems",
    "/systems?sort=review_due&order=desc",
    "/systems/{id}",
    "/systems/{id}/history",
    "/search?q=Axe+Checked+Model",
    "/search?q=risk",
    "/compliance",
    "/reviews",
    "/foi",
)


@pytest.fixture
def browser_context_args(browser_context_args):
    """axe is injected as a script, which the app's Content-Security-Policy rightly refuses."""
    return {**browser_context_args, "bypass_csp": True}


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("rules => axe.run(document, {runOnly: rules})", RULES)["violations"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found]


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violations(page, sign_in_as, live_system, base_url, width):
    system_url = live_system(f"Axe Checked Model {width}", "individual_risk")
    system_id = system_url.rstrip("/").rsplit("/", 1)[1]
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("editor")
    found = {}
    for path in PAGES:
        page.goto(base_url + path.format(id=system_id))
        if violations := _violations(page):
            found[path] = violations
    assert found == {}
