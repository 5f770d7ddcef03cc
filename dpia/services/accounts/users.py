"""Accounts: creating them, signing in with throttling, passwords and roles."""

import gzip
import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources

from werkzeug.security import check_password_hash, generate_password_hash

from dpia.actor import Actor
from dpia.errors import Forbidden, Invalid, NotFound, ServiceError
from dpia.permissions import allows
from dpia.services.accounts import audit, settings
from dpia.store import tokens as token_store
from dpia.store import users as store
from dpia.store.db import Database, now, transaction
from dpia.vocab import ROLE_NAMES, ROLES, labels

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# scrypt is memory-hard; werkzeug's parameters (N=2^15, r=8, p=1) use 32 MiB per hash.
HASH_METHOD = "scrypt"
# Checking a dummy when the account is unknown keeps timing from revealing which emails exist. It was made
# once, not at each import (a 70 ms hash every command paid); a test keeps its cost that of HASH_METHOD's.
DUMMY_HASH = (
    "scrypt:32768:8:1$Jn650jImBAnG53Nu$091bb6ba5c1be16e9bad84d0833ca4f4b7c772625a149718f4846d54249c1176"
    "50fe6af65d89ad74b80ab5250ac3e3d17af0e86a8720581081c7d65d86d955cd"
)


@dataclass(frozen=True)
class Policy:
    """Sign-in and password rules, from configuration."""

    min_length: int = 12
    slow_after: int = 3
    lock_after: int = 10
    address_lock_after: int = 30
    lock_minutes: int = 15
    pair_lock_after: int = 5
    address_accounts: int = 3
    session_hours: float = 12
    audit_per_minute: int = 10


def policy_from(config: Mapping) -> Policy:
    """Sign-in and password rules from the app's configuration."""
    return Policy(
        min_length=config["PASSWORD_MIN_LENGTH"],
        slow_after=config["SIGN_IN_SLOW_AFTER"],
        lock_after=config["SIGN_IN_LOCK_AFTER"],
        address_lock_after=config["SIGN_IN_ADDRESS_LOCK_AFTER"],
        lock_minutes=config["SIGN_IN_LOCK_MINUTES"],
        pair_lock_after=config["SIGN_IN_PAIR_LOCK_AFTER"],
        address_accounts=config["SIGN_IN_ADDRESS_ACCOUNTS"],
        session_hours=config["SESSION_ABSOLUTE_HOURS"],
        audit_per_minute=config["AUDIT_ANONYMOUS_PER_MINUTE"],
    )


class SignInRefused(ServiceError):
    """Sign-in failed; the message is safe to show."""


@dataclass(frozen=True)
class SignedIn:
    """What a session keeps about a successful sign-in."""

    user_id: int
    epoch: int
    secret: str


def _session_id(secret: str) -> str:
    # The secret carries 256 random bits, so a fast hash suffices; a stolen database holds no live cookie.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _start_session(db: Database, account: dict, address: str, epoch: int) -> SignedIn:
    secret = secrets.token_urlsafe(32)
    store.start_session(db, _session_id(secret), account["id"], address)
    return SignedIn(account["id"], epoch, secret)


def _revoke_tokens(db: Database, actor: Actor, account: dict) -> None:
    """A new password revokes the account's API tokens: whoever knew the old one may have made some."""
    revoked = token_store.revoke_all(db, account["id"])
    if revoked:
        audit.record(
            db,
            actor,
            "token.revoke",
            object_type="user",
            object_id=account["id"],
            summary=f"Revoked {revoked} API token{'s' if revoked != 1 else ''} of {account['email']}"
            " with the password change",
        )


