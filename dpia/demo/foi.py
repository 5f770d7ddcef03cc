"""Demonstration FOI requests: 855A/22 to West Midlands Police, answered on 14 June 2022, and an open one.

Loaded after the demo systems and assessments. 855A/22 comes with the withholding an FOI officer would have
applied (section 31 on a DPIA risk, section 43 on a cost) and its response pack in the disclosure log.
"""

from datetime import UTC, datetime, timedelta

from dpia.actor import Actor
from dpia.services import systems as system_rules
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports, packs, withholding
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


def _ids(db: Database, names: tuple[str, ...]) -> list[str]:
    return [str(i) for i in (system_store.find_id_by_name(db, n) for n in names) if i is not None]


def _date(day) -> dict:
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def load_requests(db: Database, actor: Actor) -> list[str]:
    """Add the demo requests not yet recorded; return their references."""
    if foi.find(db, "855A/22") is not None:
        return []
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
    _withhold(db, actor)
    packs.build(db, actor, request_id, exports.Options(), at=ANSWERED_ON)
    foi.create(
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
    return ["855A/22", OPEN_REFERENCE]


def _withhold(db: Database, actor: Actor) -> None:
    """Section 31 on a knife-crime DPIA risk, section 43 on the model's cost."""
    assessment_id = assessment_store.reference_owner(db, "DPIA-2020-007")
    if assessment_id is not None:
        version = assessments.load(db, actor, assessment_id)
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
            },
        )
