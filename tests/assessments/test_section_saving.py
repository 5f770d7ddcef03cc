"""Saving a section: on to the next section or back to the task list, banner in view; focus on added rows."""

import re

import pytest

from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from tests.conftest import DPIA_ANSWERS, EDITOR, revision_of


@pytest.fixture
def editor(signed_in):
    return signed_in("editor")


def _section_url(assessment_id, key, number=1):
    return f"/assessments/{assessment_id}/versions/{number}/sections/{key}"


def _task_list(assessment_id, number=1):
    return f"/assessments/{assessment_id}/versions/{number}"


def _save(client, db, assessment_id, key, answers, button):
    data = {"revision": revision_of(db, assessment_id), **answers}
    if button:
        data["save"] = button
    return client.post(_section_url(assessment_id, key), data)


def _banner(client, location):
    html = client.get(location).get_data(as_text=True)
    found = re.search(
        r'govuk-notification-banner--success.*?<p class="govuk-notification-banner__heading">(.*?)</p>',
        html,
        re.S,
    )
    return html, found.group(1).strip() if found else ""


def test_save_and_continue_opens_the_next_sections_form_saying_what_was_saved(editor, db, make_assessment):
    assessment_id = make_assessment()
    response = _save(editor, db, assessment_id, "need", {"aims": "Forecast risk."}, "continue")
    assert response.status_code == 302
    assert response.headers["Location"] == _section_url(assessment_id, "processing")
    html, banner = _banner(editor, response.headers["Location"])
    assert "Step 1: Identify the need for a DPIA" in banner and "has been saved" in banner
    assert '<h1 class="govuk-heading-l">Step 2: Describe the processing</h1>' in html
    assert assessments.load(db, EDITOR, assessment_id)["answers"]["aims"] == "Forecast risk."


def test_save_and_return_goes_to_the_task_list_without_a_fragment(editor, db, make_assessment):
    assessment_id = make_assessment()
    response = _save(editor, db, assessment_id, "consultation", {"consultation": "The DPO."}, "return")
    assert response.status_code == 302
    # A fragment would scroll the page past the banner at its top.
    assert response.headers["Location"] == _task_list(assessment_id)
    html, banner = _banner(editor, response.headers["Location"])
    assert banner == "‘Step 3: Consultation process’ has been saved."
    assert 'id="sections"' in html or "govuk-task-list" in html


@pytest.mark.parametrize(
    ("regime", "following"),
    [("dpa_s64", "part3"), ("uk_gdpr_art35", "risks")],
)
def test_the_answers_just_saved_decide_which_section_comes_next(
    editor, db, make_assessment, regime, following
):
    assessment_id = make_assessment(answers={"regime": regime})
    response = _save(editor, db, assessment_id, "necessity", {"lawful_basis": "s35"}, "continue")
    assert response.headers["Location"] == _section_url(assessment_id, following)


def test_a_section_that_stops_being_asked_is_skipped_straight_away(editor, db, make_assessment):
    assessment_id = make_assessment(answers={"regime": "dpa_s64"})
    _save(editor, db, assessment_id, "need", {"regime": "uk_gdpr_art35"}, "continue")
    response = _save(editor, db, assessment_id, "necessity", {"lawful_basis": "s35"}, "continue")
    assert response.headers["Location"] == _section_url(assessment_id, "risks")


def test_the_last_section_continues_to_the_task_list(editor, db, make_assessment):
    assessment_id = make_assessment()
    response = _save(editor, db, assessment_id, "signoff", {"dpo_summary": "Proceed."}, "continue")
    assert response.headers["Location"] == _task_list(assessment_id)
    _, banner = _banner(editor, response.headers["Location"])
    assert "‘Step 7: Sign off and record outcomes’ has been saved" in banner
    assert "last section" in banner


def test_an_approver_reviewing_continues_past_sections_they_may_not_change(signed_in, db, make_assessment):
    """In review only the sign-off section may change, so an approver's sign-off leads to the task list."""
    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
    approver = signed_in("approver")
    response = _save(approver, db, assessment_id, "signoff", {"dpo_summary": "Proceed."}, "continue")
    assert response.headers["Location"] == _task_list(assessment_id)


