"""What the search index holds: each system and assessment version read from the database as documents.

The index itself (threads, lock, rebuilds) lives in dpia/search; it asks this module, through `SOURCE`,
for the documents a batch of queued changes means and for every document at a rebuild.
"""

from collections.abc import Callable, Iterator

from dpia import kinds, search
from dpia.domain import answers, dependants, register
from dpia.partial_dates import display as date_display
from dpia.records import System, Version
from dpia.search import (
    Changes,
    Drift,
    Passage,
    SearchIndex,
    Source,
    name_document,
    system_document,
    version_document,
)
from dpia.store import assessments as assessment_store
from dpia.store import search_queue
from dpia.store import systems as system_store
from dpia.store import withholding as mark_store
from dpia.store.db import Database
from dpia.vocab import STATUSES, labels

DETAILS = (
    ("owner", "Owner"),
    ("marking", "Protective marking"),
    ("started", "Date started"),
    ("conducted", "Date conducted"),
    ("approved", "Date approved"),
    ("review_due", "Review due"),
)


# Documents from the database


def system_passages(system: System) -> list[Passage]:
    """A system's fields as readable passages, labelled as on its page."""
    text = register.snapshot(system)
    # Lists (aliases, costs, policies) read as one line each in a snippet.
    return [
        Passage(key, label, text[key].replace("\n", "; "))
        for key, label in register.FIELD_LABELS.items()
        if text[key]
    ]


def version_passages(version: Version) -> list[Passage]:
    """A version's details and every answer (risks, measures, bias tests, sign-offs) as passages."""
    kind = kinds.definition(version["kind"], version["definition_version"])
    found = [
        Passage("kind", "Kind", kind.label),
        Passage("reference", "Reference", version["reference"]),
        Passage("title", "Title", version["title"]),
        Passage("status", "Status", labels(STATUSES)[version["status"]]),
    ]
    for key, label in DETAILS:
        value = version[key] or ""
        found.append(Passage(key, label, date_display(value) if key not in ("owner", "marking") else value))
    for line in answers.lines(kind, version["answers"]):
        found.append(Passage(line.path, f"{line.section} › {line.label}", line.text))
    return [p for p in found if p.text]


def _system_document(db: Database, system: System) -> dict:
    passages = system_passages(system)
    withheld = withheld_paths(passages, [m["target"] for m in mark_store.for_system(db, system["id"])])
    return system_document(system, passages, withheld)


def _is_current(version: Version, newest: int) -> bool:
    """The version people mean by the assessment (its newest) and any approved one are current."""
    return version["number"] == newest or version["status"] == "approved"


def assessment_documents(db: Database, assessment_id: int, system: System | None = None) -> list[dict]:
    """One document per version of an assessment; none if it no longer exists."""
    versions = assessment_store.versions(db, assessment_id)
    if not versions:
        return []
    system = system or system_store.get(db, versions[0]["system_id"])
    newest = versions[-1]["number"]
    marks = mark_store.for_versions(db, [v["id"] for v in versions])
    documents = []
    for version in versions:
        passages = version_passages(version)
        withheld = withheld_paths(passages, [m["target"] for m in marks[version["id"]]], version)
        documents.append(version_document(version, system, passages, _is_current(version, newest), withheld))
    return documents


def withheld_paths(
    passages: list[Passage], targets: list[str], version: Version | None = None
) -> frozenset[str]:
    """The passages a set of withholding marks covers: whole sections, answers, rows, cells or details,
    and references quoting the words of a row any part of which is withheld."""
    sections = {t.removeprefix("section:") for t in targets if t.startswith("section:")}
    kind = kinds.definition(version["kind"], version["definition_version"]) if version is not None else None
    in_sections = set()
    if kind is not None and sections:
        in_sections = {q.key for s in kind.sections if s.key in sections for q in s.questions}
    # Marks name a part ("aims", "risks/1a2b3c4d", "detail:title"); a passage inside or around it is covered.
    parts = {t.removeprefix("detail:") for t in targets if not t.startswith("section:")}

    def covered(path: str) -> bool:
        return path.split("/")[0] in in_sections or any(
            path == part or path.startswith(part + "/") or part.startswith(path + "/") for part in parts
        )

    quoting = set(dependants.quoting(kind, version["answers"], covered)) if kind and version else set()
    return frozenset(p.path for p in passages if p.path in quoting or covered(p.path))


def changes_for(db: Database, queued: list[dict]) -> Changes:
    """What the queued rows mean for the index, each system and assessment once (a batch is deduplicated)."""
    system_ids = {r["entity_id"] for r in queued if r["entity"] == "system"}
    assessment_ids = {r["entity_id"] for r in queued if r["entity"] == "assessment"}
    changes = Changes()
    for system_id in sorted(system_ids):
        # Versions carry their system's name, category and marking: re-index them with it.
        assessment_ids.update(search_queue.assessment_ids(db, system_id))
        changes.names_removed.add(str(system_id))
        changes.content_removed.add(("doc_id", f"s{system_id}"))
        system = system_store.get(db, system_id)
        if system is not None:
            changes.names.append(name_document(system))
            changes.content.append(_system_document(db, system))
    for assessment_id in sorted(assessment_ids):
        changes.content_removed.add(("assessment_id", str(assessment_id)))
        changes.content.extend(assessment_documents(db, assessment_id))
    return changes


def all_documents(db: Database, progress: Callable[[int], None] | None = None) -> tuple[list[dict], Iterator]:
    """Every names document, and a stream of every content document, read from the database."""
    names, by_id = [], {}
    for system_id in search_queue.system_ids(db):
        system = system_store.get(db, system_id)
        by_id[system_id] = system
        names.append(name_document(system))

    def content() -> Iterator[dict]:
        for system in by_id.values():
            yield _system_document(db, system)
        for assessment_id in search_queue.assessment_ids(db):
            documents = assessment_documents(db, assessment_id)
            if documents:
                yield from documents
                if progress:
                    progress(len(documents))

    return names, content()


SOURCE = Source(changes=changes_for, everything=all_documents)


def open_index(database: str, folder: str, **settings) -> SearchIndex:
    """The search index of an instance, fed with this module's documents; `settings` tune its indexer."""
    return SearchIndex(database=database, folder=folder, source=SOURCE, **settings)


def compare(db: Database, index: SearchIndex) -> Drift:
    """Differences between the index and what the database implies (`dpia doctor`)."""
    return search.compare(db, index)


def wait_until_drained(db: Database, timeout: float) -> bool:
    """Wait for the outbox to empty (tests and commands); True if it did."""
    return search.wait_until_drained(db, timeout)
