"""JSON Schemas of the API, built from the vocabularies and kind declarations the rest of dpia uses."""

from dpia import kinds
from dpia.domain.answer_types import ANSWER_TYPES
from dpia.domain.json_schema import PARTIAL_DATE, enum, nullable, obj, text
from dpia.domain.validate import LONG, SHORT
from dpia.kinds.model import Kind
from dpia.services.monitoring.vocab import BREAKDOWN_TERMS, GRANULARITIES, MEASURE_TERMS
from dpia.vocab import CATEGORIES, LIFECYCLES, MARKINGS, REGIMES, STATUSES, Term

DATE_ONLY = {
    "type": "string",
    "format": "date",
    "pattern": r"^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
    "examples": ["2024-05-01"],
}
TIMESTAMP = {"type": "string", "format": "date-time"}
ID = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}


def page_of(item: dict) -> dict:
    """A page of a listing, with its position and links to the pages either side."""
    link = nullable({"type": "string"})
    return obj(
        {
            "items": {"type": "array", "items": item},
            "page": ID,
            "per_page": ID,
            "total": {"type": "integer", "minimum": 0},
            "links": obj({"next": link, "prev": link}, ("next", "prev")),
        },
        ("items", "page", "per_page", "total", "links"),
    )


PROBLEM = obj(
    {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": obj({"field": {"type": "string"}, "message": {"type": "string"}}, ("field", "message")),
        },
        "changes": {"type": "array", "items": {"type": "object"}},
    },
    ("type", "title", "status"),
    extra=True,
    description="An RFC 9457 problem; validation failures list each field with its message.",
)

# Systems

COST = obj(
    {
        "period_start": PARTIAL_DATE,
        "period_end": nullable(PARTIAL_DATE),
        "amount": {
            "anyOf": [{"type": "string", "maxLength": 30}, {"type": "number"}],
            "description": "Pounds, at most two decimal places, such as 12500.50.",
        },
        "description": text(500),
    },
    ("period_start", "amount"),
)
POLICY = obj(
    {
        "title": text(300),
        "reference": text(100),
        "version_date": nullable(PARTIAL_DATE),
        "url": text(2000, "An http or https address."),
    },
    ("title",),
)
SYSTEM_FIELDS = {
    "name": text(SHORT, "Unique in the register, whatever the case."),
    "aliases": {"type": "array", "items": text(100), "maxItems": 30, "description": "Aliases and acronyms."},
    "category": enum(CATEGORIES),
    "lifecycle": enum(LIFECYCLES),
    "first_used": nullable(PARTIAL_DATE),
    "retired": nullable(PARTIAL_DATE),
    "owner": text(),
    "senior_owner": text(),
    "supplier": text(),
    "regime": enum(REGIMES),
    "how_it_works": text(LONG),
    "data_used": text(LONG),
    "how_outputs_made": text(LONG),
    "costs": {"type": "array", "items": COST, "maxItems": 100},
    "policies": {"type": "array", "items": POLICY, "maxItems": 100},
    "notes": text(LONG),
    "marking": enum(MARKINGS),
}
SYSTEM_INPUT = obj(SYSTEM_FIELDS, ("name", "category", "lifecycle", "regime"))
SYSTEM = obj(
    {
        "id": ID,
        **SYSTEM_FIELDS,
        "version": ID,
        "created_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
        "links": obj({"self": {"type": "string"}, "assessments": {"type": "string"}}),
    },
    ("id", *SYSTEM_FIELDS, "version", "created_at", "updated_at", "links"),
)

# Assessments: answers follow each kind's declaration


def answers_schema(kind: Kind) -> dict:
    """The answers of one kind's definition, question by question."""
    properties = {q.key: ANSWER_TYPES[q.type].schema(q) for q in kind.questions.values()}
    return obj(properties, description=f"Answers to a {kind.short}, form version {kind.version}.")


