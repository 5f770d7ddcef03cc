"""An import plan: each piece of the source with its suggested destination, and assembling a confirmed plan
into answers (in the shapes `dpia.domain.answers` stores) plus the text not yet placed.

Destinations are strings: "q:<question>" appends text to a text question; "t:<question>" adds a table row;
"g:<question>:<row>" fills a fixed row of a grid or sign-off table; "unplaced" keeps the text as imported,
not yet placed; "omit" leaves it out (template wording, or details already read from it, or the user's
explicit choice). Nothing is left out unless the preview says so.
"""

import re
import secrets
from dataclasses import asdict, dataclass, field

from dpia.domain import reading as words
from dpia.domain.answer_types import ANSWER_TYPES, ImportedRow
from dpia.kinds.model import Column, Kind, Question

UNPLACED = "unplaced"
OMIT = "omit"
# Header words that name a column differently from our labels.
SYNONYMS = {
    "notes": "comments",
    "note": "comments",
    "comment": "comments",
    "signed": "name",
    "signature": "name",
    "characteristic": "_label",
    "protected": "_label",
    "item": "_label",
}


@dataclass
class Item:
    """One piece of the source: a paragraph, a table row, a text box, an answer of a CNIL export."""

    id: str
    location: str
    text: str
    target: str
    reason: str = ""
    heading: str = ""
    # False for headings, template wording and details read from the item: not counted as content.
    content: bool = True
    # Row items: for each table or grid destination it fits, the cells it fills and text that fits no column.
    options: dict[str, dict] = field(default_factory=dict)
    # The ids of the source texts this item holds (a document's question and its answer are one item).
    sources: list[str] = field(default_factory=list)
    # The part of the source left out as the form's own wording (a question's label before its answer).
    template: str = ""


@dataclass
class Plan:
    """Everything read from an upload, ready for the preview and for confirming."""

    source: str  # "word", "cnil" or "dpia"
    kind: str
    suggested_kind: str = ""
    details: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    # CNIL: how the tool's 1-4 gauges became our scales, and which PIA of a list export was read.
    gauges: list[dict] = field(default_factory=list)
    # Word: for each risk or measure table, how the scales it is written in became the ICO's.
    scales: list[dict] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    chosen: int = 0
    # dpia's own JSON: the answers and unplaced items as exported (lossless, no re-mapping).
    answers: dict = field(default_factory=dict)
    unplaced: list[dict] = field(default_factory=list)
    original: dict = field(default_factory=dict)
    # Word: every paragraph, row, text box, header and footer read ({"id", "location", "text"}).
    sources: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The plan as JSON-ready data, for keeping between preview and confirm."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Plan":
        """A plan kept by `to_dict`."""
        items = [Item(**item) for item in data.get("items", [])]
        return cls(**{**data, "items": items})


@dataclass(frozen=True)
class Destination:
    """A place in a kind where imported text can go."""

    value: str
    label: str
    group: str
    accepts: str  # "text" or "row"


def destinations(kind: Kind) -> list[Destination]:
    """Every destination of a kind, in form order."""
    return [
        Destination(value, label, section.title, accepts)
        for section in kind.sections
        for question in section.questions
        for value, label, accepts in ANSWER_TYPES[question.type].destinations(question)
    ]


def takes_text(question: Question | None) -> bool:
    """Whether imported text may be placed in this question."""
    return question is not None and ANSWER_TYPES[question.type].textual


def allowed(kind: Kind, item: Item, target: str) -> bool:
    """Whether an item may go to a destination: text anywhere textual, rows only where their cells fit."""
    if target in (UNPLACED, OMIT):
        return True
    if target.startswith("q:"):
        return takes_text(kind.questions.get(target[2:]))
    return target in item.options


# Reading table rows into columns


def columns_of(question: Question) -> tuple[Column, ...]:
    """The columns a row of this question has."""
    return ANSWER_TYPES[question.type].columns(question)


