"""Dependants of withheld rows: a measure pointing at a withheld risk is withheld with it (issue 14)."""

import dataclasses
import io
import re
import zipfile

import pytest

from dpia import kinds
from dpia.domain.dependants import dependants, with_dependants
from dpia.domain.redaction import Redaction
from dpia.domain.samples import sample_answers
from dpia.export import model as m
from dpia.kinds.model import (
    DEPENDANT_RULES,
    FLAG_REFERENCE,
    ROW_REF,
    TABLE,
    TEXT,
    WITHHOLD_ROW,
    Column,
    Kind,
    Question,
    Section,
)
from dpia.services.disclosure import documents, exports, packs, withholding
from tests.conftest import EDITOR, FOI
from tests.docx_checks import body_text, loose_leaks, open_docx, parts, tables_text

S31 = "[Withheld: section 31(1)(a) FOIA]"
SECRET_RISK = "Officers over-police Ward Seven on the model's say-so"
SECRET_MEASURE = "Quarterly audit of Ward Seven patrols by the Ashdown Panel"
SECRET_OWNER = "Inspector Quillfeather"
RISK_1, RISK_2, MEASURE_1, MEASURE_2 = "aaaa0001", "aaaa0002", "bbbb0001", "bbbb0002"


def _answers() -> dict:
    """A DPIA whose second measure mitigates its first risk, with a residual level no other row has."""
    answers = sample_answers(kinds.latest("dpia"), rows=2)
    answers["risks"] = [
        {"_id": RISK_1, "source": SECRET_RISK, "likelihood": "probable", "severity": "severe"},
        {"_id": RISK_2, "source": "Stale custody data", "likelihood": "remote", "severity": "minimal"},
    ]
    answers["measures"] = [
        {"_id": MEASURE_1, "risk": RISK_2, "option": "Refresh nightly", "effect": "eliminated"},
        {"_id": MEASURE_2, "risk": RISK_1, "option": SECRET_MEASURE, "effect": "accepted"},
    ]
    answers["measures"][0].update(residual="low", approved="yes", owner="Data team")
    answers["measures"][1].update(residual="high", approved="no", owner=SECRET_OWNER, due="2031-07-09")
    return answers


MARK = {"target": f"risks/{RISK_1}", "exemption": "s31", "subsection": "(1)(a)", "reason": "Harm."}


@pytest.fixture
def forecaster(make_system, make_approved):
    """An approved DPIA of "Ward Forecaster", nothing withheld yet."""
    system_id = make_system("Ward Forecaster", category="crime_mapping")
    return {"system": system_id, "assessment": make_approved("dpia", system_id=system_id, answers=_answers())}


@pytest.fixture
def withheld_risk(db, forecaster):
    """The same DPIA with its first risk withheld under s31(1)(a)."""
    withholding.mark_version(db, FOI, forecaster["assessment"], 1, MARK)
    return forecaster


def _labels(content: bytes, label: str = "Risk 1") -> list[str]:
    """The parts of a .docx, or of the .docx files in a pack, that name a row by its label."""
    named = re.compile(rf"\b{label}\b")
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            if name.endswith(".docx"):
                found += [f"{name}/{part}" for part in _labels(package.read(name), label)]
            elif named.search(package.read(name).decode("utf-8", "replace")):
                found.append(name)
    return found


def _measures(content: bytes) -> list[list[str]]:
    tables = tables_text(open_docx(content))
    return next(t for t in tables if "Options to reduce or eliminate risk" in t[0])


def test_a_measure_pointing_at_a_withheld_risk_is_withheld_in_a_disclosure_copy(db, withheld_risk):
    made = exports.disclosure_assessment(db, FOI, withheld_risk["assessment"], 1, None, exports.Options())
    measures = _measures(made.content)
    # The row keeps its number and is a marker across every column: no text, effect, residual level or date.
    assert measures[2] == ["2", *[S31] * 7]
    assert measures[1][:2] == ["1", "Risk 2"]
    assert loose_leaks(made.content, [SECRET_RISK, SECRET_MEASURE, SECRET_OWNER, "9 July 2031"]) == []
    assert _labels(made.content) == []


