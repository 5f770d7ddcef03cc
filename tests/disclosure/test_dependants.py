"""Dependants of withheld rows: a measure pointing at a withheld risk is withheld with it (issue 14)."""

import io
import re
import zipfile

import pytest

from dpia import kinds
from dpia.domain.samples import sample_answers
from dpia.services.disclosure import exports, packs, withholding
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


@pytest.fixture
def withheld_risk(db, make_system, make_approved):
    """An approved DPIA of "Ward Forecaster" whose first risk is withheld under s31(1)(a)."""
    system_id = make_system("Ward Forecaster", category="crime_mapping")
    assessment_id = make_approved("dpia", system_id=system_id, answers=_answers())
    withholding.mark_version(
        db,
        FOI,
        assessment_id,
        1,
        {"target": f"risks/{RISK_1}", "exemption": "s31", "subsection": "(1)(a)", "reason": "Harm."},
    )
    return {"system": system_id, "assessment": assessment_id}


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
    made = packs.build(db, FOI, make_request([withheld_risk["system"]]), exports.Options())
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
