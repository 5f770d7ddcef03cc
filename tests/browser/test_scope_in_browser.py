"""An FOI officer answers by category: the category search shows every system's assessments, and the
request's scope is chosen by category with an exception, or by finding a system and adding it (issue 18)."""

import pytest
from playwright.sync_api import expect

from dpia.actor import command_line
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import requests as foi
from dpia.store import systems as system_store
from dpia.store.db import connect
from tests.browser.test_accessibility import _violations
from tests.conftest import FOI

pytestmark = pytest.mark.browser

GRIDS = ("Aardvark Grid North", "Aardvark Grid South", "Aardvark Grid West")


@pytest.fixture
def browser_context_args(browser_context_args):
    """axe is injected as a script, which the app's Content-Security-Policy rightly refuses."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(scope="module")
def register(live_app):
    """Three crime-mapping systems (one with a DPIA), an individual-risk one, and a request with no scope."""
    db = connect(live_app.config["DATABASE"])
    try:
        made = {}
        for name in GRIDS:
            data = {"name": name, "category": "crime_mapping", "lifecycle": "in_use", "regime": "dpa_part3"}
            made[name] = systems.create(db, command_line(), data)
        data = {"name": "Aardvark Harm Score", "category": "individual_risk", "lifecycle": "in_use"}
        made["hart"] = systems.create(db, command_line(), {**data, "regime": "dpa_part3"})
        assessments.start(db, command_line(), made[GRIDS[0]], {"kind": "dpia", "title": "Grid DPIA"})
        received = {"day": "3", "month": "6", "year": "2024"}
        made["request"] = foi.create(db, FOI, {"reference": "SC/24", "received": received})
        made["mapping"] = system_store.matching(
            db, see_sensitive=False, category="crime_mapping", lifecycle=""
        )
    finally:
        db.close()
    return made


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 320])
def test_a_category_search_shows_each_systems_assessments_and_gaps(
    page, base_url, sign_in_as, screenshot, register, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("foi_officer")
    page.goto(f"{base_url}/search?q=predictive+crime+mapping")
    count = register["mapping"]
    expect(page.locator("#result-count")).to_contain_text(
        f"{count} systems in the register are Predictive crime mapping"
    )
    for name in GRIDS:
        table = page.get_by_role("table", name=f"Impact assessments of {name}")
        expect(table).to_be_visible()
        expect(table).to_contain_text("No EqIA recorded")
    expect(page.get_by_role("table", name=f"Impact assessments of {GRIDS[0]}")).to_contain_text(
        "Not approved"
    )
    expect(page.get_by_text("Gaps: no PIA, no approved DPIA, no EqIA").first).to_be_visible()
    _fits(page, width)
    screenshot(f"search-category-{width}")
    assert _violations(page) == []


@pytest.mark.parametrize("width", [1280, 320])
def test_scope_by_category_with_an_exception_then_a_system_found_added_and_removed(
    page, base_url, sign_in_as, screenshot, register, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("foi_officer")
    page.goto(f"{base_url}/foi/{register['request']}")
    page.get_by_role("link", name="Choose the systems in scope").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Systems in scope")
    if width == 320:  # The second run finds the first's choices: start again from an empty scope.
        while page.get_by_role("button", name="Remove").count():
            page.get_by_role("button", name="Remove").first.click()
        while page.get_by_role("button", name="Put back").count():
            page.get_by_role("button", name="Put back").first.click()
            page.get_by_role("button", name="Remove").first.click()
    page.get_by_label("Predictive crime mapping").check()
    page.get_by_role("button", name="Add the systems of these categories").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added to the scope")
    expect(page.locator("#how-chosen")).to_contain_text("from the category Predictive crime mapping")
    # The exception: one system of the category is not covered by the request.
    page.get_by_role("button", name=f"Remove {GRIDS[1]}").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{GRIDS[1]} is no longer in scope"
    )
    expect(page.locator("#exceptions-list")).to_contain_text(GRIDS[1])
    # Search and add, then remove.
    page.get_by_label("Name or alias").fill("aardvark harm")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name="Add Aardvark Harm Score").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Aardvark Harm Score is in scope"
    )
    expect(page.locator("#matches")).to_contain_text("In scope")
    chosen = page.locator("#chosen-list")
    expect(chosen).to_contain_text("Aardvark Harm Score")
    expect(chosen).to_contain_text("Added on its own")
    _fits(page, width)
    screenshot(f"foi-scope-{width}")
    assert _violations(page) == []
    page.get_by_role("button", name="Remove Aardvark Harm Score").click()
    expect(page.locator("#chosen-list")).not_to_contain_text("Aardvark Harm Score")
    page.get_by_role("link", name="Done: back to the request").click()
    scope_table = page.get_by_role("region", name="Systems in scope")
    expect(scope_table).to_contain_text(GRIDS[0])
    expect(scope_table).not_to_contain_text(GRIDS[1])
