"""The approve page offers Approve only when approval is possible, and links each blocker to its field."""

import re

from dpia import kinds
from dpia.domain import readiness
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from tests.conftest import DPIA_ANSWERS, EDITOR, SIGNOFFS, revision_of


def _in_review(db, make_assessment, answers):
    assessment_id = make_assessment(answers=answers)
    workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
    return assessment_id


def _links(html: str, within: str) -> list[str]:
    """The hrefs of links inside the first element whose opening tag contains `within`."""
    start = html.index(within)
    block = html[start : html.index("</div>\n    </div>", start)]
    return re.findall(r'href="([^"]+)"', block)


def test_the_conducted_date_never_blocks_approval_because_the_form_asks_for_it():
    version = {"conducted": None, "answers": {}}
    gaps = readiness.approval_gaps(kinds.latest("dpia"), version)
    assert gaps[0][0] == "conducted"
    blockers = readiness.approval_blockers(gaps)
    assert blockers and all(key != "conducted" for key, _ in blockers)
    assert readiness.approval_blockers([("conducted", "Enter the date the assessment was conducted")]) == []


def test_a_blocked_approval_lists_each_blocker_linked_to_its_field_and_offers_no_approve_button(
    signed_in, db, make_assessment
):
    assessment_id = _in_review(db, make_assessment, DPIA_ANSWERS)
    approver = signed_in("approver")
    html = approver.get(f"/assessments/{assessment_id}/versions/1/approve").get_data(as_text=True)
    assert "You cannot approve yet because:" in html
    assert ">Approve</button>" not in html and 'name="approved-day"' not in html
    assert "govuk-error-summary" not in html  # nothing has gone wrong yet: this is not an error
    links = _links(html, 'id="blockers"')
    assert len(links) == 5
    for link in links:
        page, fragment = link.split("#")
        assert page == f"/assessments/{assessment_id}/versions/1/sections/signoff"
        target = approver.get(page)
        assert target.status_code == 200
        assert f'id="{fragment}"' in target.get_data(as_text=True), fragment


def test_approving_anyway_is_refused_and_the_error_summary_stays_on_the_page(signed_in, db, make_assessment):
    assessment_id = _in_review(db, make_assessment, DPIA_ANSWERS)
    approver = signed_in("approver")
    url = f"/assessments/{assessment_id}/versions/1/approve"
    data = {"revision": revision_of(db, assessment_id), "conducted-year": "2024"}
    data.update({"approved-day": "1", "approved-month": "5", "approved-year": "2024"})
    response = approver.post(url, data, form_url=f"/assessments/{assessment_id}/versions/1")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert assessments.load(db, EDITOR, assessment_id)["status"] == "in_review"
    summary = html[html.index("govuk-error-summary") : html.index('id="blockers"')]
    assert re.findall(r'href="([^"]+)"', summary) == ["#blockers"]
    assert "You cannot approve yet: 5 things are missing" in summary
    assert ">Approve</button>" not in html


def test_once_nothing_blocks_it_the_page_offers_approve_with_its_dates(signed_in, db, make_assessment):
    answers = {**DPIA_ANSWERS, "signoffs": SIGNOFFS, "dpo_summary": "Go"}
    assessment_id = _in_review(db, make_assessment, answers)
    approver = signed_in("approver")
    html = approver.get(f"/assessments/{assessment_id}/versions/1/approve").get_data(as_text=True)
    assert "You cannot approve yet" not in html
    assert 'name="conducted-day"' in html and 'name="approved-day"' in html
    assert re.search(r"<button[^>]*>\s*Approve\s*</button>", html)


def test_the_version_page_offers_approve_only_when_nothing_blocks_it(signed_in, db, make_assessment):
    blocked = _in_review(db, make_assessment, DPIA_ANSWERS)
    ready = _in_review(db, make_assessment, {**DPIA_ANSWERS, "signoffs": SIGNOFFS, "dpo_summary": "Go"})
    approver = signed_in("approver")
    blocked_html = approver.get(f"/assessments/{blocked}/versions/1").get_data(as_text=True)
    ready_html = approver.get(f"/assessments/{ready}/versions/1").get_data(as_text=True)
    assert f'href="/assessments/{blocked}/versions/1/approve"' not in blocked_html
    assert "You cannot approve yet because:" in blocked_html
    assert f'href="/assessments/{ready}/versions/1/approve"' in ready_html
