"""Recognising a search made only of register words: a category or a lifecycle, by its label or a variant."""

from collections.abc import Mapping, Sequence

from dpia.search.schema import NAME_WORDS


def _folded(text: str) -> tuple[str, ...]:
    # Lower case, accents folded, a plural "s" dropped: "Biometrics" and "biometric" are one word here.
    return tuple(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in _tokens(text)
    )


def _tokens(text: str) -> list[str]:
    return [token.text for token in NAME_WORDS(text.replace("-", " "))]


def register_terms(
    text: str, words: Mapping[str, Mapping[str, Sequence[str]]], fillers: Sequence[str]
) -> dict[str, str]:
    """{field: value} when every word typed is part of a phrase naming a value (or a filler), else {}.

    "predictive crime mapping" -> {"category": "crime_mapping"}; "retired crime mapping systems" adds
    {"lifecycle": "retired"}. Two values of one field, or any other word, make it ordinary text.
    """
    typed = _folded(text)
    phrases = sorted(
        (
            (_folded(phrase), field, value)
            for field, values in words.items()
            for value, said in values.items()
            for phrase in said
        ),
        key=lambda p: -len(p[0]),
    )
    skip = {_folded(f)[0] for f in fillers if _folded(f)}
    found: dict[str, str] = {}
    at = 0
    while at < len(typed):
        match = next((p for p in phrases if p[0] and typed[at : at + len(p[0])] == p[0]), None)
        if match is not None and found.get(match[1], match[2]) == match[2]:
            found[match[1]] = match[2]
            at += len(match[0])
        elif typed[at] in skip:
            at += 1
        else:
            return {}
    return found
