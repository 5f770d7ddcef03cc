"""Withholding marks: what may be marked, the messages for bad input, removal, and copying to new versions."""

import pytest

from dpia.domain.redaction import marker
from dpia.domain.samples import row_id
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from dpia.services.disclosure import exports, register_exports, withholding
from tests.conftest import EDITOR, FOI, write_answers

S31 = {"exemption": "s31", "subsection": "(1)(a)", "reason": "Would prejudice the prevention of crime."}


def _mark(db, assessment_id, number=1, **data):
    return withholding.mark_version(db, FOI, assessment_id, number, {**S31, **data})


def test_the_marker_cites_the_section_and_subsection_or_the_officers_own_words():
    base = {"exemption": "s31", "subsection": "(1)(a)", "other": ""}
    assert marker(base) == "[Withheld: section 31(1)(a) FOIA]"
    assert marker({**base, "exemption": "s43", "subsection": ""}) == "[Withheld: section 43 FOIA]"
    other = {**base, "exemption": "other", "other": "section 42 FOIA (legal professional privilege)"}
    assert marker(other) == "[Withheld: section 42 FOIA (legal professional privilege)]"


def test_targets_come_from_the_kind_declaration_and_skip_what_may_not_be_withheld(db, make_approved):
    assessment_id = make_approved("dpia", rows=2)
    targets = withholding.version_target_map(assessments.load(db, EDITOR, assessment_id))
    risk = row_id("risks", 2)
    assert targets[f"risks/{risk}"].label == "Step 5: Identify and assess risks › Risks › Risk 2"
    assert targets[f"risks/{risk}/source"].passages
    assert "risks/" + risk + "/overall" not in targets  # derived from other cells
    assert targets["signoffs/dpo_advice/name"].passages
    assert targets["section:need"].scope == "section"
    assert "regime" not in targets and "special_category" not in targets  # declared not withholdable
    assert targets["detail:owner"].scope == "detail"


def test_a_mark_is_kept_with_its_label_and_audited_without_the_withheld_text(db, make_approved):
    assessment_id = make_approved("dpia")
    _mark(db, assessment_id, target="aims", scope="passage", passage="aims-tok")
    version = assessments.load(db, EDITOR, assessment_id)
    [mark] = withholding.version_marks(db, version)
    assert (mark.label, mark.passage, mark.citation, mark.problem) == (
        "Step 1: Identify the need for a DPIA › What does the project aim to achieve, and what type of"
        " processing does it involve?",
        "aims-tok",
        "section 31(1)(a) FOIA",
        "",
    )
    summary, details = db.execute(
        "SELECT summary, details FROM audit_log WHERE action = 'withholding.mark'"
    ).fetchone()
    assert "Withheld ‘Step 1" in summary and "aims-tok" not in details


def test_a_passage_pasted_with_different_line_breaks_is_found(db, make_assessment):
    assessment_id = make_assessment("dpia", answers={"aims": "Forecast knife crime\non a 1 km grid."})
    _mark(db, assessment_id, target="aims", scope="passage", passage="knife crime on a 1 km")
    [mark] = withholding.version_marks(db, assessments.load(db, EDITOR, assessment_id))
    assert mark.passage == "knife crime\non a 1 km"


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"target": ""}, "target", "Choose what to withhold"),
        ({"target": "nowhere"}, "target", "That part does not exist"),
        ({"target": "regime"}, "target", "That part does not exist"),
        ({"exemption": ""}, "exemption", "Select the exemption"),
        ({"exemption": "s99"}, "exemption", "Unknown exemption ‘s99’"),
        ({"exemption": "other", "other": ""}, "other", "Name the exemption"),
        ({"reason": "  "}, "reason", "Enter why the exemption applies"),
        ({"subsection": "1a"}, "subsection", "Subsection must look like (1)(a) or (2)"),
        ({"scope": "passage", "passage": ""}, "passage", "Paste the passage to withhold"),
        ({"scope": "passage", "passage": "ab"}, "passage", "at least 3 characters"),
        ({"scope": "passage", "passage": "not in the answer"}, "passage", "was not found in"),
        ({"scope": "everything"}, "scope", "Choose whether to withhold all of it or a passage"),
        (
            {"target": "signoffs/dpo_advice/date", "scope": "passage", "passage": "2024"},
            "scope",
            "is not text",
        ),
    ],
)
def test_bad_marks_are_refused_with_a_message_and_nothing_is_stored(db, make_approved, data, field, message):
    assessment_id = make_approved("dpia")
    with pytest.raises(Invalid) as refused:
        _mark(db, assessment_id, **{"target": "aims", **data})
    assert message in refused.value.errors[field]
    assert db["withholding_marks"].count == 0


