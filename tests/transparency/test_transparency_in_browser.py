"""The public pages as an anonymous visitor sees them in headless Chromium: axe-checked, reflowing."""

import pytest

from dpia.store.db import connect
from tests.transparency.conftest import publish_register
from tests.transparency.published import WITHHELD

TAG = " Pub"
NEVER_SHOWN = (WITHHELD, "First version text", f"Gang matrix{TAG}", "Withdrawn response subject", "901/23")


@pytest.fixture(scope="module")
def public_register(live_app):
    """The register of tests/transparency/conftest.py in the live app's database, once."""
    db = connect(live_app.config["DATABASE"])
    try:
        return publish_register(db, TAG)
    finally:
        db.close()


def _pages(found: dict) -> dict[str, str]:
    return {
        "index": "/transparency/",
        "system": f"/transparency/systems/{found['hart']}/",
        "atrs": f"/transparency/systems/{found['hart']}/atrs",
        "log": "/transparency/disclosure-log/",
        "response": f"/transparency/disclosure-log/{found['response']}/",
    }


@pytest.mark.parametrize("width", [1280, 320])
def test_an_anonymous_visitor_sees_every_public_page_and_nothing_unpublished(
    page, base_url, public_register, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in _pages(public_register).items():
        response = page.goto(base_url + path)
        assert response.status == 200, path
        text = page.inner_text("body")
        assert not [s for s in NEVER_SHOWN if s in text], path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways"
        assert page.locator("h1").count() == 1
        screenshot(f"transparency-{name}-{width}")
    assert page.get_by_role("link", name="Staff sign in").count() == 1
    assert page.goto(f"{base_url}/transparency/systems/no-such-system/").status == 404
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"transparency-not-found-{width}")


def test_a_visitor_follows_links_from_the_start_page_to_a_download(page, base_url, public_register):
    page.goto(f"{base_url}/transparency/")
    page.get_by_role("link", name=f"HART{TAG}").click()
    assert page.locator("h1").inner_text() == f"HART{TAG}"
    with page.expect_download() as info:
        page.get_by_role("link", name=f"DPIA of HART{TAG} (disclosure copy)").click()
    assert info.value.suggested_filename == "dpia-2021-004-v2.docx"
    page.get_by_role("link", name=f"Read the ATRS record for HART{TAG}").click()
    assert "Algorithmic Transparency Recording Standard record" in page.locator("h1").inner_text()
