"""Rendering a document model as a Word .docx with python-docx."""

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Pt
from docx.text.paragraph import Paragraph as WordParagraph

from dpia.export import model
from dpia.export.template import base_document

HEADER_FILL = "D9D9D9"
WITHHELD_FILL = "BFBFBF"
HINT_COLOUR = "505A5F"
# Table text is 9 point; WordprocessingML sizes are in half points.
TABLE_TEXT_HALF_POINTS = 18
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Characters XML 1.0 cannot hold: C0 controls other than tab, line feed and carriage return.
_CONTROL = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])
_HAS_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Styles the renderer uses; a reference document lacking one gets a plain version of it.
HEADINGS = {1: 15, 2: 12, 3: 11}
# python-docx refuses a core property longer than this (the OOXML schema sets no limit, Office cuts there).
PROPERTY_LIMIT = 255


def render(document: model.Document, reference: Path | None = None) -> bytes:
    """The .docx bytes of a document model, styled by `reference` when given."""
    word = base_document(reference)
    _ensure_styles(word)
    _page_furniture(word, document)
    body = _Body(word)
    _title_block(body, document)
    for block in document.blocks:
        _block(body, block)
    body.finish()
    _properties(word, document.properties)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# Page furniture: the marking centred at the top and bottom of every page, and "Page X of Y"


def _page_furniture(word: WordDocument, document: model.Document) -> None:
    section = word.sections[0]
    headers = [section.header]
    footers = [section.footer]
    if section.different_first_page_header_footer:
        headers.append(section.first_page_header)
        footers.append(section.first_page_footer)
    if word.settings.odd_and_even_pages_header_footer:
        headers.append(section.even_page_header)
        footers.append(section.even_page_footer)
    for header in headers:
        _marking(_first_paragraph(header), document.marking)
    for footer in footers:
        numbers = _first_paragraph(footer)
        numbers.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _small(numbers.add_run(f"{document.footer} · Page "))
        _field(numbers, "PAGE")
        _small(numbers.add_run(" of "))
        _field(numbers, "NUMPAGES")
        _marking(footer.add_paragraph(), document.marking)


def _first_paragraph(header_or_footer) -> WordParagraph:
    """An empty paragraph at the top of a header or footer, before any logo kept from the reference."""
    paragraphs = header_or_footer.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].runs:
        return paragraphs[0]
    new = OxmlElement("w:p")
    header_or_footer._element.insert(0, new)  # noqa: SLF001 - python-docx has no insert-first
    return WordParagraph(new, header_or_footer)


