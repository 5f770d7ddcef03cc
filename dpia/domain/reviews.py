"""When an approved assessment's review falls due: the tag every page shows, and the Reviews page's words."""

import calendar
from dataclasses import dataclass
from datetime import date

# Reviews due within this many days are flagged as due soon, everywhere the review date is shown.
SOON_DAYS = 30


@dataclass(frozen=True)
class ReviewState:
    """How a review-due date stands on a given day."""

    due: date
    days: int  # Days from today to the due date; negative when overdue.
    tag: str  # Short tag text, or "" when the review is not yet due soon.
    colour: str  # GOV.UK tag modifier class, or "" with no tag.
    wording: str  # "3 months and 4 days overdue", "due in 12 days", "due today".

    @property
    def overdue(self) -> bool:
        """Whether the review date has passed."""
        return self.days < 0


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_and_days(start: date, end: date) -> tuple[int, int]:
    """Whole calendar months from `start` to `end` (end not before start), and the days left over."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months, (end - add_months(start, months)).days


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


def span(start: date, end: date) -> str:
    """The time between two dates in years, months and days: "1 year, 2 months and 3 days"."""
    months, days = months_and_days(start, end)
    parts = [
        _count(n, unit) for n, unit in ((months // 12, "year"), (months % 12, "month"), (days, "day")) if n
    ]
    if not parts:
        return "0 days"
    return " and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]


def review_state(due: date, today: date) -> ReviewState:
    """The tag and wording for a review due on `due`, seen on `today`."""
    days = (due - today).days
    if days < 0:
        return ReviewState(due, days, "Overdue", "govuk-tag--red", f"{span(due, today)} overdue")
    if days == 0:
        return ReviewState(due, days, "Due today", "govuk-tag--orange", "due today")
    wording = f"due in {span(today, due)}"
    if days > SOON_DAYS:
        return ReviewState(due, days, "", "", wording)
    colour = "govuk-tag--orange" if days <= 7 else "govuk-tag--yellow"
    return ReviewState(due, days, f"Due in {_count(days, 'day')}", colour, wording)


def version_state(version: dict, today: date) -> ReviewState | None:
    """The review state of an assessment version: only an approved version with a review date has one."""
    return state_on(version.get("review_due"), today) if version.get("status") == "approved" else None


def state_on(due: str | None, today: date) -> ReviewState | None:
    """The review state for an ISO review-due date, or None when there is no date."""
    return review_state(date.fromisoformat(due[:10]), today) if due else None