@cache
def _common_passwords() -> frozenset[str]:
    data = resources.files("dpia").joinpath("data/common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode().split())


def password_problem(password: str, email: str, policy: Policy) -> str | None:
    """Why a password is not acceptable, or None."""
    if len(password) < policy.min_length:
        return f"Password must be {policy.min_length} characters or more"
    if len(password) > 256:
        return "Password must be 256 characters or fewer"
    if (
        password.lower() in _common_passwords()
        or password.lower().rstrip("0123456789!") in _common_passwords()
    ):
        return "Password is too common: choose one that is harder to guess, such as three random words"
    if email and email.split("@")[0].lower() in password.lower():
        return "Password must not contain your email address"
    return None


def _clean_email(email: object) -> str:
    if not isinstance(email, str) or not _EMAIL.match(email.strip()) or len(email) > 254:
        raise Invalid({"email": "Enter an email address in the correct format, like name@example.org"})
    return email.strip().lower()


def _clean_roles(roles: object) -> list[str]:
    chosen = roles if isinstance(roles, list) else [roles] if roles else []
    unknown = [r for r in chosen if r not in ROLE_NAMES]
    if unknown:
        known = ", ".join(ROLE_NAMES)
        raise Invalid({"roles": f"Unknown role ‘{unknown[0]}’: choose from {known}"})
    if not chosen:
        raise Invalid({"roles": "Select at least one role"})
    return sorted(set(chosen))


def _require_admin(actor: Actor) -> None:
    if not actor.may("manage_users"):
        raise Forbidden("Only administrators can manage accounts")


def create_user(
    db: Database, actor: Actor, email: str, roles: list[str], password: str, policy: Policy, name: str = ""
) -> int:
    """Add an account; refused if the email is taken or the password is weak."""
    _require_admin(actor)
    email = _clean_email(email)
    errors = {}
    try:
        roles = _clean_roles(roles)
    except Invalid as error:
        errors.update(error.errors)
    problem = password_problem(password or "", email, policy)
    if problem:
        errors["password"] = problem
    if len(name or "") > 200:
        errors["name"] = "Name must be 200 characters or fewer"
    if errors:
        raise Invalid(errors)
    with transaction(db):
        if store.by_email(db, email):
            raise Invalid({"email": f"An account for {email} already exists"})
        user_id = store.insert(
            db, email, (name or "").strip(), generate_password_hash(password, HASH_METHOD), roles
        )
        audit.record(
            db,
            actor,
            "user.create",
            object_type="user",
            object_id=user_id,
            summary=f"Created account {email}",
            details={"roles": roles},
        )
    return user_id


def users(db: Database, actor: Actor) -> list[dict]:
    """Every account, for administrators."""
    _require_admin(actor)
    return store.all_users(db)


def user(db: Database, actor: Actor, user_id: int) -> dict:
    """One account, for administrators."""
    _require_admin(actor)
    found = store.by_id(db, user_id)
    if found is None:
        raise NotFound("No account with that id")
    return found


def _by_email(db: Database, email: str) -> dict:
    found = store.by_email(db, email)
    if found is None:
        raise NotFound(f"No account for {email}")
    return found


def set_roles(db: Database, actor: Actor, user_id: int, roles: list[str]) -> None:
    """Change an account's roles; an admin cannot remove their own admin role."""
    _require_admin(actor)
    roles = _clean_roles(roles)
    with transaction(db):
        target = user(db, actor, user_id)
        if target["id"] == actor.user_id and not allows("manage_users", roles):
            raise Invalid({"roles": "You cannot remove your own administrator role"})
        if target["roles"] != roles:
            store.set_roles(db, user_id, roles)
            store.end_sessions(db, user_id)
            audit.record(
                db,
                actor,
                "user.roles",
                object_type="user",
                object_id=user_id,
                summary=f"Changed roles of {target['email']}",
                details={"old": target["roles"], "new": roles},
            )


def set_disabled(db: Database, actor: Actor, email: str, disabled: bool) -> dict:
    """Disable (ending its sessions) or re-enable an account."""
    _require_admin(actor)
    with transaction(db):
        target = _by_email(db, email)
        if disabled and target["id"] == actor.user_id:
            raise Invalid({"email": "You cannot disable your own account"})
        if bool(target["disabled"]) != disabled:
            store.update(db, target["id"], {"disabled": int(disabled)})
            store.end_sessions(db, target["id"])
            audit.record(
                db,
                actor,
                "user.disable" if disabled else "user.enable",
                object_type="user",
                object_id=target["id"],
                summary=f"{'Disabled' if disabled else 'Enabled'} {target['email']}",
                details={"old": {"disabled": bool(target["disabled"])}, "new": {"disabled": disabled}},
            )
    return target


def reset_password(db: Database, actor: Actor, email: str, password: str, policy: Policy) -> None:
    """Set a new password for someone, ending their sessions and lifting any lock."""
    _require_admin(actor)
    target = _by_email(db, email)
    problem = password_problem(password or "", target["email"], policy)
    if problem:
        raise Invalid({"password": problem})
    with transaction(db):
        store.set_password(db, target["id"], generate_password_hash(password, HASH_METHOD))
        audit.record(
            db,
            actor,
            "user.reset_password",
            object_type="user",
            object_id=target["id"],
            summary=f"Reset the password of {target['email']}",
        )
        _revoke_tokens(db, actor, target)


def change_own_password(
    db: Database, actor: Actor, current: str, new: str, confirm: str, policy: Policy
) -> SignedIn:
    """A user changes their own password; every session and API token ends, a new session starts."""
    me = store.by_id(db, actor.user_id) if actor.user_id else None
    if me is None:
        raise NotFound("No account")
    errors = {}
    if not check_password_hash(me["password_hash"], current or ""):
        errors["current"] = "Your current password is incorrect"
    problem = password_problem(new or "", me["email"], policy)
    if problem:
        errors["new"] = problem
    elif new != confirm:
        errors["confirm"] = "The passwords do not match"
    elif new == current:
        errors["new"] = "New password must be different from your current one"
    if errors:
        raise Invalid(errors)
    with transaction(db):
        store.set_password(db, me["id"], generate_password_hash(new, HASH_METHOD))
        audit.record(
            db,
            actor,
            "user.change_password",
            object_type="user",
            object_id=me["id"],
            summary="Changed their own password",
        )
        _revoke_tokens(db, actor, me)
        return _start_session(db, me, actor.address, me["session_epoch"] + 1)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'s' if count != 1 else ''}"


