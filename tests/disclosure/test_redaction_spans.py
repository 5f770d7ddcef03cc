"""The quick way of finding withheld passages finds exactly what the exact way finds, or steps aside."""

from hypothesis import given, settings
from hypothesis import strategies as st

from dpia.domain import redaction

# Spacing, case, typographic quotes and dashes, and characters whose folding the quick way cannot follow.
ALPHABET = "ab cd\u2019'\u201c\"-\u2013\n\u00a0ABſKßİ"


def _exact(value: str, passage: str) -> list[tuple[int, int]]:
    folded, origin = redaction._normalised_with_origin(value)
    found, start = [], folded.find(passage)
    while start != -1:
        found.append((origin[start], origin[start + len(passage) - 1] + 1))
        start = folded.find(passage, start + 1)
    return found


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.text(ALPHABET, min_size=1, max_size=6))
def test_the_quick_spans_are_the_exact_spans_whenever_they_are_used(value, pasted):
    passage = redaction.normalised(pasted)
    quick = redaction.normalised(value)
    if not passage or passage not in quick:
        return
    fast = redaction._fast_spans(value, quick, [(passage, {"id": 1})])
    if fast is not None:
        assert sorted(span[:2] for span in fast) == sorted(_exact(value, passage))
