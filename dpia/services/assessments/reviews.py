"""Which assessments need attention: reviews overdue or due soon, and versions awaiting approval."""

from collections.abc import Iterable
from datetime import date, timedelta

from dpia.actor import Actor
from dpia.domain.reviews import SOON_DAYS, add_months, version_state
from dpia.services.accounts import settings
from dpia.services.assessments.versions import today
from dpia.store import assessments as store
from dpia.store.db import Database


def dashboard(db: Database, actor: Actor) -> dict:
    """Overdue reviews, reviews due within 30 days, and versions in review, across every system."""
    now = today()
    due = store.due_for_review(db, (now + timedelta(days=SOON_DAYS)).isoformat(), actor.can_see_sensitive)
    mark(due, now)
    return {
        "overdue": [v for v in due if v["review"].overdue],
        "due_soon": [v for v in due if not v["review"].overdue],
        "in_review": store.in_status(db, "in_review", actor.can_see_sensitive),
        "soon_days": SOON_DAYS,
        "today": now,
    }


def mark(versions: Iterable[dict], now: date | None = None) -> None:
    """Give each version its review state under "review", for the pages that show review dates."""
    now = now or today()
    for version in versions:
        version["review"] = version_state(version, now)


def approval_defaults(db: Database) -> dict:
    """What the approval form offers: today, and the review date the set period later."""
    months = settings.value(db, "review_months")
    return {"approved": today(), "review_due": add_months(today(), months), "months": months}  # type: ignore[arg-type]
