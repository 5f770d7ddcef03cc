"""JSON Schema building blocks, shared by the answer types and the API's schemas."""

from dpia.domain.validate import SHORT
from dpia.vocab import Term

PARTIAL_DATE = {
    "type": "string",
    "pattern": r"^(19|20)\d{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
    "description": "A date known to the year, the month or the day: 2017, 2017-06 or 2017-06-03.",
    "examples": ["2017", "2017-06", "2017-06-03"],
}


def enum(terms: tuple[Term, ...], description: str = "") -> dict:
    """A string that must be one of a vocabulary's values."""
    schema: dict = {"type": "string", "enum": [t.value for t in terms]}
    if description:
        schema["description"] = description
    return schema


def text(max_length: int = SHORT, description: str = "") -> dict:
    """A string of bounded length."""
    schema: dict = {"type": "string", "maxLength": max_length}
    if description:
        schema["description"] = description
    return schema


def nullable(schema: dict) -> dict:
    """A schema that also accepts null (JSON Schema 2020-12, as OpenAPI 3.1 uses)."""
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict, required: tuple[str, ...] = (), extra: bool = False, description: str = "") -> dict:
    """An object with declared properties."""
    schema: dict = {"type": "object", "properties": properties, "additionalProperties": extra}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema
