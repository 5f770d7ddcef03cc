"""The document model: plain data describing a Word document, built by services, rendered by dpia.export.

Nothing here knows about python-docx. A disclosure model is built with withheld parts already replaced by
markers, so the renderer never receives withheld text.
"""

from dataclasses import dataclass, field
from datetime import datetime

# Kinds of run: ordinary text; a marker standing for withheld text (disclosure copies); text that will be
# withheld on disclosure, highlighted in internal copies; and a short annotation.
PLAIN = ""
WITHHELD = "withheld"
MARKED = "marked"
NOTE = "note"


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look."""

    text: str
    kind: str = PLAIN
    # The withholding mark a marker stands for, so a check can say where each mark was applied.
    mark: int | None = field(default=None, compare=False)


Text = tuple[Run, ...]


def plain(text: str) -> Text:
    """Text with no withholding in it."""
    return (Run(text),) if text else ()


def text_of(runs: Text) -> str:
    """The characters of some runs, joined."""
    return "".join(r.text for r in runs)


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 for sections, 2 for questions, 3 below that."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Body text; `hint` paragraphs say that nothing was recorded."""

    runs: Text
    hint: bool = False


@dataclass(frozen=True)
class Cell:
    """A table cell; `span` > 1 merges it with the cells to its right."""

    runs: Text
    span: int = 1


@dataclass(frozen=True)
class Table:
    """A table whose first row is a header row repeated on every page; `row_headers` bolds column one."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_headers: bool = False
    # Relative column widths; equal when not given.
    widths: tuple[int, ...] = ()


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Properties:
    """Document properties (docProps/core.xml), built from the same model as the body."""

    title: str
    subject: str
    author: str
    keywords: str
    created: datetime
    category: str = ""
    status: str = ""
    identifier: str = ""
    version: str = ""


@dataclass(frozen=True)
class Document:
    """A whole document: title block, body, the marking for every page and the properties."""

    title: Text
    subtitle: str
    marking: str
    footer: str
    details: tuple[tuple[str, Text], ...]
    blocks: tuple[Block, ...]
    properties: Properties
    notes: tuple[Text, ...] = field(default=())

    def texts(self) -> list[str]:
        """Every piece of text in the document, for checks that nothing withheld slipped in."""
        found = [text_of(self.title), self.subtitle, self.marking, self.footer]
        found += [label + " " + text_of(value) for label, value in self.details]
        found += [text_of(n) for n in self.notes]
        for block in self.blocks:
            if isinstance(block, Heading):
                found.append(block.text)
            elif isinstance(block, Paragraph):
                found.append(text_of(block.runs))
            else:
                for cells in (block.header, *block.rows):
                    found += [text_of(c.runs) for c in cells]
        p = self.properties
        return found + [p.title, p.subject, p.author, p.keywords, p.category, p.status, p.identifier]
