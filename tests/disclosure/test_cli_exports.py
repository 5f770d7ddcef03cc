"""The export, pack and disclosures commands, and the demo's FOI request."""

import zipfile

import pytest

from dpia.domain.samples import token
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import withholding
from tests.conftest import EDITOR, FOI
from tests.docx_checks import body_text, leaks, open_docx


@pytest.fixture
def approved(db, make_system, make_approved):
    assessment_id = make_approved("dpia", system_id=make_system(), reference="DPIA-2020-007")
    withholding.mark_version(
        db, FOI, assessment_id, 1, {"target": "aims", "exemption": "s31", "reason": "Harm."}
    )
    return assessment_id


def _confirm(db, request_id):
    """The officer confirms for the request the mark made before it (without a request)."""
    withholding.decide_all(db, FOI, request_id, withholding.APPLY)


def test_export_writes_an_internal_copy_of_the_current_version(runner, approved, tmp_path):
    out = tmp_path / "internal.docx"
    result = runner.invoke(args=["export", "DPIA-2020-007", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote the internal copy of DPIA-2020-007 version 1" in result.output
    assert token("aims") in body_text(open_docx(out.read_bytes()))


def test_export_writes_a_logged_disclosure_copy_of_a_named_version(
    runner, db, approved, make_request, tmp_path
):
    request_id = make_request([assessments.load(db, EDITOR, approved)["system_id"]])
    _confirm(db, request_id)
    out = tmp_path / "disclosure.docx"
    result = runner.invoke(
        args=["export", "DPIA-2020-007/v1", "--disclosure", "--request", "855A/22", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert leaks(out.read_bytes(), [token("aims")]) == []
    [entry] = disclosure_log.entries(db, FOI, request_id)
    assert entry["disclosed_by"] == "dpia export"


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "DPIA-1999-001"], "No assessment with reference DPIA-1999-001"),
        (["export", "DPIA-2020-007/v9"], "No assessment version with that number"),
        (
            ["export", "DPIA-2020-007", "--disclosure", "--request", "1/99"],
            "There is no FOI request with reference 1/99",
        ),
        (["export", "DPIA-2020-007", "--request", "855A/22"], "add --disclosure"),
        (["pack", "1/99"], "No FOI request with reference 1/99"),
    ],
)
def test_commands_explain_unknown_references_without_a_traceback(runner, approved, tmp_path, args, message):
    result = runner.invoke(args=[*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_commands_refuse_to_overwrite_a_file_without_force(runner, db, approved, make_request, tmp_path):
    _confirm(db, make_request([assessments.load(db, EDITOR, approved)["system_id"]]))
    out = tmp_path / "existing"
    out.write_text("keep me")
    for args in (["export", "DPIA-2020-007"], ["pack", "855A/22"], ["disclosures", "export"]):
        result = runner.invoke(args=[*args, "--out", str(out)])
        assert result.exit_code == 1 and "already exists: choose another name or add --force" in result.output
    assert out.read_text() == "keep me"
    assert db["disclosures"].count == 0
    assert runner.invoke(args=["pack", "855A/22", "--out", str(out), "--force"]).exit_code == 0
    assert "manifest.csv" in zipfile.ZipFile(out).namelist()


def test_pack_and_the_disclosure_log_export(runner, db, approved, make_request, tmp_path):
    _confirm(db, make_request([assessments.load(db, EDITOR, approved)["system_id"]]))
    pack = runner.invoke(args=["pack", "855A/22", "--out", str(tmp_path / "pack.zip"), "--earlier-versions"])
    assert pack.exit_code == 0, pack.output
    assert "Wrote the response pack for 855A/22" in pack.output
    log = runner.invoke(args=["disclosures", "export", "--out", str(tmp_path / "log.csv")])
    assert log.exit_code == 0, log.output
    text = (tmp_path / "log.csv").read_text()
    assert text.startswith("disclosure,disclosed_at,disclosed_by,request") and "DPIA-2020-007" in text


def test_the_demo_answers_855A_22_with_withholding_and_a_logged_pack(runner, db, signed_in):
    assert runner.invoke(args=["demo"]).exit_code == 0
    entries = disclosure_log.entries(db, FOI)
    [pack] = [e for e in entries if e["request_reference"] == "855A/22"]
    assert pack["what"] == "pack" and pack["disclosed_at"].startswith("2022-06-14")
    assert db["withholding_marks"].count == 2
    reader = signed_in("reader")
    knife = db.execute("SELECT id FROM systems WHERE name = 'Knife Crime Prediction'").fetchone()[0]
    system_page = reader.get(f"/systems/{knife}").get_data(as_text=True)
    assert (
        "Disclosed under 855A/22 on 14 June 2022: response letter, schedule entry, DPIA-2020-007 version 1"
        in (system_page)
    )
    dpia = db.execute("SELECT id FROM assessments WHERE reference = 'DPIA-2020-007'").fetchone()[0]
    page = reader.get(f"/assessments/{dpia}/versions/1").get_data(as_text=True)
    assert "Version 1 disclosed under 855A/22 on 14 June 2022" in page
    assert "Withheld: section 31(1)(a) FOIA" in page
    again = runner.invoke(args=["demo"])
    assert "Demo FOI requests added: 0 (already loaded)" in again.output


def test_an_unusable_reference_document_is_a_message_not_a_traceback(runner, approved, instance, tmp_path):
    (instance / "reference.docx").write_bytes(b"broken")
    result = runner.invoke(args=["export", "DPIA-2020-007", "--out", str(tmp_path / "x.docx")])
    assert result.exit_code == 1 and "reference document is not a Word .docx file" in result.output
    assert "Traceback" not in result.output
