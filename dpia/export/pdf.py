"""PDF copies of Word documents, made by LibreOffice when the server has it.

Documents are written to a private temporary folder under names chosen here (never a user's), converted in
LibreOffice runs of at most BATCH documents with a profile of this conversion's own (two LibreOffices
sharing a profile at once fail silently), and read back.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# A hung LibreOffice is stopped rather than waited on.
TIMEOUT_SECONDS = 600
# LibreOffice 7.4 converts only the first 246 files named in one run and still exits 0: convert in runs.
BATCH = 200
ABSENT = (
    "PDF copies were not made: LibreOffice is not installed on this server"
    " (on Debian, install libreoffice-writer-nogui)."
)


class PdfFailed(Exception):
    """LibreOffice could not convert a document; the message says which and why."""


def soffice(configured: str | None = None) -> str | None:
    """The LibreOffice command, or None when it is not installed.

    `configured` is the LIBREOFFICE setting: None looks on PATH, "" turns PDF copies off, and a path or
    command name is used when it can be run.
    """
    if configured is None:
        return shutil.which("soffice") or shutil.which("libreoffice")
    if not configured.strip():
        return None
    if os.sep in configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return shutil.which(configured)


def absence(configured: str | None = None) -> str:
    """Why PDF copies cannot be made here, for a person (without the server's paths)."""
    if configured is None:
        return "LibreOffice is not installed on this server (on Debian, install libreoffice-writer-nogui)."
    if not configured.strip():
        return "PDF copies are turned off on this server (its LIBREOFFICE setting is empty)."
    return "The LibreOffice named by this server's LIBREOFFICE setting cannot be found or run."


def available(configured: str | None = None) -> bool:
    """Whether PDF copies can be made here."""
    return soffice(configured) is not None


def convert(
    documents: list[bytes],
    batch: int = BATCH,
    configured: str | None = None,
    timeout: int = TIMEOUT_SECONDS,
) -> list[bytes]:
    """PDF bytes for each .docx, in order; PdfFailed if LibreOffice is absent or fails on any."""
    command = soffice(configured)
    if command is None:
        raise PdfFailed(ABSENT if configured is None else f"PDF copies were not made: {absence(configured)}")
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="dpia-pdf-") as folder:
        root = Path(folder)
        names = [root / f"document-{n:04d}.docx" for n in range(len(documents))]
        for name, content in zip(names, documents, strict=True):
            name.write_bytes(content)
        for start in range(0, len(names), batch):
            _run(command, root, names[start : start + batch], timeout)
        return [_read(name.with_suffix(".pdf"), n) for n, name in enumerate(names, 1)]


def _run(command: str, root: Path, names: list[Path], timeout: int) -> None:
    arguments = [
        command,
        f"-env:UserInstallation=file://{root / 'profile'}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(root),
        *map(str, names),
    ]
    try:
        result = subprocess.run(arguments, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise PdfFailed(f"LibreOffice took longer than {timeout} seconds and was stopped") from None
    except OSError as error:
        # A configured command that vanished or cannot be run is a message, not a traceback.
        raise PdfFailed(f"LibreOffice could not be started: {error.strerror}") from None
    if result.returncode != 0:
        raise PdfFailed(f"LibreOffice failed (exit {result.returncode}): {result.stderr.strip()[:300]}")


def _read(pdf: Path, number: int) -> bytes:
    # LibreOffice exits 0 even when a document could not be read: the file is the proof.
    if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
        raise PdfFailed(f"LibreOffice made no PDF of document {number}")
    return pdf.read_bytes()
