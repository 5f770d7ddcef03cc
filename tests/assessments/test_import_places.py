"""Where imported text lands: Welsh prompts of a bilingual form, headings and prompts inside text boxes, and
a question bank's questions asked in other words (issue 16 point 2)."""

import io
from xml.sax.saxutils import escape

import docx
import pytest
from docx.oxml import parse_xml

from dpia import kinds
from dpia.domain.answer_types import ANSWER_TYPES
from dpia.importers import matcher, template, word
from dpia.importers.plan import OMIT, Plan
from dpia.services.assessments import versions as assessments
from tests import import_fixtures as fx

WELSH_SCOPE = template.ICO_WORDING_CY[2][1]
ENGLISH_SCOPE = next(text for key, text in template.ICO_WORDING if key == "scope")
SCOPE = "About 20,000 reads a day, kept for 12 months."


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _plan(data: bytes) -> Plan:
    return matcher.plan_word(word.read(data), "dpia", assessments.today(), "x.docx")


def _target(plan: Plan, text: str) -> str:
    return next(item.target for item in plan.items if text in item.text)


def test_a_welsh_prompt_is_the_forms_wording_and_moves_to_its_question():
    document = docx.Document()
    document.add_heading("Step 1: Identify the need for a DPIA", 1)
    document.add_paragraph(WELSH_SCOPE)
    document.add_paragraph(SCOPE)
    plan = _plan(_save(document))
    assert (_target(plan, WELSH_SCOPE), _target(plan, SCOPE)) == (OMIT, "q:scope")
    assert "Scope of the processing" in next(i.reason for i in plan.items if i.text == WELSH_SCOPE)


def test_welsh_and_english_prompts_together_leave_only_the_answer():
    document = docx.Document()
    document.add_paragraph(WELSH_SCOPE)
    document.add_paragraph(ENGLISH_SCOPE)
    document.add_paragraph(SCOPE)
    plan = _plan(_save(document))
    assert [item.target for item in plan.items] == [OMIT, OMIT, "q:scope"]


# Text boxes: their headings and prompts move the current question as in the body.

NATURE_PROMPT = next(text for key, text in template.ICO_WORDING if key == "nature")
AIMS = "Body-worn video footage moves to a UK cloud service."
NATURE = "Footage is uploaded from docking stations and shared with the CPS by link."
MORE_NATURE = "Links expire after 30 days."


def _boxed(*paragraphs: tuple[str, str]) -> bytes:
    """A document of one text box holding (style id, text) paragraphs."""
    document = docx.Document()
    xml = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{escape(text)}</w:t></w:r></w:p>'
        if style
        else f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>"
        for style, text in paragraphs
    )
    document.add_paragraph()._p.append(parse_xml(fx.TEXTBOX.format(w=fx.W, paragraphs=xml)))
    return _save(document)


def test_a_heading_in_a_text_box_is_read_as_a_heading_of_that_box():
    blocks = word.read(_boxed(("Heading1", "Step 1: Identify the need for a DPIA"), ("", AIMS))).blocks
    assert [(b.kind, b.level, b.box) for b in blocks] == [("heading", 1, 1), ("textbox", 0, 1)]


def test_a_heading_in_a_text_box_moves_the_current_question():
    plan = _plan(_boxed(("Heading1", "Step 1: Identify the need for a DPIA"), ("", AIMS)))
    assert _target(plan, AIMS) == "q:aims"


def test_a_prompt_in_a_text_box_moves_the_current_question():
    plan = _plan(_boxed(("", NATURE_PROMPT), ("", NATURE), ("", MORE_NATURE)))
    assert [i.target for i in plan.items] == [OMIT, "q:nature", "q:nature"]


def test_under_a_steps_heading_a_boxs_paragraphs_answer_the_steps_questions_in_turn():
    plan = _plan(_boxed(("Heading1", "Step 2: Describe the processing"), ("", NATURE), ("", SCOPE)))
    assert (_target(plan, NATURE), _target(plan, SCOPE)) == ("q:nature", "q:scope")
    assert "next question" in next(i.reason for i in plan.items if i.text == SCOPE)


def test_under_a_heading_naming_one_question_a_boxs_paragraphs_stay_with_it():
    plan = _plan(_boxed(("Heading1", "Nature of the processing"), ("", NATURE), ("", MORE_NATURE)))
    assert (_target(plan, NATURE), _target(plan, MORE_NATURE)) == ("q:nature", "q:nature")


def test_body_paragraphs_under_a_steps_heading_stay_with_its_first_question():
    document = docx.Document()
    document.add_heading("Step 2: Describe the processing", 1)
    document.add_paragraph(NATURE)
    document.add_paragraph(MORE_NATURE)
    plan = _plan(_save(document))
    assert (_target(plan, NATURE), _target(plan, MORE_NATURE)) == ("q:nature", "q:nature")


# A question bank's questions asked in other words: each names our question and stays as its answer's label.

PERSONAL_DATA = ("What personal data will be processed?", "Video of anyone in the search area.")
DPO_CONSULTED = ("Has the DPO been consulted?", "Yes: the DPO advised that the searches may proceed.")


def _question_bank(*rows: tuple[str, str]) -> bytes:
    document = docx.Document()
    fx._table(document, [["Question", "Answer"], *[list(row) for row in rows]])
    return _save(document)


def test_a_question_asked_in_other_words_moves_its_answer_to_our_question_with_it():
    plan = _plan(_question_bank(PERSONAL_DATA, DPO_CONSULTED))
    placed = {item.target: item.text for item in plan.items if item.target.startswith("q:")}
    assert placed == {
        "q:scope": " ".join(PERSONAL_DATA),
        "q:dpo_summary": " ".join(DPO_CONSULTED),
    }


@pytest.mark.parametrize(("key", "asked"), template.ASKED_AS["dpia"])
def test_each_question_asked_in_other_words_is_the_documents_own_text_naming_a_text_question(key, asked):
    dpia = kinds.latest("dpia")
    assert ANSWER_TYPES[dpia.questions[key].type].textual
    assert template.prompt_of("dpia", dpia.version, asked) is None
    assert template.asked_as("dpia", asked) == key


@pytest.mark.parametrize("text", ["Who is the project lead?", "What are the main risks to individuals?"])
def test_a_question_not_declared_asks_none_of_ours(text):
    assert template.asked_as("dpia", text) == ""
