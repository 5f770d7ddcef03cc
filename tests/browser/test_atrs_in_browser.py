"""An editor fills in Tier 1 of a system's ATRS record and downloads it, at 1,280 and 320 px."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 320])
def test_an_editor_fills_tier_1_sees_the_missing_list_shrink_and_downloads_it(
    page, sign_in_as, live_system, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    system = live_system(f"ATRS Browser Model {width}", "individual_risk")
    sign_in_as("editor")
    page.goto(system)
    page.get_by_role("link", name=re.compile("^ATRS record")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ATRS record")
    tier1 = page.locator("#missing-1-list")
    expect(tier1.get_by_role("listitem")).to_have_count(4)
    screenshot(f"atrs-record-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    tier1.get_by_role("link", name="Name").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tier 1: overview")
    page.get_by_label("Name").fill("N" * 256)
    page.get_by_label("Description").fill("Forecasts reoffending risk for custody officers.")
    page.get_by_role("button", name="Save and return to the record").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Name must be 255 characters or fewer (it has 256)")
    screenshot(f"atrs-form-errors-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_label("Name").fill("ATRS Browser Model")
    page.get_by_label("Contact email").fill("transparency@police.example")
    screenshot(f"atrs-form-{width}")
    page.get_by_role("button", name="Save and continue").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Owner and responsibility")
    page.get_by_role("link", name="Back to the ATRS record").click()
    expect(tier1.get_by_role("listitem")).to_have_count(1)
    expect(tier1).to_contain_text("Website URL")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the spreadsheet (.xlsx)").click()
    book = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    rows = list(book["Tier 1"].iter_rows(values_only=True))
    assert ("1.1", "Name", "ATRS Browser Model") in rows
    assert ("1.4", "Contact email", "transparency@police.example") in rows
