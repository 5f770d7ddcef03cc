"""A property: a passage withheld once is in no file of the pack, however it is written elsewhere.

Hypothesis places a withheld passage, in varied spacing, line breaks, case, quotes and dashes, across
answers, table rows, an earlier version, another assessment and the register text of this and another
system (and a system's name), builds the pack with earlier versions, and reads every XML part, CSV cell,
the manifest and every file name with a checker of its own (tests/docx_checks.py), not the code under test.
Each example gets a fresh instance, so examples never see each other's data.
"""

import io
import tempfile
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from dpia import create_app, kinds
from dpia.actor import command_line
from dpia.domain.samples import sample_answers
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from dpia.services.disclosure import exports, packs, withholding
from dpia.services.disclosure import requests as foi
from dpia.store.db import connect
from tests.conftest import EDITOR, FOI, TEST_CONFIG, approve, write_answers
from tests.docx_checks import loose_leaks

WORDS = ("Quantum", "Northgate", "Orbis's", "ledger", "Halcyon", "weighting", "Vantage-Nine", "O'Hara")
SPACES = (" ", "  ", "\n", " \n ", "\t", "\u00a0")
TYPOGRAPHIC = {"'": ("'", "\u2019", "\u2018"), "-": ("-", "\u2013", "\u2014")}
PLACES = ("answer", "row", "earlier", "eqia", "register", "other_system", "name")


@st.composite
def written(draw, passage: str) -> str:
    """The passage as someone else might have typed it: other spacing, case, quotes and dashes."""
    words = []
    for word in passage.split(" "):
        word = "".join(draw(st.sampled_from(TYPOGRAPHIC.get(c, (c,)))) for c in word)
        words.append(draw(st.sampled_from((word, word.upper(), word.lower(), word.title()))))
    gaps = [draw(st.sampled_from(SPACES)) for _ in words[1:]]
    return words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))


@st.composite
def cases(draw) -> tuple[str, dict[str, str]]:
    """A passage of two or three words, and how it is written in each place it appears again."""
    passage = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=3, unique=True)))
    places = draw(st.sets(st.sampled_from(PLACES), min_size=1))
    return passage, {place: draw(written(passage)) for place in places}


def _system(db, name: str, how: str = "") -> int:
    data = {"name": name, "category": "crime_mapping", "lifecycle": "in_use", "regime": "dpa_part3"}
    system_id = systems.create(db, command_line(), {**data, "marking": "OFFICIAL"})
    if how:
        record = systems.as_form_data(systems.get(db, EDITOR, system_id))
        record["how_it_works"] = how
        systems.update(db, EDITOR, system_id, record, 1)
    return system_id


def _approved(db, system_id: int, kind: str, answers: dict) -> int:
    assessment_id = assessments.start(db, EDITOR, system_id, {"kind": kind, "title": f"The {kind}"})
    write_answers(db, assessment_id, 1, answers)
    approve(db, assessment_id)
    return assessment_id


def _next_version(db, assessment_id: int, answers: dict) -> int:
    number = workflow.new_version(db, EDITOR, assessment_id, 1)
    write_answers(db, assessment_id, number, answers)
    approve(db, assessment_id, number, approved="2024-05-01")
    return number


def _pack(db, passage: str, where: dict[str, str]) -> bytes:
    """The register and assessments holding the passage where asked, the mark, and the built pack."""
    name = f"Patrol {where['name']} Forecaster" if "name" in where else "Patrol Forecaster"
    system_id = _system(db, name, f"It uses {where['register']} nightly." if "register" in where else "")
    other = _system(db, "Ward Heatmap", f"Also {where['other_system']}." if "other_system" in where else "")
    dpia = sample_answers(kinds.latest("dpia"), rows=2)
    earlier = {**dpia, "scope": f"Earlier: {where.get('earlier', 'no change')}."}
    assessment_id = _approved(db, system_id, "dpia", earlier)
    current = {**dpia, "aims": f"Tune the {passage} every year."}
    if "answer" in where:
        current["nature"] = f"Scores from the {where['answer']} are ranked."
    if "row" in where:
        risks = [dict(r) for r in current["risks"]]
        risks[0]["source"] = f"Errors in {where['row']}"
        current["risks"] = risks
    number = _next_version(db, assessment_id, current)
    eqia = sample_answers(kinds.latest("eqia"), rows=2)
    if "eqia" in where:
        eqia["purpose"] = f"Check {where['eqia']} for bias."
    _approved(db, system_id, "eqia", eqia)
    day = assessments.today().isoformat().split("-")
    data = {
        "reference": "855A/22",
        "received": dict(zip(("year", "month", "day"), day, strict=True)),
        "systems": [str(system_id), str(other)],
    }
    request_id = foi.create(db, FOI, data)
    mark = {"target": "aims", "scope": "passage", "passage": passage, "exemption": "s31", "reason": "Harm."}
    withholding.mark_version(db, FOI, assessment_id, number, {**mark, "request": "855A/22"})
    return packs.build(db, FOI, request_id, exports.Options(), earlier=True).content


def _slug(text: str) -> str:
    folded = text.translate({0x2019: "'", 0x2018: "'", 0x2013: "-", 0x2014: "-"}).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


@settings(max_examples=12, deadline=None)
@given(cases())
def test_a_withheld_passage_is_in_no_part_cell_manifest_or_name_of_the_pack(case):
    passage, where = case
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({**TEST_CONFIG, "INSTANCE_PATH": folder})
        db = connect(app.config["DATABASE"])
        try:
            content = _pack(db, passage, where)
        finally:
            db.close()
            app.extensions["dpia.search"].close()
    assert loose_leaks(content, [passage]) == []
    with zipfile.ZipFile(io.BytesIO(content)) as pack:
        names = pack.namelist()
    assert [n for n in names if _slug(passage) in _slug(n)] == []
    assert any(n.endswith("-v1-disclosure.docx") for n in names)  # the earlier version is in the pack
