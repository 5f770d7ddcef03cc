"""Importing keeps every source text: the form's own wording is left out only when it is that wording, a
document's questions travel with their answers, confirm refuses a plan that would lose text, and the preview's
counts are what the import stores."""

import io
import json
import re
from pathlib import Path

import docx
import pytest

from dpia import kinds
from dpia.actor import command_line
from dpia.domain.answer_types import ANSWER_TYPES
from dpia.errors import Refused
from dpia.importers import cnil, invariant, matcher, template, word
from dpia.importers.plan import OMIT, UNPLACED, Plan, assemble
from dpia.services.assessments import attachments, imports
from dpia.services.assessments import versions as assessments
from dpia.store import attachments as staged_store
from tests import import_fixtures as fx
from tests.assessments.test_import_pages import _preview_form, _upload
from tests.conftest import EDITOR, csrf_from

MB = 1024 * 1024
STEP4_PROMPT = (
    "Describe compliance and proportionality measures, in particular: what is your lawful basis for "
    "processing? Does the processing actually achieve your purpose? Is there another way to achieve the "
    "same outcome? How will you prevent function creep? How will you ensure data quality and data "
    "minimisation? What information will you give individuals? How will you help to support their rights?"
    " What measures do you take to ensure processors comply? How do you safeguard any international "
    "transfers?"
)
SCOPE_PROMPT = (
    "Describe the scope of the processing: what is the nature of the data, and does it include special "
    "category or criminal offence data? How much data will you be collecting and using? How often? How "
    "long will you keep it? How many individuals are affected? What geographical area does it cover?"
)
CONTEXT_PROMPT = (
    "Describe the context of the processing: what is the nature of your relationship with the "
    "individuals? How much control will they have? Would they expect you to use their data in this way?"
)
NO_PROCESSING = "No processing of data."
NO_CHILDREN = "N/A – no children's data"
NONE = "None."
QUESTION = "Is special category data processed?"
DPO_ADVICE = "Accepted with changes"
BOLD_LABEL = "Retention period"
RETENTION = "Records are kept for two years, then deleted."
TABLE_QUESTION = "Are biometric templates kept?"
SIGNOFF_GUIDANCE = "Integrate actions back into project plan, with date and responsibility for completion"


@pytest.fixture
def storage(app):
    return attachments.Storage(instance=Path(app.instance_path), max_bytes=25 * MB)


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def prompts_and_answers() -> bytes:
    """An ICO-form DPIA as people fill it in: the template's prompts left in, short answers after them."""
    document = docx.Document()
    document.add_heading("Data Protection Impact Assessment: Custody kiosk", 0)
    document.add_heading("Step 2: Describe the processing", 1)
    document.add_paragraph(SCOPE_PROMPT)
    document.add_paragraph(NO_PROCESSING)
    document.add_paragraph(CONTEXT_PROMPT)
    document.add_paragraph(NO_CHILDREN)
    document.add_paragraph(QUESTION)
    document.add_paragraph("No.")
    document.add_paragraph().add_run(BOLD_LABEL).bold = True
    document.add_paragraph(RETENTION)
    document.add_heading("Step 4: Assess necessity and proportionality", 1)
    document.add_paragraph(STEP4_PROMPT)
    document.add_paragraph(NONE)
    fx._table(document, [[TABLE_QUESTION, "No, they are deleted after matching."]])
    document.add_heading("Step 7: Sign off and record outcomes", 1)
    fx._table(
        document,
        [
            ["Item", "Name/position/date", "Notes"],
            ["Measures approved by:", "", SIGNOFF_GUIDANCE],
            [
                "Residual risks approved by:",
                "Supt B Green",
                "If accepting any residual high risk, consult the ICO before going ahead",
            ],
            ["Summary of DPO advice:", "", ""],
        ],
    )
    document.add_paragraph("Summary of DPO advice:")
    document.add_paragraph(f"Summary of DPO advice: {DPO_ADVICE}")
    return _save(document)