def header_map(headers: tuple[str, ...] | list[str], columns: tuple[Column, ...]) -> list[str]:
    """For each header cell, the key of the column it names, "_label" for a row label, or "".

    Pairs are assigned best first and each column once, so "Residual risk" takes the residual column even
    though it also contains the word "risk".
    """
    scores = []
    for i, header in enumerate(headers):
        for column in columns:
            score = max(words.similarity(header, column.label), 0.9 * words.containment(header, column.label))
            if score >= 0.6:
                scores.append((score, i, column.key))
    mapped = [""] * len(headers)
    used: set[str] = set()
    for _, i, key in sorted(scores, key=lambda s: -s[0]):
        if not mapped[i] and key not in used:
            mapped[i] = key
            used.add(key)
    for i, header in enumerate(headers):
        first = (words.normalise(header).split() or [""])[0]
        if not mapped[i] and SYNONYMS.get(first) and SYNONYMS[first] not in used:
            mapped[i] = SYNONYMS[first]
            used.add(mapped[i])
    return mapped


def fill_row(
    question: Question, headers: list[str], mapping: list[str], cells: tuple[str, ...]
) -> dict | None:
    """The stored cells of one row and the text that fits no column; None if a required cell is missing."""
    row = ImportedRow({})
    columns = {c.key: c for c in columns_of(question)}
    for i, cell in enumerate(cells):
        cell = cell.strip()
        key = mapping[i] if i < len(mapping) else ""
        header = headers[i] if i < len(headers) else ""
        if not cell or key == "_label":
            continue
        column = columns.get(key)
        if column is None:
            row.keep(header, cell)
        else:
            ANSWER_TYPES[column.type].import_cell(column, header, cell, row)
    return finish_row(question, row.cells, row.leftovers, row.stated)


def finish_row(
    question: Question, row: dict, leftovers: list[str], stated: dict | None = None
) -> dict | None:
    """Check required cells; a derived value the source stated differently is kept as a note."""
    found = ImportedRow(row, leftovers, stated or {})
    for column in columns_of(question):
        if not ANSWER_TYPES[column.type].import_complete(column, found):
            return None
    ANSWER_TYPES[question.type].identify_row(row)
    return {"cells": row, "leftovers": leftovers}


# Assembling a confirmed plan


@dataclass
class Assembled:
    """Answers ready for checking, and what stays not yet placed or left out."""

    answers: dict
    unplaced: list[dict]
    left_out: list[str]
    placed: int


def unplaced_entry(source: str, text: str) -> dict:
    """One item of imported text not yet placed."""
    return {"id": secrets.token_hex(4), "source": source[:200], "text": text}


def assemble(kind: Kind, items: list[Item], targets: dict[str, str]) -> Assembled:
    """Put each item where it was mapped: texts joined in order, rows added, grid rows filled."""
    texts: dict[str, list[str]] = {}
    rows: dict[str, list[dict]] = {}
    grids: dict[str, dict[str, dict]] = {}
    result = Assembled({}, [], [], 0)
    for item in items:
        target = targets.get(item.id, item.target)
        if target.startswith("q:"):
            texts.setdefault(target[2:], []).append(item)  # type: ignore[arg-type]
        elif target in item.options:
            option = item.options[target]
            taken = _place_row(target, dict(option["cells"]), rows, grids)
            result.unplaced += [
                unplaced_entry(f"{item.location} (not stored in any of its columns)", t)
                for t in option["leftovers"]
            ]
            result.unplaced += [
                unplaced_entry(f"{item.location} (that row of the form already had this filled in)", t)
                for t in taken
            ]
            result.placed += 1
        elif target == OMIT:
            result.left_out.append(item.location)
        else:
            result.unplaced.append(unplaced_entry(item.location, item.text))
    _join_texts(kind, texts, result)
    _resolve_references(kind, rows, result)
    result.answers.update({k: v for k, v in rows.items() if v})
    result.answers.update(grids)
    return result


