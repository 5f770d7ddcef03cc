"""The response letter: every question answered in order, s1 and s17, NCND leaving no trace, as at a day."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest

from dpia import kinds
from dpia.domain.samples import sample_answers
from dpia.errors import Invalid
from dpia.services import systems
from dpia.services.disclosure import exports, packs, questions, refusals, withholding
from dpia.services.disclosure import requests as foi
from tests.conftest import EDITOR, FOI, approve
from tests.docx_checks import body_text, open_docx, pack_leaks

S31 = {
    "why": "Publishing the model's features would let offenders learn where patrols are sent.",
    "harm": "Crime would be displaced to areas the model does not flag.",
    "favour": "Openness about how policing decisions are made.",
    "against": "The prevention and detection of crime.",
    "balance": "The balance favours withholding the model's features.",
}


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _question(db, request_id, number, text, fact, **more):
    data = {"number": number, "text": text, "fact": fact, **more}
    data.setdefault("scope", "categories" if fact != "own" else "none")
    if data["scope"] == "categories":
        data.setdefault("categories", ["crime_mapping", "individual_risk"])
    return questions.add(db, FOI, request_id, data)


def _request_with_questions(db, make_system, make_approved, make_request):
    mapping = make_system(name="Patrol Forecaster", category="crime_mapping")
    risk = make_system(name="HART", category="individual_risk")
    make_approved("dpia", system_id=mapping)
    request_id = make_request([mapping, risk])
    _question(db, request_id, "1", "Have any predictive policing systems been used by the force?", "parent")
    _question(db, request_id, "2a", "What are their names?", "names")
    _question(db, request_id, "2b", "Any DPIA, with the dates conducted?", "assessments")
    _question(db, request_id, "2c", "What did each cost?", "costs")
    _question(
        db,
        request_id,
        "3",
        "Please send the source code.",
        "own",
        disposition="exempt",
        exemption="s31",
        subsection="(1)(a)",
    )
    _question(db, request_id, "4", "Why was it bought?", "own", answer="It was bought to plan patrols.")
    return request_id, mapping, risk


def _letter(db, request_id, on="2030-01-15"):
    request = foi.get(db, FOI, request_id)
    found = packs.response(db, FOI, request, _day(on), "Northshire Police")
    return found, exports.to_docx(found.document, exports.Options(reference=None, author="Northshire Police"))


def test_the_letter_answers_every_question_in_order_with_s1_s17_and_rights(
    db, configured, make_system, make_approved, make_request
):
    request_id, _, _ = _request_with_questions(db, make_system, make_approved, make_request)
    refusals.save(db, FOI, request_id, "s31", S31, None)
    found, content = _letter(db, request_id)
    assert found.problems == []
    text = body_text(open_docx(content))
    positions = [text.index(f"Question {n}\n") for n in ("1", "2a", "2b", "2c", "3", "4")]
    assert positions == sorted(positions)
    assert "Section 1 of the Freedom of Information Act 2000" in text
    assert "Yes." in text and "Patrol Forecaster" in text
    assert "Information not held. The searches made were of the force's register" in text  # 2c: no costs
    assert "It was bought to plan patrols." in text
    assert "withheld in full under section 31(1)(a) of the Act" in text
    notice = text[text.index("Exemptions and the public interest (section 17)") :]
    assert "Section 31: law enforcement" in notice
    for value in S31.values():
        assert value in notice
    assert "qualified exemption" in notice
    rights = text[text.index("Your right to ask for a review") :]
    assert "within 40 working days" in rights and "within 20 working days" in rights
    assert "section 50" in rights and "Wycliffe House" in rights
    assert "FOI Unit, Police HQ" in rights and "855A/22" in rights
    assert "DRAFT" not in text


def test_a_letter_without_a_reason_is_a_draft_and_the_pack_says_what_is_missing(
    db, configured, make_system, make_approved, make_request
):
    request_id, _, _ = _request_with_questions(db, make_system, make_approved, make_request)
    found, content = _letter(db, request_id)
    assert "Section 31: law enforcement: write why it applies to this request" in found.problems
    assert body_text(open_docx(content)).lstrip().startswith("Freedom of Information request")
    assert "DRAFT: not ready to send" in body_text(open_docx(content))
    with pytest.raises(Invalid) as refused:
        packs.build(db, FOI, request_id, exports.Options(reference=None, author="x"))
    assert "write why it applies" in refused.value.errors["pack"]


def test_a_qualified_exemption_needs_its_public_interest_balance_and_stores_nothing_without(
    db, configured, make_request
):
    request_id = make_request()
    with pytest.raises(Invalid) as refused:
        refusals.save(db, FOI, request_id, "s31", {**S31, "balance": " "}, None)
    assert "balance of the public interest" in refused.value.errors["balance"]
    with pytest.raises(Invalid) as absolute:
        refusals.save(db, FOI, request_id, "s40", {"why": "Names of staff.", "balance": "x"}, None)
    assert "absolute" in absolute.value.errors["balance"]
    assert refusals.reasons(db, FOI, request_id) == {}


def test_an_earlier_requests_reason_is_offered_never_used_silently(
    db, configured, make_system, make_approved, make_request
):
    first = make_request(reference="100/22")
    refusals.save(db, FOI, first, "s31", S31, None)
    request_id, _, _ = _request_with_questions(db, make_system, make_approved, make_request)
    offered = refusals.offer(db, FOI, request_id, "s31")
    assert offered["why"] == S31["why"] and "100/22" in offered["source"]
    found, _ = _letter(db, request_id)
    assert any("write why it applies" in p for p in found.problems)


def test_question_dispositions_need_what_they_cite(db, make_request):
    request_id = make_request()
    base = {"number": "5", "text": "Where are the policies?", "fact": "own", "scope": "none"}
    cases = [
        ({"disposition": "s21"}, "detail", "where the information is published"),
        ({"disposition": "s12"}, "detail", "estimate"),
        ({"disposition": "ncnd", "ncnd_exemption": "s22"}, "ncnd_exemption", "s23(5)"),
        ({"disposition": "exempt", "exemption": "s21"}, "exemption", "Published elsewhere"),
        ({"disposition": "exempt", "exemption": "other"}, "other", "Name the exemption"),
        ({"disposition": "shrug"}, "disposition", "Choose how"),
    ]
    for extra, field, words in cases:
        with pytest.raises(Invalid) as refused:
            questions.add(db, FOI, request_id, {**base, **extra})
        assert words in refused.value.errors[field], extra
    assert db.execute("SELECT count(*) FROM foi_questions").fetchone()[0] == 0


def _secret_system(db, make_system, make_approved):
    secret = make_system(name="Cobalt Oracle", category="biometric")
    current = systems.get(db, EDITOR, secret)
    data = {**systems.as_form_data(current), "aliases": "Project Nightjar", "how_it_works": "Face matching."}
    systems.update(db, EDITOR, secret, data, current["version"])
    make_approved("dpia", system_id=secret)
    return secret


def test_a_system_neither_confirmed_nor_denied_leaves_no_trace_in_any_file_of_the_pack(
    db, configured, make_system, make_approved, make_request
):
    secret = _secret_system(db, make_system, make_approved)
    request_id, mapping, _ = _request_with_questions(db, make_system, make_approved, make_request)
    foi.update(
        db,
        FOI,
        request_id,
        {**_form(db, request_id), "systems": [str(s) for s in (mapping, secret)]},
        foi.get(db, FOI, request_id)["revision"],
    )
    _question(db, request_id, "5", "Do you use facial recognition?", "parent", categories=["biometric"])
    refusals.save(db, FOI, request_id, "s31", S31, None)
    refusals.neither_confirm_nor_deny(db, FOI, request_id, {"system": str(secret), "exemption": "s24"})
    refusals.save(db, FOI, request_id, "s24", {**S31, "why": "National security."}, None)
    references = [r[0] for r in db.execute("SELECT reference FROM assessments WHERE system_id = ?", [secret])]
    secrets = ["Cobalt Oracle", "Cobalt-Oracle", "Project Nightjar", "Face matching", *references]
    pack = packs.build(
        db,
        FOI,
        request_id,
        exports.Options(reference=None, author="x"),
        pdfs=shutil.which("soffice") is not None,
    )
    assert pack_leaks(pack.content, secrets) == []
    with zipfile.ZipFile(io.BytesIO(pack.content)) as archive:
        names = archive.namelist()
        assert not any(re.search("cobalt|nightjar", n, re.I) for n in names)
        letter_name = next(n for n in names if n.startswith("response-letter") and n.endswith(".docx"))
        text = body_text(open_docx(archive.read(letter_name)))
        for pdf_name in [n for n in names if n.endswith(".pdf")]:
            assert not any(s in _pdf_text(archive.read(pdf_name)) for s in secrets), pdf_name
    assert "neither confirms nor denies that it holds any other information" in text
    assert "section 24(2)" in text
    # "No" would deny what is neither confirmed nor denied: the question is answered NCND instead.
    question_5 = text[text.index("Question 5\n") :].split("Exemptions and the public interest")[0]
    assert "neither confirms nor denies that it holds information relevant to this question" in question_5
    assert "No." not in question_5


def _pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: scripts/dev test installs poppler-utils")
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def _form(db, request_id):
    request = foi.get(db, FOI, request_id)
    year, month, day = request["received"].split("-")
    return {
        "reference": request["reference"],
        "subject": request["subject"],
        "received": {"day": day, "month": month, "year": year},
    }


def test_a_system_named_in_an_answer_cannot_be_neither_confirmed_nor_denied(
    db, configured, make_system, make_approved, make_request
):
    secret = _secret_system(db, make_system, make_approved)
    request_id = make_request([secret])
    _question(
        db, request_id, "1", "What does Nightjar cost?", "costs", scope="systems", systems=[str(secret)]
    )
    with pytest.raises(Invalid) as named:
        refusals.neither_confirm_nor_deny(db, FOI, request_id, {"system": str(secret), "exemption": "s24"})
    assert "Question 1 names ‘Cobalt Oracle’" in named.value.errors["system"]
    other = make_request(reference="2/23")
    _question(db, other, "1", "Tell me about it", "own", answer="Project Nightjar is used at stadiums.")
    with pytest.raises(Invalid):
        refusals.neither_confirm_nor_deny(db, FOI, other, {"system": str(secret), "exemption": "s24"})
    assert db.execute("SELECT count(*) FROM foi_ncnd").fetchone()[0] == 0
    third = make_request(reference="3/23")
    refusals.neither_confirm_nor_deny(db, FOI, third, {"system": str(secret), "exemption": "s23"})
    with pytest.raises(Invalid) as later:
        _question(db, third, "1", "Its cost?", "costs", scope="systems", systems=[str(secret)])
    assert "neither confirms nor denies" in later.value.errors["systems"]


def test_the_letter_as_at_the_day_received_does_not_change_when_the_register_does(
    db, configured, make_system, make_approved, make_assessment, make_request
):
    request_id, mapping, _ = _request_with_questions(db, make_system, make_approved, make_request)
    _question(db, request_id, "5", "How does it work?", "how_it_works")
    refusals.save(db, FOI, request_id, "s31", S31, None)
    # Everything so far was recorded in 2024; the request was received on 1 January 2025.
    stamp = "2024-06-01T09:00:00+00:00"
    db.execute("UPDATE system_history SET changed_at = ?", [stamp])
    db.execute("UPDATE systems SET created_at = ?, updated_at = ?", [stamp, stamp])
    db.execute("UPDATE foi_requests SET received = '2025-01-01'")
    _, before = _letter(db, request_id)
    current = systems.get(db, EDITOR, mapping)
    data = {**systems.as_form_data(current), "how_it_works": "Changed later.", "aliases": "Later name"}
    systems.update(db, EDITOR, mapping, data, current["version"])
    # An EqIA approved today, after the day received, is not part of the answer.
    later = make_assessment("eqia", system_id=mapping, answers=sample_answers(kinds.latest("eqia"), rows=3))
    approve(db, later, approved=date.today().isoformat())
    _, after = _letter(db, request_id)
    text = body_text(open_docx(after))
    assert "Changed later." not in text and "Later name" not in text
    assert body_text(open_docx(before)) == text


def test_a_pack_for_a_system_with_a_250_character_name_holds_the_letter(
    db, configured, make_system, make_approved, make_request
):
    name = ("Predictive Analytics and Risk Evaluation Platform " * 6)[:250]
    system_id = make_system(name=name[:200], category="crime_mapping")
    # The register takes names of 200 characters; a record imported from elsewhere may hold a longer one.
    db.execute("UPDATE systems SET name = ? WHERE id = ?", [name, system_id])
    db.execute(
        "UPDATE system_history SET snapshot = json_set(snapshot, '$.name', ?) WHERE system_id = ?",
        [name, system_id],
    )
    make_approved("dpia", system_id=system_id)
    request_id = make_request([system_id])
    _question(db, request_id, "1", "What are the names?", "names")
    pack = packs.build(db, FOI, request_id, exports.Options(reference=None, author="x"))
    with zipfile.ZipFile(io.BytesIO(pack.content)) as archive:
        letter_name = next(n for n in archive.namelist() if n.startswith("response-letter"))
        assert name in body_text(open_docx(archive.read(letter_name)))
        assert all(len(n.rsplit("/", 1)[-1]) <= 100 for n in archive.namelist())


def test_a_letter_cannot_be_dated_before_the_request_was_received(db, configured, make_request):
    request_id = make_request(received="2024-05-01")
    with pytest.raises(Invalid) as refused:
        packs.response_letter(
            db, FOI, request_id, exports.Options(reference=None, author="x"), date(2024, 4, 1)
        )
    assert "before the request was received" in refused.value.errors["date"]


def test_withheld_passages_in_the_register_put_their_exemption_in_the_notice(
    db, configured, make_system, make_approved, make_request
):
    system_id = make_system(name="Patrol Forecaster", category="crime_mapping")
    current = systems.get(db, EDITOR, system_id)
    data = {**systems.as_form_data(current), "how_it_works": "It uses the Acme supplier's secret sauce."}
    systems.update(db, EDITOR, system_id, data, current["version"])
    mark = {
        "target": "how_it_works",
        "scope": "passage",
        "passage": "secret sauce",
        "exemption": "s43",
        "subsection": "(2)",
        "reason": "Trade secret",
    }
    withholding.mark_system(db, FOI, system_id, mark)
    request_id = make_request([system_id])
    _question(db, request_id, "1", "How does it work?", "how_it_works")
    found, content = _letter(db, request_id)
    assert "Section 43: commercial interests: write why it applies to this request" in found.problems
    text = body_text(open_docx(content))
    assert "secret sauce" not in text and "Withheld" in text
    assert "Section 43: commercial interests" in text
