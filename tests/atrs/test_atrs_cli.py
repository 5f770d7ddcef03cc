"""`dpia atrs export`: the record as .xlsx or JSON from the command line, and bad input exiting 2."""

import io
import json

import pytest
from openpyxl import load_workbook

from dpia.services.atrs import records
from tests.atrs.test_atrs import WITHHELD_PASSAGE, WITHHELD_RISK, approved, system_id  # noqa: F401
from tests.conftest import EDITOR


@pytest.fixture
def saved(db, system_id, approved):  # noqa: F811
    risks = records.record(db, EDITOR, system_id)["suggestions"]["fields"]["risks_and_mitigations"]
    answers = {"name": "HART", "risks_and_mitigations": risks, "scope": f"Not {WITHHELD_PASSAGE}."}
    records.save(db, EDITOR, system_id, answers, [{"source_data_name": "Custody records"}], 0)
    return system_id


def test_json_is_printed_or_written_and_xlsx_written(runner, saved, tmp_path):
    printed = runner.invoke(args=["atrs", "export", "hart", "--format", "json"])
    assert printed.exit_code == 0, printed.output
    data = json.loads(printed.output)
    assert data["standard_version"] == "3.0" and data["tier_1"]["tier1"]["name"] == "HART"
    assert WITHHELD_PASSAGE not in printed.output and WITHHELD_RISK not in printed.output
    out = tmp_path / "hart.xlsx"
    written = runner.invoke(args=["atrs", "export", "HART", "--format", "xlsx", "--out", str(out)])
    assert written.exit_code == 0, written.output
    assert "Wrote the ATRS record of ‘HART’" in written.output
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert ("1.1", "Name", "HART") in list(book["Tier 1"].iter_rows(values_only=True))


@pytest.mark.parametrize(
    "args, message",
    [
        (["Nonesuch", "--format", "json"], "No system called ‘Nonesuch’ in the register"),
        (["HART", "--format", "xlsx"], "An .xlsx file cannot be printed: add --out FILE"),
        (["HART", "--format", "pdf"], "'pdf' is not one of 'json', 'xlsx'"),
        (["HART"], "Missing option '--format'"),
    ],
)
def test_bad_input_exits_2_with_a_message(runner, saved, args, message):
    result = runner.invoke(args=["atrs", "export", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_an_existing_file_is_replaced_only_with_force(runner, saved, tmp_path):
    out = tmp_path / "hart.json"
    out.write_text("keep")
    refused = runner.invoke(args=["atrs", "export", "HART", "--format", "json", "--out", str(out)])
    assert refused.exit_code == 2 and "already exists" in refused.output
    assert out.read_text() == "keep"
    forced = runner.invoke(args=["atrs", "export", "HART", "--format", "json", "--out", str(out), "--force"])
    assert forced.exit_code == 0 and json.loads(out.read_text())["id"] == saved
