"""Tags stay on one line: "15 working days left" no longer breaks after "days", at 1,280 or 320 px."""

import itertools

import pytest

from dpia.actor import command_line
from dpia.clock import today
from dpia.services import systems
from dpia.services.disclosure import requests as foi
from dpia.store.db import connect
from tests.conftest import FOI

pytestmark = pytest.mark.browser

# Height of an element against its own line height: one line is under 1.5 lines.
MADE = itertools.count(1)
LINES = "el => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)"


@pytest.fixture
def request_url(live_app, base_url):
    """An FOI request received today, so its tag counts down about 20 working days."""
    db = connect(live_app.config["DATABASE"])
    try:
        number = next(MADE)
        data = {"name": f"Tag Width Model {number}", "category": "individual_risk", "lifecycle": "in_use"}
        system_id = systems.create(db, command_line(), {**data, "regime": "dpa_part3"})
        received = {"day": str(today().day), "month": str(today().month), "year": str(today().year)}
        request_id = foi.create(
            db, FOI, {"reference": f"TAG/{number}", "received": received, "systems": [str(system_id)]}
        )
    finally:
        db.close()
    return f"{base_url}/foi/{request_id}"


@pytest.mark.parametrize("width", [1280, 320])
def test_the_deadline_tag_is_one_line(page, sign_in_as, request_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("foi_officer")
    page.goto(request_url)
    tag = page.locator("#deadline .govuk-tag")
    assert "working days left" in tag.inner_text()
    assert tag.evaluate(LINES) < 1.5
    assert page.evaluate("document.documentElement.scrollWidth") <= width
