"""Checks every upload passes before any parser sees it: its name, its size, its type by content, and the
structure of zip-based Office files (part count, sizes, compression ratio, macros, entity declarations)."""

import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from dpia.errors import Refused
from dpia.importers.package import MAX_UNCOMPRESSED, read_parts
from dpia.importers.pdf import check_pdf

MB = 1024 * 1024
# Zip-based files: what a real assessment or spreadsheet needs, with a wide margin.
MAX_PARTS = 1000
MAX_PART = 100 * MB
# Matching costs a few milliseconds a paragraph, so these keep a preview within seconds; the longest real
# assessments we have seen run to a few hundred paragraphs and a few thousand table cells.
MAX_PARAGRAPHS = 2000
MAX_TABLE_CELLS = 6000
# XML compresses well (10-30 times); a bomb compresses thousands of times.
MAX_RATIO = 200
RATIO_CHECKED_FROM = MB
MAX_NAME = 200
JSON_MAX_DEPTH = 64

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_ENTITY = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
# Relationship types by what a reader would call them, for the refusal message.
_LINKED = {
    "attachedTemplate": "template",
    "image": "picture",
    "oleObject": "embedded object",
    "hyperlink": "link",
    "subDocument": "sub-document",
    "frame": "frame",
}
# A UTF-16 XML part starts with a byte order mark, or with "<" as two bytes.
_UTF16 = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16", b"<\x00": "utf-16-le", b"\x00<": "utf-16-be"}
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


def check_office(data: bytes) -> str:
    """Check a zip-based Office file part by part before anything parses it; return "docx" or "xlsx"."""
    return _office_type(checked_parts(data))


def checked_parts(data: bytes) -> dict[str, bytes]:
    """A zip-based Office file's parts, each read through a counting stream and checked; refused otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, EOFError, OSError):
        raise Refused("This file is damaged: it is not a readable Word document or spreadsheet") from None
    _check_entries(infos)
    parts = read_parts(data)
    _scan_parts(parts)
    return parts


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


def _scan_parts(parts: dict[str, bytes]) -> None:
    """Refuse macros, entity declarations and relationships that reach outside the file."""
    for name, content in parts.items():
        lower = name.lower()
        if lower.endswith("vbaproject.bin") or lower.endswith("vbadata.xml"):
            raise Refused(
                "This document contains macros, which are not accepted. Save it as .docx and try again"
            )
        if lower.endswith(".rels"):
            _check_relationships(content, name)
        elif lower.endswith(".xml") and _declares_entities(content):
            raise Refused("This file declares XML entities or a document type, which Office never writes")


def _declares_entities(content: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration, also in a UTF-16 part (where the bytes alone would hide it)."""
    encoding = _UTF16.get(content[:2])
    if encoding:
        return bool(
            _ENTITY.search(content.decode(encoding, errors="replace").encode("utf-8", errors="replace"))
        )
    return bool(_ENTITY.search(content))


def _check_relationships(content: bytes, name: str) -> None:
    """Parse a .rels part as XML (any quoting, prefix, spacing or encoding) and refuse remote targets."""
    root = _parse_check(content, name)
    if root.getroottree().docinfo.internalDTD is not None or _declares_entities(content):
        raise Refused("This file declares XML entities or a document type, which Office never writes")
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname != "Relationship":
            continue
        target = (element.get("Target") or "").strip()
        kind = (element.get("Type") or "").rsplit("/", 1)[-1]
        external = (element.get("TargetMode") or "").strip().lower() == "external"
        if _local_file(target) or (external and kind != "hyperlink"):
            what = _LINKED.get(kind, "part")
            raise Refused(
                f"This document loads a {what} from outside itself ({target[:80]}), which is not"
                " accepted: remove the link in Word and upload it again"
            )


def _local_file(target: str) -> bool:
    """A target on a network share or this computer: \\\\server\\share, //server/share or file:."""
    plain = unquote(target).replace("\\", "/").lower()
    return plain.startswith("//") or plain.startswith("file:")


def _office_type(parts: dict[str, bytes]) -> str:
    lowered = {name.lower(): content for name, content in parts.items()}
    if "[content_types].xml" not in lowered:
        raise Refused("This file is damaged: it has no [Content_Types].xml part")
    types = _content_types(lowered["[content_types].xml"])
    if any("macroenabled" in t.lower() or "vbaproject" in t.lower() for t in types.values()):
        raise Refused("This document is macro-enabled, which is not accepted. Save it as .docx or .xlsx")
    if "_rels/.rels" not in lowered:
        raise Refused("This file is damaged: it has no package relationships part")
    if types.get("/word/document.xml") == WORD_MAIN and "word/document.xml" in parts:
        _check_counts(parts)
        return "docx"
    if types.get("/xl/workbook.xml") == EXCEL_MAIN and "xl/workbook.xml" in parts:
        return "xlsx"
    if "word/document.xml" in parts or "/word/document.xml" in types:
        raise Refused("This Word document is damaged: its main part is missing or of the wrong type")
    raise Refused("This zip file is not a Word document (.docx) or Excel workbook (.xlsx)")


def _check_counts(parts: dict[str, bytes]) -> None:
    """Refuse a document longer than a preview can be built for in bounded time, naming the limit."""
    # Every Word XML part counts, not only the body: headers and footers are read and matched too.
    paragraphs = cells = 0
    for name, content in parts.items():
        if name.lower().startswith("word/") and name.lower().endswith(".xml"):
            root = _parse_check(content, name)
            paragraphs += sum(1 for _ in root.iter(f"{{{W}}}p"))
            cells += sum(1 for _ in root.iter(f"{{{W}}}tc"))
    if paragraphs > MAX_PARAGRAPHS:
        raise Refused(
            f"This document has {paragraphs:,} paragraphs: documents of up to {MAX_PARAGRAPHS:,} paragraphs"
            " can be imported. Split it into parts and import each"
        )
    if cells > MAX_TABLE_CELLS:
        raise Refused(
            f"This document has {cells:,} table cells: documents of up to {MAX_TABLE_CELLS:,} table cells"
            " can be imported. Split it into parts and import each"
        )


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
