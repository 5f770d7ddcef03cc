"""dpia's own JSON for one assessment version: written losslessly, read back with every type checked.

{"format": "dpia-assessment", "format_version": 1, "exported_at": ..., "kind": "dpia",
 "definition_version": 1,
 "reference": ..., "system": {"name": ...}, "version": {"number", "status", "title", "owner", "marking",
 "started", "conducted", "approved", "review_due", "answers": {...}, "unplaced": [...]},
 "attachments": [{"name", "type", "size", "sha256", "uploaded_by", "uploaded_at"}]}
"""

from dpia import kinds
from dpia.errors import Refused
from dpia.importers.plan import Plan

FORMAT = "dpia-assessment"
FORMAT_VERSION = 1
DETAILS = ("title", "owner", "marking", "started", "conducted")
HISTORY = ("number", "status", "approved", "review_due")


def export(version: dict, attachments: list[dict], exported_at: str) -> dict:
    """One version as dpia's JSON."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": exported_at,
        "kind": version["kind"],
        "definition_version": version["definition_version"],
        "reference": version["reference"],
        "system": {"name": version["system_name"]},
        "version": {
            **{key: version[key] for key in (*HISTORY, *DETAILS)},
            "answers": version["answers"],
            "unplaced": version.get("unplaced") or [],
        },
        "attachments": [
            {key: a[key] for key in ("name", "type", "size", "sha256", "uploaded_by", "uploaded_at")}
            for a in attachments
        ],
    }


def is_native(value: object) -> bool:
    """Whether parsed JSON claims to be dpia's own format."""
    return isinstance(value, dict) and value.get("format") == FORMAT


def plan_native(value: dict) -> Plan:
    """A plan carrying the exported answers as they are; the answer rules check them on confirm."""
    if value.get("format_version") != FORMAT_VERSION:
        raise Refused(f"This dpia export is format version {value.get('format_version')!r}; only 1 is read")
    kind_key, definition_version = value.get("kind"), value.get("definition_version")
    if not isinstance(kind_key, str) or not isinstance(definition_version, int):
        raise Refused("This dpia export is malformed: ‘kind’ must be text and ‘definition_version’ a number")
    if (kind_key, definition_version) not in {(k.key, k.version) for k in kinds.DEFINITIONS}:
        raise Refused(
            f"This dpia export is for {kind_key} version {definition_version}, which is not known here"
        )
    version = value.get("version")
    if not isinstance(version, dict):
        raise Refused("This dpia export is malformed: ‘version’ must be an object")
    details = {key: version.get(key) for key in DETAILS}
    for key, found in details.items():
        if found is not None and not isinstance(found, str):
            raise Refused(f"This dpia export is malformed: ‘{key}’ must be text")
    answers, unplaced = version.get("answers"), version.get("unplaced", [])
    if not isinstance(answers, dict):
        raise Refused("This dpia export is malformed: ‘answers’ must be an object")
    if not isinstance(unplaced, list) or not all(_unplaced_item(u) for u in unplaced):
        raise Refused("This dpia export is malformed: ‘unplaced’ must be a list of {id, source, text}")
    reference = value.get("reference") if isinstance(value.get("reference"), str) else ""
    return Plan(
        source="dpia",
        kind=kind_key,
        suggested_kind=kind_key,
        details={**{k: v or "" for k, v in details.items()}, "reference": reference, "marking_found": ""},
        answers=answers,
        unplaced=unplaced,
        original={
            "definition_version": definition_version,
            **{key: version.get(key) for key in HISTORY if isinstance(version.get(key), (str, int))},
        },
    )


def _unplaced_item(item: object) -> bool:
    return (
        isinstance(item, dict)
        and all(isinstance(item.get(key), str) for key in ("id", "source", "text"))
        and len(item["text"]) <= 100_000
    )