def _plan(data: bytes, kind: str = "") -> Plan:
    document = word.read(data)
    return matcher.plan_word(document, kind or matcher.suggest_kind(document), assessments.today(), "x.docx")


def _item(plan: Plan, text: str):
    return next(item for item in plan.items if text in item.text)


@pytest.fixture
def imported(db, storage, make_system):
    """Upload a file and confirm every suggestion; returns (version, summary)."""

    def run(data, targets=None):
        system_id = make_system(name=f"System {db['systems'].count + 1}")
        token = imports.upload(db, EDITOR, storage, system_id, "form.docx", data)
        found = imports.staged(db, EDITOR, token)
        summary = imports.confirm(db, EDITOR, storage, token, found["plan"].details, targets or {})
        return assessments.load(db, EDITOR, summary.assessment_id), summary

    return run


# The form's own wording


@pytest.mark.parametrize(
    "text",
    [
        STEP4_PROMPT,
        SCOPE_PROMPT,
        "Summary of DPO advice:",
        "Summary of DPO advice",
        "Measures approved by:",
        SIGNOFF_GUIDANCE,
        "Remote, possible or probable",
        "Click or tap here to enter text.",
    ],
)
def test_the_forms_own_wording_is_recognised(text):
    assert template.prompt_of("dpia", 1, text) is not None


@pytest.mark.parametrize(
    "text",
    [
        NO_PROCESSING,
        NO_CHILDREN,
        NONE,
        "No.",
        "Yes",
        f"Summary of DPO advice: {DPO_ADVICE}",
        "Summary of DPO advice: N/A",
        QUESTION,
        "Describe compliance measures",  # shorter than the prompt
        "Our lawful basis for processing is DPA 2018 s35, the prevention and detection of crime.",
        "Lawful basis",
    ],
)
def test_an_answer_is_never_taken_for_the_forms_wording(text):
    assert template.prompt_of("dpia", 1, text) is None


def test_prompts_are_left_out_and_shown_while_short_answers_after_them_are_placed(imported):
    plan = _plan(prompts_and_answers(), "dpia")
    for prompt in (SCOPE_PROMPT, CONTEXT_PROMPT, STEP4_PROMPT, "Summary of DPO advice:"):
        item = next(i for i in plan.items if i.text == prompt and i.location.startswith("Paragraph"))
        assert (item.target, item.content) == (OMIT, False)
        assert item.reason.startswith("Template wording for")
    version, _ = imported(prompts_and_answers())
    answers = version["answers"]
    assert answers["scope"] == NO_PROCESSING
    assert answers["context"].startswith(NO_CHILDREN)
    assert answers["lawful_basis"].startswith(NONE)
    stored = json.dumps(answers) + json.dumps(version["unplaced"])
    for prompt in (STEP4_PROMPT, SCOPE_PROMPT, CONTEXT_PROMPT, SIGNOFF_GUIDANCE):
        assert prompt not in stored


def test_a_label_with_its_answer_keeps_the_answer(imported):
    plan = _plan(prompts_and_answers(), "dpia")
    item = _item(plan, DPO_ADVICE)
    assert (item.target, item.text, item.template) == ("q:dpo_summary", DPO_ADVICE, "Summary of DPO advice:")
    version, _ = imported(prompts_and_answers())
    assert version["answers"]["dpo_summary"] == DPO_ADVICE


def test_the_sign_off_tables_guidance_is_not_stored_as_an_answer(imported):
    plan = _plan(prompts_and_answers(), "dpia")
    blank = _item(plan, "Measures approved by:")
    assert (blank.target, blank.content) == (OMIT, False)
    version, _ = imported(prompts_and_answers())
    signoffs = version["answers"]["signoffs"]
    assert "measures_approved" not in signoffs or not signoffs["measures_approved"].get("comments")
    assert signoffs["residual_risks_approved"]["name"] == "Supt B Green"
    assert "consult the ICO" not in json.dumps(signoffs)


