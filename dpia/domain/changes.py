"""What changed between two states of an assessment, as people want to read it.

Rows of repeating tables are matched by their stable "_id", never by position, so a reordered, inserted or
deleted row changes nothing else. Values are compared as stored (a measure's risk by the id it points at, a
choice by its value) with spacing ignored and an empty answer the same as a missing one, so only real
changes are listed. Long text changed in place is marked word by word.
"""

import difflib
import re
from typing import Literal, NamedTuple, TypedDict

from dpia.domain.answer_types import ANSWER_TYPES, row_label, row_title
from dpia.kinds.model import Column, Kind, Question
from dpia.partial_dates import display as date_display
from dpia.vocab import Term

Status = Literal["added", "removed", "changed"]
DETAILS = "About this assessment"
# A version's content outside its answers, as (key, label, shown as a date).
DETAIL_FIELDS = (
    ("title", "Title", False),
    ("owner", "Owner", False),
    ("marking", "Protective marking", False),
    ("started", "Date started", True),
    ("conducted", "Date conducted", True),
    ("approved", "Date approved", True),
    ("review_due", "Review due", True),
)
# Text as tokens: spacing, words, and each punctuation mark on its own ("records," -> "records", ",").
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


class Run(TypedDict):
    """A stretch of a changed text: kept as it was, added, or removed."""

    kind: Literal["same", "added", "removed"]
    text: str


class FieldChange(TypedDict):
    """One field that differs: its name, the text before and after, and the words marked when both exist."""

    label: str
    status: Status
    old: str
    new: str
    runs: list[Run]  # word by word, for text changed in place; empty for other values


class Change(TypedDict):
    """One answer, or one row of a table or grid, that differs, with the fields that do."""

    path: str
    section: str
    label: str  # "Aims of the project", "Risk 2: Re-identification of…", "Sign-off › DPO advice provided"
    status: Status
    row: bool  # a row of a table or grid, read as a group of fields; else one answer
    row_name: str  # "risk" for a row of a repeating table; "" for an answer or a row of a grid
    fields: list[FieldChange]


class SectionChanges(TypedDict):
    """The changes within one section, in the order of the form."""

    title: str
    changes: list[Change]


class Comparison(TypedDict):
    """Every change between two states, by section, with a summary such as "3 answers changed"."""

    sections: list[SectionChanges]
    summary: list[str]
    count: int


class Side(TypedDict):
    """One state being compared: the kind's definition it was written to and its content."""

    kind: Kind
    content: dict


# Comparing values and marking words


def normalised(text: str) -> str:
    """Text as compared: spacing and line breaks do not count as a change."""
    return " ".join(text.split())


def word_runs(old: str, new: str) -> list[Run]:
    """The new text with the words removed from and added to the old one marked, spacing as in the new."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    # Any spacing matches any other: only words and punctuation are compared.
    keys = ([" " if t.isspace() else t for t in before], [" " if t.isspace() else t for t in after])
    runs: list[Run] = []
    for tag, i1, i2, j1, j2 in _joined(
        difflib.SequenceMatcher(None, *keys, autojunk=False).get_opcodes(), keys[0]
    ):
        if tag == "equal":
            _append(runs, "same", "".join(after[j1:j2]))
            continue
        _mark(runs, "removed", "".join(before[i1:i2]))
        _mark(runs, "added", "".join(after[j1:j2]))
    if runs and not runs[-1]["text"].strip():
        runs.pop()
    return runs


def _joined(
    opcodes: list[tuple[str, int, int, int, int]], keys: list[str]
) -> list[tuple[str, int, int, int, int]]:
    """Opcodes with a space kept between two changes made part of them, so a rewritten phrase reads whole."""
    found: list[tuple[str, int, int, int, int]] = []
    for i, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < i < len(opcodes) - 1 and opcodes[i + 1][0] != "equal"
        if tag == "equal" and between and all(k == " " for k in keys[i1:i2]):
            tag = "replace"
        if found and tag != "equal" and found[-1][0] != "equal":
            found[-1] = ("replace", found[-1][1], i2, found[-1][3], j2)
        else:
            found.append((tag, i1, i2, j1, j2))
    return found


def _mark(runs: list[Run], kind: Literal["added", "removed"], text: str) -> None:
    """Mark a stretch's words; the spacing around them stays unmarked, and is never doubled."""
    core = text.strip()
    if not core:
        _space(runs, text)
        return
    _space(runs, text[: len(text) - len(text.lstrip())])
    _append(runs, kind, core)
    _space(runs, text[len(text.rstrip()) :])


