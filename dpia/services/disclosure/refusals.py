"""The refusal side of a response (FOIA s17): reasons per exemption, and systems neither confirmed nor denied.

A reason is written for one request. Opening the form offers, as a starting point, the reason written for the
same exemption in the most recent other request, or else the administrators' stock wording; nothing is
used until the officer saves it for this request. A system the request neither confirms nor denies leaves
every answer, the pack, its file names and its manifest; no question may name it unless it is NCND itself.
"""

import re

from dpia.actor import Actor
from dpia.domain import exemptions as rules
from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.services import systems as system_rules
from dpia.services.disclosure import requests as foi
from dpia.services.disclosure import wording
from dpia.store import foi_ncnd, foi_reasons
from dpia.store import foi_questions as question_store
from dpia.store.db import Database, transaction
from dpia.vocab import EXEMPTIONS, OTHER_EXEMPTION, labels

TEXT_LIMIT = 4_000
CONFLICT = "Someone else changed this reason while you were editing it. Your changes have not been saved."


def _manager(actor: Actor) -> None:
    if not actor.may("manage_foi"):
        raise Forbidden("Only FOI officers can write the reasons of a response")


def split_key(key: str) -> tuple[str, str]:
    """A reason key back to (exemption, name of an "other" one)."""
    if key.startswith("other:"):
        return OTHER_EXEMPTION, key[len("other:") :]
    if key not in labels(EXEMPTIONS) or key == OTHER_EXEMPTION:
        raise NotFound("No such exemption")
    return key, ""


def reasons(db: Database, actor: Actor, request_id: int) -> dict[str, dict]:
    """The reasons written for a request, by key."""
    foi.get(db, actor, request_id)
    return foi_reasons.for_request(db, request_id)


def offer(db: Database, actor: Actor, request_id: int, key: str) -> dict:
    """The reason form's starting values: this request's own, else an earlier request's, else stock wording.

    `source` says where they came from, so the page can say so; `revision` is None until one is saved here.
    """
    exemption, other = split_key(key)
    foi.get(db, actor, request_id)
    own = foi_reasons.for_request(db, request_id).get(key)
    if own is not None:
        return {**own, "source": "", "title": rules.title(exemption, own["other"] or other)}
    base = {"exemption": exemption, "other": other, "reason_key": key, "revision": None}
    base["title"] = rules.title(exemption, other)
    earlier = foi_reasons.latest_elsewhere(db, request_id, key)
    if earlier is not None:
        texts = {k: earlier[k] for k in foi_reasons.TEXTS}
        source = f"the reason written for FOI request {earlier['reference']}"
        return {**base, **texts, "qualified": earlier["qualified"], "source": source, "started_from": source}
    stock = wording.current(db, exemption) if exemption != OTHER_EXEMPTION else {}
    texts = {k: stock.get(k, "") for k in foi_reasons.TEXTS}
    version = stock.get("version", 0)
    source = f"stock wording version {version}" if version else ("built-in stock wording" if stock else "")
    return {**base, **texts, "qualified": 0, "source": source, "started_from": source}


def _texts(exemption: str, data: dict, qualified: bool) -> dict:
    errors, found = {}, {}
    for key in foi_reasons.TEXTS:
        value = data.get(key)
        text = value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""
        if len(text) > TEXT_LIMIT:
            errors[key] = f"This must be {TEXT_LIMIT:,} characters or fewer (it has {len(text):,})"
        found[key] = text
    if not found["why"]:
        errors["why"] = "Say why the exemption applies to the information asked for in this request"
    if rules.needs_harm(exemption) and not found["harm"]:
        errors["harm"] = "State the harm disclosure would cause: this exemption is prejudice-based"
    if rules.is_qualified(exemption, qualified):
        labels_ = {"favour": "for disclosure", "against": "against disclosure", "balance": "balance"}
        for key, what in labels_.items():
            if not found[key]:
                errors[key] = (
                    "Give the balance of the public interest: this is a qualified exemption"
                    if key == "balance"
                    else f"Give the public interest considerations {what}: this is a qualified exemption"
                )
    else:
        for key in ("favour", "against", "balance"):
            if found[key]:
                errors[key] = "This exemption is absolute: it needs no public interest test"
    if errors:
        raise Invalid(errors)
    return found


