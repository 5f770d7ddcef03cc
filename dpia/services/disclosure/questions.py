"""The questions of an FOI request: pasted and split, confirmed, edited, reordered, deleted.

Rule for a fact and its scope: every register fact, and the yes/no of a parent question, is answered about the
systems in the question's scope, so it needs a scope (categories of system or named systems). A question with
scope "none" can only be answered in the officer's own words. Pasted questions take the scope chosen for the
paste; with no scope, their suggested fact is the officer's own words.
"""

import re
from dataclasses import dataclass
from datetime import date

from dpia.actor import Actor
from dpia.domain import exemptions
from dpia.domain import questions as rules
from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.records import FoiQuestion, FoiRequest, System
from dpia.services import systems as system_rules
from dpia.services.disclosure import as_at
from dpia.services.disclosure import requests as foi
from dpia.store import foi_ncnd
from dpia.store import foi_questions as store
from dpia.store import systems as system_store
from dpia.store.db import Database, transaction
from dpia.vocab import (
    CATEGORIES,
    EXEMPTIONS,
    FOI_FACTS,
    FOI_FACTS_NEEDING_SCOPE,
    OTHER_EXEMPTION,
    QUESTION_DISPOSITIONS,
    QUESTION_SCOPES,
    labels,
)

_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9()./ -]{0,19}$")
TEXT_LIMIT = 5_000
CONFLICT = "Someone else changed this question while you were editing it. Your changes have not been saved."


@dataclass(frozen=True)
class Preview:
    """What pasting would add: each question with its suggested fact, and any text before the first number."""

    items: list[dict]
    preamble: str


def _manager(actor: Actor) -> None:
    if not actor.may("manage_foi"):
        raise Forbidden("Only FOI officers can change the questions of an FOI request")


def _scope(db: Database, actor: Actor, data: dict, errors: dict) -> dict:
    """The scope from input: its kind, categories and systems, each checked against the register."""
    kind = data.get("scope") or "none"
    if kind not in labels(QUESTION_SCOPES):
        errors["scope"] = "Scope must be none, categories of system or named systems"
        return {"scope": "none", "categories": [], "system_ids": []}
    categories = [c for c in data.get("categories") or [] if c] if kind == "categories" else []
    if any(c not in labels(CATEGORIES) for c in categories):
        errors["categories"] = "Choose categories from the list"
    elif kind == "categories" and not categories:
        errors["categories"] = "Choose at least one category of system"
    ids = _system_ids(db, actor, data.get("systems") or [], errors) if kind == "systems" else []
    if kind == "systems" and not ids and "systems" not in errors:
        errors["systems"] = "Choose at least one system"
    return {"scope": kind, "categories": list(dict.fromkeys(categories)), "system_ids": ids}


def _system_ids(db: Database, actor: Actor, raw: list, errors: dict) -> list[int]:
    ids: list[int] = []
    for value in raw:
        try:
            ids.append(system_rules.get(db, actor, int(value))["id"])
        except (TypeError, ValueError, NotFound):
            errors["systems"] = "Choose systems from the register"
            return []
    return list(dict.fromkeys(ids))


def _fact(value: object, scope: str, errors: dict) -> str:
    if value not in labels(FOI_FACTS):
        errors["fact"] = "Choose what answers the question from the list"
        return ""
    if scope == "none" and value in FOI_FACTS_NEEDING_SCOPE:
        label = labels(FOI_FACTS)[value]  # type: ignore[index]
        errors["fact"] = f"{label} is answered about systems: choose a scope, or answer in your own words"
    return value  # type: ignore[return-value]


def _number(value: object, errors: dict) -> str:
    number = value.strip() if isinstance(value, str) else ""
    if not number:
        errors["number"] = "Enter the question's number as the requester wrote it, such as 1, 1a or 2i"
    elif not _NUMBER.match(number):
        errors["number"] = "Question number must be up to 20 letters, numbers, spaces and ( ) . / -"
    return number


