"""What review reminders and the weekly digest say: stages and plain-text messages, with no sending."""

from dataclasses import dataclass
from datetime import date

from dpia.domain.reviews import span
from dpia.vocab import SENSITIVE


@dataclass(frozen=True)
class Stage:
    """A point before (or after) a review's due date at which owners and approvers are reminded."""

    name: str
    within_days: int  # sent once the due date is this many days away or fewer; negative means past it


# Latest first: a run that finds a review 5 days away sends the 7-day reminder, not the 30-day one as well.
STAGES = (Stage("overdue", -1), Stage("7_days", 7), Stage("30_days", 30))


def stage_for(review_due: date, today: date) -> Stage | None:
    """The reminder a review is due for today, or None while it is more than 30 days away."""
    days = (review_due - today).days
    for stage in STAGES:
        if days <= stage.within_days:
            return stage
    return None


def review_key(version_id: int, review_due: str, stage: Stage) -> str:
    """What identifies one reminder, so a scheduled run never sends it twice."""
    return f"review:{version_id}:{review_due}:{stage.name}"


def digest_key(today: date) -> str:
    """One digest per ISO week."""
    year, week, _ = today.isocalendar()
    return f"digest:{year}-W{week:02d}"


@dataclass(frozen=True)
class Message:
    """A plain-text email before it has an envelope."""

    to: tuple[str, ...]
    subject: str
    body: str


def long_date(day: date) -> str:
    """GOV.UK style: 4 January 2027."""
    return f"{day.day} {day:%B %Y}"


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def _days(count: int) -> str:
    return _count(count, "day")


def _when(review_due: date, today: date) -> str:
    days = (review_due - today).days
    if days < 0:
        return f"was due on {long_date(review_due)} and is {span(review_due, today)} overdue"
    if days == 0:
        return f"is due today, {long_date(review_due)}"
    return f"is due on {long_date(review_due)}, in {_days(days)}"


def _sensitive(item: dict) -> bool:
    return SENSITIVE in (item.get("marking"), item.get("system_marking"))


def describe(item: dict) -> str:
    """An assessment named for an email: OFFICIAL-SENSITIVE titles and systems stay in the register."""
    if _sensitive(item):
        return f"{item['reference']} (marked {SENSITIVE}: sign in to see its title and system)"
    return f"{item['reference']}, ‘{item['title']}’ ({item['system_name']})"


def version_link(item: dict, base_url: str) -> str:
    """Where the version is in the register, or how to find it when no BASE_URL is set."""
    if not base_url:
        return "Sign in to the register and open the Reviews page to find it."
    return f"{base_url.rstrip('/')}/assessments/{item['assessment_id']}/versions/{item['number']}"


def review_message(
    item: dict, stage: Stage, today: date, to: list[str], owner_reached: bool, service: str, base_url: str
) -> Message:
    """The reminder to an assessment's owner and approvers that its review is coming up or overdue."""
    due = date.fromisoformat(item["review_due"])
    overdue = stage.name == "overdue"
    subject = (
        f"Review overdue: {item['reference']}"
        if overdue
        else f"Review due on {long_date(due)}: {item['reference']}"
    )
    lines = [
        "Hello,",
        "",
        f"The review of {describe(item)} {_when(due, today)}.",
        "",
    ]
    if not owner_reached:
        lines += [
            f"We could not email the owner, ‘{item['owner'] or 'no owner recorded'}’: no active account has"
            " that email address or name. Please tell them, or change the owner to their email address in"
            " a new version.",
            "",
        ]
    if overdue:
        lines += [
            "Until it is reviewed, the assessment may no longer describe how the system is used, and the"
            " force may not be able to show that its risks are still managed.",
            "",
        ]
    lines += [
        "To review it, start a new version of the assessment, check that every answer is still true, and"
        " submit it for approval.",
        "",
        version_link(item, base_url),
        "",
        f"You are getting this email because you own or approve this assessment in the {service}.",
    ]
    return Message(tuple(to), subject, "\n".join(lines) + "\n")


def digest_message(items: list[dict], today: date, to: list[str], service: str, base_url: str) -> Message:
    """The weekly summary for compliance leads of every review overdue or due within 30 days."""
    overdue = [i for i in items if date.fromisoformat(i["review_due"]) < today]
    soon = [i for i in items if date.fromisoformat(i["review_due"]) >= today]
    subject = f"Reviews this week: {len(overdue)} overdue, {len(soon)} due within 30 days"
    lines = ["Hello,", "", f"This is the weekly summary of assessment reviews, as at {long_date(today)}.", ""]
    for heading, group in (("Overdue", overdue), ("Due within 30 days", soon)):
        lines += [f"{heading}: {len(group)}", ""]
        lines += [f"- {describe(i)}: {_when(date.fromisoformat(i['review_due']), today)}" for i in group]
        lines += [""] if group else []
    if not items:
        lines += ["No reviews are overdue or due within 30 days.", ""]
    if base_url:
        lines += [f"See every review: {base_url.rstrip('/')}/reviews", ""]
    lines += [f"You are getting this email because you are a compliance lead for the {service}."]
    return Message(tuple(to), subject, "\n".join(lines) + "\n")
