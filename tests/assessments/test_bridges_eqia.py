"""The Bridges points in the EqIA: supplier disclosure, independent verification, deployment decisions."""

import json
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from dpia import kinds
from dpia.actor import command_line
from dpia.kinds.derive import BRIDGES_POINTS
from dpia.services.assessments import attachments, imports, pages, workflow
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports
from dpia.services.search import queries as search
from tests.conftest import EDITOR, approve, write_answers
from tests.docx_checks import body_text, open_docx, tables_text

NEW_QUESTIONS = (
    "training_data_disclosed",
    "model_logic_disclosed",
    "disclosure_alternative",
    "bias_verification",
    "deployment",
)
TEST = {"_id": "b0000001", "date": "2024-01", "tester": "Data lab", "method": "False positive rate by group"}
VERIFICATION = {
    "_id": "c0000001",
    "date": "2024-06",
    "verifier": "Northshire University Statistics Unit",
    "method": "Re-ran the false positive rates by ethnicity and sex on a held-out sample",
    "result": "Rates within two points of each other",
}
POLICIES = {
    "who": {"discretion": "Only wanted people", "policy": "Watchlist Policy WL-7"},
    "where": {"discretion": "Authorised by a superintendent", "policy": "Deployment SOP DS-2"},
}
ANSWERED = {
    "bias_tests": [TEST],
    "training_data_disclosed": "withheld",
    "model_logic_disclosed": "disclosed",
    "disclosure_alternative": "Tested on the force's own custody records instead",
    "bias_verification": [VERIFICATION],
    "deployment": POLICIES,
}


@pytest.fixture
def storage(app):
    return attachments.Storage(instance=Path(app.instance_path), max_bytes=2**20)


def _warning(db, assessment_id, number=1):
    found = [f for f in pages.page(db, EDITOR, assessment_id, number).flags if f.key == "bias_testing"]
    return found[0].text if found else None


def _approved_v1_eqia(db, system_id):
    """An EqIA approved before version 2 existed: written against definition version 1."""
    assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "eqia", "title": "Old EqIA"})
    # A draft from before the new definition: only its recorded version differs, as in an older register.
    db["assessment_versions"].update(
        assessments.load(db, EDITOR, assessment_id)["id"], {"definition_version": 1}
    )
    v1 = kinds.definition("eqia", 1)
    from dpia.domain.samples import sample_answers

    write_answers(db, assessment_id, 1, {**sample_answers(v1, rows=1), "bias_tests": [TEST]})
    approve(db, assessment_id)
    return assessment_id


def test_new_eqias_are_written_against_version_2_with_the_bridges_questions(db, make_system, signed_in):
    assert kinds.latest("eqia").version == 2
    assert set(NEW_QUESTIONS) <= set(kinds.latest("eqia").questions)
    assert not set(NEW_QUESTIONS) & set(kinds.definition("eqia", 1).questions)
    assessment_id = assessments.start(db, EDITOR, make_system(), {"kind": "eqia", "title": "EqIA"})
    assert assessments.load(db, EDITOR, assessment_id)["definition_version"] == 2
    html = signed_in("editor").get(f"/assessments/{assessment_id}/versions/1/sections/bridges").get_data(True)
    assert "Did the supplier disclose the data the system was trained on?" in html
    assert "Independent verification of bias" in html
    assert "Policy that constrains them (title and reference)" in html


def test_an_approved_version_1_eqia_keeps_its_definition_and_a_new_version_moves_to_2(db, make_system):
    assessment_id = _approved_v1_eqia(db, make_system(category="biometric"))
    page = pages.page(db, EDITOR, assessment_id)
    assert page.version["definition_version"] == 1 and "bridges" not in [s.key for s in page.kind.sections]
    # Its warning names nothing its form could not record.
    assert _warning(db, assessment_id) is None
    number = workflow.new_version(db, EDITOR, assessment_id, 1)
    second = assessments.load(db, EDITOR, assessment_id, number)
    assert second["definition_version"] == 2
    assert second["answers"]["bias_tests"][0]["tester"] == "Data lab"
    assert not set(NEW_QUESTIONS) & set(second["answers"])
    assert "No independent verification of bias is recorded" in _warning(db, assessment_id, number)


@pytest.mark.parametrize("category", ["individual_risk", "biometric"])
def test_the_warning_names_each_missing_point_and_goes_when_answered(db, make_system, category):
    assessment_id = assessments.start(
        db, EDITOR, make_system(category=category), {"kind": "eqia", "title": "E"}
    )
    text = _warning(db, assessment_id)
    unconditional = [p.text for p in BRIDGES_POINTS if p.when is None]
    assert all(point in text for point in unconditional)
    assert "Bridges" in text and "[2020] EWCA Civ 1058" in text
    assert "no alternative evidence" not in text  # only once the supplier is recorded as withholding
    answered = {}
    for key, value in ANSWERED.items():
        answered[key] = value
        write_answers(db, assessment_id, 1, answered)
        text = _warning(db, assessment_id) or ""
        assert all(p.text not in text for p in BRIDGES_POINTS if p.empty.split(".")[0] in answered)
    assert _warning(db, assessment_id) is None


