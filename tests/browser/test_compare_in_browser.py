"""Comparing two saves of a DPIA, and choosing a measure's risk, as people see them at 1,280 and 320 px."""

import itertools
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dpia.services.assessments import versions as assessments
from dpia.store.db import connect
from tests.conftest import EDITOR

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "axe" / "node_modules" / "axe-core" / "axe.min.js"
NAMES = itertools.count(1)
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SOURCES = [
    "Re-identification of victims from published statistics about small areas of the force.",
    "Custody officers defer to the score instead of using their own judgement.",
    "Inaccurate offending history on the Police National Computer produces a wrong score.",
]
NATURE = (
    "Custody records, offending history and postcode are scored nightly by a random forest model."
    " Scores are shown to custody officers in the custody system. Details at"
    " https://example.police.uk/transparency/algorithms/harm-assessment-risk-tool-model-card-2019.pdf"
)
NEW_NATURE = (
    "Custody records and offending history are scored nightly by a random forest model; the postcode is"
    " replaced by a coarser area classification. Scores are shown to custody officers in the custody system."
    " Details at https://example.police.uk/transparency/algorithms/harm-assessment-risk-tool-model-card-2019.pdf"
)


@pytest.fixture
def browser_context_args(browser_context_args):
    """axe is injected as a script, which the app's Content-Security-Policy rightly refuses."""
    return {**browser_context_args, "bypass_csp": True}


def _risk(i: int, source: str, likelihood: str) -> dict:
    return {"_id": f"0000000{i}", "source": source, "likelihood": likelihood, "severity": "significant"}


def _measure(i: int, risk: int, option: str, residual: str) -> dict:
    return {
        "_id": f"000000a{i}",
        "risk": f"0000000{risk}",
        "option": option,
        "effect": "reduced",
        "residual": residual,
    }


@pytest.fixture
def compared(live_app, live_system):
    """A DPIA saved, then reworded, given a new risk, a risk moved, a measure removed: (id, before, after)."""
    system_id = int(live_system(f"Compared Harm Model {next(NAMES)}", "individual_risk").rsplit("/", 1)[1])
    db = connect(live_app.config["DATABASE"])
    try:
        assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "Harm model DPIA"})
        risks = [_risk(1, SOURCES[0], "possible"), _risk(2, SOURCES[1], "probable")]
        measures = [
            _measure(1, 1, "Suppress counts under five in every published table.", "low"),
            _measure(2, 2, "Training, and a rule that the score is advisory.", "medium"),
        ]
        answers = {
            "regime": "dpa_s64",
            "aims": "Forecast reoffending risk.",
            "nature": NATURE,
            "risks": risks,
            "measures": measures,
        }
        revision = assessments.update_answers(db, EDITOR, assessment_id, 1, answers, 1)
        before = assessments.history(db, EDITOR, assessment_id)["saves"][0]["id"]
        changed = {
            **answers,
            "aims": "Forecast the risk of reoffending of people in custody.",
            "nature": NEW_NATURE,
            "risks": [risks[1], _risk(3, SOURCES[2], "possible"), {**risks[0], "likelihood": "remote"}],
            "measures": [measures[1]],
        }
        assessments.update_answers(db, EDITOR, assessment_id, 1, changed, revision)
        after = assessments.history(db, EDITOR, assessment_id)["saves"][0]["id"]
    finally:
        db.close()
    return assessment_id, before, after


def _no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("rules => axe.run(document, {runOnly: rules})", RULES)["violations"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found]


@pytest.mark.parametrize("width", [1280, 320])
def test_compare_summarises_and_marks_words_at_any_width(
    page, sign_in_as, base_url, compared, screenshot, width
):
    assessment_id, before, after = compared
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("reader")
    page.goto(f"{base_url}/assessments/{assessment_id}/compare")
    page.locator("#before").select_option(str(before))
    page.locator("#after").select_option(str(after))
    page.get_by_role("button", name="Compare").click()

    expect(page.locator("#summary")).to_have_text(
        "2 answers changed, 1 risk added, 1 risk changed, 1 measure removed."
    )
    risk = page.get_by_role("heading", name="Risk 3: Re-identification of victims from published statistics")
    expect(risk).to_contain_text("Changed")
    expect(page.get_by_role("heading", name="Risk 2: Inaccurate offending history")).to_contain_text("Added")
    expect(page.get_by_role("heading", name="Measure 1: Suppress counts under five")).to_contain_text(
        "Removed"
    )
    # Only the changed cell of the moved risk, with the overall risk it changes: no noise from its new place.
    changed_risk = risk.locator("xpath=following-sibling::dl[1]")
    expect(changed_risk.locator("dt")).to_have_text(["Likelihood of harm", "Overall risk"])

    nature = page.locator(".govuk-summary-list__row", has_text="Nature of the processing").locator("dd")
    added, removed = nature.locator("ins"), nature.locator("del")
    expect(added.first).to_contain_text("and")
    expect(removed.filter(has_text="postcode")).to_have_count(1)
    # Marked by more than colour: underlined, struck through, and named to screen readers.
    assert "underline" in added.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in removed.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    expect(added.first.locator(".govuk-visually-hidden").first).to_have_text("[added: ")
    expect(removed.first.locator(".govuk-visually-hidden").first).to_have_text("[removed: ")

    _no_sideways_scroll(page, width)
    assert _violations(page) == []
    screenshot(f"assessment-compare-{width}")


@pytest.mark.parametrize("width", [1280, 320])
def test_the_measure_form_names_each_risk_by_its_words(
    page, sign_in_as, base_url, compared, screenshot, width
):
    assessment_id, _, _ = compared
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("editor")
    page.goto(f"{base_url}/assessments/{assessment_id}/versions/1/sections/measures")
    risk = page.get_by_label("Risk", exact=True).first
    expect(risk.locator("option")).to_have_text(
        [
            "Choose a risk",
            "Risk 1: Custody officers defer to the score instead of using…",
            "Risk 2: Inaccurate offending history on the Police National…",
            "Risk 3: Re-identification of victims from published statistics…",
        ]
    )
    expect(risk).to_have_value("00000002")
    _no_sideways_scroll(page, width)
    screenshot(f"measure-form-{width}")