# Questions written in the document


def test_a_question_in_the_document_travels_with_its_answer(imported):
    plan = _plan(prompts_and_answers(), "dpia")
    item = _item(plan, QUESTION)
    assert item.text == f"{QUESTION} No."
    assert len(item.sources) == 2 and item.target == "q:context"
    version, _ = imported(prompts_and_answers())
    assert f"{QUESTION} No." in version["answers"]["context"]
    # Moved elsewhere, the question goes with it.
    version, _ = imported(prompts_and_answers(), {item.id: UNPLACED})
    assert f"{QUESTION} No." in [entry["text"] for entry in version["unplaced"]]
    assert QUESTION not in version["answers"]["context"]


def test_a_bold_label_stays_with_its_answer():
    plan = _plan(prompts_and_answers(), "dpia")
    item = _item(plan, BOLD_LABEL)
    assert item.text == f"{BOLD_LABEL}: {RETENTION}"


def test_the_left_cell_of_a_two_column_table_becomes_the_answers_label(imported):
    version, _ = imported(prompts_and_answers())
    assert f"{TABLE_QUESTION} No, they are deleted after matching." in version["answers"]["lawful_basis"]


# The invariant, as a pure function


def _missing(plan: Plan, targets: dict | None = None, result=None):
    kind = kinds.latest(plan.kind)
    targets = targets or {}
    return invariant.missing(kind, plan, targets, result or assemble(kind, plan.items, targets))


BUILDERS = {
    "ICO-template DPIA": fx.ico_dpia,
    "EqIA": fx.eqia,
    "free-form PIA": fx.freeform_pia,
    "prompts and answers": prompts_and_answers,
}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_source_text_of_each_document_is_accounted_for(name):
    plan = _plan(BUILDERS[name]())
    assert plan.sources and _missing(plan) == []
    assert {s["id"] for s in plan.sources} == {s for item in plan.items for s in item.sources}


@pytest.mark.parametrize("export", [fx.cnil_front, fx.cnil_back])
def test_every_cnil_answer_is_accounted_for(export):
    assert _missing(cnil.plan_cnil(export(), "dpia", 0)) == []


def test_a_dropped_item_is_missing():
    plan = _plan(fx.ico_dpia())
    dropped = _item(plan, fx.ICO_APPENDIX)
    plan.items.remove(dropped)
    gaps = _missing(plan)
    assert [(g.location, g.text) for g in gaps] == [(dropped.location, fx.ICO_APPENDIX)]


def test_an_item_cut_short_is_missing():
    plan = _plan(fx.ico_dpia())
    _item(plan, fx.ICO_NATURE).text = "Crime records are extracted nightly."
    assert [g.why for g in _missing(plan)] == ["only part of it is held"]


def test_an_answer_or_row_lost_after_assembling_is_missing():
    plan = _plan(fx.ico_dpia())
    kind = kinds.latest("dpia")
    result = assemble(kind, plan.items, {})
    result.answers["nature"] = ""
    result.answers["risks"] = result.answers["risks"][1:]
    gaps = _missing(plan, result=result)
    assert {g.location for g in gaps} == {_item(plan, fx.ICO_NATURE).location, "Table 8, row 2"}


def test_text_left_out_by_choice_is_accounted_for():
    plan = _plan(fx.ico_dpia())
    appendix = _item(plan, fx.ICO_APPENDIX)
    assert _missing(plan, {appendix.id: OMIT}) == []


def test_a_fixed_row_named_twice_keeps_both_names():
    document = docx.Document()
    document.add_heading("Step 7: Sign off and record outcomes", 1)
    fx._table(
        document,
        [
            ["Item", "Name/position/date", "Notes"],
            ["Measures approved by:", "Supt A Jones", ""],
            ["Measures approved by:", "Ch Supt C White", ""],
        ],
    )
    plan = _plan(_save(document), "dpia")
    result = assemble(kinds.latest("dpia"), plan.items, {})
    assert result.answers["signoffs"]["measures_approved"]["name"] == "Supt A Jones"
    assert "Ch Supt C White" in json.dumps(result.unplaced)
    assert _missing(plan, result=result) == []


