"""axe-core (WCAG 2.2 A and AA rules) finds nothing on the pages people use most, at 1,280 and 320 px."""

import pytest

from tests.browser.conftest import axe_line, axe_problems

pytestmark = pytest.mark.browser

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


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violations(page, sign_in_as, live_system, base_url, width):
    system_url = live_system(f"Axe Checked Model {width}", "individual_risk")
    system_id = system_url.rstrip("/").rsplit("/", 1)[1]
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("editor")
    found = {}
    for path in PAGES:
        page.goto(base_url + path.format(id=system_id))
        if problems := axe_problems(page):
            found[path] = [axe_line(problem) for problem in problems]
    assert found == {}
