"""Template filters and globals: how dates, money and labels are shown."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from dpia import partial_dates, vocab
from dpia.domain import answers, exemptions
from dpia.domain.answer_types import ANSWER_TYPES
from dpia.domain.redaction import citation
from dpia.domain.targets import row_key
from dpia.kinds.derive import ico_risk, residual_risks
from dpia.services.monitoring.tables import span, span_of
from dpia.views.navigation import main_navigation
from dpia.web import current_actor

LONDON = ZoneInfo("Europe/London")


def when(stamp: str | None) -> str:
    """A stored UTC timestamp in UK local time: "14 June 2022 at 3:05pm"."""
    if not stamp:
        return ""
    local = datetime.fromisoformat(stamp).astimezone(LONDON)
    clock = local.strftime("%I:%M%p").lstrip("0").lower()
    return f"{local.day} {local.strftime('%B %Y')} at {clock}"


def day(stamp: str | None) -> str:
    """A stored UTC timestamp as a UK date: "14 June 2022"."""
    if not stamp:
        return ""
    local = datetime.fromisoformat(stamp).astimezone(LONDON)
    return f"{local.day} {local.strftime('%B %Y')}"


def money(pence: int | None) -> str:
    """Whole pence as pounds: "£12,500.00"."""
    return "" if pence is None else f"£{pence / 100:,.2f}"


def date_parts(iso: str | None) -> dict[str, str]:
    """A stored partial date split for a GOV.UK date input."""
    if not iso:
        return {"day": "", "month": "", "year": ""}
    found = partial_dates.PartialDate.parse(iso)
    return {
        "day": str(found.day or ""),
        "month": str(found.month or ""),
        "year": str(found.year),
    }


def register(app: Flask) -> None:
    """Install filters and globals on the app's Jinja environment."""
    app.jinja_env.filters.update(
        partial_date=lambda iso: partial_dates.display(iso, "Not known"),
        when=when,
        day=day,
        money=money,
        date_parts=date_parts,
    )
    app.jinja_env.globals.update(
        vocab=vocab,
        labels=vocab.labels,
        current_actor=current_actor,
        main_navigation=main_navigation,
        # Templates render each answer type through the macros it names.
        answer_type=ANSWER_TYPES.__getitem__,
        cell_text=answers.cell_text,
        cell_value=answers.cell_value,
        value_text=answers.value_text,
        row_title=answers.row_title,
        declared_rows=answers.declared_rows,
        row_hints=answers.row_hints,
        residual_risks=residual_risks,
        # Monitoring periods in words, one way on every page: "April 2017 to December 2019".
        period_span=span,
        stored_period_span=span_of,
        ico_risk=ico_risk,
        citation=citation,
        row_key=row_key,
        # The letter preview renders each block of the document model by its kind.
        block_kind=lambda block: type(block).__name__.lower(),
        exemption_rules=exemptions.RULES,
        ncnd_sections=exemptions.NCND,
    )
