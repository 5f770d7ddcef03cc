"""Demonstration FOI requests: 855A/22 to West Midlands Police, answered on 14 June 2022, an open one, and
three showing the clock: one awaiting clarification, one extended for the public interest test, and one
under internal review.

Loaded after the demo systems and assessments. 855A/22 comes with the withholding an FOI officer would have
applied (section 31 on a DPIA risk, section 43 on a cost) and its response pack in the disclosure log.
"""

from datetime import UTC, datetime, timedelta

from dpia.actor import Actor
from dpia.services import systems as system_rules
from dpia.services.accounts import settings
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import events, exports, holidays, packs, questions, refusals, withholding
from dpia.services.disclosure import requests as foi
from dpia.store import assessments as assessment_store
from dpia.store import systems as system_store
from dpia.store.db import Database

WMP_SYSTEMS = (
    "Knife Crime Prediction",
    "Serious Violence Prediction",
    "Integrated Offender Management harm model",
    "NDAS Most Serious Violence",
    "HART",
)
ANSWERED_ON = datetime(2022, 6, 14, 11, 0, tzinfo=UTC)
OPEN_REFERENCE = "1187/24"
CLARIFYING, EXTENDED, REVIEWED = "1203/24", "1190/24", "1152/24"


def _ids(db: Database, names: tuple[str, ...]) -> list[str]:
    return [str(i) for i in (system_store.find_id_by_name(db, n) for n in names) if i is not None]


def _date(day) -> dict:
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


# The letterhead of the demo's response letters, set only where an administrator has set nothing.
LETTERHEAD = {
    "organisation": "Demonstration Police Force",
    "foi_unit": "Freedom of Information Unit",
    "foi_contact": "Freedom of Information Unit, Demonstration Police Force, 1 Example Street,"
    " Exampletown EX1 1AA. foi@demo.test",
}


def _letterhead(db: Database, actor: Actor) -> None:
    current = settings.current(db)
    unset = {key: value for key, value in LETTERHEAD.items() if not current[key]}
    if unset:
        settings.update(db, actor, unset)


def load_requests(db: Database, actor: Actor) -> list[str]:
    """Add the demo requests not yet recorded, with a letterhead if none is set; return their references."""
    _letterhead(db, actor)
    added = [] if foi.find(db, "855A/22") is not None else _load_answered(db, actor)
    for reference, load in ((CLARIFYING, _clarifying), (EXTENDED, _extended), (REVIEWED, _reviewed)):
        if foi.find(db, reference) is None:
            load(db, actor)
            added.append(reference)
    return added


def _load_answered(db: Database, actor: Actor) -> list[str]:
    """855A/22 with its withholding and response pack, and an open request covering the same systems."""
    request_id = foi.create(
        db,
        actor,
        {
            "reference": "855A/22",
            "subject": "Predictive policing",
            "received": {"day": "16", "month": "5", "year": "2022"},
            "status": "responded",
            "responded": {"day": "14", "month": "6", "year": "2022"},
            "systems": _ids(db, WMP_SYSTEMS),
            "notes": "Asked about every predictive crime-mapping and individual risk-assessment system, with"
            " costs, policies, assessments and bias testing. Monitoring questions answered separately.",
        },
    )
    _questions(db, actor, request_id)
    _withhold(db, actor, "855A/22")
    _reasons(db, actor, request_id)
    packs.build(db, actor, request_id, exports.Options(), at=ANSWERED_ON)
    open_id = foi.create(
        db,
        actor,
        {
            "reference": OPEN_REFERENCE,
            "subject": "Algorithms used in custody",
            "received": _date(assessments.today() - timedelta(days=9)),
            "status": "open",
            "systems": _ids(db, ("HART", "Knife Crime Prediction")),
            "notes": "Covers versions already disclosed under 855A/22.",
        },
    )
    scope = {"scope": "systems", "systems": _ids(db, ("HART", "Knife Crime Prediction"))}
    for number, text, fact in OPEN_QUESTIONS:
        questions.add(db, actor, open_id, {"number": number, "text": text, "fact": fact, **scope})
    return ["855A/22", OPEN_REFERENCE]


