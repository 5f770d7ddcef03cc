"""The document every export starts from: python-docx's own, or an organisation's reference.docx.

A reference document brings its styles, page setup and header logo, and nothing else: its body, comments,
people, custom XML, document variables, tracked changes, footnotes, thumbnail and extended properties are
dropped, and its header and footer text is removed. The same cleaning runs on python-docx's default
template, which itself carries custom XML and a thumbnail.
"""

import io
import zipfile
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# Parts a document needs for its look; everything else related to the main document part is dropped.
KEEP_FROM_DOCUMENT = {
    RT.STYLES,
    RT.SETTINGS,
    RT.WEB_SETTINGS,
    RT.FONT_TABLE,
    RT.THEME,
    RT.NUMBERING,
    RT.FOOTNOTES,
    RT.ENDNOTES,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
}
KEEP_FROM_PACKAGE = {RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES}
# Settings that carry text or history from the reference document, or would track changes in ours.
DROP_SETTINGS = (
    "attachedTemplate",
    "docVars",
    "trackRevisions",
    "rsids",
    "mailMerge",
    "documentProtection",
    "writeProtection",
)
R_ID = qn("r:id")
# Arial: what GOV.UK falls back to, and metric-compatible with Liberation Sans where Arial is missing.
FONT = "Arial"
R_EMBED = qn("r:embed")
R_LINK = qn("r:link")


class TemplateError(ValueError):
    """The reference document cannot be used; the message says why."""


def base_document(reference: Path | None) -> WordDocument:
    """A fresh, clean document to build an export in."""
    if reference is None:
        blob = _clean_default()
    else:
        try:
            stamp = reference.stat().st_mtime_ns
        except OSError as error:
            raise TemplateError(
                f"Cannot read the reference document {reference.name}: {error.strerror}"
            ) from None
        blob = _clean_reference(str(reference), stamp)
    return docx.Document(io.BytesIO(blob))


@lru_cache(maxsize=1)
def _clean_default() -> bytes:
    document = docx.Document()
    clean(document)
    _house_style(document)
    _trim_default(document)
    return _save(document)


# Styles the exports use from python-docx's own template; with the defaults and what they are based on,
# they are all an export needs. The template's other 150 or so (mostly table designs) and its Word 2010
# copy of them (stylesWithEffects) made every export parse, write and compress 800 KB it never used.
USED_STYLES = {"normal", "title", "subtitle", "heading 1", "heading 2", "heading 3", "table grid"}


def _trim_default(document: WordDocument) -> None:
    part = document.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del part.rels[r_id]
    root = document.styles.element
    styles = {s.get(qn("w:styleId")): s for s in root.iterchildren(qn("w:style"))}
    keep = {
        style_id
        for style_id, style in styles.items()
        if style.get(qn("w:default")) in ("1", "true") or _style_name(style) in USED_STYLES
    }
    # What the kept styles are based on, link to or are followed by must stay too.
    pending = list(keep)
    while pending:
        for child in styles[pending.pop()].iterchildren(qn("w:basedOn"), qn("w:link"), qn("w:next")):
            found = child.get(qn("w:val"))
            if found in styles and found not in keep:
                keep.add(found)
                pending.append(found)
    for style_id, style in styles.items():
        if style_id not in keep:
            root.remove(style)


def _style_name(style) -> str:
    name = style.find(qn("w:name"))
    return "" if name is None else str(name.get(qn("w:val"))).casefold()