def test_nothing_of_the_measure_or_its_risk_is_in_any_part_of_an_foi_pack(db, withheld_risk, make_request):
    request_id = make_request([withheld_risk["system"]])
    withholding.decide_all(db, FOI, request_id, withholding.APPLY)  # the mark was made before the request
    made = packs.build(db, FOI, request_id, exports.Options())
    secrets = [SECRET_RISK, SECRET_MEASURE, SECRET_OWNER, "9 July 2031"]
    assert loose_leaks(made.content, secrets) == []
    assert _labels(made.content) == []
    assert _labels(made.content, "Risk 2") != []  # the label check finds labels that are released


def test_an_internal_copy_keeps_the_measure_and_notes_that_it_is_withheld(db, withheld_risk):
    made = exports.internal_assessment(db, EDITOR, withheld_risk["assessment"], 1, exports.Options())
    measures = _measures(made.content)
    assert measures[2][:3] == ["2", "Risk 1", SECRET_MEASURE]
    text = body_text(open_docx(made.content))
    assert "Withheld on disclosure: Measure 2 (mitigates Risk 1): section 31(1)(a) FOIA." in text
    document = parts(made.content)["word/document.xml"]
    assert document.count('w:highlight w:val="yellow"') >= 2 + 7  # the risk's row and the measure's


# Declared in the kinds, checked when they load


def test_every_declared_dependant_points_at_a_real_table_of_its_kind():
    declared = {}
    for kind in kinds.DEFINITIONS:
        row_refs = [(q, c) for q in kind.questions.values() for c in q.columns if c.type == ROW_REF]
        assert list(kind.references) == row_refs, kind.key  # none is missed
        for question, column in kind.references:
            assert question.type == TABLE and column in question.columns
            assert kind.questions[column.refers_to].type == TABLE, (kind.key, column.refers_to)
            assert column.if_withheld in DEPENDANT_RULES and column.relation
            declared[(kind.key, question.key, column.key)] = (column.refers_to, column.if_withheld)
    assert declared == {("dpia", "measures", "risk"): ("risks", WITHHOLD_ROW)}


def _dpia_with(measures_change: dict = None, **column_change) -> Kind:
    """The DPIA with its measures' reference to risks declared differently."""
    dpia = kinds.latest("dpia")
    measures = dpia.questions["measures"]
    columns = tuple(
        dataclasses.replace(c, **column_change) if c.key == "risk" else c for c in measures.columns
    )
    changed = dataclasses.replace(measures, columns=columns, **(measures_change or {}))
    sections = tuple(
        dataclasses.replace(s, questions=(changed,)) if s.key == "measures" else s for s in dpia.sections
    )
    return dataclasses.replace(dpia, sections=sections)


@pytest.mark.parametrize(
    "measures_change, column_change, message",
    [
        ({}, {"refers_to": "nowhere"}, "refer to another table, not ‘nowhere’"),
        ({}, {"refers_to": "aims"}, "refer to another table, not ‘aims’"),
        ({}, {"if_withheld": "release"}, "unknown rule ‘release’"),
        ({"withholdable": False}, {}, "so must be withholdable"),
    ],
)
def test_a_dependant_declared_wrongly_is_refused_when_the_kind_loads(measures_change, column_change, message):
    with pytest.raises(ValueError, match=message):
        _dpia_with(measures_change, **column_change)


# Resolved by a pure rule, for every renderer


