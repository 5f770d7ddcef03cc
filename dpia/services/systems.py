"""Use cases of the systems register: list, read, create, edit, history."""

from dpia import clock
from dpia.actor import Actor
from dpia.domain import register
from dpia.domain.reviews import state_on
from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.records import System
from dpia.services.accounts import audit
from dpia.store import systems as store
from dpia.store.db import Database, transaction
from dpia.vocab import CATEGORIES, LIFECYCLES, labels


def _visible(system: System | None, actor: Actor) -> System:
    if system is None or not actor.sees(system["marking"]):
        raise NotFound("No system with that id")
    return system


def get(db: Database, actor: Actor, system_id: int) -> System:
    """One system, if it exists and the actor may see it."""
    return _visible(store.get(db, system_id), actor)


def find(db: Database, actor: Actor, name: str) -> System:
    """The system with this name (any case), if it exists and the actor may see it: for the command line."""
    system_id = store.find_id_by_name(db, name)
    if system_id is None:
        raise NotFound(f"No system called ‘{name}’ in the register")
    try:
        return get(db, actor, system_id)
    except NotFound:
        raise NotFound(f"No system called ‘{name}’ in the register") from None


def listing(db: Database, actor: Actor, filters: dict, per_page: int | None = None) -> dict:
    """The register page: systems filtered and sorted, with counts by category and lifecycle.

    With `per_page`, one page of them (the page number from `filters["page"]`, kept within range).
    """
    sensitive = actor.can_see_sensitive
    category = filters.get("category") if filters.get("category") in labels(CATEGORIES) else ""
    lifecycle = filters.get("lifecycle") if filters.get("lifecycle") in labels(LIFECYCLES) else ""
    sort = filters.get("sort") if filters.get("sort") in store.SORTABLE else "name"
    descending = filters.get("order") == "desc"
    chosen = {"see_sensitive": sensitive, "category": category, "lifecycle": lifecycle}
    matched = store.matching(db, **chosen)
    pages = max(1, -(-matched // per_page)) if per_page else 1
    page = min(max(_whole_number(filters.get("page")), 1), pages)
    window = {"limit": per_page, "offset": (page - 1) * per_page} if per_page else {}
    found = store.listing(db, **chosen, sort=sort, descending=descending, **window)
    today = clock.today()
    for system in found:
        system["review"] = state_on(system["review_due"], today)
    return {
        "systems": found,
        "matched": matched,
        "page": page,
        "pages": pages,
        "first": (page - 1) * per_page + 1 if per_page else 1,
        "total": store.total(db, see_sensitive=sensitive),
        "by_category": store.counts(db, see_sensitive=sensitive, column="category"),
        "by_lifecycle": store.counts(db, see_sensitive=sensitive, column="lifecycle"),
        "filters": {"category": category, "lifecycle": lifecycle, "sort": sort, "descending": descending},
    }


def _whole_number(value) -> int:
    """A page number from an address: anything that is not a sensible whole number is page 1."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return int(text[:18])  # Any long number is past the end, and is read as the last page.


# Said of a name a system hidden from the actor holds: neither that it is in the register nor what holds it.
NAME_UNUSABLE = "That name cannot be used: choose another, or ask an administrator"


def _check_unique(db: Database, actor: Actor, name: str, system_id: int | None) -> None:
    existing = store.find_id_by_name(db, name)
    if existing is None or existing == system_id:
        return
    if not actor.sees(store.get(db, existing)["marking"]):  # type: ignore[index]
        raise Invalid({"name": NAME_UNUSABLE})
    raise Invalid({"name": f"A system called ‘{name}’ is already in the register"})


def create(db: Database, actor: Actor, data: dict) -> int:
    """Add a system to the register; return its id."""
    if not actor.may("edit_register"):
        raise Forbidden("Only editors can add systems")
    record = register.validate(data)
    with transaction(db):
        _check_unique(db, actor, record["name"], None)
        system_id = store.insert(db, record)
        changes = register.changes_between(None, record)
        store.add_history(db, system_id, 1, actor.email, "created", changes, record)
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
    if not actor.may("edit_register"):
        raise Forbidden("Only editors can change systems")
    record = register.validate(data)
    with transaction(db):
        current = get(db, actor, system_id)
        if current["version"] != expected_version:
            raise Conflict(
                "Someone else changed this system while you were editing it. "
                "Your changes have not been saved.",
                _changes_since(db, system_id, expected_version),
            )
        _check_unique(db, actor, record["name"], system_id)
        changes = register.changes_between(current, record)
        if not changes:
            return current["version"]
        version = store.update(db, system_id, record)
        store.add_history(db, system_id, version, actor.email, "updated", changes, record)
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


def as_form_data(system: System) -> dict:
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
