"""WCAG 1.4.10 reflow: at 320 px no page of the daily journeys scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from dpia import kinds
from dpia.actor import command_line
from dpia.domain.samples import sample_answers
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from dpia.services.disclosure import exports
from dpia.services.disclosure import requests as foi
from dpia.store.db import connect
from tests import import_fixtures as fx
from tests.conftest import EDITOR, FOI, approve, write_answers

pytestmark = pytest.mark.browser

SYSTEM = {
    "name": "Reflow Harm Assessment Risk Tool",
    "category": "individual_risk",
    "lifecycle": "in_use",
    "regime": "dpa_part3",
    "costs": [{"period_start": "2017", "period_end": "2018", "amount": "12500.50", "description": "Licence"}],
    "policies": [
        {
            "title": "Custody decision-making policy",
            "reference": "CP-2018-00417",
            "version_date": "2018-06",
            "url": "https://example.org/policies/custody-decision-making",
        }
    ],
}


@pytest.fixture(scope="module")
def register(live_app, base_url):
    """A system with an approved DPIA (with sign-offs) and its second version, an FOI request about it,
    and a disclosure copy in the log: the addresses of the pages people use every day."""
    db = connect(live_app.config["DATABASE"])
    try:
        system_id = systems.create(db, command_line(), SYSTEM)
        assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "Reflow DPIA"})
        write_answers(db, assessment_id, 1, sample_answers(kinds.latest("dpia")))
        approve(db, assessment_id)
        workflow.new_version(db, EDITOR, assessment_id, 1)
        received = {"day": "3", "month": "6", "year": "2024"}
        request_id = foi.create(
            db, FOI, {"reference": "RF/24", "received": received, "systems": [str(system_id)]}
        )
        exports.disclosure_assessment(db, FOI, assessment_id, 1, "RF/24", exports.Options())
    finally:
        db.close()
    version = f"/assessments/{assessment_id}/versions/1"
    return {
        "register": "/systems",
        "system": f"/systems/{system_id}",
        "version with sign-offs": version,
        "compare": f"/assessments/{assessment_id}/compare?before=1&after=2",
        "search by name": "/search?q=Reflow+Harm+Assessment+Risk+Tool",
        "search by words": "/search?q=risk",
        "FOI request": f"/foi/{request_id}",
        "FOI requests": "/foi",
        "disclosure log": "/foi/log",
        "audit": "/admin/audit",
        "compliance": "/compliance",
        "reviews": "/reviews",
        "import": f"/systems/{system_id}/import",
    }


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_no_page_of_the_daily_journeys_scrolls_sideways_at_320_px(
    page, sign_in_as, base_url, register, tmp_path
):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in_as("editor", "foi_officer", "admin")
    widths = {}
    for name, path in register.items():
        page.goto(base_url + path)
        widths[name] = _overflow(page)
    # The import preview is only reached by uploading a document.
    document = tmp_path / "Reflow DPIA.docx"
    document.write_bytes(fx.ico_dpia())
    page.goto(base_url + register["import"])
    page.get_by_label("File to import").set_input_files(str(document))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check where each part goes")
    widths["import preview"] = _overflow(page)
    assert {name: width for name, width in widths.items() if width > 320} == {}


# How far each table is wider than the box it sits in.
TABLES_OVERFLOW = """() => [...document.querySelectorAll("main table")].map(table =>
  table.getBoundingClientRect().width - table.parentElement.clientWidth)"""


def test_the_disclosure_log_and_audit_trail_fit_their_column_at_1280_px(page, sign_in_as, base_url, register):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as("foi_officer", "admin")
    for name in ("disclosure log", "audit"):
        page.goto(base_url + register[name])
        assert [overflow for overflow in page.evaluate(TABLES_OVERFLOW) if overflow > 0] == [], name
    panel, action = page.locator(".dpia-filter").bounding_box(), page.get_by_label("Action").bounding_box()
    assert action["x"] + action["width"] <= panel["x"] + panel["width"]


def test_a_hash_shows_12_characters_and_the_whole_value_from_the_keyboard(
    page, sign_in_as, base_url, register
):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in_as("foi_officer")
    page.goto(base_url + register["disclosure log"])
    summary = page.locator(".dpia-hash summary")
    expect(summary).to_have_text(re.compile(r"^SHA-256 [0-9a-f]{12}… of DPIA-\S+-disclosure\.docx, in full$"))
    whole = page.locator(".dpia-hash .govuk-details__text")
    expect(whole).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(whole).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
