"""Assessments as use cases: starting, references, answers, flags, visibility, concurrent edits, history."""

from datetime import date, timedelta

import pytest

from dpia.actor import command_line
from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.services.accounts import settings
from dpia.services.assessments import pages
from dpia.services.assessments import versions as assessments
from tests.conftest import EDITOR, READER, revision_of

YEAR = date.today().year


def test_starting_an_assessment_generates_a_reference_and_records_the_first_save(db, make_system):
    system_id = make_system()
    first = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "HART DPIA"})
    second = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "Another"})
    eqia = assessments.start(db, EDITOR, system_id, {"kind": "eqia", "title": "HART EqIA"})
    assert assessments.load(db, EDITOR, first)["reference"] == f"DPIA-{YEAR}-001"
    assert assessments.load(db, EDITOR, second)["reference"] == f"DPIA-{YEAR}-002"
    assert assessments.load(db, EDITOR, eqia)["reference"] == f"EqIA-{YEAR}-001"
    version = assessments.load(db, EDITOR, first)
    assert version["status"] == "draft" and version["number"] == 1 and version["definition_version"] == 2
    assert version["started"] == date.today().isoformat()
    saves = assessments.history(db, EDITOR, first)["saves"]
    assert [s["action"] for s in saves] == ["created"] and saves[0]["by"] == EDITOR.email
    entry = db.execute("SELECT action, actor FROM audit_log WHERE action = 'assessment.create'").fetchone()
    assert entry == ("assessment.create", EDITOR.email)


def test_a_dpia_starts_with_the_regime_of_its_system(db, make_system):
    police = make_system(name="Police", regime="dpa_part3")
    general = make_system(name="General", regime="uk_gdpr")
    first = assessments.start(db, EDITOR, police, {"kind": "dpia", "title": "A"})
    second = assessments.start(db, EDITOR, general, {"kind": "dpia", "title": "B"})
    assert assessments.load(db, EDITOR, first)["answers"] == {"regime": "dpa_s64"}
    assert assessments.load(db, EDITOR, second)["answers"] == {"regime": "uk_gdpr_art35"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "", "title": "T"}, "kind", "Select the kind of assessment"),
        ({"kind": "ria", "title": "T"}, "kind", "Unknown kind of assessment ‘ria’"),
        ({"kind": "dpia", "title": ""}, "title", "Enter the assessment's title"),
        ({"kind": "dpia", "title": "T", "reference": "../etc/passwd"}, "reference", "only letters, numbers"),
        ({"kind": "dpia", "title": "T", "reference": "X" * 41}, "reference", "40 characters or fewer"),
        ({"kind": "dpia", "title": "T", "marking": "SECRET"}, "marking", "must be one of"),
    ],
)
def test_bad_input_when_starting_is_refused_and_nothing_is_stored(db, make_system, data, field, message):
    system_id = make_system()
    with pytest.raises(Invalid) as refused:
        assessments.start(db, EDITOR, system_id, data)
    assert message in refused.value.errors[field]
    assert db["assessments"].count == 0 and db["assessment_versions"].count == 0


def test_references_are_editable_and_unique_regardless_of_case(db, make_assessment):
    first = make_assessment(reference="DPIA-2019-004")
    with pytest.raises(Invalid) as refused:
        make_assessment(reference="dpia-2019-004")
    assert "already used" in refused.value.errors["reference"]
    second = make_assessment()
    data = {"title": "Renamed", "reference": "855A/22-DPIA"}
    assessments.update_details(db, EDITOR, second, 1, data, revision_of(db, second))
    assert assessments.load(db, EDITOR, second)["reference"] == "855A/22-DPIA"
    assert assessments.load(db, EDITOR, first)["reference"] == "DPIA-2019-004"


def test_only_editors_start_and_change_assessments(db, make_system, make_assessment):
    with pytest.raises(Forbidden):
        assessments.start(db, READER, make_system(), {"kind": "dpia", "title": "T"})
    assessment_id = make_assessment()
    with pytest.raises(Forbidden):
        assessments.update_section(db, READER, assessment_id, 1, "need", {"aims": "x"}, 1)


def test_table_rows_get_stable_ids_and_derived_overall_risk(db, make_assessment):
    assessment_id = make_assessment()
    risks = [
        {"source": "Bias", "likelihood": "probable", "severity": "severe"},
        {"source": "Error", "likelihood": "remote", "severity": "minimal"},
    ]
    assessments.update_section(
        db, EDITOR, assessment_id, 1, "risks", {"risks": risks}, revision_of(db, assessment_id)
    )
    stored = assessments.load(db, EDITOR, assessment_id)["answers"]["risks"]
    ids = [r["_id"] for r in stored]
    assert len(set(ids)) == 2 and all(len(i) == 8 for i in ids)
    # Saving again with the ids keeps them, so marks and measures can point at a row for good.
    again = [{**stored[1], "source": "Error in data"}, stored[0]]
    assessments.update_section(
        db, EDITOR, assessment_id, 1, "risks", {"risks": again}, revision_of(db, assessment_id)
    )
    assert [r["_id"] for r in assessments.load(db, EDITOR, assessment_id)["answers"]["risks"]] == ids[::-1]


