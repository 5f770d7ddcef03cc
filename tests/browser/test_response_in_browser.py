"""An FOI officer drafts a request's answers, writes the section 17 reason and downloads the letter."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from dpia import kinds
from dpia.actor import command_line
from dpia.domain.samples import sample_answers
from dpia.services import systems
from dpia.services.accounts import settings
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import requests as foi
from dpia.store.db import connect
from tests.conftest import EDITOR, FOI, approve, write_answers
from tests.docx_checks import body_text, open_docx

pytestmark = pytest.mark.browser

LETTERHEAD = {
    "organisation": "Browsershire Police",
    "foi_unit": "Information Access Unit",
    "foi_contact": "Information Access Unit, 2 Test Road, Testtown TT1 1TT",
}


@pytest.fixture
def request_url(live_app, base_url):
    """A system with an approved DPIA, an FOI request about it, and the force's letterhead."""
    db = connect(live_app.config["DATABASE"])
    try:
        settings.update(db, command_line(), LETTERHEAD)
        data = {"name": "Browser Letter Model", "category": "crime_mapping", "lifecycle": "in_use"}
        system_id = systems.create(db, command_line(), {**data, "regime": "dpa_part3"})
        assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "Letter DPIA"})
        answers = sample_answers(kinds.latest("dpia"))
        write_answers(db, assessment_id, 1, answers)
        approve(db, assessment_id)
        received = {"day": "3", "month": "6", "year": "2024"}
        request_id = foi.create(
            db, FOI, {"reference": "BL/24", "received": received, "systems": [str(system_id)]}
        )
    finally:
        db.close()
    return f"{base_url}/foi/{request_id}"


def test_an_foi_officer_drafts_the_answers_and_downloads_the_letter(
    page, sign_in_as, request_url, screenshot
):
    sign_in_as("foi_officer")
    page.goto(request_url)
    page.get_by_role("link", name="Add questions by pasting them").click()
    page.get_by_label("Questions as the requester wrote them").fill(
        "1. What is the name of each system?\n2. Please send the source code of each model."
    )
    page.get_by_label("Named systems").check()
    page.get_by_label("Browser Letter Model").check()
    page.get_by_role("button", name="Split into questions").click()
    page.get_by_role("button", name="Add these questions").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2 questions added")

    # Pasted questions carry suggested facts until the officer confirms them.
    expect(page.locator("#letter-problems")).to_contain_text("Confirm what answers question 1")
    page.get_by_role("link", name="Change question 1").click()
    expect(page.get_by_label("Names of the systems")).to_be_checked()
    page.get_by_role("button", name="Save and confirm").click()
    # Question 2 is withheld in full: held, but exempt under section 31.
    page.get_by_role("link", name="Change question 2").click()
    page.get_by_label("Withhold it in full").check()
    page.get_by_label("Section 31: law enforcement").check()
    page.get_by_label("Subsection (optional)").fill("(1)(a)")
    page.get_by_label("The officer's own words").check()
    page.get_by_role("button", name="Save and confirm").click()
    expect(page.locator("#question-2, [id^=question-]").last).to_contain_text("Held, withheld in full")
    expect(page.locator("#letter-problems")).to_contain_text("write why it applies to this request")

    page.get_by_role("link", name="Write the reason for Section 31: law enforcement").click()
    expect(page.locator("#started-from")).to_contain_text("stock wording")
    page.get_by_label("Why the exemption applies").fill("The source code shows how the model ranks areas.")
    page.get_by_label("The harm disclosure would cause").fill("Offenders could avoid the areas flagged.")
    page.get_by_label("Considerations for disclosure").fill("Transparency about algorithmic policing.")
    page.get_by_label("Considerations against disclosure").fill("Prevention and detection of crime.")
    page.get_by_label("The balance of the public interest").fill("The balance favours withholding the code.")
    screenshot("response-reason-form")
    page.get_by_role("button", name="Save the reason for this request").click()
    expect(page.locator("#letter-ready")).to_contain_text("Ready to send")
    page.get_by_text("Preview the letter as it reads now").click()
    expect(page.locator("#letter-preview")).to_contain_text("Browser Letter Model")
    screenshot("response-request-page")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the letter (Word)").click()
    download = download_info.value
    assert download.suggested_filename == "response-letter-FOI-BL-24.docx"
    text = body_text(open_docx(Path(download.path()).read_bytes()))
    first, second = text.index("Question 1"), text.index("Question 2")
    assert first < second < text.index("Section 31: law enforcement")
    assert "Browser Letter Model" in text[first:second]
    assert "The balance favours withholding the code." in text
    assert "Information Access Unit, 2 Test Road" in text and "internal review" in text

    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot("response-request-page-320")
    # Visually hidden text in a scrolling table once widened the whole register page at 320 px.
    page.get_by_role("link", name="Systems").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
