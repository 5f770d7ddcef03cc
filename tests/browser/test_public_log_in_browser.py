"""An FOI officer publishes a released response in the public disclosure log, and withdraws it."""

import hashlib

import pytest
from playwright.sync_api import expect

from dpia import kinds
from dpia.actor import command_line
from dpia.domain.samples import sample_answers
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports, packs
from dpia.services.disclosure import requests as foi
from dpia.store import disclosures
from dpia.store import publications as store
from dpia.store.db import connect, transaction
from tests.conftest import EDITOR, FOI, approve, write_answers

pytestmark = pytest.mark.browser


@pytest.fixture
def request_url(live_app, base_url):
    """A responded request about a system with an approved DPIA, its pack released."""
    db = connect(live_app.config["DATABASE"])
    try:
        data = {"name": "Browser Log Model", "category": "crime_mapping", "lifecycle": "in_use"}
        system_id = systems.create(db, command_line(), {**data, "regime": "dpa_part3"})
        assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "Log DPIA"})
        write_answers(db, assessment_id, 1, sample_answers(kinds.latest("dpia")))
        approve(db, assessment_id)
        day = {"day": "3", "month": "6", "year": "2024"}
        values = {"reference": "PL/24", "received": day, "systems": [str(system_id)], "subject": "Crime maps"}
        request_id = foi.create(db, FOI, {**values, "status": "responded", "responded": day})
        packs.build(db, FOI, request_id, exports.Options())
        _publish_copy(db, system_id, assessment_id)
    finally:
        db.close()
    return f"{base_url}/foi/{request_id}"


def _publish_copy(db, system_id, assessment_id):
    """The system's record published since, holding the DPIA's disclosure copy (agreed shape)."""
    version = db.execute(
        "SELECT * FROM assessment_versions WHERE assessment_id = ?", [assessment_id]
    ).fetchone()
    content = b"published copy"
    sha = hashlib.sha256(content).hexdigest()
    file = {"path": "dpia-v1.docx", "role": "assessment", "title": "DPIA", "media_type": exports.DOCX}
    file |= {"sha256": sha, "size": len(content), "version_id": version[0], "kind": "dpia", "reference": "x"}
    with transaction(db):
        disclosures.keep_content(db, sha, content)
        record = {"fields": [], "atrs": None, "first_used": None}
        values = {
            "system_id": system_id,
            "number": 1,
            "slug": "browser-log-model",
            "name": "Browser Log Model",
        }
        values |= {"category": "crime_mapping", "record": record, "published_at": "2030-01-02T09:00:00+00:00"}
        store.insert(db, {**values, "published_by": "approver@example.org"}, [file])


def test_an_foi_officer_publishes_a_response_and_withdraws_it(page, sign_in_as, request_url, screenshot):
    screenshot_dir = screenshot("public-log-unpublished").parent
    sign_in_as("foi_officer")
    page.goto(request_url)
    expect(page.locator("#pack-contents")).to_contain_text(
        "Published on the transparency pages on 2 January 2030"
    )
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#pack-contents").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / f"public-log-pack-s21-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    part = page.locator("#public-log-state")
    expect(part).to_contain_text("Not published")
    expect(page.get_by_label("Public subject")).to_have_value("Crime maps")
    expect(page.get_by_label("manifest.csv")).to_have_count(0)
    page.get_by_label("Public subject").fill("")
    page.get_by_role("button", name="Publish in the disclosure log").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the public subject")
    page.get_by_label("Public subject").fill("Crime mapping tools")
    page.get_by_role("button", name="Publish in the disclosure log").click()
    expect(part).to_contain_text("Published on")
    expect(part).to_contain_text("/transparency/disclosure-log/")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"public-log-published-{width}")
        # The part itself, where a reader would look: the full page is long.
        page.locator("#public-log").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / f"public-log-part-published-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    # axe sometimes cannot tell the background of the scope table's cells behind its scroll region at 320 px
    # (a timing matter of the table above, not of this part), so the next page loads at full width.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Why it is being withdrawn").fill("Wrong subject")
    page.get_by_role("button", name="Withdraw from the disclosure log").click()
    expect(part).to_contain_text("Not published")
    expect(page.locator("#public-log")).to_be_visible()
    expect(page.get_by_text("Wrong subject")).to_be_visible()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"public-log-form-{width}")
        page.locator("#public-log").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / f"public-log-part-form-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
