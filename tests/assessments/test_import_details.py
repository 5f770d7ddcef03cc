"""Details a Word document gives about itself: title, status, reference and labelled dates, each shown in the
preview with the text it came from, and an import that is always a draft whatever the document says."""

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest

from dpia import vocab
from dpia.importers import detail_words, details, matcher, word
from dpia.importers.plan import OMIT, UNPLACED
from dpia.services.assessments import attachments, imports
from dpia.services.assessments import versions as assessments
from tests.conftest import EDITOR, csrf_from
from tests.fixtures.imports.build import TextBoxes

TODAY = date(2026, 12, 5)
PROJECT = "Biometric office access control (facial recognition)"
AIMS = "Staff enter the office by looking at a camera instead of showing a pass."


def build(*parts, header: str = "", footer: str = "", core_title: str = "") -> bytes:
    """A .docx from (style, text) pairs: "title", "subtitle", "h1", "p", "bold", or ("table", rows)."""
    document = docx.Document()
    document.core_properties.title = core_title
    if header or footer:
        document.sections[0].header.paragraphs[0].text = header
        document.sections[0].footer.paragraphs[0].text = footer
    for style, content in parts:
        if style == "table":
            table = document.add_table(rows=len(content), cols=len(content[0]))
            for r, row in enumerate(content):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        elif style == "title":
            document.add_heading(content, 0)
        elif style == "h1":
            document.add_heading(content, 1)
        elif style == "subtitle":
            document.add_paragraph(content, style="Subtitle")
        elif style == "bold":
            document.add_paragraph().add_run(content).bold = True
        else:
            document.add_paragraph(content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plan_of(data: bytes, kind: str = "dpia"):
    return matcher.plan_word(word.read(data), kind, TODAY, "Imported file.docx")


def read_as(plan, detail: str) -> list[dict]:
    return [r for r in plan.details["read"] if r["detail"] == detail]


def item_of(plan, text: str):
    return next(i for i in plan.items if text in i.text)


def body(*lines: str) -> tuple:
    """A DPIA's opening: the form's heading, the given lines, then step 1 and an answer."""
    return (
        ("title", "Data Protection Impact Assessment"),
        *(("p", line) for line in lines),
        ("h1", "Step 1: Identify the need for a DPIA"),
        ("p", AIMS),
    )


def test_the_declared_words_name_our_states_and_details():
    states = {term.value for term in vocab.STATUSES}
    assert set(detail_words.STATUS_STATES.values()) <= states | {""}
    assert set(detail_words.DETAIL_LABELS) <= set(detail_words.DETAIL_NAMES)
    assert set(detail_words.DATE_DETAILS) <= set(detail_words.DETAIL_LABELS)


# Titles


@pytest.mark.parametrize(
    "heading",
    [
        "Data Protection Impact Assessment",
        "DPIA template",
        "Sample DPIA template",
        "Equality Impact Assessment",
        "Equality impact assessment (EqIA)",
        "Privacy impact assessment",
        "DPIA template v3.1",
        "Data Protection Impact Assessment (DPIA)",
        "DPIA screening",
    ],
)
def test_the_forms_own_headings_are_generic(heading):
    assert details.generic(heading)
    assert details.title_from(heading) == ""


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (PROJECT, PROJECT),
        (f"DPIA: {PROJECT}", PROJECT),
        (f"Data Protection Impact Assessment – {PROJECT}", PROJECT),
        (f"Equality Impact Assessment: {PROJECT}", PROJECT),
        (f"{PROJECT} – DPIA", PROJECT),
        ("Knife Crime Prediction (DPIA)", "Knife Crime Prediction"),
        ("Data protection impact assessment for ANPR data sharing", "ANPR data sharing"),
        ("DPIA: Version 2", ""),
        ("Contents", ""),
    ],
)
def test_a_heading_gives_its_specific_part_as_the_title(heading, title):
    assert details.title_from(heading) == title


def test_a_generic_first_heading_gives_way_to_the_next_heading():
    plan = plan_of(build(("title", "Data Protection Impact Assessment"), ("h1", PROJECT), ("p", AIMS)))
    assert plan.details["title"] == PROJECT
    generic = item_of(plan, "Data Protection Impact Assessment")
    assert generic.target == OMIT and "own heading" in generic.reason
    assert read_as(plan, "title")[0]["source"] == PROJECT


