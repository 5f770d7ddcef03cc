"""Compliance checks: each over a passing and a failing register, the declarations, pages, CSV and CLI."""

import csv
import io
import re
from datetime import date

import pytest

from dpia.actor import command_line
from dpia.domain import compliance as rules
from dpia.kinds.contradictions import CONTRADICTIONS, Contradiction
from dpia.services import systems
from dpia.services.assessments import compliance
from tests.conftest import DPIA_ANSWERS, READER, SIGNOFFS, approve

TODAY = date(2026, 6, 1)
EQIA_SIGNOFF = {
    "signoffs": {"approved_by": {"name": "Sam Owner", "date": "2020-01-24", "decision": "approved"}}
}


def system(id=1, **values):
    return {
        "id": id,
        "name": f"System {id}",
        "category": "individual_risk",
        "lifecycle": "in_use",
        "first_used": None,
        "marking": "OFFICIAL",
        **values,
    }


def version(kind="dpia", status="approved", answers=None, **values):
    return {
        "id": 1,
        "assessment_id": 1,
        "number": 1,
        "definition_version": 1,
        "status": status,
        "approved": "2020-01-24" if status in ("approved", "superseded") else None,
        "review_due": "2027-01-24",
        "answers": answers if answers is not None else {},
        "system_id": 1,
        "system_name": "System 1",
        "system_category": "individual_risk",
        "kind": kind,
        "reference": f"{kind.upper()}-2020-001",
        "marking": "OFFICIAL",
        "system_marking": "OFFICIAL",
        **values,
    }


def findings(key, systems_=(), versions=(), datasets=(), months=12):
    register = rules.Register(list(systems_), list(versions), list(datasets), TODAY, months)
    return list(rules.BY_KEY[key].run(register))


def test_dpia_before_processing_in_use_without_approved_dpia():
    found = findings("dpia_before_processing", [system()], [version(status="draft")])
    assert [f.reason for f in found] == ["The system is in use with no approved DPIA."]
    assert findings("dpia_before_processing", [system()], [version()]) == []
    assert findings("dpia_before_processing", [system(lifecycle="planned")], []) == []


def test_dpia_before_processing_first_used_before_approval():
    found = findings("dpia_before_processing", [system(first_used="2019-06")], [version()])
    assert "first used in June 2019, before its DPIA was approved on 24 January 2020" in found[0].reason
    # Used some time in 2020: it may have been after the approval, so nothing is claimed.
    assert findings("dpia_before_processing", [system(first_used="2020")], [version()]) == []
    assert findings("dpia_before_processing", [system(first_used="2020-02-01")], [version()]) == []


def test_eqia_for_systems_scoring_or_identifying_people():
    found = findings("eqia_for_people", [system(category="biometric")], [version("eqia", status="draft")])
    assert found[0].reason == "The system scores or identifies people and has no approved EqIA."
    assert findings("eqia_for_people", [system(category="biometric")], [version("eqia")]) == []
    assert findings("eqia_for_people", [system(category="crime_mapping")], []) == []
    assert findings("eqia_for_people", [system(lifecycle="retired")], []) == []


def test_bias_test_dated_after_the_eqia_was_approved():
    later = version("eqia", answers={"bias_tests": [{"_id": "a", "date": "2023-03"}]})
    found = findings("bias_test_after_approval", [system()], [later])
    assert (
        found[0].reason == "A bias test dated March 2023 is recorded in an EqIA approved on 24 January 2020."
    )
    assert (found[0].reference, found[0].number) == ("EQIA-2020-001", 1)
    before = version("eqia", answers={"bias_tests": [{"_id": "a", "date": "2019-11-02"}]})
    assert findings("bias_test_after_approval", [system()], [before]) == []
    # The month of approval could be before it: not claimed.
    same_month = version("eqia", answers={"bias_tests": [{"_id": "a", "date": "2020-01"}]})
    assert findings("bias_test_after_approval", [system()], [same_month]) == []


