"""Choosing an FOI request's systems in scope: whole categories with exceptions, or systems found by name.

A category is resolved when the officer adds it: its systems as the register holds them then are stored,
so the scope stays what the officer confirmed. Systems registered later are not added by themselves; the
page says so, and adding the category again adds them (leaving out the systems taken out of it).
Everything shown or counted here is limited to the systems the officer may see.
"""

from dpia.actor import Actor
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.search import clean
from dpia.services import systems as system_rules
from dpia.services.disclosure import requests as foi
from dpia.store import foi_scope as store
from dpia.store import systems as system_store
from dpia.store.db import Database, transaction
from dpia.vocab import CATEGORIES, labels

PER_PAGE = 50
MATCHES = 20


def _manager(actor: Actor) -> None:
    if not actor.may("manage_foi"):
        raise Forbidden("Only FOI officers can change the systems in scope")


def page(db: Database, actor: Actor, request_id: int, number: int = 1, words: str = "") -> dict:
    """The scope step: systems chosen (one page), how they came, categories to add, and any name matches."""
    request = foi.get(db, actor, request_id)
    see = actor.can_see_sensitive
    by_via = store.counts(db, request_id, see)
    chosen_total = sum(by_via.values())
    pages = max(1, -(-chosen_total // PER_PAGE))
    number = min(max(number, 1), pages)
    in_category = system_store.counts(db, see_sensitive=see, column="category")
    words = clean(words)
    matches = store.named_like(db, words, see, MATCHES + 1) if words else []
    in_scope = set(request["system_ids"])
    return {
        "request": request,
        "chosen": store.chosen(db, request_id, see, PER_PAGE, (number - 1) * PER_PAGE),
        "chosen_total": chosen_total,
        "page_number": number,
        "pages": pages,
        "first": (number - 1) * PER_PAGE + 1,
        "rules": [
            {"category": t.value, "label": t.label, "systems": by_via[t.value]}
            for t in CATEGORIES
            if by_via.get(t.value)
        ],
        "one_by_one": by_via.get("", 0),
        "exceptions": store.exceptions(db, request_id, see),
        "categories": [
            {"term": t, "systems": in_category.get(t.value, 0), "in_scope": by_via.get(t.value, 0)}
            for t in CATEGORIES
        ],
        "words": words,
        "matches": [{**m, "in_scope": m["id"] in in_scope} for m in matches[:MATCHES]],
        "more_matches": len(matches) > MATCHES,
        # Systems in scope this officer may not see: counted, as on the request page, never named.
        "hidden": len(request["system_ids"]) - chosen_total,
    }


def add_categories(db: Database, actor: Actor, request_id: int, categories: list[str]) -> int:
    """Put each category's visible systems in scope, but not those taken out before; how many were new."""
    _manager(actor)
    chosen = list(dict.fromkeys(c for c in categories if c))
    if not chosen:
        raise Invalid({"categories": "Choose at least one category of system to add"})
    if any(c not in labels(CATEGORIES) for c in chosen):
        raise Invalid({"categories": "Choose categories from the list"})
    with transaction(db):
        request = foi.get(db, actor, request_id)
        excepted = store.excepted_ids(db, request_id)
        added = {}
        for category in chosen:
            ids = [s for s in store.category_ids(db, category, actor.can_see_sensitive) if s not in excepted]
            added[category] = store.add(db, request_id, ids, category)
        names = ", ".join(labels(CATEGORIES)[c] for c in chosen)
        foi.audit_part(
            db, actor, "foi.scope", request, f"Added the systems of {names} to the scope", {"added": added}
        )
    return sum(added.values())


def _visible_system(db: Database, actor: Actor, raw: object, field: str) -> dict:
    try:
        return system_rules.get(db, actor, int(str(raw)))
    except (TypeError, ValueError, NotFound):
        raise Invalid({field: "Choose a system from the register"}) from None


def add_system(db: Database, actor: Actor, request_id: int, system_id: object) -> str:
    """Put one system in scope (and no longer an exception); the system's name."""
    _manager(actor)
    with transaction(db):
        request = foi.get(db, actor, request_id)
        system = _visible_system(db, actor, system_id, "system")
        store.forget_exception(db, request_id, system["id"])
        if store.add(db, request_id, [system["id"]], ""):
            foi.audit_part(
                db,
                actor,
                "foi.scope",
                request,
                f"Added {system['name']} to the scope",
                {"added": system["id"]},
            )
    return system["name"]


def remove_system(db: Database, actor: Actor, request_id: int, system_id: object) -> str:
    """Take one system out of scope; one a category brought in becomes an exception to it. Its name."""
    _manager(actor)
    with transaction(db):
        request = foi.get(db, actor, request_id)
        system = _visible_system(db, actor, system_id, "system")
        via = store.via(db, request_id, system["id"])
        if via is None:
            return system["name"]
        store.remove(db, request_id, system["id"])
        if via:
            store.except_system(db, request_id, system["id"], via)
        foi.audit_part(
            db,
            actor,
            "foi.scope",
            request,
            f"Took {system['name']} out of the scope",
            {"removed": system["id"], "from_category": via},
        )
    return system["name"]


def question_choices(db: Database, actor: Actor, request_id: int, named: list) -> list[dict]:
    """Systems a question of the request may name: those in its scope, and any the question names already."""
    request = foi.get(db, actor, request_id)
    extra = [int(s) for s in named or [] if str(s).isdigit()]
    ids = list(dict.fromkeys([*request["system_ids"], *extra]))
    return store.of_ids(db, ids, actor.can_see_sensitive)
