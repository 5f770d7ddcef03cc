"""A reader sees an overdue review tagged on the system's page, on a desktop and on a 320 px phone."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from dpia import clock
from dpia.actor import command_line
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from dpia.store.db import connect
from tests.conftest import APPROVER, DPIA_ANSWERS, EDITOR, SIGNOFFS, revision_of, write_answers

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def overdue_system(live_app, base_url):
    """A system whose approved DPIA's review fell due 400 days ago -> its page's address."""
    db = connect(live_app.config["DATABASE"])
    try:
        data = {"name": "Overdue Review Model", "category": "individual_risk", "lifecycle": "in_use"}
        system_id = systems.create(db, command_line(), {**data, "regime": "dpa_part3"})
        assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "Overdue DPIA"})
        write_answers(db, assessment_id, 1, {**DPIA_ANSWERS, "signoffs": SIGNOFFS, "dpo_summary": "Go"})
        workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
        today = clock.today()
        dates = {
            "conducted": (today - timedelta(days=800)).isoformat(),
            "approved": (today - timedelta(days=800)).isoformat(),
            "review_due": (today - timedelta(days=400)).isoformat(),
        }
        workflow.transition(db, APPROVER, assessment_id, 1, "approve", dates, revision_of(db, assessment_id))
    finally:
        db.close()
    return f"{base_url}/systems/{system_id}"


@pytest.mark.parametrize("width", [1280, 320])
def test_the_system_page_shows_the_overdue_tag(sign_in_as, overdue_system, screenshot, width):
    page = sign_in_as("reader")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(overdue_system)
    tag = page.locator(".dpia-review-tag")
    expect(tag).to_have_text("Overdue")
    expect(tag).to_be_visible()
    assert "govuk-tag--red" in (tag.get_attribute("class") or "")
    # At 320 px the table scrolls inside its own region; the page itself never scrolls sideways.
    tag.scroll_into_view_if_needed()
    expect(tag).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"system-page-overdue-{width}")


def test_search_results_show_the_overdue_tag_on_a_phone(sign_in_as, overdue_system, base_url, screenshot):
    page = sign_in_as("reader")
    page.set_viewport_size({"width": 320, "height": 900})
    for _attempt in range(40):  # The live server indexes in a background thread.
        page.goto(f"{base_url}/search?q=Overdue+Review+Model")
        if page.locator(".dpia-review-tag").count():
            break
        page.wait_for_timeout(250)
    tag = page.locator(".dpia-review-tag").first
    expect(tag).to_have_text("Overdue")
    tag.scroll_into_view_if_needed()
    expect(tag).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot("search-overdue-320")
