"""Checks a PDF upload passes: not encrypted, and naming no action that runs code, launches a program or
carries files, with the names' #xx escapes decoded first (best effort: compressed object streams can hide)."""

import re

from dpia.errors import Refused

# PDF names whose objects run code, open other programs or carry files; matched after #xx escapes are decoded.
PDF_ACTIONS = (
    b"/JavaScript",
    b"/JS",
    b"/Launch",
    b"/EmbeddedFile",
    b"/EmbeddedFiles",
    b"/OpenAction",
    b"/AA",
    b"/RichMedia",
)
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*")
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def check_pdf(data: bytes) -> None:
    """Refuse encrypted PDFs and PDFs that run scripts or launch programs (best effort: streams can hide)."""
    names = pdf_names(data)
    if b"/Encrypt" in names:
        raise Refused("This PDF is encrypted or password-protected: upload an unprotected copy")
    found = names & set(PDF_ACTIONS)
    if found:
        listed = ", ".join(sorted(n.decode("latin-1") for n in found))
        raise Refused(
            f"This PDF contains scripts, actions or embedded files ({listed}), which are not accepted"
        )


def pdf_names(data: bytes) -> set[bytes]:
    """Every PDF name in the file with its #xx escapes decoded, so /J#61vaScript reads as /JavaScript."""
    return {_PDF_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), n) for n in _PDF_NAME.findall(data)}
