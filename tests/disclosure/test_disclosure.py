"""Disclosure copies: each withheld part becomes a marker, and its text is in no part of the file."""

import hashlib

import pytest

from dpia import kinds
from dpia.domain.samples import row_id, token
from dpia.errors import Forbidden, Invalid
from dpia.kinds.model import GRID, LONGTEXT, SIGNOFFS, TABLE, TEXT
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports, withholding
from dpia.services.disclosure import log as disclosure_log
from tests.conftest import EDITOR, FOI
from tests.docx_checks import body_text, leaks, open_docx, parts, tables_text

KINDS = [k.key for k in kinds.kinds()]
S31 = "[Withheld: section 31(1)(a) FOIA]"


def _mark(db, assessment_id, target, exemption="s31", subsection="(1)(a)", **data):
    values = {"target": target, "exemption": exemption, "subsection": subsection, "reason": "Harm.", **data}
    withholding.mark_version(db, FOI, assessment_id, 1, values)


def _disclose(db, assessment_id, request=None):
    return exports.disclosure_assessment(db, FOI, assessment_id, 1, request, exports.Options())


def _table(tables, column):
    """The table with a column headed `column`."""
    return next(t for t in tables if column in t[0])


def _withhold_one_of_each(db, kind, assessment_id) -> list[str]:
    """Withhold an answer, a passage, a table row and a grid cell, chosen from the declaration."""
    texts = [q for q in kind.questions.values() if q.withholdable and q.type == LONGTEXT]
    whole, rest = texts[0], texts[1:]
    _mark(db, assessment_id, whole.key)
    secrets = [token(whole.key)]
    if rest:
        _mark(db, assessment_id, rest[-1].key, scope="passage", passage=token(rest[-1].key))
        secrets.append(token(rest[-1].key))
    table = next((q for q in kind.questions.values() if q.type == TABLE and q.withholdable), None)
    if table is not None:
        _mark(db, assessment_id, f"{table.key}/{row_id(table.key, 2)}", exemption="s43", subsection="(2)")
        secrets += [token(table.key, "2", c.key) for c in table.columns if c.type in (TEXT, LONGTEXT)]
    grid = next(q for q in kind.questions.values() if q.type in (GRID, SIGNOFFS))
    if grid.type == SIGNOFFS:
        first = grid.signoffs[0].key
        _mark(db, assessment_id, f"{grid.key}/{first}/name", exemption="s40", subsection="(2)")
        _mark(
            db,
            assessment_id,
            f"{grid.key}/{first}/comments",
            scope="passage",
            passage=token(grid.key, first, "comments"),
        )
        secrets += [token(grid.key, first, "name"), token(grid.key, first, "comments")]
    else:
        first = grid.rows[0].value
        _mark(db, assessment_id, f"{grid.key}/{first}/evidence", exemption="s40", subsection="(2)")
        secrets.append(token(grid.key, first, "evidence"))
    _mark(db, assessment_id, "detail:owner", exemption="s40", subsection="(2)")
    return secrets + ["Owner Person Secret"]


@pytest.mark.parametrize("kind_key", KINDS)
def test_no_withheld_text_is_in_any_part_of_a_disclosure_copy(db, make_approved, make_request, kind_key):
    kind = kinds.latest(kind_key)
    assessment_id = make_approved(kind_key, owner="Owner Person Secret")
    secrets = _withhold_one_of_each(db, kind, assessment_id)
    system_id = assessments.load(db, EDITOR, assessment_id)["system_id"]
    withholding.decide_all(db, FOI, make_request([system_id]), withholding.APPLY)
    made = _disclose(db, assessment_id, "855A/22")
    assert leaks(made.content, secrets) == []
    text = body_text(open_docx(made.content))
    assert S31 in text and "[Withheld: section 40(2) FOIA]" in text
    assert "Disclosure copy released in response to FOI request 855A/22 on" in text
    internal = exports.internal_assessment(db, EDITOR, assessment_id, 1, exports.Options()).content
    assert {secret for _, secret in leaks(internal, secrets)} == set(secrets)


def test_a_withheld_risk_row_leaves_its_number_and_other_measures_refer_to_risks_by_number_only(
    db, make_approved
):
    assessment_id = make_approved("dpia", rows=3)
    _mark(db, assessment_id, f"risks/{row_id('risks', 2)}")
    document = open_docx(_disclose(db, assessment_id).content)
    tables = tables_text(document)
    risks = _table(tables, "Likelihood of harm")
    assert risks[2] == ["2", S31, S31, S31, S31]
    measures = _table(tables, "Options to reduce or eliminate risk")
    assert [row[1] for row in measures[1:]] == ["Risk 1", S31, "Risk 3"]  # Measure 2 mitigates Risk 2


def test_a_value_computed_from_a_withheld_cell_is_withheld_too(db, make_approved):
    assessment_id = make_approved("dpia", rows=1)
    _mark(db, assessment_id, f"risks/{row_id('risks', 1)}/likelihood")
    risks = _table(tables_text(open_docx(_disclose(db, assessment_id).content)), "Severity of harm")
    assert risks[1][2] == S31 and risks[1][4] == S31 and risks[1][3] == "Minimal"


