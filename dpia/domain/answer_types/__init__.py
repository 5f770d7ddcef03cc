"""Answer types as objects, in one registry: each knows how to check input, show itself as text, describe
itself in the API schema, be imported, be withheld, be read back from a form and render its form input.

Callers look a question's or a column's type up in ANSWER_TYPES instead of branching on it. Adding an answer
type means a class in one of this package's modules
(values, cells or rows) and its input macro in templates/assessments/_inputs.html; only a type laid out unlike
text, tables and grids also needs a reading macro in _answers.html and a Word layout in
dpia/services/disclosure/documents.py.

Stored shapes, by answer type: text, long text, choice and yes/no as strings; dates as ISO partial dates;
tables as lists of rows, each with a stable "_id"; grids and sign-offs as {row key: {column: value}}.
Empty answers are left out.
"""

# Importing each module declares, and so registers, its types.
from dpia.domain.answer_types import cells, rows, values  # noqa: F401
from dpia.domain.answer_types.base import (
    ANSWER_TYPES,
    FILLER,
    ROW_ID,
    SEPARATOR,
    SIGNOFF_COLUMNS,
    AnswerType,
    DeclaredRows,
    ImportedRow,
    Line,
    Target,
    lower_first,
    new_row_id,
    row_id,
    row_label,
    row_title,
    shortened,
    token,
)

__all__ = [
    "ANSWER_TYPES",
    "FILLER",
    "ROW_ID",
    "SEPARATOR",
    "SIGNOFF_COLUMNS",
    "AnswerType",
    "DeclaredRows",
    "ImportedRow",
    "Line",
    "Target",
    "lower_first",
    "new_row_id",
    "row_id",
    "row_label",
    "row_title",
    "shortened",
    "token",
]
