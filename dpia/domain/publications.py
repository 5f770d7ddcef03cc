"""What a system's public record may hold, declared once: the register fields, how each is read, and
which are always published.

The form, the preview, the command line and the API all offer these fields and nothing else.
"""

from dataclasses import dataclass

from dpia.domain.register import FIELD_LABELS

SUMMARY_LIMIT = 500
REASON_LIMIT = 500


@dataclass(frozen=True)
class Field:
    """A register field a public record may hold: `shape` says how it is read and swept."""

    key: str
    shape: str = "text"  # text, person, term, list, costs, policies
    always: bool = False

    @property
    def label(self) -> str:
        """The field's name as the register shows it."""
        return FIELD_LABELS[self.key]


FIELDS = (
    Field("name", always=True),
    Field("category", "term", always=True),
    Field("aliases", "list"),
    Field("lifecycle", "term"),
    Field("first_used"),
    Field("supplier"),
    Field("how_it_works"),
    Field("data_used"),
    Field("how_outputs_made"),
    Field("costs", "costs"),
    Field("policies", "policies"),
    # Names of staff: released only where the staff-name rule releases them (a chief officer's role).
    Field("owner", "person"),
    Field("senior_owner", "person"),
)
BY_KEY = {f.key: f for f in FIELDS}
ALWAYS = tuple(f.key for f in FIELDS if f.always)
CHOSEN = tuple(f.key for f in FIELDS if not f.always)
COST_COLUMNS = ("period_start", "period_end", "amount_pence", "description")
POLICY_COLUMNS = ("title", "reference", "version_date", "url")


def unknown_fields(keys: list[str]) -> list[str]:
    """The keys that name no field a public record may hold."""
    return [key for key in keys if key not in BY_KEY]


def shortened(text: str, limit: int = 120) -> str:
    """A field's current value cut for a checkbox's hint."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
