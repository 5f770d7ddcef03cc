"""An FOI request's dated history: clarification, extension, closing with an outcome, internal review.

Each step is checked against the request's present state (NotNow) and its input (Invalid, a message per
field) before anything is stored; a step changes the request's status and due date, bumps its revision,
and is audited. The clock rules are in clock.py. Closing a request that has questions is also checked
against the drafted response: an outcome the letter contradicts is refused, naming the answers that do.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from dpia.actor import Actor
from dpia.domain import outcomes
from dpia.domain.validate import LONG, Checker
from dpia.errors import Conflict, Forbidden, Invalid, NotNow
from dpia.partial_dates import long_date
from dpia.records import FoiRequest
from dpia.services.accounts import audit
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import holidays, packs
from dpia.services.disclosure import requests as foi
from dpia.services.disclosure.clock import Clock, compute, longest_extension
from dpia.store import foi as store
from dpia.store import foi_questions as question_store
from dpia.store.db import Database, transaction
from dpia.vocab import (
    FOI_EVENTS,
    FOI_OUTCOMES,
    FOI_REVIEW_ASK_WITHIN,
    FOI_REVIEW_LONGEST,
    FOI_WORKING_DAYS,
    REVIEW_OUTCOMES,
    labels,
)

Known = dict[date, str]


@dataclass
class Step:
    """What one step stores: its events, the request's new status, and what to tell the officer."""

    events: list[dict]
    status: str
    message: str
    responded: str | None = None
    due: date | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Recorded:
    """What happened, for a confirmation, and anything the officer should know about it."""

    message: str
    warnings: list[str]


def _day(check: Checker, request: FoiRequest, data: dict, label: str, after: tuple[date, str]) -> date | None:
    """The step's date: a full date, not in the future, and not before `after` (a date and what it is)."""
    key = "day"
    # Nor before the last step: the history is replayed in date order (clock.compute), so an earlier date
    # would change what the earlier steps meant.
    if request["events"] and request["events"][-1]["day"] > after[0].isoformat():
        after = (date.fromisoformat(request["events"][-1]["day"]), "the last date in its history")
    day = _full_date(check, data.get(key), key, label)
    if day and day > assessments.today():
        check.fail(key, f"{label} must be today or in the past")
    elif day and day < after[0]:
        check.fail(key, f"{label} must be the same as or after {after[1]} ({long_date(after[0])})")
    return day


def _full_date(check: Checker, value: object, key: str, label: str) -> date | None:
    found = check.partial_date(key, value, label)
    if found is None:
        if key not in check.errors:
            check.fail(key, f"Enter the {label[0].lower() + label[1:]}")
        return None
    if found.precision != "day":
        check.fail(key, f"{label} must include a day, month and year")
        return None
    return found.earliest()


def _received_or_clarified(clock: Clock) -> tuple[date, str]:
    if clock.start != clock.received:
        return clock.start, "the date the clarification was received"
    return clock.received, "the date the request was received"


def seek_clarification(request: FoiRequest, clock: Clock, data: dict, known: Known) -> Step:
    """s1(3): ask the requester what they mean; the clock stops."""
    if request["status"] != "open":
        raise NotNow("Clarification can only be sought while the request is open")
    if clock.stopped:
        raise NotNow(
            f"Clarification has been awaited since {long_date(clock.awaiting_since)}: record its answer first"
        )
    check = Checker()
    day = _day(check, request, data, "Date clarification was sought", _received_or_clarified(clock))
    check.raise_if_any()
    step = Step(
        [{"kind": "clarification_sought", "day": day}], "open", "Clarification sought: the clock has stopped."
    )
    if day > clock.due:
        step.warnings.append(f"Clarification was sought after the response was due ({long_date(clock.due)}).")
    return step


def receive_clarification(request: FoiRequest, clock: Clock, data: dict, known: Known) -> Step:
    """s10(6): the answer arrives; 20 working days start again from that day."""
    if not clock.stopped:
        raise NotNow("No clarification is awaited for this request")
    check = Checker()
    sought = (clock.awaiting_since, "the date it was sought")
    day = _day(check, request, data, "Date clarification was received", sought)  # type: ignore[arg-type]
    check.raise_if_any()
    due = holidays.add_working_days(day, FOI_WORKING_DAYS, known)  # type: ignore[arg-type]
    return Step(
        [{"kind": "clarification_received", "day": day}],
        "open",
        f"Clarification received: the clock starts again and the response is due on {long_date(due)}.",
        due=due,
    )


