"""Each kind's export opens in a real word processor: LibreOffice converts it to PDF without error."""

import io
import os
import shutil
import subprocess
import zipfile

import pytest

from dpia import kinds
from dpia.services.disclosure import exports, packs
from tests.conftest import EDITOR, FOI

pytestmark = pytest.mark.libreoffice
SOFFICE = shutil.which("soffice")


def to_pdf(docx_path, tmp_path):
    """Convert with a profile of its own: parallel conversions sharing one fail silently."""
    profile = tmp_path / f"lo-profile-{os.getpid()}"
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = docx_path.with_suffix(".pdf")
    # A missing or unreadable input still exits 0: the PDF is the proof.
    assert pdf.exists(), result.stdout + result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000
    return pdf


@pytest.fixture(autouse=True)
def _needs_libreoffice():
    if SOFFICE is None:
        pytest.fail("soffice is missing: scripts/dev test installs libreoffice-writer-nogui")


@pytest.mark.parametrize("kind_key", [k.key for k in kinds.kinds()])
def test_libreoffice_converts_each_kinds_export_to_pdf(db, make_approved, tmp_path, kind_key):
    made = exports.internal_assessment(db, EDITOR, make_approved(kind_key), 1, exports.Options())
    path = tmp_path / made.filename
    path.write_bytes(made.content)
    to_pdf(path, tmp_path)


def test_libreoffice_converts_a_disclosure_copy_and_the_schedule(
    db, make_system, make_approved, make_request, tmp_path
):
    system_id = make_system()
    make_approved("eqia", system_id=system_id)
    made = packs.build(db, FOI, make_request([system_id]), exports.Options())
    with zipfile.ZipFile(io.BytesIO(made.content)) as pack:
        for name in pack.namelist():
            if name.endswith(".docx"):
                path = tmp_path / name.rsplit("/", 1)[-1]
                path.write_bytes(pack.read(name))
                to_pdf(path, tmp_path)


def test_pdf_copies_are_made_in_runs_and_come_back_in_order(db, make_approved):
    """LibreOffice 7.4 drops files past the 246th of one run, so dpia converts in runs: each PDF must
    still belong to its document."""
    from dpia.export import pdf

    documents = []
    for title in ("First alpha", "Second bravo", "Third charlie", "Fourth delta", "Fifth echo"):
        assessment_id = make_approved("dpia", title=title)
        opts = exports.Options(reference=None, author="x")
        documents.append(exports.internal_assessment(db, EDITOR, assessment_id, 1, opts).content)
    made = pdf.convert(documents, batch=2)
    assert len(made) == 5 and all(p.startswith(b"%PDF") for p in made)
    for title, content in zip(("First alpha", "Fifth echo"), (made[0], made[4]), strict=True):
        text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
        assert title.encode() in text
