"""What a disclosure withholds, as strings: swept from every file of it, and looked for before release.

Each string comes from the same redactions the documents apply (`withholding.version_redaction` and
`system_redaction`), so a change to which marks apply flows through to the sweep and the check. Texts of
parts withheld whole are swept too when long enough to be distinctive (leaks.MIN_WHOLE): the same words
in another answer, a title or a file name would otherwise release them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from dpia.domain import leaks, sweeping
from dpia.domain.redaction import Redaction, citation
from dpia.export.model import Document, text_of
from dpia.records import System, Version
from dpia.services.disclosure import withholding
from dpia.store import systems as system_store
from dpia.store.db import Database


@dataclass
class Withholding:
    """Everything a disclosure withholds: the items, the marks to sweep, and where each was applied."""

    items: list[leaks.Withheld]
    marks: list[dict]
    places: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.redaction = Redaction(marks=[], disclose=True, sections={}, sweep=self.marks)
        self.looked_for = leaks.distinctive(self.items)

    def document(self, document: Document, file: str) -> Document:
        """A finished document swept of every withheld string, noting where each mark was applied."""
        swept, places = sweeping.sweep(document, self.redaction)
        for where, mark_id in places:
            self.applied(mark_id, f"{file}: {where}")
        return swept

    def text(self, value: str, where: str) -> str:
        """A string (a CSV cell, a manifest's column) with every withheld string replaced by its marker."""
        if not value:
            return value
        runs = self.redaction.passages(value)
        for run in runs:
            if run.mark is not None:
                self.applied(run.mark, where)
        return text_of(runs)

    def name(self, name: str, neutral: str, where: str) -> str:
        """A file or folder name, or `neutral` instead when the name would give a withheld item away."""
        item = leaks.in_name(name, self.looked_for)
        if item is None:
            return name
        self.applied(item.mark_id, where)
        return neutral

    def applied(self, mark_id: int, place: str) -> None:
        """Note a place where a mark was applied, once."""
        found = self.places.setdefault(mark_id, [])
        if place not in found:
            found.append(place)


def _owner(db: Database, mark: dict) -> str:
    """What a mark is on, as pages name it: "DPIA-0003 version 2", "‘ANPR’", or staff names anywhere."""
    if mark.get("assessment_reference"):
        return f"{mark['assessment_reference']} version {mark['version_number']}"
    if mark.get("system_id"):
        found = system_store.get(db, mark["system_id"])
        return f"‘{found['name']}’" if found else "a register entry"
    return "sign-offs and owners"


def _whole(redaction: Redaction, targets: Callable[[], dict], on: str) -> list[tuple[dict, leaks.Withheld]]:
    """(mark, item) for the text of each part a redaction withholds whole, and an item without text for
    each of its marks, so every mark applied is listed even when what it withholds is not text."""
    found = [
        (mark, leaks.Withheld(mark["id"], citation(mark), f"{on}: {mark['label']}", "", False))
        for mark in redaction.marks
        if not mark.get("passage")
    ]
    if not redaction.withholds_whole():
        return found  # most entries: then their texts need not be gathered at all
    for target in targets().values():
        mark = redaction.whole(target.path) if target.text.strip() else None
        if mark is not None:
            item = leaks.Withheld(mark["id"], citation(mark), f"{on}: {target.label}", target.text, False)
            found.append((mark, item))
    return found


def withheld(
    db: Database,
    versions: list[Version],
    systems: list[System],
    passages: list[dict],
    dropped: frozenset[int] = frozenset(),
) -> Withholding:
    """Everything withheld from a disclosure of these versions and register entries, less the marks its
    request has `dropped`, with `passages` (the passages withheld about its systems) swept from all of it."""
    pairs: list[tuple[dict, leaks.Withheld]] = []
    for version in versions:
        redaction = withholding.version_redaction(db, version, True, passages, dropped)
        on = f"{version['reference']} version {version['number']}"
        pairs += _whole(redaction, partial(withholding.version_target_map, version), on)
    for system in systems:
        redaction = withholding.system_redaction(db, system["id"], True, passages, dropped)
        pairs += _whole(redaction, partial(withholding.system_target_map, system), f"‘{system['name']}’")
    owners: dict[tuple, str] = {}
    for mark in passages:
        key = (mark.get("version_id"), mark.get("system_id"))
        owner = owners.setdefault(key, _owner(db, mark))
        item = leaks.Withheld(mark["id"], citation(mark), f"{owner}: {mark['label']}", mark["passage"], True)
        pairs.append((mark, item))
    looked_for = {item.key for item in leaks.distinctive(item for _, item in pairs)}
    # A part withheld whole is swept as a passage of its own text, cited as its mark is.
    marks = [
        mark if item.passage else {**mark, "passage": item.text}
        for mark, item in pairs
        if item.key in looked_for
    ]
    return Withholding([item for _, item in pairs], marks)
