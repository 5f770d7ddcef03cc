"""Names of staff in disclosure copies: released for the grades set, else withheld under s40(2)."""

import io
import zipfile
from pathlib import Path

import pytest

from dpia import kinds
from dpia.actor import Actor
from dpia.domain.samples import sample_answers
from dpia.errors import Invalid
from dpia.services.accounts import settings
from dpia.services.assessments import attachments
from dpia.services.disclosure import exports, packs, questions, refusals
from dpia.services.disclosure import requests as foi
from tests.conftest import EDITOR, FOI
from tests.docx_checks import body_text, loose_leaks, open_docx, tables_text

S40 = "[Withheld: section 40(2) FOIA]"
ADMIN = Actor(email="admin@example.org", roles=frozenset({"admin"}), address="127.0.0.1")
RELEASED = ["Alice Clarke", "Ravi Patel"]
WITHHELD = ["Sam Ahmed", "Jane Smith"]


def _signoff(name, position, decision):
    return {"name": name, "position": position, "date": "2024-03-01", "decision": decision}


SIGNOFFS = {
    "measures_approved": _signoff("Alice Clarke", "ACC", "approved"),
    "residual_risks_approved": _signoff("Alice Clarke", "Assistant Chief Constable (Crime)", "approved"),
    "dpo_advice": _signoff("Ravi Patel", "Data Protection Officer", "provided"),
    "dpo_advice_outcome": _signoff("Ravi Patel", "DPO", "accepted"),
    "consultation_reviewed": _signoff("Sam Ahmed", "EDI lead", "reviewed"),
    "kept_under_review": _signoff("Jane Smith", "Head of Analysis", "agreed"),
}


@pytest.fixture
def dpia(db, make_system, make_approved):
    """An approved DPIA signed off by an ACC, the DPO and an EDI lead; owner Jane Smith, Head of Analysis."""
    system_id = make_system("HART")
    answers = {
        **sample_answers(kinds.latest("dpia"), rows=1),
        "signoffs": SIGNOFFS,
        "consultation": "Jane Smith met the staff network; SAM  AHMED took the notes.",
    }
    assessment_id = make_approved(
        "dpia", system_id=system_id, answers=answers, owner="Jane Smith, Head of Analysis"
    )
    return {"system": system_id, "assessment": assessment_id}


def _disclose(db, assessment_id):
    return exports.disclosure_assessment(db, FOI, assessment_id, 1, None, exports.Options()).content


def _signoff_rows(content):
    table = next(t for t in tables_text(open_docx(content)) if t[0][:3] == ["Sign-off", "Name", "Position"])
    return {row[0]: row[1:3] for row in table[1:]}


def test_a_disclosure_copy_releases_chief_officers_and_the_dpo_and_withholds_other_staff(db, dpia):
    content = _disclose(db, dpia["assessment"])
    assert loose_leaks(content, WITHHELD) == []
    text = body_text(open_docx(content))
    for name in RELEASED:
        assert name in text
    rows = _signoff_rows(content)
    assert rows["Measures approved by"] == ["Alice Clarke", "ACC"]
    assert rows["Residual risks approved by"] == ["Alice Clarke", "Assistant Chief Constable (Crime)"]
    assert rows["DPO advice accepted or overruled by"] == ["Ravi Patel", "DPO"]
    # The role stays; only the name goes.
    assert rows["Consultation responses reviewed by"] == [S40, "EDI lead"]
    assert rows["This DPIA will be kept under review by"] == [S40, "Head of Analysis"]
    assert f"{S40}, Head of Analysis" in text
    assert f"{S40} met the staff network; {S40} took the notes." in text


def test_the_internal_copy_keeps_every_name(db, dpia):
    content = exports.internal_assessment(db, EDITOR, dpia["assessment"], 1, exports.Options()).content
    text = body_text(open_docx(content))
    for name in RELEASED + WITHHELD:
        assert name in text
    assert S40 not in text


def test_evidence_uploaders_and_file_names_stay_out_of_a_disclosure_copy(db, app, make_assessment):
    uploader = Actor(email="sam.ahmed@northshire.example", roles=frozenset({"editor"}), address="127.0.0.1")
    assessment_id = make_assessment("dpia", answers={"signoffs": SIGNOFFS})
    storage = attachments.Storage(instance=Path(app.instance_path), max_bytes=1_000_000)
    csv = b"period,group,count\n2024-01,A,12\n"
    attachments.add(db, uploader, storage, assessment_id, 1, "Sam Ahmed notes.csv", csv, "From Jane Smith")
    content = _disclose(db, assessment_id)
    assert loose_leaks(content, [*WITHHELD, "sam.ahmed", "Ahmed notes"]) == []
    assert "1 evidence file is held with this version" in body_text(open_docx(content))
    internal = exports.internal_assessment(db, EDITOR, assessment_id, 1, exports.Options()).content
    assert "sam.ahmed@northshire.example" in body_text(open_docx(internal))


