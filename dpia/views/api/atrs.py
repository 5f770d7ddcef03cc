"""API: a system's ATRS record, its answers saved with If-Match, and its exports."""

from flask import Response, url_for

from dpia.domain import atrs as template
from dpia.domain.json_schema import obj, text
from dpia.services.atrs import exports, records
from dpia.views.api.core import etag_matches, json_response, operation
from dpia.views.api.systems import SYSTEM_ID
from dpia.web import actor, get_db

ANSWERS = obj({f.key: text(f.max_length, f"{f.reference} {f.label}") for f in template.FIELDS.values()})
CARD = obj({f.key: text(f.max_length, f"{f.reference} {f.label}") for f in template.DATASETS.fields})
# Sent answers carry no maxLength: the use case refuses an over-long one naming the field and its limit.
ANSWERS_INPUT = obj(
    {
        f.key: {
            "type": "string",
            "description": f"{f.reference} {f.label}, up to {f.max_length:,} characters",
        }
        for f in template.FIELDS.values()
    }
)
CARD_INPUT = obj(
    {
        f.key: {
            "type": "string",
            "description": f"{f.reference} {f.label}, up to {f.max_length:,} characters",
        }
        for f in template.DATASETS.fields
    }
)
GAP = obj({"label": {"type": "string"}, "section": {"type": "string"}, "key": {"type": "string"}})
RECORD = obj(
    {
        "system_id": {"type": "integer"},
        "standard_version": {"type": "string"},
        "revision": {"type": "integer", "minimum": 0},
        "updated_by": {"type": "string"},
        "updated_at": {"type": "string"},
        "answers": ANSWERS,
        "datasets": {"type": "array", "items": CARD},
        "missing": obj({tier: {"type": "array", "items": GAP} for tier in template.TIERS}),
        "suggestions": obj(
            {
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                "datasets": {"type": "array", "items": {"type": "object"}},
            }
        ),
        "links": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    description="A system's answers to the ATRS template, what is missing per tier, and suggestions.",
)
UPDATE = obj(
    {
        "answers": ANSWERS_INPUT,
        "datasets": {"type": "array", "maxItems": records.MAX_DATASETS, "items": CARD_INPUT},
    },
    description="Answers to change (others are kept); `datasets`, when sent, replaces every dataset card.",
)


def _etag(found: dict) -> str:
    return f'"atrs-{found["system_id"]}-r{found["revision"]}"'


def _json(found: dict) -> dict:
    system_id = found["system_id"]
    return {
        "system_id": system_id,
        "standard_version": template.STANDARD_VERSION,
        **{k: found[k] for k in ("revision", "updated_by", "updated_at", "answers", "datasets", "missing")},
        "suggestions": found["suggestions"],
        "links": {
            "self": url_for("api.getAtrsRecord", system_id=system_id),
            "xlsx": url_for("api.exportAtrsXlsx", system_id=system_id),
            "json": url_for("api.exportAtrsJson", system_id=system_id),
        },
    }


@operation(
    "GET",
    "/systems/{system_id}/atrs",
    "getAtrsRecord",
    summary="Read a system's ATRS record, with what is missing per tier and suggestions",
    permission="read",
    tag="ATRS records",
    params=(SYSTEM_ID,),
    response=RECORD,
    etag=True,
    errors=(404,),
)
def get_record(system_id: int, query: dict, body: None):
    found = records.record(get_db(), actor(), system_id)
    return json_response(_json(found), etag=_etag(found))


@operation(
    "PUT",
    "/systems/{system_id}/atrs",
    "updateAtrsRecord",
    summary="Save answers to a system's ATRS record (If-Match required)",
    permission="edit_atrs",
    tag="ATRS records",
    params=(SYSTEM_ID,),
    body=UPDATE,
    response=RECORD,
    etag=True,
    needs_if_match=True,
    errors=(404, 409, 412, 422, 428),
)
def update_record(system_id: int, query: dict, body: dict):
    current = records.record(get_db(), actor(), system_id)
    etag_matches(_etag(current))
    answers = body.get("answers") or {}
    records.save(get_db(), actor(), system_id, answers, body.get("datasets"), current["revision"])
    found = records.record(get_db(), actor(), system_id)
    return json_response(_json(found), etag=_etag(found))


def _file(found) -> Response:
    return Response(
        found.content,
        mimetype=found.media_type,
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )


@operation(
    "GET",
    "/systems/{system_id}/atrs.xlsx",
    "exportAtrsXlsx",
    summary="The ATRS record in the template's spreadsheet layout, swept of withheld text (audited)",
    permission="read",
    tag="ATRS records",
    params=(SYSTEM_ID,),
    response={"type": "string", "format": "binary"},
    media_type=exports.XLSX,
    errors=(404,),
)
def export_xlsx(system_id: int, query: dict, body: None):
    return _file(exports.export(get_db(), actor(), system_id, "xlsx"))


@operation(
    "GET",
    "/systems/{system_id}/atrs.json",
    "exportAtrsJson",
    summary="The ATRS record as JSON by the template's keys, swept of withheld text (audited)",
    permission="read",
    tag="ATRS records",
    params=(SYSTEM_ID,),
    response={"type": "object"},
    errors=(404,),
)
def export_json(system_id: int, query: dict, body: None):
    return _file(exports.export(get_db(), actor(), system_id, "json"))
