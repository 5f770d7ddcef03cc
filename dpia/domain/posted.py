"""Reading posted HTML form fields into the plain shapes the rules accept."""

import re
from collections.abc import Mapping

_ROW_KEY = re.compile(
    r"^(?P<group>[a-z_]+)-(?P<index>\d{1,3})-(?P<field>[a-z_]+)(?:-(?P<part>day|month|year))?$"
)


def date_value(form: Mapping[str, str], prefix: str) -> dict[str, str]:
    """The three parts of a GOV.UK date input."""
    return {part: form.get(f"{prefix}-{part}", "") for part in ("day", "month", "year")}


def repeating_rows(form: Mapping[str, str], group: str, date_fields: tuple[str, ...] = ()) -> list[dict]:
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
