"""A system's register fields as a public record releases them: every withholding mark and swept string
applied, staff names only where the staff-name rule releases them."""

from dpia.domain import publications as rules
from dpia.domain.redaction import Redaction
from dpia.domain.targets import row_key
from dpia.export.model import text_of
from dpia.records import System
from dpia.services.disclosure import sweep
from dpia.vocab import CATEGORIES, LIFECYCLES, labels

TERMS = {"category": labels(CATEGORIES), "lifecycle": labels(LIFECYCLES)}


def _text(redaction: Redaction, withheld: sweep.Withholding, path: str, value: str, person: bool) -> str:
    runs = redaction.person(path, value) if person else redaction.text(path, value)
    return withheld.text(text_of(runs), f"public record: {path}").strip()


def _rows(
    redaction: Redaction, withheld: sweep.Withholding, field: rules.Field, entries: list[dict]
) -> list[dict]:
    """Costs or policies: a row withheld whole is left out; each cell is swept."""
    if redaction.whole(field.key) is not None:
        return []
    columns = rules.COST_COLUMNS if field.shape == "costs" else rules.POLICY_COLUMNS
    found = []
    for entry in entries:
        key = f"{field.key}/{row_key(entry)}"
        if redaction.whole(key) is not None:
            continue
        row = {}
        for column in columns:
            value = entry.get(column)
            if isinstance(value, str):
                value = _text(redaction, withheld, f"{key}/{column}", value, False)
            row[column] = value
        found.append(row)
    return found


def value(system: System, field: rules.Field, redaction: Redaction, withheld: sweep.Withholding) -> object:
    """One field's value as released: text, or a list of rows for costs and policies."""
    raw = system.get(field.key)  # type: ignore[misc]
    if field.shape in ("costs", "policies"):
        return _rows(redaction, withheld, field, list(raw or []))
    if field.shape == "term":
        return withheld.text(TERMS[field.key].get(raw or "", raw or ""), f"public record: {field.key}")
    if field.shape == "list":
        items = [_text(redaction, withheld, field.key, str(item), False) for item in raw or []]
        return "; ".join(item for item in items if item)
    return _text(redaction, withheld, field.key, str(raw or ""), field.shape == "person")


def record_fields(
    system: System, keys: list[str], redaction: Redaction, withheld: sweep.Withholding
) -> list[dict]:
    """The chosen fields, with name and category always first, in the declared order."""
    chosen = set(keys) | set(rules.ALWAYS)
    return [
        {"key": f.key, "label": f.label, "value": value(system, f, redaction, withheld)}
        for f in rules.FIELDS
        if f.key in chosen
    ]
