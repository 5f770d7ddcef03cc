"""Index documents built from plain dicts, so any caller can describe a system or a version to us."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from dpia.partial_dates import PartialDate, PartialDateError
from dpia.records import System, Version
from dpia.search.schema import NAME_WORDS, deletions
from dpia.vocab import SENSITIVE


@dataclass(frozen=True)
class Passage:
    """One searchable piece of text: `path` names it so it can be flagged (withheld) or linked to."""

    path: str
    label: str
    text: str


def name_key(name: str) -> str:
    """A name as looked up exactly: case and spacing ignored (as the register keeps names unique)."""
    return " ".join(name.split()).casefold()


def _day_number(iso: str | None, end: bool) -> int | None:
    if not iso:
        return None
    try:
        found = PartialDate.parse(iso)
    except PartialDateError:
        return None
    day = found.latest() if end else found.earliest()
    return day.year * 10000 + day.month * 100 + day.day


def _epoch(stamp: str | None) -> int:
    return int(datetime.fromisoformat(stamp).timestamp()) if stamp else 0


def _digest(document: dict) -> str:
    """A fingerprint of everything indexed, so drift between index and database can be detected."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _text(names: list[str], title: str, passages: list[Passage]) -> str:
    # Names and title twice: in one field, repetition is what ranks a document by its own name first.
    heading = "\n".join([*names, title])
    return "\n".join([heading, heading, *(p.text for p in passages)])


def _searchable(current: bool, text: str) -> dict:
    return {"text": text} if current else {"text_old": text}


def _stored_lines(passages: Iterable[Passage], withheld: frozenset[str]) -> list[tuple[str, str, str, bool]]:
    return [(p.path, p.label, p.text, p.path in withheld) for p in passages if p.text]


def name_document(system: System) -> dict:
    """The names-index document of a system: name, aliases and acronyms."""
    names = [system["name"], *system["aliases"]]
    words = {token.text for name in names for token in NAME_WORDS(name)}
    return {
        "typos": " ".join(sorted({form for word in words for form in deletions(word)})),
        "system_id": str(system["id"]),
        "keys": ",".join(name_key(n).replace(",", " ") for n in names),
        "words": "\n".join(names),
        "edges": "\n".join(names),
        "sensitive": "yes" if system["marking"] == SENSITIVE else "no",
    }


def system_document(system: System, passages: list[Passage], withheld: frozenset[str] = frozenset()) -> dict:
    """The content-index document of a system: every descriptive field as passages."""
    document = {
        "doc_id": f"s{system['id']}",
        "type": "system",
        "system_id": str(system["id"]),
        "marking": system["marking"],
        "category": system["category"],
        "lifecycle": system["lifecycle"],
        "sensitive": "yes" if system["marking"] == SENSITIVE else "no",
        "current": "yes",
        **_searchable(True, _text([system["name"], *system["aliases"]], system["name"], passages)),
        "title": system["name"],
        "changed": _epoch(system["updated_at"]),
        "display": {"system_name": system["name"], "aliases": list(system["aliases"])},
        "lines": _stored_lines(passages, withheld),
    }
    document["digest"] = _digest(document)
    return document


def version_document(
    version: Version,
    system: System,
    passages: list[Passage],
    current: bool,
    withheld: frozenset[str] = frozenset(),
) -> dict:
    """The content-index document of one assessment version; `withheld` names passages to flag."""
    sensitive = SENSITIVE in (version["marking"], system["marking"])
    document = {
        "doc_id": f"v{version['id']}",
        "type": "version",
        "system_id": str(system["id"]),
        "assessment_id": str(version["assessment_id"]),
        "number": version["number"],
        "kind": version["kind"],
        "status": version["status"],
        "marking": version["marking"],
        "category": system["category"],
        "lifecycle": system["lifecycle"],
        "sensitive": "yes" if sensitive else "no",
        "current": "yes" if current else "no",
        "reference": name_key(version["reference"]).replace(" ", ""),
        **_searchable(
            current,
            _text(
                [system["name"], *system["aliases"]], f"{version['reference']} {version['title']}", passages
            ),
        ),
        "title": f"{version['reference']} {version['title']}",
        "changed": _epoch(version["updated_at"]),
        "display": {
            "system_name": system["name"],
            "reference": version["reference"],
            "title": version["title"],
            "started": version["started"],
            "conducted": version["conducted"],
            "approved": version["approved"],
        },
        "lines": _stored_lines(passages, withheld),
    }
    for key, end in (("conducted_start", False), ("conducted_end", True)):
        day = _day_number(version["conducted"], end)
        if day is not None:
            document[key] = day
    document["digest"] = _digest(document)
    return document
