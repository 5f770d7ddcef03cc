"""Applying changes to both indexes, and bulk-building a new generation."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import writing

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


# Segments as separate files, not one compound file: opening a compound segment copies each of its parts
# into memory, which for the term index of a large register is most of the cost of a new searcher, and a
# new searcher is opened after every save.
SEPARATE_FILES = {"compound": False}


def apply(indexes: Indexes, changes: Changes, timeout: float) -> None:
    """Commit a batch to both indexes, waiting up to `timeout` seconds for each Whoosh write lock."""
    writer = indexes.content.writer(timeout=timeout, **SEPARATE_FILES)
    try:
        for fieldname, value in sorted(changes.content_removed):
            writer.delete_by_term(fieldname, value)
        for document in changes.content:
            writer.add_document(**document)
    except BaseException:
        writer.cancel()
        raise
    # No merging here: a save becomes visible first, and `tidy` merges small segments afterwards.
    writer.commit(merge=False)
    if not (changes.names or changes.names_removed):
        return  # Most batches are assessment saves: leave the names index (and its lock) alone.
    writer = indexes.names.writer(timeout=timeout, **SEPARATE_FILES)
    try:
        for system_id in sorted(changes.names_removed):
            writer.delete_by_term("system_id", system_id)
        for document in changes.names:
            writer.add_document(**document)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)


def tidy(indexes: Indexes, timeout: float, most: int = 8) -> None:
    """Merge small segments once more than `most` have piled up (each batch of saves adds one)."""
    for index in (indexes.content, indexes.names):
        with index.reader() as reader:
            segments = len(reader.leaf_readers())
        if segments > most:
            writer = index.writer(timeout=timeout, **SEPARATE_FILES)
            writer.commit(mergetype=writing.MERGE_SMALL)


def fill(
    indexes: Indexes, names: Iterable[dict], content: Iterable[dict], memory_mb: int = 256, procs: int = 1
) -> int:
    """Add every document to an empty generation; return how many content documents were written.

    With `procs` > 1, Whoosh's multiprocessing writer analyses documents in that many processes, each
    writing its own segment (analysis is almost all of a rebuild's time).
    """
    writer = indexes.names.writer(limitmb=64, **SEPARATE_FILES)
    for document in names:
        writer.add_document(**document)
    writer.commit()
    count = 0
    if procs > 1:
        writer = indexes.content.writer(
            procs=procs, limitmb=memory_mb // procs, multisegment=True, **SEPARATE_FILES
        )
    else:
        writer = indexes.content.writer(limitmb=memory_mb, **SEPARATE_FILES)
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
