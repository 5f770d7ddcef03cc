"""The response to an FOI request through the API: answers, reasons, NCND systems and the letter."""

import pytest

from dpia.services import systems
from tests.conftest import EDITOR
from tests.disclosure.test_response import S31
from tests.docx_checks import body_text, open_docx
from tests.test_api import api, token_for  # noqa: F401  (fixtures)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def officer(api):  # noqa: F811
    return api("foi_officer")


@pytest.fixture
def asked(db, configured, officer, make_system, make_approved, make_request):
    """A request with a question answered from the register, one not held and one withheld under s31."""
    mapping = make_system(name="Patrol Forecaster", category="crime_mapping")
    make_approved("dpia", system_id=mapping)
    request_id = make_request([mapping], received="2024-05-01")
    url = f"/foi-requests/{request_id}/questions"
    for question in (
        {
            "number": "1",
            "text": "What are they called?",
            "fact": "names",
            "scope": "systems",
            "systems": [mapping],
        },
        {
            "number": "2",
            "text": "What did training cost?",
            "disposition": "not_held",
            "detail": "Finance ledgers",
        },
        {
            "number": "3",
            "text": "Send the source code.",
            "disposition": "exempt",
            "exemption": "s31",
            "subsection": "(1)(a)",
        },
    ):
        added = officer.call("POST", url, {"fact": "own", **question})
        assert added.status_code == 201, added.json
    return request_id


def _reason(officer, request_id, key="s31"):
    return officer.call("GET", f"/foi-requests/{request_id}/reasons/{key}")


