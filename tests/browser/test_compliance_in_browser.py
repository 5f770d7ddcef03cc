"""The compliance banner and the Compliance page in a real browser, down to 320 px."""


def test_banner_on_the_system_page_and_the_compliance_page_at_320px(
    sign_in_as, live_system, base_url, screenshot
):
    page = sign_in_as("reader")
    address = live_system("Compliance Browser Model", "individual_risk")
    page.goto(address)
    banner = page.get_by_role("region", name="Compliance")
    assert "The system is in use with no approved DPIA." in banner.inner_text()
    assert "To fix: Complete and approve the DPIA" in banner.inner_text().replace("\n", " ")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot("compliance-banner-320")

    banner.get_by_role("link", name="All compliance findings").click()
    assert page.get_by_role("heading", name="Compliance", level=1).is_visible()
    page.get_by_label("Check").select_option("eqia_for_people")
    page.get_by_role("button", name="Apply filters").click()
    table = page.locator("table.dpia-findings")
    assert "Compliance Browser Model" in table.inner_text()
    assert "Processing before an approved DPIA" not in table.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot("compliance-page-320")
