"""The main navigation marks the item each page belongs to; each page has one search box."""

import re

import pytest

from dpia.services.assessments import workflow
from dpia.views.navigation import ITEMS, covers
from tests.conftest import DPIA_ANSWERS, EDITOR, revision_of


def _active(html: str) -> list[str]:
    """The texts of the navigation items marked as the current page."""
    items = re.findall(r'<li class="govuk-service-navigation__item([^"]*)">(.*?)</li>', html, re.S)
    return [re.sub(r"<[^>]+>", "", inner).strip() for classes, inner in items if "--active" in classes]


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/assessments/3/versions/1/approve", "Systems"),
        ("/assessments/3/versions/1/sections/need", "Systems"),
        ("/monitoring/2", "Systems"),
        ("/imports/abc", "Systems"),
        ("/reviews", "Reviews"),
        ("/foi/4/letter", "FOI requests"),
        ("/admin/audit", "Audit trail"),
        ("/admin/exemption-wording/s31", "Settings"),
    ],
)
def test_each_path_belongs_to_one_navigation_item(path, expected):
    assert [text for _, text, prefixes, _ in ITEMS if covers(prefixes, path)] == [expected]


def test_searching_is_not_highlighted_by_a_path_that_merely_starts_alike():
    assert not covers(("/search",), "/searching")


def test_the_approve_page_highlights_systems(signed_in, db, make_assessment):
    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
    approver = signed_in("approver")
    html = approver.get(f"/assessments/{assessment_id}/versions/1/approve").get_data(as_text=True)
    assert _active(html) == ["Systems"]


def test_admin_pages_highlight_their_own_item(signed_in):
    admin = signed_in("admin")
    assert _active(admin.get("/admin/audit").get_data(as_text=True)) == ["Audit trail"]
    assert _active(admin.get("/reviews").get_data(as_text=True)) == ["Reviews"]


def test_the_search_page_has_one_search_box_and_other_pages_keep_the_header_one(signed_in):
    reader = signed_in("reader")
    search = reader.get("/search?q=hart").get_data(as_text=True)
    assert len(re.findall(r'<input[^>]*name="q"', search)) == 1
    assert 'id="dpia-header-q"' not in search and _active(search) == ["Search"]
    assert 'id="dpia-header-q"' in reader.get("/reviews").get_data(as_text=True)
