"""What staff pages, the command line and the API show of a system's publications."""

from dpia.actor import Actor
from dpia.domain import publications as rules
from dpia.domain import transparency
from dpia.errors import Forbidden, NotFound
from dpia.records import Publication, System
from dpia.services import systems
from dpia.services.disclosure.exports import Export
from dpia.services.monitoring import datasets as monitoring
from dpia.services.publications.fields import TERMS
from dpia.store import publications as store
from dpia.store.db import Database


def public_address(publication: Publication) -> str:
    """The system page's address on the transparency pages, as a path from the site's root."""
    return transparency.ROOT + transparency.system_path(publication["slug"])


def state(db: Database, actor: Actor, system_id: int) -> dict:
    """The system's public record for its page: the newest publication, whether it is live, its address."""
    systems.get(db, actor, system_id)
    found = store.history(db, system_id)
    newest = found[0] if found else None
    return {
        "newest": newest,
        "live": newest is not None and newest["withdrawn_at"] is None,
        "address": public_address(newest) if newest else "",
        "count": len(found),
        "may_publish": actor.may("publish"),
    }


def published(db: Database, publication_id: int) -> Publication:
    """One publication by id, as just made."""
    found = store.get(db, publication_id)
    if found is None:
        raise NotFound("No publication with that id")
    return found


def as_data(db: Database, publication: Publication) -> dict:
    """A publication with its files and public address, for the history page and the API."""
    files = [
        {k: f[k] for k in ("path", "role", "title", "media_type", "sha256", "size")}
        for f in store.files(db, publication["id"])
    ]
    return {**publication, "address": public_address(publication), "files": files}


def history(db: Database, actor: Actor, system_id: int) -> tuple[System, list[dict]]:
    """Every publication of a system, newest first, withdrawn ones included, with their files."""
    system = systems.get(db, actor, system_id)
    return system, [as_data(db, p) for p in store.history(db, system_id)]


def file(db: Database, actor: Actor, system_id: int, number: int, path: str) -> Export:
    """One file of one of a system's publications, for staff, live or withdrawn."""
    systems.get(db, actor, system_id)
    found = next((p for p in store.history(db, system_id) if p["number"] == number), None)
    match = [f for f in store.files(db, found["id"]) if f["path"] == path] if found else []
    content = store.content(db, match[0]["sha256"]) if match else None
    if not match or content is None:
        raise NotFound("No such file in that publication")
    return Export(path, content, match[0]["media_type"])


def options(db: Database, actor: Actor, system_id: int) -> dict:
    """The choice form: each field with what it says now, shortened; the datasets; the revision."""
    if not actor.may("publish"):
        raise Forbidden("Only approvers can publish systems' public records")
    system = systems.get(db, actor, system_id)
    fields = []
    for field in rules.FIELDS:
        raw = system.get(field.key)  # type: ignore[misc]
        if field.shape == "term":
            raw = TERMS[field.key].get(raw or "", raw or "")
        elif field.shape in ("list", "costs", "policies"):
            raw = "; ".join(raw or []) if field.shape == "list" else (f"{len(raw)} recorded" if raw else "")
        fields.append(
            {
                "key": field.key,
                "label": field.label,
                "always": field.always,
                "now": rules.shortened(raw or ""),
            }
        )
    datasets = monitoring.datasets_for_system(db, actor, system_id)
    live = store.live(db, system_id)
    chosen = [f["key"] for f in live["record"]["fields"]] if live else []
    return {"system": system, "register_fields": fields, "datasets": datasets, "chosen": chosen, "live": live}
