"""PDF copies of assessment versions, internal and disclosure, from the page, the CLI and the API.

Each conversion takes seconds, so the tests that need LibreOffice make as few as they can; the rest run
with LIBREOFFICE set so that PDF copies are unavailable, and check nothing is made, audited or logged.
"""

import hashlib
import io
import shutil
import subprocess
import zipfile

import pytest

from dpia.domain.samples import token
from dpia.export import pdf
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports, packs, withholding
from dpia.services.disclosure import log as disclosure_log
from tests.conftest import EDITOR, FOI
from tests.test_api import Api, token_for  # noqa: F401 (the fixture is used by name)

BASE = "/assessments/{id}/versions/1"
# A passage of the aims answer, withheld by an officer: it must not be readable in a disclosure PDF.
PASSAGE = token("aims")


@pytest.fixture
def approved(db, make_system, make_approved):
    """DPIA-2020-007 version 1, approved, with its aims withheld as a passage under s31."""
    assessment_id = make_approved("dpia", system_id=make_system(), reference="DPIA-2020-007")
    withholding.mark_version(
        db,
        FOI,
        assessment_id,
        1,
        {"target": "aims", "scope": "passage", "passage": PASSAGE, "exemption": "s31", "reason": "Harm."},
    )
    return assessment_id


@pytest.fixture
def request_id(db, approved, make_request):
    """FOI request 855A/22 about the DPIA's system, the officer having confirmed the mark for it."""
    found = make_request([assessments.load(db, EDITOR, approved)["system_id"]])
    withholding.decide_all(db, FOI, found, withholding.APPLY)
    return found


@pytest.fixture
def no_libreoffice(app):
    """An installation whose LIBREOFFICE setting turns PDF copies off."""
    app.config["LIBREOFFICE"] = ""


def text_of(content: bytes) -> str:
    """A PDF's text as pdftotext reads it (lines joined, so a wrapped phrase is still found)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: scripts/dev test installs poppler-utils")
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def readable(passage: str, text: str) -> bool:
    """Whether a passage can be read in a PDF's text, even broken across lines at a hyphen."""
    return passage in text or passage in text.replace(" ", "")


def needs_libreoffice():
    if not pdf.available():
        pytest.fail("soffice is missing: scripts/dev test installs libreoffice-writer-nogui")


def audited_formats(db) -> list[str]:
    rows = db.execute("SELECT details FROM audit_log WHERE action = 'export.assessment'").fetchall()
    return [row[0] for row in rows]


# With LibreOffice


@pytest.mark.libreoffice
def test_the_page_offers_and_makes_internal_and_disclosure_pdfs(signed_in, db, approved, request_id):
    needs_libreoffice()
    officer = signed_in("foi_officer")
    page = officer.get(BASE.format(id=approved)).get_data(as_text=True)
    assert "Download as PDF" in page and "Make a disclosure copy as PDF" in page
    assert 'id="pdf-unavailable"' not in page

    internal = officer.get(BASE.format(id=approved) + "/export?format=pdf")
    assert internal.status_code == 200 and internal.mimetype == "application/pdf"
    assert 'filename="DPIA-2020-007-v1-internal.pdf"' in internal.headers["Content-Disposition"]
    assert readable(PASSAGE, text_of(internal.data))
    assert any('"format": "pdf"' in details for details in audited_formats(db))

    form = officer.get(BASE.format(id=approved) + "/disclose?format=pdf").get_data(as_text=True)
    assert "Download disclosure copy as PDF" in form
    released = officer.post(
        BASE.format(id=approved) + "/disclose?format=pdf",
        {"request": "855A/22"},
        form_url=BASE.format(id=approved) + "/disclose?format=pdf",
    )
    assert released.status_code == 200 and released.mimetype == "application/pdf"
    assert 'filename="DPIA-2020-007-v1-disclosure.pdf"' in released.headers["Content-Disposition"]
    text = text_of(released.data)
    assert not readable(PASSAGE, text) and "[Withheld: section 31 FOIA]" in text

    # The PDF is the file released: logged against the request with its own hash, like a Word copy.
    [entry] = disclosure_log.entries(db, FOI, request_id)
    [logged] = entry["files"]
    assert logged["path"] == "DPIA-2020-007-v1-disclosure.pdf" and logged["role"] == "assessment_pdf"
    assert logged["sha256"] == hashlib.sha256(released.data).hexdigest()
    assert "Version 1 disclosed under 855A/22" in officer.get(BASE.format(id=approved)).get_data(as_text=True)