def _marking(paragraph: WordParagraph, marking: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(marking.upper())
    run.bold = True


def _small(run) -> None:
    run.font.size = Pt(9)


def _field(paragraph: WordParagraph, instruction: str) -> None:
    """A simple field such as PAGE or NUMPAGES, showing 1 until the word processor updates it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "18")
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)  # noqa: SLF001


# The title block


def _style_ids(word: WordDocument) -> dict[str, str]:
    """Each style's id by its name in lower case, read from the styles XML in one pass.

    python-docx scans every style (and its type's default) on each lookup, which cost more than the
    content of a short document. Names are compared in lower case since Word stores built-in ones so.
    """
    if "_dpia_style_ids" not in word.__dict__:
        found = {}
        for style in word.styles.element.iterchildren(qn("w:style")):
            name = style.find(qn("w:name"))
            if name is not None:
                found.setdefault(str(name.get(qn("w:val"))).casefold(), style.get(qn("w:styleId")))
        word.__dict__["_dpia_style_ids"] = found
    return word.__dict__["_dpia_style_ids"]


def _style_id(word: WordDocument, name: str) -> str | None:
    """A style's id by name, from the map read once per document."""
    return _style_ids(word).get(name.casefold())


def _title_block(body: "_Body", document: model.Document) -> None:
    body.paragraph(document.title, style="Title")
    if document.subtitle:
        body.paragraph(model.plain(document.subtitle), style="Subtitle")
    rows = tuple((model.Cell(model.plain(label)), model.Cell(value)) for label, value in document.details)
    body.table(model.Table(header=(), rows=rows, row_headers=True, widths=(1, 2)))
    for note in document.notes:
        body.paragraph(note)


# Body: written as WordprocessingML text and parsed once, since python-docx's element API costs far more
# than the content (a pack of 250 documents spent most of its time adding elements one by one).


class _Body:
    """The body's blocks, gathered as XML and placed before the final section break in one step."""

    def __init__(self, word: WordDocument):
        self.word = word
        self.parts: list[str] = []

    def paragraph(self, runs: model.Text, style: str = "", hint: bool = False) -> None:
        properties = f'<w:pPr><w:pStyle w:val="{_attr(self._style_id(style))}"/></w:pPr>' if style else ""
        self.parts.append(f"<w:p>{properties}{''.join(_run(r, hint=hint) for r in runs)}</w:p>")

    def table(self, table: model.Table) -> None:
        columns = max(sum(c.span for c in r) for r in (table.header, *table.rows) if r)
        widths = _twips(_usable_width(self.word), table.widths or (1,) * columns)
        style = _attr(self._style_id("Table Grid") or "")
        parts = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:type="auto" w:w="0"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0"'
            ' w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        if table.header:
            # Marked as the header row, repeated at the top of each page the table runs onto.
            parts.append(_row(table.header, widths, header=True))
        parts += [_row(cells, widths, bold_first=table.row_headers) for cells in table.rows]
        # A short paragraph after each table keeps consecutive tables apart.
        self.parts.append("".join(parts) + "</w:tbl><w:p/>")

    def finish(self) -> None:
        fragment = parse_xml(f'<w:body xmlns:w="{W}">{"".join(self.parts)}</w:body>')
        body = self.word.element.body
        end = body.sectPr
        for child in list(fragment):
            if end is None:
                body.append(child)
            else:
                end.addprevious(child)

    def _style_id(self, name: str) -> str | None:
        return _style_id(self.word, name)


def _block(body: _Body, block: model.Block) -> None:
    if isinstance(block, model.Heading):
        body.paragraph(model.plain(block.text), style=f"Heading {block.level}")
    elif isinstance(block, model.Paragraph):
        body.paragraph(block.runs, hint=block.hint)
    else:
        body.table(block)


def _row(
    cells: tuple[model.Cell, ...], widths: list[int], header: bool = False, bold_first: bool = False
) -> str:
    parts = ['<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header else "<w:tr>"]
    position = 0
    for index, cell in enumerate(cells):
        width = sum(widths[position : position + cell.span])
        span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
        fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>' if header else ""
        bold = header or (bold_first and index == 0)
        runs = "".join(_run(r, size=TABLE_TEXT_HALF_POINTS, bold=bold) for r in cell.runs)
        parts.append(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{span}{fill}</w:tcPr><w:p>{runs}</w:p></w:tc>'
        )
        position += cell.span
    # A row with fewer cells than the grid is filled out, as python-docx's tables always were.
    for width in widths[position:]:
        parts.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p/></w:tc>')
    return "".join(parts) + "</w:tr>"


def _run(piece: model.Run, hint: bool = False, size: int = 0, bold: bool = False) -> str:
    """One run: its properties in the order the schema sets (b, i, color, sz, highlight, shd)."""
    withheld = piece.kind == model.WITHHELD
    italic = hint or piece.kind == model.NOTE
    properties = "".join(
        (
            "<w:b/>" if bold or withheld else "",
            f'<w:i/><w:color w:val="{HINT_COLOUR}"/>' if italic else "",
            f'<w:sz w:val="{size}"/>' if size else "",
            '<w:highlight w:val="yellow"/>' if piece.kind == model.MARKED else "",
            f'<w:shd w:val="clear" w:color="auto" w:fill="{WITHHELD_FILL}"/>' if withheld else "",
        )
    )
    return f"<w:r>{f'<w:rPr>{properties}</w:rPr>' if properties else ''}{_text(piece.text)}</w:r>"


def _text(text: str) -> str:
    """Text as w:t, with line breaks as w:br and tabs as w:tab, as python-docx's add_run writes them."""
    parts = []
    for kind, piece in _pieces(_xml_safe(text)):
        if kind == "br":
            parts.append("<w:br/>")
        elif kind == "tab":
            parts.append("<w:tab/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(parts)


def _pieces(text: str):
    for line_number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if line_number:
            yield "br", ""
        for tab_number, piece in enumerate(line.split("\t")):
            if tab_number:
                yield "tab", ""
            yield "text", piece


def _xml_safe(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold."""
    return text.translate(_CONTROL) if _HAS_CONTROL.search(text) else text


def _attr(value: str | None) -> str:
    return escape(value or "", {'"': "&quot;"})


def _twips(usable: int, weights: tuple[int, ...]) -> list[int]:
    """Column widths in twentieths of a point, sharing the text width (in EMU) by weight."""
    total = sum(weights)
    return [int(usable * w / total) // 635 for w in weights]


def _usable_width(word: WordDocument) -> int:
    """The text width of the last section, once per document: finding sections is an XPath search."""
    if "_dpia_width" not in word.__dict__:
        section = word.sections[-1]
        word.__dict__["_dpia_width"] = section.page_width - section.left_margin - section.right_margin
    return word.__dict__["_dpia_width"]


# Styles and properties


def _ensure_styles(word: WordDocument) -> None:
    """Add the styles the renderer needs when a reference document does not define them."""
    styles = word.styles
    names = _style_ids(word)
    for level, size in HEADINGS.items():
        name = f"Heading {level}"
        if name.casefold() not in names:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.bold, style.font.size = True, Pt(size)
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_before = Pt(12)
            # The outline level is what Word's navigation pane and tables of contents read.
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level - 1))
            style.element.get_or_add_pPr().append(outline)
    for name, size in (("Title", 22), ("Subtitle", 13)):
        if name.casefold() not in names:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.size = Pt(size)
            style.font.bold = name == "Title"
    if "table grid" not in names:
        _add_table_grid(word)
    # Styles added here have ids the map has not seen: read it again when next asked.
    word.__dict__.pop("_dpia_style_ids", None)


def _add_table_grid(word: WordDocument) -> None:
    style = word.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
    properties = OxmlElement("w:tblPr")
    style.element.append(properties)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    properties.append(borders)


def fit(text: str, limit: int = PROPERTY_LIMIT) -> str:
    """Text cut to `limit` characters at a word boundary, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    # Cut at the last space unless that loses more than half: one very long word is cut where it stands.
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ;,:·-") + "…"


def _properties(word: WordDocument, properties: model.Properties) -> None:
    """Every core property set from the model; nothing left from the base document.

    Each text comes from user data (system names, references, the organisation), so each is fitted.
    """
    core = word.core_properties
    core.title = fit(properties.title)
    core.subject = fit(properties.subject)
    core.author = fit(properties.author)
    core.last_modified_by = fit(properties.author)
    core.keywords = fit(properties.keywords)
    core.category = fit(properties.category)
    core.content_status = fit(properties.status)
    core.identifier = fit(properties.identifier)
    core.version = fit(properties.version)
    core.language = "en-GB"
    core.comments = ""
    core.created = properties.created
    core.modified = properties.created
    core.revision = 1
