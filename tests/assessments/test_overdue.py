"""Overdue everywhere: one rule for the review-due tag and wording, on every page that shows the date."""

import re
from datetime import date, timedelta

import pytest

from dpia import clock
from dpia.actor import command_line
from dpia.domain.reviews import SOON_DAYS, months_and_days, review_state, span
from dpia.services.accounts import tokens
from dpia.services.assessments import workflow
from dpia.services.search import queries as search
from tests.conftest import APPROVER, DPIA_ANSWERS, EDITOR, SIGNOFFS, revision_of

TODAY = clock.today()


# The rule


@pytest.mark.parametrize(
    ("offset", "tag", "colour", "wording"),
    [
        (-1, "Overdue", "govuk-tag--red", "1 day overdue"),
        (0, "Due today", "govuk-tag--orange", "due today"),
        (1, "Due in 1 day", "govuk-tag--orange", "due in 1 day"),
        (7, "Due in 7 days", "govuk-tag--orange", "due in 7 days"),
        (8, "Due in 8 days", "govuk-tag--yellow", "due in 8 days"),
        (30, "Due in 30 days", "govuk-tag--yellow", None),
        (31, "", "", None),
    ],
)
def test_the_tag_says_overdue_or_due_in_days_within_the_window(offset, tag, colour, wording):
    today = date(2026, 6, 10)
    state = review_state(today + timedelta(days=offset), today)
    assert (state.tag, state.colour, state.days, state.overdue) == (tag, colour, offset, offset < 0)
    if wording:
        assert state.wording == wording


def test_the_window_is_declared_once_as_thirty_days():
    today = date(2026, 6, 10)
    assert SOON_DAYS == 30
    assert review_state(today + timedelta(days=SOON_DAYS), today).tag
    assert not review_state(today + timedelta(days=SOON_DAYS + 1), today).tag


@pytest.mark.parametrize(
    ("due", "today", "wording"),
    [
        ("2026-02-06", "2026-05-10", "3 months and 4 days overdue"),
        ("2026-01-31", "2026-02-27", "27 days overdue"),
        # A month from the 31st ends on a shorter month's last day, as review dates are set on approval.
        ("2026-01-31", "2026-02-28", "1 month overdue"),
        ("2026-01-31", "2026-03-01", "1 month and 1 day overdue"),
        ("2024-01-31", "2024-02-29", "1 month overdue"),  # a leap year's last day of February
        ("2026-03-31", "2026-04-30", "1 month overdue"),
        ("2025-12-20", "2026-01-05", "16 days overdue"),  # across a year end
        ("2017-06-30", "2026-06-30", "9 years overdue"),
        ("2017-06-14", "2026-05-10", "8 years, 10 months and 26 days overdue"),
        ("2026-05-22", "2026-05-10", "due in 12 days"),
        ("2026-07-15", "2026-05-31", "due in 1 month and 15 days"),
    ],
)
def test_the_long_wording_counts_months_and_days_across_month_ends(due, today, wording):
    assert review_state(date.fromisoformat(due), date.fromisoformat(today)).wording == wording


def test_months_and_days_never_count_past_the_later_date():
    start = date(2024, 1, 31)
    for offset in range(0, 800, 7):
        end = start + timedelta(days=offset)
        months, days = months_and_days(start, end)
        assert months >= 0 and 0 <= days < 31
    assert span(date(2026, 1, 1), date(2027, 2, 2)) == "1 year, 1 month and 1 day"


# Approved assessments with a chosen review date


@pytest.fixture
def reviewed(db, make_assessment, make_system):
    """An approved DPIA whose review falls due `offset` days from today -> (system id, assessment id)."""

    def make(offset, system_id=None, name=None):
        system_id = system_id or make_system(name=name or f"Reviewed {offset}")
        assessment_id = make_assessment(
            system_id=system_id, answers={**DPIA_ANSWERS, "signoffs": SIGNOFFS, "dpo_summary": "Proceed"}
        )
        workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
        approved = _day(min(offset, 0) - 365).isoformat()
        data = {"conducted": approved, "approved": approved, "review_due": _day(offset).isoformat()}
        workflow.transition(db, APPROVER, assessment_id, 1, "approve", data, revision_of(db, assessment_id))
        return system_id, assessment_id

    return make


def _day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def _tags(html: str) -> list[str]:
    return re.findall(r'class="govuk-tag [^"]*dpia-review-tag">([^<]+)<', html)


@pytest.fixture
def reader(signed_in):
    return signed_in("reader")


