"""Which assessments need attention: reviews overdue or due soon, and versions awaiting approval."""

from datetime import date, timedelta

from dpia.actor import Actor
from dpia.services.accounts import settings
from dpia.services.assessments.versions import today
from dpia.services.assessments.workflow import add_months
from dpia.store import assessments as store
from dpia.store.db import Database

SOON_DAYS = 30


def dashboard(db: Database, actor: Actor) -> dict:
    """Overdue reviews, reviews due within 30 days, and versions in review, across every system."""
    now = today()
    due = store.due_for_review(db, (now + timedelta(days=SOON_DAYS)).isoformat(), actor.can_see_sensitive)
    for version in due:
        version["days"] = (date.fromisoformat(version["review_due"]) - now).days
    return {
        "overdue": [v for v in due if v["days"] < 0],
        "due_soon": [v for v in due if v["days"] >= 0],
        "in_review": store.in_status(db, "in_review", actor.can_see_sensitive),
        "soon_days": SOON_DAYS,
        "today": now,
    }


def approval_defaults(db: Database) -> dict:
    """What the approval form offers: today, and the review date the set period later."""
    months = settings.value(db, "review_months")
    return {"approved": today(), "review_due": add_months(today(), months), "months": months}  # type: ignore[arg-type]
