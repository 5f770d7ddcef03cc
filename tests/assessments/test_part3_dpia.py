"""DPA 2018 Part 3 questions in DPIA definition version 2: asked, required and exported only for s64 DPIAs."""

import dataclasses
import json
from pathlib import Path

import pytest

from dpia import kinds
from dpia.actor import command_line
from dpia.errors import Invalid, NotNow
from dpia.kinds.dpia import DPIA_V1, DPIA_V2
from dpia.kinds.model import LONGTEXT, TEXT, Kind, Question, Section, ShownWhen
from dpia.services.assessments import attachments, imports, pages, workflow
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports
from dpia.services.search.indexing import version_passages
from tests.conftest import DPIA_ANSWERS, EDITOR, SIGNOFFS, approve, revision_of
from tests.docx_checks import body_text, open_docx

PART3 = {q.key for q in DPIA_V2.section("part3").questions}
REQUIRED = {q.key for q in DPIA_V2.section("part3").questions if q.required_for == "submit"}
ICO_ANSWERS = {k: v for k, v in DPIA_ANSWERS.items() if k not in PART3}
TITLE = "Law-enforcement processing (DPA 2018 Part 3)"


@pytest.fixture
def make_v1_approved(db, make_assessment, monkeypatch):
    """An approved DPIA written against definition version 1, as the register held before version 2."""

    def make(regime="dpa_s64"):
        with monkeypatch.context() as old_register:
            old_register.setitem(kinds.LATEST, "dpia", DPIA_V1)
            answers = {**ICO_ANSWERS, "regime": regime, "signoffs": SIGNOFFS, "dpo_summary": "Proceed"}
            assessment_id = make_assessment(answers=answers)
            today = assessments.today().isoformat()
            approve(db, assessment_id, conducted=today, approved=today)
        return assessment_id

    return make


def _gaps(db, assessment_id, number=1):
    return {key for key, _ in pages.page(db, EDITOR, assessment_id, number).missing_for_review}


def _word(db, assessment_id, number=1):
    made = exports.internal_assessment(db, EDITOR, assessment_id, number, exports.Options())
    return open_docx(made.content)


def _headings(document):
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def test_the_part3_questions_are_required_for_submission_only_under_section_64(db, make_assessment):
    law_enforcement = make_assessment(answers=ICO_ANSWERS)
    general = make_assessment(answers={**ICO_ANSWERS, "regime": "uk_gdpr_art35"})
    assert _gaps(db, law_enforcement) == REQUIRED
    assert _gaps(db, general) == set()
    with pytest.raises(Invalid) as refused:
        workflow.transition(db, EDITOR, law_enforcement, 1, "submit", {}, revision_of(db, law_enforcement))
    assert "Law-enforcement processing (DPA 2018 Part 3): answer" in " ".join(refused.value.errors.values())
    workflow.transition(db, EDITOR, general, 1, "submit", {}, revision_of(db, general))
    assert assessments.load(db, EDITOR, general)["status"] == "in_review"


def test_a_uk_gdpr_dpia_neither_shows_nor_exports_nor_indexes_part3_answers(db, make_assessment, signed_in):
    # Answers kept from when the regime was s64 stay stored but are not asked, shown or searched.
    assessment_id = make_assessment(answers={**DPIA_ANSWERS, "logging": "Kestrel audit trail"})
    write = {**DPIA_ANSWERS, "logging": "Kestrel audit trail", "regime": "uk_gdpr_art35"}
    assessments.update_answers(db, EDITOR, assessment_id, 1, write, revision_of(db, assessment_id))
    page = pages.page(db, EDITOR, assessment_id)
    assert "part3" not in page.states and page.version["answers"]["logging"] == "Kestrel audit trail"
    assert TITLE not in _headings(_word(db, assessment_id))
    assert "Kestrel" not in " ".join(p.text for p in version_passages(page.version))
    html = signed_in("editor").get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    assert TITLE not in html and "Kestrel" not in html
    url = f"/assessments/{assessment_id}/versions/1/sections/part3"
    refused = signed_in("editor").get(url, follow_redirects=True)
    assert "Asked only for DPIAs under DPA 2018 section 64" in refused.get_data(as_text=True)
    with pytest.raises(NotNow, match="Asked only for DPIAs under DPA 2018 section 64"):
        assessments.update_section(db, EDITOR, assessment_id, 1, "part3", {}, revision_of(db, assessment_id))


