"""Made-up answers to every question of a kind, from its declaration alone.

For benchmarks and for tests that every kind exports: each text holds a token naming its question (and row
and column), so a test can find it, or check that it is gone from a disclosure copy. Each answer type makes
its own sample (dpia.domain.answer_types).
"""

from dpia.domain.answer_types import ANSWER_TYPES, FILLER, row_id, token
from dpia.kinds.model import Kind

__all__ = ["FILLER", "row_id", "sample_answers", "token"]


def sample_answers(kind: Kind, rows: int = 3, words: int = 40) -> dict:
    """Answers to every question: `rows` rows in each table, long texts of about `words` words."""
    answers: dict = {}
    for section in kind.sections:
        for question in section.questions:
            answers[question.key] = ANSWER_TYPES[question.type].sample(question, answers, rows, words)
    # Answer so that every section is asked (a Part 3 DPIA), so samples reach every question.
    for section in kind.sections:
        if section.shown_when is not None:
            answers[section.shown_when.question] = section.shown_when.values[0]
    return answers
