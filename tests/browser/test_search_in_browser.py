"""An FOI officer searches by a misspelt name from the header and opens the system."""

import re
import time

import pytest
from playwright.sync_api import expect

from dpia.actor import command_line
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.store.db import connect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def durham_system(live_app):
    db = connect(live_app.config["DATABASE"])
    try:
        system_id = systems.create(
            db,
            command_line(),
            {
                "name": "Durham Harm Assessment Risk Tool",
                "aliases": ["DHART"],
                "category": "individual_risk",
                "lifecycle": "in_use",
                "regime": "dpa_part3",
                "how_it_works": "Scores custody suspects for the Checkpoint diversion scheme.",
            },
        )
        assessments.start(db, command_line(), system_id, {"kind": "dpia", "title": "Custody scoring DPIA"})
    finally:
        db.close()
    return system_id


def test_a_misspelt_name_typed_in_the_header_finds_and_opens_the_system(
    page, base_url, sign_in_as, screenshot, durham_system
):
    sign_in_as("foi_officer")
    deadline = time.monotonic() + 30
    while True:
        page.get_by_label("Search the register").first.fill("Durhm harm")
        page.get_by_role("button", name="Search", exact=True).first.click()
        if (
            page.get_by_role("link", name="Durham Harm Assessment Risk Tool").count()
            or time.monotonic() > deadline
        ):
            break
        time.sleep(0.5)  # The first search of a new instance builds the index in the background.
    expect(page.locator("#result-count")).to_be_visible()
    expect(page.get_by_text("No EqIA recorded")).to_be_visible()
    screenshot("search-misspelt-name")
    page.get_by_role("heading", name="Durham Harm Assessment Risk Tool").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Durham Harm Assessment Risk Tool")
    screenshot("search-opened-system")


def test_the_search_page_filters_without_javascript(page, base_url, sign_in_as, screenshot, durham_system):
    sign_in_as("reader")
    page.goto(f"{base_url}/search?q=custody")
    page.get_by_label("DPIA: Data protection impact assessment").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"kind=dpia"))
    expect(page.get_by_label("DPIA: Data protection impact assessment")).to_be_checked()
    screenshot("search-filtered")