# Confirm refuses a plan that would lose text, storing nothing


def _stored(db) -> dict[str, int]:
    counts = {
        table: db[table].count
        for table in ("assessments", "assessment_versions", "attachments", "staged_imports")
    }
    counts["imports"] = db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'assessment.import'"
    ).fetchone()[0]
    return counts


def _drop_from_staged(db, token: str, text: str) -> None:
    """Change a staged plan as a bug could: one item of the document is no longer in it."""
    found = staged_store.staged(db, token)
    plan = Plan.from_dict(found["plan"])
    plan.items.remove(_item(plan, text))
    staged_store.update_staged_plan(db, found["id"], plan.to_dict())


def test_confirm_refuses_a_plan_that_drops_an_item_and_stores_nothing(db, storage, make_system):
    token = imports.upload(db, EDITOR, storage, make_system(), "old.docx", fx.ico_dpia())
    _drop_from_staged(db, token, fx.ICO_APPENDIX)
    before = _stored(db)
    with pytest.raises(Refused, match="Nothing was imported, because text of the document would be lost"):
        imports.confirm(db, EDITOR, storage, token, {"title": "Knife crime"}, {})
    assert _stored(db) == before
    assert len(list((storage.instance / "imports").iterdir())) == 1


def test_the_preview_page_refuses_a_plan_that_drops_an_item(signed_in, make_system, db):
    editor = signed_in("editor")
    preview_url = _upload(editor, make_system(), fx.ico_dpia()).headers["Location"]
    token = preview_url.rsplit("/", 1)[1]
    _drop_from_staged(db, token, fx.ICO_APPENDIX)
    html = editor.get(preview_url).get_data(as_text=True)
    assert 'id="gaps"' in html and "would be lost" in html
    before = _stored(db)
    response = editor.client.post(preview_url, data={**_preview_form(html), "csrf_token": csrf_from(html)})
    assert response.status_code == 400
    assert "Nothing was imported, because text of the document would be lost" in response.get_data(
        as_text=True
    )
    assert _stored(db) == before


# The preview's numbers are what the import stores


def _stored_counts(version: dict) -> dict[str, int]:
    kind = kinds.latest(version["kind"])
    counts = {"questions": 0, "rows": 0, "unplaced": len(version["unplaced"])}
    for key, answer in version["answers"].items():
        question = kind.questions[key]
        if ANSWER_TYPES[question.type].textual and isinstance(answer, str) and answer:
            counts["questions"] += 1
        elif isinstance(answer, list | dict):
            counts["rows"] += len(answer)
    return counts


def _shown_counts(html: str) -> dict[str, int]:
    return {
        key: int(re.search(rf'id="count-{key}">(\d+)<', html).group(1))
        for key in ("questions", "rows", "unplaced")
    }


@pytest.mark.parametrize("name", BUILDERS)
def test_the_previews_counts_are_what_confirming_stores(name, signed_in, make_system, db):
    editor = signed_in("editor")
    preview_url = _upload(editor, make_system(), BUILDERS[name]()).headers["Location"]
    html = editor.get(preview_url).get_data(as_text=True)
    shown = _shown_counts(html)
    done = editor.client.post(preview_url, data={**_preview_form(html), "csrf_token": csrf_from(html)})
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    assessment_id = int(re.search(r"/assessments/(\d+)", done.headers["Location"]).group(1))
    assert _stored_counts(assessments.load(db, command_line(), assessment_id)) == shown


