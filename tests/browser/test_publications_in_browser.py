"""An approver publishes a system's public record, checks the preview, sees the history and withdraws it,
at 1,280 and 320 px; axe checks every page."""

import re

import pytest
from playwright.sync_api import expect

from dpia import kinds
from dpia.domain.samples import sample_answers
from dpia.services.assessments import versions as assessments
from dpia.store.db import connect
from tests.conftest import EDITOR, approve, write_answers

pytestmark = pytest.mark.browser


def _approved_dpia(live_app, system_page: str) -> None:
    system_id = int(system_page.rsplit("/", 1)[1])
    db = connect(live_app.config["DATABASE"])
    try:
        assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "A DPIA"})
        write_answers(db, assessment_id, 1, sample_answers(kinds.latest("dpia"), rows=2))
        approve(db, assessment_id)
    finally:
        db.close()


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 320])
def test_an_approver_previews_publishes_and_withdraws_a_public_record(
    page, live_app, sign_in_as, live_system, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    system = live_system(f"Published Model {width}", "individual_risk")
    _approved_dpia(live_app, system)
    sign_in_as("approver")
    page.goto(system)
    expect(page.locator("#public-record-state")).to_contain_text("Not published")
    page.get_by_role("link", name=re.compile("^Publish the public record")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the public record")
    page.get_by_label("Supplier").check()
    page.get_by_label("What changed (optional)").fill("First publication")
    screenshot(f"publish-choice-{width}")
    _fits(page, width)

    page.get_by_role("button", name="Preview what will be published").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before publishing")
    expect(page.locator("#preview-files")).to_contain_text("-disclosure.docx")
    expect(page.locator("#preview-fields")).to_contain_text("Supplier")
    screenshot(f"publish-preview-{width}")
    _fits(page, width)

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Public record history")
    slug = f"published-model-{width}"
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"/transparency/systems/{slug}/")
    expect(page.locator("#public-record-state")).to_contain_text("Version 1 published")
    screenshot(f"publish-history-{width}")
    _fits(page, width)

    page.get_by_role("link", name="Withdraw the public record").click()
    page.get_by_role("button", name="Withdraw the public record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the public record is withdrawn")
    screenshot(f"publish-withdraw-error-{width}")
    _fits(page, width)
    page.get_by_label("Why is it withdrawn?").fill("Replaced by a new tool")
    page.get_by_role("button", name="Withdraw the public record").click()
    expect(page.locator("#public-record-state")).to_contain_text("Withdrawn on")
    expect(page.get_by_role("heading", name=re.compile("Version 1"))).to_contain_text("Withdrawn")

    page.goto(system)
    expect(page.locator("#public-record-state")).to_contain_text("Replaced by a new tool")
    screenshot(f"publish-system-page-{width}")
    _fits(page, width)


def test_a_refused_publication_says_why_and_offers_no_publish_button(
    page, sign_in_as, live_system, screenshot
):
    system = live_system("Nothing Approved Model", "individual_risk")
    sign_in_as("approver")
    page.goto(system + "/publish")
    page.get_by_role("button", name="Preview what will be published").click()
    expect(page.locator("#refusals")).to_contain_text("has no approved assessment to publish")
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    screenshot("publish-refused-1280")
