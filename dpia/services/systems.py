"""Use cases of the systems register: list, read, create, edit, history."""

from dpia.partial_dates import display as date_display
from dpia.services import audit
from dpia.services.actor import Actor
from dpia.services.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.services.validate import LONG, Checker
from dpia.store import systems as store
from dpia.store.db import Database, transaction
from dpia.vocab import CATEGORIES, LIFECYCLES, MARKINGS, REGIMES, SENSITIVE, labels

MAX_ALIASES = 30
MAX_ROWS = 100
EDITORS = ("editor",)

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


def can_edit(actor: Actor) -> bool:
    """Whether the actor may create and edit systems."""
    return actor.has(*EDITORS)


def _visible(system: dict | None, actor: Actor) -> dict:
    if system is None or (system["marking"] == SENSITIVE and not actor.can_see_sensitive):
        raise NotFound("No system with that id")
    return system


def get(db: Database, actor: Actor, system_id: int) -> dict:
    """One system, if it exists and the actor may see it."""
    return _visible(store.get(db, system_id), actor)


def listing(db: Database, actor: Actor, filters: dict) -> dict:
    """The register page: systems filtered and sorted, with counts by category and lifecycle."""
    sensitive = actor.can_see_sensitive
    category = filters.get("category") if filters.get("category") in labels(CATEGORIES) else ""
    lifecycle = filters.get("lifecycle") if filters.get("lifecycle") in labels(LIFECYCLES) else ""
    sort = filters.get("sort") if filters.get("sort") in store.SORTABLE else "name"
    descending = filters.get("order") == "desc"
    return {
        "systems": store.listing(
            db,
            see_sensitive=sensitive,
            category=category,
            lifecycle=lifecycle,
            sort=sort,
            descending=descending,
        ),
        "total": store.total(db, see_sensitive=sensitive),
        "by_category": store.counts(db, see_sensitive=sensitive, column="category"),
        "by_lifecycle": store.counts(db, see_sensitive=sensitive, column="lifecycle"),
        "filters": {"category": category, "lifecycle": lifecycle, "sort": sort, "descending": descending},
    }


def _aliases(check: Checker, value: object, name: str) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list):
        check.fail("aliases", "Aliases must be a list of names")
        return []
    aliases: list[str] = []
    seen = {store.name_key(name)}
    for alias in value:
        alias = check.text("aliases", alias, "Each alias", max_len=100)
        if alias and store.name_key(alias) not in seen:
            seen.add(store.name_key(alias))
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
            check.fail(f"costs-{i}-period_start", "Enter the start of the period the cost covers")
        if start and end and end.latest() < start.earliest():
            check.fail(f"costs-{i}-period_end", "Period end must be the same as or after period start")
        amount = check.money_pence(f"costs-{i}-amount", cost.get("amount"), "Amount")
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
            f"policies-{i}-title", policy.get("title"), "Policy title", required=True, max_len=300
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


def validate(data: dict) -> dict:
    """Turn raw input into a storable record, or raise Invalid with a message per field."""
    check = Checker()
    name = check.text("name", data.get("name"), "Name", required=True)
    record = {
        "name": name,
        "aliases": _aliases(check, data.get("aliases", []), name),
        "category": check.choice("category", data.get("category"), "Category", CATEGORIES),
        "lifecycle": check.choice("lifecycle", data.get("lifecycle"), "Lifecycle", LIFECYCLES),
        "regime": check.choice("regime", data.get("regime"), "Legal regime", REGIMES),
        "marking": check.choice("marking", data.get("marking") or "OFFICIAL", "Protective marking", MARKINGS),
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


def _check_unique(db: Database, name: str, system_id: int | None) -> None:
    existing = store.find_id_by_name(db, name)
    if existing is not None and existing != system_id:
        raise Invalid({"name": f"A system called ‘{name}’ is already in the register"})


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


def create(db: Database, actor: Actor, data: dict) -> int:
    """Add a system to the register; return its id."""
    if not can_edit(actor):
        raise Forbidden("Only editors can add systems")
    record = validate(data)
    with transaction(db):
        _check_unique(db, record["name"], None)
        system_id = store.insert(db, record)
        changes = changes_between(None, record)
        store.add_history(db, system_id, 1, actor.email, "created", changes)
        audit.record(
            db,
            actor,
            "system.create",
            object_type="system",
            object_id=system_id,
            summary=f"Added system ‘{record['name']}’",
            details={"changes": changes},
        )
    return system_id


def update(db: Database, actor: Actor, system_id: int, data: dict, expected_version: int) -> int:
    """Save changes to a system unless someone else saved first; return the new version."""
    if not can_edit(actor):
        raise Forbidden("Only editors can change systems")
    record = validate(data)
    with transaction(db):
        current = get(db, actor, system_id)
        if current["version"] != expected_version:
            raise Conflict(
                "Someone else changed this system while you were editing it. "
                "Your changes have not been saved.",
                _changes_since(db, system_id, expected_version),
            )
        _check_unique(db, record["name"], system_id)
        changes = changes_between(current, record)
        if not changes:
            return current["version"]
        version = store.update(db, system_id, record)
        store.add_history(db, system_id, version, actor.email, "updated", changes)
        audit.record(
            db,
            actor,
            "system.update",
            object_type="system",
            object_id=system_id,
            summary=f"Changed system ‘{record['name']}’",
            details={"changes": changes},
        )
    return version


def _changes_since(db: Database, system_id: int, version: int) -> list[dict]:
    return [
        {**change, "changed_by": entry["changed_by"], "changed_at": entry["changed_at"]}
        for entry in reversed(store.history(db, system_id, version))
        for change in entry["changes"]
    ]


def history(db: Database, actor: Actor, system_id: int) -> dict:
    """A system and every recorded change to it, newest first."""
    system = get(db, actor, system_id)
    return {"system": system, "entries": store.history(db, system_id)}


def as_form_data(system: dict) -> dict:
    """A stored system in the shape `validate` accepts, for edit forms and the API."""
    data = {k: system[k] or "" for k in store.SCALAR_FIELDS}
    data["aliases"] = list(system["aliases"])
    data["costs"] = [
        {
            "period_start": c["period_start"],
            "period_end": c["period_end"] or "",
            "amount": f"{c['amount_pence'] / 100:.2f}",
            "description": c["description"],
        }
        for c in system["costs"]
    ]
    data["policies"] = [{**p, "version_date": p["version_date"] or ""} for p in system["policies"]]
    return data