def _text(value: object, key: str, label: str, errors: dict, required: bool) -> str:
    text = value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""
    if required and not text:
        errors[key] = f"Enter the {label}"
    elif len(text) > TEXT_LIMIT:
        errors[key] = f"The {label} must be {TEXT_LIMIT:,} characters or fewer (it has {len(text):,})"
    return text


def validate(db: Database, actor: Actor, data: dict) -> dict:
    """One question's values from input; raises Invalid with a message per field."""
    errors: dict[str, str] = {}
    values = {
        "number": _number(data.get("number"), errors),
        "text": _text(data.get("text"), "text", "question's text", errors, required=True),
        **_scope(db, actor, data, errors),
        "answer": _text(data.get("answer"), "answer", "answer", errors, required=False),
    }
    values["fact"] = _fact(data.get("fact"), values["scope"], errors)
    values["confirmed"] = True
    values.update(_disposition(data, errors))
    if errors:
        raise Invalid(errors)
    return values


def _disposition(data: dict, errors: dict) -> dict:
    """How the question is answered, with the exemption, subsection or detail that way needs."""
    way = data.get("disposition") or "answer"
    found = {"disposition": way, "exemption": "", "subsection": "", "other": "", "detail": ""}
    if way not in labels(QUESTION_DISPOSITIONS):
        errors["disposition"] = "Choose how the question is answered from the list"
        return found
    if way == "ncnd":
        found["exemption"] = _ncnd_section(data.get("ncnd_exemption"), errors)
        found["subsection"] = exemptions.RULES[found["exemption"]].ncnd[3:] if found["exemption"] else ""
    elif way == "exempt":
        found.update(_exemption(data, errors))
    if way in ("s21", "s12", "not_held"):
        what = {
            "s21": "where the information is published, such as a link",
            "s12": "the estimate of the time and cost of answering",
            "not_held": "searches made",
        }[way]
        found["detail"] = _text(data.get("detail"), "detail", what, errors, required=way != "not_held")
    return found


def _ncnd_section(value: object, errors: dict) -> str:
    if value not in exemptions.NCND:
        sections = ", ".join(exemptions.RULES[k].ncnd for k in exemptions.NCND)
        errors["ncnd_exemption"] = f"Choose the section relied on to neither confirm nor deny: {sections}"
        return ""
    return value  # type: ignore[return-value]


def _exemption(data: dict, errors: dict) -> dict:
    exemption = data.get("exemption") or ""
    if exemption not in labels(EXEMPTIONS) or exemption == "s21":
        errors["exemption"] = (
            "Choose the exemption the answer is withheld under"
            if exemption != "s21"
            else "For section 21, choose ‘Published elsewhere’ and say where"
        )
        exemption = ""
    other = _text(data.get("other"), "other", "exemption's name", errors, required=False)[:200]
    if exemption == OTHER_EXEMPTION and not other:
        errors["other"] = "Name the exemption, for example section 42 (legal professional privilege)"
    subsection = str(data.get("subsection") or "").strip()
    if len(subsection) > 30:
        errors["subsection"] = "The subsection must be 30 characters or fewer, such as (1)(a)"
    return {
        "exemption": exemption,
        "other": other if exemption == OTHER_EXEMPTION else "",
        "subsection": subsection,
    }


def _not_ncnd(db: Database, request_id: int, values: dict) -> None:
    """A question may not name a system the request neither confirms nor denies, unless it is NCND itself."""
    if values["disposition"] == "ncnd":
        return
    hidden = set(foi_ncnd.for_request(db, request_id)) & set(values["system_ids"])
    if hidden:
        names = ", ".join(system_store.get(db, s)["name"] for s in sorted(hidden))  # type: ignore[index]
        raise Invalid(
            {
                "systems": f"{names}: this request neither confirms nor denies holding anything about it,"
                " so no answer may name it"
            }
        )


def _taken(db: Database, request_id: int, number: str, question_id: int | None) -> None:
    if store.numbers(db, request_id).get(store.number_key(number), question_id) != question_id:
        raise Invalid({"number": f"Question {number} is already in this request: each number is used once"})


