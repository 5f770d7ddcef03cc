"""Names of staff in a disclosure: which are withheld under s40(2), to sweep from all of it and to count.

The rule itself (which names a role releases) is dpia.domain.staff; this reads the settings and the records.
"""

from dpia.domain import staff as rules
from dpia.records import Version
from dpia.services.accounts import settings
from dpia.services.assessments import versions as assessments
from dpia.store import assessments as assessment_store
from dpia.store import systems as system_store
from dpia.store.db import Database

# Fields of a register entry that name a person, with no role recorded beside them.
SYSTEM_PEOPLE = ("owner", "senior_owner")


def grades(db: Database) -> tuple[str, ...]:
    """The roles and grades whose staff names disclosure copies release, as the administrator set them."""
    return tuple(settings.value(db, "released_grades"))  # type: ignore[arg-type]


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _people(db: Database, versions: list[Version], system_ids: list[int]) -> list[rules.Person]:
    chosen = grades(db)
    found = [p for v in versions for p in rules.people(assessments.definition(v), v, chosen)]
    for system_id in system_ids:
        system = system_store.get(db, system_id) or {}
        found += [p for key in SYSTEM_PEOPLE for p in rules.field_people(system.get(key) or "", chosen)]
    return found


def withheld(people: list[rules.Person]) -> list[str]:
    """The names withheld, once each: a name released beside a chief officer's role anywhere is released."""
    free = {_key(p.name) for p in people if p.released}
    found: dict[str, str] = {}
    for person in people:
        if not person.released and _key(person.name) not in free:
            found.setdefault(_key(person.name), person.name)
    return list(found.values())


def sweep_marks(db: Database, system_ids: list[int]) -> list[dict]:
    """Marks sweeping from a whole disclosure the names of staff withheld anywhere about these systems: in
    any version of any of their assessments, or as the owner of their register entries."""
    versions = [v for s in system_ids for v in assessment_store.for_system(db, s, True)]
    names = withheld(_people(db, versions, system_ids))
    marks = {m["id"]: m for name in names for m in map(rules.mark, rules.swept_forms(name))}
    return list(marks.values())


def withheld_from(db: Database, versions: list[Version]) -> list[str]:
    """The names withheld from these versions' person fields (sign-offs, owners), once each."""
    return withheld(_people(db, versions, []))


def mark() -> dict:
    """The s40(2) mark a response cites for the staff names it withholds."""
    return {"id": "staff", "target": "staff", "label": rules.LABEL, "passage": "", **rules.EXEMPTION}