def test_a_remapped_previews_counts_are_what_confirming_stores(db, storage, make_system):
    token = imports.upload(db, EDITOR, storage, make_system(), "old.docx", fx.ico_dpia())
    found = imports.staged(db, EDITOR, token)
    plan = found["plan"]
    targets = {_item(plan, fx.ICO_APPENDIX).id: "q:context", _item(plan, fx.ICO_NATURE).id: OMIT}
    # A measure whose risk is left out has nothing to point at: the preview counts it as not yet placed.
    targets[_item(plan, "Independent bias audit").id] = "t:measures"
    targets[_item(plan, fx.ICO_RISKS[0][0]).id] = UNPLACED
    previewed = imports.previewed(found, targets)
    summary = imports.confirm(db, EDITOR, storage, token, plan.details, targets)
    assert summary.counts == previewed.counts
    stored = _stored_counts(assessments.load(db, EDITOR, summary.assessment_id))
    assert stored == {k: previewed.counts[k] for k in ("questions", "rows", "unplaced")}
    assert previewed.counts["left_out"] == 1


def test_counting_again_shows_what_the_chosen_destinations_store(signed_in, make_system, db):
    editor = signed_in("editor")
    preview_url = _upload(editor, make_system(), fx.ico_dpia()).headers["Location"]
    html = editor.get(preview_url).get_data(as_text=True)
    suggested = _shown_counts(html)
    plan = Plan.from_dict(staged_store.staged(db, preview_url.rsplit("/", 1)[1])["plan"])
    form = _preview_form(html)
    form[f"target-{_item(plan, fx.ICO_NATURE).id}"] = UNPLACED
    form[f"target-{_item(plan, fx.ICO_APPENDIX).id}"] = OMIT
    recounted = editor.client.post(
        preview_url, data={**form, "action": "recount", "csrf_token": csrf_from(html)}
    ).get_data(as_text=True)
    shown = _shown_counts(recounted)
    assert shown == {**suggested, "questions": suggested["questions"] - 1}
    assert 'id="count-left-out">1<' in recounted
    assert db["assessments"].count == 0
    done = editor.client.post(preview_url, data={**form, "csrf_token": csrf_from(recounted)})
    assert done.status_code == 302
    assessment_id = int(re.search(r"/assessments/(\d+)", done.headers["Location"]).group(1))
    assert _stored_counts(assessments.load(db, command_line(), assessment_id)) == shown


def test_the_row_below_a_label_row_answers_its_question(imported):
    document = docx.Document()
    document.add_heading("Step 7: Sign off and record outcomes", 1)
    table = fx._table(
        document,
        [
            ["Item", "Name/position/date", "Notes"],
            ["Summary of DPO advice:", "", ""],
            ["", "", ""],
            ["Comments:", "", ""],
        ],
    )
    merged = table.cell(2, 0).merge(table.cell(2, 2))
    merged.text = fx.ICO_DPO
    version, _ = imported(_save(document))
    assert version["answers"]["dpo_summary"] == fx.ICO_DPO
    assert "Summary of DPO advice" not in json.dumps(version["answers"]) + json.dumps(version["unplaced"])


def test_the_templates_own_headings_and_blank_rows_are_left_out():
    document = docx.Document()
    document.add_heading("Sample DPIA template", 0)
    document.add_heading("Submitting controller details", 1)
    fx._table(document, [["Name of controller", ""], ["Subject/title of DPO", ""]])
    document.add_heading("Step 1: Identify the need for a DPIA", 1)
    plan = _plan(_save(document), "dpia")
    assert [(i.target, i.content) for i in plan.items] == [(OMIT, False)] * 5
    assert _missing(plan) == []


def test_a_destination_an_item_cannot_take_is_counted_as_suggested(db, storage, make_system):
    token = imports.upload(db, EDITOR, storage, make_system(), "old.docx", fx.ico_dpia())
    found = imports.staged(db, EDITOR, token)
    appendix = _item(found["plan"], fx.ICO_APPENDIX)
    bad = {appendix.id: "q:no_such_question", "i999": "q:aims"}
    assert imports.previewed(found, bad).counts == imports.previewed(found, {}).counts
