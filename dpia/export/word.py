"""Rendering a document model as a Word .docx with python-docx."""

import io
from pathlib import Path

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from dpia.export import model
from dpia.export.template import base_document

HEADER_FILL = "D9D9D9"
WITHHELD_FILL = "BFBFBF"
HINT_COLOUR = RGBColor(0x50, 0x5A, 0x5F)
TABLE_TEXT = Pt(9)
# Styles the renderer uses; a reference document lacking one gets a plain version of it.
HEADINGS = {1: 15, 2: 12, 3: 11}
# python-docx refuses a core property longer than this (the OOXML schema sets no limit, Office cuts there).
PROPERTY_LIMIT = 255


def render(document: model.Document, reference: Path | None = None) -> bytes:
    """The .docx bytes of a document model, styled by `reference` when given."""
    word = base_document(reference)
    _ensure_styles(word)
    _page_furniture(word, document)
    _title_block(word, document)
    for block in document.blocks:
        _block(word, block)
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


def _style(word: WordDocument, name: str):
    """A style by name, looked up once per document: python-docx searches every style for each lookup."""
    found = word.__dict__.setdefault("_dpia_styles", {})
    if name not in found:
        found[name] = word.styles[name]
    return found[name]


def _style_id(word: WordDocument, name: str, kind: WD_STYLE_TYPE) -> str | None:
    """A style's id, once per document: python-docx scans every style for the default on each assignment."""
    found = word.__dict__.setdefault("_dpia_style_ids", {})
    if name not in found:
        found[name] = word.part.get_style_id(_style(word, name), kind)
    return found[name]


def _styled(word: WordDocument, name: str, text: str = "") -> WordParagraph:
    """A new paragraph in a named style, as add_paragraph(text, style) makes it but without the scan."""
    paragraph = word.add_paragraph(text)
    paragraph._p.style = _style_id(word, name, WD_STYLE_TYPE.PARAGRAPH)  # noqa: SLF001
    return paragraph


def _title_block(word: WordDocument, document: model.Document) -> None:
    title = _styled(word, "Title")
    _runs(title, document.title)
    if document.subtitle:
        _styled(word, "Subtitle", document.subtitle)
    rows = tuple((model.Cell(model.plain(label)), model.Cell(value)) for label, value in document.details)
    _table(word, model.Table(header=(), rows=rows, row_headers=True, widths=(1, 2)))
    for note in document.notes:
        _runs(word.add_paragraph(), note)


# Body


def _block(word: WordDocument, block: model.Block) -> None:
    if isinstance(block, model.Heading):
        _styled(word, f"Heading {block.level}", block.text)
    elif isinstance(block, model.Paragraph):
        paragraph = word.add_paragraph()
        _runs(paragraph, block.runs, hint=block.hint)
    else:
        _table(word, block)


def _runs(paragraph: WordParagraph, runs: model.Text, hint: bool = False, size: Pt | None = None) -> None:
    for piece in runs:
        run = paragraph.add_run(piece.text)
        if size is not None:
            run.font.size = size
        if hint or piece.kind == model.NOTE:
            run.italic = True
            run.font.color.rgb = HINT_COLOUR
        if piece.kind == model.WITHHELD:
            run.bold = True
            _shade(run._r.get_or_add_rPr(), WITHHELD_FILL)  # noqa: SLF001
        elif piece.kind == model.MARKED:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _shade(parent, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    parent.append(shading)


def _table(word: WordDocument, table: model.Table) -> None:
    columns = max(sum(c.span for c in r) for r in (table.header, *table.rows) if r)
    built = word.add_table(rows=(1 if table.header else 0) + len(table.rows), cols=columns)
    built._tbl.tblStyle_val = _style_id(word, "Table Grid", WD_STYLE_TYPE.TABLE)  # noqa: SLF001
    built.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = list(built.rows)
    if table.header:
        _header_row(rows[0])
        _fill(rows[0], table.header, bold=True, fill=HEADER_FILL)
        rows = rows[1:]
    for word_row, cells in zip(rows, table.rows, strict=True):
        _fill(word_row, cells, bold_first=table.row_headers)
    _widths(word, built, table.widths or (1,) * columns)
    # A short paragraph after each table keeps consecutive tables apart.
    word.add_paragraph()


def _header_row(row) -> None:
    """Mark a row as the table's header, repeated at the top of each page the table runs onto."""
    properties = row._tr.get_or_add_trPr()  # noqa: SLF001
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _fill(row, cells: tuple[model.Cell, ...], bold: bool = False, bold_first: bool = False, fill: str = ""):
    word_cells = row.cells
    position = 0
    for index, cell in enumerate(cells):
        target = word_cells[position]
        if cell.span > 1:
            target = target.merge(word_cells[position + cell.span - 1])
        paragraph = target.paragraphs[0]
        _runs(paragraph, cell.runs, size=TABLE_TEXT)
        if bold or (bold_first and index == 0):
            for run in paragraph.runs:
                run.bold = True
        if fill:
            _shade(target._tc.get_or_add_tcPr(), fill)  # noqa: SLF001
        position += cell.span


def _usable_width(word: WordDocument) -> int:
    """The text width of the last section, once per document: finding sections is an XPath search."""
    if "_dpia_width" not in word.__dict__:
        section = word.sections[-1]
        word.__dict__["_dpia_width"] = section.page_width - section.left_margin - section.right_margin
    return word.__dict__["_dpia_width"]


def _widths(word: WordDocument, table: WordTable, weights: tuple[int, ...]) -> None:
    """Share the text width between columns by weight, in the grid and in every cell (Word reads both)."""
    usable = _usable_width(word)
    total = sum(weights)
    widths = [int(usable * w / total) for w in weights]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


# Styles and properties


def _ensure_styles(word: WordDocument) -> None:
    """Add the styles the renderer needs when a reference document does not define them."""
    styles = word.styles
    names = {s.name for s in styles}
    for level, size in HEADINGS.items():
        name = f"Heading {level}"
        if name not in names:
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
        if name not in names:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.size = Pt(size)
            style.font.bold = name == "Title"
    if "Table Grid" not in names:
        _add_table_grid(word)


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
