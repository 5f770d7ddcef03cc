"""Reading a .docx into plain blocks: headings, paragraphs, table rows, text-box text, headers and footers.

The only module that touches python-docx, and it hands python-docx only a package rebuilt from parts that
`safety.checked_parts` read through a counting stream and checked, never the upload's own zip.
Text is read from the XML in document order: tracked deletions are left out, insertions kept, and text
boxes are read once (Word stores a modern and a fallback copy of each).
"""

import io
import re
from dataclasses import dataclass, field

import docx
from docx.parts.hdrftr import FooterPart, HeaderPart

from dpia.errors import Refused
from dpia.importers import package, safety

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P, TBL, TR, TC, SDT = (f"{{{W}}}{t}" for t in ("p", "tbl", "tr", "tc", "sdt"))
T, TAB, BR, CR = (f"{{{W}}}{t}" for t in ("t", "tab", "br", "cr"))
TXBX = f"{{{W}}}txbxContent"
FALLBACK = f"{{{MC}}}Fallback"
# Never read as text: deleted text, field codes, the fallback copy of text boxes.
SKIPPED = {f"{{{W}}}delText", f"{{{W}}}instrText", FALLBACK}
_HEADING = re.compile(r"^heading\s*(\d)$", re.I)
MAX_BLOCKS = 20_000


@dataclass(frozen=True)
class Block:
    """One piece of a document, with where it was found."""

    # "title", "heading", "paragraph", "textbox", "row", "header", "footer"; a text box's title and headings
    # are "title" and "heading", as in the body, with `box` saying which box.
    kind: str
    text: str
    location: str
    level: int = 0
    cells: tuple[str, ...] = ()
    table: int = 0
    row: int = 0
    columns: int = 0
    bold: bool = False
    box: int = 0  # the text box it is in, numbered from 1; 0 outside text boxes


@dataclass
class WordDocument:
    """What was read from a .docx."""

    blocks: list[Block] = field(default_factory=list)
    title: str = ""


def read(data: bytes) -> WordDocument:
    """The document's blocks in reading order, then its headers and footers."""
    verified = package.rebuilt(safety.checked_parts(data))
    try:
        document = docx.Document(io.BytesIO(verified))
        found = WordDocument(title=(document.core_properties.title or "").strip())
        styles = _heading_styles(document)
        _Reader(found.blocks, styles).body(document.element.body)
        found.blocks.extend(_headers_and_footers(document, styles))
    except Refused:
        raise
    except RecursionError:
        raise Refused("This Word document is nested too deeply to read") from None
    except Exception:  # noqa: BLE001 - any failure inside python-docx on untrusted input is a refusal, not a 500
        raise Refused(
            "This Word document is damaged or incomplete: open it in Word and save it again"
        ) from None
    return found


def _heading_styles(document) -> dict[str, int]:
    """Style id -> heading level (0 for the Title style)."""
    levels = {}
    for style in document.styles.element.iterchildren(f"{{{W}}}style"):
        style_id = style.get(f"{{{W}}}styleId") or ""
        name_el = style.find(f"{{{W}}}name")
        name = (name_el.get(f"{{{W}}}val") if name_el is not None else "") or ""
        match = _HEADING.match(name.strip()) or _HEADING.match(style_id)
        if match:
            levels[style_id] = int(match.group(1))
        elif name.strip().lower() == "title" or style_id.lower() == "title":
            levels[style_id] = 0
    return levels