def test_the_response_answers_each_question_and_lists_what_is_missing_until_the_reason_is_written(
    officer, asked
):
    url = f"/foi-requests/{asked}/response"
    found = officer.call("GET", url)
    assert found.status_code == 200, found.json
    body = found.json
    assert body["as_at"] == "2024-05-01"
    assert [(q["number"], q["held"]) for q in body["questions"]] == [
        ("1", "held"),
        ("2", "not_held"),
        ("3", "exempt"),
    ]
    statements = [q["statement"] for q in body["questions"]]
    assert statements[0] == "Information is held."
    assert statements[1].startswith("Information not held.") and statements[1].endswith("Finance ledgers")
    assert "withheld in full under section 31(1)(a)" in statements[2]
    assert body["questions"][2]["exemptions"] == [{"exemption": "s31", "other": ""}]
    [used] = body["exemptions"]
    assert used == {
        "key": "s31",
        "title": "Section 31: law enforcement",
        "subsections": ["(1)(a)"],
        "questions": ["3"],
        "reason_written": False,
    }
    assert "Section 31: law enforcement: write why it applies to this request" in body["problems"]
    assert body["letter"] == f"/api/v1/foi-requests/{asked}/response/letter"

    offered = _reason(officer, asked)
    assert offered.status_code == 200 and offered.json["revision"] is None
    assert "stock wording" in offered.json["source"]
    saved = officer.call(
        "PUT", f"/foi-requests/{asked}/reasons/s31", S31, **{"If-Match": offered.headers["ETag"]}
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["revision"] == 1 and saved.json["why"] == S31["why"] and saved.json["source"] == ""
    after = officer.call("GET", f"{url}?date=2024-05-20").json
    assert after["problems"] == [] and after["exemptions"][0]["reason_written"] is True
    assert after["date"] == "2024-05-20"
    assert after["letter"] == f"/api/v1/foi-requests/{asked}/response/letter?date=2024-05-20"


def test_a_qualified_exemption_without_its_balance_is_refused_and_nothing_is_stored(officer, asked, db):
    offered = _reason(officer, asked)
    refused = officer.call(
        "PUT",
        f"/foi-requests/{asked}/reasons/s31",
        {**S31, "balance": "", "qualified": "yes"},
        **{"If-Match": offered.headers["ETag"]},
    )
    assert refused.status_code == 422
    fields = {e["field"]: e["message"] for e in refused.json["errors"]}
    assert "balance of the public interest" in fields["balance"]
    assert db.execute("SELECT count(*) FROM foi_reasons").fetchone()[0] == 0
    assert officer.call("PUT", f"/foi-requests/{asked}/reasons/s31", S31).status_code == 428
    stale = officer.call(
        "PUT", f"/foi-requests/{asked}/reasons/s31", S31, **{"If-Match": '"foi-1-reason-r7"'}
    )
    assert stale.status_code == 412


def test_a_system_neither_confirmed_nor_denied_leaves_the_response_and_the_letter(
    db, officer, asked, make_system
):
    secret = make_system(name="Cobalt Oracle", category="biometric")
    current = systems.get(db, EDITOR, secret)
    data = {**systems.as_form_data(current), "aliases": "Project Nightjar"}
    systems.update(db, EDITOR, secret, data, current["version"])
    url = f"/foi-requests/{asked}"
    added = officer.call("POST", f"{url}/ncnd", {"system_id": secret, "exemption": "s24"})
    assert added.status_code == 201, added.json
    assert added.json == [{"id": secret, "exemption": "s24", "section": "s24(2)"}]
    found = officer.call("GET", f"{url}/response")
    assert found.json["ncnd_systems"] == [{"id": secret, "exemption": "s24", "section": "s24(2)"}]
    text = found.get_data(as_text=True)
    assert "Cobalt" not in text and "Nightjar" not in text
    assert "Section 24: national security: write why it applies to this request" in found.json["problems"]
    letter = officer.call("GET", f"{url}/response/letter")
    assert letter.status_code == 200 and letter.mimetype == DOCX
    words = body_text(open_docx(letter.data))
    assert "Cobalt" not in words and "Nightjar" not in words
    assert "neither confirms nor denies that it holds any other information" in words
    assert officer.call("DELETE", f"{url}/ncnd/{secret}").status_code == 204
    assert officer.call("GET", f"{url}/response").json["ncnd_systems"] == []
    assert officer.call("DELETE", f"{url}/ncnd/{secret}").status_code == 404


def test_a_system_named_in_a_questions_own_words_cannot_be_neither_confirmed_nor_denied(
    db, officer, asked, make_system
):
    secret = make_system(name="Cobalt Oracle", category="biometric")
    url = f"/foi-requests/{asked}"
    question = {
        "number": "4",
        "text": "Anything else?",
        "fact": "own",
        "answer": "Cobalt Oracle is on trial.",
    }
    assert officer.call("POST", f"{url}/questions", question).status_code == 201
    refused = officer.call("POST", f"{url}/ncnd", {"system_id": secret, "exemption": "s24"})
    assert refused.status_code == 422
    [error] = refused.json["errors"]
    assert error["field"] == "system_id" and "Question 4 names ‘Cobalt Oracle’" in error["message"]
    assert db.execute("SELECT count(*) FROM foi_ncnd").fetchone()[0] == 0


def test_the_letter_downloads_as_a_named_docx_dated_as_asked(officer, asked):
    letter = officer.call("GET", f"/foi-requests/{asked}/response/letter?date=2024-05-20")
    assert letter.status_code == 200 and letter.mimetype == DOCX
    assert letter.headers["Content-Disposition"] == 'attachment; filename="response-letter-FOI-855A-22.docx"'
    text = body_text(open_docx(letter.data))
    positions = [text.index(f"Question {n}\n") for n in ("1", "2", "3")]
    assert positions == sorted(positions) and "20 May 2024" in text and "DRAFT" in text


@pytest.mark.parametrize(
    "url, field, words",
    [
        ("/response?date=2024-04-30", "date", "before the request was received"),
        ("/response?date=2024-02-30", "date", "real date"),
        ("/response/letter?date=2024-04-30", "date", "before the request was received"),
        ("/response?date=20-05-2024", "date", "does not match"),
    ],
)
def test_bad_dates_are_refused_field_by_field(officer, asked, url, field, words):
    refused = officer.call("GET", f"/foi-requests/{asked}{url}")
    assert refused.status_code == 422
    fields = {e["field"]: e["message"] for e in refused.json["errors"]}
    assert words in fields[field]


def test_unknown_requests_and_exemptions_are_404_and_readers_may_not_change_anything(api, asked):  # noqa: F811
    officer = api("foi_officer")
    assert officer.call("GET", "/foi-requests/999/response").status_code == 404
    assert officer.call("GET", "/foi-requests/999/response/letter").status_code == 404
    assert officer.call("GET", f"/foi-requests/{asked}/reasons/s99").status_code == 404
    assert (
        officer.call("POST", "/foi-requests/999/ncnd", {"system_id": 1, "exemption": "s24"}).status_code
        == 404
    )
    reader = api("reader")
    assert (
        reader.call("PUT", f"/foi-requests/{asked}/reasons/s31", S31, **{"If-Match": "*"}).status_code == 403
    )
    assert (
        reader.call("POST", f"/foi-requests/{asked}/ncnd", {"system_id": 1, "exemption": "s24"}).status_code
        == 403
    )
    assert reader.call("DELETE", f"/foi-requests/{asked}/ncnd/1").status_code == 403
    assert reader.call("GET", f"/foi-requests/{asked}/response").status_code == 403


def test_questions_take_and_give_back_how_they_are_answered(officer, make_request):
    request_id = make_request()
    url = f"/foi-requests/{request_id}/questions"
    base = {"number": "1", "text": "Do you use facial recognition?", "fact": "own"}
    added = officer.call("POST", url, {**base, "disposition": "ncnd", "ncnd_exemption": "s23"})
    assert added.status_code == 201, added.json
    shown = {k: added.json[k] for k in ("disposition", "ncnd_exemption", "exemption", "subsection", "detail")}
    assert shown == {
        "disposition": "ncnd",
        "ncnd_exemption": "s23",
        "exemption": "",
        "subsection": "(5)",
        "detail": "",
    }
    change = {**base, "disposition": "s12", "detail": "About 40 hours reading case files."}
    saved = officer.call("PUT", f"{url}/{added.json['id']}", change, **{"If-Match": added.headers["ETag"]})
    assert saved.status_code == 200 and saved.json["detail"] == change["detail"]
    refused = officer.call(
        "POST", url, {**base, "number": "2", "disposition": "exempt", "exemption": "other"}
    )
    assert refused.status_code == 422
    assert "Name the exemption" in {e["field"]: e["message"] for e in refused.json["errors"]}["other"]


def test_an_exemption_the_act_list_does_not_name_is_qualified_when_declared_so(officer, asked, db):
    other = {"number": "4", "text": "Send the legal advice.", "fact": "own", "disposition": "exempt"}
    other.update(exemption="other", other="Section 42 (legal professional privilege)")
    assert officer.call("POST", f"/foi-requests/{asked}/questions", other).status_code == 201
    keys = [e["key"] for e in officer.call("GET", f"/foi-requests/{asked}/response").json["exemptions"]]
    assert keys == ["s31", "other:section 42 (legal professional privilege)"]
    url = f"/foi-requests/{asked}/reasons/{keys[1]}"
    offered = officer.call("GET", url)
    # Until a reason is saved the title comes from the key, which is in lower case.
    assert offered.status_code == 200 and offered.json["title"] == "section 42 (legal professional privilege)"
    reason = {"why": "It is advice from counsel.", "favour": "Openness.", "against": "Frank advice."}
    etag = {"If-Match": offered.headers["ETag"]}
    refused = officer.call("PUT", url, {**reason, "qualified": "yes"}, **etag)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json["errors"]] == ["balance"]
    assert db.execute("SELECT count(*) FROM foi_reasons").fetchone()[0] == 0
    absolute = officer.call("PUT", url, {"why": reason["why"], "qualified": "no"}, **etag)
    assert absolute.status_code == 200 and absolute.json["qualified"] == "no"
    problems = officer.call("GET", f"/foi-requests/{asked}/response").json["problems"]
    assert problems == ["Section 31: law enforcement: write why it applies to this request"]


def test_the_pack_sends_earlier_copies_again_only_when_asked(officer, asked):
    import io
    import zipfile

    from tests.docx_checks import body_text, open_docx

    url = f"/foi-requests/{asked}"
    offered = _reason(officer, asked)
    saved = officer.call("PUT", f"{url}/reasons/s31", S31, **{"If-Match": offered.headers["ETag"]})
    assert saved.status_code == 200
    assert officer.call("POST", f"{url}/pack").status_code == 200
    fresh = officer.call("POST", f"{url}/pack")
    again = officer.call("POST", f"{url}/pack?reuse=true")
    for made, expected in ((fresh, "Disclosure copy released in response"), (again, "sent again")):
        with zipfile.ZipFile(io.BytesIO(made.data)) as archive:
            [name] = [n for n in archive.namelist() if n.startswith("assessments/")]
            assert expected in body_text(open_docx(archive.read(name)))
    assert officer.call("POST", f"{url}/pack?reuse=perhaps").status_code == 422