def _pack_request(db, make_request, system_id):
    request_id = make_request([system_id])
    data = {"number": "1", "text": "Any DPIA, with the dates conducted?", "fact": "assessments"}
    questions.add(db, FOI, request_id, {**data, "scope": "categories", "categories": ["individual_risk"]})
    return request_id


def test_a_pack_withholds_the_names_in_every_file_and_the_letter_counts_them(
    db, configured, dpia, make_request
):
    request_id = _pack_request(db, make_request, dpia["system"])
    with pytest.raises(Invalid) as refused:
        packs.build(db, FOI, request_id, exports.Options())
    assert "Section 40: personal information: write why it applies" in refused.value.errors["pack"]
    refusals.save(db, FOI, request_id, "s40", {"why": "Junior staff expect privacy."}, None)
    made = packs.build(db, FOI, request_id, exports.Options())
    assert loose_leaks(made.content, WITHHELD) == []
    with zipfile.ZipFile(io.BytesIO(made.content)) as pack:
        names = pack.namelist()
        assessment = next(pack.read(n) for n in names if n.startswith("assessments/"))
        letter = next(pack.read(n) for n in names if n.startswith("response-letter"))
    assert not any(w.split()[1].casefold() in n.casefold() for w in WITHHELD for n in names)
    text = body_text(open_docx(assessment))
    for name in RELEASED:
        assert name in text
    letter_text = body_text(open_docx(letter))
    assert "The names of 2 members of staff below the grades whose names the force releases" in letter_text
    assert "Section 40: personal information" in letter_text


def test_the_letter_says_nothing_of_staff_when_every_name_is_released(db, configured, dpia, make_request):
    grades = "Assistant Chief Constable\nData Protection Officer\nEDI lead\nHead of Analysis"
    settings.update(db, ADMIN, {"released_grades": grades})
    request = foi.get(db, FOI, _pack_request(db, make_request, dpia["system"]))
    found = packs.response(db, FOI, request, exports.now().date(), "Northshire Police")
    text = body_text(open_docx(exports.to_docx(found.document, exports.Options())))
    assert "members of staff" not in text and "Section 40" not in text


def test_changing_the_released_grades_changes_whose_names_are_released(db, dpia):
    settings.update(db, ADMIN, {"released_grades": "Chief Constable\nAssistant Chief Constable\nEDI Lead"})
    content = _disclose(db, dpia["assessment"])
    assert loose_leaks(content, ["Ravi Patel", "Jane Smith"]) == []
    rows = _signoff_rows(content)
    assert rows["Consultation responses reviewed by"] == ["Sam Ahmed", "EDI lead"]
    assert rows["DPO advice provided"] == [S40, "Data Protection Officer"]
    assert "Alice Clarke" in body_text(open_docx(content))


def test_released_grades_default_to_chief_officers_the_dpo_and_the_siro(db):
    grades = settings.value(db, "released_grades")
    for grade in ("Chief Constable", "Assistant Chief Constable", "Data Protection Officer"):
        assert grade in grades
    assert "Senior Information Risk Owner" in grades


def test_the_admin_edits_released_grades_one_per_line_and_bad_lines_are_refused(signed_in, db):
    admin = signed_in("admin")
    page = admin.get("/admin/settings").get_data(as_text=True)
    assert "Assistant Chief Constable" in page and 'name="released_grades"' in page
    response = admin.post(
        "/admin/settings", {"released_grades": "Chief Constable\r\n\r\n  DPO \r\nHead of ICT"}
    )
    assert response.status_code == 302
    assert settings.value(db, "released_grades") == ["Chief Constable", "DPO", "Head of ICT"]
    response = admin.post("/admin/settings", {"released_grades": "Chief Constable\n" + "x" * 101})
    assert response.status_code == 400
    assert "Line 2 of names released by role is longer than 100 characters" in response.get_data(as_text=True)
    assert settings.value(db, "released_grades") == ["Chief Constable", "DPO", "Head of ICT"]