def test_a_subtitle_after_the_generic_heading_is_the_title():
    plan = plan_of(build(("title", "Sample DPIA template"), ("subtitle", PROJECT), ("p", AIMS)))
    assert plan.details["title"] == PROJECT
    assert item_of(plan, PROJECT).target == OMIT


@pytest.mark.parametrize(
    "line",
    [
        f"Project name: {PROJECT}",
        f"Title: {PROJECT}",
        f"Name of system: {PROJECT}",
        f"Title: DPIA – {PROJECT}",
    ],
)
def test_a_labelled_line_gives_the_title_after_a_generic_heading(line):
    plan = plan_of(build(*body(line), core_title="DPIA template"))
    assert plan.details["title"] == PROJECT
    assert read_as(plan, "title")[0]["source"] == line


def test_a_title_block_table_gives_the_title_and_a_job_title_does_not():
    plan = plan_of(
        build(
            ("title", "DPIA template"),
            ("table", [["Job title", "Data Protection Officer"], ["Name of system", PROJECT]]),
            ("h1", "Step 1: Identify the need for a DPIA"),
        )
    )
    assert plan.details["title"] == PROJECT


def test_a_one_word_title_is_a_title_and_the_forms_name_below_it_is_left_out():
    plan = plan_of(
        build(
            ("title", "HART"),
            ("p", "Data protection impact assessment"),
            ("p", "Version 1.2, 3 June 2019"),
            ("h1", "Step 1: Identify the need for a DPIA"),
            ("p", AIMS),
        )
    )
    assert (plan.details["title"], plan.details["conducted"]) == ("HART", "2019-06-03")
    assert item_of(plan, "Data protection impact assessment").reason.startswith("The form")
    assert item_of(plan, AIMS).target == "q:aims"


def test_a_generic_document_property_is_not_the_title_but_a_specific_one_is():
    generic = plan_of(build(("p", AIMS), core_title="Data Protection Impact Assessment"))
    assert generic.details["title"] == "Imported file"
    specific = plan_of(build(("p", AIMS), core_title=PROJECT))
    assert specific.details["title"] == PROJECT
    assert read_as(specific, "title")[0]["location"] == "document properties"


# Bilingual headings, question banks, text boxes and step headings

BILINGUAL_TITLE = "Camerâu ANPR yr A470 / A470 ANPR cameras"


@pytest.mark.parametrize(
    "heading",
    [
        "Asesiad o’r Effaith ar Ddiogelu Data / Data Protection Impact Assessment",
        "Data Protection Impact Assessment | Asesiad o'r Effaith ar Ddiogelu Data",
        "Asesiad o’r Effaith ar Ddiogelu Data\nData Protection Impact Assessment",
        "Asesiad Effaith Cydraddoldeb",
        "Templed AEDD",
        "DPIA / EqIA",
        "Data protection impact assessment – questionnaire",
    ],
)
def test_the_forms_name_in_welsh_or_in_both_languages_is_generic(heading):
    assert details.generic(heading)
    assert details.title_from(heading) == ""


@pytest.mark.parametrize(
    "heading", [BILINGUAL_TITLE, "Data Protection Impact Assessment / A470 ANPR cameras"]
)
def test_a_heading_with_a_specific_half_is_not_generic_and_a_bilingual_title_is_kept_whole(heading):
    assert not details.generic(heading)
    assert details.title_from(heading) == heading


def test_a_bilingual_generic_heading_gives_way_to_the_bilingual_title_below_it():
    plan = plan_of(
        build(
            ("title", "Asesiad o’r Effaith ar Ddiogelu Data / Data Protection Impact Assessment"),
            ("h1", BILINGUAL_TITLE),
            ("p", AIMS),
        )
    )
    assert plan.details["title"] == BILINGUAL_TITLE
    assert "own heading" in item_of(plan, "Asesiad").reason


QUESTION_BANK = ("title", "Data protection impact assessment – questionnaire")


@pytest.mark.parametrize("label", ["What is the name of the project?", "Project name", "System", "Project"])
def test_a_question_banks_project_name_row_is_the_title_and_read_as_a_detail(label):
    rows = [["Question", "Answer"], [label, PROJECT], ["Describe the nature of the processing", AIMS]]
    plan = plan_of(build(QUESTION_BANK, ("table", rows)))
    assert plan.details["title"] == PROJECT
    row = item_of(plan, PROJECT)
    assert (row.target, row.content) == (OMIT, False) and row.reason.startswith("Read for the details")
    assert read_as(plan, "title")[0]["source"] == f"{label}: {PROJECT}"


