"""Word exports read back with python-docx: title block, headings from the declaration, tables, markings."""

import re
from datetime import datetime

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from dpia import kinds
from dpia.actor import command_line
from dpia.export.word import fit
from dpia.kinds.model import GRID, SIGNOFFS, TABLE
from dpia.services.accounts import settings
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports
from tests.conftest import EDITOR, FOI, READER
from tests.docx_checks import body_text, leaks, open_docx, parts, reference_docx, tables_text

KINDS = [k.key for k in kinds.kinds()]


def _export(db, assessment_id, number=1, opts=None, actor=EDITOR):
    made = exports.internal_assessment(db, actor, assessment_id, number, opts or exports.Options())
    return made, open_docx(made.content)


def _headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


@pytest.mark.parametrize("kind_key", KINDS)
def test_each_kind_exports_its_declared_sections_and_questions_as_word_headings(db, make_approved, kind_key):
    kind = kinds.latest(kind_key)
    _, document = _export(db, make_approved(kind_key))
    assert _headings(document, 1) == [s.title for s in kind.sections] + ["Evidence attached"]
    level_two = _headings(document, 2)
    for section in kind.sections:
        for question in section.questions:
            alone = question.type == TABLE and len(section.questions) == 1
            if question.label != section.title and not alone:
                assert question.label in level_two
    # Built-in heading styles are what Word's navigation pane and table of contents read.
    assert document.styles["Heading 1"].type == 1
    assert document.paragraphs[0].style.name == "Title"


def test_the_title_block_names_system_kind_reference_version_status_dates_and_owner(
    db, make_approved, make_system
):
    system_id = make_system(name="Knife Crime Prediction")
    assessment_id = make_approved("dpia", system_id=system_id, owner="Data Analytics Lab", title="Knife DPIA")
    version = assessments.load(db, EDITOR, assessment_id)
    _, document = _export(db, assessment_id)
    assert document.paragraphs[0].text == "Knife DPIA"
    details = dict((row[0], row[1]) for row in tables_text(document)[0])
    assert details["System"] == "Knife Crime Prediction"
    assert details["Kind of assessment"] == "Data protection impact assessment (DPIA)"
    assert details["Reference"] == version["reference"]
    assert details["Version"] == "1"
    assert details["Status"] == "Approved"
    assert details["Date conducted (completed)"] == "February 2024"
    assert details["Date approved"] == "4 March 2024"
    assert details["Review due"] == "4 March 2025"
    assert details["Owner"] == "Data Analytics Lab"
    assert details["Protective marking"] == "OFFICIAL"


def test_risks_and_measures_are_tables_with_one_row_each_and_risk_numbers(db, make_approved):
    _, document = _export(db, make_approved("dpia", rows=4))
    tables = tables_text(document)
    risks = next(
        t for t in tables if t[0][1] == "Source of risk and nature of potential impact on individuals"
    )
    assert risks[0] == ["No.", *[c.label for c in kinds.latest("dpia").questions["risks"].columns]]
    assert [row[0] for row in risks[1:]] == ["1", "2", "3", "4"]
    assert all(row[4] == "Low" for row in risks[1:])  # remote likelihood and minimal severity
    measures = next(t for t in tables if t[0][1] == "Risk")
    assert [row[1] for row in measures[1:]] == ["Risk 1", "Risk 2", "Risk 3", "Risk 4"]
    assert measures[1][7] == "1 March 2024"


def test_the_nine_characteristics_grid_bias_tests_and_signoffs_are_tables(db, make_approved):
    _, document = _export(db, make_approved("eqia", rows=2))
    tables = tables_text(document)
    impacts = next(t for t in tables if t[0][1:] == ["Impact", "Evidence", "Mitigation"])
    assert [row[0] for row in impacts[1:]] == [
        t.label for t in kinds.latest("eqia").questions["impacts"].rows
    ]
    assert len(impacts) == 10
    tests = [t for t in tables if t[0][0].startswith("Test ")]
    assert [t[0][0] for t in tests] == ["Test 1", "Test 2"]
    assert [row[0] for row in tests[0][1:]] == [
        c.label for c in kinds.latest("eqia").questions["bias_tests"].columns
    ]
    signoffs = next(t for t in tables if t[0][0] == "Sign-off")
    assert signoffs[0][1:] == ["Name", "Position", "Date", "Decision", "Comments"]
    assert signoffs[1][0] == "Assessment approved by" and signoffs[1][3] == "1 March 2024"


