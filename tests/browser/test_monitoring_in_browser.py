"""An editor fills in a downloaded template and uploads it through the real form, then reads the dataset."""

import csv
import io

import pytest
from playwright.sync_api import expect

from dpia.actor import command_line
from dpia.services import systems
from dpia.store.db import connect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def live_system(live_app):
    db = connect(live_app.config["DATABASE"])
    try:
        data = {
            "name": "Browser Facial Recognition",
            "category": "biometric",
            "lifecycle": "in_use",
            "regime": "dpa_part3",
            "first_used": "2022-01",
        }
        return systems.create(db, command_line(), data)
    finally:
        db.close()


def _fill(template: str) -> str:
    """Counts for each row of the template; the male count grows each quarter, totals add up."""
    rows = list(csv.reader(io.StringIO(template)))
    periods = sorted({row[0] for row in rows[1:]})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rows[0])
    for i, period in enumerate(periods):
        counts = {"female": 14, "male": 3 + 6 * i, "other": 0, "unknown": 6}
        writer.writerows([period, group, n] for group, n in counts.items())
        writer.writerow([period, "total", sum(counts.values())])
    return out.getvalue()


def test_an_editor_uploads_the_template_and_sees_the_table_and_chart(
    sign_in_as, base_url, live_system, screenshot, tmp_path
):
    page = sign_in_as("editor")
    page.goto(f"{base_url}/systems/{live_system}")
    page.get_by_role("link", name="Add monitoring data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add monitoring data")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Quarterly template by sex").click()
    template = download_info.value.path().read_text()
    filled = tmp_path / "filled.csv"
    filled.write_text(_fill(template))

    page.get_by_label("Title").fill("Alerts by sex")
    page.get_by_label("Alerts or possible matches").check()
    page.get_by_label("Quarter").check()
    page.get_by_label("Sex", exact=True).check()
    page.get_by_label("Source").fill("Deployment logs, LFR team")
    page.get_by_label("CSV file").set_input_files(str(filled))
    page.get_by_role("button", name="Upload monitoring data").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Alerts by sex")
    expect(page.locator("svg[role=img]")).to_be_visible()
    expect(page.locator("#counts")).to_contain_text("January to March 2022")
    expect(page.locator("#counts tbody tr").first).to_contain_text("Female")
    expect(page.locator("#release")).to_contain_text("*")
    screenshot("monitoring-dataset")


def test_a_bad_file_is_refused_with_each_problem_by_row_and_column(
    sign_in_as, base_url, live_system, screenshot, tmp_path
):
    page = sign_in_as("editor")
    page.goto(f"{base_url}/systems/{live_system}/monitoring/new")
    bad = tmp_path / "bad.csv"
    bad.write_text("period,group,count,name\n2021-Q1,female,-2,x\n2022-Q1,W1,3,\n")
    page.get_by_label("Title").fill("Bad file")
    page.get_by_label("Arrests as a result").check()
    page.get_by_label("Quarter").check()
    page.get_by_label("Sex", exact=True).check()
    page.get_by_label("Source").fill("Custody")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload monitoring data").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Row 1, column ‘D’: unknown column ‘name’")
    screenshot("monitoring-upload-errors")
