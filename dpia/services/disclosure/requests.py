"""FOI requests: reference, dates, the systems in scope, and what the register holds about them.

FOI officers create and change requests; every signed-in user may read them, so editors can see which
assessments a request is waiting for. Notes must not hold the requester's personal data.
"""

import re
from dataclasses import dataclass
from datetime import date

from dpia import kinds
from dpia.actor import Actor
from dpia.domain.validate import LONG, Checker
from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.partial_dates import long_date
from dpia.records import FoiRequest
from dpia.services import systems as system_rules
from dpia.services.accounts import audit
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import clock, holidays
from dpia.store import assessments as assessment_store
from dpia.store import foi as store
from dpia.store.db import Database, transaction
from dpia.vocab import FOI_OUTCOMES, FOI_STATUSES, FOI_WORKING_DAYS, REVIEW_OUTCOMES, labels

_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,39}$")
CONFLICT = "Someone else changed this request while you were editing it. Your changes have not been saved."


def _date(check: Checker, key: str, value: object, label: str, required: bool) -> date | None:
    found = check.partial_date(key, value, label)
    if found is None:
        if required and key not in check.errors:
            check.fail(key, f"Enter the {label.lower()}")
        return None
    if found.precision != "day":
        check.fail(key, f"{label} must include a day, month and year")
        return None
    day = found.earliest()
    if day > assessments.today():
        check.fail(key, f"{label} must be today or in the past")
    return day


def _systems(check: Checker, db: Database, actor: Actor, value: object) -> list[int]:
    ids = []
    for raw in value or []:
        try:
            system_id = int(raw)
            system_rules.get(db, actor, system_id)
        except (TypeError, ValueError, NotFound):
            check.fail("systems", "Choose systems from the register")
            return []
        if system_id not in ids:
            ids.append(system_id)
    return ids


def validate(db: Database, actor: Actor, data: dict, request_id: int | None) -> tuple[dict, list[int] | None]:
    """A request's values and systems in scope from input (None if it sends none); Invalid per field.

    The request form leaves the scope to its own step (services/disclosure/scope.py); the API sends both.
    """
    check = Checker()
    reference = check.text(
        "reference",
        data.get("reference"),
        "Request reference",
        required=True,
        max_len=40,
        missing="Enter the request's reference, such as 855A/22",
    )
    if reference and not _REFERENCE.match(reference):
        check.fail("reference", "Request reference must use only letters, numbers, spaces and . / _ -")
    elif reference and store.find_id(db, reference) not in (None, request_id):
        check.fail("reference", f"Request reference {reference} is already used by another request")
    received = _date(check, "received", data.get("received"), "Date received", required=True)
    as_at = _as_at(check, data.get("as_at"), received)
    status = check.choice(
        "status", data.get("status") or "open", "Status", FOI_STATUSES, missing="Select the request's status"
    )
    responded = _date(check, "responded", data.get("responded"), "Date responded", required=False)
    if responded and received and responded < received:
        check.fail("responded", "Date responded must be the same as or after the date received")
    if status in ("responded", "closed") and not responded and "responded" not in check.errors:
        responded = assessments.today()
    values = {
        "reference": reference,
        "subject": check.text("subject", data.get("subject"), "Subject", max_len=200),
        "received": received.isoformat() if received else "",
        "status": status,
        "responded": responded.isoformat() if responded and status != "open" else None,
        "notes": check.text("notes", data.get("notes"), "Notes", max_len=LONG),
        "as_at": as_at.isoformat() if as_at and as_at != received else None,
    }
    system_ids = _systems(check, db, actor, data.get("systems")) if "systems" in data else None
    check.raise_if_any()
    values["due"] = due_date(db, received).isoformat()  # type: ignore[arg-type]
    return values, system_ids


def _as_at(check: Checker, value: object, received: date | None) -> date | None:
    """The day to answer as at, if the officer chose one: from the day received to today (FOIA s1(4)).

    Not earlier, since the Act asks what was held when the request was received; later suits a request
    clarified since (s10(6)) or an answer the officer chooses to bring up to date.
    """
    day = _date(check, "as_at", value, "Date to answer as at", required=False)
    if day and received and day < received:
        first = long_date(received.isoformat())
        check.fail("as_at", f"Date to answer as at must be the same as or after the date received, {first}")
    return day


