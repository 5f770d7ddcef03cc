"""Full-text search over the register, behind our own small interface: the only code that imports Whoosh.

Two indexes live side by side in one folder generation (`instance/index -> index-<generation>`):
`names`, a small index of system names, aliases and acronyms for instant, forgiving look-ups, and `content`,
one document per system and per assessment version for everything else. SQLite stays the truth; both
indexes are rebuilt from it whenever they are missing, stale or unreadable.

The services use only what this module exports:
- the index of an instance: `SearchIndex` (fed by a `Source` of documents), `compare`, `wait_until_drained`;
- documents: `Passage`, `Changes`, `name_document`, `system_document`, `version_document`;
- queries: `find_names`, `find_content`, `documents_of`, `browse`, `suggest`, `snippets`, with `Filters`
  and `Found`, and `clean` / `is_empty` for typed text; `register_terms` for words naming a category or
  a lifecycle.
"""

from dpia.search.documents import Passage, name_document, system_document, version_document
from dpia.search.home import IndexUnavailable, LockTimeout
from dpia.search.index import Drift, SearchIndex, Source, Status, compare, wait_until_drained
from dpia.search.lookup import (
    Filters,
    Found,
    browse,
    clean,
    documents_of,
    find_content,
    find_names,
    is_empty,
    suggest,
)
from dpia.search.snippets import snippets
from dpia.search.terms import register_terms
from dpia.search.writing import Changes

__all__ = [
    "Changes",
    "Drift",
    "Filters",
    "Found",
    "IndexUnavailable",
    "LockTimeout",
    "Passage",
    "SearchIndex",
    "Source",
    "Status",
    "browse",
    "clean",
    "compare",
    "documents_of",
    "find_content",
    "find_names",
    "is_empty",
    "name_document",
    "register_terms",
    "snippets",
    "suggest",
    "system_document",
    "version_document",
    "wait_until_drained",
]
