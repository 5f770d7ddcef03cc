"""A reader sees an overdue review tagged, with the compliance banner saying why and what to do, on the
system's page and the assessment's page, on a desktop and on a 320 px phone."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from dpia import clock
from dpia.actor import command_line
from dpia.domain.reviews import span
from dpia.partial_dates import long_date
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from dpia.store.db import connect
from tests.conftest import APPROVER, DPIA_ANSWERS, EDITOR, SIGNOFFS, revision_of, write_answers

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def overdue_pages(live_app, base_url):
    """A system whose approved DPIA's review fell due 400 days ago -> its page's and the DPIA's addresses."""
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
    return f"{base_url}/systems/{system_id}", f"{base_url}/assessments/{assessment_id}/versions/1"


@pytest.fixture(scope="module")
def overdue_system(overdue_pages):
    """The overdue system's page."""
    return overdue_pages[0]


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


@pytest.mark.parametrize("width", [1280, 320])
def test_the_overdue_tag_and_the_compliance_banner_show_together(
    sign_in_as, overdue_pages, screenshot, width
):
    due = clock.today() - timedelta(days=400)
    reason = f"The review fell due on {long_date(due)}, {span(due, clock.today())} ago."
    page = sign_in_as("reader")
    page.set_viewport_size({"width": width, "height": 900})
    for address, where in zip(overdue_pages, ("system", "assessment"), strict=True):
        page.goto(address)
        tag = page.locator(".dpia-review-tag").first
        expect(tag).to_have_text("Overdue")
        tag.scroll_into_view_if_needed()
        expect(tag).to_be_visible()
        banner = page.get_by_role("region", name="Compliance")
        expect(banner).to_be_visible()
        [finding] = [f for f in banner.locator(".dpia-finding").all() if "Review overdue" in f.inner_text()]
        expect(finding).to_be_visible()
        text = " ".join(finding.inner_text().split())
        assert "Review overdue (high severity, DPIA-" in text and reason in text
        assert "To fix: Start a new version, review each section and approve it." in text
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(f"overdue-and-banner-{where}-{width}")