def due_date(db: Database, received: date) -> date:
    """20 working days after receipt (FOIA s10), the day of receipt being day zero."""
    return holidays.add_working_days(received, FOI_WORKING_DAYS, holidays.holidays(db))


def create(db: Database, actor: Actor, data: dict) -> int:
    """Record a new FOI request; return its id."""
    if not actor.may("manage_foi"):
        raise Forbidden("Only FOI officers can record FOI requests")
    with transaction(db):
        values, system_ids = validate(db, actor, data, None)
        request_id = store.insert(db, values, system_ids or [], actor.email)
        _audit(db, actor, "foi.create", request_id, f"Recorded FOI request {values['reference']}", values)
        _note_response(db, actor, request_id, values, [])
    return request_id


def update(db: Database, actor: Actor, request_id: int, data: dict, revision: int) -> None:
    """Change a request unless someone else saved first."""
    if not actor.may("manage_foi"):
        raise Forbidden("Only FOI officers can change FOI requests")
    with transaction(db):
        current = get(db, actor, request_id)
        values, sent = validate(db, actor, data, request_id)
        system_ids = current["system_ids"] if sent is None else sent
        # Systems the saver may not see stay in scope: the form could not show them, so it cannot drop them.
        system_ids = [*system_ids, *(s for s in hidden_scope(db, actor, current) if s not in system_ids)]
        values["due"] = _due_after_events(db, current, values["received"])
        if not store.update(db, request_id, revision, values, system_ids, actor.email):
            raise Conflict(CONFLICT)
        _note_response(db, actor, request_id, values, current["events"])
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        if set(system_ids) != set(current["system_ids"]):
            changed["systems"] = system_ids
        _audit(db, actor, "foi.update", request_id, f"Changed FOI request {values['reference']}", changed)


def _due_after_events(db: Database, current: FoiRequest, received: str) -> str:
    """The due date once the request's history is replayed from a possibly corrected date of receipt."""
    events = current["events"]
    if events and received > events[0]["day"]:
        first = long_date(events[0]["day"])
        raise Invalid(
            {"received": f"Date received must be on or before {first}, the first date in its history"}
        )
    return clock.compute({**current, "received": received}, holidays.holidays(db)).due.isoformat()


def _note_response(db: Database, actor: Actor, request_id: int, values: dict, events: list) -> None:
    """A response recorded on the request form appears in its history too, once."""
    if values["status"] == "open" or any(e["kind"] == "responded" for e in events):
        return
    event = {"kind": "responded", "day": values["responded"]}
    store.add_event(db, request_id, event, actor.email)
    _audit(db, actor, "foi.responded", request_id, f"Responded: FOI request {values['reference']}", event)


def _audit(db: Database, actor: Actor, action: str, request_id: int, summary: str, details: dict) -> None:
    # Notes may be long and are not needed to follow what happened.
    audit.record(
        db,
        actor,
        action,
        object_type="foi_request",
        object_id=request_id,
        summary=summary,
        details={k: v for k, v in details.items() if k != "notes"},
    )


def audit_part(
    db: Database, actor: Actor, action: str, request: FoiRequest, summary: str, details: dict
) -> None:
    """Audit a change to part of a request (a question, a reason): "<summary> for FOI request 855A/22"."""
    _audit(db, actor, action, request["id"], f"{summary} for FOI request {request['reference']}", details)


def get(db: Database, actor: Actor, request_id: int) -> FoiRequest:
    """One request, with the systems in scope the actor may see."""
    found = store.get(db, request_id)
    if found is None:
        raise NotFound("No FOI request with that id")
    return found


def find(db: Database, reference: str) -> dict | None:
    """The request with this reference (any case or spacing), if there is one."""
    request_id = store.find_id(db, reference)
    return store.get(db, request_id) if request_id is not None else None


@dataclass(frozen=True)
class Deadline:
    """Where a request stands against its due date."""

    due: date
    days: int  # working days left; negative when overdue
    text: str
    running: bool = False  # the response or an internal review is being counted down
    stopped: bool = False  # clarification is awaited (s1(3))
    prefix: str = ""  # what is being counted down when it is not the response: "Internal review:"

    @property
    def countdown(self) -> str:
        """The text without its prefix, short enough for a tag on one line: "15 working days left"."""
        rest = self.text[len(self.prefix) :].lstrip()
        return rest[:1].upper() + rest[1:]