def test_a_one_word_project_or_system_label_names_the_title_only_as_the_whole_label():
    assert details.label_detail("System") == details.label_detail("Project") == "title"
    assert details.label_detail("Operating system") == details.label_detail("Lead project") == ""


def test_a_second_project_name_is_kept_not_yet_placed_and_noted():
    rows = [["Project name", PROJECT], ["Name of the system", "FaceGate 3"]]
    plan = plan_of(
        build(("title", "DPIA template"), ("table", rows), ("h1", "Step 1: Identify the need"), ("p", AIMS))
    )
    assert plan.details["title"] == PROJECT
    second = item_of(plan, "FaceGate 3")
    assert (second.target, second.text) == (UNPLACED, "Name of the system: FaceGate 3")
    assert read_as(plan, "title")[1]["note"] == f"not used: {PROJECT} is used instead; {detail_words.KEPT}"


@pytest.mark.parametrize("style", ["h1", "p", "bold", "subtitle"])
@pytest.mark.parametrize(
    "heading",
    ["Step 1: Identify the need for a DPIA", "Identify the need for a DPIA", "Consultation process"],
)
def test_a_heading_naming_a_section_of_the_kind_is_never_the_title(style, heading):
    plan = plan_of(build(("title", "Data Protection Impact Assessment"), (style, heading), ("p", AIMS)))
    assert plan.details["title"] == "Imported file"
    assert read_as(plan, "title") == []


def test_a_title_styled_section_heading_is_read_as_the_heading_not_the_title():
    plan = plan_of(build(("title", "Step 1: Identify the need for a DPIA"), ("p", AIMS)))
    assert plan.details["title"] == "Imported file"
    assert item_of(plan, AIMS).target == "q:aims"


def test_a_title_styled_paragraph_in_a_text_box_is_the_title_and_step_headings_are_not():
    document = docx.Document()
    boxes = TextBoxes(document)
    boxes.add(("Title", PROJECT), "Data protection impact assessment")
    boxes.add(("Heading1", "Step 1: Identify the need for a DPIA"), AIMS)
    buffer = io.BytesIO()
    document.save(buffer)
    plan = plan_of(buffer.getvalue())
    assert plan.details["title"] == PROJECT
    assert read_as(plan, "title")[0]["location"] == "text box 1, paragraph 1"


def test_the_form_wording_beside_a_title_in_its_heading_is_shown_as_the_forms_own():
    plan = plan_of(build(("title", "Custody risk model: data protection impact assessment"), ("p", AIMS)))
    heading = item_of(plan, "Custody risk model")
    assert plan.details["title"] == "Custody risk model"
    assert (heading.target, heading.template) == (OMIT, "data protection impact assessment")


@pytest.mark.parametrize(
    ("heading", "title", "besides"),
    [
        ("DPIA: Custody risk model", "Custody risk model", "DPIA"),
        (
            "Data protection impact assessment for ANPR data sharing",
            "ANPR data sharing",
            "Data protection impact assessment",
        ),
        ("Knife Crime Prediction (DPIA)", "Knife Crime Prediction", "DPIA"),
        (PROJECT, PROJECT, ""),
    ],
)
def test_what_a_heading_says_besides_its_title(heading, title, besides):
    assert details.besides_title(heading, title) == besides


# Status lines


@pytest.mark.parametrize(
    ("parts", "state", "says"),
    [
        (body("Status: APPROVED"), "approved", "Status: APPROVED"),
        (body("Document status – Draft v0.3"), "draft", "Document status: Draft v0.3"),
        (body("Approved"), "approved", "Approved"),
        (body("Status: Under review"), "in_review", "Status: Under review"),
        (body("DPIA status: Final"), "", "DPIA status: Final"),
        (
            (("title", "DPIA template"), ("table", [["Project name", PROJECT], ["Status", "Approved"]])),
            "approved",
            "Status: Approved",
        ),
    ],
)
def test_a_status_line_is_recognised_and_mapped_onto_our_states(parts, state, says):
    plan = plan_of(build(*parts))
    [status] = read_as(plan, "status")
    assert status["value"] == state and status["source"] == says
    assert plan.details["document_status"] == state