@lru_cache(maxsize=4)
def _clean_reference(path: str, _stamp: int) -> bytes:
    """Cached per file and modification time, so a replaced reference.docx is picked up."""
    try:
        document = docx.Document(path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as error:
        raise TemplateError(f"The reference document is not a Word .docx file ({error})") from None
    except ValueError as error:
        # python-docx refuses .dotx and .docm by content type.
        raise TemplateError(f"The reference document must be a .docx document: {error}") from None
    clean(document)
    return _save(document)


def _save(document: WordDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def clean(document: WordDocument) -> None:
    """Reduce a document to styles, page setup and header images."""
    body = document.element.body
    body.clear_content()
    sect_pr = body.find(qn("w:sectPr"))
    used = set() if sect_pr is None else {ref.get(R_ID) for ref in sect_pr if ref.get(R_ID)}
    part = document.part
    for r_id, rel in list(part.rels.items()):
        keep = rel.reltype in KEEP_FROM_DOCUMENT and not rel.is_external
        if not keep and r_id not in used:
            del part.rels[r_id]
    for rel in list(part.rels.values()):
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            _keep_only_pictures(rel.target_part)
        elif rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES):
            _drop_notes(rel.target_part)
        elif rel.reltype == RT.SETTINGS:
            _clean_settings(rel.target_part)
    package = part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype not in KEEP_FROM_PACKAGE:
            del package.rels[r_id]
    properties = document.core_properties._element  # noqa: SLF001 - python-docx offers no reset
    for child in list(properties):
        properties.remove(child)


def _keep_only_pictures(part) -> None:
    """Empty a header or footer except for pictures (the logo), which get a neutral description."""
    root = part.element
    pictures = []
    for drawing in root.iter(qn("w:drawing")):
        inside_deletion = any(a.tag == qn("w:del") for a in drawing.iterancestors())
        has_text = next(drawing.iter(qn("w:txbxContent")), None) is not None
        if not inside_deletion and not has_text:
            pictures.append(drawing)
    for doc_pr in (el for d in pictures for el in d.iter() if el.tag.endswith("}docPr")):
        doc_pr.set("descr", "Logo")
        doc_pr.attrib.pop("title", None)
    used = {el.get(R_EMBED) or el.get(R_LINK) for d in pictures for el in d.iter()} - {None}
    for child in list(root):
        root.remove(child)
    if pictures:
        paragraph = root.makeelement(qn("w:p"), {})
        for drawing in pictures:
            run = paragraph.makeelement(qn("w:r"), {})
            run.append(drawing)
            paragraph.append(run)
        root.append(paragraph)
    for r_id, rel in list(part.rels.items()):
        if rel.reltype != RT.IMAGE or rel.is_external or r_id not in used:
            del part.rels[r_id]


def _drop_notes(part) -> None:
    """Keep only the separator notes Word expects; the body's own notes went with the body."""
    for note in list(part.element):
        if note.get(qn("w:type")) not in ("separator", "continuationSeparator", "continuationNotice"):
            part.element.remove(note)


def _clean_settings(part) -> None:
    for name in DROP_SETTINGS:
        for element in part.element.findall(qn(f"w:{name}")):
            part.element.remove(element)
    for r_id in list(part.rels):
        del part.rels[r_id]


def _house_style(document: WordDocument) -> None:
    """A4 with 2 cm margins and sober black headings, for exports without a reference document."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    section.header_distance = section.footer_distance = Mm(10)
    styles = document.styles
    # Theme fonts and colours win over explicit ones, so they are removed rather than overridden.
    for fonts in styles.element.iter(qn("w:rFonts")):
        for key in list(fonts.attrib):
            if key.endswith("Theme"):
                del fonts.attrib[key]
        for key in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{key}"), FONT)
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if run_defaults.find(qn("w:rFonts")) is None:
        fonts = run_defaults.makeelement(qn("w:rFonts"), {})
        run_defaults.insert(0, fonts)
        for key in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{key}"), FONT)
    styles["Normal"].font.size = Pt(10.5)
    for name, size in (
        ("Title", 22),
        ("Subtitle", 13),
        ("Heading 1", 15),
        ("Heading 2", 12),
        ("Heading 3", 11),
    ):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.italic = False
        color = style.element.rPr.find(qn("w:color")) if style.element.rPr is not None else None
        if color is not None:
            style.element.rPr.remove(color)
    _english(styles)


def _english(styles) -> None:
    """Spell-check and hyphenate as British English."""
    run_defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = run_defaults.makeelement(qn("w:lang"), {})
        run_defaults.append(language)
    language.set(qn("w:val"), "en-GB")