def extend(request: FoiRequest, clock: Clock, data: dict, known: Known) -> Step:
    """s10(3): more time to weigh the public interest, with the reason and the new date."""
    if request["status"] != "open":
        raise NotNow("Only an open request can be extended")
    if clock.stopped:
        raise NotNow("The clock is stopped while clarification is awaited: there is no due date to extend")
    check = Checker()
    day = _day(check, request, data, "Date the requester was told", _received_or_clarified(clock))
    new_due = _full_date(check, data.get("new_due"), "new_due", "New due date")
    if new_due and new_due <= clock.due:
        check.fail("new_due", f"New due date must be after the current due date ({long_date(clock.due)})")
    reason = check.text(
        "reason",
        data.get("reason"),
        "Why the public interest test needs more time",
        required=True,
        max_len=LONG,
    )
    check.raise_if_any()
    event = {"kind": "extended", "day": day, "new_due": new_due.isoformat(), "reason": reason}
    step = Step(
        [event], "open", f"Extended under section 10(3): the response is now due on {long_date(new_due)}."
    )
    step.due = new_due
    step.warnings += _extension_warnings(clock, day, new_due, known)
    return step


def _extension_warnings(clock: Clock, day: date, new_due: date, known: Known) -> list[str]:
    found = []
    if new_due > longest_extension(clock, known):
        found.append(
            "The new date is more than 20 working days after the statutory due date"
            f" ({long_date(clock.statutory_due)}). The ICO expects a longer extension only in exceptional"
            " cases."
        )
    if day > clock.due:
        found.append(
            f"The requester was told after the response was due ({long_date(clock.due)}): section 17(2)"
            " expects the notice within the 20 working days."
        )
    return found


def close(request: FoiRequest, clock: Clock, data: dict, known: Known) -> Step:
    """The response is sent (if it was not already) and the request closed with its outcome."""
    if request["status"] == "closed":
        raise NotNow(f"This request is already closed ({_closed_text(clock)})")
    if clock.reviewing:
        raise NotNow("An internal review is in progress: close the review with its outcome instead")
    if clock.stopped:
        raise NotNow("Clarification is awaited: record its answer before closing the request")
    check = Checker()
    responded = request["responded"]
    after = (
        (date.fromisoformat(responded), "the date responded") if responded else _received_or_clarified(clock)
    )
    day = _day(check, request, data, "Date closed", after)
    outcome = check.choice(
        "outcome", data.get("outcome"), "Outcome", FOI_OUTCOMES, missing="Select the outcome of the request"
    )
    check.raise_if_any()
    events = [] if responded else [_event("responded", day)]
    events.append({"kind": "closed", "day": day, "outcome": outcome})
    step = Step(
        events, "closed", f"Closed: {labels(FOI_OUTCOMES)[outcome].lower()}.", responded=responded or day
    )
    if not responded and day > clock.due:
        step.warnings.append(f"The response was sent after its due date ({long_date(clock.due)}).")
    return step


def _closed_text(clock: Clock) -> str:
    last = clock.review_closed or clock.closed
    return f"on {long_date(last['day'])}" if last else "by changing its status"


def request_review(request: FoiRequest, clock: Clock, data: dict, known: Known) -> Step:
    """The requester asks for an internal review of the response; the request reopens with its own clock."""
    if request["status"] == "open" or not request["responded"]:
        raise NotNow("This request has not been responded to: there is no response to review")
    if clock.reviewing:
        raise NotNow(
            f"An internal review is already in progress (requested on {long_date(clock.review_requested)})"
        )
    if clock.review_closed:
        raise NotNow(
            f"This request has had its internal review (closed on {long_date(clock.review_closed['day'])}):"
            " the requester may now complain to the Information Commissioner (section 50)"
        )
    check = Checker()
    responded = date.fromisoformat(request["responded"])
    day = _day(check, request, data, "Date the review was requested", (responded, "the date of the response"))
    check.raise_if_any()
    step = Step(
        [_event("review_requested", day)],
        "responded",
        "Internal review requested: the request is open for review.",
    )
    if day > holidays.add_working_days(responded, FOI_REVIEW_ASK_WITHIN, known):
        step.warnings.append(
            "The review was asked for more than 40 working days after the response: the code of practice"
            " allows a late request to be declined."
        )
    return step


