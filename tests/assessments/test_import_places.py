"""Where imported text lands: Welsh prompts of a bilingual form, headings and prompts inside text boxes, and
a question bank's questions asked in other words."""

import io

import docx

from dpia.importers import matcher, template, word
from dpia.importers.plan import OMIT, Plan
from dpia.services.assessments import versions as assessments

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
