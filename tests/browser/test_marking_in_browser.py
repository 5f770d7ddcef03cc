"""Readers of an approved DPIA tab through it without a Withhold link per answer; officers switch them on."""

import pytest
from playwright.sync_api import expect

from dpia import kinds
from dpia.actor import command_line
from dpia.domain.samples import sample_answers
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from dpia.store.db import connect
from tests.conftest import APPROVER, EDITOR, revision_of, write_answers

pytestmark = pytest.mark.browser

# Marks each element reached by Tab, so the walk stops when focus comes round again.
STEP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.tabbed) return false;
  el.dataset.tabbed = "1";
  return true;
}"""


@pytest.fixture
def dpia_url(live_app, base_url):
    """An approved DPIA with every question answered."""
    db = connect(live_app.config["DATABASE"])
    try:
        data = {"name": "Marking Mode Model", "category": "individual_risk", "lifecycle": "in_use"}
        system_id = systems.create(db, command_line(), {**data, "regime": "dpa_part3"})
        assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "Marking DPIA"})
        write_answers(db, assessment_id, 1, sample_answers(kinds.latest("dpia")))
        workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
        approval = {"conducted": "2024-02", "approved": "2024-03-04"}
        workflow.transition(
            db, APPROVER, assessment_id, 1, "approve", approval, revision_of(db, assessment_id)
        )
    finally:
        db.close()
    return f"{base_url}/assessments/{assessment_id}/versions/1"


def _tab_stops(page) -> int:
    """How many times Tab moves focus before it comes round to an element already visited."""
    page.locator("body").focus()
    for count in range(400):
        page.keyboard.press("Tab")
        if not page.evaluate(STEP):
            return count
    raise AssertionError("more than 400 tab stops")


def test_reading_takes_few_tab_stops_and_marking_mode_adds_a_link_per_part(
    page, sign_in_as, dpia_url, screenshot
):
    sign_in_as("reader")
    page.goto(dpia_url)
    reader_stops = _tab_stops(page)
    assert page.locator("a.dpia-withhold-link").count() == 0
    assert page.get_by_role("link", name="Mark parts to withhold").count() == 0

    sign_in_as("foi_officer")
    page.goto(dpia_url)
    officer_stops = _tab_stops(page)
    assert page.locator("a.dpia-withhold-link").count() == 0
    page.get_by_role("link", name="Mark parts to withhold").click()
    expect(page.locator("#marking-parts")).to_contain_text("You are marking parts to withhold")
    links = page.locator("a.dpia-withhold-link").count()
    marking_stops = _tab_stops(page)
    screenshot("dpia-marking-mode")
    assert links > 20
    assert marking_stops >= officer_stops + links
    # Reading is not slowed by withholding: an officer reading has at most a few more stops than a reader
    # (the switch and the marks panel's buttons), not one per answer.
    assert officer_stops - reader_stops < 10, (reader_stops, officer_stops)
    page.get_by_role("link", name="Stop marking parts").click()
    assert page.locator("a.dpia-withhold-link").count() == 0