def _redaction(kind: Kind, target: str, disclose: bool = True) -> Redaction:
    mark = {
        "id": 7,
        "target": target,
        "passage": None,
        "exemption": "s31",
        "subsection": "(1)(a)",
        "other": "",
    }
    mark |= {"label": target, "reason": "Harm."}
    redaction = Redaction(
        marks=[mark],
        disclose=disclose,
        sections={q: kind.section_of(q).key for q in kind.questions},
        withholdable=frozenset(q.key for q in kind.questions.values() if q.withholdable),
    )
    return with_dependants(redaction, kind, _answers())


def _cells(kind: Kind, redaction: Redaction) -> list[list[str]]:
    [table] = documents.question_blocks(kind, kind.questions["measures"], _answers(), redaction)
    return [[m.text_of(cell.runs) for cell in row] for row in table.rows]


def test_a_kind_may_flag_the_reference_only_and_release_the_rest_of_the_row():
    kind = _dpia_with(if_withheld=FLAG_REFERENCE)
    redaction = _redaction(kind, f"risks/{RISK_1}")
    assert [d.text for d in dependants(kind, _answers(), redaction.whole)] == []  # already applied
    rows = _cells(kind, redaction)
    assert rows[1][:4] == ["2", S31, SECRET_MEASURE, "Accepted"]
    assert rows[0][:2] == ["1", "Risk 2"]
    assert [m["label"] for m in redaction.marks[1:]] == ["Risk of measure 2 (Risk 1)"]


def test_withholding_every_risk_withholds_every_measure():
    kind = kinds.latest("dpia")
    for target in ("risks", "section:risks"):
        rows = _cells(kind, _redaction(kind, target))
        assert [row[1] for row in rows] == [S31, S31], target


def test_dependants_follow_a_chain_and_cite_the_mark_behind_it():
    dpia = kinds.latest("dpia")
    actions = Question(
        "actions",
        "Actions",
        TABLE,
        columns=(
            Column("measure", "Measure", ROW_REF, refers_to="measures", relation="carries out"),
            Column("what", "What", TEXT),
        ),
        row_name="action",
    )
    kind = dataclasses.replace(dpia, sections=(*dpia.sections, Section("actions", "Actions", "", (actions,))))
    answers = _answers() | {"actions": [{"_id": "cccc0001", "measure": MEASURE_2, "what": "Audit"}]}
    mark = {"id": 7, "target": f"risks/{RISK_1}", "exemption": "s31"}
    found = dependants(kind, answers, lambda path: mark if path == f"risks/{RISK_1}" else None)
    assert [(d.target, d.text, d.because) for d in found] == [
        (f"measures/{MEASURE_2}", "Measure 2 (mitigates Risk 1)", 7),
        ("actions/cccc0001", "Action 1 (carries out Measure 2)", 7),
    ]


# Told to the officer before and after


def test_the_form_and_the_version_page_say_which_rows_are_also_withheld(signed_in, forecaster):
    officer, page = signed_in("foi_officer"), f"/assessments/{forecaster['assessment']}/versions/1"
    form = officer.get(f"{page}/withhold?target=risks/{RISK_1}").get_data(as_text=True)
    assert 'id="also-withheld"' in form and "<li>Measure 2 (mitigates Risk 1)</li>" in form
    other = officer.get(f"{page}/withhold?target=risks/{RISK_2}").get_data(as_text=True)
    assert "<li>Measure 1 (mitigates Risk 2)</li>" in other and "Measure 2 (" not in other
    assert 'id="also-withheld"' not in officer.get(f"{page}/withhold?target=aims").get_data(as_text=True)
    saved = officer.post(f"{page}/withhold", MARK, form_url=f"{page}/withhold?target=risks/{RISK_1}")
    assert saved.status_code == 302
    shown = officer.get(page).get_data(as_text=True)
    assert "and with it Measure 2 (mitigates Risk 1)." in shown
    assert "Also withheld: Measure 2 (mitigates Risk 1)" in shown
    row = shown[shown.index(f'id="measures-{MEASURE_2}"') :]
    assert "Withheld: section 31(1)(a) FOIA" in row[: row.index("</h4>")]
