"""Reading a zip-based upload's parts through a counting stream: no part inflates past the size its header
declares, and all of them together never past a ceiling, before any XML parser (or python-docx) sees them."""

import io
import struct
import zipfile
import zlib

from dpia.errors import Refused

MB = 1024 * 1024
# Uploads are at most 25 MB and pictures barely inflate; XML inflates 10-30 times, and 2,000 paragraphs are a
# few MB of it. 100 MB is a wide margin, and reading holds about three copies, so a few uploads at once stay
# well under a gigabyte.
MAX_UNCOMPRESSED = 100 * MB
# Output is produced this much at a time, so a lying entry is caught having allocated at most one chunk.
CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")


def read_parts(data: bytes, ceiling: int = MAX_UNCOMPRESSED) -> dict[str, bytes]:
    """Every part by name, inflated through a counting stream, refused on any lie about its size or CRC."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, EOFError, OSError):
        raise Refused("This file is damaged: it is not a readable Word document or spreadsheet") from None
    if sum(info.file_size for info in infos) > ceiling:
        raise Refused(f"This file expands to more than {ceiling // MB} MB, so it was not opened")
    parts: dict[str, bytes] = {}
    left = ceiling
    for info in infos:
        if info.file_size > left:  # declared sizes can only be trusted once each is checked while reading
            raise Refused(f"This file expands to more than {ceiling // MB} MB, so it was not opened")
        content = _inflate(data, info)
        left -= len(content)
        parts[info.filename] = content
    return parts


def _inflate(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """One entry's bytes, never more than its declared size (which the caller has kept within the ceiling)."""
    name = info.filename[:80]
    raw = _raw(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        content = raw
    else:
        content = _deflate_bounded(raw, info.file_size, name)
    if len(content) != info.file_size or zlib.crc32(content) != info.CRC:
        raise Refused(f"This file is damaged: its part {name} is not the size or content its header declares")
    return content


def _deflate_bounded(raw: bytes, allowed: int, name: str) -> bytes:
    """Inflate `raw`, a chunk at a time, stopping the moment output would pass `allowed` bytes."""
    inflater = zlib.decompressobj(-15)
    out = bytearray()
    pending = raw
    try:
        while not inflater.eof:
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            out += chunk
            if len(out) > allowed:
                raise Refused(
                    f"This file's part {name} expands to more than its header declares (a 'zip bomb'),"
                    " so it was not opened"
                )
            if not chunk and not pending:
                break
    except zlib.error:
        raise Refused(f"This file is damaged: its part {name} cannot be read") from None
    if not inflater.eof:
        raise Refused(f"This file is damaged: its part {name} is cut short")
    if inflater.unused_data or pending:
        # Bytes after the end of the stream only pad the compressed size, to pass the compression ratio check.
        raise Refused(f"This file is damaged: its part {name} has data after its end")
    return bytes(out)


def _raw(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """An entry's stored bytes, located through its local header as the central directory points to it."""
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise Refused(f"This file is damaged: its part {info.filename[:80]} cannot be found")
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    raw = data[begin : begin + info.compress_size]
    if len(raw) != info.compress_size:
        raise Refused(f"This file is damaged: its part {info.filename[:80]} is cut short")
    return raw


def rebuilt(parts: dict[str, bytes]) -> bytes:
    """A fresh zip of verified parts for python-docx to open: its sizes are ours, not the upload's."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()
