"""The statutory clock of an FOI request, worked out from its dated history.

The rule implemented, and why:
- FOIA s10(1): comply no later than the twentieth working day following the date of receipt; the day of
  receipt is day zero (holidays.add_working_days). Working days skip weekends and bank holidays in England
  and Wales (s10(6)).
- s1(3) and s10(6): where the authority reasonably needs further information to identify what is asked
  for and tells the requester so, it need not comply until it has that information, and "date of receipt"
  then means the day the further information is received. So seeking clarification stops the clock, and
  the answer starts a fresh 20 working days from the day it arrives: the days used before clarification
  was sought are not carried over (this is also the ICO's reading in its guidance on time limits).
- s10(3) with s17(2): for the public interest test the response may take "such time as is reasonable";
  the officer records the new date and why. The ICO expects no more than a further 20 working days
  beyond the statutory date; longer is recorded with a warning, not refused.
- Internal review (s45 code of practice, 2018, part 5): aim to finish within 20 working days of the
  request for review, and never more than 40.
"""

from dataclasses import dataclass
from datetime import date

from dpia.records import FoiEvent, FoiRequest
from dpia.services.disclosure import holidays
from dpia.vocab import FOI_EXTENSION_WORKING_DAYS, FOI_REVIEW_WORKING_DAYS, FOI_WORKING_DAYS


@dataclass(frozen=True)
class Clock:
    """Where a request's statutory clock stands."""

    received: date
    # The day the 20 working days run from: receipt, or the last clarification received (s10(6)).
    start: date
    statutory_due: date
    # The statutory date, or a later one set by a public interest extension (s10(3)).
    due: date
    awaiting_since: date | None = None
    extension: FoiEvent | None = None
    response: FoiEvent | None = None
    closed: FoiEvent | None = None
    review_requested: date | None = None
    review_due: date | None = None
    review_closed: FoiEvent | None = None

    @property
    def stopped(self) -> bool:
        """Clarification has been sought and not yet received."""
        return self.awaiting_since is not None

    @property
    def reviewing(self) -> bool:
        """An internal review has been asked for and has no outcome yet."""
        return self.review_requested is not None and self.review_closed is None


def compute(request: FoiRequest, known: dict[date, str] | set[date]) -> Clock:
    """Replay a request's events, oldest first, to find its due dates and where it stands."""
    received = date.fromisoformat(request["received"])
    due = holidays.add_working_days(received, FOI_WORKING_DAYS, known)
    state: dict = {"received": received, "start": received, "statutory_due": due, "due": due}
    for event in request.get("events", []):
        _apply(state, event, known)
    return Clock(**state)


def _apply(state: dict, event: FoiEvent, known: dict[date, str] | set[date]) -> None:
    day = date.fromisoformat(event["day"])
    kind = event["kind"]
    if kind == "clarification_sought":
        state["awaiting_since"] = day
    elif kind == "clarification_received":
        due = holidays.add_working_days(day, FOI_WORKING_DAYS, known)
        state.update(awaiting_since=None, start=day, statutory_due=due, due=due, extension=None)
    elif kind == "extended" and event["new_due"]:
        state.update(due=date.fromisoformat(event["new_due"]), extension=event)
    elif kind == "responded":
        state["response"] = event
    elif kind == "closed":
        state["closed"] = event
    elif kind == "review_requested":
        review_due = holidays.add_working_days(day, FOI_REVIEW_WORKING_DAYS, known)
        state.update(review_requested=day, review_due=review_due, review_closed=None)
    elif kind == "review_closed":
        state["review_closed"] = event


def longest_extension(clock: Clock, known: dict[date, str] | set[date]) -> date:
    """The latest date the ICO normally accepts for a public interest extension: 20 more working days."""
    return holidays.add_working_days(clock.statutory_due, FOI_EXTENSION_WORKING_DAYS, known)