def test_a_section_64_dpia_shows_exports_and_indexes_its_part3_answers(db, make_assessment, signed_in):
    assessment_id = make_assessment(answers={**DPIA_ANSWERS, "logging": "Kestrel audit trail"})
    page = pages.page(db, EDITOR, assessment_id)
    assert page.states["part3"] == "Completed"
    document = _word(db, assessment_id)
    headings = _headings(document)
    assert headings.index("Step 4: Assess necessity and proportionality") < headings.index(TITLE)
    assert headings.index(TITLE) < headings.index("Step 5: Identify and assess risks")
    assert "Kestrel audit trail" in body_text(document)
    passages = {p.path: p for p in version_passages(page.version)}
    assert passages["logging"].text == "Kestrel audit trail" and TITLE in passages["logging"].label
    client = signed_in("editor")
    assert TITLE in client.get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    form = client.get(f"/assessments/{assessment_id}/versions/1/sections/part3")
    assert form.status_code == 200 and "s38(3)" in form.get_data(as_text=True)


def test_an_approved_version_1_dpia_keeps_its_definition_and_renders_as_before(
    db, make_v1_approved, signed_in
):
    assessment_id = make_v1_approved()
    page = pages.page(db, EDITOR, assessment_id)
    assert page.version["definition_version"] == 1 and page.kind is DPIA_V1
    assert page.missing_for_review == [] and "part3" not in page.states
    assert _headings(_word(db, assessment_id)) == [s.title for s in DPIA_V1.sections] + ["Evidence attached"]
    html = signed_in("reader").get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    assert "DPIA form version 1" in html and TITLE not in html


def test_a_new_version_of_a_version_1_dpia_moves_to_version_2_with_part3_empty(db, make_v1_approved):
    assessment_id = make_v1_approved()
    number = workflow.new_version(db, EDITOR, assessment_id, 1)
    second = assessments.load(db, EDITOR, assessment_id, number)
    assert second["definition_version"] == 2
    assert not PART3 & set(second["answers"]) and second["answers"]["nature"] == DPIA_ANSWERS["nature"]
    assert _gaps(db, assessment_id, number) == REQUIRED
    assert pages.page(db, EDITOR, assessment_id, number).states["part3"] == "Not yet started"
    # The first version is untouched.
    assert assessments.load(db, EDITOR, assessment_id, 1)["definition_version"] == 1
    part3 = {k: v for k, v in DPIA_ANSWERS.items() if k in PART3}
    assessments.update_section(
        db, EDITOR, assessment_id, number, "part3", part3, revision_of(db, assessment_id, 2)
    )
    assert _gaps(db, assessment_id, number) == set()


def test_a_new_version_of_a_uk_gdpr_version_1_dpia_needs_no_part3_answers(db, make_v1_approved):
    assessment_id = make_v1_approved(regime="uk_gdpr_art35")
    number = workflow.new_version(db, EDITOR, assessment_id, 1)
    assert _gaps(db, assessment_id, number) == set()


S65 = {"s65_sent": {"day": "10", "month": "3", "year": "2024"}, "s65_advice": "Reduce retention."}


@pytest.mark.parametrize(
    "received, accepted",
    [
        ({"day": "9", "month": "3", "year": "2024"}, False),
        ({"day": "", "month": "2", "year": "2024"}, False),
        ({"day": "10", "month": "3", "year": "2024"}, True),
        ({"day": "", "month": "3", "year": "2024"}, True),  # March 2024 may be on or after 10 March
        ({"day": "2", "month": "4", "year": "2024"}, True),
    ],
)
def test_the_s65_advice_cannot_be_received_before_the_request_was_sent(
    db, make_assessment, received, accepted
):
    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    raw = {**{k: v for k, v in DPIA_ANSWERS.items() if k in PART3}, **S65, "s65_received": received}
    if accepted:
        assessments.update_section(db, EDITOR, assessment_id, 1, "part3", raw, revision_of(db, assessment_id))
        assert assessments.load(db, EDITOR, assessment_id)["answers"]["s65_sent"] == "2024-03-10"
        return
    with pytest.raises(Invalid) as refused:
        assessments.update_section(db, EDITOR, assessment_id, 1, "part3", raw, revision_of(db, assessment_id))
    assert refused.value.errors == {
        "s65_received": "Date the written advice was received must be the same as or after 10 March 2024,"
        " the date the request for prior consultation was sent"
    }
    assert "s65_sent" not in assessments.load(db, EDITOR, assessment_id)["answers"]


