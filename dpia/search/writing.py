"""Applying changes to both indexes, and bulk-building a new generation."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from dpia.search.home import Indexes


@dataclass
class Changes:
    """What one batch does to the indexes. Deletions run before additions, so re-adding replaces."""

    names: list[dict] = field(default_factory=list)
    content: list[dict] = field(default_factory=list)
    # System ids whose names document is removed (and re-added if present in `names`).
    names_removed: set[str] = field(default_factory=set)
    # (field, value) pairs whose content documents are removed, such as ("assessment_id", "12").
    content_removed: set[tuple[str, str]] = field(default_factory=set)


def apply(indexes: Indexes, changes: Changes, timeout: float) -> None:
    """Commit a batch to both indexes, waiting up to `timeout` seconds for each Whoosh write lock."""
    writer = indexes.content.writer(timeout=timeout)
    try:
        for fieldname, value in sorted(changes.content_removed):
            writer.delete_by_term(fieldname, value)
        for document in changes.content:
            writer.add_document(**document)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    if not (changes.names or changes.names_removed):
        return  # Most batches are assessment saves: leave the names index (and its lock) alone.
    writer = indexes.names.writer(timeout=timeout)
    try:
        for system_id in sorted(changes.names_removed):
            writer.delete_by_term("system_id", system_id)
        for document in changes.names:
            writer.add_document(**document)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def fill(indexes: Indexes, names: Iterable[dict], content: Iterable[dict], memory_mb: int = 256) -> int:
    """Add every document to an empty generation; return how many content documents were written."""
    writer = indexes.names.writer(limitmb=64)
    for document in names:
        writer.add_document(**document)
    writer.commit()
    count = 0
    writer = indexes.content.writer(limitmb=memory_mb)
    try:
        for document in content:
            writer.add_document(**document)
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return count


def stored_digests(indexes: Indexes) -> dict[str, str]:
    """doc_id -> digest of every content document, for comparing with the database."""
    with indexes.content.searcher() as searcher:
        return {fields["doc_id"]: fields["digest"] for fields in searcher.all_stored_fields()}


def name_ids(indexes: Indexes) -> set[str]:
    """System ids in the names index."""
    with indexes.names.searcher() as searcher:
        return {fields["system_id"] for fields in searcher.all_stored_fields()}
