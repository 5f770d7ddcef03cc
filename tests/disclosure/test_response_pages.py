"""The response on the request page: drafted answers, reasons, NCND systems, the letter and its download."""

import io
import re
import zipfile

import pytest

from dpia.export import pdf
from dpia.services.disclosure import questions, refusals
from tests.conftest import FOI
from tests.disclosure.test_response import S31, _question, _request_with_questions
from tests.docx_checks import body_text, open_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def drafted(db, configured, make_system, make_approved, make_request):
    """A request with six questions, one withheld under section 31 whose reason is not written yet."""
    return _request_with_questions(db, make_system, make_approved, make_request)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_request_page_shows_each_drafted_answer_what_is_missing_and_a_preview(drafted, signed_in):
    request_id, _, _ = drafted
    page = _text(signed_in("foi_officer").get(f"/foi/{request_id}"))
    assert "Drafted answer" in page and "Information held" in page and "Held, withheld in full" in page
    assert "Exemptions and their reasons" in page and "Section 31: law enforcement" in page
    assert "Needed" in page and f"/foi/{request_id}/reasons/s31" in page
    assert "The letter is a draft until" in page and "write why it applies to this request" in page
    assert "Preview the letter as it reads now" in page and "Question 2a" in page
    assert "It was bought to plan patrols." in page


def test_readers_see_the_questions_but_not_the_draft_letter(drafted, signed_in):
    request_id, _, _ = drafted
    page = _text(signed_in("reader").get(f"/foi/{request_id}"))
    assert "Question 2a" in page and "Preview the letter" not in page and "Drafted answer" not in page


def test_the_reason_form_offers_stock_wording_and_refuses_a_qualified_reason_without_a_balance(
    db, drafted, signed_in
):
    request_id, _, _ = drafted
    officer = signed_in("foi_officer")
    form = _text(officer.get(f"/foi/{request_id}/reasons/s31"))
    assert "Started from built-in stock wording" in form and "The public interest test" in form
    url = f"/foi/{request_id}/reasons/s31"
    refused = officer.post(url, {**S31, "balance": ""})
    assert refused.status_code == 400
    assert "Give the balance of the public interest" in _text(refused)
    assert refusals.reasons(db, FOI, request_id) == {}
    saved = officer.post(url, S31)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#exemptions")
    page = _text(officer.get(f"/foi/{request_id}"))
    assert "Ready" in page and "Change the reason" in page
    assert "Ready to send" in page


def test_a_reason_form_for_an_exemption_that_does_not_exist_is_not_found(drafted, signed_in):
    request_id, _, _ = drafted
    assert signed_in("foi_officer").get(f"/foi/{request_id}/reasons/s99").status_code == 404


def test_a_system_named_by_a_question_cannot_be_hidden_and_a_hidden_one_leaves_the_letter(
    db, drafted, signed_in, make_system
):
    request_id, mapping, _ = drafted
    officer = signed_in("foi_officer")
    _question(db, request_id, "5", "Which named system?", "names", scope="systems", systems=[str(mapping)])
    page = f"/foi/{request_id}"
    refused = officer.post(f"{page}/ncnd", {"system": str(mapping), "exemption": "s31"}, form_url=page)
    assert refused.status_code == 400 and "Question 5 names ‘Patrol Forecaster’" in _text(refused)
    assert refusals.ncnd_systems(db, FOI, request_id) == []
    no_section = officer.post(f"{page}/ncnd", {"system": str(mapping), "exemption": ""}, form_url=page)
    assert no_section.status_code == 400 and "Choose the section relied on" in _text(no_section)
    hidden = make_system(name="Covert Gazetteer", category="crime_mapping")
    assert "Covert Gazetteer" in body_text(open_docx(officer.get(f"/foi/{request_id}/letter").data))
    done = officer.post(f"{page}/ncnd", {"system": str(hidden), "exemption": "s24"}, form_url=page)
    assert done.status_code == 302
    letter = officer.get(f"/foi/{request_id}/letter")
    assert "Covert Gazetteer" not in body_text(open_docx(letter.data))
    assert "neither confirms nor denies" in body_text(open_docx(letter.data))
    again = officer.post(f"{page}/ncnd/{hidden}/remove", form_url=page)
    assert again.status_code == 302 and refusals.ncnd_systems(db, FOI, request_id) == []


