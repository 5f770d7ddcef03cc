"""Exports, withholding and FOI requests over HTTP: buttons per role, forms that explain, downloads."""

import csv
import io
import re
import zipfile

import pytest

from dpia.domain.samples import row_id, token
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports, packs, withholding
from dpia.services.disclosure import requests as foi
from tests.conftest import EDITOR, FOI
from tests.docx_checks import body_text, leaks, open_docx


@pytest.fixture
def officer(signed_in):
    return signed_in("foi_officer")


def _url(assessment_id, number=1):
    return f"/assessments/{assessment_id}/versions/{number}"


def _attachment(response) -> str:
    found = re.fullmatch(r'attachment; filename="([^"/\\]+)"', response.headers["Content-Disposition"])
    assert found, response.headers["Content-Disposition"]
    return found.group(1)


@pytest.mark.parametrize(
    "role, download, disclose, withhold",
    [
        ("foi_officer", True, True, True),
        ("editor", True, False, False),
        ("approver", True, False, False),
        ("reader", False, False, False),
        ("admin", False, False, False),
    ],
)
def test_the_assessment_page_offers_each_role_what_it_may_do(
    signed_in, make_approved, role, download, disclose, withhold
):
    visitor = signed_in(role)
    url = _url(make_approved("dpia"))
    html = visitor.get(url).get_data(as_text=True)
    assert ("Download Word copy" in html) is download
    assert ("Make a disclosure copy" in html) is disclose
    assert ("Withhold a part" in html) is withhold
    assert ("Mark parts to withhold" in html) is withhold
    # Each part's link appears only in marking mode, and only to those who may withhold.
    assert "dpia-withhold-link" not in html
    assert ("dpia-withhold-link" in visitor.get(f"{url}?withholding=on").get_data(as_text=True)) is withhold
    assert "No version of this assessment has been disclosed." in html


def test_an_internal_copy_downloads_with_a_safe_file_name(signed_in, make_approved):
    assessment_id = make_approved("pia", reference="PIA/2016/2")
    response = signed_in("editor").get(f"{_url(assessment_id)}/export")
    assert response.status_code == 200
    assert response.mimetype == exports.DOCX
    assert _attachment(response) == "PIA-2016-2-v1-internal.docx"
    assert open_docx(response.data).paragraphs[0].text == "A pia"


def test_withholding_a_passage_through_the_form_then_disclosing_it(officer, db, make_approved, make_request):
    assessment_id = make_approved("dpia")
    make_request()
    form = f"{_url(assessment_id)}/withhold?target=aims"
    page = officer.get(form).get_data(as_text=True)
    assert 'name="target" value="aims"' in page and "What does the project aim to achieve" in page
    data = {"target": "aims", "scope": "passage", "passage": token("aims"), "exemption": "s31"}
    data.update(subsection="(1)(a)", reason="Tactics.", request="855A/22")
    saved = officer.post(f"{_url(assessment_id)}/withhold", data, form_url=form)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#withholding")
    html = officer.get(_url(assessment_id)).get_data(as_text=True)
    assert f'<mark class="dpia-withheld">{token("aims")}</mark>' in html
    assert "section 31(1)(a) FOIA" in html
    refused = officer.post(f"{_url(assessment_id)}/disclose", {"request": ""})
    assert refused.status_code == 400 and "Choose the FOI request this copy answers" in refused.get_data(
        as_text=True
    )
    made = officer.post(f"{_url(assessment_id)}/disclose", {"request": "855A/22"})
    assert made.status_code == 200 and made.mimetype == exports.DOCX
    assert _attachment(made).endswith("-v1-disclosure.docx")
    assert leaks(made.data, [token("aims")]) == []
    assert "[Withheld: section 31(1)(a) FOIA]" in body_text(open_docx(made.data))
    shown = officer.get(_url(assessment_id)).get_data(as_text=True)
    assert "Version 1 disclosed under 855A/22 on" in shown


