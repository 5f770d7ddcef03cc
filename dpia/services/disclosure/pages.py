"""What the FOI request page shows: deadline, scope, gaps, the pack's contents, reuse offers, the log."""

from dataclasses import dataclass, field
from datetime import date

from dpia.actor import Actor
from dpia.domain import exemptions as rules
from dpia.errors import Forbidden
from dpia.export import pdf
from dpia.partial_dates import long_date
from dpia.records import FoiRequest, System, Version
from dpia.services.disclosure import (
    answers,
    as_at,
    events,
    holidays,
    letter,
    packs,
    questions,
    refusals,
    withholding,
)
from dpia.services.disclosure import clock as foi_clock
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import requests as foi
from dpia.store import assessments as assessment_store
from dpia.store import foi_questions as question_store
from dpia.store import publications as publication_store
from dpia.store.db import Database


@dataclass
class RequestPage:
    """Everything the page about one request needs."""

    request: FoiRequest
    deadline: foi.Deadline
    scope: list[dict]
    planned: list[packs.Planned]
    earlier: int
    problems: list[str]
    entries: list[dict] = field(default_factory=list)
    holidays_until: int = 0
    clock: foi_clock.Clock | None = None
    # Why the response is due when it is: "20 working days after receipt", an extension and its reason.
    due_text: str = ""
    # The steps an FOI officer may record now (events.STEPS keys).
    actions: list[str] = field(default_factory=list)
    # The request's questions as the requester numbered them, with parent questions' answers.
    questions: list[dict] = field(default_factory=list)
    # The day the answer is drawn from the register as it stood, and what the officer must know about it.
    answer_day: date | None = None
    as_at_notes: list[str] = field(default_factory=list)
    # What was added or changed after that day: for the officer, never released.
    changed: list[as_at.Changed] = field(default_factory=list)
    # The drafted response, for those who may make the pack: None until the request has questions.
    response: "ResponseView | None" = None
    # Whether the pack can hold PDF copies: LibreOffice is installed on this server.
    pdf_available: bool = False
    # How many systems in scope this reader may not see (their names are never shown).
    hidden: int = 0
    # For FOI officers: every withholding mark on what the response would release, and how this request
    # has decided on it; marks decided elsewhere wait here to be confirmed or released.
    decisions: list[withholding.Decision] = field(default_factory=list)
    # Planned versions whose disclosure copy a live publication holds -> when it was published (s21).
    published: dict[int, str] = field(default_factory=dict)


@dataclass
class ExemptionView:
    """One exemption the response relies on, where, and whether its reason is ready."""

    key: str
    title: str
    where: str
    missing: list[str]
    written: bool


@dataclass
class ResponseView:
    """The drafted letter, its answers by question, the exemptions needing reasons and the NCND systems."""

    letter: packs.Response
    answers: dict[int, answers.Answer]
    exemptions: list[ExemptionView]
    ncnd: list[dict]
    # Systems the officer could choose to neither confirm nor deny: those the questions' scopes reach.
    ncnd_choices: list[System]
    letter_day: date


def response_view(db: Database, actor: Actor, request: FoiRequest) -> ResponseView | None:
    """The response as it would be sent today (or on the day recorded as sent)."""
    if not actor.may("disclose") or not question_store.for_request(db, request["id"]):
        return None
    day = packs.response_day(request)
    found = packs.response(db, actor, request, day, actor.email)
    exemption_views = [_exemption_view(used, found.reasons.get(used.key)) for used in found.used]
    hidden = refusals.ncnd_systems(db, actor, request["id"])
    return ResponseView(
        letter=found,
        answers={a.question["id"]: a for a in found.drafted.answers},
        exemptions=exemption_views,
        ncnd=hidden,
        ncnd_choices=_ncnd_choices(db, actor, request, {h["system"]["id"] for h in hidden}),
        letter_day=day,
    )


def _exemption_view(used: letter.Used, reason: dict | None) -> ExemptionView:
    where = []
    if used.questions:
        numbered = ", ".join(used.questions)
        where.append(f"question{'s' if len(used.questions) > 1 else ''} {numbered}")
    if used.passages:
        where.append("passages withheld in the released documents")
    return ExemptionView(
        used.key,
        rules.title(used.exemption, used.other),
        " and ".join(where),
        rules.missing(used.exemption, reason),
        reason is not None,
    )


def _ncnd_choices(db: Database, actor: Actor, request: FoiRequest, hidden: set[int]) -> list[System]:
    """Systems the request or its questions reach that are not hidden already, by name."""
    found = {s["id"]: s for s in packs.current_systems(db, actor, request, strict=False)}
    for question in question_store.for_request(db, request["id"]):
        found.update((s["id"], s) for s in questions.scope_systems(db, actor, question))
    chosen = [s for s in found.values() if s["id"] not in hidden]
    return sorted(chosen, key=lambda s: s["name"].casefold())