def test_a_status_beyond_draft_is_kept_as_text_not_yet_placed_and_noted():
    plan = plan_of(build(*body("Status: APPROVED")))
    kept = item_of(plan, "Status: APPROVED")
    assert kept.target == UNPLACED and kept.content
    assert kept.text == "The document says: Status: APPROVED"
    assert plan.details["document_says"] == "Status: APPROVED"


def test_a_draft_status_is_read_and_left_out():
    plan = plan_of(build(*body("Document status – Draft v0.3")))
    line = item_of(plan, "Draft v0.3")
    assert line.target == OMIT and not line.content
    assert plan.details["document_says"] == "" and not plan.notes


def test_a_status_label_before_prose_is_not_a_status():
    plan = plan_of(build(*body(), ("p", "Status: the project is live in two stations.")))
    assert read_as(plan, "status") == []
    assert item_of(plan, "the project is live").target != OMIT


def test_a_status_in_a_header_is_read():
    plan = plan_of(build(*body(), header="OFFICIAL | APPROVED v1.0 | Page 1 of 3"))
    assert plan.details["document_status"] == "approved"
    assert item_of(plan, "APPROVED v1.0").target == UNPLACED


# References


@pytest.mark.parametrize(
    ("line", "reference"),
    [
        ("Ref: ABC/123", "ABC/123"),
        ("Reference number: DPIA-0042", "DPIA-0042"),
        ("DPIA ref: 2024/17", "2024/17"),
        ("Document reference – IG-77", "IG-77"),
        ("DPIA number: 17b", "17b"),
    ],
)
def test_a_labelled_reference_is_recognised(line, reference):
    plan = plan_of(build(*body(line)))
    assert plan.details["reference"] == reference
    assert item_of(plan, line).target == OMIT


def test_a_reference_label_without_a_reference_is_kept_as_content():
    plan = plan_of(build(*body("Reference: to be allocated")))
    assert plan.details["reference"] == ""
    assert item_of(plan, "to be allocated").target != OMIT


# Dates

FORMATS = [
    ("3 June 2024", "2024-06-03", "3 June 2024"),
    ("03/06/2024", "2024-06-03", "3 June 2024"),
    ("2024-06-03", "2024-06-03", "3 June 2024"),
    ("June 2024", "2024-06", "June 2024"),
    ("3rd June 2024", "2024-06-03", "3 June 2024"),
]
LABELS = [
    ("Date conducted", "conducted"),
    ("Date of assessment", "conducted"),
    ("Completed on", "conducted"),
    ("Date completed", "conducted"),
    ("Start date", "started"),
    ("Approved on", "approved"),
    ("Review date", "review"),
    ("Next review", "review"),
]


@pytest.mark.parametrize(("label", "detail"), LABELS)
@pytest.mark.parametrize(("written", "iso", "shown"), FORMATS)
def test_each_labelled_date_in_each_format_is_read(label, detail, written, iso, shown):
    plan = plan_of(build(*body(f"{label}: {written}")))
    [found] = read_as(plan, detail)
    assert (found["value"], found["shown"], found["source"]) == (iso, shown, f"{label}: {written}")
    expected = {"conducted": "", "started": ""} | (
        {detail: iso} if detail in ("conducted", "started") else {}
    )
    assert {key: plan.details[key] for key in ("conducted", "started")} == expected


@pytest.mark.parametrize(("label", "detail"), LABELS)
def test_a_labelled_date_without_a_colon_is_read(label, detail):
    plan = plan_of(build(*body(f"{label} 3rd June 2024")))
    assert [f["value"] for f in read_as(plan, detail)] == ["2024-06-03"]


def test_approval_and_review_dates_are_offered_but_never_set_on_the_draft():
    plan = plan_of(build(*body("Approved on: 10/06/2024", "Next review: June 2027")))
    assert plan.details["conducted"] == "" and "approved" not in plan.details
    [approved], [review] = read_as(plan, "approved"), read_as(plan, "review")
    assert approved["note"].startswith("not used: an import is always a draft")
    assert review["value"] == "2027-06"  # a review date may be in the future
    assert item_of(plan, "Approved on").text == "The document says: Approved on: 10/06/2024"
    assert item_of(plan, "Next review").target == UNPLACED


