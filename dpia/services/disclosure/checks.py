"""Checking what a response pack will withhold, before it is made: every withheld item, every place it
was found and replaced, and anything withheld the pack would still release.

The pack is prepared exactly as `packs.build` prepares it, inside a dry run: nothing is logged or audited,
and any write a contributor makes (a monitoring release's audit line) is undone.
"""

from dataclasses import dataclass

from dpia.actor import Actor
from dpia.domain import leaks
from dpia.errors import Invalid
from dpia.records import FoiRequest
from dpia.services.disclosure import exports, packs, withholding
from dpia.services.disclosure import requests as foi
from dpia.store.db import Database, dry_run


@dataclass(frozen=True)
class Item:
    """One withholding mark as the check shows it: what it withholds and where it was applied."""

    mark_id: int
    citation: str
    on: tuple[str, ...]  # every part it withholds: "DPIA-0003 version 2: Aims"
    places: tuple[str, ...]  # where it was found and replaced: "schedule-855A-22.docx: HART › How it works"
    leaks: tuple[str, ...]  # where it would still be released

    @property
    def label(self) -> str:
        """How pages and the command line name it: "Mark 3", or what withholds it where no mark does."""
        if isinstance(self.mark_id, int):
            return f"Mark {self.mark_id}"
        if str(self.mark_id).startswith("dependant:"):
            return "A row pointing at a withheld row"
        return "A member of staff's name"


@dataclass(frozen=True)
class Check:
    """What a request's pack withholds, and whether it would release anything withheld."""

    request: FoiRequest
    items: tuple[Item, ...]
    leaks: tuple[leaks.Leak, ...]
    files: tuple[str, ...]
    # Marks decided elsewhere that this request has yet to confirm or release: withheld in the check.
    waiting: tuple[str, ...] = ()

    @property
    def releases(self) -> bool:
        """Whether the pack would release a withheld string (and so would be refused)."""
        return bool(self.leaks)


def check(db: Database, actor: Actor, request_id: int, opts: exports.Options, earlier: bool = False) -> Check:
    """Prepare a request's pack without making or logging it, and say what it withholds and where."""
    exports.require(actor, "disclose", "check what a response pack withholds")
    with dry_run(db):
        prepared = packs.prepare(db, actor, request_id, opts, earlier=earlier, drafts=True)
    return Check(
        prepared.request,
        _items(prepared),
        tuple(prepared.leaks),
        tuple(f.path for f in prepared.files),
        tuple(withholding.undecided(db, actor, prepared.request)),
    )


@dataclass(frozen=True)
class Preview:
    """What a disclosure for a request would withhold, or why its pack cannot be prepared yet."""

    request: FoiRequest
    check: Check | None  # None while something must be looked at first
    problems: tuple[str, ...]  # why a pack cannot be made now (a pack that would release withheld text)

    @property
    def can_make(self) -> bool:
        """Whether `packs.build` would make the pack now."""
        return not self.problems


def preview(
    db: Database, actor: Actor, request_id: int, opts: exports.Options, earlier: bool = False
) -> Preview:
    """A request's pack checked without making or logging it, with every reason it cannot be made now.

    Unlike `check`, what blocks the pack (marks still to decide, a system not ready, an unusable
    reference.docx) is an answer, not a refusal, so a case-management system can show it.
    """
    exports.require(actor, "disclose", "check what a response pack withholds")
    request = foi.get(db, actor, request_id)
    # Marks still to be decided block the pack but not the check: they are withheld in it meanwhile.
    blocking = packs.problems(db, actor, request, packs.plan(db, actor, request, earlier), decided=False)
    if blocking:
        return Preview(request, None, tuple(blocking + withholding.undecided(db, actor, request)))
    try:
        found = check(db, actor, request_id, opts, earlier)
    except Invalid as refused:
        return Preview(request, None, tuple(refused.errors.values()))
    except exports.ExportFailed as failed:
        return Preview(request, None, (str(failed),))
    leaking = (packs.refusal(list(found.leaks)),) if found.releases else ()
    return Preview(request, found, found.waiting + leaking)


def _items(prepared: packs.Prepared) -> tuple[Item, ...]:
    """One item per mark, in the order of the parts it is on."""
    by_mark: dict[int, list[leaks.Withheld]] = {}
    for item in prepared.withheld.items:
        by_mark.setdefault(item.mark_id, []).append(item)
    found = []
    for mark_id, items in by_mark.items():
        on = tuple(dict.fromkeys(item.on for item in items))
        where = tuple(leak.where() for leak in prepared.leaks if leak.item.mark_id == mark_id)
        places = tuple(prepared.withheld.places.get(mark_id, ()))
        found.append(Item(mark_id, items[0].citation, on, places, where))
    return tuple(sorted(found, key=lambda i: (i.on, i.mark_id)))