def test_a_withheld_training_set_without_alternative_evidence_is_named(db, make_system):
    assessment_id = assessments.start(db, EDITOR, make_system(), {"kind": "eqia", "title": "E"})
    write_answers(db, assessment_id, 1, {**ANSWERED, "disclosure_alternative": ""})
    assert _warning(db, assessment_id).startswith(
        "The supplier withheld the training data and no alternative evidence is recorded. This system"
    )
    write_answers(
        db,
        assessment_id,
        1,
        {**ANSWERED, "disclosure_alternative": "", "training_data_disclosed": "in_house"},
    )
    assert _warning(db, assessment_id) is None


def test_a_deployment_decision_without_a_policy_is_named(db, make_system):
    assessment_id = assessments.start(db, EDITOR, make_system(), {"kind": "eqia", "title": "E"})
    where = {"discretion": "Officers choose the places freely", "policy": "  "}
    write_answers(db, assessment_id, 1, {**ANSWERED, "deployment": {**POLICIES, "where": where}})
    text = _warning(db, assessment_id)
    assert "no constraining policy named for where and when it is used" in text
    assert "for who is sought" not in text


def test_no_warning_for_systems_that_neither_score_nor_identify_people(db, make_system):
    assessment_id = assessments.start(
        db, EDITOR, make_system(category="crime_mapping"), {"kind": "eqia", "title": "E"}
    )
    assert _warning(db, assessment_id) is None


def test_the_word_export_holds_the_answers_and_the_warning(db, make_system):
    assessment_id = assessments.start(db, EDITOR, make_system(), {"kind": "eqia", "title": "E"})
    write_answers(db, assessment_id, 1, {**ANSWERED, "deployment": {"who": POLICIES["who"]}})
    made = exports.internal_assessment(db, EDITOR, assessment_id, 1, exports.Options())
    document = open_docx(made.content)
    text = body_text(document) + json.dumps(tables_text(document))
    assert "Supplier disclosure, independent verification and deployment" in text
    assert "Withheld by the supplier" in text and "Tested on the force's own custody records instead" in text
    assert "Northshire University Statistics Unit" in text and "Watchlist Policy WL-7" in text
    assert "no constraining policy named for where and when it is used" in text


def test_json_export_round_trips_and_a_version_1_export_imports_as_version_2(db, storage, make_system):
    assessment_id = assessments.start(db, EDITOR, make_system(), {"kind": "eqia", "title": "E"})
    write_answers(db, assessment_id, 1, ANSWERED)
    exported = imports.export_json(db, EDITOR, assessment_id, 1)
    data = json.dumps(exported).encode()
    summary = imports.import_file(db, command_line(), storage, make_system(name="Other"), "a.json", data)
    again = imports.export_json(db, EDITOR, summary.assessment_id, 1)
    assert again["definition_version"] == 2 and again["version"]["answers"] == exported["version"]["answers"]
    old = {**exported, "definition_version": 1}
    old["version"] = {**exported["version"], "answers": {"bias_tests": [TEST]}}
    summary = imports.import_file(
        db, command_line(), storage, make_system(name="Third"), "b.json", json.dumps(old).encode()
    )
    imported = assessments.load(db, EDITOR, summary.assessment_id)
    assert imported["definition_version"] == 2 and imported["answers"] == {"bias_tests": [TEST]}


def test_search_finds_the_new_answers(db, make_system, app):
    index = app.extensions["dpia.search"]
    assessment_id = assessments.start(db, EDITOR, make_system(), {"kind": "eqia", "title": "E"})
    write_answers(db, assessment_id, 1, ANSWERED)
    index.catch_up(db)
    for words in ("Northshire", "WL-7", "custody records"):
        found = search.search(db, index, EDITOR, search.read_request(MultiDict({"q": words})))
        assert [h["assessment_id"] for g in found["groups"] for h in g["hits"]] == [str(assessment_id)], words
    index.stop()
    index.searchers.close()


def test_withholding_targets_cover_the_new_answers(db, make_system):
    from dpia.services.disclosure import withholding

    assessment_id = assessments.start(db, EDITOR, make_system(), {"kind": "eqia", "title": "E"})
    write_answers(db, assessment_id, 1, ANSWERED)
    targets = withholding.version_target_map(assessments.load(db, EDITOR, assessment_id))
    assert targets["disclosure_alternative"].passages
    assert targets["deployment/who/policy"].passages
    assert targets["bias_verification/c0000001/verifier"].passages


def test_the_version_page_lists_each_missing_point_under_the_warning(db, make_system, signed_in):
    assessment_id = assessments.start(db, EDITOR, make_system(), {"kind": "eqia", "title": "E"})
    write_answers(db, assessment_id, 1, {**ANSWERED, "bias_verification": []})
    html = signed_in("reader").get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    assert "<strong>Bridges points not recorded.</strong>" in html
    assert "<li>No independent verification of bias is recorded</li>" in html
    assert "<li>No bias testing is recorded</li>" not in html
    assert "(paras 91-96)" in html


def test_the_points_name_only_answers_the_eqia_asks_and_a_wrong_one_is_named():
    from dpia.kinds.derive import Missing, undeclared

    questions = kinds.latest("eqia").questions
    assert undeclared(BRIDGES_POINTS, questions) == []
    wrong = (
        Missing("x", "deployment.when.policy"),
        Missing("y", "supplier"),
        Missing("z", "purpose", ("a.b", "c")),
    )
    assert undeclared(wrong, questions) == ["a.b", "deployment.when.policy", "supplier"]
