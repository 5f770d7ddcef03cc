"""Reading HTML forms into the plain shapes use cases accept, and errors back into GOV.UK summaries."""

import re

from werkzeug.datastructures import MultiDict

from dpia.domain.answers import SIGNOFF_COLUMNS, declared_rows
from dpia.kinds.model import DATE, GRID, SIGNOFFS, TABLE, Section

_ROW_KEY = re.compile(
    r"^(?P<group>[a-z_]+)-(?P<index>\d{1,3})-(?P<field>[a-z_]+)(?:-(?P<part>day|month|year))?$"
)


def date_value(form: MultiDict, prefix: str) -> dict[str, str]:
    """The three parts of a GOV.UK date input."""
    return {part: form.get(f"{prefix}-{part}", "") for part in ("day", "month", "year")}


def repeating_rows(form: MultiDict, group: str, date_fields: tuple[str, ...] = ()) -> list[dict]:
    """Rows named like costs-0-amount, skipping removed and wholly blank rows."""
    found: dict[int, dict] = {}
    for key in form:
        match = _ROW_KEY.match(key)
        if not match or match["group"] != group:
            continue
        entry = found.setdefault(int(match["index"]), {})
        if match["part"]:
            entry.setdefault(match["field"], {})[match["part"]] = form.get(key, "")
        else:
            entry[match["field"]] = form.get(key, "")
    rows = []
    for index in sorted(found):
        entry = found[index]
        if entry.pop("remove", None):
            continue
        for field in date_fields:
            entry.setdefault(field, {})
        # Hidden keys such as a row's _id do not make a row worth keeping.
        if any(
            (v.strip() if isinstance(v, str) else any(p.strip() for p in v.values()))
            for k, v in entry.items()
            if not k.startswith("_")
        ):
            rows.append(entry)
    return rows


def error_summary(errors: dict[str, str], anchors: dict[str, str] | None = None) -> list[dict]:
    """Items for govukErrorSummary, each linking to its field."""
    anchors = anchors or {}
    return [{"text": message, "href": "#" + anchors.get(key, key)} for key, message in errors.items()]


def section_input(section: Section, form: MultiDict) -> dict:
    """A section's answers as posted, in the shapes the answer rules accept."""
    raw: dict = {}
    for question in section.questions:
        if question.type == DATE:
            raw[question.key] = date_value(form, question.key)
        elif question.type == TABLE:
            dates = tuple(c.key for c in question.columns if c.type == DATE)
            raw[question.key] = repeating_rows(form, question.key, dates)
        elif question.type in (GRID, SIGNOFFS):
            raw[question.key] = {
                row_key: {
                    column.key: _cell(form, f"{question.key}-{row_key}-{column.key}", column.type)
                    for column in columns
                }
                for row_key, (_, columns, _) in declared_rows(question).items()
            }
        else:
            raw[question.key] = form.get(question.key, "")
    return raw


def _cell(form: MultiDict, name: str, kind: str) -> object:
    return date_value(form, name) if kind == DATE else form.get(name, "")


def date_anchors(section: Section, errors: dict[str, str]) -> dict[str, str]:
    """Error links for date inputs point at their day box."""
    dates = {q.key for q in section.questions if q.type == DATE}
    for question in section.questions:
        for column in (*question.columns, *SIGNOFF_COLUMNS):
            if column.type == DATE:
                dates.update(
                    k for k in errors if k.startswith(question.key + "-") and k.endswith("-" + column.key)
                )
    return {key: f"{key}-day" for key in errors if key in dates}
