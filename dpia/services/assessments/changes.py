"""What changed between two states of an assessment, field by field, in words people read."""

from dpia.domain.answers import lines
from dpia.domain.changes import DETAIL_FIELDS, DETAILS
from dpia.kinds.model import Kind
from dpia.partial_dates import display as date_display
from dpia.records import Version
from dpia.store import assessments as store
from dpia.store.db import Database


def readable(kind: Kind, content: dict) -> dict[str, tuple[str, str, str]]:
    """Every field of a version's content: path -> (section, label, text), in form order."""
    found = {}
    for key, label, is_date in DETAIL_FIELDS:
        value = content.get(key) or ""
        found[key] = (DETAILS, label, date_display(value) if is_date else value)
    for line in lines(kind, content.get("answers") or {}):
        found[line.path] = (line.section, line.label, line.text)
    return found


def between(
    kind: Kind, before: Version | None, after: Version, before_kind: Kind | None = None
) -> list[dict]:
    """Differences from `before` (None for a new assessment) to `after`, in the order of the form."""
    old = readable(before_kind or kind, before) if before else {}
    new = readable(kind, after)
    paths = list(new) + [p for p in old if p not in new]
    differences = []
    for path in paths:
        section, label, _ = new.get(path) or old[path]
        old_text, new_text = old.get(path, ("", "", ""))[2], new.get(path, ("", "", ""))[2]
        if old_text != new_text:
            differences.append(
                {"path": path, "section": section, "label": label, "old": old_text, "new": new_text}
            )
    return differences


def since(db: Database, version: Version, revision: int) -> list[dict]:
    """What others changed in a version after `revision`, oldest first, with who and when."""
    return [
        {**change, "changed_by": save["by"], "changed_at": save["at"]}
        for save in store.saves_of_version(db, version["id"], revision)
        for change in save["changes"]
    ]
