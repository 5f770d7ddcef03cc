"""Loading demonstration data: the illustrative systems and one account per role."""

import secrets

from dpia.actor import Actor
from dpia.demo.assessments import ASSESSMENTS
from dpia.demo.systems import SYSTEMS
from dpia.services import systems
from dpia.services.accounts import users as accounts
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from dpia.store import assessments as assessment_store
from dpia.store import systems as system_store
from dpia.store import users as user_store
from dpia.store.db import Database
from dpia.vocab import ROLE_NAMES

DEMO_DOMAIN = "demo.test"
DEMO_APPROVER = Actor(
    email=f"approver@{DEMO_DOMAIN}", roles=frozenset({"approver"}), address="cli", can_see_sensitive=True
)


def new_password() -> str:
    """A random password that meets the policy, for generated accounts."""
    return secrets.token_urlsafe(12)


def load_systems(db: Database, actor: Actor) -> list[str]:
    """Add the demo systems that are not yet in the register; return their names."""
    added = []
    for system in SYSTEMS:
        if system_store.find_id_by_name(db, system["name"]) is None:
            systems.create(db, actor, {"marking": "OFFICIAL", "retired": None, **system})
            added.append(system["name"])
    return added


def load_users(db: Database, actor: Actor, policy: accounts.Policy) -> dict[str, str]:
    """Create one demo account per role that does not exist yet; return email -> password."""
    created = {}
    for role in ROLE_NAMES:
        email = f"{role.replace('_', '-')}@{DEMO_DOMAIN}"
        if user_store.by_email(db, email) is None:
            password = new_password()
            accounts.create_user(
                db, actor, email, [role], password, policy, name=f"Demo {role.replace('_', ' ')}"
            )
            created[email] = password
    return created


def load_assessments(db: Database, actor: Actor) -> list[str]:
    """Add the demo assessments whose reference is not yet taken; return their references."""
    added = []
    for spec in ASSESSMENTS:
        system_id = system_store.find_id_by_name(db, spec["system"])
        if system_id is None or assessment_store.reference_owner(db, spec["reference"]) is not None:
            continue
        details = {key: spec[key] for key in ("kind", "title", "reference", "owner")}
        assessment_id = assessments.start(db, actor, system_id, details)
        for number, version in enumerate(spec["versions"], start=1):
            if number > 1:
                workflow.new_version(db, actor, assessment_id, number - 1)
            _fill_version(db, actor, assessment_id, number, spec, version)
        added.append(spec["reference"])
    return added


def _fill_version(
    db: Database, actor: Actor, assessment_id: int, number: int, spec: dict, version: dict
) -> None:
    """Write one demo version's dates and answers, then move it to its status."""
    revision = assessments.load(db, actor, assessment_id, number)["revision"]
    details = {**spec, "started": version["started"], "conducted": version.get("conducted")}
    revision = assessments.update_details(db, actor, assessment_id, number, details, revision)
    revision = assessments.update_answers(db, actor, assessment_id, number, version["answers"], revision)
    steps = {
        "draft": [],
        "in_review": [("submit", {})],
        "approved": [("submit", {}), ("approve", {"approved": version.get("approved")})],
        "withdrawn": [("withdraw", {"note": version.get("note", "")})],
        # Approved, then withdrawn when the system was retired: no review falls due on it any more.
        "closed": [
            ("submit", {}),
            ("approve", {"approved": version.get("approved")}),
            ("withdraw", {"note": version.get("note", "")}),
        ],
    }[version["status"]]
    for name, data in steps:
        # As in a real force, the person who drafted a version is not the one who approves or closes it.
        mover = actor if name == "submit" or version["status"] == "withdrawn" else DEMO_APPROVER
        workflow.transition(db, mover, assessment_id, number, name, data, revision)
        revision += 1
