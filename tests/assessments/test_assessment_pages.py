"""Assessment pages over HTTP: forms keep input and say what is wrong, pages say plainly what is missing."""

import re

import pytest

from dpia.actor import command_line
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from tests.conftest import APPROVER, DPIA_ANSWERS, EDITOR, SIGNOFFS, revision_of
from tests.test_security import XSS


@pytest.fixture
def editor(signed_in):
    return signed_in("editor")


def _version_url(assessment_id, number=1):
    return f"/assessments/{assessment_id}/versions/{number}"


def test_the_system_page_lists_assessments_and_says_which_kinds_are_missing(editor, db, make_system):
    system_id = make_system()
    assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "HART DPIA"})
    html = editor.get(f"/systems/{system_id}").get_data(as_text=True)
    reference = assessments.load(db, EDITOR, assessment_id)["reference"]
    assert reference in html and "HART DPIA" in html
    assert "No EqIA recorded for this system." in html
    assert "No PIA recorded for this system." in html
    assert "No approved DPIA yet." in html
    assert "No DPIA recorded" not in html


def test_starting_through_the_form_then_reading_it(editor, make_system):
    system_id = make_system()
    response = editor.post(f"/systems/{system_id}/assessments/new", {"kind": "eqia", "title": "HART EqIA"})
    assert response.status_code == 302
    page = editor.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">HART EqIA</h1>' in page
    assert "Impact on each protected characteristic" in page and "No bias testing is recorded" in page


