"""Reading HTML forms into the plain shapes use cases accept, and errors back into GOV.UK summaries."""

import re

from werkzeug.datastructures import MultiDict

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
        if any(
            (v.strip() if isinstance(v, str) else any(p.strip() for p in v.values())) for v in entry.values()
        ):
            rows.append(entry)
    return rows


def error_summary(errors: dict[str, str], anchors: dict[str, str] | None = None) -> list[dict]:
    """Items for govukErrorSummary, each linking to its field."""
    anchors = anchors or {}
    return [{"text": message, "href": "#" + anchors.get(key, key)} for key, message in errors.items()]
