"""Reading HTML forms into the plain shapes use cases accept, and errors back into GOV.UK summaries."""

from werkzeug.datastructures import MultiDict

from dpia.domain.answer_types import ANSWER_TYPES, SIGNOFF_COLUMNS
from dpia.domain.posted import date_value, repeating_rows
from dpia.kinds.model import Question, Section

# Reading posted fields is shared with the answer types; views import these from here.
__all__ = ["date_anchors", "date_value", "error_summary", "first_field", "repeating_rows", "section_input"]


def error_summary(errors: dict[str, str], anchors: dict[str, str] | None = None) -> list[dict]:
    """Items for govukErrorSummary, each linking to its field."""
    anchors = anchors or {}
    return [{"text": message, "href": "#" + anchors.get(key, key)} for key, message in errors.items()]


def section_input(section: Section, form: MultiDict) -> dict:
    """A section's answers as posted, in the shapes the answer rules accept."""
    return {q.key: ANSWER_TYPES[q.type].posted(form, q.key, q) for q in section.questions}


def date_anchors(section: Section, errors: dict[str, str]) -> dict[str, str]:
    """Error links for inputs of several boxes, such as dates, point at their first box."""
    anchors: dict[str, str] = {}
    for question in section.questions:
        fields = [(question.key, question.type)]
        for column in (*question.columns, *SIGNOFF_COLUMNS):
            fields += [
                (key, column.type)
                for key in errors
                if key.startswith(question.key + "-") and key.endswith("-" + column.key)
            ]
        for key, kind in fields:
            first = ANSWER_TYPES[kind].input_id(key)
            if key in errors and first != key:
                anchors[key] = first
    return {key: anchors[key] for key in errors if key in anchors}


def first_field(question: Question, index: int) -> str:
    """The first field a person fills in on row `index` of a table: where focus goes once it is added."""
    column = next(c for c in question.columns if ANSWER_TYPES[c.type].stored)
    return f"{question.key}-{index}-{column.key}"