def test_every_table_with_a_header_row_repeats_it_on_each_page(db, make_approved):
    _, document = _export(db, make_approved("dpia"))
    headed = [t for t in document.tables[1:]]
    assert headed
    for table in headed:
        first = table.rows[0]._tr
        assert first.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None


def test_the_marking_is_in_capitals_centred_at_the_top_and_bottom_of_every_page(
    db, make_approved, make_system
):
    system_id = make_system(name="Sensitive System")
    assessment_id = make_approved("dpia", system_id=system_id, marking="OFFICIAL-SENSITIVE")
    _, document = _export(db, assessment_id)
    for section in document.sections:
        top = section.header.paragraphs[0]
        bottom = section.footer.paragraphs[-1]
        for paragraph in (top, bottom):
            assert paragraph.text == "OFFICIAL-SENSITIVE"
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_footer_says_page_x_of_y_with_word_fields(db, make_approved):
    made, document = _export(db, make_approved("pia"))
    footer_xml = parts(made.content)["word/footer1.xml"]
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    assert re.search(r"Page </w:t>.*w:instr=\"PAGE\".* of </w:t>.*w:instr=\"NUMPAGES\"", footer_xml)
    numbers = document.sections[0].footer.paragraphs[0]
    assert numbers.text.startswith(assessments.load(db, EDITOR, 1)["reference"] + " version 1")


def test_document_properties_are_set_from_the_assessment(db, make_approved, make_system):
    settings.update(db, command_line(), {"organisation": "West Midlands Police"})
    system_id = make_system(name="HART")
    assessment_id = make_approved("eqia", system_id=system_id)
    version = assessments.load(db, EDITOR, assessment_id)
    _, document = _export(db, assessment_id, opts=exports.options(db, None))
    core = document.core_properties
    assert core.title == f"{version['reference']} version 1: Equality impact assessment of HART"
    assert core.subject == "Equality impact assessment of HART"
    assert core.author == "West Midlands Police"
    assert version["reference"] in core.keywords and "HART" in core.keywords and "OFFICIAL" in core.keywords
    assert core.identifier == version["reference"] and core.language == "en-GB"
    assert core.content_status == "Approved"
    assert abs((datetime.now(core.created.tzinfo) - core.created).total_seconds()) < 120
    assert core.comments == "" and core.last_modified_by == "West Midlands Police"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HART", "HART"),
        ("x" * 255, "x" * 255),
        ("word " * 60, ("word " * 50).strip() + "…"),
        ("Schedule; " + "; ".join(f"System {n}" for n in range(40)), None),
        ("y" * 300, "y" * 254 + "…"),
    ],
)
def test_a_property_too_long_for_word_is_cut_at_a_word_with_an_ellipsis(text, expected):
    fitted = fit(text)
    assert len(fitted) <= 255
    if expected is not None:
        assert fitted == expected
    else:
        assert fitted.endswith("…") and text.startswith(fitted[:-1]) and not fitted[:-1].endswith(";")


def test_every_property_from_user_data_fits_however_long_the_data(db, make_approved, make_system):
    settings.update(db, command_line(), {"organisation": "West Midlands Police"})
    system_id = make_system(name=("Integrated Offender Management harm model " * 5)[:200].strip())
    assessment_id = make_approved("dpia", system_id=system_id)
    _, document = _export(db, assessment_id, opts=exports.options(db, None))
    core = document.core_properties
    for value in (core.title, core.subject, core.author, core.keywords, core.last_modified_by):
        assert 0 < len(value) <= 255
    assert core.title.endswith("…") and core.author == "West Midlands Police"


def test_internal_copies_show_warnings_and_say_they_are_not_for_disclosure(db, make_assessment):
    risks = [{"source": "Scores bias arrests", "likelihood": "probable", "severity": "severe"}]
    _, document = _export(db, make_assessment("dpia", answers={"risks": risks}))
    text = body_text(document)
    assert "Internal copy: not for disclosure." in text
    assert "Warning: Prior consultation with the ICO required." in text
    assert "Not answered" in text


def test_unanswered_tables_say_so(db, make_assessment):
    _, document = _export(db, make_assessment("eqia"))
    text = body_text(document)
    assert "No tests recorded." in text
    assert "Not answered" in text


def test_only_staff_who_work_on_assessments_may_export(db, make_approved):
    assessment_id = make_approved("dpia")
    with pytest.raises(exports.Forbidden):
        exports.internal_assessment(db, READER, assessment_id, 1, exports.Options())
    assert exports.internal_assessment(db, FOI, assessment_id, 1, exports.Options()).content


