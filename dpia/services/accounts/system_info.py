"""Facts about this installation that administrators need when something looks wrong."""

import sqlite3
from collections.abc import Callable
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


def health(open_db: Callable[[], Database], index) -> tuple[dict, bool]:
    """What a load balancer or monitor may know, and whether the server can serve (database and schema).

    Search catching up with saved changes, or rebuilding, is reported but is not a failure: pages and
    downloads still work, and search says so itself. Nothing here names a system or a person.
    """
    try:
        db = open_db()
        pending = len(migrations.pending(db))
    except (sqlite3.Error, OSError) as error:
        return {"status": "unavailable", "database": f"cannot be read ({type(error).__name__})"}, False
    if pending:
        return {
            "status": "unavailable",
            "database": f"{pending} migrations not applied: run dpia init",
        }, False
    state = index.ensure_ready(db)
    if state.ready:
        search = "ready"
    elif state.searchable:
        search = f"catching up with {state.pending} saved changes"
    else:
        search = "rebuilding" if state.rebuilding else "unavailable"
    return {"status": "ok", "database": "ok", "search": search}, True
