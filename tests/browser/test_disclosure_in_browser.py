"""An FOI officer withholds a passage and downloads the disclosure copy, in a real browser."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from dpia import kinds
from dpia.actor import command_line
from dpia.domain.samples import sample_answers, token
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import requests as foi
from dpia.store.db import connect
from tests.conftest import APPROVER, EDITOR, FOI, revision_of, write_answers
from tests.docx_checks import body_text, leaks, open_docx

pytestmark = pytest.mark.browser


@pytest.fixture
def approved_url(live_app, base_url):
    """An approved DPIA of its own system, and an FOI request covering it."""
    from dpia.services.assessments import workflow

    db = connect(live_app.config["DATABASE"])
    try:
        data = {"name": "Browser Disclosure Tool", "category": "individual_risk", "lifecycle": "in_use"}
        system_id = systems.create(db, command_line(), {**data, "regime": "dpa_part3"})
        assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "Browser DPIA"})
        answers = sample_answers(kinds.latest("dpia"))
        write_answers(db, assessment_id, 1, answers)
        workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
        approval = {"conducted": "2024-02", "approved": "2024-03-04"}
        workflow.transition(
            db, APPROVER, assessment_id, 1, "approve", approval, revision_of(db, assessment_id)
        )
        received = {"day": "3", "month": "6", "year": "2024"}
        foi.create(db, FOI, {"reference": "BR/24", "received": received, "systems": [str(system_id)]})
    finally:
        db.close()
    return f"{base_url}/assessments/{assessment_id}/versions/1"


def test_an_foi_officer_withholds_a_passage_and_downloads_the_disclosure_copy(
    page, sign_in_as, approved_url, screenshot
):
    secret = token("aims")
    sign_in_as("foi_officer")
    page.goto(approved_url)
    page.get_by_role("link", name="Mark parts to withhold").click()
    page.get_by_role("link", name="Withhold this answer What does the project aim to achieve").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withhold part of this assessment")
    page.get_by_label("Only a passage of the text").check()
    page.get_by_label("Passage to withhold").fill(secret)
    page.get_by_label("Section 31: law enforcement").check()
    page.get_by_label("Subsection (optional)").fill("(1)(a)")
    page.get_by_label("Why the exemption applies").fill("Would reveal how the model can be evaded.")
    page.get_by_label("FOI request this is decided for").fill("BR/24")
    screenshot("withhold-passage-form")
    page.get_by_role("button", name="Withhold").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("will be withheld")
    expect(page.locator("mark.dpia-withheld").first).to_have_text(secret)
    page.get_by_role("button", name="Make a disclosure copy", exact=True).click()
    page.get_by_label("Which FOI request does this copy answer?").select_option("BR/24")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download disclosure copy").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-v1-disclosure.docx")
    content = Path(download.path()).read_bytes()
    assert leaks(content, [secret]) == []
    text = body_text(open_docx(content))
    assert "[Withheld: section 31(1)(a) FOIA]" in text
    assert "Disclosure copy released in response to FOI request BR/24" in text
    page.goto(approved_url)
    expect(page.locator("#disclosures")).to_contain_text("Version 1 disclosed under BR/24 on")
    screenshot("assessment-after-disclosure")
    # The request lists that release with its SHA-256, one 64-character word: on a phone it must wrap.
    page.get_by_role("link", name="FOI requests").click()
    page.get_by_role("link", name="BR/24").click()
    page.set_viewport_size({"width": 320, "height": 800})
    expect(page.locator("#log")).to_have_text("Disclosed for this request")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot("request-after-disclosure-320")