def _request(db: Database, actor: Actor, request_id: int) -> FoiRequest:
    return foi.get(db, actor, request_id)


def _question(db: Database, question_id: int) -> FoiQuestion:
    found = store.get(db, question_id)
    if found is None:
        raise NotFound("No question with that id")
    return found


def get_request(db: Database, actor: Actor, request_id: int) -> FoiRequest:
    """The request whose questions these are."""
    return _request(db, actor, request_id)


def get(db: Database, actor: Actor, request_id: int, question_id: int) -> FoiQuestion:
    """One question of a request."""
    _request(db, actor, request_id)
    found = _question(db, question_id)
    if found["request_id"] != request_id:
        raise NotFound("No question with that id in this request")
    return found


def _suggested(text: str, scope: str) -> str:
    """The suggester's fact, unless it needs a scope the question does not have."""
    fact = rules.suggest(text)
    return "own" if scope == "none" and fact in FOI_FACTS_NEEDING_SCOPE else fact


def preview(db: Database, actor: Actor, request_id: int, data: dict) -> Preview:
    """Split pasted questions and suggest a fact for each, storing nothing; Invalid if they cannot be."""
    _manager(actor)
    _request(db, actor, request_id)
    errors: dict[str, str] = {}
    pasted = _text(data.get("pasted"), "pasted", "questions as the requester wrote them", errors, True)
    scope = _scope(db, actor, data, errors)
    found = rules.split(pasted)
    if pasted and not found.items:
        errors["pasted"] = "No numbered questions were found: start each one on a new line with its number"
    errors.update(_paste_problems(db, request_id, found.items) if "pasted" not in errors else {})
    if errors:
        raise Invalid(errors)
    items = [
        {"number": i.number, "text": i.text, **scope, "fact": _suggested(i.text, scope["scope"])}
        for i in found.items
    ]
    return Preview(items, found.preamble)


def _paste_problems(db: Database, request_id: int, items: list[rules.Item]) -> dict[str, str]:
    """The first problem with the split: a question without text, or a number used twice."""
    used = store.numbers(db, request_id)
    seen: set[str] = set()
    for item in items:
        key = store.number_key(item.number)
        if not item.text:
            return {"pasted": f"Question {item.number} has no text: write it after its number"}
        if len(item.number) > 20 or len(item.text) > TEXT_LIMIT:
            return {"pasted": f"Question {item.number} is too long to be one question"}
        if key in seen:
            return {
                "pasted": f"Question {item.number} appears twice in the pasted text: each number is used once"
            }
        if key in used:
            return {"pasted": f"Question {item.number} is already in this request: each number is used once"}
        seen.add(key)
    return {}


def add_pasted(db: Database, actor: Actor, request_id: int, data: dict) -> int:
    """Add every question of a paste, each with its suggested fact still to confirm; return how many."""
    with transaction(db):
        found = preview(db, actor, request_id, data)
        for item in found.items:
            store.insert(db, request_id, {**item, "confirmed": False, "answer": ""}, actor.email)
        numbers = [i["number"] for i in found.items]
        request = _request(db, actor, request_id)
        foi.audit_part(db, actor, "foi.questions_add", request, f"Added questions {', '.join(numbers)}", data)
    return len(found.items)


def add(db: Database, actor: Actor, request_id: int, data: dict) -> int:
    """Add one question; without a fact it gets the suggested one, still to confirm. Return its id."""
    _manager(actor)
    with transaction(db):
        request = _request(db, actor, request_id)
        suggested = not data.get("fact")
        if suggested:
            data = {**data, "fact": _suggested(str(data.get("text") or ""), str(data.get("scope") or "none"))}
        values = {**validate(db, actor, data), "confirmed": not suggested}
        _taken(db, request_id, values["number"], None)
        _not_ncnd(db, request_id, values)
        question_id = store.insert(db, request_id, values, actor.email)
        foi.audit_part(db, actor, "foi.question_add", request, f"Added question {values['number']}", values)
    return question_id


