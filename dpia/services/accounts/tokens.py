"""API tokens: created and revoked by their owner or an administrator, shown once, stored as a hash."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from dpia.actor import Actor
from dpia.domain.validate import Checker
from dpia.errors import Forbidden, NotFound
from dpia.services.accounts import audit
from dpia.services.accounts import users as accounts
from dpia.store import tokens as store
from dpia.store import users as user_store
from dpia.store.db import Database, transaction

PREFIX = "dpia_"
# Recording every use would make every API read a write; once a minute is precise enough.
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is safe here; passwords need scrypt, tokens do not.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _may_manage(actor: Actor, user_id: int) -> None:
    if actor.user_id != user_id and not actor.may("manage_users"):
        raise Forbidden("Only the token's owner or an administrator can manage API tokens")


def create(db: Database, actor: Actor, user_id: int, name: str) -> tuple[int, str]:
    """A new token for an account; returns its id and the token itself, which is never shown again."""
    _may_manage(actor, user_id)
    check = Checker()
    name = check.text(
        "name", name, "Token name", required=True, max_len=100, missing="Enter a name for the token"
    )
    check.raise_if_any()
    token = PREFIX + secrets.token_urlsafe(32)
    with transaction(db):
        owner = user_store.by_id(db, user_id)
        if owner is None or owner["disabled"]:
            raise NotFound("No active account with that id")
        token_id = store.insert(db, user_id, name, token[:12], _hash(token), actor.email)
        audit.record(
            db,
            actor,
            "token.create",
            object_type="user",
            object_id=user_id,
            summary=f"Created API token ‘{name}’ for {owner['email']}",
            details={"token_id": token_id, "prefix": token[:12]},
        )
    return token_id, token


def create_for_email(db: Database, actor: Actor, email: str, name: str) -> tuple[int, str]:
    """A new token for the account with this email (the command line)."""
    owner = user_store.by_email(db, email)
    if owner is None:
        raise NotFound(f"No account for {email}")
    return create(db, actor, owner["id"], name)


def listing(db: Database, actor: Actor, user_id: int) -> list[dict]:
    """An account's tokens, live and revoked, without their secrets."""
    _may_manage(actor, user_id)
    return store.of_user(db, user_id)


def revoke(db: Database, actor: Actor, token_id: int) -> dict:
    """Stop a token working at once."""
    found = store.by_id(db, token_id)
    if found is None:
        raise NotFound("No API token with that id")
    _may_manage(actor, found["user_id"])
    with transaction(db):
        if found["revoked_at"] is None:
            store.revoke(db, token_id)
            audit.record(
                db,
                actor,
                "token.revoke",
                object_type="user",
                object_id=found["user_id"],
                summary=f"Revoked API token ‘{found['name']}’",
                details={"token_id": token_id, "prefix": found["prefix"]},
            )
    return found


def actor_for_token(db: Database, token: str, address: str) -> Actor | None:
    """The actor behind a bearer token, or None if it is unknown, revoked or its account disabled."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    found = store.by_hash(db, _hash(token))
    if found is None:
        return None
    account = user_store.by_id(db, found["user_id"])
    if account is None or account["disabled"]:
        return None
    _touch(db, found)
    # The address says the call came through the API, and with which token, for the audit trail.
    via = f"{address} (API token {found['prefix']}…)"
    return accounts.actor_for_account(db, account, via)


def _touch(db: Database, token: dict) -> None:
    last = token["last_used_at"]
    if last is None or datetime.fromisoformat(last) < datetime.now(UTC) - TOUCH_EVERY:
        with transaction(db):
            store.touch(db, token["id"])


def record_refusal(db: Database, token: str, address: str, per_minute: int) -> None:
    """Audit a call made with an unknown or revoked token, as failed sign-ins are (at most per_minute)."""
    shown = token[:12] if token.startswith(PREFIX) else "(not a dpia token)"
    with transaction(db):
        audit.record_anonymous(
            db,
            Actor(email="(API token)", address=address),
            "api.refused",
            per_minute,
            object_type="token",
            summary=f"Refused an API call with token {shown}…",
        )
