"""The approve page in a browser: no Approve button while something blocks it, each blocker one click from
its field; once nothing does, the approver approves. The version page's contents list reaches each section."""

import itertools
import re

import pytest
from playwright.sync_api import expect

from dpia.actor import command_line
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from dpia.store.db import connect
from tests.conftest import DPIA_ANSWERS, EDITOR, SIGNOFFS, revision_of, write_answers

pytestmark = pytest.mark.browser

MADE = itertools.count(1)
IN_VIEW = "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }"


@pytest.fixture
def in_review(live_app):
    """A DPIA in review with every answer but its sign-offs; returns a function that adds them."""
    db = connect(live_app.config["DATABASE"])
    try:
        data = {
            "name": f"Approval Page Model {next(MADE)}",
            "category": "individual_risk",
            "lifecycle": "in_use",
        }
        system_id = systems.create(db, command_line(), {**data, "regime": "dpa_part3"})
        assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "Approval DPIA"})
        write_answers(db, assessment_id, 1, DPIA_ANSWERS)
        workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
    finally:
        db.close()

    def sign_off() -> None:
        db = connect(live_app.config["DATABASE"])
        try:
            answers = {"signoffs": SIGNOFFS, "dpo_summary": "Proceed with human review."}
            assessments.update_section(
                db, command_line(), assessment_id, 1, "signoff", answers, revision_of(db, assessment_id)
            )
        finally:
            db.close()

    return assessment_id, sign_off


@pytest.mark.parametrize("width", [1280, 320])
def test_blockers_link_to_their_fields_and_approve_appears_once_none_remain(
    page, base_url, sign_in_as, in_review, screenshot, width
):
    assessment_id, sign_off = in_review
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("approver")
    approve_url = f"{base_url}/assessments/{assessment_id}/versions/1/approve"
    page.goto(approve_url)
    expect(page.locator("#blockers")).to_contain_text("You cannot approve yet because:")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    expect(page.locator("#blockers a")).to_have_count(5)
    expect(page.locator(".govuk-service-navigation__item--active")).to_have_text("Systems")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"approve-blocked-{width}")
    page.locator("#blockers a").first.click()
    expect(page).to_have_url(re.compile(r"/sections/signoff#signoffs-measures_approved-name$"))
    assert page.locator("#signoffs-measures_approved-name").evaluate(IN_VIEW)

    sign_off()
    page.goto(approve_url)
    expect(page.locator("#blockers")).to_have_count(0)
    page.locator("#conducted-year").fill("2024")
    screenshot(f"approve-possible-{width}")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("The assessment has been approved.")).to_be_visible()


def test_the_contents_list_takes_the_reader_to_a_section(page, base_url, sign_in_as, in_review, screenshot):
    assessment_id, _ = in_review
    sign_in_as("reader")
    page.goto(f"{base_url}/assessments/{assessment_id}/versions/1")
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Step 5: Identify and assess risks").click()
    expect(page).to_have_url(re.compile("#risks$"))
    assert page.locator("#risks-heading").evaluate(IN_VIEW)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot("version-contents")
