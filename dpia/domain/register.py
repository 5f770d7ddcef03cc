"""Rules of a register entry: its fields, their validation and how each reads as text."""

import calendar

from dpia.domain.validate import LONG, Checker
from dpia.partial_dates import PartialDate
from dpia.partial_dates import display as date_display
from dpia.vocab import CATEGORIES, LIFECYCLES, MARKINGS, REGIMES, labels

MAX_ALIASES = 30
MAX_ROWS = 100

# Field order and labels for history, comparisons and the system page.
FIELD_LABELS = {
    "name": "Name",
    "aliases": "Aliases and acronyms",
    "category": "Category",
    "lifecycle": "Lifecycle",
    "first_used": "First used",
    "retired": "Retired",
    "owner": "Owner",
    "senior_owner": "Senior responsible owner",
    "supplier": "Supplier",
    "regime": "Legal regime",
    "how_it_works": "How it works",
    "data_used": "What data it uses",
    "how_outputs_made": "How its predictions or outputs are made",
    "costs": "Costs",
    "policies": "Governing policies and guidance",
    "notes": "Notes",
    "marking": "Protective marking",
}


def name_key(name: str) -> str:
    """The form of a name used to keep names unique regardless of case and spacing."""
    return " ".join(name.split()).casefold()


def _aliases(check: Checker, value: object, name: str) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list):
        check.fail("aliases", "Aliases must be a list of names")
        return []
    aliases: list[str] = []
    seen = {name_key(name)}
    for alias in value:
        alias = check.text("aliases", alias, "Each alias", max_len=100)
        if alias and name_key(alias) not in seen:
            seen.add(name_key(alias))
            aliases.append(alias)
    if len(aliases) > MAX_ALIASES:
        check.fail("aliases", f"Enter {MAX_ALIASES} aliases or fewer")
    return aliases