def test_review_overdue_and_due_soon():
    overdue = version(review_due="2021-06-15")
    found = findings("review_overdue", [system()], [overdue])
    assert found[0].reason == "The review fell due on 15 June 2021, 4 years, 11 months and 17 days ago."
    soon = version(review_due="2026-06-11")
    assert findings("review_due_soon", [system()], [soon])[0].reason.endswith("in 10 days.")
    assert findings("review_overdue", [system()], [soon]) == []
    assert findings("review_due_soon", [system()], [version()]) == []
    # A superseded version's review is its successor's business.
    assert (
        findings("review_overdue", [system()], [version(status="superseded", review_due="2021-06-15")]) == []
    )


def _risky(**extra):
    risks = [{"_id": "r1", "source": "Misidentification", "likelihood": "probable", "severity": "severe"}]
    return {"risks": risks, "measures": [], **extra}


def test_high_residual_risk_without_prior_consultation():
    found = findings("prior_consultation", [system()], [version(answers=_risky())])
    assert (
        found[0].reason == "Residual risk is high for risk 1, and no consultation with the ICO is recorded."
    )
    assert findings("prior_consultation", [system()], [version(answers=_risky(s65_sent="2020-01-02"))]) == []
    assert findings("prior_consultation", [system()], [version(status="draft", answers=_risky())]) == []
    assert findings("prior_consultation", [system()], [version(answers={})]) == []


def test_declared_contradiction_special_category():
    contradicting = {"scope": "Criminal offence data about 20,000 people.", "special_category": "no"}
    found = findings("contradictory_answers", [system()], [version(answers=contradicting)])
    assert "special category question is answered ‘No’" in found[0].reason
    consistent = {**contradicting, "special_category": "yes"}
    assert findings("contradictory_answers", [system()], [version(answers=consistent)]) == []
    withdrawn = version(status="withdrawn", answers=contradicting)
    assert findings("contradictory_answers", [system()], [withdrawn]) == []


def test_sign_off_missing_a_required_role():
    found = findings("missing_signoffs", [system()], [version("eqia", answers={})])
    assert found[0].reason == "The required sign-off ‘Assessment approved by’ is not recorded."
    assert findings("missing_signoffs", [system()], [version("eqia", answers=EQIA_SIGNOFF)]) == []
    assert findings("missing_signoffs", [system()], [version("eqia", status="draft")]) == []


def test_monitoring_older_than_the_review_period():
    old = [{"system_id": 1, "last_period": "2023-Q4"}]
    found = findings("stale_monitoring", [system()], [], old)
    assert found[0].reason == "The newest monitoring data ends on 31 December 2023, more than 12 months ago."
    recent = [*old, {"system_id": 1, "last_period": "2026-03"}]
    assert findings("stale_monitoring", [system()], [], recent) == []
    assert findings("stale_monitoring", [system(lifecycle="retired")], [], old) == []
    assert findings("stale_monitoring", [system()], [], old, months=36) == []


def test_declarations_refer_to_fields_that_exist():
    rules.check_declarations()


@pytest.mark.parametrize(
    ("check", "named"),
    [
        (
            rules.Check(
                "bad", "Bad", "Law", "high", "Fix", rules.review_overdue, answers=(("dpia", "sope"),)
            ),
            "dpia.sope",
        ),
        (
            rules.Check(
                "bad", "Bad", "Law", "high", "Fix", rules.review_overdue, system_fields=("lifecyle",)
            ),
            "lifecyle",
        ),
        (rules.Check("bad", "Bad", "Law", "severe", "Fix", rules.review_overdue), "severe"),
    ],
)
def test_a_check_with_an_unknown_field_fails_at_start_up_naming_it(check, named):
    with pytest.raises(ValueError, match=f"Compliance check bad: unknown .*‘{named}’"):
        rules.check_declarations((*rules.CHECKS, check))


