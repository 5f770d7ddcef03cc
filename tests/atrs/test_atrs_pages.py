"""ATRS record pages: what is missing per tier, section forms with suggestions, errors, and downloads."""

import io
import json

from openpyxl import load_workbook

from tests.atrs.test_atrs import WITHHELD_PASSAGE, WITHHELD_RISK, approved, system_id  # noqa: F401


def _page(client, system_id):  # noqa: F811
    return client.get(f"/systems/{system_id}/atrs").get_data(as_text=True)


def test_the_system_page_links_to_its_record_which_lists_what_is_missing(signed_in, system_id):  # noqa: F811
    reader = signed_in("reader")
    assert f'href="/systems/{system_id}/atrs"' in reader.get(f"/systems/{system_id}").get_data(as_text=True)
    html = _page(reader, system_id)
    assert "4 required answers missing" in html
    assert "Contact email" in html
    assert "/atrs/tier1" not in html  # readers view, never edit
    assert reader.get(f"/systems/{system_id}/atrs/tier1").status_code == 403


def test_saving_tier_1_shrinks_the_missing_list_and_continues_to_the_next_section(signed_in, system_id):  # noqa: F811
    editor = signed_in("editor")
    form = f"/systems/{system_id}/atrs/tier1"
    data = {"revision": "0", "name": "HART", "description": "Forecasts risk.", "save": "continue"}
    response = editor.post(form, data, form_url=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/systems/{system_id}/atrs/owner")
    html = _page(editor, system_id)
    assert "2 required answers missing" in html
    assert "Tier 1: overview has been saved." in html


def test_an_over_long_answer_is_shown_with_the_field_and_its_limit(signed_in, system_id):  # noqa: F811
    editor = signed_in("editor")
    form = f"/systems/{system_id}/atrs/tier1"
    response = editor.post(form, {"revision": "0", "name": "N" * 300, "save": "return"}, form_url=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Name must be 255 characters or fewer (it has 300)" in html
    assert 'href="#name"' in html  # the error summary links to the field
    assert "N" * 300 in html  # what was typed is kept


def test_a_stale_revision_is_a_conflict_keeping_what_was_typed(signed_in, system_id):  # noqa: F811
    editor = signed_in("editor")
    form = f"/systems/{system_id}/atrs/tier1"
    editor.post(form, {"revision": "0", "name": "HART", "save": "return"}, form_url=form)
    response = editor.post(form, {"revision": "0", "name": "Other name", "save": "return"}, form_url=form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Someone else saved this ATRS record" in html and "Other name" in html


def test_suggestions_fill_empty_answers_without_saving_and_never_show_withheld_text(
    signed_in,
    system_id,  # noqa: F811
    approved,  # noqa: F811
):
    approver = signed_in("approver")
    form = f"/systems/{system_id}/atrs/risks"
    shown = approver.get(form).get_data(as_text=True)
    assert "Suggestion for risks and mitigations" in shown
    filled = approver.post(form, {"revision": "0", "action": "suggest"}, form_url=form).get_data(as_text=True)
    assert "Label every score as an assessment" in filled
    for html in (shown, filled):
        assert WITHHELD_RISK not in html and WITHHELD_PASSAGE not in html
    assert "Not answered" in _page(approver, system_id)  # nothing saved yet


def test_dataset_cards_are_added_filled_and_removed(signed_in, system_id):  # noqa: F811
    editor = signed_in("editor")
    form = f"/systems/{system_id}/atrs/datasets"
    added = editor.post(form, {"revision": "0", "cards": "0", "action": "add_dataset"}, form_url=form)
    assert 'name="datasets-0-source_data_name"' in added.get_data(as_text=True)
    data = {"revision": "0", "cards": "2", "datasets-0-source_data_name": "Custody", "save": "return"}
    data["datasets-1-source_data_name"] = "PNC"
    assert editor.post(form, data, form_url=form).status_code == 302
    html = _page(editor, system_id)
    assert "Dataset 2" in html and "PNC" in html
    removed = editor.post(form, {**data, "revision": "1", "action": "remove-0"}, form_url=form)
    assert 'value="PNC"' in removed.get_data(as_text=True) and 'value="Custody"' not in removed.get_data(
        as_text=True
    )


def test_downloads_are_the_template_spreadsheet_and_json_without_withheld_text(
    signed_in,
    system_id,  # noqa: F811
    approved,  # noqa: F811
):
    editor = signed_in("editor")
    form = f"/systems/{system_id}/atrs/risks"
    filled = editor.post(form, {"revision": "0", "action": "suggest"}, form_url=form).get_data(as_text=True)
    assert "Mitigation:" in filled
    reader = signed_in("reader")
    xlsx = reader.get(f"/systems/{system_id}/atrs/download.xlsx")
    assert xlsx.headers["Content-Disposition"] == 'attachment; filename="ATRS-HART.xlsx"'
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames == ["Metadata and title", "Tier 1", "Tier 2", "Datasets"]
    data = json.loads(reader.get(f"/systems/{system_id}/atrs/download.json").data)
    assert data["standard_version"] == "3.0"
    assert WITHHELD_RISK not in json.dumps(data)