def _rows(check: Checker, value: object, key: str, label: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        check.fail(key, f"{label} must be a list of entries")
        return []
    if len(value) > MAX_ROWS:
        check.fail(key, f"Enter {MAX_ROWS} {label.lower()} or fewer")
        return []
    return value


def _costs(check: Checker, value: object) -> list[dict]:
    costs = []
    for i, cost in enumerate(_rows(check, value, "costs", "Costs")):
        start = check.partial_date(f"costs-{i}-period_start", cost.get("period_start"), "Period start")
        end = check.partial_date(f"costs-{i}-period_end", cost.get("period_end"), "Period end")
        if start is None and f"costs-{i}-period_start" not in check.errors:
            check.fail(f"costs-{i}-period_start", f"Enter the start of the period cost {i + 1} covers")
        if start and end and end.latest() < start.earliest():
            check.fail(f"costs-{i}-period_end", "Period end must be the same as or after period start")
        amount = check.money_pence(
            f"costs-{i}-amount",
            cost.get("amount"),
            f"Amount of cost {i + 1}",
            missing=f"Enter the amount of cost {i + 1} in pounds",
        )
        description = check.text(
            f"costs-{i}-description", cost.get("description"), "What the cost was for", max_len=500
        )
        costs.append(
            {
                "period_start": start.iso() if start else "",
                "period_end": end.iso() if end else None,
                "amount_pence": amount or 0,
                "description": description,
            }
        )
    return costs


def _policies(check: Checker, value: object) -> list[dict]:
    policies = []
    for i, policy in enumerate(_rows(check, value, "policies", "Policies")):
        title = check.text(
            f"policies-{i}-title",
            policy.get("title"),
            f"Title of policy {i + 1}",
            required=True,
            max_len=300,
            missing=f"Enter the title of policy {i + 1}",
        )
        reference = check.text(
            f"policies-{i}-reference", policy.get("reference"), "Policy reference", max_len=100
        )
        version = check.partial_date(f"policies-{i}-version_date", policy.get("version_date"), "Version date")
        url = check.url(f"policies-{i}-url", policy.get("url"), "Link")
        policies.append(
            {
                "title": title,
                "reference": reference,
                "version_date": version.iso() if version else None,
                "url": url,
            }
        )
    return policies


MARKING_MISSING = "Select the protective marking"


def validate(data: dict) -> dict:
    """Turn raw input into a storable record, or raise Invalid with a message per field."""
    check = Checker()
    name = check.text("name", data.get("name"), "Name", required=True, missing="Enter the system's name")
    record = {
        "name": name,
        "aliases": _aliases(check, data.get("aliases", []), name),
        "category": check.choice(
            "category", data.get("category"), "Category", CATEGORIES, missing="Select the system's category"
        ),
        "lifecycle": check.choice(
            "lifecycle",
            data.get("lifecycle"),
            "Lifecycle",
            LIFECYCLES,
            missing="Select the system's lifecycle stage",
        ),
        "regime": check.choice(
            "regime",
            data.get("regime"),
            "Legal regime",
            REGIMES,
            missing="Select the legal regime for the processing",
        ),
        "marking": check.choice(
            "marking",
            data.get("marking") or "OFFICIAL",
            "Protective marking",
            MARKINGS,
            missing=MARKING_MISSING,
        ),
        "costs": _costs(check, data.get("costs")),
        "policies": _policies(check, data.get("policies")),
    }
    for key in ("owner", "senior_owner", "supplier"):
        record[key] = check.text(key, data.get(key), FIELD_LABELS[key])
    for key in ("how_it_works", "data_used", "how_outputs_made", "notes"):
        record[key] = check.text(key, data.get(key), FIELD_LABELS[key], max_len=LONG)
    first_used = check.partial_date("first_used", data.get("first_used"), "First used")
    retired = check.partial_date("retired", data.get("retired"), "Retired")
    if first_used and retired and first_used.earliest() > retired.latest():
        check.fail("retired", "Retired must be the same as or after the date first used")
    if retired and record["lifecycle"] in ("planned", "in_use"):
        check.fail("retired", "A planned or in-use system cannot have a retired date")
    record["first_used"] = first_used.iso() if first_used else None
    record["retired"] = retired.iso() if retired else None
    check.raise_if_any()
    return record


def _money(pence: int) -> str:
    return f"£{pence / 100:,.2f}"


def describe_cost(cost: dict) -> str:
    """A cost entry in one line: period, amount, what for."""
    period = date_display(cost["period_start"])
    if cost.get("period_end"):
        period += f" to {date_display(cost['period_end'])}"
    text = f"{period}: {_money(cost['amount_pence'])}"
    return f"{text} ({cost['description']})" if cost.get("description") else text


def describe_policy(policy: dict) -> str:
    """A policy entry in one line."""
    parts = [policy["title"]]
    if policy.get("reference"):
        parts.append(policy["reference"])
    if policy.get("version_date"):
        parts.append(f"version of {date_display(policy['version_date'])}")
    if policy.get("url"):
        parts.append(policy["url"])
    return ", ".join(parts)


def snapshot(record: dict) -> dict[str, str]:
    """Each field as readable text, for history and comparison."""
    values = {
        "category": labels(CATEGORIES).get(record["category"], record["category"]),
        "lifecycle": labels(LIFECYCLES).get(record["lifecycle"], record["lifecycle"]),
        "regime": labels(REGIMES).get(record["regime"], record["regime"]),
        "first_used": date_display(record["first_used"]),
        "retired": date_display(record["retired"]),
        "aliases": "\n".join(record["aliases"]),
        "costs": "\n".join(describe_cost(c) for c in record["costs"]),
        "policies": "\n".join(describe_policy(p) for p in record["policies"]),
    }
    return {key: values.get(key, record.get(key) or "") for key in FIELD_LABELS}


def changes_between(old: dict | None, new: dict) -> list[dict]:
    """Field-by-field differences between two records, in page order."""
    before = snapshot(old) if old else dict.fromkeys(FIELD_LABELS, "")
    after = snapshot(new)
    return [
        {"field": key, "label": label, "old": before[key], "new": after[key]}
        for key, label in FIELD_LABELS.items()
        if before[key] != after[key]
    ]


# Fields kept in each history row's snapshot of the record: everything `validate` returns.
RECORD_FIELDS = tuple(FIELD_LABELS)
# Fields whose history text cannot be read back into rows: their old value is unknown, never guessed.
UNRECOVERABLE = ("costs", "policies")
_CHOICES = {"category": CATEGORIES, "lifecycle": LIFECYCLES, "regime": REGIMES}
_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}


def record_of(system: dict) -> dict:
    """The part of a stored system a history snapshot keeps."""
    return {key: system[key] for key in RECORD_FIELDS}


def _date_back(text: str) -> str | None:
    """The stored form of a displayed date ("3 June 2017" -> "2017-06-03"); ValueError if unreadable."""
    parts = text.split()
    if not parts:
        return None
    year = int(parts[-1])
    month = _MONTHS[parts[-2]] if len(parts) > 1 else None
    day = int(parts[0]) if len(parts) == 3 else None
    return PartialDate.from_parts(year, month, day).iso()


def _value_back(key: str, text: str) -> object:
    """A field's stored value from its history text; KeyError or ValueError when it cannot be read."""
    if key in _CHOICES:
        return {label: value for value, label in labels(_CHOICES[key]).items()}[text]
    if key in ("first_used", "retired"):
        return _date_back(text)
    if key == "aliases":
        return text.splitlines()
    if key in UNRECOVERABLE:
        raise ValueError(key)
    return text


def unwind(record: dict, changes: list[dict], unknown: set[str]) -> tuple[dict, set[str]]:
    """The record before a save, from the record after it and the save's text changes.

    A field whose old text cannot be read back becomes unknown for this and every earlier save.
    """
    before = dict(record)
    unknown = set(unknown)
    for change in changes:
        key = change["field"]
        try:
            before[key] = _value_back(key, change["old"])
        except (KeyError, ValueError, IndexError):
            unknown.add(key)
    for key in unknown:
        before[key] = None
    return before, unknown