def _space(runs: list[Run], text: str) -> None:
    """Spacing between runs, unless the text so far already ends in some (or has not begun)."""
    if text and runs and not runs[-1]["text"][-1:].isspace():
        _append(runs, "same", text)


def _append(runs: list[Run], kind: Literal["same", "added", "removed"], text: str) -> None:
    if not text:
        return
    if runs and runs[-1]["kind"] == kind:
        runs[-1] = {"kind": kind, "text": runs[-1]["text"] + text}
    else:
        runs.append({"kind": kind, "text": text})


def field_change(label: str, old: tuple[str, str], new: tuple[str, str], textual: bool) -> FieldChange | None:
    """How one field changed, from (stored value, text shown) before and after; None if it did not."""
    if normalised(old[0]) == normalised(new[0]):
        return None
    status: Status = "added" if not old[1] else "removed" if not new[1] else "changed"
    runs = word_runs(old[1], new[1]) if textual and status == "changed" else []
    kept = sum(len(r["text"].split()) for r in runs if r["kind"] == "same")
    if kept * 2 < min(len(old[1].split()), len(new[1].split())):
        # Mostly rewritten: the two read better whole, one after the other, than as a patchwork.
        runs = []
    return {"label": label, "status": status, "old": old[1], "new": new[1], "runs": runs}


# Reading each side as fields


class _Field(NamedTuple):
    label: str
    value: str  # as stored: what is compared
    text: str  # as people read it: what is shown
    textual: bool  # free text, marked word by word


class _Part(NamedTuple):
    """An answer, or a row of a table or grid: how it is named and its fields by key."""

    label: str
    fields: dict[str, _Field]

    def empty(self) -> bool:
        """Whether nothing is recorded in it."""
        return not any(f.text for f in self.fields.values())


def _cells(
    kind: Kind, columns: tuple[Column, ...], row: dict, answers: dict, choices: tuple[Term, ...]
) -> dict:
    """The cells of one row as fields, by column key."""
    found = {}
    for column in columns:
        cell_type = ANSWER_TYPES[column.type]
        text = cell_type.cell_text(kind, column, row, answers, choices if column.key == "decision" else ())
        value = cell_type.cell_value(column, row)
        found[column.key] = _Field(
            column.label, value if isinstance(value, str) else "", text, cell_type.textual
        )
    return found


def _parts(kind: Kind, question: Question, answers: dict) -> dict[str, _Part]:
    """One answer as parts by key: each row of a table (by its id) or of a grid, or the answer itself."""
    answer_type, value = ANSWER_TYPES[question.type], answers.get(question.key)
    if answer_type.repeating:
        return {
            row.get("_id") or f"#{i}": _Part(
                row_title(question, answers, row["_id"]) if row.get("_id") else row_label(question, i),
                _cells(kind, question.columns, row, answers, ()),
            )
            for i, row in enumerate(value if isinstance(value, list) else [])
        }
    if answer_type.fixed_rows:
        entries = value if isinstance(value, dict) else {}
        return {
            key: _Part(
                f"{question.label} › {label}", _cells(kind, columns, entries.get(key) or {}, answers, choices)
            )
            for key, (label, columns, choices) in answer_type.rows(question).items()
        }
    stored = value if isinstance(value, str) else ""
    text = answer_type.text(stored, question.choices) if stored else ""
    return {"": _Part(question.label, {"": _Field(question.label, stored, text, answer_type.textual)})}