@pytest.mark.libreoffice
def test_the_cli_writes_a_logged_disclosure_pdf(runner, db, approved, request_id, tmp_path):
    needs_libreoffice()
    out = tmp_path / "DPIA-2020-007.pdf"
    disclose = ["--disclosure", "--request", "855A/22", "--pdf"]
    result = runner.invoke(args=["export", "DPIA-2020-007/v1", *disclose, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote the disclosure copy of DPIA-2020-007/v1 version 1 as a PDF" in result.output
    content = out.read_bytes()
    assert content.startswith(b"%PDF") and not readable(PASSAGE, text_of(content))
    [entry] = disclosure_log.entries(db, FOI, request_id)
    assert entry["disclosed_by"] == "dpia export"
    assert [f["sha256"] for f in entry["files"]] == [hashlib.sha256(content).hexdigest()]


@pytest.mark.libreoffice
def test_the_api_returns_an_internal_pdf(app, approved, token_for):  # noqa: F811
    needs_libreoffice()
    editor = Api(app.test_client(), token_for("editor"))
    made = editor.call("GET", f"/assessments/{approved}/versions/1/export.pdf")
    assert made.status_code == 200 and made.mimetype == "application/pdf"
    assert 'filename="DPIA-2020-007-v1-internal.pdf"' in made.headers["Content-Disposition"]
    assert "DPIA-2020-007" in text_of(made.data)


# Without LibreOffice


def test_the_page_says_plainly_when_pdf_copies_are_unavailable(signed_in, db, approved, no_libreoffice):
    officer = signed_in("foi_officer")
    page = officer.get(BASE.format(id=approved)).get_data(as_text=True)
    assert 'id="pdf-unavailable"' in page and "PDF copies are turned off on this server" in page
    assert "Download as PDF" not in page and "Make a disclosure copy as PDF" not in page
    assert "Download Word copy" in page

    internal = officer.get(BASE.format(id=approved) + "/export?format=pdf")
    assert internal.status_code == 503
    assert "PDF copies cannot be made" in internal.get_data(as_text=True)
    assert audited_formats(db) == []


def test_a_disclosure_pdf_that_cannot_be_made_is_not_logged(
    signed_in, db, approved, request_id, no_libreoffice
):
    officer = signed_in("foi_officer")
    url = BASE.format(id=approved) + "/disclose?format=pdf"
    refused = officer.post(url, {"request": "855A/22"}, form_url=url)
    assert refused.status_code == 503
    assert "PDF copies cannot be made" in refused.get_data(as_text=True)
    assert db["disclosures"].count == 0


def test_the_cli_explains_and_writes_nothing(runner, db, approved, request_id, tmp_path, no_libreoffice):
    out = tmp_path / "copy.pdf"
    for extra in ([], ["--disclosure", "--request", "855A/22"]):
        result = runner.invoke(args=["export", "DPIA-2020-007", "--pdf", *extra, "--out", str(out)])
        assert result.exit_code == 1 and "PDF copies cannot be made" in result.output
        assert "Traceback" not in result.output
    assert not out.exists() and db["disclosures"].count == 0 and audited_formats(db) == []


def test_the_api_answers_503_problems(app, db, approved, request_id, token_for, no_libreoffice):  # noqa: F811
    officer = Api(app.test_client(), token_for("foi_officer"))
    for path in ("export.pdf", "disclosure.pdf?request=855A/22"):
        refused = officer.call("GET", f"/assessments/{approved}/versions/1/{path}")
        assert refused.status_code == 503 and refused.mimetype == "application/problem+json"
        assert "PDF copies cannot be made" in refused.json["detail"]
    assert db["disclosures"].count == 0
    # The version is looked up first: an unknown one is a 404, whatever the server has.
    assert officer.call("GET", "/assessments/999/versions/1/export.pdf").status_code == 404


def test_the_openapi_document_declares_the_pdf_operations(app, token_for):  # noqa: F811
    reader = Api(app.test_client(), token_for("reader"))
    paths = reader.call("GET", "/openapi.json").json["paths"]
    for path in ("export.pdf", "disclosure.pdf"):
        operation = paths[f"/assessments/{{assessment_id}}/versions/{{number}}/{path}"]["get"]
        assert "application/pdf" in operation["responses"]["200"]["content"]
        assert "503" in operation["responses"]


# The LIBREOFFICE setting and the converter's limits


def test_the_setting_names_turns_off_or_finds_libreoffice(tmp_path):
    assert pdf.soffice("") is None and not pdf.available("  ")
    assert pdf.soffice(str(tmp_path / "missing" / "soffice")) is None
    assert "cannot be found or run" in pdf.absence(str(tmp_path / "missing" / "soffice"))
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o755)
    assert pdf.soffice(str(script)) == str(script)


def _fake_libreoffice(tmp_path, body: str) -> str:
    """A stand-in for the LibreOffice program (not for our code): a shell script that misbehaves."""
    script = tmp_path / "fake-soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_a_hung_libreoffice_is_stopped_at_the_timeout(tmp_path):
    hung = _fake_libreoffice(tmp_path, "exec sleep 30")
    with pytest.raises(pdf.PdfFailed, match="took longer than 1 seconds and was stopped"):
        pdf.convert([b"PK"], configured=hung, timeout=1)


def test_a_libreoffice_that_makes_nothing_is_a_failure_not_an_empty_file(tmp_path):
    silent = _fake_libreoffice(tmp_path, "exit 0")
    with pytest.raises(pdf.PdfFailed, match="made no PDF of document 1"):
        pdf.convert([b"PK"], configured=silent)


def test_pdf_names_are_built_from_the_reference_never_a_path():
    version = {"reference": 'DPIA/../2020 "007"\r\n', "number": 3}
    name = exports.pdf_name(exports.version_filename(version, True))
    assert name == "DPIA-..-2020-007-v3-disclosure.pdf"
    assert "/" not in exports.file_name(name) and '"' not in name


def test_a_pack_asked_for_pdfs_says_why_there_are_none_when_turned_off(db, approved, request_id):
    opts = exports.Options(libreoffice="")
    made = packs.build(db, FOI, request_id, opts, pdfs=True)
    with zipfile.ZipFile(io.BytesIO(made.content)) as pack:
        note = pack.read("PDF-NOT-MADE.txt").decode()
        assert not any(name.endswith(".pdf") for name in pack.namelist())
    assert "turned off on this server" in note
