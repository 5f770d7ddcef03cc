"""The compare page: a summary first, fields named beside their values, words marked, answers escaped."""

import re

import pytest

from dpia.services.assessments import versions as assessments
from tests.conftest import EDITOR, revision_of
from tests.test_security import XSS

RISKS = [
    {
        "_id": "0000000a",
        "source": "Re-identification of victims from published statistics about small areas.",
        "likelihood": "possible",
        "severity": "severe",
    },
    {
        "_id": "0000000b",
        "source": "Officers defer to the score.",
        "likelihood": "remote",
        "severity": "minimal",
    },
]
MEASURES = [
    {
        "_id": "000000a1",
        "risk": "0000000a",
        "option": "Suppress small counts.",
        "effect": "reduced",
        "residual": "low",
    },
    {"_id": "000000b1", "risk": "0000000b", "option": "Training.", "effect": "reduced", "residual": "low"},
]
NEW_RISK = {
    "_id": "0000000c",
    "source": "Inaccurate offending history produces a wrong score.",
    "likelihood": "probable",
    "severity": "significant",
}


def _compared(signed_in, db, make_assessment, aims_before: str, aims_after: str) -> str:
    """A DPIA saved twice, the second time with aims reworded, a risk added and a measure removed."""
    answers = {"regime": "uk_gdpr_art35", "aims": aims_before, "risks": RISKS, "measures": MEASURES}
    assessment_id = make_assessment(answers=answers)
    changed = {"regime": "uk_gdpr_art35", "aims": aims_after, "why_needed": "Profiling of people in custody."}
    for section, values in (
        ("need", changed),
        ("risks", {"risks": [RISKS[1], NEW_RISK, RISKS[0]]}),
        ("measures", {"measures": [MEASURES[0]]}),
    ):
        assessments.update_section(
            db, EDITOR, assessment_id, 1, section, values, revision_of(db, assessment_id)
        )
    saves = assessments.history(db, EDITOR, assessment_id)["saves"]
    before, after = saves[3]["id"], saves[0]["id"]
    response = signed_in("reader").get(f"/assessments/{assessment_id}/compare?before={before}&after={after}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_summary_counts_answers_and_rows_and_only_real_changes_are_listed(signed_in, db, make_assessment):
    html = _compared(
        signed_in,
        db,
        make_assessment,
        "Forecast reoffending risk of people in custody.",
        "Forecast the risk of reoffending of people in custody.",
    )
    assert (
        '<p class="govuk-body-l" id="summary">2 answers changed, 1 risk added, 1 measure removed.</p>' in html
    )
    # Reordered risks and the measure kept are not listed; the new risk is named by its words and tagged.
    assert "Risk 2: Inaccurate offending history produces a wrong score." in html
    assert re.search(
        r"Risk 2: Inaccurate offending history[^<]*<strong class=\"govuk-tag govuk-tag--green\">Added", html
    )
    assert re.search(r"Measure 2: Training\.\s*<strong class=\"govuk-tag govuk-tag--red\">Removed", html)
    assert "Officers defer to the score" in html  # the removed measure's risk, in its words
    assert "Suppress small counts" not in html and "Re-identification" not in html


def test_field_names_are_keys_beside_their_values(signed_in, db, make_assessment):
    html = _compared(signed_in, db, make_assessment, "Old aims.", "New aims.")
    assert re.search(
        r'<dt class="govuk-summary-list__key">What does the project aim to achieve[^<]*</dt>\s*'
        r'<dd class="govuk-summary-list__value">',
        html,
    )
    assert '<dt class="govuk-summary-list__key">Likelihood of harm</dt>' in html


def test_long_text_changes_are_marked_word_by_word_for_eyes_and_screen_readers(
    signed_in, db, make_assessment
):
    html = _compared(
        signed_in,
        db,
        make_assessment,
        "Forecast reoffending risk of people in custody.",
        "Forecast the risk of reoffending of people in custody.",
    )
    assert (
        'Forecast <del class="dpia-diff-old"><span class="govuk-visually-hidden">[removed: </span>reoffending'
        '<span class="govuk-visually-hidden">]</span></del><ins class="dpia-diff-new">'
        '<span class="govuk-visually-hidden">[added: </span>the'
        '<span class="govuk-visually-hidden">]</span></ins>'
        ' risk <ins class="dpia-diff-new"><span class="govuk-visually-hidden">[added: </span>of reoffending'
        '<span class="govuk-visually-hidden">]</span></ins> of people in custody.'
    ) in html
    assert "Words added are underlined and words removed are struck through." in html


@pytest.mark.parametrize("payload", XSS)
def test_markup_in_answers_is_escaped_in_the_comparison(signed_in, db, make_assessment, payload):
    html = _compared(signed_in, db, make_assessment, f"Plan A {payload}", f"Plan B {payload} today")
    if "<" in payload:
        assert payload not in html
        assert payload.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in html
    else:
        assert payload in html and "Plan B 49" not in html


def test_two_identical_saves_say_nothing_changed(signed_in, db, make_assessment):
    assessment_id = make_assessment(answers={"aims": "Same."})
    save = assessments.history(db, EDITOR, assessment_id)["saves"][0]["id"]
    html = (
        signed_in("reader")
        .get(f"/assessments/{assessment_id}/compare?before={save}&after={save}")
        .get_data(as_text=True)
    )
    assert "Nothing changed: the two are the same." in html and "govuk-summary-list__key" not in html
