"""Keyboard only: sign in, draft with "Save and continue", submit; Enter saves; focus goes to an added row."""

import pytest
from playwright.sync_api import expect

from dpia.actor import command_line
from dpia.services.assessments import versions as assessments
from dpia.store.db import connect
from tests.browser.test_accessibility import AXE
from tests.browser.test_accessibility import RULES as AXE_RULES
from tests.conftest import DPIA_ANSWERS, PASSWORD, revision_of

pytestmark = pytest.mark.browser

# Enough Tab presses to cross the longest page these tests visit; more means the target is not reachable.
MOST_TABS = 120
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: "", tag: "body", id: ""};
  const label = el.labels && el.labels.length ? el.labels[0].innerText : (el.innerText || el.value || "");
  return {name: label.replace(/\\s+/g, " ").trim(), tag: el.tagName.toLowerCase(), id: el.id};
}"""


@pytest.fixture
def browser_context_args(browser_context_args):
    """axe, run on the pages with added rows, is injected as a script, which the CSP rightly refuses."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def live_draft(live_app, live_system):
    """A draft DPIA in the live register, answered but for `left_out`: -> (system address, id, reference)."""

    def make(name: str, left_out: tuple[str, ...] = (), **more) -> tuple[str, int, str]:
        system_url = live_system(name, "individual_risk")
        system_id = int(system_url.rsplit("/", 1)[1])
        answers = {key: value for key, value in DPIA_ANSWERS.items() if key not in left_out} | more
        db = connect(live_app.config["DATABASE"])
        try:
            data = {"kind": "dpia", "title": f"{name} DPIA"}
            assessment_id = assessments.start(db, command_line(), system_id, data)
            assessments.update_answers(
                db, command_line(), assessment_id, 1, answers, revision_of(db, assessment_id)
            )
            reference = assessments.load(db, command_line(), assessment_id)["reference"]
        finally:
            db.close()
        return system_url, assessment_id, reference

    return make


