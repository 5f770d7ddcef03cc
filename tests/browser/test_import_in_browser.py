"""Importing a Word DPIA through the real form: upload, preview, re-map a block, confirm, check the draft."""

import pytest
from playwright.sync_api import expect

from tests import import_fixtures as fx

pytestmark = pytest.mark.browser


@pytest.fixture
def system_url(live_system):
    return live_system("Knife Crime Prediction", "crime_mapping")


def test_import_a_word_dpia_with_a_remapped_block(sign_in_as, system_url, screenshot, tmp_path):
    page = sign_in_as("editor")
    document = tmp_path / "Knife crime DPIA 2019.docx"
    document.write_bytes(fx.ico_dpia())
    page.goto(system_url)
    page.get_by_role("button", name="Import an assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import an assessment")
    page.get_by_label("File to import").set_input_files(str(document))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check where each part goes")
    expect(page.get_by_text("The document is marked RESTRICTED.", exact=False).first).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Knife Crime Prediction")
    expect(page.get_by_label("Reference (optional)")).to_have_value("DPIA/2019/04")
    nature_row = page.locator("[id^=item-]", has_text=fx.ICO_NATURE)
    expect(nature_row.locator("select")).to_have_value("q:nature")
    appendix_row = page.locator("[id^=item-]", has_text=fx.ICO_APPENDIX)
    expect(appendix_row.locator("select")).to_have_value("unplaced")
    screenshot("import-preview")
    appendix_row.locator("select").select_option("q:context")
    page.get_by_role("button", name="Import as a draft").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Imported as draft DPIA/2019/04"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Knife Crime Prediction")
    context = page.locator("section#processing")
    expect(context).to_contain_text(fx.ICO_CONTEXT)
    expect(context).to_contain_text(fx.ICO_APPENDIX)
    expect(page.locator("section#risks")).to_contain_text(fx.ICO_RISKS[0][0])
    expect(page.locator("#unplaced")).to_contain_text("Appendix A: Data flows")
    expect(page.locator("#attachments")).to_contain_text("Knife crime DPIA 2019.docx")
    expect(page.locator("#actions")).to_contain_text("imported items not yet placed")
    screenshot("import-draft")