def update(db: Database, actor: Actor, question_id: int, data: dict, revision: int) -> None:
    """Change a question, confirming its fact, unless someone else saved first."""
    _manager(actor)
    with transaction(db):
        current = _question(db, question_id)
        request = _request(db, actor, current["request_id"])
        values = validate(db, actor, data)
        _taken(db, request["id"], values["number"], question_id)
        _not_ncnd(db, request["id"], values)
        if not store.update(db, question_id, revision, values, actor.email):
            raise Conflict(CONFLICT)
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        foi.audit_part(
            db, actor, "foi.question_update", request, f"Changed question {values['number']}", changed
        )


def delete(db: Database, actor: Actor, question_id: int, revision: int) -> None:
    """Delete a question unless someone else changed it first."""
    _manager(actor)
    with transaction(db):
        current = _question(db, question_id)
        request = _request(db, actor, current["request_id"])
        if not store.delete(db, question_id, revision):
            raise Conflict(CONFLICT)
        details = {"number": current["number"], "text": current["text"]}
        foi.audit_part(
            db, actor, "foi.question_delete", request, f"Deleted question {current['number']}", details
        )


def move(db: Database, actor: Actor, question_id: int, direction: str) -> None:
    """Move a question one place up or down the request's list; at either end it stays where it is."""
    _manager(actor)
    if direction not in ("up", "down"):
        raise Invalid({"direction": "Move a question up or down"})
    with transaction(db):
        current = _question(db, question_id)
        request = _request(db, actor, current["request_id"])
        siblings = store.for_request(db, request["id"])
        at = next(n for n, q in enumerate(siblings) if q["id"] == question_id)
        other = at - 1 if direction == "up" else at + 1
        if 0 <= other < len(siblings):
            store.swap(db, current, siblings[other])
            summary = f"Moved question {current['number']} {direction}"
            foi.audit_part(db, actor, "foi.question_move", request, summary, {"direction": direction})


def scope_systems(db: Database, actor: Actor, question: FoiQuestion) -> list[System]:
    """The register's systems a question is about, as the actor may see them: by category, or named."""
    if question["scope"] == "categories":
        found: list = []
        for category in question["categories"]:
            found += system_store.listing(
                db,
                see_sensitive=actor.can_see_sensitive,
                category=category,
                lifecycle="",
                sort="name",
                descending=False,
            )
        # Systems of several categories read as one list, by name.
        return sorted(found, key=lambda system: system["name"].casefold())
    named = []
    for system_id in question["system_ids"]:
        try:
            named.append(system_rules.get(db, actor, system_id))
        except NotFound:
            continue  # hidden from this actor: not even named
    return named


def listing(db: Database, actor: Actor, request_id: int) -> list[dict]:
    """A request's questions for its page: scope in words, the fact's label, a parent question's answer."""
    day = as_at.request_day(_request(db, actor, request_id))
    shown = []
    for question in store.for_request(db, request_id):
        systems = scope_systems(db, actor, question)
        item: dict = {**question, "systems": systems, "fact_label": labels(FOI_FACTS)[question["fact"]]}
        item["scope_text"] = _scope_text(question, systems)
        if question["fact"] == "parent":
            then = _as_recorded(db, actor, systems, day)
            item["parent_answer"], item["used"] = rules.parent_answer(then)  # type: ignore[arg-type]
        shown.append(item)
    return shown


def _as_recorded(db: Database, actor: Actor, systems: list[System], day: date) -> list[System]:
    """The scope's systems as the register recorded them on the day the request is answered as at.

    A system retired since still counts as used, and one deployed only after the day does not.
    """
    entries = (as_at.entry(db, actor, system, day) for system in systems)
    return [entry.system for entry in entries if entry is not None]


def _scope_text(question: FoiQuestion, systems: list[System]) -> str:
    if question["scope"] == "categories":
        return ", ".join(labels(CATEGORIES)[c] for c in question["categories"])
    if question["scope"] == "systems":
        return ", ".join(s["name"] for s in systems) or "No systems you may see"
    return "None"
