"""Use cases of ATRS records: read with suggestions and what is missing, and save.

An ATRS record is a public document, so every suggestion drawn from the register or an assessment comes
through the disclosure view of it (withheld parts and passages replaced, staff names under s40(2) withheld),
and every export is swept of whatever is withheld about its system, whoever typed it.
"""

from dataclasses import dataclass

from dpia import partial_dates
from dpia.actor import Actor
from dpia.domain import atrs
from dpia.domain.redaction import Redaction
from dpia.domain.targets import row_key
from dpia.errors import Conflict, Forbidden, Invalid
from dpia.export.model import text_of
from dpia.kinds import definition
from dpia.kinds.model import Kind
from dpia.records import System, Version
from dpia.services import systems
from dpia.services.accounts import audit, settings
from dpia.services.disclosure import sweep, withholding
from dpia.store import assessments as assessment_store
from dpia.store import atrs as store
from dpia.store.db import Database, transaction
from dpia.vocab import CATEGORIES, LIFECYCLES, SENSITIVE, labels

MAX_DATASETS = 20


@dataclass
class Sources:
    """What suggestions are drawn from: the system and its approved versions, as a disclosure shows them."""

    system: System
    register: Redaction
    versions: list[tuple[Version, Redaction]]
    withheld: sweep.Withholding

    def field(self, path: str, value: str | None, person: bool = False) -> str:
        """A register field as a disclosure shows it."""
        runs = self.register.person(path, value or "") if person else self.register.text(path, value or "")
        return self.clean(text_of(runs))

    def clean(self, value: str) -> str:
        """Text with everything withheld about the system replaced by its marker."""
        return self.withheld.text(value, "ATRS record").strip()


def _approved(db: Database, actor: Actor, system_id: int) -> list[Version]:
    """The newest approved version of each assessment the actor may see; never an OFFICIAL-SENSITIVE one,
    as the record is published."""
    newest: dict[int, Version] = {}
    for version in assessment_store.for_system(db, system_id, actor.can_see_sensitive):
        if version["status"] == "approved" and version["marking"] != SENSITIVE:
            newest[version["assessment_id"]] = version
    return list(newest.values())


def sources(db: Database, actor: Actor, system: System) -> Sources:
    passages = withholding.passage_marks(db, [system["id"]])
    versions = _approved(db, actor, system["id"])
    return Sources(
        system,
        withholding.system_redaction(db, system["id"], True, passages),
        [(v, withholding.version_redaction(db, v, True, passages)) for v in versions],
        sweep.withheld(db, versions, [system], passages),
    )


def _phase(found: Sources) -> str:
    system = found.system
    phase = labels(LIFECYCLES).get(system["lifecycle"], "")
    first = found.field("first_used", partial_dates.display(system["first_used"]))
    return f"{phase}, first used {first}" if phase and first else phase


def _policies(found: Sources) -> str:
    lines = []
    for policy in found.system["policies"]:
        key = f"policies/{row_key(policy)}"
        if found.register.whole(key):
            continue
        title = found.field(f"{key}/title", policy["title"])
        reference = found.field(f"{key}/reference", policy["reference"])
        lines.append(f"{title} ({reference})" if reference else title)
    return "Use of the tool is governed by: " + "; ".join(lines) + "." if lines else ""


def _impact_assessments(found: Sources) -> str:
    lines = []
    for version, _ in found.versions:
        kind = definition(version["kind"], version["definition_version"])
        conducted = partial_dates.display(version["conducted"], "date not recorded")
        approved = partial_dates.display((version["approved"] or "")[:10], "date not recorded")
        lines.append(f"{kind.label} {version['reference']}: conducted {conducted}, approved {approved}.")
    return "\n".join(lines)


def _risks(found: Sources) -> str:
    """Each risk of every approved DPIA with the measures against it, as their disclosure copies show them;
    a risk or measure withheld whole is left out."""
    lines = []
    for version, redaction in found.versions:
        kind = definition(version["kind"], version["definition_version"])
        if "risks" not in kind.questions or "measures" not in kind.questions:
            continue
        lines += _version_risks(found, kind, version["answers"], redaction)
    return "\n".join(lines)


def _version_risks(found: Sources, kind: Kind, answers: dict, redaction: Redaction) -> list[str]:
    lines = []
    for risk in answers.get("risks") or []:
        if redaction.whole(f"risks/{risk['_id']}"):
            continue
        source = text_of(redaction.text(f"risks/{risk['_id']}/source", risk.get("source") or ""))
        lines.append(f"Risk: {found.clean(source)}")
        for measure in answers.get("measures") or []:
            if measure.get("risk") != risk["_id"] or redaction.whole(f"measures/{measure['_id']}"):
                continue
            option = text_of(redaction.text(f"measures/{measure['_id']}/option", measure.get("option") or ""))
            lines.append(f"Mitigation: {found.clean(option)}")
    return lines


