"""Checks every upload passes before any parser sees it: its name, its size, its type by content, and the
structure of zip-based Office files (part count, sizes, compression ratio, macros, entity declarations)."""

import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from dpia.errors import Refused

MB = 1024 * 1024
# Zip-based files: what a real assessment or spreadsheet needs, with a wide margin.
MAX_PARTS = 1000
MAX_UNCOMPRESSED = 200 * MB
MAX_PART = 100 * MB
# XML compresses well (10-30 times); a bomb compresses thousands of times.
MAX_RATIO = 200
RATIO_CHECKED_FROM = MB
MAX_NAME = 200
JSON_MAX_DEPTH = 64

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_ENTITY = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_EXTERNAL_REL = re.compile(
    rb"<Relationship\b[^>]*Type=\"[^\"]*/(attachedTemplate|subDocument|frame|oleObject)\"[^>]*"
    rb"TargetMode=\"External\"|<Relationship\b[^>]*TargetMode=\"External\"[^>]*"
    rb"Type=\"[^\"]*/(attachedTemplate|subDocument|frame|oleObject)\"",
    re.I,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class FileType:
    """A kind of file the register accepts, recognised by its content."""

    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


FILE_TYPES = {
    t.key: t
    for t in (
        FileType("pdf", "PDF document", "application/pdf", (".pdf",)),
        FileType(
            "docx",
            "Word document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileType(
            "xlsx",
            "Excel workbook",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileType("csv", "CSV file", "text/csv; charset=utf-8", (".csv", ".txt")),
        FileType("png", "PNG image", "image/png", (".png",)),
        FileType("jpeg", "JPEG image", "image/jpeg", (".jpg", ".jpeg")),
        FileType("json", "JSON file", "application/json", (".json",)),
    )
}
EVIDENCE_TYPES = ("pdf", "docx", "xlsx", "csv", "png", "jpeg")
IMPORT_TYPES = ("docx", "json")


def check_name(name: object) -> str:
    """The name a file was uploaded with, refused if it could be mistaken for a path; never used as one."""
    if not isinstance(name, str) or not name.strip():
        raise Refused("Choose a file: the upload had no file name")
    name = name.strip()
    if "/" in name or "\\" in name or name in (".", "..") or _CONTROL.search(name):
        raise Refused("The file name must not contain folder separators or control characters")
    if len(name) > MAX_NAME:
        raise Refused(f"The file name must be {MAX_NAME} characters or fewer")
    return name


def check_size(data: bytes, max_bytes: int) -> None:
    """Refuse an empty file or one over the configured limit."""
    if not data:
        raise Refused("The file is empty")
    if len(data) > max_bytes:
        raise Refused(f"The file is {len(data) / MB:.1f} MB: files must be {max_bytes // MB} MB or smaller")


def sniff(data: bytes, allowed: tuple[str, ...]) -> FileType:
    """The file's type judged by its content (never its name), after the checks that type needs."""
    key = _sniff(data, allowed)
    if key not in allowed:
        names = ", ".join(FILE_TYPES[k].label for k in allowed)
        raise Refused(f"This is a {FILE_TYPES[key].label}, which is not accepted here. Accepted: {names}")
    return FILE_TYPES[key]


def _sniff(data: bytes, allowed: tuple[str, ...]) -> str:
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        return "pdf"
    if data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR":
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(OLE_SIGNATURE):
        raise Refused(
            "This is an encrypted (password-protected) Office file or an old .doc/.xls file. Remove the"
            " password and save it as .docx or .xlsx, then upload it again"
        )
    if data.startswith(b"PK\x03\x04"):
        return check_office(data)
    if data.startswith(b"PK"):
        raise Refused(
            "This is not a Word document or spreadsheet: its zip structure is not one Office writes"
        )
    text = _utf8_text(data)
    if "json" in allowed and text.lstrip()[:1] in ("{", "["):
        return "json"
    if "csv" in allowed:
        return "csv"
    raise Refused("This is not a Word document (.docx) or a JSON export")


def _utf8_text(data: bytes) -> str:
    if b"\x00" in data:
        raise Refused("This file's type is not recognised: it is not a PDF, Office document, image or text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("This file's type is not recognised: text files must be encoded as UTF-8") from None


def check_pdf(data: bytes) -> None:
    """Refuse encrypted PDFs and PDFs that run scripts or launch programs (best effort: streams can hide)."""
    if b"/Encrypt" in data:
        raise Refused("This PDF is encrypted or password-protected: upload an unprotected copy")
    if b"/JavaScript" in data or b"/Launch" in data:
        raise Refused("This PDF contains scripts or launch actions, which are not accepted")


def check_office(data: bytes) -> str:
    """Check a zip-based Office file part by part before anything parses it; return "docx" or "xlsx"."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, EOFError, OSError):
        raise Refused("This file is damaged: it is not a readable Word document or spreadsheet") from None
    with archive:
        _check_entries(infos)
        contents = _scan_parts(archive, infos)
    return _office_type(contents, {i.filename for i in infos})


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    """Sizes, names and flags as the zip declares them; reading later never goes past what is declared."""
    if len(infos) > MAX_PARTS:
        raise Refused(f"This file has more than {MAX_PARTS} parts, which no real document needs")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise Refused("This file is malformed: it names the same part twice")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise Refused("This Office file is encrypted: remove the password and upload it again")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused("This file uses a compression method Office does not write")
        if info.filename.startswith("/") or ".." in info.filename.split("/"):
            raise Refused("This file is malformed: one of its parts has an unsafe name")
        if info.file_size > MAX_PART:
            raise Refused(f"One part of this file expands to more than {MAX_PART // MB} MB")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_FROM and ratio > MAX_RATIO:
            raise Refused("This file expands to far more than its size (a 'zip bomb'), so it was not opened")
        total += info.file_size
    if total > MAX_UNCOMPRESSED:
        raise Refused(f"This file expands to more than {MAX_UNCOMPRESSED // MB} MB, so it was not opened")


def _scan_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    """Read each XML part (bounded by its declared size) and refuse entity declarations and macros."""
    found: dict[str, bytes] = {}
    for info in infos:
        lower = info.filename.lower()
        if lower.endswith("vbaproject.bin") or lower.endswith("vbadata.xml"):
            raise Refused(
                "This document contains macros, which are not accepted. Save it as .docx and try again"
            )
        if not (lower.endswith(".xml") or lower.endswith(".rels")):
            continue
        try:
            content = archive.read(info)
        except (
            zipfile.BadZipFile,
            zlib.error,
            ValueError,
            EOFError,
            OSError,
            RuntimeError,
            NotImplementedError,
        ):
            raise Refused(f"This file is damaged: its part {info.filename[:80]} cannot be read") from None
        if _ENTITY.search(content):
            raise Refused("This file declares XML entities or a document type, which Office never writes")
        if lower.endswith(".rels") and _EXTERNAL_REL.search(content):
            raise Refused(
                "This document loads a template or object from outside itself, which is not accepted"
            )
        if lower in ("[content_types].xml", "word/document.xml", "xl/workbook.xml", "_rels/.rels"):
            found[lower] = content
    return found


def _office_type(contents: dict[str, bytes], names: set[str]) -> str:
    if "[content_types].xml" not in contents:
        raise Refused("This file is damaged: it has no [Content_Types].xml part")
    types = _content_types(contents["[content_types].xml"])
    if any("macroenabled" in t.lower() or "vbaproject" in t.lower() for t in types.values()):
        raise Refused("This document is macro-enabled, which is not accepted. Save it as .docx or .xlsx")
    if "_rels/.rels" not in contents:
        raise Refused("This file is damaged: it has no package relationships part")
    if types.get("/word/document.xml") == WORD_MAIN and "word/document.xml" in names:
        _parse_check(contents["word/document.xml"], "word/document.xml")
        return "docx"
    if types.get("/xl/workbook.xml") == EXCEL_MAIN and "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names or "/word/document.xml" in types:
        raise Refused("This Word document is damaged: its main part is missing or of the wrong type")
    raise Refused("This zip file is not a Word document (.docx) or Excel workbook (.xlsx)")


def _parser() -> etree.XMLParser:
    # No entities, no network, no huge trees: the defaults an untrusted document should get.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _parse_check(content: bytes, name: str) -> etree._Element:
    try:
        return etree.fromstring(content, _parser())
    except (etree.XMLSyntaxError, ValueError):
        raise Refused(f"This file is damaged: its part {name} is not well-formed XML") from None


def _content_types(content: bytes) -> dict[str, str]:
    """Part name -> content type, from overrides (the main parts always have one)."""
    root = _parse_check(content, "[Content_Types].xml")
    found = {}
    for element in root:
        if isinstance(element.tag, str) and element.tag.endswith("Override"):
            found[str(element.get("PartName", ""))] = str(element.get("ContentType", ""))
        elif isinstance(element.tag, str) and element.tag.endswith("Default"):
            found["*." + str(element.get("Extension", "")).lower()] = str(element.get("ContentType", ""))
    return found


def load_json(data: bytes) -> object:
    """Parse an uploaded JSON file, refusing anything that is not UTF-8 JSON of sane depth."""
    text = _utf8_text(data)
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise Refused("This is not valid JSON: check it is an unchanged export file") from None
    if _depth(value) > JSON_MAX_DEPTH:
        raise Refused("This JSON is nested far deeper than any export, so it was not read")
    try:
        # A lone surrogate ("\ud800") parses but no UTF-8 text, nor SQLite, can hold it.
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeError:
        raise Refused("This is not valid JSON: check it is an unchanged export file") from None
    return value


def _depth(value: object) -> int:
    """How deeply lists and objects nest, without recursion (the value may be hostile)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > JSON_MAX_DEPTH:
            break
        children = (
            current.values() if isinstance(current, dict) else current if isinstance(current, list) else ()
        )
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest
