"""Stock wording per exemption for refusal notices: kept by administrators, every save a new version."""

from dpia.actor import Actor
from dpia.domain.exemptions import RULES, is_qualified, needs_harm, title
from dpia.domain.wording import DEFAULT_WORDING, FIELDS, LABELS
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.services.accounts import audit
from dpia.store import wording as store
from dpia.store.db import Database, transaction

MAX_CHARS = 4_000


def _short(exemption: str) -> str:
    """ "Section 31" from "Section 31: law enforcement"."""
    return title(exemption).split(":")[0]


def _known(exemption: str) -> None:
    if exemption not in RULES:
        raise NotFound(f"There is no stock wording for ‘{exemption}’")


def _may_read(actor: Actor) -> None:
    # FOI officers start their reasons from the stock wording, so they may read it as well as change-makers.
    if not (actor.may("manage_settings") or actor.may("manage_foi")):
        raise Forbidden("Only administrators and FOI officers can read stock wording")


def current(db: Database, exemption: str) -> dict:
    """The wording to start from: the latest saved version, or the default as version 0."""
    stored = store.latest(db, exemption)
    if stored:
        return {"exemption": exemption, "version": stored["version"], **{k: stored[k] for k in FIELDS}}
    default = DEFAULT_WORDING.get(exemption, {})
    return {"exemption": exemption, "version": 0, **{k: default.get(k, "") for k in FIELDS}}


def history(db: Database, actor: Actor, exemption: str) -> list[dict]:
    """Every saved version of an exemption's wording, newest first."""
    _may_read(actor)
    _known(exemption)
    return store.history(db, exemption)


def listing(db: Database, actor: Actor) -> list[dict]:
    """One row per exemption: its title, latest version and who saved it when (version 0: never saved)."""
    _may_read(actor)
    latest = store.latest_each(db)
    return [
        {
            "exemption": key,
            "title": rule.title,
            "version": latest[key]["version"] if key in latest else 0,
            "updated_at": latest[key]["created_at"] if key in latest else "",
            "updated_by": latest[key]["created_by"] if key in latest else "",
        }
        for key, rule in RULES.items()
    ]


def _text(key: str, raw: object) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise Invalid({key: f"{LABELS[key]} must be text"})
    # Browsers send CRLF; store one kind of line break so unchanged text compares equal.
    return raw.replace("\r\n", "\n").strip()


def _clean(exemption: str, data: dict) -> dict[str, str]:
    """The submitted wording, checked against what the exemption needs."""
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for key in FIELDS:
        try:
            cleaned[key] = _text(key, data.get(key))
        except Invalid as error:
            errors.update(error.errors)
            continue
        if len(cleaned[key]) > MAX_CHARS:
            errors[key] = f"{LABELS[key]} must be {MAX_CHARS:,} characters or fewer"
    if not errors.get("why") and not cleaned.get("why"):
        errors["why"] = "Enter why the exemption applies"
    if not is_qualified(exemption):
        for key in ("favour", "against", "balance"):
            if cleaned.get(key):
                errors[key] = (
                    f"{_short(exemption)} is an absolute exemption and needs no public interest test"
                )
    if not needs_harm(exemption) and cleaned.get("harm"):
        errors["harm"] = f"{_short(exemption)} is not prejudice-based, so no harm is stated"
    if errors:
        raise Invalid(errors)
    return cleaned


def save(db: Database, actor: Actor, exemption: str, data: dict) -> int:
    """Save a new version of an exemption's stock wording; return its version (the latest if unchanged)."""
    if not actor.may("manage_settings"):
        raise Forbidden("Only administrators can change stock wording")
    _known(exemption)
    cleaned = _clean(exemption, data)
    with transaction(db):
        latest = store.latest(db, exemption)
        if latest and all(latest[k] == cleaned[k] for k in FIELDS):
            return latest["version"]
        before = latest or {}
        version = store.insert(db, exemption, cleaned, actor.email)
        audit.record(
            db,
            actor,
            "wording.save",
            object_type="exemption_wording",
            object_id=exemption,
            summary=f"Saved stock wording for {_short(exemption)} (version {version})",
            # The text itself is kept in the versions; the trail says which parts changed.
            details={"version": version, "changed": [k for k in FIELDS if cleaned[k] != before.get(k, "")]},
        )
    return version
