"""A DPIA from draft to approval and on to its next version, in a real browser, without JavaScript needed."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def system_url(live_system):
    return live_system("Walkthrough Risk Tool", "individual_risk")


def _switch_user(page, base_url, email):
    page.goto(f"{base_url}/systems")
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base_url}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _open_section(page, title):
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def _save(page, button="Save and return to the task list"):
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def _save_and_continue(page, to):
    _save(page, "Save and continue")
    expect(page.get_by_role("heading", level=1)).to_have_text(to)


def _draft_required_answers(page):
    _open_section(page, "Step 1: Identify the need for a DPIA")
    page.locator("#aims").fill("Forecast the risk of reoffending of people in custody.")
    _save_and_continue(page, "Step 2: Describe the processing")
    page.locator("#nature").fill("Custody records are scored nightly.")
    page.locator("#scope").fill("Criminal offence data about 20,000 people a year.")
    page.locator("#purposes").fill("Target diversion at those most likely to benefit.")
    _save_and_continue(page, "Step 3: Consultation process")
    _save_and_continue(page, "Step 4: Assess necessity and proportionality")
    page.locator("#lawful_basis").fill("DPA 2018 s35(2)(b).")
    page.locator("#necessity").fill("Manual triage is slower and inconsistent.")
    _save_and_continue(page, "Law-enforcement processing (DPA 2018 Part 3)")
    page.locator("#data_subject_categories").fill("Suspects and convicted people, flagged separately.")
    page.locator("#facts_and_assessments").fill("Scores are labelled as assessments wherever shown.")
    page.check("input[name='sensitive_processing'][value='no']")
    page.locator("#automated_decisions").fill("No: an officer reviews every score before acting.")
    page.locator("#logging").fill("Every consultation is logged with its reason and user.")
    page.locator("#security_measures").fill("Role-based access, encryption at rest, quarterly audit.")
    _save(page)


def _add_two_risks(page, screenshot):
    _open_section(page, "Step 5: Identify and assess risks")
    page.get_by_role("button", name="Add a risk").click()
    page.locator("#risks-0-source").fill("Scores reflect historic bias in arrests.")
    page.check("input[name='risks-0-likelihood'][value='probable']")
    page.check("input[name='risks-0-severity'][value='severe']")
    page.get_by_role("button", name="Add a risk").click()
    expect(page.locator("#risks-0-source")).to_have_value("Scores reflect historic bias in arrests.")
    page.locator("#risks-1-source").fill("Officers defer to the score.")
    page.check("input[name='risks-1-likelihood'][value='possible']")
    page.check("input[name='risks-1-severity'][value='significant']")
    screenshot("assessment-risks-form")
    _save(page)
    expect(page.locator("#flag-prior_consultation")).to_contain_text(
        "Prior consultation with the ICO required"
    )


def _sign_off(page, date):
    _open_section(page, "Step 7: Sign off and record outcomes")
    for key in ("measures_approved", "residual_risks_approved", "dpo_advice", "dpo_advice_outcome"):
        page.locator(f"#signoffs-{key}-name").fill("Jo Bloggs")
        page.locator(f"#signoffs-{key}-position").fill("Data Protection Officer")
        day, month, year = date
        page.locator(f"#signoffs-{key}-date-day").fill(day)
        page.locator(f"#signoffs-{key}-date-month").fill(month)
        page.locator(f"#signoffs-{key}-date-year").fill(year)
        page.locator(f"input[name='signoffs-{key}-decision']").first.check()
    page.locator("#dpo_summary").fill("Proceed with human review of every score.")
    _save(page)


def _approve(page, conducted, screenshot=None):
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve")
    if conducted:
        day, month, year = conducted
        page.locator("#conducted-day").fill(day)
        page.locator("#conducted-month").fill(month)
        page.locator("#conducted-year").fill(year)
    if screenshot:
        screenshot("assessment-approve-form")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("The assessment has been approved.")).to_be_visible()


def test_a_dpia_from_draft_to_approval_and_a_new_version(page, base_url, live_user, system_url, screenshot):
    editor, approver = live_user("editor"), live_user("approver")
    _switch_user(page, base_url, editor)
    page.goto(system_url)
    expect(page.get_by_text("No DPIA recorded for this system.")).to_be_visible()
    page.get_by_role("button", name="Start an assessment").click()
    page.get_by_label("Data protection impact assessment (DPIA)").check()
    page.get_by_label("Title").fill("Walkthrough DPIA")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Walkthrough DPIA")
    assessment_url = page.url

    _draft_required_answers(page)
    _add_two_risks(page, screenshot)
    screenshot("assessment-draft")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("The assessment has been submitted for review.")).to_be_visible()

    _switch_user(page, base_url, approver)
    page.goto(assessment_url)
    expect(page.locator("#actions")).to_contain_text("needs a name, position, date and decision")
    _sign_off(page, ("1", "5", "2024"))
    _approve(page, ("30", "4", "2024"), screenshot)
    expect(page.locator("strong.govuk-tag").first).to_have_text("Approved")

    page.goto(system_url)
    row = page.locator("table.dpia-assessments tr", has_text="Walkthrough DPIA")
    expect(row).to_contain_text("April 2024")
    expect(row).to_contain_text("Approved")
    screenshot("system-with-assessments")

    _switch_user(page, base_url, editor)
    page.goto(assessment_url)
    page.get_by_role("button", name="Start a new version").click()
    expect(page).to_have_url(re.compile(r"/versions/2$"))
    page.get_by_role("button", name="Submit for review").click()
    _switch_user(page, base_url, approver)
    page.goto(re.sub(r"/versions/\d+$", "/versions/2", assessment_url))
    _sign_off(page, ("2", "6", "2024"))
    _approve(page, ("1", "6", "2024"))

    page.goto(assessment_url)
    expect(page.locator("strong.govuk-tag").first).to_have_text("Superseded")
    expect(page.locator(".govuk-inset-text")).to_contain_text("The newest version is version 2 (approved)")
    page.goto(system_url)
    row = page.locator("table.dpia-assessments tr", has_text="Walkthrough DPIA")
    expect(row).to_contain_text("June 2024")
    page.get_by_role("link", name=re.compile(r"^DPIA-")).click()
    page.get_by_role("link", name="Compare versions").click()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#summary")).to_contain_text("answers changed")
    expect(page.locator(".govuk-summary-list__key", has_text="Date conducted")).to_be_visible()
    screenshot("assessment-compare")
