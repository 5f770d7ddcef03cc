"""Searching the register for an actor: names first, then content, grouped by system.

The actor's visibility rule is the one of dpia/actor.py::Actor.sees: anything whose own marking
or whose system's marking is OFFICIAL-SENSITIVE is masked inside the search itself, so no count, page or
suggestion can reveal it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from dpia import clock, kinds
from dpia import search as lookup
from dpia.actor import Actor
from dpia.domain.reviews import ReviewState, version_state
from dpia.domain.validate import Checker
from dpia.errors import Invalid
from dpia.services import systems as system_rules
from dpia.services.assessments import versions as assessments
from dpia.store import assessments as assessment_store
from dpia.store import systems as system_store
from dpia.store.db import Database
from dpia.vocab import CATEGORIES, LIFECYCLES, MARKINGS, REGISTER_FILLERS, REGISTER_WORDS, STATUSES, labels

GROUPS_PER_PAGE = 10
HITS_PER_GROUP = 4
# The best documents collected for grouping; counts still cover every match.
TOP = 120
SORTS = ("relevance", "newest")


@dataclass
class SearchRequest:
    """A search as asked for: words, filters, order and page."""

    text: str = ""
    filters: lookup.Filters = field(default_factory=lookup.Filters)
    sort: str = "relevance"
    page: int = 1
    # Words that name a system show that system's records; "everything" searches all text for them too.
    everything: bool = False


def _chosen(args: Mapping, key: str, allowed: list[str]) -> tuple[str, ...]:
    values = args.getlist(key) if hasattr(args, "getlist") else [args.get(key)]
    return tuple(v for v in dict.fromkeys(values) if v in allowed)


def _day_number(check: Checker, key: str, value: dict, label: str, end: bool) -> int | None:
    found = check.partial_date(key, value, label)
    if found is None:
        return None
    day = found.latest() if end else found.earliest()
    return day.year * 10000 + day.month * 100 + day.day


def read_request(args: Mapping) -> SearchRequest:
    """A search request from query-string arguments; Invalid (per field) for dates that make no sense."""
    check = Checker()
    dates = {
        key: {part: str(args.get(f"{key}-{part}", "") or "").strip() for part in ("day", "month", "year")}
        for key in ("conducted_from", "conducted_to")
    }
    start = _day_number(check, "conducted_from", dates["conducted_from"], "Conducted from", end=False)
    end = _day_number(check, "conducted_to", dates["conducted_to"], "Conducted to", end=True)
    if start and end and start > end:
        check.fail("conducted_to", "Conducted to must be the same as or after conducted from")
    system = str(args.get("system", "") or "")
    try:
        page = min(max(int(str(args.get("page", "1"))[:6]), 1), 10_000)
    except ValueError:
        page = 1
    request = SearchRequest(
        text=lookup.clean(str(args.get("q", "") or "")),
        filters=lookup.Filters(
            kinds=_chosen(args, "kind", list(kinds.ORDER)),
            statuses=_chosen(args, "status", [t.value for t in STATUSES]),
            categories=_chosen(args, "category", [t.value for t in CATEGORIES]),
            lifecycles=_chosen(args, "lifecycle", [t.value for t in LIFECYCLES]),
            markings=_chosen(args, "marking", [t.value for t in MARKINGS]),
            conducted_from=start,
            conducted_to=end,
            system_id=system if system.isdigit() else None,
        ),
        sort=args.get("sort") if args.get("sort") in SORTS else "relevance",
        page=page,
        everything=args.get("scope") == "all",
    )
    if check.errors:
        raise Invalid(check.errors)
    return request


def words_only(text: str) -> SearchRequest:
    """A request keeping only the words, for redisplaying a form whose filters were refused."""
    return SearchRequest(text=lookup.clean(text))


def _restricted(request: SearchRequest, actor: Actor) -> SearchRequest:
    """People who may not see OFFICIAL-SENSITIVE material cannot filter by it either."""
    if actor.can_see_sensitive or not request.filters.markings:
        return request
    filters = lookup.Filters(**{**request.filters.__dict__, "markings": ()})
    return SearchRequest(request.text, filters, request.sort, request.page, request.everything)


def search(db: Database, index: lookup.SearchIndex, actor: Actor, request: SearchRequest) -> dict:
    """Results for an actor: the system the words name (with its assessments), then groups by system.

    Words naming a category or a lifecycle ("predictive crime mapping", "retired") list every system of it,
    each with its assessments, as a name does for one system.
    """
    request = _restricted(request, actor)
    chosen = _register_terms(db, request)
    if chosen:
        return by_register(db, actor, request, chosen)
    status = index.ensure_ready(db)
    page = {"request": request, "status": status, "groups": [], "panel": None, "total": 0}
    if not status.searchable:
        return page
    try:
        with index.searchers.lease() as pair:
            found, names = _find(pair, request, actor)
            if not found.total and not names and request.text:
                page["suggestion"] = _suggestion(pair, request, actor)
    except lookup.IndexUnavailable as error:
        return {**page, "status": lookup.Status(False, True, str(error))}
    except Exception as error:  # A damaged index fails in many ways inside Whoosh; rebuild, never a 500.
        index.report_broken(error)
        return {**page, "status": lookup.Status(False, True, repr(error))}
    return {**page, **_grouped(db, actor, request, found, names)}


def _register_terms(db: Database, request: SearchRequest) -> dict[str, str]:
    """The category and lifecycle the words name, unless the person asked for the text or a system's name."""
    if request.everything or request.filters.system_id or not request.text:
        return {}
    chosen = lookup.register_terms(request.text, REGISTER_WORDS, REGISTER_FILLERS)
    # A system may be called what a category is called: its own name wins, as any name does.
    if chosen and system_store.find_id_by_name(db, request.text) is not None:
        return {}
    return chosen