@pytest.mark.parametrize(
    "value, message",
    [
        ("Chief Constable\n" + "x" * 101, "Line 2 of names released by role is longer than 100 characters"),
        ("Chief Constable\n12345", "Line 2 of names released by role must name a role or grade"),
        ("\n".join(f"Role {chr(65 + i % 26)}{chr(65 + i // 26)}" for i in range(51)), "at most 50"),
        (["Chief Constable"], "must be text"),
    ],
)
def test_bad_released_grades_are_refused_with_a_message(db, value, message):
    with pytest.raises(Invalid) as refused:
        settings.update(db, ADMIN, {"released_grades": value})
    assert message in refused.value.errors["released_grades"]


# The pure rule (imported where used, so the tests above fail on what they check before it existed).


@pytest.mark.parametrize(
    "role",
    [
        "ACC",
        "acc",
        "Assistant Chief Constable",
        "T/ACC",
        "Acting Assistant Chief Constable",
        "A.C.C.",
        "Assistant Chief Constable (Crime)",
        "Head of Analysis, DPO",
        "Data Protection Officer",
        "SIRO",
    ],
)
def test_roles_that_release_a_name(role):
    from dpia.domain import staff

    assert staff.released([role], staff.RELEASED_GRADES)


@pytest.mark.parametrize(
    "role",
    [
        "",
        "EDI lead",
        "SIRO delegate",
        "Deputy Data Protection Officer",
        "Head of Data Protection",
        "Chief",
        "ACC staff officer",
        "Constable",
    ],
)
def test_roles_that_do_not_release_a_name(role):
    from dpia.domain import staff

    assert not staff.released([role], staff.RELEASED_GRADES)


@pytest.mark.parametrize(
    "text, names, roles",
    [
        ("Jane Smith, Head of Analysis", ["Jane Smith"], ["Head of Analysis"]),
        ("Jane Smith (ACC)", ["Jane Smith"], ["ACC"]),
        ("A. Clarke ACC", ["A. Clarke"], ["ACC"]),
        ("Jane Smith Head of Analysis", ["Jane Smith"], ["Head of Analysis"]),
        ("DS Jane Smith", ["Jane Smith"], ["DS"]),
        ("Dr Jane Smith", ["Dr Jane Smith"], []),
        ("Jo", ["Jo"], []),
        ("Head of Data Analytics", [], ["Head of Data Analytics"]),
        ("Information Management Unit", [], ["Information Management Unit"]),
        ("Met Operations, Facial Recognition lead", [], ["Met Operations", "Facial Recognition lead"]),
        ("South Wales Police, Digital Services", [], ["South Wales Police", "Digital Services"]),
        ("measures-1-owner-tok", [], []),
        ("Alice Clarke and Sam Ahmed", ["Alice Clarke", "Sam Ahmed"], []),
    ],
)
def test_names_and_roles_are_told_apart_in_a_person_field(text, names, roles):
    from dpia.domain import staff

    found = staff.parse(text)
    assert [text[start:end] for start, end in found.spans] == names
    assert list(found.roles) == roles


@pytest.mark.parametrize(
    "text, role, withheld",
    [
        ("Alice Clarke", "ACC", []),
        ("Alice Clarke, Head of Change", "", ["Alice Clarke"]),
        ("Alice Clarke ACC, Sam Ahmed EDI lead", "", ["Sam Ahmed"]),
        # Which of two names holds a role in its own column is not recorded: neither is released by it.
        ("Alice Clarke and Sam Ahmed", "ACC", ["Alice Clarke", "Sam Ahmed"]),
        ("Head of Analysis", "", []),
    ],
)
def test_a_role_releases_only_the_name_it_belongs_to(text, role, withheld):
    from dpia.domain import staff

    spans = staff.withheld_spans(text, role, staff.RELEASED_GRADES)
    assert [text[start:end] for start, end in spans] == withheld


@pytest.mark.parametrize(
    "name, swept",
    [
        ("Jane Smith", ["Jane Smith"]),
        ("Dr Jane Smith", ["Dr Jane Smith", "Jane Smith"]),
        ("A. Clarke", ["A. Clarke"]),
        ("Jo", []),  # a first name alone is a common word: withheld in place, not swept from other text
        ("Jo Li", []),  # too short to sweep without taking unrelated words with it
    ],
)
def test_only_full_names_are_swept_from_other_text(name, swept):
    from dpia.domain import staff

    assert staff.swept_forms(name) == swept
