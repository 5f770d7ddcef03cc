"""The import and evidence pages, and the command line, as people use them."""

import io
import json
import re

from dpia.actor import command_line
from dpia.services.assessments import versions as assessments
from tests import import_fixtures as fx
from tests.conftest import csrf_from


def _upload(client, system_id, data, name="old.docx", kind=""):
    url = f"/systems/{system_id}/import"
    return client.post(url, {"file": (io.BytesIO(data), name), "kind": kind})


def _preview_form(html: str) -> dict:
    """The preview form's fields as a browser would post them: each select's chosen option."""
    form = {"action": "confirm"}
    for name in ("title", "reference", "owner"):
        found = re.search(rf'name="{name}" type="text" value="([^"]*)"', html)
        form[name] = found.group(1) if found else ""
    form["marking"] = re.search(r'name="marking" type="radio" value="([^"]+)" checked', html).group(1)
    for select in re.finditer(
        r'<select class="govuk-select[^"]*" id="(target-i\d+)" name="\1".*?</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]+)" selected>', select.group(0))
        form[select.group(1)] = chosen.group(1)
    for key in ("started", "conducted"):
        for part in ("day", "month", "year"):
            found = re.search(rf'name="{key}-{part}" type="text"[^>]*value="([^"]*)"', html)
            form[f"{key}-{part}"] = found.group(1) if found else ""
    return form


def test_upload_preview_remap_and_confirm(signed_in, make_system, db):
    editor = signed_in("editor")
    system_id = make_system()
    response = _upload(editor, system_id, fx.ico_dpia())
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    html = editor.get(preview_url).get_data(as_text=True)
    assert "Check where each part goes" in html
    assert "The document is marked RESTRICTED" in html
    assert fx.ICO_NATURE in html and "Template wording for" in html
    form = _preview_form(html)
    appendix = re.search(
        r'id="item-(i\d+)">\s*<div[^>]*>\s*<span[^>]*>Paragraph \d+</span>\s*<p[^>]*>'
        + re.escape(fx.ICO_APPENDIX),
        html,
    ).group(1)
    assert form[f"target-{appendix}"] == "unplaced"
    form[f"target-{appendix}"] = "q:context"
    page = editor.client.get(preview_url)
    done = editor.client.post(
        preview_url, data={**form, "csrf_token": csrf_from(page.get_data(as_text=True))}
    )
    assert done.status_code == 302, done.get_data(as_text=True)[:3000]
    shown = editor.get(done.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Imported as draft DPIA/2019/04" in shown
    assert "Imported, not yet placed" in shown and "old.docx" in shown
    version = assessments.load(db, command_line(), 1)
    assert version["answers"]["context"].endswith(fx.ICO_APPENDIX)


def test_a_refused_upload_says_why_on_the_form(signed_in, make_system, db):
    editor = signed_in("editor")
    response = _upload(editor, make_system(), b"not a document at all", "notes.docx")
    assert response.status_code == 400
    assert "This is not a Word document (.docx) or a JSON export" in response.get_data(as_text=True)
    assert db["staged_imports"].count == 0


def test_an_upload_over_the_limit_gets_the_friendly_413_page(app, signed_in, make_system):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    editor = signed_in("editor")
    response = _upload(editor, make_system(), fx.ico_dpia())
    assert response.status_code == 413
    assert "The upload is too large" in response.get_data(as_text=True)


def test_someone_elses_staged_import_is_not_found(signed_in, make_system):
    first, second = signed_in("editor"), signed_in("editor")
    preview_url = _upload(first, make_system(), fx.ico_dpia()).headers["Location"]
    assert second.get(preview_url).status_code == 404


def test_the_preview_can_read_the_file_again_as_another_kind(signed_in, make_system):
    editor = signed_in("editor")
    preview_url = _upload(editor, make_system(), fx.freeform_pia(), "anpr.docx").headers["Location"]
    assert "Privacy impact assessment (PIA) – suggested from its content" in editor.get(preview_url).get_data(
        as_text=True
    )
    response = editor.post(preview_url, {"action": "reread", "kind": "eqia"})
    assert response.status_code == 302
    html = editor.get(preview_url).get_data(as_text=True)
    assert 'value="eqia" checked' in html


def test_a_cnil_preview_shows_the_gauge_mapping(signed_in, make_system):
    editor = signed_in("editor")
    data = json.dumps(fx.cnil_back()).encode()
    preview_url = _upload(editor, make_system(), data, "pias.json").headers["Location"]
    html = editor.get(preview_url).get_data(as_text=True)
    assert "How the CNIL tool&#39;s gauges become the ICO&#39;s scales" in html or "gauges become" in html
    assert "This export holds 2 PIAs" in html


def test_evidence_upload_and_safe_download(signed_in, make_assessment, db):
    editor, reader = signed_in("editor"), signed_in("reader")
    assessment_id = make_assessment()
    url = f"/assessments/{assessment_id}/versions/1/evidence/new"
    response = editor.post(
        url, {"file": (io.BytesIO(fx.pdf()), "Signed copy é.pdf"), "description": "Signed"}
    )
    assert response.status_code == 302
    page = reader.get(f"/assessments/{assessment_id}/versions/1").get_data(as_text=True)
    link = re.search(r'href="(/evidence/\d+)">Signed copy é.pdf', page).group(1)
    download = reader.get(link)
    body = download.get_data()
    download.close()  # the body is streamed from the stored file
    assert download.status_code == 200 and body == fx.pdf()
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"Signed copy _.pdf\"; filename*=UTF-8''Signed%20copy%20%C3%A9.pdf"
    )
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert (
        db.execute("SELECT count(*) FROM audit_log WHERE action = 'attachment.download'").fetchone()[0] == 1
    )