def test_the_system_page_tags_an_overdue_review(reader, reviewed):
    system_id, _ = reviewed(-3284)
    html = reader.get(f"/systems/{system_id}").get_data(as_text=True)
    assert _tags(html) == ["Overdue"]
    assert 'govuk-tag--red dpia-review-tag">Overdue' in html


def test_the_assessment_page_tags_a_review_due_soon(reader, reviewed):
    _, assessment_id = reviewed(12)
    html = reader.get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    assert _tags(html) == ["Due in 12 days"]
    assert 'govuk-tag--yellow dpia-review-tag">Due in 12 days' in html


def test_a_review_far_off_or_a_draft_has_no_tag(reader, reviewed, make_assessment):
    system_id, assessment_id = reviewed(200)
    draft = make_assessment(system_id=system_id)
    assert _tags(reader.get(f"/systems/{system_id}").get_data(as_text=True)) == []
    assert _tags(reader.get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)) == []
    assert _tags(reader.get(f"/assessments/{draft}/versions/1").get_data(as_text=True)) == []


def test_the_register_list_shows_each_systems_earliest_review(reader, reviewed):
    system_id, _ = reviewed(-40, name="Late system")
    reviewed(5, system_id=system_id)
    html = reader.get("/systems?sort=review_due").get_data(as_text=True)
    assert "Review due" in html
    row = html[html.index("Late system") :].split("</tr>")[0]
    assert _tags(row) == ["Overdue"]


def _names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


def test_the_register_sorts_by_review_due_both_ways_with_systems_without_reviews_last(
    reader, reviewed, make_system, make_assessment
):
    reviewed(-10, name="Overdue one")
    reviewed(100, name="Later one")
    reviewed(3, name="Soon one")
    make_system(name="No assessment")
    make_assessment(system_id=make_system(name="Only a draft"))
    names = ["Overdue one", "Later one", "Soon one", "No assessment", "Only a draft"]
    ascending = reader.get("/systems?sort=review_due").get_data(as_text=True)
    descending = reader.get("/systems?sort=review_due&order=desc").get_data(as_text=True)
    assert _names_in_order(ascending, names)[:3] == ["Overdue one", "Soon one", "Later one"]
    assert _names_in_order(descending, names)[:3] == ["Later one", "Soon one", "Overdue one"]
    for page in (ascending, descending):
        assert set(_names_in_order(page, names)[3:]) == {"No assessment", "Only a draft"}
    assert 'aria-sort="descending"' in descending


def test_the_api_sorts_systems_by_review_due_too(db, app, make_user, reviewed, make_system):
    reviewed(50, name="Api later")
    reviewed(-50, name="Api overdue")
    make_system(name="Api none")
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [make_user("reader")]).fetchone()[0]
    token = tokens.create(db, command_line(), user_id, "tests")[1]
    headers = {"Authorization": f"Bearer {token}"}
    for order, expected in (("asc", ["Api overdue", "Api later"]), ("desc", ["Api later", "Api overdue"])):
        response = app.test_client().get(f"/api/v1/systems?sort=review_due&order={order}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        names = [system["name"] for system in response.get_json()["items"]]
        assert names == [*expected, "Api none"]


def test_search_results_tag_the_review_from_the_database(db, app, reader, reviewed):
    system_id, _ = reviewed(-400, name="Searchable overdue")
    index = app.extensions["dpia.search"]
    try:
        index.catch_up(db)
        page = search.search(db, index, EDITOR, search.words_only("Searchable overdue"))
        hits = [hit for group in page["groups"] for hit in group["hits"] if hit["type"] != "system"]
        assert hits and hits[0]["review"].tag == "Overdue"
        panel_versions = [v for group in page["panel"] for a in group["assessments"] for v in a["versions"]]
        assert [v["review"].tag for v in panel_versions] == ["Overdue"]
        html = reader.get("/search?q=Searchable+overdue").get_data(as_text=True)
        assert _tags(html) == ["Overdue", "Overdue"]  # the system's panel, and the matching version
        assert "review due" in html
    finally:
        index.stop()
        index.searchers.close()


def test_the_reviews_page_says_months_and_days(reader, reviewed):
    reviewed(-(_day(0) - date(_day(0).year - 9, _day(0).month, 1)).days, name="Long overdue")
    reviewed(12, name="Due shortly")
    html = reader.get("/reviews").get_data(as_text=True)
    assert re.search(r"9 years(, \d+ months?)?( and \d+ days?)? overdue", html)
    assert "Due in 12 days" in html
    assert not re.search(r"\d{3,} days", html)
