"""Nothing is dropped: every source text of an import is placed, kept not yet placed, or visibly left out.

A pure check over a plan and what `plan.assemble` made of it, run before anything is stored: every paragraph,
row, text box, header and footer read is held by an item whose words (with any part shown as the form's own
wording) cover it, and every item's text is in the answers, its rows in their tables, or in "not yet placed",
unless the preview shows it left out.
"""

from collections import Counter
from dataclasses import dataclass

from dpia.domain import reading as words
from dpia.domain.answer_types import ANSWER_TYPES
from dpia.importers.plan import OMIT, Assembled, Item, Plan
from dpia.kinds.model import Kind


@dataclass(frozen=True)
class Gap:
    """A source text the import would lose, and why."""

    location: str
    text: str
    why: str


def missing(kind: Kind, plan: Plan, targets: dict[str, str], result: Assembled) -> list[Gap]:
    """The source texts neither placed, nor kept not yet placed, nor shown as left out."""
    return _unheld_sources(plan) + _Landing(kind, result).check(plan.items, targets)


def _unheld_sources(plan: Plan) -> list[Gap]:
    """Sources no item holds, or holds only in part."""
    held: dict[str, list[Item]] = {}
    for item in plan.items:
        for source in item.sources:
            held.setdefault(source, []).append(item)
    gaps = []
    for source in plan.sources:
        items = held.get(source["id"], [])
        carried = {w for item in items for w in words.words(f"{item.text} {item.template}")}
        if not items:
            gaps.append(Gap(source["location"], source["text"], "no part of the import holds it"))
        elif any(w not in carried for w in words.words(source["text"])):
            gaps.append(Gap(source["location"], source["text"], "only part of it is held"))
    return gaps


class _Landing:
    """Where each item's text ended up in an assembled result."""

    def __init__(self, kind: Kind, result: Assembled) -> None:
        self.kind = kind
        self.result = result
        self.answers = result.answers
        self.unplaced = "\n\0\n".join(entry["text"] for entry in result.unplaced)
        self.entries = Counter(entry["text"] for entry in result.unplaced)
        self.left_out = set(result.left_out)
        self.used: Counter[tuple[str, str]] = Counter()

    def check(self, items: list[Item], targets: dict[str, str]) -> list[Gap]:
        gaps = []
        for item in items:
            target = targets.get(item.id, item.target)
            if target == OMIT:
                landed = item.location in self.left_out
            elif target in item.options:
                landed = self.row(target, item.options[target])
            else:
                landed = (target.startswith("q:") and self.take(target, self.text_of(target), item.text)) or (
                    self.take("unplaced", self.unplaced, item.text)
                )
            if not landed:
                gaps.append(Gap(item.location, item.text, "it is neither placed nor kept as not yet placed"))
        return gaps

    def text_of(self, target: str) -> str:
        answer = self.answers.get(target[2:])
        return answer if isinstance(answer, str) else ""

    def take(self, bucket: str, haystack: str, text: str) -> bool:
        """Whether one more copy of `text` is in `haystack` than earlier items took."""
        if not text.strip():
            return True  # nothing to lose
        # Most unplaced entries are an item's text exactly: counting them spares a search of every entry.
        exact = self.entries[text] if bucket == "unplaced" else 0
        if self.used[(bucket, text)] >= exact and self.used[(bucket, text)] >= haystack.count(text):
            return False
        self.used[(bucket, text)] += 1
        return True

    def row(self, target: str, option: dict) -> bool:
        """Whether a row is in its table or fixed row, or kept not yet placed, with its leftover text."""
        kind, key, *fixed = target.split(":")
        cells = option["cells"]
        question = self.kind.questions[key]
        references = {c.key for c in question.columns if ANSWER_TYPES[c.type].refers}
        values = {
            k: v
            for k, v in cells.items()
            if isinstance(v, str) and not k.startswith("_") and k not in references
        }
        stored = self.answers.get(key)
        if kind == "t":
            rows = stored if isinstance(stored, list) else []
            landed = any(row.get("_id") == cells.get("_id") for row in rows) or all(
                v in self.unplaced for v in values.values()
            )
        else:
            entry = stored.get(fixed[0], {}) if isinstance(stored, dict) else {}
            landed = all(
                v in str(entry.get(k, "")) or f"{k}: {v}" in self.unplaced for k, v in values.items()
            )
        return landed and all(text in self.unplaced for text in option["leftovers"])