@pytest.mark.parametrize(
    "line",
    [
        "Generated: 04/06/2024",
        "Printed 04/06/2024",
        "Exported on 4 June 2024",
        "Created by tool on 4 June 2024",
        "Last saved: 4 June 2024",
        "Template version date: 04/06/2024",
    ],
)
def test_a_generated_date_is_never_the_date_conducted(line):
    alone = plan_of(build(*body(line)))
    assert alone.details["conducted"] == ""
    [generated] = read_as(alone, "generated")
    assert generated["value"] == "2024-06-04" and generated["note"].startswith("not used: a generated date")
    beside = plan_of(build(*body(line, "Date of assessment: 03/06/2024")))
    assert beside.details["conducted"] == "2024-06-03"


def test_a_printed_date_in_a_footer_is_not_taken_but_a_labelled_one_beside_it_is():
    plan = plan_of(build(*body(), footer="Printed 04/06/2024   Date of assessment 03/06/2024   Page 1 of 2"))
    assert plan.details["conducted"] == "2024-06-03"
    assert [f["value"] for f in read_as(plan, "generated")] == ["2024-06-04"]


def test_a_labelled_date_conducted_wins_over_a_bare_date_in_a_footer():
    plan = plan_of(build(*body("Date completed: 1 May 2024"), footer="Version 2   3 June 2024"))
    assert plan.details["conducted"] == "2024-05-01"
    bare = next(f for f in read_as(plan, "conducted") if f["value"] == "2024-06-03")
    assert bare["note"] == "not used: 1 May 2024 is used instead"


def test_a_date_conducted_in_the_future_is_not_used():
    plan = plan_of(build(*body("Date conducted: 3 June 2030")))
    assert plan.details["conducted"] == ""
    assert read_as(plan, "conducted")[0]["note"] == "not used: in the future"


def test_a_tool_generated_document_keeps_its_dates_apart():
    plan = plan_of(
        build(
            ("title", PROJECT),
            ("p", "Generated 04/06/2024 by DPIA Tool"),
            ("p", "Status: APPROVED"),
            ("p", "Date conducted: 03/06/2024"),
            ("h1", "Step 1: Identify the need for a DPIA"),
            ("p", AIMS),
            header="OFFICIAL – Draft v0.3",
            footer="Printed: 04/06/2024 Page 1 of 5",
        )
    )
    assert (plan.details["title"], plan.details["conducted"]) == (PROJECT, "2024-06-03")
    assert plan.details["document_status"] == "approved"  # the first status: the header's draft is shown too
    assert [f["source"] for f in read_as(plan, "generated")] == [
        "Generated 04/06/2024 by DPIA Tool",
        "Printed: 04/06/2024 Page 1 of 5",
    ]
    assert item_of(plan, "Generated 04/06/2024").target == OMIT
    assert item_of(plan, "Printed: 04/06/2024").target == OMIT


# Label | value tables

DETAILS_TABLE = [
    ["Project name", PROJECT],
    ["Reference number", "DPIA-0042"],
    ["Assessment owner", "DI Jane Smith"],
    ["Status", "APPROVED"],
    ["Date of assessment", "03/06/2024"],
    ["Start date", "2024-04-02"],
    ["Approved on", "10/06/2024"],
    ["Generated", "11/06/2024"],
]


def details_document() -> bytes:
    return build(
        ("title", "Data Protection Impact Assessment"),
        ("table", DETAILS_TABLE),
        ("h1", "Step 1: Identify the need for a DPIA"),
        ("p", AIMS),
    )


def test_details_in_a_label_value_table_are_read_with_their_rows():
    plan = plan_of(details_document())
    assert {k: plan.details[k] for k in ("title", "reference", "owner", "started", "conducted")} == {
        "title": PROJECT,
        "reference": "DPIA-0042",
        "owner": "DI Jane Smith",
        "started": "2024-04-02",
        "conducted": "2024-06-03",
    }
    assert plan.details["document_status"] == "approved"
    conducted = read_as(plan, "conducted")[0]
    assert (conducted["source"], conducted["location"]) == (
        "Date of assessment: 03/06/2024",
        "table 1, row 5",
    )
    assert item_of(plan, "The document says: Status: APPROVED").target == UNPLACED
    assert item_of(plan, "Generated | 11/06/2024").target == OMIT


def test_a_row_of_several_label_value_pairs_gives_each_detail():
    plan = plan_of(
        build(
            ("title", PROJECT),
            ("table", [["Reference", "DPIA-0042", "Status", "Approved"], ["Date", "TBC", "Owner", "Jo"]]),
            ("h1", "Step 1: Identify the need for a DPIA"),
        )
    )
    assert (plan.details["reference"], plan.details["document_status"]) == ("DPIA-0042", "approved")
    assert item_of(plan, "Reference: DPIA-0042; Status: Approved").target == UNPLACED
    # A pair that gives nothing ("Date | TBC") keeps its row as content: nothing is dropped.
    assert item_of(plan, "TBC").target != OMIT