def _suggestions(db: Database, found: Sources) -> dict:
    """What the register and the approved assessments suggest, by field key, with "datasets" for cards."""
    system = found.system
    name = found.field("name", system["name"])
    organisation = str(settings.value(db, "organisation") or "")
    supplier = found.field("supplier", system["supplier"], person=True)
    how = found.field("how_it_works", system["how_it_works"])
    outputs = found.field("how_outputs_made", system["how_outputs_made"])
    data_used = found.field("data_used", system["data_used"])
    values = {
        "title": name,
        "name": name,
        "organisation_name": organisation,
        "organisation_or_department": organisation,
        "phase": _phase(found),
        "tool_phase": _phase(found),
        "function": labels(CATEGORIES).get(system["category"], ""),
        "description": how,
        "team": found.field("owner", system["owner"], person=True),
        "senior_responsible_owner": found.field("senior_owner", system["senior_owner"], person=True),
        "external_supplier_involvement": "Yes" if supplier else "No",
        "external_supplier": supplier,
        "detailed_description": "\n\n".join(t for t in (how, outputs) if t),
        "process_integration": _policies(found),
        "provided_information": outputs,
        "model_input": data_used,
        "model_output": outputs,
        "datasets": data_used,
        "impact_assessment": _impact_assessments(found),
        "risks_and_mitigations": _risks(found),
    }
    suggested = {key: value for key, value in values.items() if value}
    cards = [{"source_data_name": f"Data used by {name}", "data_description": data_used}] if data_used else []
    return {"fields": suggested, "datasets": cards}


def record(db: Database, actor: Actor, system_id: int) -> dict:
    """A system's ATRS record with suggestions for empty answers and, per tier, what is missing."""
    system = systems.get(db, actor, system_id)
    stored = store.get(db, system_id)
    return {
        **stored,
        "system": system,
        "suggestions": _suggestions(db, sources(db, actor, system)),
        "missing": atrs.missing(stored["answers"], stored["datasets"]),
    }


def suggestions(db: Database, actor: Actor, system_id: int) -> dict:
    """Only the suggestions, for a form filling its empty answers."""
    return _suggestions(db, sources(db, actor, systems.get(db, actor, system_id)))


# Saving


def _text(value: object, name: str, errors: dict, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[key] = f"{name} must be text"
        return ""
    return value.replace("\r\n", "\n").strip()


def _checked_answers(raw: object, errors: dict) -> dict:
    if not isinstance(raw, dict):
        errors["answers"] = "Answers must be an object of field keys and texts"
        return {}
    answers = {}
    for key, value in raw.items():
        field = atrs.FIELDS.get(key)
        if field is None:
            errors[str(key)[:60]] = f"‘{str(key)[:60]}’ is not a field of the ATRS template"
            continue
        text = _text(value, field.label, errors, key)
        if message := atrs.too_long(field, text):
            errors[key] = message
        answers[key] = text
    return answers


def _checked_datasets(raw: object, errors: dict) -> list[dict]:
    if not isinstance(raw, list) or not all(isinstance(card, dict) for card in raw):
        errors["datasets"] = "Datasets must be a list of dataset cards"
        return []
    if len(raw) > MAX_DATASETS:
        errors["datasets"] = f"A record can hold at most {MAX_DATASETS} dataset cards"
        return []
    cards = []
    for number, card in enumerate(raw):
        checked = {}
        for key, value in card.items():
            field = atrs.DATASET_FIELDS.get(key)
            where = f"datasets-{number}-{key}"
            if field is None:
                errors[where[:80]] = f"‘{str(key)[:60]}’ is not a field of a dataset card"
                continue
            text = _text(value, f"Dataset {number + 1}: {field.label}", errors, where)
            if message := atrs.too_long(field, text):
                errors[where] = f"Dataset {number + 1}: {message}"
            checked[key] = text
        if any(checked.values()):
            cards.append(checked)
    return cards


def save(
    db: Database, actor: Actor, system_id: int, answers: object, datasets: object, expected_revision: int
) -> int:
    """Save answers (those given; the rest are kept) and, unless None, the dataset cards, unless someone
    else saved first; return the new revision."""
    if not actor.may("edit_atrs"):
        raise Forbidden("Only editors and approvers can change ATRS records")
    errors: dict = {}
    checked = _checked_answers(answers, errors)
    cards = None if datasets is None else _checked_datasets(datasets, errors)
    if errors:
        raise Invalid(errors)
    with transaction(db):
        system = systems.get(db, actor, system_id)
        current = store.get(db, system_id)
        if current["revision"] != expected_revision:
            raise Conflict(
                "Someone else saved this ATRS record while you were editing it. Your changes have not been"
                f" saved. It was saved by {current['updated_by']} at {current['updated_at']}."
            )
        merged = {k: v for k, v in {**current["answers"], **checked}.items() if v}
        cards = current["datasets"] if cards is None else cards
        changed = sorted(k for k in atrs.FIELDS if merged.get(k, "") != current["answers"].get(k, ""))
        if cards != current["datasets"]:
            changed.append("datasets")
        if not changed:
            return current["revision"]
        revision = current["revision"] + 1
        store.save(db, system_id, merged, cards, revision, actor.email)
        audit.record(
            db,
            actor,
            "atrs.update",
            object_type="system",
            object_id=system_id,
            summary=f"Changed the ATRS record of ‘{system['name']}’",
            details={"changed": changed, "revision": revision},
        )
    return revision
