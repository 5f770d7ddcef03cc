"""`dpia response`: the Word response letter of an FOI request, written from the command line."""

from datetime import date

import pytest

from dpia.services.disclosure import questions, refusals
from tests.conftest import FOI
from tests.docx_checks import body_text, open_docx

S40 = {"why": "The names of the staff who built it are their personal data."}


@pytest.fixture
def asked(db, configured, make_system, make_approved, make_request):
    """A request received on 1 May 2024 with a question from the register, one not held and one exempt."""
    system_id = make_system(name="Patrol Forecaster", category="crime_mapping")
    make_approved("dpia", system_id=system_id)
    request_id = make_request([system_id], received="2024-05-01")
    for number, text, more in (
        ("1", "What are the systems called?", {"fact": "names", "scope": "systems", "systems": [system_id]}),
        ("2", "What was spent on training?", {"fact": "own", "disposition": "not_held"}),
        ("3", "Who built it?", {"fact": "own", "disposition": "exempt", "exemption": "s40"}),
    ):
        questions.add(db, FOI, request_id, {"number": number, "text": text, **more})
    return request_id


def test_response_writes_the_letter_with_every_question_in_order_and_the_rights(runner, db, asked, tmp_path):
    refusals.save(db, FOI, asked, "s40", S40, None)
    out = tmp_path / "letter.docx"
    result = runner.invoke(args=["response", "855A/22", "--date", "2024-05-20", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote the response letter for 855A/22 to {out}" in result.output
    assert "draft" not in result.output
    text = body_text(open_docx(out.read_bytes()))
    positions = [text.index(f"Question {n}\n") for n in ("1", "2", "3")]
    assert positions == sorted(positions)
    assert "20 May 2024" in text and "Patrol Forecaster" in text
    assert "Your right to ask for a review" in text and "within 40 working days" in text
    assert "DRAFT" not in text


def test_a_draft_letter_is_written_with_a_warning_for_each_thing_missing(runner, asked, tmp_path):
    out = tmp_path / "draft.docx"
    result = runner.invoke(args=["response", "855a/22", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "The letter is a draft: Section 40: personal information: write why it applies" in result.stderr
    assert "DRAFT: not ready to send" in body_text(open_docx(out.read_bytes()))
    assert date.today().strftime("%B %Y") in body_text(open_docx(out.read_bytes()))


@pytest.mark.parametrize(
    "args, message",
    [
        (["response", "1/99"], "No FOI request with reference 1/99"),
        (
            ["response", "855A/22", "--date", "20/05/2024"],
            "--date 20/05/2024 is not a date: write it as YYYY-MM-DD",
        ),
        (["response", "855A/22", "--date", "2024-02-30"], "is not a date"),
        (["response", "855A/22", "--date", "2024-04-30"], "cannot be dated before the request was received"),
    ],
)
def test_bad_references_and_dates_are_one_line_and_write_nothing(runner, asked, tmp_path, args, message):
    out = tmp_path / "letter.docx"
    result = runner.invoke(args=[*args, "--out", str(out)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_an_existing_file_is_kept_unless_forced_and_an_unwritable_path_is_a_message(runner, asked, tmp_path):
    out = tmp_path / "existing.docx"
    out.write_text("keep me")
    refused = runner.invoke(args=["response", "855A/22", "--out", str(out)])
    assert refused.exit_code == 1 and "already exists: choose another name or add --force" in refused.output
    assert out.read_text() == "keep me"
    assert runner.invoke(args=["response", "855A/22", "--out", str(out), "--force"]).exit_code == 0
    assert "Question 3" in body_text(open_docx(out.read_bytes()))
    missing = tmp_path / "no-such-folder" / "letter.docx"
    unwritable = runner.invoke(args=["response", "855A/22", "--out", str(missing)])
    assert unwritable.exit_code == 1 and f"Cannot write {missing}" in unwritable.output
    assert "Traceback" not in unwritable.output and not missing.exists()


def test_pack_with_pdf_holds_pdf_copies_or_says_plainly_why_not(runner, db, asked, tmp_path):
    import io
    import zipfile

    from dpia.export import pdf

    refusals.save(db, FOI, asked, "s40", S40, None)
    out = tmp_path / "pack.zip"
    result = runner.invoke(args=["pack", "855A/22", "--pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        names = archive.namelist()
    assert "response-letter-FOI-855A-22.docx" in names
    if pdf.available():
        assert "response-letter-FOI-855A-22.pdf" in names and "PDF-NOT-MADE.txt" not in names
    else:
        assert "PDF-NOT-MADE.txt" in names and "LibreOffice is not installed" in result.output


def test_pack_sends_earlier_copies_again_only_with_reuse(runner, db, asked, tmp_path):
    import io
    import zipfile

    refusals.save(db, FOI, asked, "s40", S40, None)
    first = tmp_path / "first.zip"
    assert runner.invoke(args=["pack", "855A/22", "--out", str(first)]).exit_code == 0
    again = tmp_path / "again.zip"
    assert runner.invoke(args=["pack", "855A/22", "--reuse", "--out", str(again)]).exit_code == 0
    with zipfile.ZipFile(io.BytesIO(again.read_bytes())) as archive:
        [name] = [n for n in archive.namelist() if n.startswith("assessments/") and n.endswith(".docx")]
        text = body_text(open_docx(archive.read(name)))
    assert "first released in response to FOI request 855A/22" in text and "sent again" in text
