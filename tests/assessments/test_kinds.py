"""Assessment kinds declared as data: their shape, the ICO matrix, and definitions that change later."""

import dataclasses

import pytest

from dpia import kinds
from dpia.kinds.derive import ico_risk
from dpia.kinds.model import LONGTEXT, Question
from dpia.services.assessments import pages, workflow
from dpia.services.assessments import versions as assessments
from dpia.vocab import PROTECTED_CHARACTERISTICS, PSED_AIMS
from tests.conftest import EDITOR, revision_of


def test_every_declaration_is_consistent():
    kinds.check_declarations()
    assert [k.key for k in kinds.kinds()] == ["pia", "dpia", "eqia", "screening"]


def test_the_dpia_follows_the_icos_seven_steps_and_records_the_regime():
    dpia = kinds.latest("dpia")
    steps = [s.title.split(":")[0] for s in dpia.sections if s.shown_when is None]
    assert steps == [f"Step {i}" for i in range(1, 8)]
    assert [s.key for s in dpia.sections if s.shown_when] == ["part3"]
    regimes = {t.value for t in dpia.questions["regime"].choices}
    assert regimes == {"uk_gdpr_art35", "dpa_s64"}
    signoffs = {s.key for s in dpia.questions["signoffs"].signoffs}
    assert {"measures_approved", "residual_risks_approved", "dpo_advice", "dpo_advice_outcome"} <= signoffs
    assert {"consultation_reviewed", "kept_under_review"} <= signoffs


def test_the_eqia_covers_the_nine_characteristics_the_three_aims_and_bias_testing():
    eqia = kinds.latest("eqia")
    assert len(eqia.questions["impacts"].rows) == 9 == len(PROTECTED_CHARACTERISTICS)
    assert [r.value for r in eqia.questions["psed"].rows] == [a.value for a in PSED_AIMS]
    columns = {c.key for c in eqia.questions["bias_tests"].columns}
    assert {
        "date",
        "tester",
        "method",
        "data",
        "groups",
        "metric",
        "result",
        "conclusion",
        "follow_up",
    } <= columns


@pytest.mark.parametrize(
    ("likelihood", "severity", "overall"),
    [
        ("remote", "minimal", "low"),
        ("remote", "significant", "low"),
        ("remote", "severe", "medium"),
        ("possible", "minimal", "low"),
        ("possible", "significant", "medium"),
        ("possible", "severe", "high"),
        ("probable", "minimal", "medium"),
        ("probable", "significant", "high"),
        ("probable", "severe", "high"),
    ],
)
def test_overall_risk_follows_the_ico_matrix(likelihood, severity, overall):
    assert ico_risk({"likelihood": likelihood, "severity": severity}) == overall


def test_a_missing_scale_gives_no_overall_risk():
    assert ico_risk({"likelihood": "possible"}) == ""


@pytest.fixture
def publish_dpia_v2(monkeypatch):
    """Publish, when called, a later DPIA definition in which one question was reworded under a new key."""
    return lambda: _publish_v2(monkeypatch)


def _publish_v2(monkeypatch):
    v1 = kinds.latest("dpia")
    need = v1.sections[0]
    renamed = Question("project_aims", "What are the project's aims?", LONGTEXT, required_for="submit")
    questions = tuple(renamed if q.key == "aims" else q for q in need.questions)
    sections = (dataclasses.replace(need, questions=questions), *v1.sections[1:])
    v2 = dataclasses.replace(v1, version=v1.version + 1, sections=sections)
    monkeypatch.setitem(kinds._BY_VERSION, ("dpia", v2.version), v2)
    monkeypatch.setitem(kinds.LATEST, "dpia", v2)
    return v2


def test_changing_a_definition_later_never_corrupts_older_assessments(db, make_assessment, publish_dpia_v2):
    older = make_assessment("dpia", answers={"aims": "The old question's answer"})
    published = publish_dpia_v2()
    newer = make_assessment("dpia")
    old_page = pages.page(db, EDITOR, older)
    assert old_page.version["definition_version"] == published.version - 1
    assert old_page.kind.questions["aims"].label.startswith("What does the project aim")
    assert old_page.version["answers"]["aims"] == "The old question's answer"
    assert pages.page(db, EDITOR, newer).version["definition_version"] == published.version
    assert "aims" not in pages.page(db, EDITOR, newer).kind.questions


def test_a_new_version_moves_to_the_newest_definition_keeping_answers_it_still_asks(
    db, make_assessment, publish_dpia_v2
):
    from tests.conftest import APPROVER, DPIA_ANSWERS, SIGNOFFS

    older = make_assessment("dpia", answers={**DPIA_ANSWERS, "signoffs": SIGNOFFS, "dpo_summary": "Go"})
    workflow.transition(db, EDITOR, older, 1, "submit", {}, revision_of(db, older))
    data = {"conducted": "2024-04-01", "approved": "2024-05-01"}
    workflow.transition(db, APPROVER, older, 1, "approve", data, revision_of(db, older))
    published = publish_dpia_v2()
    number = workflow.new_version(db, EDITOR, older, 1)
    second = assessments.load(db, EDITOR, older, number)
    assert second["definition_version"] == published.version
    assert "aims" not in second["answers"] and second["answers"]["nature"] == DPIA_ANSWERS["nature"]
    assert "signoffs" not in second["answers"]