class _Reader:
    """Walks body XML in order, appending blocks."""

    def __init__(self, blocks: list[Block], styles: dict[str, int]) -> None:
        self.blocks = blocks
        self.styles = styles
        self.paragraphs = self.tables = self.textboxes = 0

    def add(self, block: Block) -> None:
        if len(self.blocks) >= MAX_BLOCKS:
            raise Refused(f"This document has more than {MAX_BLOCKS:,} paragraphs and rows; split it first")
        self.blocks.append(block)

    def body(self, element) -> None:
        for child in element:
            if child.tag == P:
                self.paragraph(child)
            elif child.tag == TBL:
                self.table(child)
            elif child.tag == SDT:
                content = child.find(f"{{{W}}}sdtContent")
                if content is not None:
                    self.body(content)

    def paragraph(self, element, kind: str = "paragraph", where: str = "", box: int = 0) -> None:
        self.paragraphs += 1
        text = paragraph_text(element)
        if text.strip():
            level = self._level(element)
            if kind in ("paragraph", "textbox") and level is not None:
                kind = "title" if level == 0 else "heading"
            self.add(
                Block(
                    kind=kind,
                    text=text.strip(),
                    location=where or f"Paragraph {self.paragraphs}",
                    level=level or 0,
                    bold=_all_bold(element),
                    box=box,
                )
            )
        if not box:
            for found in _textboxes(element):
                self.textbox(found)

    def textbox(self, box) -> None:
        self.textboxes += 1
        number = self.textboxes
        for i, element in enumerate(_paragraphs(box, into_textboxes=False), start=1):
            self.paragraph(element, "textbox", f"Text box {number}, paragraph {i}", number)

    def table(self, element) -> None:
        self.tables += 1
        rows = [r for r in element.iter(TR) if _own_table(r, element)]
        width = max((len(_cells(r)) for r in rows), default=0)
        for number, row in enumerate(rows, start=1):
            cells = tuple(cell_text(c) for c in _cells(row))
            if any(cells):
                self.add(
                    Block(
                        kind="row",
                        text=" | ".join(c for c in cells if c),
                        location=f"Table {self.tables}, row {number}",
                        cells=cells,
                        table=self.tables,
                        row=number,
                        columns=width,
                    )
                )

    def _level(self, element) -> int | None:
        style = element.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        if style is not None and style.get(f"{{{W}}}val") in self.styles:
            return self.styles[style.get(f"{{{W}}}val")]
        outline = element.find(f"{{{W}}}pPr/{{{W}}}outlineLvl")
        if outline is not None and (outline.get(f"{{{W}}}val") or "").isdigit():
            return min(int(outline.get(f"{{{W}}}val")) + 1, 9)
        return None


def _own_table(row, table) -> bool:
    """Rows of this table, not of tables nested in its cells (their text is read with the cell)."""
    parent = row.getparent()
    while parent is not None and parent.tag != TBL:
        parent = parent.getparent()
    return parent is table


def _cells(row) -> list:
    cells = []
    for child in row:
        if child.tag == TC:
            cells.append(child)
        elif child.tag == SDT and child.find(f"{{{W}}}sdtContent") is not None:
            cells.extend(c for c in child.find(f"{{{W}}}sdtContent") if c.tag == TC)
    return cells


def paragraph_text(element) -> str:
    """A paragraph's text, without text boxes anchored in it (they are read separately)."""
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _collect(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in SKIPPED or tag == TXBX or not isinstance(tag, str):
            continue
        if tag == T:
            parts.append(child.text or "")
        elif tag == TAB:
            parts.append("\t")
        elif tag in (BR, CR):
            parts.append("\n")
        else:
            _collect(child, parts)


def cell_text(cell) -> str:
    """All text of a table cell, including nested tables and text boxes, one line per paragraph."""
    lines = [paragraph_text(p).strip() for p in _paragraphs(cell, into_textboxes=True)]
    return "\n".join(line for line in lines if line)


def _paragraphs(element, into_textboxes: bool):
    """Paragraphs under an element in order, skipping fallback copies (and text boxes unless asked)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED or (tag == TXBX and not into_textboxes):
            continue
        if tag == P:
            yield child
            if into_textboxes:
                for box in _textboxes(child):
                    yield from _paragraphs(box, into_textboxes)
        else:
            yield from _paragraphs(child, into_textboxes)


def _textboxes(paragraph):
    """Text boxes anchored in a paragraph, each once: the fallback copy and boxes inside boxes are skipped."""
    for box in paragraph.iter(TXBX):
        node = box.getparent()
        while node is not None and node is not paragraph and node.tag not in (FALLBACK, TXBX):
            node = node.getparent()
        if node is paragraph:
            yield box


def _all_bold(paragraph) -> bool:
    runs = [r for r in paragraph.iter(f"{{{W}}}r") if "".join(t.text or "" for t in r.iter(T)).strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.find(f"{{{W}}}rPr/{{{W}}}b")
        if bold is None or bold.get(f"{{{W}}}val") in ("0", "false", "off"):
            return False
    return True


def _headers_and_footers(document, styles: dict[str, int]) -> list[Block]:
    """Each distinct header and footer paragraph or row, once, however many sections repeat it."""
    found: list[Block] = []
    seen: set[tuple[str, str]] = set()
    counts = {"header": 0, "footer": 0}
    for part in document.part.package.iter_parts():
        if not isinstance(part, (HeaderPart, FooterPart)):
            continue
        kind = "header" if isinstance(part, HeaderPart) else "footer"
        counts[kind] += 1
        blocks: list[Block] = []
        _Reader(blocks, styles).body(part.element)
        for block in blocks:
            if (kind, block.text) in seen:
                continue
            seen.add((kind, block.text))
            found.append(Block(kind=kind, text=block.text, location=f"{kind.capitalize()} {counts[kind]}"))
    return found