def _read(side: Side) -> dict[str, dict[str, _Part]]:
    """Each question asked of one state, by key, as its parts; a section not shown holds nothing."""
    kind, answers = side["kind"], side["content"].get("answers") or {}
    return {
        q.key: _parts(kind, q, answers) for section in kind.shown_sections(answers) for q in section.questions
    }


def _details(side: Side) -> dict[str, _Part]:
    """The title, owner, marking and dates, as parts by key."""
    found = {}
    for key, label, is_date in DETAIL_FIELDS:
        value = side["content"].get(key) or ""
        text = date_display(value) if is_date and value else value
        found[key] = _Part(label, {"": _Field(label, value, text, not is_date)})
    return found


# Comparing two states


def _part_change(
    path: str, section: str, row: tuple[bool, str], old: _Part | None, new: _Part | None
) -> Change | None:
    """How one answer or row changed, if it did."""
    old_fields, new_fields = (old.fields if old else {}), (new.fields if new else {})
    fields = []
    for key in _keys(new_fields, old_fields):
        before, after = old_fields.get(key), new_fields.get(key)
        shown = after or before
        found = field_change(
            shown.label,  # type: ignore[union-attr]
            (before.value, before.text) if before else ("", ""),
            (after.value, after.text) if after else ("", ""),
            shown.textual,  # type: ignore[union-attr]
        )
        if found:
            fields.append(found)
    if not fields:
        return None
    # A row, or an answer, is added or removed as a whole when nothing was recorded in it on one side.
    status: Status = (
        "added" if old is None or old.empty() else "removed" if new is None or new.empty() else "changed"
    )
    label = old.label if status == "removed" and old else (new or old).label  # type: ignore[union-attr]
    return {
        "path": path,
        "section": section,
        "label": label,
        "status": status,
        "row": row[0],
        "row_name": row[1],
        "fields": fields,
    }


def _keys(first: dict, second: dict) -> list[str]:
    """The keys of both, those of `first` in order, then those only in `second`."""
    return [*first, *(k for k in second if k not in first)]


def _changes(section: str, row: tuple[bool, str], prefix: str, old: dict, new: dict) -> list[Change]:
    """The changes among the parts of one answer (or of the details), matched by key."""
    found = []
    for key in _keys(new, old):
        path = f"{prefix}/{key}" if prefix and key else prefix or key
        change = _part_change(path, section, row, old.get(key), new.get(key))
        if change:
            found.append(change)
    return found


def compare(before: Side, after: Side) -> Comparison:
    """Every change from `before` to `after`, section by section in the order of the form, and a summary."""
    sections = {DETAILS: _changes(DETAILS, (False, ""), "", _details(before), _details(after))}
    old, new = _read(before), _read(after)
    # In the order of the form now, then what only the older definition asked.
    order = [(s, q) for s in after["kind"].sections for q in s.questions]
    order += [
        (s, q) for s in before["kind"].sections for q in s.questions if q.key not in after["kind"].questions
    ]
    for section, question in order:
        answer_type = ANSWER_TYPES[question.type]
        row = (answer_type.structured, question.row_name if answer_type.repeating else "")
        found = _changes(
            section.title, row, question.key, old.get(question.key, {}), new.get(question.key, {})
        )
        if found:
            sections.setdefault(section.title, []).extend(found)
    grouped: list[SectionChanges] = [{"title": t, "changes": c} for t, c in sections.items() if c]
    every = [c for s in grouped for c in s["changes"]]
    return {"sections": grouped, "summary": summary(every), "count": len(every)}


def summary(changes: list[Change]) -> list[str]:
    """Counts people read first: "3 answers changed", "1 risk added", "1 measure removed"."""
    answers = sum(1 for c in changes if not c["row_name"])
    found = [_counted(answers, "answer", "changed")] if answers else []
    for name in dict.fromkeys(c["row_name"] for c in changes if c["row_name"]):
        for status in ("added", "changed", "removed"):
            count = sum(1 for c in changes if c["row_name"] == name and c["status"] == status)
            if count:
                found.append(_counted(count, name, status))
    return found


def _counted(count: int, name: str, status: str) -> str:
    return f"{count} {name}{'' if count == 1 else 's'} {status}"