def test_a_form_posted_without_a_button_name_saves_and_continues(editor, db, make_assessment):
    """A post without the button's name (an older form, a script) saves and continues too."""
    assessment_id = make_assessment()
    response = _save(editor, db, assessment_id, "need", {"aims": "Forecast risk."}, None)
    assert response.headers["Location"] == _section_url(assessment_id, "processing")


@pytest.mark.parametrize("button", ["continue", "return"])
def test_invalid_answers_stay_on_the_section_with_the_error_summary(editor, db, make_assessment, button):
    assessment_id = make_assessment()
    answers = {"risks-0-source": "Bias", "risks-0-likelihood": "certain", "risks-0-severity": "severe"}
    response = _save(editor, db, assessment_id, "risks", answers, button)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in html and 'href="#risks-0-likelihood"' in html
    assert '<h1 class="govuk-heading-l">Step 5: Identify and assess risks</h1>' in html
    assert "risks" not in assessments.load(db, EDITOR, assessment_id)["answers"]


def test_the_section_form_offers_both_buttons_and_makes_enter_save_and_continue(editor, make_assessment):
    assessment_id = make_assessment()
    html = editor.get(_section_url(assessment_id, "risks")).get_data(as_text=True)
    main = html[html.index('id="main-content"') :]
    form = main[main.index('<form method="post"') :]
    buttons = re.findall(r"<button[^>]*>", form)
    # The first submit button of the form is what Enter presses: a hidden, unfocusable "Save and continue".
    assert (
        'value="continue"' in buttons[0]
        and 'tabindex="-1"' in buttons[0]
        and 'aria-hidden="true"' in buttons[0]
    )
    # The visible buttons come after the rows, in the order they are read and tabbed to.
    visible = [b for b in buttons[1:] if 'name="save"' in b]
    assert [re.search(r'value="(\w+)"', b).group(1) for b in visible] == ["continue", "return"]
    assert form.index("Add a risk") < form.index(visible[0]) < form.index("Save and return to the task list")


def _autofocused(html):
    return re.findall(r"<(?:input|textarea|select)[^>]*\bautofocus\b[^>]*>", html)


def test_adding_a_row_puts_focus_on_its_first_field(editor, db, make_assessment):
    assessment_id = make_assessment()
    url = _section_url(assessment_id, "risks")
    revision = revision_of(db, assessment_id)
    assert _autofocused(editor.get(url).get_data(as_text=True)) == []
    first = editor.post(url, {"revision": revision, "action": "add:risks"}).get_data(as_text=True)
    assert [re.search(r'id="([^"]+)"', tag).group(1) for tag in _autofocused(first)] == ["risks-0-source"]
    second = editor.post(
        url, {"revision": revision, "risks-0-source": "Bias", "action": "add:risks"}
    ).get_data(as_text=True)
    assert [re.search(r'id="([^"]+)"', tag).group(1) for tag in _autofocused(second)] == ["risks-1-source"]


@pytest.mark.parametrize(
    ("kind", "section", "question", "focused"),
    [
        ("dpia", "measures", "measures", "measures-0-risk"),
        ("eqia", "bias", "bias_tests", "bias_tests-0-date-day"),
    ],
)
def test_focus_goes_to_the_first_box_whatever_the_first_columns_type(
    editor, db, make_assessment, kind, section, question, focused
):
    """A measure starts with the risk it answers (a drop-down), a bias test with its date (the day box)."""
    assessment_id = make_assessment(kind)
    url = _section_url(assessment_id, section)
    html = editor.post(url, {"revision": revision_of(db, assessment_id), "action": f"add:{question}"})
    assert [
        re.search(r'id="([^"]+)"', tag).group(1) for tag in _autofocused(html.get_data(as_text=True))
    ] == [focused]


@pytest.mark.parametrize("action", ["add:aims", "add:nope", "add:", "delete:risks"])
def test_an_add_action_for_no_table_shows_the_form_again_unchanged(editor, db, make_assessment, action):
    assessment_id = make_assessment(answers={"aims": "Kept"})
    response = editor.post(
        _section_url(assessment_id, "need"), {"revision": revision_of(db, assessment_id), "action": action}
    )
    assert response.status_code == 200
    assert _autofocused(response.get_data(as_text=True)) == []