# The preview and the stored draft


@pytest.fixture
def storage(app):
    return attachments.Storage(instance=Path(app.instance_path), max_bytes=25 * 1024 * 1024)


def _form(html: str) -> dict:
    """The preview's form as a browser would post it."""
    form = {"action": "confirm"}
    for name in ("title", "reference", "owner"):
        form[name] = re.search(rf'name="{name}" type="text" value="([^"]*)"', html).group(1)
    form["marking"] = re.search(r'name="marking" type="radio" value="([^"]+)" checked', html).group(1)
    for key in ("started", "conducted"):
        for part in ("day", "month", "year"):
            found = re.search(rf'name="{key}-{part}" type="text"[^>]*value="([^"]*)"', html)
            form[f"{key}-{part}"] = found.group(1) if found else ""
    return form


def test_the_preview_shows_each_detail_with_its_source_and_the_draft_keeps_what_is_confirmed(
    signed_in, make_system, db
):
    editor = signed_in("editor")
    document = build(
        ("title", "Data Protection Impact Assessment"),
        ("p", f"Project name: {PROJECT}"),
        ("p", "Status: APPROVED"),
        ("p", "Date of assessment: 03/06/2024"),
        ("p", "Approved on: 10/06/2024"),
        ("p", "Generated: 11/06/2024"),
        ("h1", "Step 1: Identify the need for a DPIA"),
        ("p", AIMS),
    )
    upload = editor.post(
        f"/systems/{make_system()}/import", {"file": (io.BytesIO(document), "biometric.docx"), "kind": ""}
    )
    preview_url = upload.headers["Location"]
    html = editor.get(preview_url).get_data(as_text=True)
    assert "The document says: Status: APPROVED" in html
    assert "Date conducted: 3 June 2024 — from ‘Date of assessment: 03/06/2024’, paragraph 4" in html
    assert f"Title: {PROJECT} — from ‘Project name: {PROJECT}’, paragraph 2" in html
    assert (
        "Status: APPROVED — from ‘Status: APPROVED’, paragraph 3 (not used: an import is always a draft"
        in html
    )
    assert "Date approved: 10 June 2024 — from ‘Approved on: 10/06/2024’, paragraph 5 (not used:" in html
    assert (
        "Generated date: 11 June 2024 — from ‘Generated: 11/06/2024’, paragraph 6 (not used: a generated date"
        in html
    )
    form = _form(html)
    assert (form["title"], form["conducted-day"], form["conducted-month"], form["conducted-year"]) == (
        PROJECT,
        "3",
        "6",
        "2024",
    )
    form.update({"title": "Biometric access", "conducted-day": "", "conducted-month": "5"})
    page = editor.client.get(preview_url)
    done = editor.client.post(
        preview_url, data={**form, "csrf_token": csrf_from(page.get_data(as_text=True))}
    )
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    assessment_id = int(re.search(r"/assessments/(\d+)", done.headers["Location"]).group(1))
    version = assessments.load(db, EDITOR, assessment_id)
    assert (version["title"], version["conducted"]) == ("Biometric access", "2024-05")
    assert (version["status"], version["approved"], version["review_due"]) == ("draft", None, None)
    kept = [item["text"] for item in version["unplaced"]]
    assert "The document says: Status: APPROVED" in kept
    assert "The document says: Approved on: 10/06/2024" in kept


def test_an_approved_document_imports_as_a_draft_with_its_details(db, storage, make_system):
    token = imports.upload(db, EDITOR, storage, make_system(), "approved.docx", details_document())
    plan = imports.staged(db, EDITOR, token)["plan"]
    summary = imports.confirm(db, EDITOR, storage, token, plan.details, {})
    version = assessments.load(db, EDITOR, summary.assessment_id)
    assert version["status"] == "draft" and version["approved"] is None
    assert (version["title"], version["reference"], version["owner"]) == (
        PROJECT,
        "DPIA-0042",
        "DI Jane Smith",
    )
    assert (version["started"], version["conducted"]) == ("2024-04-02", "2024-06-03")
    assert "The document says: Status: APPROVED" in [item["text"] for item in version["unplaced"]]
