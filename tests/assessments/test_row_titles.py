"""A row referred to elsewhere (a measure's risk) is named by its own words, in the column its kind names."""

import pytest

from dpia import kinds
from dpia.domain.answer_types import row_title, shortened
from dpia.kinds.model import ROW_REF, TABLE, TEXT, Column, Kind, Question, Section
from dpia.services.assessments import versions as assessments
from tests.conftest import EDITOR, revision_of

DPIA = kinds.latest("dpia")
RISKS = [
    # Stored rows come back with their keys in alphabetical order: the likelihood before the source.
    {
        "_id": "0000000a",
        "likelihood": "possible",
        "severity": "severe",
        "source": "Re-identification of victims from published statistics about small areas.",
    },
    {
        "_id": "0000000b",
        "likelihood": "possible",
        "severity": "significant",
        "source": "Officers defer to the score\ninstead of using their own judgement.",
    },
    {"_id": "0000000c", "likelihood": "possible", "severity": "minimal", "source": "Wrong scores."},
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wrong scores.", "Wrong scores."),
        ("Line one\n\nline   two", "Line one line two"),
        # Up to 62 characters a text is kept whole: cutting would save almost nothing.
        ("x" * 30 + " " + "y" * 31, "x" * 30 + " " + "y" * 31),
        (
            "Re-identification of victims from published statistics about small areas.",
            "Re-identification of victims from published statistics…",
        ),
        # Cut at a word boundary, never after a comma or a dangling space.
        (
            "Officers defer to the score, then to the supplier, and never to their own judgement",
            "Officers defer to the score, then to the supplier, and…",
        ),
        ("https://example.org/" + "a" * 80, "https://example.org/" + "a" * 36 + "…"),
    ],
)
def test_shortened_cuts_long_text_at_a_word_boundary_with_an_ellipsis(text, expected):
    assert shortened(text) == expected
    assert len(shortened(text)) <= 63


def test_a_risk_is_named_by_its_source_whatever_order_its_cells_are_stored_in():
    risks = DPIA.questions["risks"]
    assert risks.title_column == "source"
    answers = {"risks": RISKS}
    assert row_title(risks, answers, "0000000a") == (
        "Risk 1: Re-identification of victims from published statistics…"
    )
    assert row_title(risks, answers, "0000000b") == (
        "Risk 2: Officers defer to the score instead of using their own…"
    )
    assert row_title(risks, answers, "0000000c") == "Risk 3: Wrong scores."
    assert row_title(risks, {"risks": [{"_id": "0000000d", "likelihood": "remote"}]}, "0000000d") == "Risk 1"
    assert row_title(risks, answers, "ffffffff") == ""


def _kind(target: Question) -> Kind:
    pointing = Question(
        "measures",
        "Measures",
        TABLE,
        columns=(Column("risk", "Risk", ROW_REF, refers_to="risks"), Column("option", "Option", TEXT)),
    )
    return Kind("test", "Test", "Test", 1, "", (Section("s", "S", questions=(target, pointing)),))


def test_a_table_other_rows_point_at_must_declare_the_column_that_names_its_rows():
    columns = (Column("source", "Source", TEXT),)
    with pytest.raises(ValueError, match="must name the column that labels its rows"):
        _kind(Question("risks", "Risks", TABLE, columns=columns))
    with pytest.raises(ValueError, match="has no column ‘sauce’"):
        _kind(Question("risks", "Risks", TABLE, columns=columns, title_column="sauce"))
    assert _kind(Question("risks", "Risks", TABLE, columns=columns, title_column="source"))


def test_every_table_pointed_at_names_its_rows_by_a_column_of_its_own():
    for kind in kinds.DEFINITIONS:
        for _, column in kind.references:
            target = kind.questions[column.refers_to]
            assert target.title_column in {c.key for c in target.columns}, (kind.key, target.key)


def _with_risks(db, make_assessment) -> int:
    measures = [
        {"_id": "000000a1", "risk": "0000000b", "option": "Training.", "effect": "reduced", "residual": "low"}
    ]
    return make_assessment(answers={"regime": "uk_gdpr_art35", "risks": RISKS, "measures": measures})


def test_the_measure_forms_risk_list_reads_each_risks_own_words(signed_in, db, make_assessment):
    assessment_id = _with_risks(db, make_assessment)
    html = (
        signed_in("editor")
        .get(f"/assessments/{assessment_id}/versions/1/sections/measures")
        .get_data(as_text=True)
    )
    assert ">Risk 1: Re-identification of victims from published statistics…</option>" in html
    assert (
        '<option value="0000000b" selected>Risk 2: Officers defer to the score instead of using their own…'
        "</option>" in html
    )
    assert ">Risk 3: Wrong scores.</option>" in html
    assert "Risk 1: possible" not in html


def test_the_version_page_names_a_measures_risk_the_same_way(signed_in, db, make_assessment):
    assessment_id = _with_risks(db, make_assessment)
    html = signed_in("reader").get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    assert "Risk 2: Officers defer to the score instead of using their own…" in html
    assert "Risk 2: possible" not in html


def test_a_measures_risk_reworded_is_named_by_its_new_words(db, make_assessment):
    assessment_id = _with_risks(db, make_assessment)
    reworded = [{**RISKS[0]}, {**RISKS[1], "source": "Custody officers follow the score."}, RISKS[2]]
    assessments.update_section(
        db, EDITOR, assessment_id, 1, "risks", {"risks": reworded}, revision_of(db, assessment_id)
    )
    version = assessments.load(db, EDITOR, assessment_id)
    kind = assessments.definition(version)
    assert row_title(kind.questions["risks"], version["answers"], "0000000b") == (
        "Risk 2: Custody officers follow the score."
    )