def by_register(db: Database, actor: Actor, request: SearchRequest, chosen: dict[str, str]) -> dict:
    """Every visible system of a category or lifecycle, a page at a time, each with its assessments."""
    listed = system_rules.listing(db, actor, {**chosen, "page": request.page}, per_page=GROUPS_PER_PAGE)
    groups = []
    for row in listed["systems"]:
        system = system_store.get(db, row["id"])
        panel = assessments.for_system(db, actor, row["id"])
        group = {"system": system, "name_match": False, "hits": [], "more": 0}
        groups.append({**group, "panel": panel, "gaps": gaps(panel)})
    names = [
        labels(CATEGORIES).get(chosen.get("category", "")),
        labels(LIFECYCLES).get(chosen.get("lifecycle", "")),
    ]
    return {
        "request": request,
        # Answered from the database, not the index: complete whatever the index is doing.
        "status": lookup.Status(ready=True, rebuilding=False),
        "groups": groups,
        "panel": None,
        "register": {"words": ", ".join(n for n in names if n), **chosen},
        "total": listed["matched"],
        "systems": listed["matched"],
        "capped": False,
        "page_number": listed["page"],
        "pages": listed["pages"],
        "first": listed["first"],
    }


def gaps(panel: list[dict]) -> list[str]:
    """What an FOI answer would have to say is missing: "no EqIA", "no approved DPIA"."""
    return [
        ("no approved " if group["assessments"] else "no ") + group["kind"].short
        for group in panel
        if group["kind"].key in kinds.FOI_KINDS and not group["approved"]
    ]


def _find(pair, request: SearchRequest, actor: Actor) -> tuple[lookup.Found, list]:
    see = actor.can_see_sensitive
    if not request.text or lookup.is_empty(request.text):
        if not request.filters.any():
            return lookup.Found(), []
        return lookup.browse(pair.content, request.filters, see, TOP), []
    names = []
    if not request.filters.system_id:
        names = lookup.find_names(pair.names, request.text, request.filters, see)
    if _names_a_system(names, request):
        # A system's name was typed: its records are the answer, found by id rather than by every word.
        return lookup.documents_of(
            pair.content, [n[0] for n in names], request.filters, see, HITS_PER_GROUP
        ), names
    found = lookup.find_content(
        pair.content, request.text, request.filters, see, newest=request.sort == "newest", limit=TOP
    )
    return found, names


