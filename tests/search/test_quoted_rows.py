"""A measure's risk is shown in the risk's own words: where they are withheld, search flags them there too."""

from dpia.services.assessments import versions as assessments
from dpia.services.search import indexing
from tests.conftest import EDITOR

RISKS = [
    {
        "_id": "0000000a",
        "source": "Victims identified from small counts.",
        "likelihood": "possible",
        "severity": "severe",
    },
    {
        "_id": "0000000b",
        "source": "Officers defer to the score.",
        "likelihood": "remote",
        "severity": "minimal",
    },
]
MEASURES = [
    {
        "_id": "000000a1",
        "risk": "0000000a",
        "option": "Suppress small counts.",
        "effect": "reduced",
        "residual": "low",
    },
    {"_id": "000000b1", "risk": "0000000b", "option": "Training.", "effect": "reduced", "residual": "low"},
]


def _flagged(db, make_assessment, targets: list[str]) -> frozenset[str]:
    answers = {"regime": "uk_gdpr_art35", "risks": RISKS, "measures": MEASURES}
    version = assessments.load(db, EDITOR, make_assessment(answers=answers))
    passages = indexing.version_passages(version)
    assert any(p.path == "measures/000000a1/risk" and "Victims identified" in p.text for p in passages)
    return indexing.withheld_paths(passages, targets, version)


def test_a_reference_quoting_a_withheld_passage_of_its_row_is_flagged_with_it(db, make_assessment):
    flagged = _flagged(db, make_assessment, ["risks/0000000a/source"])
    assert {"risks/0000000a/source", "measures/000000a1/risk"} <= flagged
    assert "measures/000000b1/risk" not in flagged and "measures/000000a1/option" not in flagged


def test_references_to_a_withheld_row_table_or_section_are_flagged(db, make_assessment):
    assert "measures/000000b1/risk" in _flagged(db, make_assessment, ["risks/0000000b"])
    assert {"measures/000000a1/risk", "measures/000000b1/risk"} <= _flagged(db, make_assessment, ["risks"])
    assert "measures/000000a1/risk" in _flagged(db, make_assessment, ["section:risks"])


def test_nothing_withheld_flags_no_reference(db, make_assessment):
    assert _flagged(db, make_assessment, ["aims"]) == frozenset()
