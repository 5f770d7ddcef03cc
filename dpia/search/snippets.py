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


def _may_match(lowered: str, terms: frozenset[str]) -> bool:
    # Stems usually begin the word they came from ("ethnic" in "ethnicity", "polic" in "policy"):
    # a cheap test that spares analysing passages that cannot match.
    return any(term[: max(3, len(term) - 1)] in lowered for term in terms)


def snippets(lines: list, terms: frozenset[str], limit: int = MAX_SNIPPETS) -> list[dict]:
    """The passages that best match `terms`: label, HTML with <mark>s, and whether it is withheld."""
    scored = []
    for position, (path, label, text, withheld) in enumerate(lines):
        if not terms or not _may_match(text.lower(), terms):
            continue
        html = highlight(text, terms, CONTENT_WORDS, _FRAGMENTER, _FORMATTER, top=2)
        if html:
            scored.append((-html.count("<mark>"), position, path, label, html, withheld))
    scored.sort()
    return [
        {"path": path, "label": label, "html": html, "withheld": withheld}
        for _, _, path, label, html, withheld in scored[:limit]
    ]
