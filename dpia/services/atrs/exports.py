"""Exports of ATRS records: the template's spreadsheet layout (.xlsx) and JSON, as published.

A record is a public document: every answer is swept of whatever is withheld about its system, whoever typed
it, so a withheld risk or passage never leaves in an export.
"""

import json

from dpia.actor import Actor
from dpia.domain import atrs
from dpia.errors import Invalid
from dpia.export import atrs as spreadsheet
from dpia.services import systems
from dpia.services.accounts import audit
from dpia.services.atrs.records import sources
from dpia.services.disclosure.exports import Export, safe_name
from dpia.store import atrs as store
from dpia.store.db import Database, transaction

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"xlsx": XLSX, "json": "application/json"}


def public_record(db: Database, actor: Actor, system_id: int) -> dict:
    """The record as published: answers by section under the template's version, swept of every
    withheld text about the system."""
    system = systems.get(db, actor, system_id)
    stored = store.get(db, system_id)
    found = sources(db, actor, system)
    data: dict = {
        "standard_version": atrs.STANDARD_VERSION,
        "id": system_id,
        "date_updated": stored["updated_at"][:10],
    }
    for section in atrs.SECTIONS:
        tier = data.setdefault(_tier_key(section.tier), {})
        if section.repeats:
            tier[section.key] = [
                {f.key: found.clean(card.get(f.key, "")) for f in section.fields}
                for card in stored["datasets"]
            ]
        else:
            tier[section.key] = {f.key: found.clean(stored["answers"].get(f.key, "")) for f in section.fields}
    return data


def _tier_key(tier: str) -> str:
    return {"metadata": "metadata", "1": "tier_1", "2": "tier_2"}[tier]


def export(db: Database, actor: Actor, system_id: int, form: str) -> Export:
    """The record as the template's spreadsheet (xlsx) or as JSON; audited."""
    if form not in FORMATS:
        raise Invalid({"format": f"Choose a format of xlsx or json, not ‘{str(form)[:20]}’"})
    data = public_record(db, actor, system_id)
    name = systems.get(db, actor, system_id)["name"]
    content = file_content(data, form)
    with transaction(db):
        audit.record(
            db,
            actor,
            "export.atrs",
            object_type="system",
            object_id=system_id,
            summary=f"Exported the ATRS record of ‘{name}’ as {form}",
            details={"format": form},
        )
    return Export(f"ATRS-{safe_name(name)}.{form}", content, FORMATS[form])


def file_content(data: dict, form: str) -> bytes:
    """A public record's bytes as JSON or as the template's spreadsheet."""
    if form == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode()
    return spreadsheet.workbook(_sheets(data))


def _sheets(data: dict) -> list[spreadsheet.Sheet]:
    """The template's layout: a sheet per tier with reference, field and answer, dataset cards apart."""
    sheets = []
    for tier, title in atrs.TIERS.items():
        rows = (
            [
                ("0.1", "ID", str(data["id"])),
                ("0.2", "Standard version", data["standard_version"]),
                ("0.9", "Date updated", data["date_updated"]),
            ]
            if tier == "metadata"
            else []
        )
        for section in (s for s in atrs.SECTIONS if s.tier == tier and not s.repeats):
            values = data[_tier_key(tier)][section.key]
            rows += [(f.reference, f.label, values[f.key]) for f in section.fields]
        sheets.append(spreadsheet.Sheet(title, ("Reference", "Field", "Answer"), rows))
    cards = data["tier_2"][atrs.DATASETS.key]
    rows = [
        (str(number), f.reference, f.label, card[f.key])
        for number, card in enumerate(cards, start=1)
        for f in atrs.DATASETS.fields
    ]
    sheets.append(spreadsheet.Sheet("Datasets", ("Dataset", "Reference", "Field", "Answer"), rows))
    return sheets