def test_a_withheld_passage_is_replaced_wherever_it_appears(db, make_assessment):
    phrase = "Acme Analytics gradient model"
    answers = {
        "aims": f"Use the {phrase} nightly.",
        "nature": f"The {phrase} scores cells.",
        "consultation": phrase,
    }
    assessment_id = make_assessment("dpia", answers=answers, title=f"DPIA of the {phrase}")
    _mark(db, assessment_id, "aims", scope="passage", passage=phrase)
    made = _disclose(db, assessment_id)
    assert leaks(made.content, [phrase]) == []
    text = body_text(open_docx(made.content))
    assert f"Use the {S31} nightly." in text and f"The {S31} scores cells." in text
    assert open_docx(made.content).paragraphs[0].text == f"DPIA of the {S31}"


def test_a_withheld_section_keeps_its_heading_and_what_may_not_be_withheld(db, make_approved):
    assessment_id = make_approved("dpia")
    _mark(db, assessment_id, "section:need")
    made = _disclose(db, assessment_id)
    assert leaks(made.content, [token("aims"), token("why_needed")]) == []
    document = open_docx(made.content)
    assert "Step 1: Identify the need for a DPIA" in [p.text for p in document.paragraphs]
    # The regime is declared not withholdable (samples answer s64, so every section is asked).
    assert "Data Protection Act 2018 section 64" in body_text(document)


def test_a_withheld_title_and_owner_leave_the_properties_clean(db, make_approved):
    assessment_id = make_approved("pia", title="Operation Nightjar PIA", owner="DS Jane Example")
    _mark(db, assessment_id, "detail:title")
    _mark(db, assessment_id, "detail:owner", exemption="s40", subsection="(2)")
    made = _disclose(db, assessment_id)
    assert leaks(made.content, ["Nightjar", "Jane Example"]) == []
    document = open_docx(made.content)
    assert document.paragraphs[0].text == S31
    assert "Nightjar" not in parts(made.content)["docProps/core.xml"]


def test_an_internal_copy_shows_everything_and_names_what_disclosure_withholds(db, make_approved):
    assessment_id = make_approved("dpia", rows=2)
    _mark(db, assessment_id, f"risks/{row_id('risks', 2)}")
    made = exports.internal_assessment(db, EDITOR, assessment_id, 1, exports.Options())
    text = body_text(open_docx(made.content))
    assert token("risks", "2", "source") in text
    assert (
        "Withheld on disclosure: Step 5: Identify and assess risks › Risks › Risk 2: section 31(1)(a) FOIA."
        in text
    )
    assert 'w:highlight w:val="yellow"' in parts(made.content)["word/document.xml"]


def test_each_disclosure_copy_is_logged_with_its_hash_request_and_version(db, make_approved, make_request):
    assessment_id = make_approved("eqia")
    request_id = make_request()
    made = _disclose(db, assessment_id, "855a/22")
    [entry] = disclosure_log.entries(db, FOI, request_id)
    assert entry["sha256"] == hashlib.sha256(made.content).hexdigest()
    assert entry["what"] == "assessment" and entry["filename"] == made.filename
    [file] = entry["files"]
    version = assessments.load(db, EDITOR, assessment_id)
    assert (file["version_id"], file["version_number"], file["reference"]) == (
        version["id"],
        1,
        version["reference"],
    )
    assert made.filename == f"{version['reference']}-v1-disclosure.docx"
    audit = db.execute("SELECT summary FROM audit_log WHERE action = 'disclosure.assessment'").fetchone()[0]
    assert audit == f"Disclosed {made.filename} under 855A/22"


def test_a_disclosure_without_a_request_is_logged_as_publication(db, make_approved):
    made = _disclose(db, make_approved("pia"))
    assert "prepared for publication on" in body_text(open_docx(made.content))
    [entry] = disclosure_log.entries(db, FOI)
    assert entry["request_id"] is None


def test_disclosure_needs_an_foi_officer_and_a_known_request(db, make_approved):
    assessment_id = make_approved("pia")
    with pytest.raises(Forbidden):
        exports.disclosure_assessment(db, EDITOR, assessment_id, 1, None, exports.Options())
    with pytest.raises(Invalid) as refused:
        _disclose(db, assessment_id, "999/99")
    assert refused.value.errors["request"] == "There is no FOI request with reference 999/99"
    assert db["disclosures"].count == 0


def test_the_disclosure_log_cannot_be_changed(db, make_approved):
    import sqlite3

    _disclose(db, make_approved("pia"))
    for statement in ("UPDATE disclosures SET filename = 'x'", "DELETE FROM disclosure_files"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(statement)


def test_a_passage_withheld_in_the_register_entry_is_withheld_from_the_systems_assessments(
    db, make_system, make_assessment
):
    from dpia.services import systems

    system_id = make_system()
    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    systems.update(db, EDITOR, system_id, {**record, "supplier": "Acme Analytics Ltd"}, 1)
    passage = {"target": "supplier", "scope": "passage", "passage": "Acme Analytics"}
    withholding.mark_system(
        db, FOI, system_id, {**passage, "exemption": "s43", "subsection": "(2)", "reason": "Contract."}
    )
    assessment_id = make_assessment(
        "dpia", system_id=system_id, answers={"nature": "Acme Analytics hosts the model."}
    )
    made = _disclose(db, assessment_id)
    assert leaks(made.content, ["Acme Analytics"]) == []
    assert "[Withheld: section 43(2) FOIA] hosts the model." in body_text(open_docx(made.content))
    internal = exports.internal_assessment(db, EDITOR, assessment_id, 1, exports.Options()).content
    assert "Acme Analytics hosts the model." in body_text(open_docx(internal))
