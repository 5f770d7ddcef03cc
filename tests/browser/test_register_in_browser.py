"""An editor uses the register in a real browser, without JavaScript being needed."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_editor_creates_a_system_through_the_form_and_finds_it(sign_in_as, base_url, screenshot):
    page = sign_in_as("editor")
    page.goto(f"{base_url}/systems/new")
    screenshot("system-form-empty")
    page.get_by_label("Name").first.fill("Browser Risk Model")
    page.get_by_label("Aliases and acronyms").fill("BRM\nBrowser model")
    page.get_by_label("Individual risk assessment").check()
    page.get_by_label("In use").check()
    page.locator("#first_used-month").fill("6")
    page.locator("#first_used-year").fill("2019")
    page.get_by_label("DPA 2018 Part 3 (law enforcement)").check()
    page.get_by_label("How it works").fill("Scores people for risk.")
    page.get_by_role("button", name="Add a cost").click()
    page.locator("#costs-0-period_start-year").fill("2019")
    page.locator("#costs-0-amount").fill("25000")
    page.locator("#costs-0-description").fill("Licence")
    page.get_by_role("button", name="Add system").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Browser Risk Model")
    expect(page.get_by_text("June 2019")).to_be_visible()
    expect(page.get_by_text("£25,000.00")).to_be_visible()
    screenshot("system-page")

    page.get_by_role("link", name="All systems").click()
    page.get_by_label("Category").select_option("individual_risk")
    page.get_by_role("button", name="Apply filters").click()
    link = page.get_by_role("link", name="Browser Risk Model")
    expect(link).to_be_visible()
    screenshot("systems-list")
    link.click()
    expect(page).to_have_url(re.compile(r"/systems/\d+$"))


def test_bad_input_shows_an_error_summary_linked_to_each_field(sign_in_as, base_url, screenshot):
    page = sign_in_as("editor")
    page.goto(f"{base_url}/systems/new")
    page.locator("#first_used-day").fill("30")
    page.locator("#first_used-month").fill("2")
    page.locator("#first_used-year").fill("2023")
    page.get_by_role("button", name="Add system").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter the system's name")
    expect(summary).to_contain_text("First used must be a real date")
    expect(page).to_have_title(re.compile("^Error: "))
    screenshot("system-form-errors")
    summary.get_by_role("link", name="First used must be a real date").click()
    expect(page.locator("#first_used-day")).to_be_focused()
    expect(page.locator("#first_used-day")).to_have_value("30")


def test_the_form_works_by_keyboard_alone(sign_in_as, base_url):
    page = sign_in_as("editor")
    page.goto(f"{base_url}/systems/new")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.locator("#name").focus()
    page.keyboard.type("Keyboard System")
    expect(page.locator("#name")).to_have_value("Keyboard System")