def save(db: Database, actor: Actor, request_id: int, key: str, data: dict, revision: int | None) -> None:
    """Write this request's reason for an exemption; Invalid with a message per field, Conflict if stale."""
    _manager(actor)
    exemption, other = split_key(key)
    qualified = str(data.get("qualified") or "") == "yes"
    texts = _texts(exemption, data, qualified)
    with transaction(db):
        request = foi.get(db, actor, request_id)
        if revision is not None and key not in foi_reasons.for_request(db, request_id):
            raise Conflict(CONFLICT)
        values = {**texts, "reason_key": key, "exemption": exemption, "other": other, "qualified": qualified}
        values["started_from"] = str(data.get("started_from") or "")[:200]
        if not foi_reasons.save(db, request_id, values, revision, actor.email):
            raise Conflict(CONFLICT)
        summary = f"Wrote the reason for {rules.title(exemption, other)}"
        foi.audit_part(db, actor, "foi.reason_save", request, summary, values)


def ncnd_systems(db: Database, actor: Actor, request_id: int) -> list[dict]:
    """The systems a request neither confirms nor denies, with the section relied on, for staff pages."""
    foi.get(db, actor, request_id)
    found = []
    for system_id, exemption in foi_ncnd.for_request(db, request_id).items():
        try:
            system = system_rules.get(db, actor, system_id)
        except NotFound:
            continue
        found.append({"system": system, "exemption": exemption, "section": rules.RULES[exemption].ncnd})
    return sorted(found, key=lambda f: f["system"]["name"].casefold())


def _names_in(text: str, names: list[str]) -> bool:
    folded = " ".join(text.split()).casefold()
    return any(re.search(rf"\b{re.escape(n.casefold())}\b", folded) for n in names if len(n) > 2)


def neither_confirm_nor_deny(db: Database, actor: Actor, request_id: int, data: dict) -> None:
    """Neither confirm nor deny holding anything about one system, citing the section relied on."""
    _manager(actor)
    exemption = data.get("exemption")
    if exemption not in rules.NCND:
        sections = ", ".join(rules.RULES[k].ncnd for k in rules.NCND)
        raise Invalid({"exemption": f"Choose the section relied on to neither confirm nor deny: {sections}"})
    with transaction(db):
        request = foi.get(db, actor, request_id)
        try:
            system = system_rules.get(db, actor, int(data.get("system") or 0))
        except (TypeError, ValueError, NotFound):
            raise Invalid({"system": "Choose a system from the register"}) from None
        _never_named(db, request_id, system)
        foi_ncnd.put(db, request_id, system["id"], exemption, actor.email)  # type: ignore[arg-type]
        summary = f"Neither confirm nor deny ‘{system['name']}’ under {rules.RULES[exemption].ncnd}"  # type: ignore[index]
        foi.audit_part(
            db, actor, "foi.ncnd_add", request, summary, {"system": system["id"], "exemption": exemption}
        )


def _never_named(db: Database, request_id: int, system: dict) -> None:
    """Refuse NCND for a system that an answer names, by its scope or in the officer's own words."""
    names = [system["name"], *system["aliases"], system.get("reference") or ""]
    for question in question_store.for_request(db, request_id):
        if question["disposition"] == "ncnd":
            continue
        named = system["id"] in question["system_ids"]
        if named or _names_in(f"{question['answer']} {question['detail']}", names):
            raise Invalid(
                {
                    "system": f"Question {question['number']} names ‘{system['name']}’ in its answer: change"
                    " that question first, or answer it as neither confirm nor deny too"
                }
            )


def answer_again(db: Database, actor: Actor, request_id: int, system_id: int) -> None:
    """Stop neither confirming nor denying a system: it is answered like any other again."""
    _manager(actor)
    with transaction(db):
        request = foi.get(db, actor, request_id)
        system = system_rules.get(db, actor, system_id)
        if not foi_ncnd.delete(db, request_id, system_id):
            raise NotFound("That system is answered already")
        summary = f"Answer ‘{system['name']}’ again rather than neither confirm nor deny"
        foi.audit_part(db, actor, "foi.ncnd_remove", request, summary, {"system": system_id})