def close_review(request: FoiRequest, clock: Clock, data: dict, known: Known) -> Step:
    """The internal review's outcome; the request closes again."""
    if not clock.reviewing:
        raise NotNow("No internal review is in progress for this request")
    check = Checker()
    asked = (clock.review_requested, "the date the review was requested")
    day = _day(check, request, data, "Date the review was closed", asked)  # type: ignore[arg-type]
    outcome = check.choice(
        "outcome",
        data.get("outcome"),
        "Review outcome",
        REVIEW_OUTCOMES,
        missing="Select the outcome of the internal review",
    )
    check.raise_if_any()
    event = {"kind": "review_closed", "day": day, "outcome": outcome}
    step = Step([event], "closed", f"Internal review closed: {labels(REVIEW_OUTCOMES)[outcome].lower()}.")
    if day > holidays.add_working_days(clock.review_requested, FOI_REVIEW_LONGEST, known):  # type: ignore[arg-type]
        step.warnings.append(
            "The review took more than 40 working days, the longest the code of practice allows."
        )
    return step


def _event(kind: str, day: date) -> dict:
    return {"kind": kind, "day": day.isoformat() if isinstance(day, date) else day}


STEPS: dict[str, Callable[[FoiRequest, Clock, dict, Known], Step]] = {
    "seek_clarification": seek_clarification,
    "receive_clarification": receive_clarification,
    "extend": extend,
    "close": close,
    "request_review": request_review,
    "close_review": close_review,
}


def record(db: Database, actor: Actor, request_id: int, action: str, data: dict, revision: int) -> Recorded:
    """Record one step of a request's history; nothing is stored when it is refused."""
    if not actor.may("manage_foi"):
        raise Forbidden("Only FOI officers can record what happens to FOI requests")
    if action not in STEPS:
        raise Invalid({"action": f"Action must be one of: {', '.join(STEPS)}"})
    with transaction(db):
        request = foi.get(db, actor, request_id)
        known = holidays.holidays(db)
        step = STEPS[action](request, compute(request, known), data, known)
        if action == "close":
            _check_outcome(db, actor, request, step)
        _store(db, actor, request, step, revision)
    return Recorded(step.message, step.warnings)


def _check_outcome(db: Database, actor: Actor, request: FoiRequest, step: Step) -> None:
    """Invalid if the closing outcome contradicts the drafted response; a request with no questions passes."""
    if not question_store.for_request(db, request["id"]):
        return
    closing = step.events[-1]
    response = packs.response(db, actor, request, closing["day"], "")
    passages = [outcomes.section(u.exemption, u.other) for u in response.used if u.passages]
    answered = [
        outcomes.Answered(a.question["number"], a.held, tuple(a.exemptions)) for a in response.drafted.answers
    ]
    contradiction = outcomes.contradiction(
        closing["outcome"], answered, passages, bool(response.drafted.ncnd)
    )
    if contradiction:
        raise Invalid({"outcome": contradiction})


def _store(db: Database, actor: Actor, request: FoiRequest, step: Step, revision: int) -> None:
    events = [
        {**e, "day": e["day"].isoformat() if isinstance(e["day"], date) else e["day"]} for e in step.events
    ]
    responded = step.responded.isoformat() if isinstance(step.responded, date) else step.responded
    values = {
        "status": step.status,
        "responded": responded or request["responded"],
        "due": (step.due.isoformat() if step.due else request["due"]),
    }
    if not store.move(db, request["id"], revision, values, actor.email):
        raise Conflict(foi.CONFLICT)
    for event in events:
        store.add_event(db, request["id"], event, actor.email)
        audit.record(
            db,
            actor,
            f"foi.{event['kind']}",
            object_type="foi_request",
            object_id=request["id"],
            summary=f"{labels(FOI_EVENTS)[event['kind']]}: FOI request {request['reference']}",
            details=event,
        )


def available(request: FoiRequest, clock: Clock) -> list[str]:
    """The steps that may be recorded now, for the request page's links."""
    if request["status"] == "open":
        return ["receive_clarification"] if clock.stopped else ["seek_clarification", "extend", "close"]
    if clock.reviewing:
        return ["close_review"]
    found = [] if request["status"] == "closed" else ["close"]
    if request["responded"] and clock.review_requested is None:
        found.append("request_review")
    return found
