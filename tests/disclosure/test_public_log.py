"""Publishing a released response in the public disclosure log: the released files, nothing withheld now."""

import io
import zipfile

import pytest

from dpia.errors import Forbidden, Invalid
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports, packs, public_log, questions, refusals, withholding
from dpia.store import publications as store
from tests.conftest import EDITOR, FOI
from tests.docx_checks import body_text, open_docx
from tests.test_api import api, token_for  # noqa: F401  (fixtures)

SECRET = "Nightingale Analytics"


def _today() -> dict:
    year, month, day = assessments.today().isoformat().split("-")
    return {"day": day, "month": month, "year": year}


def _set(db, system_id, **changes):
    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    systems.update(db, EDITOR, system_id, {**record, **changes}, record.get("revision", 1))


@pytest.fixture
def released(db, configured, make_system, make_approved, make_request):
    """A responded request whose pack has been released: its id, system ids and the pack's bytes."""
    patrol = make_system(name="Patrol Forecaster", category="crime_mapping")
    # The data used names the supplier in lower case: withheld later as a passage of how it works, it is
    # still withheld there (withholding compares text whatever its case).
    _set(db, patrol, how_it_works=f"Built by {SECRET}.", data_used=f"Crimes, as {SECRET.lower()} reads them.")
    make_approved("dpia", system_id=patrol, rows=2)
    secret = make_system(name="Osprey Watch", category="crime_mapping")
    _set(db, secret, aliases="Project Kestrel")
    request_id = make_request([patrol], status="responded", responded=_today())
    data = {"number": "1", "text": "How does it work?", "fact": "how_it_works", "scope": "categories"}
    questions.add(db, FOI, request_id, {**data, "categories": ["crime_mapping"]})
    refusals.neither_confirm_nor_deny(db, FOI, request_id, {"system": str(secret), "exemption": "s24"})
    refusals.save(db, FOI, request_id, "s24", S24, None)
    withholding.decide_all(db, FOI, request_id, withholding.APPLY)
    made = packs.build(db, FOI, request_id, exports.Options())
    return {"request": request_id, "patrol": patrol, "secret": secret, "pack": made.content}


S24 = {
    "why": "Confirming would reveal capabilities.",
    "harm": "Hostile actors would learn what is watched.",
    "favour": "Openness.",
    "against": "National security.",
    "balance": "Withholding.",
}


