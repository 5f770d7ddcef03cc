"""Snippets of matching passages, with matches in <mark> and everything else HTML-escaped."""

from html import escape

from whoosh.highlight import ContextFragmenter, Formatter, get_text, highlight

from dpia.search.schema import CONTENT_WORDS

MAX_SNIPPETS = 3


class MarkFormatter(Formatter):
    """Escapes the text itself: only our own <mark> tags reach the page."""

    between = " … "

    def _text(self, text: str) -> str:
        return escape(text, quote=False)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"<mark>{escape(get_text(text, token, replace), quote=False)}</mark>"


_FRAGMENTER = ContextFragmenter(maxchars=300, surround=70)
_FORMATTER = MarkFormatter()


def _likely(lowered: str, stems: list[str]) -> int:
    # Stems usually begin the word they came from ("ethnic" in "ethnicity", "polic" in "policy"):
    # counting them as substrings ranks passages without analysing every one of a long assessment.
    return sum(1 for stem in stems if stem in lowered)


def snippets(lines: list, terms: frozenset[str], limit: int = MAX_SNIPPETS) -> list[dict]:
    """The passages that best match `terms`: label, HTML with <mark>s, and whether it is withheld."""
    stems = [term[: max(3, len(term) - 1)] for term in terms]
    if not stems:
        return []
    ranked = sorted(
        (-score, position)
        for position, line in enumerate(lines)
        if (score := _likely(line[2].lower(), stems))
    )
    found = []
    for _, position in ranked[: limit * 3]:
        path, label, text, withheld = lines[position]
        html = highlight(text, terms, CONTENT_WORDS, _FRAGMENTER, _FORMATTER, top=2)
        if html:
            found.append({"path": path, "label": label, "html": html, "withheld": withheld})
            if len(found) == limit:
                break
    return found