@pytest.mark.parametrize(
    ("section", "raw", "field", "message"),
    [
        (
            "risks",
            {"risks": [{"source": "S", "likelihood": "certain", "severity": "severe"}]},
            "risks-0-likelihood",
            "must be one of: Remote, Possible, Probable",
        ),
        (
            "risks",
            {"risks": [{"source": "", "likelihood": "remote", "severity": "severe"}]},
            "risks-0-source",
            "Enter source of risk",
        ),
        (
            "risks",
            {"risks": [{"source": "S", "likelihood": "remote"}]},
            "risks-0-severity",
            "Select severity of harm for risk 1",
        ),
        ("risks", {"risks": "not a list"}, "risks", "must be a list of rows"),
        (
            "measures",
            {"measures": [{"risk": "deadbeef", "option": "O", "effect": "reduced", "residual": "low"}]},
            "measures-0-risk",
            "must be one of the risks",
        ),
        ("need", {"regime": "gdpr", "aims": "x"}, "regime", "must be one of"),
        ("processing", {"special_category": "maybe"}, "special_category", "must be one of: Yes, No"),
        ("need", {"aims": "x" * 20_001}, "aims", "20,000 characters or fewer"),
    ],
)
def test_bad_answers_get_a_specific_message_and_nothing_is_stored(
    db, make_assessment, section, raw, field, message
):
    assessment_id = make_assessment(answers={"aims": "Kept as it was"})
    before = assessments.load(db, EDITOR, assessment_id)
    with pytest.raises(Invalid) as refused:
        assessments.update_section(db, EDITOR, assessment_id, 1, section, raw, before["revision"])
    assert message in refused.value.errors[field]
    after = assessments.load(db, EDITOR, assessment_id)
    assert after["answers"] == before["answers"] and after["revision"] == before["revision"]


def test_an_unknown_section_is_not_found(db, make_assessment):
    assessment_id = make_assessment()
    with pytest.raises(NotFound):
        assessments.update_section(db, EDITOR, assessment_id, 1, "step_99", {}, 1)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"started": "2024-05", "conducted": "2024-03-01"}, "conducted", "same as or after the date started"),
        ({"conducted": (date.today() + timedelta(days=1)).isoformat()}, "conducted", "today or in the past"),
        ({"started": "2023-02-30"}, "started", "must be a real date"),
    ],
)
def test_dates_in_the_wrong_order_are_refused(db, make_assessment, data, field, message):
    assessment_id = make_assessment()
    with pytest.raises(Invalid) as refused:
        assessments.update_details(
            db, EDITOR, assessment_id, 1, {"title": "T", **data}, revision_of(db, assessment_id)
        )
    assert message in refused.value.errors[field]


def _risks_and_measures(db, assessment_id, residual, approved="yes"):
    risks = [{"source": "Bias", "likelihood": "probable", "severity": "severe"}]
    assessments.update_section(
        db, EDITOR, assessment_id, 1, "risks", {"risks": risks}, revision_of(db, assessment_id)
    )
    risk_id = assessments.load(db, EDITOR, assessment_id)["answers"]["risks"][0]["_id"]
    measure = {
        "risk": risk_id,
        "option": "Human review",
        "effect": "reduced",
        "residual": residual,
        "approved": approved,
    }
    assessments.update_section(
        db, EDITOR, assessment_id, 1, "measures", {"measures": [measure]}, revision_of(db, assessment_id)
    )


def test_a_high_residual_risk_raises_the_prior_consultation_flag_naming_the_law(db, make_assessment):
    police = make_assessment()
    _risks_and_measures(db, police, "high")
    flags = pages.page(db, EDITOR, police).flags
    assert [f.key for f in flags] == ["prior_consultation"]
    assert "section 65 of the Data Protection Act 2018" in flags[0].text
    general = make_assessment(answers={"regime": "uk_gdpr_art35"})
    _risks_and_measures(db, general, "high")
    assert "Article 36 UK GDPR" in pages.page(db, EDITOR, general).flags[0].text


def test_an_approved_measure_that_brings_the_risk_down_clears_the_flag(db, make_assessment):
    reduced = make_assessment()
    _risks_and_measures(db, reduced, "medium")
    assert pages.page(db, EDITOR, reduced).flags == []
    # A measure nobody approved does not count: the high inherent risk still stands.
    unapproved = make_assessment()
    _risks_and_measures(db, unapproved, "low", approved="no")
    assert [f.key for f in pages.page(db, EDITOR, unapproved).flags] == ["prior_consultation"]


def test_removing_a_risk_removes_references_to_it(db, make_assessment):
    assessment_id = make_assessment()
    _risks_and_measures(db, assessment_id, "low")
    assessments.update_section(
        db, EDITOR, assessment_id, 1, "risks", {"risks": []}, revision_of(db, assessment_id)
    )
    answers = assessments.load(db, EDITOR, assessment_id)["answers"]
    assert "risks" not in answers and "risk" not in answers["measures"][0]