# The open request's questions: what the demo publishes is pointed to under section 21 in its letter.
OPEN_QUESTIONS = (
    ("1", "Which of these systems does the force use, and since when?", "first_use"),
    ("2", "How does each work, and what data does it use?", "how_it_works"),
    ("3", "Any DPIA or EqIA of each, with the dates they were conducted", "assessments"),
)


# 855A/22's questions as DOMAIN.md records them, each with the register fact that answers it.
WMP_QUESTIONS = (
    ("a", "The name of the system", "names"),
    ("b", "When it was first used", "first_use"),
    ("c", "How it works, what data it uses, and how predictions are made", "how_it_works"),
    ("d", "The cost of the system", "costs"),
    ("e", "Any guidance or policies governing its use", "policies"),
    (
        "f",
        "When it was used, and the age, race and gender of the people who had police interactions or were"
        " arrested as a result (as a CSV file)",
        "monitoring",
    ),
    (
        "f(2)",
        "How many individuals are tracked, with their demographics and prior record (as a CSV file)",
        "individuals",
    ),
    (
        "g",
        "Any PIA, DPIA and/or EqIA, with the dates they were conducted, or a statement that none was",
        "assessments",
    ),
    (
        "h",
        "Any testing or research on potential bias, for the Public Sector Equality Duty (section 149 of the"
        " Equality Act 2010)",
        "bias_testing",
    ),
)


def _questions(db: Database, actor: Actor, request_id: int) -> None:
    """855A/22's questions a-h, about the West Midlands systems, each with its fact confirmed."""
    scope = {"scope": "systems", "systems": _ids(db, WMP_SYSTEMS)}
    for number, text, fact in WMP_QUESTIONS:
        questions.add(db, actor, request_id, {"number": number, "text": text, "fact": fact, **scope})
    questions.add(db, actor, request_id, NCND_QUESTION)


# A question the force neither confirms nor denies: saying whether such a system exists would itself reveal
# the force's counter-terrorism capability.
NCND_QUESTION = {
    "number": "i",
    "text": "Does the force use any system to predict which individuals may commit terrorism offences?",
    "fact": "own",
    "scope": "none",
    "disposition": "ncnd",
    "ncnd_exemption": "s24",
}

# The reasons 855A/22's refusal notice gives for the exemptions applied to it (FOIA s17).
REASONS = {
    "s31": {
        "why": "The withheld risk in the knife-crime DPIA describes where and when patrols are deployed"
        " in response to the model's predictions.",
        "harm": "Offenders could anticipate and avoid patrols, so disclosure would be likely to prejudice the"
        " prevention and detection of crime (section 31(1)(a)).",
        "favour": "Openness about how predictive models shape where officers are sent, and confidence that"
        " their effects on communities have been assessed.",
        "against": "The force's ability to prevent knife crime, and the safety of those patrols protect.",
        "balance": "The assessment is released with only this risk withheld, which meets most of the public"
        " interest in openness; the balance favours withholding the risk.",
    },
    "s43": {
        "why": "The development price of the knife-crime model was agreed with the Data Analytics Lab,"
        " which is bidding for similar work with other forces.",
        "harm": "Disclosure would be likely to prejudice the lab's position in those procurements and the"
        " force's ability to obtain value for money (section 43(2)).",
        "favour": "Accountability for the public money spent on the model.",
        "against": "Fair competition and value for money in current and future procurements.",
        "balance": "The total spend is published in the force's accounts; the balance favours withholding"
        " this one price while the procurements are open.",
    },
    "s40": {
        "why": "The assessments name members of staff below chief officer grade who signed them off. They"
        " would not expect their names to be published to the world, so disclosure would be unfair under"
        " Article 5(1)(a) UK GDPR; their roles are given instead.",
    },
    "s24": {
        "why": "Confirming or denying whether such a system exists would reveal the force's"
        " counter-terrorism capability.",
        "harm": "Those planning attacks could learn whether their behaviour would be detected, which would"
        " harm national security (section 24(2)).",
        "favour": "Public understanding of how the force uses predictive technology.",
        "against": "Safeguarding national security: a pattern of answers across forces would map capability.",
        "balance": "The public interest favours neither confirming nor denying.",
    },
}