def test_a_refused_start_keeps_the_input_and_links_each_error(editor, db, make_system):
    system_id = make_system()
    response = editor.post(f"/systems/{system_id}/assessments/new", {"kind": "", "title": "Kept title"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#kind"' in html and "Select the kind of assessment" in html
    assert 'value="Kept title"' in html
    assert db["assessments"].count == 0


def test_a_section_with_bad_answers_comes_back_with_messages_and_stores_nothing(editor, db, make_assessment):
    assessment_id = make_assessment()
    url = f"{_version_url(assessment_id)}/sections/risks"
    data = {
        "revision": revision_of(db, assessment_id),
        "risks-0-source": "Scores reflect historic bias",
        "risks-0-likelihood": "certain",
        "risks-0-severity": "severe",
    }
    response = editor.post(url, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Likelihood of harm for risk 1 must be one of: Remote, Possible, Probable" in html
    assert 'href="#risks-0-likelihood"' in html
    assert "Scores reflect historic bias" in html
    assert "risks" not in assessments.load(db, EDITOR, assessment_id)["answers"]


def test_adding_a_row_saves_nothing_and_saving_records_the_rows(editor, db, make_assessment):
    assessment_id = make_assessment()
    url = f"{_version_url(assessment_id)}/sections/risks"
    revision = revision_of(db, assessment_id)
    added = editor.post(url, {"revision": revision, "action": "add:risks"})
    assert added.status_code == 200 and 'name="risks-0-source"' in added.get_data(as_text=True)
    data = {"revision": revision}
    for i, (likelihood, severity) in enumerate((("probable", "severe"), ("remote", "minimal"))):
        data.update(
            {
                f"risks-{i}-source": f"Risk {i}",
                f"risks-{i}-likelihood": likelihood,
                f"risks-{i}-severity": severity,
            }
        )
    saved = editor.post(url, {**data, "save": "return"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(_version_url(assessment_id))
    risks = assessments.load(db, EDITOR, assessment_id)["answers"]["risks"]
    assert [r["source"] for r in risks] == ["Risk 0", "Risk 1"]
    page = editor.get(_version_url(assessment_id)).get_data(as_text=True)
    assert "Prior consultation with the ICO required" in page
    assert "Risk heat map" in page


def test_a_second_person_saving_a_stale_form_sees_the_other_change_and_keeps_their_input(
    signed_in, db, make_assessment
):
    assessment_id = make_assessment(answers={"aims": "Original"})
    first, second = signed_in("editor"), signed_in("editor")
    url = f"{_version_url(assessment_id)}/sections/need"
    seen = revision_of(db, assessment_id)
    assert first.post(url, {"revision": seen, "aims": "First person's aims"}).status_code == 302
    response = second.post(url, {"revision": seen, "aims": "Second person's aims"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Someone else saved this assessment while you were editing it" in html
    assert "First person&#39;s aims" in html and "Second person&#39;s aims" in html
    assert assessments.load(db, EDITOR, assessment_id)["answers"]["aims"] == "First person's aims"
    # The form now carries the current revision, so saving again is a deliberate choice.
    token = re.search(r'name="revision" value="(\d+)"', html).group(1)
    assert second.post(url, {"revision": token, "aims": "Second person's aims"}).status_code == 302


def test_submitting_with_gaps_lists_them_linked_to_their_sections(editor, db, make_assessment):
    assessment_id = make_assessment(answers={"regime": "dpa_s64"})
    response = editor.post(
        f"{_version_url(assessment_id)}/submit",
        {"revision": revision_of(db, assessment_id)},
        form_url=_version_url(assessment_id),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'href="{_version_url(assessment_id)}/sections/processing#nature"' in html
    assert assessments.load(db, EDITOR, assessment_id)["status"] == "draft"


def test_an_approver_approves_through_the_form(signed_in, db, make_assessment):
    assessment_id = make_assessment(answers={**DPIA_ANSWERS, "signoffs": SIGNOFFS, "dpo_summary": "Go"})
    workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
    approver = signed_in("approver")
    url = f"{_version_url(assessment_id)}/approve"
    form = approver.get(url).get_data(as_text=True)
    assert 'name="conducted-day"' in form and 'name="review_due-year"' in form
    data = {
        "revision": revision_of(db, assessment_id),
        "conducted-day": "2",
        "conducted-month": "4",
        "conducted-year": "2024",
    }
    data.update({"approved-day": "1", "approved-month": "5", "approved-year": "2024"})
    data.update({"review_due-day": "", "review_due-month": "", "review_due-year": ""})
    response = approver.post(url, data)
    assert response.status_code == 302
    version = assessments.load(db, EDITOR, assessment_id)
    assert (version["status"], version["approved"], version["review_due"]) == (
        "approved",
        "2024-05-01",
        "2025-05-01",
    )


def test_moves_the_version_is_not_ready_for_are_explained_not_forbidden(signed_in, make_assessment):
    assessment_id = make_assessment()
    approver = signed_in("approver")
    response = approver.get(f"{_version_url(assessment_id)}/approve", follow_redirects=True)
    assert response.status_code == 200
    assert "This version is draft: you can approve it only when it is in review" in response.get_data(
        as_text=True
    )


def test_history_and_comparison_pages(editor, db, make_assessment):
    assessment_id = make_assessment(answers={"aims": "Before"})
    assessments.update_section(
        db, EDITOR, assessment_id, 1, "need", {"aims": "After"}, revision_of(db, assessment_id)
    )
    history = editor.get(f"/assessments/{assessment_id}/history").get_data(as_text=True)
    assert history.count("dpia-history-entry") == 3 and EDITOR.email in history
    saves = assessments.history(db, EDITOR, assessment_id)["saves"]
    compared = editor.get(
        f"/assessments/{assessment_id}/compare?before={saves[-1]['id']}&after={saves[0]['id']}"
    )
    html = compared.get_data(as_text=True)
    assert compared.status_code == 200 and "2 answers changed." in html and "After" in html
    missing = editor.get(f"/assessments/{assessment_id}/compare?before=1&after=999999")
    assert missing.status_code == 400 and "Choose two saves" in missing.get_data(as_text=True)


def test_the_reviews_page_lists_what_needs_attention(signed_in, db, make_assessment):
    assessment_id = make_assessment(answers={**DPIA_ANSWERS, "signoffs": SIGNOFFS, "dpo_summary": "Go"})
    workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
    html = signed_in("reader").get("/reviews").get_data(as_text=True)
    assert "Awaiting approval (1)" in html and "Overdue for review (0)" in html
    assert assessments.load(db, APPROVER, assessment_id)["reference"] in html


def test_unknown_assessments_versions_and_sections_are_404(editor, make_assessment):
    assessment_id = make_assessment()
    assert editor.get("/assessments/999").status_code == 404
    assert editor.get(f"{_version_url(assessment_id, 7)}").status_code == 404
    assert editor.get(f"{_version_url(assessment_id)}/sections/nope").status_code == 404


@pytest.mark.parametrize("payload", XSS)
def test_script_in_answers_renders_inert(editor, db, make_assessment, payload):
    risks = [{"source": payload, "likelihood": "remote", "severity": "minimal"}]
    assessment_id = make_assessment(answers={"aims": payload, "risks": risks}, title=payload, owner=payload)
    for url in (
        _version_url(assessment_id),
        f"/assessments/{assessment_id}/history",
        f"{_version_url(assessment_id)}/sections/risks",
    ):
        html = editor.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg/onload" not in html


def test_the_demo_loads_assessments_of_every_status_once(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    statuses = {r[0] for r in db.execute("SELECT DISTINCT status FROM assessment_versions")}
    assert statuses == {"draft", "in_review", "approved", "superseded", "withdrawn"}
    count = db["assessment_versions"].count
    again = runner.invoke(args=["demo"])
    assert "Demo assessments added: 0 (already loaded)" in again.output
    assert db["assessment_versions"].count == count
    gangs = db.execute("SELECT id FROM systems WHERE name = 'Gangs Violence Matrix'").fetchone()[0]
    groups = assessments.for_system(db, command_line(), gangs)
    assert all(not g["assessments"] for g in groups)


def test_an_eqia_links_to_its_systems_monitoring_data_as_evidence(signed_in, db, make_system):
    from dpia.services.monitoring import datasets as monitoring

    system_id = make_system()
    details = {"title": "Arrests by sex", "measure": "arrests", "granularity": "quarter", "breakdown": "none"}
    counts = b"period,group,count\r\n2021-Q1,total,7\r\n"
    dataset_id = monitoring.create(db, command_line(), system_id, {**details, "source": "Custody"}, counts)
    assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "eqia", "title": "EqIA"})
    html = signed_in("reader").get(_version_url(assessment_id)).get_data(as_text=True)
    assert f'href="/monitoring/{dataset_id}"' in html and "Arrests by sex" in html
    dpia_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "DPIA"})
    assert "Monitoring data for" not in signed_in("reader").get(_version_url(dpia_id)).get_data(as_text=True)


@pytest.mark.parametrize("kind", ["pia", "dpia", "eqia"])
def test_every_id_on_an_assessment_page_is_unique(signed_in, make_approved, kind):
    # Sections, question headings and the page's own parts (actions, evidence) once shared ids.
    html = signed_in("editor", "foi_officer").get(_version_url(make_approved(kind))).get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted({found for found in ids if ids.count(found) > 1}) == []
