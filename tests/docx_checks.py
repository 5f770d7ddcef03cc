"""Reading exports back: every part of a .docx or a pack, searched for text that must not be there."""

import io
import zipfile
from xml.sax.saxutils import escape

import docx


def open_docx(content: bytes):
    """A .docx opened with python-docx, as a records manager's Word would."""
    return docx.Document(io.BytesIO(content))


def parts(content: bytes) -> dict[str, str]:
    """Every part of a zip package (a .docx or a pack) as text, binary parts decoded byte for byte."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return {name: package.read(name).decode("latin-1") for name in package.namelist()}


def _forms(text: str) -> set[str]:
    """The ways a string can be written in XML, and in UTF-8 read as Latin-1."""
    found = {text, escape(text), escape(text, {'"': "&quot;", "'": "&apos;"})}
    return found | {f.encode("utf-8").decode("latin-1") for f in found}


def leaks(content: bytes, secrets: list[str]) -> list[tuple[str, str]]:
    """(part, secret) for each secret found in any part of a .docx."""
    return [
        (name, secret)
        for name, text in parts(content).items()
        for secret in secrets
        if any(form in text for form in _forms(secret))
    ]


def pack_leaks(content: bytes, secrets: list[str]) -> list[tuple[str, str]]:
    """(file/part, secret) for each secret in any file of a pack, looking inside every .docx in it."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as pack:
        for name in pack.namelist():
            data = pack.read(name)
            if name.endswith(".docx"):
                found += [(f"{name}/{part}", secret) for part, secret in leaks(data, secrets)]
            else:
                text = data.decode("latin-1")
                found += [(name, s) for s in secrets if any(form in text for form in _forms(s))]
    return found


def body_text(document) -> str:
    """All the text of a document's body, tables included, in order."""
    chunks = []
    for block in document.element.body.iter():
        if block.tag.endswith("}t"):
            chunks.append(block.text or "")
        elif block.tag.endswith("}p"):
            chunks.append("\n")
    return "".join(chunks)


def tables_text(document) -> list[list[list[str]]]:
    """Each table as rows of cell texts."""
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def png(width: int = 40, height: int = 20) -> bytes:
    """A small grey PNG, for a logo in a reference document's header."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def reference_docx(secret: str) -> bytes:
    """An organisation's reference document: its styles and logo, plus content that must never leak.

    The secret is in its body, a comment, a tracked insertion and deletion, the header text, the core
    properties, a custom XML part, custom properties and a document variable.
    """
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    document.styles["Normal"].font.name = "Georgia"
    document.styles["Normal"].font.size = Pt(12)
    document.styles["Heading 1"].font.color.rgb = RGBColor(0x99, 0x00, 0x33)
    header = document.sections[0].header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(png()))
    header.add_run(f"Header {secret}")
    paragraph = document.add_paragraph(f"Body {secret}")
    document.add_comment(paragraph.runs, text=f"Comment {secret}", author=f"Author {secret}")
    document.core_properties.title = f"Title {secret}"
    document.core_properties.keywords = f"Keywords {secret}"
    out = io.BytesIO()
    document.save(out)
    return _add_hidden_parts(out.getvalue(), secret)


def _add_hidden_parts(content: bytes, secret: str) -> bytes:
    """Tracked changes, custom XML, custom properties and a document variable, added as Word writes them."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    revision = (
        f'<w:p {w}><w:ins w:id="91" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:t>Inserted {secret}'
        f'</w:t></w:r></w:ins><w:del w:id="92" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>'
        f"Deleted {secret}</w:delText></w:r></w:del></w:p>"
    )
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = (
                source.read(name).decode("utf-8") if name.endswith((".xml", ".rels")) else source.read(name)
            )
            if name == "word/document.xml":
                data = data.replace("<w:sectPr", revision.replace(f" {w}", "") + "<w:sectPr", 1)
            elif name == "word/settings.xml":
                data = data.replace(
                    "</w:settings>",
                    "<w:trackRevisions/><w:docVars>"
                    f'<w:docVar w:name="v" w:val="Variable {secret}"/></w:docVars></w:settings>',
                )
            elif name == "word/_rels/document.xml.rels":
                data = data.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdSecret" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/customXml" Target="../customXml/item9.xml"/></Relationships>',
                )
            elif name == "_rels/.rels":
                data = data.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
                )
            elif name == "[Content_Types].xml":
                data = data.replace(
                    "</Types>",
                    '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.custom-properties+xml"/></Types>',
                )
            target.writestr(name, data)
        target.writestr("customXml/item9.xml", f"<secret>Custom XML {secret}</secret>")
        target.writestr(
            "docProps/custom.xml",
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Project">'
            f"<vt:lpwstr>Custom property {secret}</vt:lpwstr></property></Properties>",
        )
    return out.getvalue()


_TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def _loose(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHIC).casefold().split())


def loose_leaks(content: bytes, secrets: list[str]) -> list[tuple[str, str]]:
    """(file/part, secret) for each secret found in a pack or .docx however it is spaced, broken across
    lines or runs, capitalised or punctuated: tags are dropped and the text compared case-folded."""
    import html
    import re

    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            data = package.read(name)
            if name.endswith(".docx"):
                found += [(f"{name}/{part}", s) for part, s in loose_leaks(data, secrets)]
                continue
            text = data.decode("utf-8", "replace")
            text = re.sub(r"<w:(br|tab|cr)\b[^>]*/>|</w:p>|</w:tc>", " ", text)
            text = _loose(html.unescape(re.sub(r"<[^>]+>", "", text)))
            found += [(name, s) for s in secrets if _loose(s) in text]
    return found
