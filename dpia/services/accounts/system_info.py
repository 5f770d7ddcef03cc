"""Facts about this installation that administrators need when something looks wrong."""

from dataclasses import dataclass

from dpia.actor import Actor
from dpia.errors import Forbidden
from dpia.services.accounts import audit
from dpia.store import migrations
from dpia.store import users as user_store
from dpia.store.db import Database


@dataclass(frozen=True)
class SystemInfo:
    """The database's schema version and the size of what it holds."""

    schema_version: str
    applied_migrations: list[str]
    pending_migrations: int
    audit_entries: int
    accounts: int


def system_info(db: Database, actor: Actor) -> SystemInfo:
    """Schema version, migrations, audit trail size and number of accounts, for administrators."""
    if not actor.may("manage_settings"):
        raise Forbidden("Only administrators can see system information")
    return SystemInfo(
        schema_version=migrations.schema_version(db),
        applied_migrations=migrations.applied(db),
        pending_migrations=len(migrations.pending(db)),
        audit_entries=audit.size(db),
        accounts=user_store.count(db),
    )