def test_the_same_part_cannot_be_withheld_twice(db, make_approved):
    assessment_id = make_approved("dpia")
    _mark(db, assessment_id, target="aims")
    with pytest.raises(Invalid) as refused:
        _mark(db, assessment_id, target="aims", exemption="s43")
    assert "is already withheld" in refused.value.errors["target"]


def test_only_foi_officers_mark_and_remove(db, make_approved):
    assessment_id = make_approved("dpia")
    with pytest.raises(Forbidden):
        withholding.mark_version(db, EDITOR, assessment_id, 1, {**S31, "target": "aims"})
    mark_id = _mark(db, assessment_id, target="aims")
    with pytest.raises(Forbidden):
        withholding.remove_version_mark(db, EDITOR, assessment_id, 1, mark_id)
    withholding.remove_version_mark(db, FOI, assessment_id, 1, mark_id)
    assert db["withholding_marks"].count == 0
    with pytest.raises(NotFound):
        withholding.remove_version_mark(db, FOI, assessment_id, 1, mark_id)


def test_marks_are_copied_to_a_new_version_and_gone_parts_are_reported(db, make_approved):
    assessment_id = make_approved("dpia", rows=2)
    risk = row_id("risks", 2)
    _mark(db, assessment_id, target=f"risks/{risk}")
    _mark(db, assessment_id, target="nature", scope="passage", passage="nature-tok")
    _mark(db, assessment_id, target="signoffs/dpo_advice/name", exemption="s40", subsection="(2)")
    workflow.new_version(db, EDITOR, assessment_id, 1)
    draft = assessments.load(db, EDITOR, assessment_id, 2)
    copied = withholding.version_marks(db, draft)
    assert [m.copied for m in copied] == [True, True, True]
    assert [m.problem for m in copied] == ["", "", ""]
    # The editor removes the risk and rewrites the passage: both marks are now reported.
    answers = {**draft["answers"], "risks": draft["answers"]["risks"][:1], "nature": "Rewritten entirely."}
    answers["measures"] = [m for m in answers["measures"] if m["risk"] != risk]
    write_answers(db, assessment_id, 2, answers)
    problems = {
        m.label: m.problem
        for m in withholding.version_marks(db, assessments.load(db, EDITOR, assessment_id, 2))
    }
    assert (
        problems["Step 5: Identify and assess risks › Risks › Risk 2"]
        == "This part is no longer in this version"
    )
    assert problems["Step 2: Describe the processing › Nature of the processing"].startswith(
        "The passage no longer"
    )
    # The first version's marks are untouched.
    assert all(
        not m.problem for m in withholding.version_marks(db, assessments.load(db, EDITOR, assessment_id, 1))
    )
    with pytest.raises(Invalid) as refused:
        exports.disclosure_assessment(db, FOI, assessment_id, 2, None, exports.Options())
    assert "The passage no longer appears here" in refused.value.errors["marks"]


def test_register_fields_costs_and_policies_can_be_withheld(db, make_system):
    system_id = make_system()
    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    record.update(
        how_it_works="A random forest scores custody records.",
        costs=[{"period_start": "2020", "amount": "45000", "description": "Licence from Acme Analytics"}],
    )
    systems.update(db, EDITOR, system_id, record, 1)
    system = systems.get(db, EDITOR, system_id)
    targets = withholding.system_target_map(system)
    amount = next(path for path in targets if path.endswith("/amount"))
    assert targets[amount].label == "Costs › 2020: £45,000.00 (Licence from Acme Analytics) › Amount"
    withholding.mark_system(
        db, FOI, system_id, {**S31, "target": amount, "exemption": "s43", "subsection": "(2)"}
    )
    withholding.mark_system(
        db, FOI, system_id, {**S31, "target": "how_it_works", "scope": "passage", "passage": "random forest"}
    )
    assert [m.citation for m in withholding.system_marks(db, system)] == [
        "section 43(2) FOIA",
        "section 31(1)(a) FOIA",
    ]
    # Changing the cost makes its mark report itself instead of silently applying to another row.
    record["costs"][0]["amount"] = "46000"
    systems.update(db, EDITOR, system_id, record, 2)
    marks = withholding.system_marks(db, systems.get(db, EDITOR, system_id))
    assert marks[0].problem == "This part is no longer in this version"
    with pytest.raises(Invalid):
        register_exports.disclosure_register(db, FOI, system_id, None, exports.Options())