def test_the_s65_dates_are_checked_when_every_answer_is_written_at_once(db, make_assessment):
    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    raw = {**DPIA_ANSWERS, "s65_sent": "2024-03-10", "s65_received": "2023"}
    with pytest.raises(Invalid) as refused:
        assessments.update_answers(db, EDITOR, assessment_id, 1, raw, revision_of(db, assessment_id))
    assert set(refused.value.errors) == {"s65_received"}


def test_the_s65_consultation_record_reaches_the_word_copy(db, make_assessment):
    answers = {**DPIA_ANSWERS, "s65_sent": "2024-03-10", "s65_received": "2024-04-22"}
    answers |= {"s65_advice": "Shorten retention to two years.", "s65_response": "Retention shortened."}
    text = body_text(_word(db, make_assessment(answers=answers)))
    for expected in (
        "10 March 2024",
        "22 April 2024",
        "Shorten retention to two years.",
        "Retention shortened.",
    ):
        assert expected in text


def test_our_json_carries_part3_answers_and_an_older_export_moves_to_version_2(
    db, app, make_assessment, make_system, make_v1_approved
):
    storage = attachments.Storage(instance=Path(app.instance_path), max_bytes=1024 * 1024)
    exported = imports.export_json(db, EDITOR, make_assessment(answers=DPIA_ANSWERS), 1)
    assert exported["definition_version"] == 2 and exported["version"]["answers"]["logging"]
    data = json.dumps(exported).encode()
    summary = imports.import_file(db, command_line(), storage, make_system(name="Copy"), "a.json", data)
    again = assessments.load(db, EDITOR, summary.assessment_id)
    assert {k: again["answers"][k] for k in PART3 if k in again["answers"]} == {
        k: v for k, v in DPIA_ANSWERS.items() if k in PART3
    }
    older = imports.export_json(db, EDITOR, make_v1_approved(), 1)
    assert older["definition_version"] == 1
    data = json.dumps(older).encode()
    summary = imports.import_file(db, command_line(), storage, make_system(name="Old"), "b.json", data)
    moved = assessments.load(db, EDITOR, summary.assessment_id)
    assert moved["definition_version"] == 2 and not PART3 & set(moved["answers"])
    assert moved["answers"]["nature"] == DPIA_ANSWERS["nature"]


def test_every_part3_answer_can_be_withheld_from_a_disclosure_copy(db, make_assessment):
    from dpia.domain.targets import version_targets

    assessment_id = make_assessment(answers=DPIA_ANSWERS)
    version = assessments.load(db, EDITOR, assessment_id)
    paths = {t.path for t in version_targets(DPIA_V2, version)}
    assert "section:part3" in paths and {"logging", "security_measures"} <= paths
    assert "sensitive_processing" not in paths  # a yes/no answer the FOI officer discloses


def _kind(*sections: Section) -> Kind:
    return dataclasses.replace(DPIA_V2, version=99, sections=(DPIA_V2.sections[0], *sections))


@pytest.mark.parametrize(
    "section, message",
    [
        (
            Section("x", "X", shown_when=ShownWhen("nowhere", ("yes",))),
            "must name a choice or yes/no question",
        ),
        (Section("x", "X", shown_when=ShownWhen("aims", ("yes",))), "must name a choice or yes/no question"),
        (Section("x", "X", shown_when=ShownWhen("regime", ("dpa_part3",))), "unknown values"),
        (
            Section("x", "X", questions=(Question("when", "When", TEXT, not_before="aims"),)),
            "may only follow a date question",
        ),
        (
            Section("x", "X", questions=(Question("why", "Why", LONGTEXT, not_before="nowhere"),)),
            "may only follow a date question",
        ),
    ],
)
def test_a_condition_or_date_order_naming_the_wrong_question_fails_at_start_up(section, message):
    with pytest.raises(ValueError, match=message):
        _kind(section)


def test_the_register_offers_version_2_for_new_dpias_and_still_reads_version_1():
    assert kinds.latest("dpia") is DPIA_V2
    assert kinds.definition("dpia", 1) is DPIA_V1
    assert set(DPIA_V2.questions) - set(DPIA_V1.questions) == PART3
