"""How far a version has got: each section's progress, what is missing for review and approval, its flags."""

from dpia import kinds
from dpia.domain import answers as answer_rules
from dpia.kinds.derive import Context, Flag
from dpia.kinds.model import Kind
from dpia.records import Version

TITLE_MISSING = "Enter the assessment's title"


def section_states(kind: Kind, version: Version) -> dict[str, str]:
    """Each section's progress for the task list: not yet started, incomplete or completed."""
    gaps = {key.split("-")[0] for key, _ in review_gaps(kind, version) + approval_gaps(kind, version)}
    states = {}
    for section in kind.shown_sections(version["answers"]):
        keys = {q.key for q in section.questions}
        if not keys & set(version["answers"]):
            states[section.key] = "Not yet started"
        elif keys & gaps:
            states[section.key] = "Incomplete"
        else:
            states[section.key] = "Completed"
    return states


def flags(kind: Kind, version: Version) -> list[Flag]:
    """The warnings a version raises, such as prior consultation with the ICO."""
    context = Context(system_category=version["system_category"], questions=frozenset(kind.questions))
    found = (kinds.FLAGS[name](version["answers"], context) for name in kind.flags)
    return [flag for flag in found if flag]


def review_gaps(kind: Kind, version: Version) -> list[tuple[str, str]]:
    """What must be filled in before the version can be submitted for review."""
    gaps = [] if version["title"] else [("title", TITLE_MISSING)]
    unplaced = len(version.get("unplaced") or [])
    if unplaced:
        items = "item" if unplaced == 1 else "items"
        gaps.append(("unplaced", f"Place or dismiss the {unplaced} imported {items} not yet placed"))
    return gaps + answer_rules.missing(kind, version["answers"], "submit")


def approval_gaps(kind: Kind, version: Version) -> list[tuple[str, str]]:
    """What an approver still needs: the conducted date and the required sign-offs."""
    gaps = [] if version["conducted"] else [("conducted", "Enter the date the assessment was conducted")]
    return gaps + answer_rules.missing(kind, version["answers"], "approve")


# The approval form asks for these itself, so their absence never stops an approver opening it.
FILLED_ON_APPROVAL = frozenset({"conducted"})


def approval_blockers(gaps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The approval gaps that must be filled elsewhere before the Approve button can be offered."""
    return [gap for gap in gaps if gap[0] not in FILLED_ON_APPROVAL]