def _names_a_system(names: list, request: SearchRequest) -> bool:
    """Whether the words are a name rather than words to look for in the text.

    An exact name, alias or acronym is; so are two or more words that each begin (or misspell) a word of
    one name, like "gangs mat". A single word that only begins one ("data") may be either, so the text of
    every record is searched as well.
    """
    if not names or request.everything:
        return False
    return names[0][2] == "exact" or len(request.text.split()) >= 2


def _suggestion(pair, request: SearchRequest, actor: Actor) -> str | None:
    """A spelling to offer, only if it finds something this actor may see."""
    suggestion = lookup.suggest(pair, request.text)
    if not suggestion or suggestion.casefold() == request.text.casefold():
        return None
    trial = SearchRequest(suggestion, request.filters, request.sort, 1, request.everything)
    found, names = _find(pair, trial, actor)
    return suggestion if found.total or names else None


def _order_in_group(hits: list[dict]) -> list[dict]:
    """Within a system: the system itself, then each assessment's current version before older ones."""
    first_seen: dict[str, int] = {}
    for position, hit in enumerate(hits):
        first_seen.setdefault(hit.get("assessment_id") or "", position)
    return sorted(
        hits,
        key=lambda h: (
            h["type"] != "system",
            first_seen[h.get("assessment_id") or ""],
            h.get("current") != "yes",
            -(h.get("number") or 0),
        ),
    )


def _grouped(db: Database, actor: Actor, request: SearchRequest, found: lookup.Found, names: list) -> dict:
    by_system: dict[str, list[dict]] = {}
    # By relevance, a system the words name comes first; sorted by date, the dates decide.
    named_first = request.sort == "relevance"
    for system_id, _score, _stage in names if named_first else ():
        by_system.setdefault(system_id, [])
    for hit in found.hits:
        by_system.setdefault(hit["system_id"], []).append(hit)
    for system_id, _score, _stage in names:
        by_system.setdefault(system_id, [])
    system_ids = list(by_system)
    pages = max(1, -(-len(system_ids) // GROUPS_PER_PAGE))
    number = min(request.page, pages)
    shown = system_ids[(number - 1) * GROUPS_PER_PAGE : number * GROUPS_PER_PAGE]
    groups = [_group(db, actor, system_id, by_system[system_id], found, names) for system_id in shown]
    groups = [g for g in groups if g is not None]
    panel = None
    if names and number == 1 and groups and groups[0]["system"]["id"] == int(names[0][0]):
        panel = groups[0]["panel"] = assessments.for_system(db, actor, int(names[0][0]))
        groups[0]["gaps"] = gaps(panel)
    return {
        "groups": groups,
        "panel": panel,
        "total": found.total,
        "systems": len(system_ids),
        "capped": found.total >= TOP,
        "page_number": number,
        "pages": pages,
        "any_words": found.any_words,
        "fell_back": found.fell_back,
        "named_only": found.named_only,
    }


def _review_states(db: Database, actor: Actor, system_id: int) -> dict[tuple[str, int], ReviewState]:
    """Review states of a system's approved versions, from the database: the index does not hold them."""
    today = clock.today()
    states = {}
    for version in assessment_store.for_system(db, system_id, actor.can_see_sensitive):
        state = version_state(version, today)
        if state:
            states[(str(version["assessment_id"]), version["number"])] = state
    return states


def _group(
    db: Database, actor: Actor, system_id: str, hits: list[dict], found: lookup.Found, names: list
) -> dict | None:
    system = system_store.get(db, int(system_id))
    # Deleted or re-marked since it was indexed: the database has the last word until the index catches up.
    if system is None or not actor.sees(system["marking"]):
        return None
    ordered = _order_in_group(hits)
    reviews = _review_states(db, actor, int(system_id))
    for hit in ordered[:HITS_PER_GROUP]:
        hit["review"] = reviews.get((str(hit.get("assessment_id")), hit.get("number")))
        hit["snippets"] = lookup.snippets(hit.get("lines") or [], found.terms)
        hit["withheld"] = any(s["withheld"] for s in hit["snippets"])
        hit["kind_short"] = kinds.latest(hit["kind"]).short if hit.get("kind") else ""
    return {
        "system": system,
        "name_match": any(n[0] == system_id for n in names),
        "hits": ordered[:HITS_PER_GROUP],
        "more": max(0, found.counts.get(system_id, len(ordered)) - HITS_PER_GROUP),
    }