def _place_row(target: str, cells: dict, rows: dict, grids: dict) -> list[str]:
    """Add a row, or fill a fixed row; returns "key: value" for cells that row already had filled in."""
    parts = target.split(":")
    if parts[0] == "t":
        rows.setdefault(parts[1], []).append(cells)
        return []
    entry = grids.setdefault(parts[1], {}).setdefault(parts[2], {})
    taken = []
    for key, value in cells.items():
        if entry.get(key) and key in ("comments", "evidence"):
            entry[key] = f"{entry[key]}\n{value}"
        elif entry.get(key) and entry[key] != value:
            # Two rows of the document name the same row of the form: the second is kept, not overwritten.
            taken.append(f"{key}: {value}")
        else:
            entry[key] = value
    return taken


def _join_texts(kind: Kind, texts: dict[str, list], result: Assembled) -> None:
    """Join the texts mapped to each question in order; what would not fit stays not yet placed."""
    for key, items in texts.items():
        limit = ANSWER_TYPES[kind.questions[key].type].max_length
        kept: list[str] = []
        for item in items:
            joined = "\n\n".join([*kept, item.text])
            if len(joined) <= limit:
                kept.append(item.text)
                result.placed += 1
            else:
                note = f"{item.location} (did not fit: an answer holds at most {limit:,} characters)"
                result.unplaced.append(unplaced_entry(note, item.text))
        if kept:
            result.answers[key] = "\n\n".join(kept)


# A row's identifier or a reference to one: "R1", "Risk 1", "Risk ID 1", "DP-01", "#1", "1" all name row 1.
_IDENTIFIER = re.compile(
    r"^\s*(?:(?:risk|measure|ref|reference|id|no\.?|number)\s*)*(?:[a-z]{1,3}\s?[-./]?\s?)?#?0*(\d{1,3})\b",
    re.I,
)
ROW_KEY = "_key"  # a row's identifier as the document wrote it, kept only until references are resolved


def _resolve_references(kind: Kind, rows: dict[str, list[dict]], result: Assembled) -> None:
    """Point each row that refers to another table (a measure to its risk) at a row that was placed."""
    for question in kind.questions.values():
        for column in question.columns:
            if not ANSWER_TYPES[column.type].refers or question.key not in rows:
                continue
            targets = rows.get(column.refers_to) or []
            kept = []
            for row in rows[question.key]:
                ref = row.pop("_ref", "")
                if row.get(column.key) not in {t["_id"] for t in targets}:
                    row.pop(column.key, None)
                    found = _find_row(targets, ref)
                    if found:
                        row[column.key] = found
                if column.required and not row.get(column.key):
                    text = "\n".join(f"{k}: {v}" for k, v in row.items() if k not in ("_id", ROW_KEY))
                    why = (
                        f"{question.row_name} for ‘{ref or 'no stated risk'}’, which matches no imported row"
                    )
                    result.unplaced.append(unplaced_entry(why, text))
                    result.placed -= 1
                else:
                    kept.append(row)
            rows[question.key] = kept
    for table in rows.values():
        for row in table:
            row.pop(ROW_KEY, None)


def identifier(text: str) -> str:
    """The number an identifier or a reference to one names ("R01" -> "1"), or ""."""
    found = _IDENTIFIER.match(text or "")
    return found.group(1) if found else ""


def _find_row(targets: list[dict], ref: str) -> str:
    """The row a reference names: by its identifier ("R1"), by number ("Risk 2", "2") or by its words."""
    if not ref:
        return ""
    number = identifier(ref.strip())
    if number and any(t.get(ROW_KEY) for t in targets):
        # Rows that carry identifiers are named by them, not by where they stand.
        named = [t for t in targets if identifier(t.get(ROW_KEY, "")) == number]
        if named:
            return named[0]["_id"]
    elif number and 1 <= int(number) <= len(targets):
        return targets[int(number) - 1]["_id"]
    scored = [
        (max(words.similarity(ref, _first_text(t)), words.containment(_first_text(t), ref)), t)
        for t in targets
    ]
    best = max(scored, key=lambda s: s[0], default=(0.0, None))
    return best[1]["_id"] if best[1] is not None and best[0] >= 0.5 else ""


def _first_text(row: dict) -> str:
    return next((v for k, v in row.items() if k not in ("_id", ROW_KEY) and isinstance(v, str)), "")