def deadline(db: Database, request: FoiRequest, today: date | None = None) -> Deadline:
    """Working days left before the due date (or the internal review's), or how overdue it is."""
    today = today or assessments.today()
    known = holidays.holidays(db)
    state = clock.compute(request, known)
    # A request closed on its form during a review says so, rather than counting a review down.
    if state.reviewing and request["status"] != "closed":
        return _countdown(state.review_due, today, known, "Internal review: ")  # type: ignore[arg-type]
    if request["status"] != "open":
        return Deadline(state.due, 0, _finished(request, state))
    if state.stopped:
        since = long_date(state.awaiting_since.isoformat())  # type: ignore[union-attr]
        return Deadline(state.due, 0, f"Clock stopped: awaiting clarification since {since}", stopped=True)
    return _countdown(state.due, today, known, "")


def _countdown(due: date, today: date, known: dict[date, str], prefix: str) -> Deadline:
    days = holidays.working_days_between(today, due, known)
    if days > 0:
        text = f"{days} working day{'s' if days != 1 else ''} left"
    elif today == due:
        text = "Due today"
    else:
        text = f"Overdue by {-days} working day{'s' if days != -1 else ''}" if days else "Overdue"
    if prefix:
        text = prefix + text[0].lower() + text[1:]
    return Deadline(due, days, text, running=True, prefix=prefix.strip())


def _finished(request: FoiRequest, state: clock.Clock) -> str:
    """ "Responded on 14 June 2022", "Closed on 14 June 2022: granted in part", or the review's outcome."""
    if request["status"] == "closed" and state.review_closed:
        outcome = labels(REVIEW_OUTCOMES)[state.review_closed["outcome"]].lower()
        return f"Internal review closed on {long_date(state.review_closed['day'])}: {outcome}"
    responded = request["responded"]
    text = labels(FOI_STATUSES)[request["status"]] + (f" on {long_date(responded)}" if responded else "")
    if request["status"] == "closed" and state.closed:
        text += ": " + labels(FOI_OUTCOMES)[state.closed["outcome"]].lower()
    return text


def listing(db: Database, actor: Actor, status: str = "") -> list[dict]:
    """Requests for the list page, each with where it stands."""
    status = status if status in labels(FOI_STATUSES) else ""
    return [
        {**r, "deadline": deadline(db, r), "systems": len(_visible_ids(db, actor, r["id"]))}
        for r in ({**found, "events": store.events(db, found["id"])} for found in store.listing(db, status))
    ]


def _visible_ids(db: Database, actor: Actor, request_id: int) -> list[int]:
    """The systems in scope the actor may know exist: hidden ones are not even counted."""
    found = []
    for system_id in store.get(db, request_id)["system_ids"]:
        try:
            found.append(system_rules.get(db, actor, system_id)["id"])
        except NotFound:
            continue
    return found


def for_system(db: Database, system_id: int) -> list[dict]:
    """Requests covering a system, newest first."""
    return store.for_system(db, system_id)


def hidden_scope(db: Database, actor: Actor, request: FoiRequest) -> list[int]:
    """The systems in a request's scope that this actor may not see."""
    hidden = []
    for system_id in request["system_ids"]:
        try:
            system_rules.get(db, actor, system_id)
        except NotFound:
            hidden.append(system_id)
    return hidden


def scope(db: Database, actor: Actor, request: FoiRequest) -> list[dict]:
    """The systems in scope the actor may see, each with its assessments per kind and what is missing."""
    found = []
    for system_id in request["system_ids"]:
        try:
            system = system_rules.get(db, actor, system_id)
        except NotFound:
            continue
        by_kind = {key: [] for key in kinds.FOI_KINDS}
        for version in assessment_store.for_system(db, system_id, actor.can_see_sensitive):
            if version["kind"] in by_kind:
                by_kind[version["kind"]].append(version)
        found.append({"system": system, "by_kind": by_kind, "missing": _missing(by_kind)})
    return sorted(found, key=lambda s: s["system"]["name"].casefold())


def _missing(by_kind: dict[str, list[dict]]) -> list[str]:
    """Kinds with no approved assessment: "no EqIA" or "no approved DPIA"."""
    gaps = []
    for key, versions in by_kind.items():
        kind = kinds.latest(key)
        if not versions:
            gaps.append(f"no {kind.short}")
        elif not any(v["status"] in ("approved", "superseded") for v in versions):
            gaps.append(f"no approved {kind.short}")
    return gaps