def test_a_contradiction_with_an_unknown_field_fails_naming_it():
    bad = Contradiction("bad_rule", "dpia", "scope", ("health",), "special_categry", "no", "Wording")
    with pytest.raises(ValueError, match="Contradiction bad_rule: unknown field ‘dpia.special_categry’"):
        rules.check_declarations(rules.CHECKS, (*CONTRADICTIONS, bad))


# The service, pages, CSV and CLI over a real database.


def _text(html: str) -> str:
    """A page's text as a reader sees it: tags gone, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _in_use(db, name, marking="OFFICIAL", category="individual_risk"):
    data = {
        "name": name,
        "category": category,
        "lifecycle": "in_use",
        "regime": "dpa_part3",
        "marking": marking,
    }
    return systems.create(db, command_line(), data)


def test_service_hides_official_sensitive_systems_from_readers(db):
    _in_use(db, "Open system")
    _in_use(db, "Secret system", marking="OFFICIAL-SENSITIVE")
    names = {s.finding.system_name for s in compliance.findings(db, command_line())}
    assert names == {"Open system", "Secret system"}
    assert {s.finding.system_name for s in compliance.findings(db, READER)} == {"Open system"}


def test_a_dpia_hidden_from_readers_still_counts_and_findings_on_it_are_hidden(db, make_approved):
    system_id = _in_use(db, "Open system", category="crime_mapping")
    answers = {**DPIA_ANSWERS, "special_category": "no", "signoffs": SIGNOFFS, "dpo_summary": "Go ahead."}
    make_approved("dpia", system_id=system_id, answers=answers, marking="OFFICIAL-SENSITIVE")
    everything = {(s.check.key, s.finding.system_name) for s in compliance.findings(db, command_line())}
    assert ("contradictory_answers", "Open system") in everything
    assert ("dpia_before_processing", "Open system") not in everything
    assert compliance.findings(db, READER) == []


def test_system_page_shows_the_banner_with_reason_and_fix(db, signed_in):
    system_id = _in_use(db, "HART")
    html = signed_in("reader").get(f"/systems/{system_id}").get_data(as_text=True)
    assert "govuk-notification-banner" in html
    page = _text(html)
    assert "The system is in use with no approved DPIA." in page
    assert "To fix: Complete and approve the DPIA" in page


def test_version_page_shows_the_contradiction_banner(db, make_assessment, signed_in):
    assessment_id = make_assessment("dpia", answers={**DPIA_ANSWERS, "special_category": "no"})
    page = signed_in("reader").get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    assert "Answers that contradict each other" in page
    assert "The scope names special category or criminal offence data" in page
    assert "To fix: Correct whichever answer is wrong" in _text(page)


def test_version_page_without_findings_has_no_banner(db, make_assessment, signed_in):
    system_id = _in_use(db, "Mapping", category="crime_mapping")
    assessment_id = make_assessment(
        "dpia", system_id=system_id, answers={**DPIA_ANSWERS, "special_category": "yes"}
    )
    page = signed_in("reader").get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    assert "dpia-compliance" not in page


def test_approved_version_shows_overdue_review_and_missing_prior_consultation(db, make_assessment, signed_in):
    answers = {
        **DPIA_ANSWERS,
        "special_category": "yes",
        **_risky(),
        "signoffs": SIGNOFFS,
        "dpo_summary": "Go ahead.",
    }
    assessment_id = make_assessment("dpia", answers=answers)
    approve(db, assessment_id)
    page = signed_in("reader").get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    assert "Review overdue" in page and "The review fell due on 4 March 2025" in page
    assert "High residual risk without prior consultation" in page


def test_compliance_page_lists_and_filters_findings(db, signed_in):
    _in_use(db, "HART")
    _in_use(db, "Mapper", category="crime_mapping")
    client = signed_in("reader")
    page = client.get("/compliance").get_data(as_text=True)
    assert "Processing before an approved DPIA" in page and "No approved EqIA" in page
    assert "Mapper" in page and 'href="/compliance"' in page
    only = client.get("/compliance?check=eqia_for_people").get_data(as_text=True)
    assert "No approved EqIA" in only and "Processing before an approved DPIA." not in only
    mapping = client.get("/compliance?category=crime_mapping").get_data(as_text=True)
    assert "Mapper" in mapping and "HART" not in mapping
    low = client.get("/compliance?severity=low").get_data(as_text=True)
    assert "No findings match these filters." in low


def test_compliance_page_refuses_an_unknown_filter_by_name(signed_in):
    response = signed_in("reader").get("/compliance?severity=severe")
    assert response.status_code == 400
    assert "Choose a severity from the list" in response.get_data(as_text=True)


def test_compliance_csv_is_filtered_and_safe_for_spreadsheets(db, signed_in):
    _in_use(db, "=HYPERLINK(1)")
    _in_use(db, "Mapper", category="crime_mapping")
    response = signed_in("reader").get(
        "/compliance.csv?check=dpia_before_processing&category=individual_risk"
    )
    assert response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0][:3] == ["Severity", "Check", "System"]
    assert [(r[0], r[1], r[2]) for r in table[1:]] == [
        ("high", "Processing before an approved DPIA", "'=HYPERLINK(1)")
    ]


def test_csv_with_an_unknown_filter_goes_back_to_the_page(signed_in):
    response = signed_in("reader").get("/compliance.csv?check=nonsense")
    assert response.status_code == 302 and "/compliance?check=nonsense" in response.headers["Location"]


def test_cli_exits_1_on_a_high_finding(db, runner):
    _in_use(db, "HART")
    result = runner.invoke(args=["check"])
    assert result.exit_code == 1
    assert "[HIGH] Processing before an approved DPIA: HART" in result.output
    assert "Fix: Complete and approve the DPIA" in result.output


def test_cli_exits_0_without_high_findings(db, runner):
    _in_use(db, "Mapper", category="crime_mapping")
    result = runner.invoke(args=["check", "--severity", "low"])
    assert result.exit_code == 0
    assert "0 findings: 0 high, 0 medium, 0 low." in result.output
    assert runner.invoke(args=["check"]).exit_code == 1


def test_cli_exits_2_on_bad_arguments(runner):
    result = runner.invoke(args=["check", "--check", "nonsense"])
    assert result.exit_code == 2
    assert "Invalid value for '--check'" in result.output


def test_cli_prints_csv(db, runner):
    _in_use(db, "HART")
    result = runner.invoke(args=["check", "--csv", "--check", "eqia_for_people"])
    table = list(csv.reader(io.StringIO(result.output)))
    assert table[1][:3] == ["high", "No approved EqIA for a system that scores or identifies people", "HART"]


def _key(shown):
    return (shown.check.key, shown.finding.system_id, shown.finding.assessment_id, shown.finding.number)


def test_a_system_or_version_page_finds_what_the_whole_register_finds_about_it(runner, db):
    """System and version pages judge one system's part of the register: the same findings, found faster."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    everything = compliance.findings(db, command_line())
    assert everything
    for (system_id,) in db.execute("SELECT id FROM systems"):
        mine = [_key(s) for s in everything if s.finding.system_id == system_id]
        assert [_key(s) for s in compliance.for_system(db, command_line(), system_id)] == mine
    for assessment_id, number in db.execute(
        "SELECT assessment_id, number FROM assessment_versions"
    ).fetchall():
        mine = [
            _key(s)
            for s in everything
            if (s.finding.assessment_id, s.finding.number) == (assessment_id, number)
        ]
        assert [_key(s) for s in compliance.for_version(db, command_line(), assessment_id, number)] == mine
    assert compliance.for_version(db, command_line(), 10**9, 1) == []
