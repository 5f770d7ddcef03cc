"""The demo register: only the findings it declares on purpose, and assessments written per system."""

import json
from collections import defaultdict

from dpia.actor import command_line
from dpia.demo.assessments import FINDINGS
from dpia.services.assessments import compliance

LONG = 80


def _texts(value):
    """Every string in a version's answers, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def test_the_demo_register_has_exactly_the_findings_it_shows_on_purpose(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    found = {(s.finding.system_name, s.check.key) for s in compliance.findings(db, command_line())}
    assert found == FINDINGS
    # Every system the demo loads is either in order or named in FINDINGS: most are in order.
    named = {name for name, _ in FINDINGS}
    assert len(named) <= 4 < db["systems"].count - len(named)
    result = runner.invoke(args=["check"])
    high = sum(1 for s in compliance.findings(db, command_line()) if s.check.severity == "high")
    assert result.exit_code == 1 and f"{len(FINDINGS)} findings: {high} high" in result.output


def test_no_two_demo_systems_share_a_long_answer(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    owners = defaultdict(set)
    kinds = defaultdict(set)
    for system, kind, answers in db.execute(
        "SELECT s.name, a.kind, v.answers FROM assessment_versions v"
        " JOIN assessments a ON a.id = v.assessment_id JOIN systems s ON s.id = a.system_id"
    ):
        kinds[kind].add(system)
        for text in _texts(json.loads(answers)):
            if len(text) > LONG:
                owners[text].add(system)
    shared = {text: names for text, names in owners.items() if len(names) > 1}
    assert shared == {}
    # The check has something to bite on: EqIAs and DPIAs of several systems, each with long answers.
    assert len(kinds["eqia"]) >= 6 and len(kinds["dpia"]) >= 7
    assert {name for names in owners.values() for name in names} >= kinds["eqia"] | kinds["dpia"]


def test_each_demo_eqia_answers_the_bridges_points_for_its_own_system(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    current = db.execute(
        "SELECT s.name, v.answers FROM assessment_versions v JOIN assessments a ON a.id = v.assessment_id"
        " JOIN systems s ON s.id = a.system_id WHERE a.kind = 'eqia' AND v.status IN ('approved')"
    ).fetchall()
    assert len(current) >= 4
    for system, text in current:
        answers = json.loads(text)
        assert answers["training_data_disclosed"] and answers["model_logic_disclosed"], system
        assert answers["bias_tests"] and answers["bias_verification"], system
        assert all(answers["deployment"][d]["policy"] for d in ("who", "where")), system


def test_the_demo_publishes_the_systems_the_rules_allow_and_the_public_pages_show_them(runner, db, visitor):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0 and "Demo public records published: 4" in result.output
    again = runner.invoke(args=["demo"])
    assert "Demo public records published: 0 (already published)" in again.output
    page = visitor.get("/transparency/").get_data(as_text=True)
    assert "Live Facial Recognition" in page and "Knife Crime Prediction" in page
    # Refused to publish (a DPIA still in review), so never on the public pages.
    assert "Serious Violence Prediction" not in page
