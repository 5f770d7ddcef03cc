"""The API of ATRS records: read with an ETag, save with If-Match, export in either format."""

import io
import json

from openpyxl import load_workbook

from tests.atrs.test_atrs import WITHHELD_PASSAGE, WITHHELD_RISK, approved, system_id  # noqa: F401
from tests.test_api import api, token_for  # noqa: F401


def test_a_record_is_read_and_saved_with_if_match(api, system_id):  # noqa: F811
    editor = api("editor")
    url = f"/systems/{system_id}/atrs"
    read = editor.call("GET", url)
    assert read.status_code == 200 and read.headers["ETag"] == f'"atrs-{system_id}-r0"'
    assert [gap["label"] for gap in read.json["missing"]["1"]] == [
        "Name",
        "Description",
        "Website URL",
        "Contact email",
    ]
    body = {"answers": {"name": "HART", "contact_email": "atrs@police.example"}}
    assert editor.call("PUT", url, body).status_code == 428
    assert editor.call("PUT", url, body, **{"If-Match": '"atrs-1-r9"'}).status_code == 412
    saved = editor.call("PUT", url, body, **{"If-Match": read.headers["ETag"]})
    assert saved.status_code == 200 and saved.headers["ETag"] == f'"atrs-{system_id}-r1"'
    assert saved.json["answers"] == body["answers"]
    assert [gap["label"] for gap in saved.json["missing"]["1"]] == ["Description", "Website URL"]
    assert editor.call("PUT", url, body, **{"If-Match": read.headers["ETag"]}).status_code == 412
    assert api("reader").call("PUT", url, body, **{"If-Match": saved.headers["ETag"]}).status_code == 403


def test_an_over_long_answer_is_refused_with_its_field(api, system_id):  # noqa: F811
    editor = api("approver")
    url = f"/systems/{system_id}/atrs"
    etag = editor.call("GET", url).headers["ETag"]
    refused = editor.call("PUT", url, {"answers": {"description": "x" * 1001}}, **{"If-Match": etag})
    assert refused.status_code == 422
    assert refused.json["errors"] == [
        {"field": "description", "message": "Description must be 1,000 characters or fewer (it has 1,001)"}
    ]


def test_exports_in_either_format_never_hold_withheld_text(api, system_id, approved):  # noqa: F811
    editor = api("editor")
    url = f"/systems/{system_id}/atrs"
    record = editor.call("GET", url)
    risks = record.json["suggestions"]["fields"]["risks_and_mitigations"]
    body = {
        "answers": {"risks_and_mitigations": risks, "scope": WITHHELD_PASSAGE},
        "datasets": [{"data_modality": "Tabular"}],
    }
    assert editor.call("PUT", url, body, **{"If-Match": record.headers["ETag"]}).status_code == 200
    reader = api("reader")
    as_json = reader.call("GET", f"{url}.json")
    assert as_json.status_code == 200 and as_json.mimetype == "application/json"
    data = json.loads(as_json.data)
    assert data["standard_version"] == "3.0" and data["tier_2"]["datasets"][0]["data_modality"] == "Tabular"
    xlsx = reader.call("GET", f"{url}.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.data))
    cells = " ".join(str(c) for s in book for r in s.iter_rows(values_only=True) for c in r if c)
    for text in (as_json.get_data(as_text=True), cells):
        assert "Label every score as an assessment" in text
        assert WITHHELD_RISK not in text and WITHHELD_PASSAGE not in text
    assert WITHHELD_RISK not in record.get_data(as_text=True)


def test_a_hidden_system_is_not_found(api, make_system):  # noqa: F811
    hidden = make_system(name="Covert", marking="OFFICIAL-SENSITIVE")
    for path in ("", ".json", ".xlsx"):
        assert api("reader").call("GET", f"/systems/{hidden}/atrs{path}").status_code == 404