def _minutes_left(until: datetime, at: datetime) -> int:
    return max(1, -(-int((until - at).total_seconds()) // 60))


def _stamp(at: datetime) -> str:
    return at.isoformat(timespec="seconds")


def _account_locked_until(db: Database, account: dict | None, email: str, at: datetime, policy: Policy):
    """When the account's lock ends, or None; made-up emails lock exactly as real ones would."""
    if account is not None:
        until = account["locked_until"] and datetime.fromisoformat(account["locked_until"])
        return until if until and until > at else None
    # Answering an unknown email differently would tell an attacker which emails have accounts.
    times = store.failures_of(db, email, _stamp(at - timedelta(minutes=policy.lock_minutes)))
    if len(times) < policy.lock_after:
        return None
    until = datetime.fromisoformat(times[policy.lock_after - 1]) + timedelta(minutes=policy.lock_minutes)
    return until if until > at else None


def _address_locked(db: Database, account: dict | None, address: str, since: str, policy: Policy) -> bool:
    """Whether an address that failed on several real accounts is refused; made-up emails never count."""
    if account is not None and account["last_sign_in_address"] == address:
        # Behind a proxy everyone may share one address: someone else's guessing never locks out its users.
        return False
    failures, accounts_tried = store.real_failures_from(db, address, since)
    return failures >= policy.address_lock_after and accounts_tried >= policy.address_accounts


def _wait_seconds(db: Database, account: dict | None, email: str, at: datetime, policy: Policy) -> int:
    """Seconds before this account (or made-up email) may be tried again; 0 if now."""
    if account is not None:
        failures, last = account["failed_count"], account["last_failed_at"]
    else:
        times = store.failures_of(db, email, _stamp(at - timedelta(minutes=policy.lock_minutes)))
        failures, last = len(times), times[-1] if times else None
    if failures < policy.slow_after or not last:
        return 0
    ready = datetime.fromisoformat(last) + timedelta(seconds=min(60, 2 ** (failures - policy.slow_after + 1)))
    return max(1, int((ready - at).total_seconds() + 0.999)) if ready > at else 0


def _throttled(
    db: Database, account: dict | None, email: str, address: str, at: datetime, policy: Policy
) -> str | None:
    """Why this attempt may not even be checked yet, or None."""
    since = _stamp(at - timedelta(minutes=policy.lock_minutes))
    until = _account_locked_until(db, account, email, at, policy)
    if until:
        minutes = _minutes_left(until, at)
        return (
            "This account is locked after too many failed sign-in attempts. "
            f"Try again in {_plural(minutes, 'minute')}, or ask an administrator to reset your password."
        )
    if len(store.failures_of(db, email, since, address)) >= policy.pair_lock_after:
        return (
            "Too many failed sign-in attempts to this account from your network. "
            f"Try again in {policy.lock_minutes} minutes, or ask an administrator to reset your password."
        )
    if _address_locked(db, account, address, since, policy):
        return (
            f"Too many failed sign-in attempts from your network. Try again in {policy.lock_minutes} minutes."
        )
    seconds = _wait_seconds(db, account, email, at, policy)
    if seconds:
        return f"Too many failed attempts. Wait {_plural(seconds, 'second')} before trying again."
    return None


def _fail(
    db: Database, account: dict | None, email: str, address: str, at: datetime, policy: Policy, why: str
) -> None:
    stamp = _stamp(at)
    store.record_failure(db, address, email, stamp, account["id"] if account else None)
    store.forget_failures_before(db, _stamp(at - timedelta(days=1)))
    who = Actor(email=email or "(no email)", address=address)
    audit.record_anonymous(
        db,
        who,
        "sign_in.failure",
        policy.audit_per_minute,
        object_type="user",
        object_id=account["id"] if account else "",
        summary=f"Failed sign-in: {why}",
    )
    if account is None:
        return
    failures = account["failed_count"] + 1
    values: dict = {"failed_count": failures, "last_failed_at": stamp}
    if failures >= policy.lock_after:
        values["locked_until"] = _stamp(at + timedelta(minutes=policy.lock_minutes))
        values["failed_count"] = 0
        audit.record(
            db,
            who,
            "user.locked",
            object_type="user",
            object_id=account["id"],
            summary=f"Locked {account['email']} for {policy.lock_minutes} minutes",
        )
    store.update(db, account["id"], values)


def sign_in(db: Database, email: str, password: str, address: str, policy: Policy) -> SignedIn:
    """Check credentials with throttling; every attempt is audited (anonymous failures at a bounded rate)."""
    email = (email or "").strip().lower()[:254]
    at = datetime.now(UTC)
    account = store.by_email(db, email) if email else None
    refusal = _throttled(db, account, email, address, at, policy)
    # The slow hash is checked outside the write transaction so it never holds the lock.
    valid = refusal is None and check_password_hash(
        account["password_hash"] if account else DUMMY_HASH, password or ""
    )
    with transaction(db):
        account = store.by_email(db, email) if email else None
        if refusal:
            audit.record_anonymous(
                db,
                Actor(email=email or "(no email)", address=address),
                "sign_in.refused",
                policy.audit_per_minute,
                object_type="user",
                object_id=account["id"] if account else "",
                summary=refusal,
            )
        elif account is None or not valid or account["disabled"]:
            why = "unknown account" if account is None else "account disabled" if valid else "wrong password"
            _fail(db, account, email, address, at, policy, why)
            refusal = "Enter a correct email address and password"
        else:
            store.update(
                db,
                account["id"],
                {
                    "failed_count": 0,
                    "locked_until": None,
                    "last_sign_in_at": now(),
                    "last_sign_in_address": address,
                },
            )
            store.forget_sessions_before(db, _stamp(at - timedelta(hours=policy.session_hours)))
            who = Actor(email=account["email"], address=address, user_id=account["id"])
            audit.record(db, who, "sign_in", object_type="user", object_id=account["id"], summary="Signed in")
            return _start_session(db, account, address, account["session_epoch"])
    raise SignInRefused(refusal)


def sign_out(db: Database, actor: Actor, secret: str | None) -> None:
    """End the current session for good (its cookie stops working) and record it."""
    with transaction(db):
        if secret:
            store.end_session(db, _session_id(secret))
        audit.record(
            db, actor, "sign_out", object_type="user", object_id=actor.user_id or "", summary="Signed out"
        )


def actor_for_session(
    db: Database, user_id: int, epoch: int | None, secret: object, address: str, policy: Policy
) -> Actor | None:
    """The actor behind a session, or None if it ended, outlived its absolute lifetime, or the account did."""
    if not isinstance(secret, str):
        return None
    found = store.session(db, _session_id(secret))
    if found is None or found["user_id"] != user_id:
        return None
    started = datetime.fromisoformat(found["started_at"])
    if started + timedelta(hours=policy.session_hours) <= datetime.now(UTC):
        return None
    account = store.by_id(db, user_id)
    if account is None or account["session_epoch"] != epoch:
        return None
    return actor_for_account(db, account, address)


def actor_for_account(db: Database, account: dict, address: str) -> Actor | None:
    """The actor an account acts as (None when disabled), with the roles and sensitivity it has now."""
    if account["disabled"]:
        return None
    roles = frozenset(account["roles"])
    sensitive = set(settings.value(db, "sensitive_roles"))  # type: ignore[arg-type]
    return Actor(
        email=account["email"],
        roles=roles,
        address=address,
        user_id=account["id"],
        can_see_sensitive=bool(roles & sensitive),
    )


def has_accounts(db: Database) -> bool:
    """Whether any account exists yet."""
    return store.count(db) > 0


def role_labels() -> dict[str, str]:
    """Role values to labels."""
    return labels(ROLES)