ANSWER_SCHEMAS = {f"Answers_{k.key}_v{k.version}": answers_schema(k) for k in kinds.DEFINITIONS}
ANSWERS_ANY = {
    "type": "object",
    "description": "Answers keyed by question, shaped as the kind's Answers_<kind>_v<version> schema says.",
}
ASSESSMENT_START = obj(
    {
        "kind": enum(tuple(Term(k.key, k.label) for k in kinds.kinds())),
        "title": text(),
        "reference": text(40, "Leave out to have one made, like DPIA-2024-007."),
        "owner": text(),
        "marking": enum(MARKINGS),
        "answers": ANSWERS_ANY,
    },
    ("kind", "title"),
)
DRAFT_UPDATE = obj(
    {
        "title": text(),
        "reference": text(40),
        "owner": text(),
        "marking": enum(MARKINGS),
        "started": nullable(PARTIAL_DATE),
        "conducted": nullable(PARTIAL_DATE),
        "answers": ANSWERS_ANY,
    },
    ("title", "answers"),
    description="The whole draft: its details and every answer (answers left out are removed).",
)
TRANSITION = obj(
    {
        "action": {"type": "string", "enum": ["submit", "approve", "request_changes", "withdraw"]},
        "note": text(5000, "Needed to request changes or withdraw."),
        "conducted": nullable(PARTIAL_DATE),
        "approved": nullable(DATE_ONLY),
        "review_due": nullable(DATE_ONLY),
    },
    ("action",),
)
FLAG = obj({"key": {"type": "string"}, "title": {"type": "string"}, "text": {"type": "string"}})
VERSION_SUMMARY = obj(
    {
        "version": ID,
        "status": enum(STATUSES),
        "conducted": nullable(PARTIAL_DATE),
        "approved": nullable(DATE_ONLY),
        "review_due": nullable(DATE_ONLY),
        "links": obj({"self": {"type": "string"}}),
    }
)
ASSESSMENT = obj(
    {
        "assessment_id": ID,
        "reference": {"type": "string"},
        "kind": {"type": "string"},
        "kind_label": {"type": "string"},
        "version": ID,
        "definition_version": ID,
        "status": enum(STATUSES),
        "title": {"type": "string"},
        "owner": {"type": "string"},
        "marking": enum(MARKINGS),
        "system": obj({"id": ID, "name": {"type": "string"}}),
        "started": nullable(PARTIAL_DATE),
        "conducted": nullable(PARTIAL_DATE),
        "approved": nullable(DATE_ONLY),
        "review_due": nullable(DATE_ONLY),
        "answers": ANSWERS_ANY,
        "flags": {"type": "array", "items": FLAG},
        "missing_for_review": {"type": "array", "items": {"type": "string"}},
        "missing_for_approval": {"type": "array", "items": {"type": "string"}},
        "revision": ID,
        "versions": {"type": "array", "items": VERSION_SUMMARY},
        "links": obj({"self": {"type": "string"}, "system": {"type": "string"}}, extra=True),
    },
    ("assessment_id", "reference", "kind", "version", "status", "title", "answers", "revision"),
)
ASSESSMENT_SUMMARY = obj(
    {
        "assessment_id": ID,
        "reference": {"type": "string"},
        "kind": {"type": "string"},
        "title": {"type": "string"},
        "versions": {"type": "array", "items": VERSION_SUMMARY},
        "links": obj({"self": {"type": "string"}}),
    }
)
SYSTEM_ASSESSMENTS = obj(
    {
        "system": obj({"id": ID, "name": {"type": "string"}}),
        "kinds": {
            "type": "array",
            "items": obj(
                {
                    "kind": {"type": "string"},
                    "label": {"type": "string"},
                    "recorded": {"type": "boolean"},
                    "approved": {"type": "boolean"},
                    "statement": {"type": "string", "description": "For example “No EqIA recorded.”"},
                    "assessments": {"type": "array", "items": ASSESSMENT_SUMMARY},
                }
            ),
        },
    }
)

# Monitoring data

DATASET_SUMMARY = obj(
    {
        "id": ID,
        "system_id": ID,
        "title": {"type": "string"},
        "measure": enum(MEASURE_TERMS),
        "granularity": enum(GRANULARITIES),
        "breakdown": enum(BREAKDOWN_TERMS),
        "source": {"type": "string"},
        "synthetic": {"type": "boolean"},
        "uploaded_by": {"type": "string"},
        "uploaded_at": TIMESTAMP,
        "links": obj({"self": {"type": "string"}, "released_csv": {"type": "string"}}),
    },
    extra=True,
)
DATASET = obj(
    {
        **DATASET_SUMMARY["properties"],
        "periods": {"type": "array", "items": {"type": "string"}},
        "groups": {"type": "array", "items": obj({"code": {"type": "string"}, "label": {"type": "string"}})},
        "counts": {
            "type": "array",
            "items": {"type": "array", "items": {"type": "integer", "minimum": 0}},
            "description": "True counts, one row per period, one column per group.",
        },
    },
    extra=True,
)

COMPONENTS = {
    "Problem": PROBLEM,
    "System": SYSTEM,
    "SystemInput": SYSTEM_INPUT,
    "Assessment": ASSESSMENT,
    "AssessmentStart": ASSESSMENT_START,
    "DraftUpdate": DRAFT_UPDATE,
    "Transition": TRANSITION,
    "SystemAssessments": SYSTEM_ASSESSMENTS,
    "Dataset": DATASET,
    "DatasetSummary": DATASET_SUMMARY,
    **ANSWER_SCHEMAS,
}