def _files(pack: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _refused(db, request_id, subject="Predictive policing", paths=None, field="publication"):
    count = db["published_responses"].count
    found = public_log.state(db, FOI, request_id)
    with pytest.raises(Invalid) as refusal:
        public_log.publish(db, FOI, request_id, subject, paths or [f.path for f in found.files])
    assert db["published_responses"].count == count
    return refusal.value.errors[field]


def test_what_is_published_is_the_released_files_byte_for_byte_without_the_manifest(db, released):
    found = public_log.state(db, FOI, released["request"])
    paths = [f.path for f in found.files]
    assert packs.MANIFEST not in paths and paths
    response_id = public_log.publish(db, FOI, released["request"], "  Predictive   policing ", paths)
    published = store.response(db, response_id)
    assert published["subject"] == "Predictive policing" and published["withdrawn_at"] is None
    released_files = _files(released["pack"])
    stored = store.response_files(db, response_id)
    assert [f["title"] for f in stored] == paths
    for file in stored:
        assert store.content(db, file["sha256"]) == released_files[file["title"]]
        assert "/" not in file["path"]
    assert any(f["role"] == "letter" for f in stored) and any(f["role"] == "assessment" for f in stored)
    audit = db.execute("SELECT action FROM audit_log WHERE action = 'foi.response_published'").fetchall()
    assert len(audit) == 1
    # Publishing is a release in the disclosure log, with each file's hash, beside the pack's own.
    logged = db.execute(
        "SELECT f.sha256 FROM disclosure_files f JOIN disclosures d ON d.id = f.disclosure_id"
        " WHERE d.what = 'publication' AND d.request_id = ?",
        [released["request"]],
    ).fetchall()
    assert sorted(r[0] for r in logged) == sorted(f["sha256"] for f in stored)


def test_withdrawing_keeps_the_history_and_allows_publishing_again(db, released):
    paths = [f.path for f in public_log.state(db, FOI, released["request"]).files]
    first = public_log.publish(db, FOI, released["request"], "Predictive policing", paths[:1])
    with pytest.raises(Invalid) as twice:
        public_log.publish(db, FOI, released["request"], "Predictive policing", paths[:1])
    assert "already published" in twice.value.errors["publication"]
    with pytest.raises(Invalid) as no_reason:
        public_log.withdraw(db, FOI, released["request"], "  ")
    assert "why" in no_reason.value.errors["reason"]
    public_log.withdraw(db, FOI, released["request"], "Published the wrong letter")
    withdrawn = store.response(db, first)
    assert withdrawn["withdrawn_reason"] == "Published the wrong letter" and withdrawn["withdrawn_at"]
    assert store.live_responses(db) == []
    assert len(store.response_files(db, first)) == 1
    second = public_log.publish(db, FOI, released["request"], "Predictive policing", paths)
    assert [r["id"] for r in store.responses_of_request(db, released["request"])] == [second, first]


def test_a_request_without_a_released_pack_or_not_responded_is_refused(db, configured, make_request):
    request_id = make_request()
    assert "make its response pack first" in _refused(db, request_id, paths=["x.docx"])


def test_a_request_not_yet_responded_is_refused(db, released):
    db["foi_requests"].update(released["request"], {"responded": None, "status": "open"})
    assert "Record the response as sent" in _refused(db, released["request"])


def test_a_string_withheld_since_the_release_is_refused_where_the_letter_has_it_in_another_case(db, released):
    letter = next(p for p in _files(released["pack"]) if p.startswith("response-letter"))
    assert SECRET.lower() in body_text(open_docx(_files(released["pack"])[letter]))
    mark = {"target": "how_it_works", "scope": "passage", "passage": SECRET, "reason": "Supplier."}
    withholding.mark_system(db, FOI, released["patrol"], {**mark, "exemption": "s43", "subsection": "(2)"})
    message = _refused(db, released["request"], paths=[letter])
    assert "withheld now" in message and letter in message
    assert SECRET.casefold() not in message.casefold()


def test_a_withheld_string_in_the_subject_is_refused(db, released):
    mark = {"target": "how_it_works", "scope": "passage", "passage": SECRET, "reason": "Supplier."}
    withholding.mark_system(db, FOI, released["patrol"], {**mark, "exemption": "s43", "subsection": "(2)"})
    schedule = [p for p in _files(released["pack"]) if p.startswith("assessments/")]
    message = _refused(db, released["request"], f"Tools from {SECRET.lower()}", schedule)
    assert "public subject" in message


@pytest.mark.parametrize("subject", ["About project KESTREL", "Osprey watch costs"])
def test_a_subject_naming_a_system_neither_confirmed_nor_denied_is_refused(db, released, subject):
    assert "neither confirms nor denies" in _refused(db, released["request"], subject, field="subject")


def test_a_subject_naming_an_official_sensitive_system_is_refused(db, released, make_system):
    hidden = make_system(name="Blue Heron", category="crime_mapping", marking="OFFICIAL-SENSITIVE")
    db["foi_request_systems"].insert({"request_id": released["request"], "system_id": hidden})
    assert "OFFICIAL-SENSITIVE" in _refused(db, released["request"], "blue heron", field="subject")


def test_bad_subjects_and_files_are_refused_with_a_message_each(db, released):
    assert "Enter the public subject" in _refused(db, released["request"], " ", field="subject")
    assert "200 characters" in _refused(db, released["request"], "x" * 201, field="subject")
    assert "not files of the released pack" in _refused(
        db, released["request"], paths=[packs.MANIFEST], field="files"
    )


def test_only_foi_officers_publish(db, released):
    with pytest.raises(Forbidden):
        public_log.publish(db, EDITOR, released["request"], "x", [])


def test_the_api_publishes_and_withdraws_with_clear_refusals(db, released, api):  # noqa: F811
    officer = api("foi_officer")
    url = f"/foi-requests/{released['request']}/publication"
    refused = officer.call("POST", url, {"subject": "Project Kestrel"})
    assert refused.status_code == 422 and "neither confirms nor denies" in str(refused.json)
    made = officer.call("POST", url, {"subject": "Predictive policing"})
    assert made.status_code == 201, made.json
    assert made.json["address"] == f"/transparency/disclosure-log/{made.json['id']}/"
    assert packs.MANIFEST not in made.json["files"] and made.json["files"]
    assert officer.call("POST", f"{url}/withdraw", {"reason": " "}).status_code == 422
    assert officer.call("POST", f"{url}/withdraw", {"reason": "Wrong subject"}).status_code == 204
    assert store.response(db, made.json["id"])["withdrawn_reason"] == "Wrong subject"
    assert api("editor").call("POST", url, {}).status_code == 403
