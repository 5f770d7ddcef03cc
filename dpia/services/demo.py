"""Loading demonstration data: the illustrative systems and one account per role."""

import secrets

from dpia.services import accounts, systems
from dpia.services.actor import Actor
from dpia.services.demo_data import SYSTEMS
from dpia.store import systems as system_store
from dpia.store import users as user_store
from dpia.store.db import Database
from dpia.vocab import ROLE_NAMES

DEMO_DOMAIN = "demo.test"


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
