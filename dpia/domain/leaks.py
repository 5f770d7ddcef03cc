"""Finding withheld text in the files of a disclosure, however it is spaced, split, encoded or named.

Files are read as a requester's tools would read them: every XML part of each Word file (runs joined, so
a passage split across runs is found; entities decoded; attribute values too), each CSV cell, plain text,
and every file's name, both as written and as a slug ("acme-analytics" for "Acme Analytics"). Text is
compared as `normalised` says. PDFs are not read: a pack makes them from the Word files checked here.
"""

import csv
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dpia.domain.redaction import normalised

# The text of a part withheld whole is looked for elsewhere only from this many characters (normalised).
# Shorter values ("Yes", "High", "2024", "Jo Bloggs") are not distinctive: they recur innocently, and
# treating them as leaks would refuse most packs. An officer's own passage is always looked for.
MIN_WHOLE = 12
# A slug shorter than this matches inside too many names to mean anything.
MIN_SLUG = 3
_BREAKS = re.compile(r"<w:(?:br|tab|cr)\b[^>]*/>|</w:p>|</w:tc>")
_TAGS = re.compile(r"<[^>]*>")
_ATTRIBUTES = re.compile(r'="([^"]*)"')
_NOT_WORD = re.compile(r"[^0-9a-z]+")
PARTS = {
    "word/document.xml": "body",
    "docProps/core.xml": "properties (title, subject, keywords, description)",
    "docProps/app.xml": "application properties",
    "docProps/custom.xml": "custom properties",
}


@dataclass(frozen=True)
class Withheld:
    """One string a disclosure withholds, and the mark withholding it."""

    mark_id: int
    citation: str
    on: str  # what the mark is on, as pages name it: "DPIA-0003 version 2: Aims"
    text: str
    passage: bool  # a passage the officer chose, rather than the text of a part withheld whole

    @property
    def key(self) -> str:
        """The text as compared."""
        return normalised(self.text)


@dataclass(frozen=True)
class Leak:
    """A withheld string found in a file about to be released."""

    file: str
    part: str
    item: Withheld

    def where(self) -> str:
        """ "schedule-855A-22.docx, body", as messages name the place."""
        return f"{self.file}, {self.part}"


def slug(text: str) -> str:
    """Text as a file name part compares: lower case, every run of other characters one space."""
    return " ".join(_NOT_WORD.split(normalised(text))).strip()


def distinctive(items: Iterable[Withheld]) -> list[Withheld]:
    """The items worth looking for, once each by text: every passage, and long enough whole parts."""
    found: dict[str, Withheld] = {}
    for item in items:
        key = item.key
        if key and (item.passage or len(key) >= MIN_WHOLE):
            found.setdefault(key, item)
    return list(found.values())


def in_name(name: str, items: Iterable[Withheld]) -> Withheld | None:
    """The first item a file name gives away, as written or as a slug."""
    written, slugged = normalised(name), f" {slug(name)} "
    for item in items:
        short = slug(item.text)
        if item.key in written or (len(short) >= MIN_SLUG and f" {short} " in slugged):
            return item
    return None


def find(files: dict[str, bytes], items: Iterable[Withheld]) -> list[Leak]:
    """Every place in these files (path -> content) where a withheld item can be read."""
    wanted = distinctive(items)
    if not wanted:
        return []
    found: dict[tuple[str, str, str], Leak] = {}
    # Parts byte for byte the same as one already read (a template's styles, theme, fonts) hold the same
    # items, so each is read once per check rather than once per file.
    seen: dict[bytes, list[Withheld]] = {}
    for path, content in files.items():
        item = in_name(path, wanted)
        if item is not None:
            found[path, "file name", item.key] = Leak(path, "file name", item)
        for part, text in texts(path, content, seen, wanted):
            for item in wanted:
                if item.key in text:
                    found.setdefault((path, part, item.key), Leak(path, part, item))
    return list(found.values())


def texts(
    path: str, content: bytes, seen: dict[bytes, list[Withheld]] | None = None, wanted: list[Withheld] = ()
) -> Iterator[tuple[str, str]]:
    """(part, normalised text) of everything readable in a file; several texts may share a part.

    With `seen`, a package part met before yields only the keys of the `wanted` items it was found to
    hold, as its text, so the caller's search finds exactly what it found the first time."""
    lower = path.lower()
    if lower.endswith(".pdf"):
        return
    if lower.endswith((".docx", ".xlsx", ".pptx", ".zip")):
        yield from _package(content, seen, wanted)
    elif lower.endswith(".csv"):
        yield from _csv(content.decode("utf-8-sig", "replace"))
    else:
        yield "text", normalised(content.decode("utf-8", "replace"))


def _package(
    content: bytes, seen: dict[bytes, list[Withheld]] | None, wanted: Iterable[Withheld]
) -> Iterator[tuple[str, str]]:
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        yield "contents (not a readable package)", normalised(content.decode("utf-8", "replace"))
        return
    with package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            raw, part = package.read(name), _part_name(name)
            if seen is None:
                yield from _xml(part, raw.decode("utf-8", "replace"))
            elif raw in seen:
                yield part, "\n".join(item.key for item in seen[raw])
            else:
                read = [text for _, text in _xml(part, raw.decode("utf-8", "replace"))]
                seen[raw] = [item for item in wanted if any(item.key in text for text in read)]
                yield from ((part, text) for text in read)


def _part_name(name: str) -> str:
    if name in PARTS:
        return PARTS[name]
    for word in ("header", "footer", "footnotes", "endnotes", "comments"):
        if name.startswith(f"word/{word}"):
            return word
    return name


def _xml(part: str, text: str) -> Iterator[tuple[str, str]]:
    # Runs joined (tags inside a paragraph dropped), paragraphs, cells and elements kept apart.
    yield part, normalised(html.unescape(_TAGS.sub("", _BREAKS.sub(" ", text))))
    # Values held in attributes (a document variable, say).
    yield part, normalised(html.unescape(" ".join(_ATTRIBUTES.findall(text))))


def _csv(text: str) -> Iterator[tuple[str, str]]:
    try:
        for row_number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
            for column, cell in enumerate(cells, start=1):
                yield f"row {row_number}, column {column}", normalised(cell)
    except csv.Error:
        yield "text", normalised(text)