def test_every_export_is_audited(db, make_approved):
    assessment_id = make_approved("dpia")
    _export(db, assessment_id)
    entry = db.execute("SELECT actor, summary FROM audit_log WHERE action = 'export.assessment'").fetchone()
    assert entry[0] == EDITOR.email and "internal Word copy" in entry[1]


def test_a_large_assessment_exports_every_row(db, make_approved):
    _, document = _export(db, make_approved("dpia", rows=40))
    risks = next(t for t in tables_text(document) if t[0][0] == "No." and t[0][2] == "Likelihood of harm")
    assert len(risks) == 41


# An organisation's reference document


@pytest.fixture
def reference(instance):
    path = instance / "reference.docx"
    path.write_bytes(reference_docx("REFERENCE-SECRET-7731"))
    return path


def test_a_reference_document_lends_its_styles_and_logo_and_nothing_else(db, make_approved, reference):
    made, document = _export(db, make_approved("dpia"), opts=exports.options(db, reference))
    assert document.styles["Normal"].font.name == "Georgia"
    assert str(document.styles["Heading 1"].font.color.rgb) == "990033"
    found = parts(made.content)
    assert any(name.startswith("word/media/") for name in found)
    assert "<w:drawing>" in found["word/header1.xml"]
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL"
    assert leaks(made.content, ["REFERENCE-SECRET-7731"]) == []
    for dropped in ("word/comments.xml", "docProps/custom.xml", "customXml/item9.xml", "docProps/app.xml"):
        assert dropped not in found
    assert "w:ins " not in found["word/document.xml"] and "<w:del " not in found["word/document.xml"]
    assert "trackRevisions" not in found["word/settings.xml"] and "docVars" not in found["word/settings.xml"]


def test_a_reference_document_without_heading_styles_still_gets_real_headings(db, make_approved, instance):
    import io

    import docx

    plain = docx.Document()
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle", "Table Grid"):
        style = plain.styles[name]
        style.element.getparent().remove(style.element)
    out = io.BytesIO()
    plain.save(out)
    (instance / "reference.docx").write_bytes(out.getvalue())
    _, document = _export(db, make_approved("pia"), opts=exports.options(db, instance / "reference.docx"))
    assert _headings(document, 1)[0] == kinds.latest("pia").sections[0].title
    outline = document.styles["Heading 1"].element.find(qn("w:pPr")).find(qn("w:outlineLvl"))
    assert outline.get(qn("w:val")) == "0"


def test_an_unusable_reference_document_is_reported_not_crashed_on(db, make_approved, instance):
    (instance / "reference.docx").write_bytes(b"not a word document")
    with pytest.raises(exports.ExportFailed, match="reference document is not a Word .docx file"):
        _export(db, make_approved("pia"), opts=exports.options(db, instance / "reference.docx"))


@pytest.mark.parametrize("kind_key", [k for k in KINDS if k != "pia"])
def test_every_grid_and_signoff_of_a_kind_becomes_a_table(db, make_approved, kind_key):
    kind = kinds.latest(kind_key)
    _, document = _export(db, make_approved(kind_key))
    grids = [q for q in kind.questions.values() if q.type in (GRID, SIGNOFFS)]
    first_cells = [t[1][0] for t in tables_text(document)[1:] if len(t) > 1]
    for question in grids:
        first_row = question.rows[0].label if question.type == GRID else question.signoffs[0].label
        assert first_row in first_cells


def test_evidence_is_listed_in_internal_copies_and_only_counted_in_disclosure_copies(db, app, make_approved):
    from pathlib import Path

    from dpia.services.assessments import attachments

    assessment_id = make_approved("dpia")
    storage = attachments.Storage(Path(app.instance_path), 1024 * 1024)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    attachments.add(db, EDITOR, storage, assessment_id, 1, "Signed by J Smith.pdf", pdf, "Signed copy")
    _, internal = _export(db, assessment_id)
    assert any("Signed by J Smith.pdf" in row for table in tables_text(internal) for row in table)
    made = exports.disclosure_assessment(db, FOI, assessment_id, 1, None, exports.Options())
    disclosed = open_docx(made.content)
    assert "Signed by J Smith" not in body_text(disclosed) + str(tables_text(disclosed))
    assert "1 evidence file is held with this version; not part of this disclosure." in body_text(disclosed)