def test_the_letter_downloads_dated_as_asked_and_a_bad_date_is_a_message(drafted, signed_in):
    request_id, _, _ = drafted
    officer = signed_in("foi_officer")
    letter = officer.get(f"/foi/{request_id}/letter?date-day=15&date-month=1&date-year=2030")
    assert letter.status_code == 200 and letter.mimetype == DOCX
    assert "attachment" in letter.headers["Content-Disposition"]
    assert "15 January 2030" in body_text(open_docx(letter.data))
    bad = officer.get(f"/foi/{request_id}/letter?date-day=31&date-month=2&date-year=2030")
    assert bad.status_code == 400 and "date as a real date, for example 14 6 2022" in _text(bad)
    early = officer.get(f"/foi/{request_id}/letter?date-day=1&date-month=1&date-year=2000")
    assert early.status_code == 400
    assert "The response cannot be dated before the request was received" in _text(early)
    assert signed_in("reader").get(f"/foi/{request_id}/letter").status_code == 403


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"disposition": "exempt"}, "Choose the exemption the answer is withheld under"),
        ({"disposition": "exempt", "exemption": "other"}, "Name the exemption"),
        ({"disposition": "ncnd"}, "Choose the section relied on to neither confirm nor deny"),
        ({"disposition": "s12"}, "the estimate of the time and cost of answering"),
        ({"disposition": "s21"}, "where the information is published"),
        ({"disposition": "maybe"}, "Choose how the question is answered from the list"),
    ],
)
def test_the_question_form_asks_for_what_each_way_of_answering_needs(db, drafted, signed_in, posted, message):
    request_id, _, _ = drafted
    question = questions.listing(db, FOI, request_id)[-1]
    url = f"/foi/{request_id}/questions/{question['id']}/edit"
    data = {"number": "4", "text": "Why was it bought?", "fact": "own", "scope": "none"}
    response = signed_in("foi_officer").post(url, {**data, "revision": question["revision"], **posted})
    assert response.status_code == 400 and message in _text(response)
    assert questions.get(db, FOI, request_id, question["id"])["disposition"] == "answer"


def test_a_question_answered_over_the_cost_limit_reads_so_on_the_page(db, drafted, signed_in):
    request_id, _, _ = drafted
    question = questions.listing(db, FOI, request_id)[-1]
    url = f"/foi/{request_id}/questions/{question['id']}/edit"
    data = {"number": "4", "text": "Why was it bought?", "fact": "own", "scope": "none"}
    estimate = "Reading 4,000 files would take about 200 hours."
    posted = {**data, "revision": question["revision"], "disposition": "s12", "detail": estimate}
    assert signed_in("foi_officer").post(url, posted).status_code == 302
    page = _text(signed_in("foi_officer").get(f"/foi/{request_id}"))
    assert "Over the cost limit (section 12)" in page and estimate in page


@pytest.mark.skipif(not pdf.available(), reason="LibreOffice is not installed")
def test_the_pack_form_can_add_pdf_copies(db, drafted, signed_in):
    request_id, _, _ = drafted
    refusals.save(db, FOI, request_id, "s31", S31, None)
    officer = signed_in("foi_officer")
    made = officer.post(
        f"/foi/{request_id}/pack", {"reuse": "yes", "pdfs": "yes"}, form_url=f"/foi/{request_id}"
    )
    assert made.status_code == 200
    with zipfile.ZipFile(io.BytesIO(made.data)) as archive:
        names = archive.namelist()
    assert "response-letter-FOI-855A-22.pdf" in names
    assert any(n.startswith("assessments/") and n.endswith(".pdf") for n in names)


def test_an_unusable_reference_document_is_a_message_on_the_page_not_an_error(drafted, signed_in, instance):
    request_id, _, _ = drafted
    (instance / "reference.docx").write_bytes(b"broken")
    response = signed_in("foi_officer").get(f"/foi/{request_id}/letter")
    assert response.status_code == 409 and "reference document is not a Word .docx file" in _text(response)