def request_page(db: Database, actor: Actor, request_id: int, libreoffice: str | None = None) -> RequestPage:
    """A request with what the register holds about its systems and what its pack would hold."""
    request = foi.get(db, actor, request_id)
    # Those who may not make the pack see what it holds of what they may see, and nothing of the rest.
    strict = actor.may("disclose")
    try:
        planned = packs.plan(db, actor, request, earlier=False, strict=strict)
        with_earlier = packs.plan(db, actor, request, earlier=True, strict=strict)
        problems = packs.problems(db, actor, request, with_earlier) if strict else []
    except Forbidden as refusal:
        planned, with_earlier, problems = [], [], [str(refusal)]
    entries = disclosure_log.entries(db, actor, request_id) if actor.may("read_disclosure_log") else []
    state = foi_clock.compute(request, holidays.holidays(db))
    day = as_at.request_day(request)
    notes, changed = _as_at_notes(db, actor, request, day)
    scope = foi.scope(db, actor, request)
    return RequestPage(
        answer_day=day,
        as_at_notes=notes,
        changed=changed,
        clock=state,
        due_text=due_text(state),
        actions=events.available(request, state) if actor.may("manage_foi") else [],
        request=request,
        deadline=foi.deadline(db, request),
        scope=scope,
        planned=planned,
        earlier=len(with_earlier) - len(planned),
        problems=problems,
        entries=entries,
        holidays_until=holidays.known_until(db),
        questions=questions.listing(db, actor, request_id),
        response=response_view(db, actor, request),
        pdf_available=pdf.available(libreoffice),
        # The scope lists only the systems this reader may see: the rest are hidden from them.
        hidden=len(request["system_ids"]) - len(scope),
        decisions=withholding.review(db, actor, request) if actor.may("withhold") else [],
        published={
            version_id: publication["published_at"]
            for version_id, (publication, _) in publication_store.live_versions(
                db, [item.version["id"] for item in planned]
            ).items()
        },
    )


def _as_at_notes(
    db: Database, actor: Actor, request: FoiRequest, day: date
) -> tuple[list[str], list[as_at.Changed]]:
    """Systems left out or answered from their first entry, and what changed since the day."""
    current = packs.current_systems(db, actor, request, strict=False)
    entries = {e.system["id"]: e for e in packs.entries(db, actor, request, strict=False)}
    notes = []
    for system in current:
        entry = entries.get(system["id"])
        if entry is None:
            notes.append(
                f"‘{system['name']}’ was added to the register after {long_date(day)} and nothing in its"
                " record dates it earlier: it is left out of the pack"
            )
        else:
            notes += as_at.notes(entry, day)
    return notes, as_at.changed_since(db, actor, current, day)


def due_text(state: foi_clock.Clock) -> str:
    """When the response is due and why, as the request page says it."""
    if state.stopped:
        since = long_date(state.awaiting_since)  # type: ignore[arg-type]
        return f"Clock stopped on {since} while clarification is awaited (section 1(3))"
    basis = (
        "receipt"
        if state.start == state.received
        else f"the clarification received on {long_date(state.start)}"
    )
    text = f"{long_date(state.due)} (20 working days after {basis})"
    if state.extension:
        text = (
            f"{long_date(state.due)}, extended under section 10(3); the statutory date was"
            f" {long_date(state.statutory_due)}, 20 working days after {basis}"
        )
    return text


@dataclass
class Panel:
    """What assessment and system pages show about exports, withholding and disclosures."""

    marks: list
    redaction: object
    disclosures: list[dict]
    requests: list[dict]
    can_export: bool
    can_disclose: bool
    can_withhold: bool


def _abilities(actor: Actor) -> dict:
    return {
        "can_export": actor.may("export"),
        "can_disclose": actor.may("disclose"),
        "can_withhold": actor.may("withhold"),
    }


def version_panel(db: Database, actor: Actor, version: Version, versions: list[dict]) -> Panel:
    """A version's marks, its page highlighting, and every disclosure of any version of the assessment."""
    files = disclosure_log.for_versions(db, [v["id"] for v in versions])
    disclosures = [f for found in files.values() for f in found]
    return Panel(
        marks=withholding.version_marks(db, version),
        redaction=withholding.version_redaction(db, version, disclose=False),
        disclosures=sorted(disclosures, key=lambda f: f["disclosed_at"], reverse=True),
        requests=[],
        **_abilities(actor),
    )


def system_panel(db: Database, actor: Actor, system: System) -> Panel:
    """A register entry's marks, the requests covering it, and every disclosure about it."""
    visible = {v["id"] for v in assessment_store.for_system(db, system["id"], actor.can_see_sensitive)}
    return Panel(
        marks=withholding.system_marks(db, system),
        redaction=withholding.system_redaction(db, system["id"], disclose=False),
        disclosures=disclosure_log.for_system(db, system["id"], visible),
        requests=foi.for_system(db, system["id"]),
        **_abilities(actor),
    )