def test_a_refused_mark_comes_back_with_messages_and_the_input_kept(officer, db, make_approved):
    assessment_id = make_approved("dpia")
    data = {
        "target": "aims",
        "scope": "passage",
        "passage": "nowhere in it",
        "exemption": "other",
        "reason": "",
    }
    response = officer.post(f"{_url(assessment_id)}/withhold", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The passage was not found in" in html and "Name the exemption" in html
    assert "Enter why the exemption applies" in html
    assert 'href="#passage"' in html and "nowhere in it</textarea>" in html
    assert db["withholding_marks"].count == 0


def test_removing_a_mark(officer, db, make_approved):
    assessment_id = make_approved("dpia")
    mark_id = withholding.mark_version(
        db, FOI, assessment_id, 1, {"target": "aims", "exemption": "s22", "reason": "Soon."}
    )
    response = officer.post(f"{_url(assessment_id)}/withhold/{mark_id}/remove", form_url=_url(assessment_id))
    assert response.status_code == 302
    assert db["withholding_marks"].count == 0
    again = officer.post(f"{_url(assessment_id)}/withhold/{mark_id}/remove", form_url=_url(assessment_id))
    assert again.status_code == 404


def test_marks_on_rows_show_on_the_page_for_every_reader(signed_in, db, make_approved):
    assessment_id = make_approved("dpia", rows=2)
    target = f"risks/{row_id('risks', 2)}"
    withholding.mark_version(
        db, FOI, assessment_id, 1, {"target": target, "exemption": "s31", "reason": "Tactics."}
    )
    html = signed_in("reader").get(_url(assessment_id)).get_data(as_text=True)
    assert "Withheld: section 31 FOIA" in html
    assert "Step 5: Identify and assess risks › Risks › Risk 2" in html
    assert "Remove" not in html


def test_the_system_page_withholds_a_cost_and_offers_the_register_entry(officer, db, make_system):
    from dpia.services import systems

    system_id = make_system()
    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    record["costs"] = [{"period_start": "2020", "amount": "45123.67", "description": "Licence"}]
    systems.update(db, EDITOR, system_id, record, 1)
    html = officer.get(f"/systems/{system_id}").get_data(as_text=True)
    assert "Download register entry" in html and "Make a disclosure copy" in html
    assert not re.search(r"target=(costs/[0-9a-f]{8})", html), "no Withhold links until marking is on"
    html = officer.get(f"/systems/{system_id}?withholding=on").get_data(as_text=True)
    cost = re.search(r"target=(costs/[0-9a-f]{8})", html)
    assert cost, "a Withhold link per cost"
    target = cost.group(1) + "/amount"
    data = {"target": target, "exemption": "s43", "subsection": "(2)", "reason": "Price."}
    assert officer.post(f"/systems/{system_id}/withhold", data).status_code == 302
    made = officer.post(f"/systems/{system_id}/disclose", {"request": "none"})
    assert _attachment(made) == "HART-register-disclosure.docx"
    assert leaks(made.data, ["45,123", "45123"]) == []
    internal = officer.get(f"/systems/{system_id}/export")
    assert "£45,123.67" in body_text(open_docx(internal.data))
    assert "for publication, without a request," in officer.get(f"/systems/{system_id}").get_data(
        as_text=True
    )


def test_recording_a_request_through_the_form(officer, db, make_system):
    system_id = make_system()
    data = {
        "reference": "855A/22",
        "subject": "Predictive policing",
        "status": "open",
    }
    data.update({"received-day": "16", "received-month": "5", "received-year": "2022"})
    created = officer.post("/foi/new", data)
    assert created.status_code == 302 and created.headers["Location"].endswith("/scope")
    # Saving leads on to choosing the systems in scope, which has its own step.
    request_id = int(created.headers["Location"].split("/")[-2])
    added = officer.post(
        f"/foi/{request_id}/scope/add", {"system": str(system_id)}, form_url=created.headers["Location"]
    )
    assert added.status_code == 302
    html = officer.get(f"/foi/{request_id}").get_data(as_text=True)
    assert "15 June 2022" in html and "Overdue by" in html
    assert "No PIA, no DPIA, no EqIA" in html
    duplicate = officer.post("/foi/new", {**data, "reference": "855a/22"})
    assert duplicate.status_code == 400
    assert "Request reference 855a/22 is already used by another request" in duplicate.get_data(as_text=True)
    bad = officer.post("/foi/new", {**data, "reference": "2/22", "received-month": "13"})
    assert bad.status_code == 400 and 'href="#received-day"' in bad.get_data(as_text=True)


def test_editing_a_request_keeps_the_scope_choices(officer, db, make_system, make_request):
    system_id = make_system()
    request_id = make_request([system_id])
    form = officer.get(f"/foi/{request_id}/edit").get_data(as_text=True)
    assert "1 system in scope" in form and f"/foi/{request_id}/scope" in form
    # The form sends no systems: saving it leaves the scope as it is.
    data = {"reference": "855A/22", "status": "responded", "revision": "1"}
    data.update({"received-day": "16", "received-month": "5", "received-year": "2022"})
    data.update({"responded-day": "14", "responded-month": "6", "responded-year": "2022"})
    assert officer.post(f"/foi/{request_id}/edit", data).status_code == 302
    assert "Responded on 14 June 2022" in officer.get(f"/foi/{request_id}").get_data(as_text=True)
    assert foi.get(db, FOI, request_id)["system_ids"] == [system_id]
    stale = officer.post(f"/foi/{request_id}/edit", data)
    assert stale.status_code == 400 and "Someone else changed this request" in stale.get_data(as_text=True)


def test_the_request_page_offers_the_pack_and_an_earlier_disclosure_to_reuse(
    officer, db, make_system, make_approved, make_request
):
    system_id = make_system()
    assessment_id = make_approved("dpia", system_id=system_id)
    reference = assessments.load(db, EDITOR, assessment_id)["reference"]
    first = make_request([system_id])
    packs.build(db, FOI, first, exports.Options())
    second = make_request([system_id], reference="1187/24", received="2024-06-03")
    html = officer.get(f"/foi/{second}").get_data(as_text=True)
    assert f"{reference} version 1" in html and "Disclosed under 855A/22 on" in html
    assert "Download response pack" in html
    # Offered, never defaulted: a fresh copy for this request unless the officer ticks it.
    [reuse_box] = re.findall(r'<input[^>]*name="reuse"[^>]*>', html)
    assert "checked" not in reuse_box
    response = officer.post(f"/foi/{second}/pack", {"reuse": "yes"}, form_url=f"/foi/{second}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert _attachment(response) == "FOI-1187-24-response-pack.zip"
    assert "manifest.csv" in zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    page = officer.get(f"/foi/{second}").get_data(as_text=True)
    assert "Disclosed for this request" in page and "FOI-1187-24-response-pack.zip" in page


def test_a_pack_that_cannot_be_made_says_why_on_the_request_page(officer, make_request):
    request_id = make_request([])
    response = officer.post(f"/foi/{request_id}/pack", {}, form_url=f"/foi/{request_id}")
    assert response.status_code == 400
    assert "has no systems in scope yet" in response.get_data(as_text=True)


def test_the_disclosure_log_page_and_csv(signed_in, db, make_system, make_approved, make_request):
    system_id = make_system()
    make_approved("pia", system_id=system_id)
    packs.build(db, FOI, make_request([system_id]), exports.Options())
    admin = signed_in("admin")
    page = admin.get("/foi/log").get_data(as_text=True)
    assert "FOI-855A-22-response-pack.zip" in page and "855A/22" in page
    response = admin.get("/foi/log.csv")
    assert _attachment(response) == "disclosure-log.csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["path"] for r in rows} >= {"manifest.csv", "schedule-855A-22.docx"}
    assert all(r["request"] == "855A/22" and len(r["sha256"]) == 64 for r in rows)
    assert {r["system"] for r in rows if r["role"] == "schedule"} == {"HART"}
    audited = db.execute("SELECT count(*) FROM audit_log WHERE action = 'disclosure_log.export'").fetchone()[
        0
    ]
    assert audited == 1


def test_the_foi_pages_are_readable_by_everyone_and_changeable_by_foi_officers(signed_in, make_request):
    request_id = make_request([])
    reader = signed_in("reader")
    listing = reader.get("/foi").get_data(as_text=True)
    assert "855A/22" in listing and "Record a request" not in listing
    page = reader.get(f"/foi/{request_id}").get_data(as_text=True)
    assert "Download response pack" not in page and "Change the request" not in page


def test_official_sensitive_material_stays_hidden_on_foi_pages_from_those_who_may_not_see_it(
    signed_in, db, make_system, make_approved, make_request
):
    open_id = make_system("Open System")
    hidden_id = make_system("Hidden System", marking="OFFICIAL-SENSITIVE")
    shown = make_approved("dpia", system_id=open_id)
    make_approved("dpia", system_id=open_id, marking="OFFICIAL-SENSITIVE", reference="DPIA-SECRET-1")
    request_id = make_request([open_id, hidden_id])
    packs.build(db, FOI, request_id, exports.Options())
    reader = signed_in("reader")
    listing = reader.get("/foi").get_data(as_text=True)
    assert re.search(r"govuk-table__cell--numeric\">1</td>", listing)
    page = reader.get(f"/foi/{request_id}").get_data(as_text=True)
    assert "Hidden System" not in page and "DPIA-SECRET-1" not in page and "may not see" not in page
    assert assessments.load(db, EDITOR, shown)["reference"] in page
    system_page = reader.get(f"/systems/{open_id}").get_data(as_text=True)
    assert "Disclosed under 855A/22" in system_page and "DPIA-SECRET-1" not in system_page


def test_downloads_use_the_instances_reference_document(signed_in, make_approved, instance):
    from tests.docx_checks import reference_docx

    assessment_id = make_approved("pia")
    (instance / "reference.docx").write_bytes(reference_docx("SECRET-IN-REFERENCE"))
    response = signed_in("editor").get(f"{_url(assessment_id)}/export")
    assert open_docx(response.data).styles["Normal"].font.name == "Georgia"
    assert leaks(response.data, ["SECRET-IN-REFERENCE"]) == []
    (instance / "reference.docx").write_bytes(b"broken")
    broken = signed_in("editor").get(f"{_url(assessment_id)}/export")
    assert broken.status_code == 409
    assert "Replace or remove reference.docx in the instance folder" in broken.get_data(as_text=True)