@pytest.mark.parametrize(
    ("category", "warned"), [("individual_risk", True), ("biometric", True), ("crime_mapping", False)]
)
def test_an_eqia_without_bias_testing_warns_for_systems_that_score_or_identify_people(
    db, make_system, category, warned
):
    system_id = make_system(category=category)
    assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "eqia", "title": "EqIA"})
    flags = pages.page(db, EDITOR, assessment_id).flags
    assert bool(flags) == warned
    if warned:
        assert "Bridges" in flags[0].text and "[2020] EWCA Civ 1058" in flags[0].text
        test = {"date": "2024-01", "tester": "Data lab", "method": "False positive rate by group"}
        assessments.update_section(
            db, EDITOR, assessment_id, 1, "bias", {"bias_tests": [test]}, revision_of(db, assessment_id)
        )
        # The other Bridges points are still named (tests/assessments/test_bridges_eqia.py), but not this one.
        assert "No bias testing is recorded" not in pages.page(db, EDITOR, assessment_id).flags[0].text


def test_sensitive_assessments_are_absent_for_roles_not_allowed(db, make_system, make_assessment):
    system_id = make_system()
    hidden = make_assessment(system_id=system_id, marking="OFFICIAL-SENSITIVE")
    shown = make_assessment(system_id=system_id)
    with pytest.raises(NotFound):
        assessments.load(db, READER, hidden)
    groups = {g["kind"].key: g for g in assessments.for_system(db, READER, system_id)}
    assert [a["id"] for a in groups["dpia"]["assessments"]] == [shown]
    everyone = {g["kind"].key: g for g in assessments.for_system(db, EDITOR, system_id)}
    assert len(everyone["dpia"]["assessments"]) == 2


def test_assessments_of_a_sensitive_system_are_absent_too(db, make_system, make_assessment):
    system_id = make_system(marking="OFFICIAL-SENSITIVE")
    assessment_id = make_assessment(system_id=system_id)
    with pytest.raises(NotFound):
        assessments.load(db, READER, assessment_id)


def test_a_stale_save_is_refused_showing_what_the_other_person_changed(db, make_assessment):
    assessment_id = make_assessment(answers={"aims": "First aims"})
    seen = revision_of(db, assessment_id)
    other = command_line("other@example.org")
    assessments.update_section(db, other, assessment_id, 1, "need", {"aims": "Their aims"}, seen)
    with pytest.raises(Conflict) as refused:
        assessments.update_section(db, EDITOR, assessment_id, 1, "need", {"aims": "My aims"}, seen)
    change = refused.value.changes[0]
    assert change["old"] == "First aims" and change["new"] == "Their aims"
    assert change["changed_by"] == "other@example.org"
    assert assessments.load(db, EDITOR, assessment_id)["answers"]["aims"] == "Their aims"


def test_every_save_is_kept_and_any_two_can_be_compared(db, make_assessment):
    assessment_id = make_assessment(answers={"aims": "Version A"})
    assessments.update_section(
        db, EDITOR, assessment_id, 1, "need", {"aims": "Version B"}, revision_of(db, assessment_id)
    )
    found = assessments.history(db, EDITOR, assessment_id)
    assert [s["action"] for s in found["saves"]] == ["saved", "saved", "created"]
    latest, first = found["saves"][0], found["saves"][-1]
    compared = assessments.compare(db, EDITOR, assessment_id, first["id"], latest["id"])
    aims = next(c for s in compared["comparison"]["sections"] for c in s["changes"] if c["path"] == "aims")
    assert (aims["status"], aims["fields"][0]["old"], aims["fields"][0]["new"]) == ("added", "", "Version B")
    assert aims["section"] == "Step 1: Identify the need for a DPIA"
    with pytest.raises(NotFound):
        assessments.compare(db, EDITOR, assessment_id, first["id"], 99_999)


def test_saving_nothing_new_keeps_the_revision_and_adds_no_save(db, make_assessment):
    assessment_id = make_assessment(answers={"aims": "Same"})
    version = assessments.load(db, EDITOR, assessment_id)
    unchanged = assessments.section_values(version, assessments.definition(version).section("need"))
    revision = assessments.update_section(
        db, EDITOR, assessment_id, 1, "need", unchanged, version["revision"]
    )
    assert revision == version["revision"]
    assert len(assessments.history(db, EDITOR, assessment_id)["saves"]) == 2


def test_the_review_period_is_a_setting(db):
    admin = command_line()
    assert settings.value(db, "review_months") == 12
    settings.update(db, admin, {"review_months": "6"})
    assert settings.value(db, "review_months") == 6
    with pytest.raises(Invalid) as refused:
        settings.update(db, admin, {"review_months": "0"})
    assert "from 1 to 60" in refused.value.errors["review_months"]