def test_a_refused_evidence_upload_says_why(signed_in, make_assessment):
    editor = signed_in("editor")
    url = f"/assessments/{make_assessment()}/versions/1/evidence/new"
    response = editor.post(url, {"file": (io.BytesIO(fx.png()), "report.pdf")})
    assert response.status_code == 400
    assert "named .pdf but its content is a PNG image" in response.get_data(as_text=True)


def test_evidence_on_sensitive_assessments_is_hidden_from_those_who_may_not_see_them(
    signed_in, make_assessment, db, app
):
    from pathlib import Path

    from dpia.services.assessments import attachments
    from tests.conftest import EDITOR

    assessment_id = make_assessment(marking="OFFICIAL-SENSITIVE")
    storage = attachments.Storage(Path(app.instance_path), 1024 * 1024)
    attachment_id = attachments.add(db, EDITOR, storage, assessment_id, 1, "a.pdf", fx.pdf())
    assert signed_in("reader").get(f"/evidence/{attachment_id}").status_code == 404


def test_export_json_downloads_the_version(signed_in, make_assessment):
    reader = signed_in("reader")
    assessment_id = make_assessment(reference="HART-9")
    response = reader.get(f"/assessments/{assessment_id}/versions/1/export.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="HART-9-v1.json"')
    assert json.loads(response.data)["format"] == "dpia-assessment"


def test_dismissing_imported_text_from_the_page(signed_in, make_system, db):
    editor = signed_in("editor")
    preview_url = _upload(editor, make_system(), fx.freeform_pia(), "anpr.docx").headers["Location"]
    form = _preview_form(editor.get(preview_url).get_data(as_text=True))
    page = editor.client.get(preview_url)
    done = editor.client.post(
        preview_url, data={**form, "csrf_token": csrf_from(page.get_data(as_text=True))}
    )
    shown = editor.get(done.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Place or dismiss the 2 imported items not yet placed" in shown
    action = re.search(r'action="(/assessments/\d+/versions/1/unplaced/[0-9a-f]+/dismiss)"', shown).group(1)
    response = editor.post(action, {}, form_url=action.split("/unplaced/")[0])
    assert response.status_code == 302
    shown = editor.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Place or dismiss the imported item not yet placed" not in shown
    assert "Place or dismiss the 1 imported item not yet placed" in shown


# The command line


def test_dpia_import_imports_a_batch_and_reports_refusals(runner, make_system, tmp_path, db):
    make_system(name="Knife Crime Prediction")
    good, eqia, bad = tmp_path / "dpia.docx", tmp_path / "eqia.docx", tmp_path / "bad.docx"
    good.write_bytes(fx.ico_dpia())
    eqia.write_bytes(fx.eqia())
    bad.write_bytes(b"PK\x03\x04 not really")
    result = runner.invoke(
        args=["import", str(good), str(bad), str(eqia), "--system", "knife crime prediction"]
    )
    assert result.exit_code == 1
    assert f"{good}: imported as DPIA DPIA/2019/04:" in result.output
    assert "not yet placed" in result.output
    assert f"{bad}: refused: This file is damaged" in result.output
    assert "2 imported, 1 refused" in result.output
    assert db["assessments"].count == 2


def test_dpia_import_with_a_kind_and_an_unknown_system(runner, make_system, tmp_path):
    make_system(name="ANPR")
    path = tmp_path / "anpr.docx"
    path.write_bytes(fx.freeform_pia())
    assert runner.invoke(args=["import", str(path), "--system", "Nope"]).exit_code == 1
    result = runner.invoke(args=["import", str(path), "--system", "ANPR", "--kind", "pia"])
    assert result.exit_code == 0 and "imported as PIA" in result.output