def _tab_to(page, name: str, *, tag: str | None = None) -> None:
    """Press Tab until the focused element is called `name`, as a keyboard user would."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["name"] == name and (tag is None or focused["tag"] == tag):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def _press_and_load(page, key: str) -> None:
    """Press a key that submits a form, and wait for the page that comes back."""
    with page.expect_navigation():
        page.keyboard.press(key)


def _banner(page):
    return page.locator(".govuk-notification-banner--success")


def test_keyboard_only_sign_in_draft_a_section_save_and_continue_then_submit(
    page, base_url, live_user, live_draft, screenshot
):
    system_url, assessment_id, reference = live_draft(
        "Keyboard Model", left_out=("lawful_basis", "necessity")
    )
    email = live_user("editor")
    page.goto(f"{base_url}/sign-in?next={system_url.removeprefix(base_url)}")

    _tab_to(page, "Email address")
    page.keyboard.type(email)
    _tab_to(page, "Password", tag="input")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keyboard Model")

    _tab_to(page, reference, tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keyboard Model DPIA")
    expect(page.locator("#actions")).to_contain_text("Before you can submit this for review")

    _tab_to(page, "Step 4: Assess necessity and proportionality", tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 4: Assess necessity and proportionality")
    _tab_to(page, "What is your lawful basis for processing?", tag="textarea")
    page.keyboard.type("DPA 2018 s35(2)(b): a law-enforcement purpose.")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["id"] == "necessity"
    page.keyboard.type("Manual triage is slower and inconsistent.")
    _tab_to(page, "Save and continue", tag="button")
    page.keyboard.press("Enter")

    # On to the next section asked (Part 3, as the regime is s64), the banner at the top and in view.
    expect(page.get_by_role("heading", level=1)).to_have_text("Law-enforcement processing (DPA 2018 Part 3)")
    expect(_banner(page)).to_contain_text("‘Step 4: Assess necessity and proportionality’ has been saved.")
    expect(_banner(page)).to_be_in_viewport()
    screenshot("section-after-save-and-continue")
    _tab_to(page, "Save and return to the task list", tag="button")
    page.keyboard.press("Space")

    expect(page).to_have_url(f"{base_url}/assessments/{assessment_id}/versions/1")
    expect(_banner(page)).to_contain_text("‘Law-enforcement processing (DPA 2018 Part 3)’ has been saved.")
    expect(_banner(page)).to_be_in_viewport()
    expect(page.locator("#actions")).to_contain_text("Ready for review")
    screenshot("task-list-after-save-and-return")
    _tab_to(page, "Submit for review", tag="button")
    page.keyboard.press("Enter")

    expect(_banner(page)).to_contain_text("The assessment has been submitted for review.")
    expect(page.locator("strong.govuk-tag").first).to_have_text("In review")


def _axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("rules => axe.run(document, {runOnly: rules})", AXE_RULES)["violations"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found]


def _fill_required_system_fields(page, name: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.locator("input[name='category']").first.check()
    page.locator("input[name='lifecycle']").first.check()
    page.locator("input[name='regime']").first.check()


@pytest.mark.parametrize("field", ["Name", "Owner"])
def test_enter_in_a_text_field_of_add_a_system_adds_the_system_not_a_cost(page, sign_in_as, base_url, field):
    sign_in_as("editor")
    page.goto(f"{base_url}/systems/new")
    name = f"Enter Saved Model {field}"
    _fill_required_system_fields(page, name)
    page.get_by_label(field, exact=True).press("Enter")
    expect(_banner(page)).to_contain_text(f"‘{name}’ has been added to the register.")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_enter_in_editing_a_system_saves_the_changes(page, sign_in_as, live_system):
    system_url = live_system("Enter Edited Model", "individual_risk")
    sign_in_as("editor")
    page.goto(f"{system_url}/edit")
    page.get_by_label("Owner", exact=True).fill("Head of Analytics")
    page.get_by_label("Owner", exact=True).press("Enter")
    expect(_banner(page)).to_contain_text("Your changes have been saved.")
    expect(page.locator("body")).to_contain_text("Head of Analytics")


@pytest.mark.parametrize("width", [1280, 320])
def test_after_adding_a_cost_or_policy_focus_is_on_its_first_field(page, sign_in_as, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_as("editor")
    page.goto(f"{base_url}/systems/new")
    page.get_by_label("Name", exact=True).fill("Focus Kept Model")
    page.get_by_role("button", name="Add a cost").focus()
    _press_and_load(page, "Enter")
    expect(page.get_by_role("group", name="Cost 1")).to_be_visible()
    assert page.evaluate(FOCUSED)["id"] == "costs-0-period_start-day"
    expect(page.locator("#costs-0-period_start-day")).to_be_in_viewport()
    page.keyboard.type("1")
    expect(page.locator("#costs-0-period_start-day")).to_have_value("1")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Focus Kept Model")

    _tab_to(page, "Add a policy", tag="button")
    _press_and_load(page, "Space")
    assert page.evaluate(FOCUSED)["id"] == "policies-0-title"
    expect(page.locator("#policies-0-title")).to_be_in_viewport()
    expect(page.locator("#costs-0-period_start-day")).to_have_value("1")
    assert _axe_violations(page) == []


def test_after_adding_a_risk_focus_is_on_the_new_rows_first_field(page, sign_in_as, base_url, live_draft):
    _, assessment_id, _ = live_draft("Risk Focus Model")
    sign_in_as("editor")
    page.goto(f"{base_url}/assessments/{assessment_id}/versions/1/sections/risks")
    _tab_to(page, "Add a risk", tag="button")
    _press_and_load(page, "Enter")
    assert page.evaluate(FOCUSED)["id"] == "risks-0-source"
    page.keyboard.type("Scores reflect historic bias in arrests.")
    _tab_to(page, "Add a risk", tag="button")
    _press_and_load(page, "Enter")
    assert page.evaluate(FOCUSED)["id"] == "risks-1-source"
    expect(page.locator("#risks-1-source")).to_be_in_viewport()
    expect(page.locator("#risks-0-source")).to_have_value("Scores reflect historic bias in arrests.")
    assert _axe_violations(page) == []


def test_enter_in_a_sections_text_field_saves_and_continues_rather_than_adding_a_row(
    page, sign_in_as, base_url, live_draft
):
    risk = {"source": "Scores reflect historic bias.", "likelihood": "probable", "severity": "severe"}
    _, assessment_id, _ = live_draft("Enter Measures Model", risks=[risk])
    sign_in_as("editor")
    page.goto(f"{base_url}/assessments/{assessment_id}/versions/1/sections/measures")
    page.get_by_role("button", name="Add a measure").click()
    page.locator("#measures-0-risk").select_option(index=1)
    page.locator("#measures-0-option").fill("A custody officer reviews every score.")
    page.check("input[name='measures-0-effect'][value='reduced']")
    page.check("input[name='measures-0-residual'][value='low']")
    page.locator("#measures-0-owner").fill("Head of Custody")
    page.locator("#measures-0-owner").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 7: Sign off and record outcomes")
    expect(_banner(page)).to_contain_text("‘Step 6: Identify measures to reduce risk’ has been saved.")