def _reasons(db: Database, actor: Actor, request_id: int) -> None:
    """855A/22's section 17 reasons, each with its public interest test."""
    for key, texts in REASONS.items():
        refusals.save(db, actor, request_id, key, {**texts, "qualified": "yes"}, None)


def _new(db: Database, actor: Actor, reference: str, subject: str, received, names, notes: str) -> int:
    data = {"reference": reference, "subject": subject, "received": _date(received), "status": "open"}
    return foi.create(db, actor, {**data, "systems": _ids(db, names), "notes": notes})


def _step(db: Database, actor: Actor, request_id: int, action: str, day, **data) -> None:
    revision = foi.get(db, actor, request_id)["revision"]
    events.record(db, actor, request_id, action, {"day": _date(day), **data}, revision)


def _clarifying(db: Database, actor: Actor) -> None:
    """Received a fortnight ago; the request was unclear, so the clock stopped three days later."""
    received = assessments.today() - timedelta(days=14)
    request_id = _new(
        db,
        actor,
        CLARIFYING,
        "Facial recognition deployments",
        received,
        ("Live Facial Recognition", "AFR Locate"),
        "Asked for 'all the data' about facial recognition: we asked which deployments and which records.",
    )
    _step(db, actor, request_id, "seek_clarification", received + timedelta(days=3))


def _extended(db: Database, actor: Actor) -> None:
    """Due soon, extended by 15 working days to weigh section 31 and section 43."""
    known = holidays.holidays(db)
    received = assessments.today() - timedelta(days=24)
    request_id = _new(
        db,
        actor,
        EXTENDED,
        "Knife crime model thresholds and price",
        received,
        ("Knife Crime Prediction",),
        "Asks for the model's risk thresholds and what the force paid for it.",
    )
    due = holidays.add_working_days(received, 20, known)
    reason = (
        "Sections 31(1)(a) and 43(2) are engaged by the thresholds and the price; the public interest"
        " test needs the supplier's views and the Force Solicitor's advice."
    )
    new_due = holidays.add_working_days(due, 15, known)
    _step(
        db, actor, request_id, "extend", received + timedelta(days=14), new_due=_date(new_due), reason=reason
    )


def _reviewed(db: Database, actor: Actor) -> None:
    """Answered in part some weeks ago; the requester asked for an internal review of the refusal."""
    known = holidays.holidays(db)
    received = assessments.today() - timedelta(days=50)
    request_id = _new(
        db,
        actor,
        REVIEWED,
        "HART scoring and bias testing",
        received,
        ("HART",),
        "Part refused under section 31(1)(a) (the model's variables and weights).",
    )
    responded = holidays.add_working_days(received, 18, known)
    _step(db, actor, request_id, "close", responded, outcome="granted_in_part")
    _step(db, actor, request_id, "request_review", responded + timedelta(days=7))


def _withhold(db: Database, actor: Actor, request: str) -> None:
    """Section 31 on a knife-crime DPIA risk, section 43 on the model's cost, decided for `request`."""
    assessment_id = assessment_store.reference_owner(db, "DPIA-2020-007")
    if assessment_id is not None:
        # Version 1 is the one 855A/22 released; a later review superseded it.
        version = assessments.load(db, actor, assessment_id, 1)
        risk = version["answers"]["risks"][1]["_id"]
        withholding.mark_version(
            db,
            actor,
            assessment_id,
            version["number"],
            {
                "target": f"risks/{risk}",
                "exemption": "s31",
                "subsection": "(1)(a)",
                "reason": "Describes how patrols could be anticipated and avoided; disclosure would prejudice"
                " the prevention of crime. The public interest favours withholding.",
                "request": request,
            },
        )
    system_id = system_store.find_id_by_name(db, "Knife Crime Prediction")
    if system_id is not None:
        system = system_rules.get(db, actor, system_id)
        amount = next(p for p in withholding.system_target_map(system) if p.endswith("/amount"))
        withholding.mark_system(
            db,
            actor,
            system_id,
            {
                "target": amount,
                "exemption": "s43",
                "subsection": "(2)",
                "reason": "The development price would prejudice the lab's position in current procurements.",
                "request": request,
            },
        )
