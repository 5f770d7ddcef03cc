"""Section 21: what a live publication holds is pointed to, with its address and date, not sent again."""

import hashlib
import io
import zipfile
from datetime import date

import pytest

from dpia.domain import transparency
from dpia.services import systems
from dpia.services.accounts import settings
from dpia.services.disclosure import exports, packs, withholding
from dpia.services.disclosure import requests as foi
from dpia.store import assessments as assessment_store
from dpia.store import disclosures
from dpia.store import publications as store
from dpia.store.db import transaction
from tests.conftest import EDITOR, FOI, Actor
from tests.disclosure.test_packs import _revise
from tests.disclosure.test_response import _question
from tests.docx_checks import body_text, open_docx
from tests.test_api import api, token_for  # noqa: F401  (fixtures)

BASE = "https://www.example.police.uk/transparency/"
ADMIN = Actor(email="admin@example.org", roles=frozenset({"admin"}), address="127.0.0.1")


@pytest.fixture
def public_address(db, configured):
    """The public pages' address set, as an administrator would."""
    settings.update(db, ADMIN, {"public_address": BASE})


def _version_id(db, assessment_id, number=1):
    found = [v for v in assessment_store.for_system(db, _system_of(db, assessment_id), True)]
    return next(v["id"] for v in found if v["assessment_id"] == assessment_id and v["number"] == number)


def _system_of(db, assessment_id):
    return db.execute("SELECT system_id FROM assessments WHERE id = ?", [assessment_id]).fetchone()[0]


@pytest.fixture
def publish(db):
    """Publish a system's record holding these versions' disclosure copies, in the agreed shape -> id."""

    def make(system_id, version_ids, on="2026-01-02T23:30:00+00:00", fields=()):
        system = db["systems"].get(system_id)
        files = []
        for version_id in version_ids:
            version = db["assessment_versions"].get(version_id)
            content = f"disclosure copy of version {version_id}".encode()
            sha = hashlib.sha256(content).hexdigest()
            files.append(
                {
                    "path": f"dpia-{version_id}-v{version['number']}.docx",
                    "role": "assessment",
                    "title": f"DPIA version {version['number']}",
                    "media_type": exports.DOCX,
                    "sha256": sha,
                    "size": len(content),
                    "version_id": version_id,
                    "kind": "dpia",
                    "reference": db["assessments"].get(version["assessment_id"])["reference"],
                    "conducted": "2024-02",
                    "approved": "2024-03-04",
                    "version_number": version["number"],
                }
            )
        with transaction(db):
            for version_id, file in zip(version_ids, files, strict=True):
                disclosures.keep_content(
                    db, file["sha256"], f"disclosure copy of version {version_id}".encode()
                )
            return store.insert(
                db,
                {
                    "system_id": system_id,
                    "number": store.next_number(db, system_id),
                    "slug": store.slug_of(db, system_id) or transparency.slug(system["name"]),
                    "name": system["name"],
                    "category": system["category"],
                    "record": {"fields": list(fields), "atrs": None, "first_used": None},
                    "published_at": on,
                    "published_by": "approver@example.org",
                },
                files,
            )

    return make


@pytest.fixture
def two_systems(db, make_system, make_approved, make_request):
    """Two systems each with an approved DPIA, and a request asking for their DPIAs."""
    patrol = make_system(name="Patrol Forecaster", category="crime_mapping")
    hart = make_system(name="HART", category="individual_risk")
    found = {"patrol": patrol, "hart": hart}
    found["patrol_dpia"] = make_approved("dpia", system_id=patrol, rows=2)
    found["hart_dpia"] = make_approved("dpia", system_id=hart, rows=2)
    found["request"] = make_request([patrol, hart])
    _question(db, found["request"], "1", "Any DPIA, with the dates conducted?", "assessments")
    withholding.decide_all(db, FOI, found["request"], withholding.APPLY)
    return found


def _letter_text(db, request_id, **options):
    request = foi.get(db, FOI, request_id)
    found = packs.response(db, FOI, request, date(2030, 1, 15), "Northshire Police", **options)
    return found, body_text(open_docx(exports.to_docx(found.document, exports.Options(reference=None))))


def _pack(db, request_id, **options):
    made = packs.build(db, FOI, request_id, exports.Options(), **options)
    return zipfile.ZipFile(io.BytesIO(made.content))


def _address(file_name):
    return f"{BASE}systems/patrol-forecaster/files/{file_name}"


def test_a_partly_published_request_cites_s21_for_what_is_published_and_sends_the_rest(
    db, public_address, two_systems, publish
):
    patrol_version = _version_id(db, two_systems["patrol_dpia"])
    publish(two_systems["patrol"], [patrol_version])
    found, text = _letter_text(db, two_systems["request"])
    assert found.problems == []
    assert f"{_address(f'dpia-{patrol_version}-v1.docx')} (published on 2 January 2026)" in text
    assert "exempt under section 21 of the Act" in text
    notice = text[text.index("Exemptions and the public interest (section 17)") :]
    assert "Section 21: information accessible to the applicant by other means" in notice
    assert "absolute exemption: no public interest test applies" in notice
    hart_reference = db["assessments"].get(two_systems["hart_dpia"])["reference"]
    patrol_reference = db["assessments"].get(two_systems["patrol_dpia"])["reference"]
    attached = text[text.index("Attached files") :]
    assert hart_reference in attached and patrol_reference not in attached

    pack = _pack(db, two_systems["request"])
    copies = [n for n in pack.namelist() if n.startswith("assessments/")]
    assert len(copies) == 1 and hart_reference in copies[0]
    manifest = pack.read(packs.MANIFEST).decode()
    assert hart_reference in manifest and patrol_reference not in manifest
    letter_name = next(n for n in pack.namelist() if n.startswith("response-letter"))
    letter_text = body_text(open_docx(pack.read(letter_name)))
    assert _address(f"dpia-{patrol_version}-v1.docx") in letter_text


def test_published_files_are_sent_as_well_only_when_the_officer_asks(
    db, public_address, two_systems, publish
):
    publish(two_systems["patrol"], [_version_id(db, two_systems["patrol_dpia"])])
    publish(two_systems["hart"], [_version_id(db, two_systems["hart_dpia"])])
    found, text = _letter_text(db, two_systems["request"])
    assert "section 21" in text and "Attached files" not in text.split("Your right")[0].split("Question 1")[1]
    default = _pack(db, two_systems["request"])
    assert [n for n in default.namelist() if n.startswith("assessments/")] == []
    asked = _pack(db, two_systems["request"], published=True)
    assert len([n for n in asked.namelist() if n.startswith("assessments/")]) == 2
    letter_name = next(n for n in asked.namelist() if n.startswith("response-letter"))
    letter_text = body_text(open_docx(asked.read(letter_name)))
    assert "section 21" not in letter_text.casefold()
    assert BASE not in letter_text


def test_a_withdrawn_publication_is_not_cited(db, public_address, two_systems, publish):
    publication = publish(two_systems["patrol"], [_version_id(db, two_systems["patrol_dpia"])])
    with transaction(db):
        store.withdraw(db, publication, "approver@example.org", "2026-01-03T09:00:00+00:00", "Out of date")
    found, text = _letter_text(db, two_systems["request"])
    assert BASE not in text and "Section 21" not in text
    pack = _pack(db, two_systems["request"])
    assert len([n for n in pack.namelist() if n.startswith("assessments/")]) == 2


def test_a_publication_of_an_earlier_version_is_not_cited(db, public_address, two_systems, publish):
    first = _version_id(db, two_systems["patrol_dpia"])
    publish(two_systems["patrol"], [first])
    _revise(db, two_systems["patrol_dpia"], "dpia")
    # The request is answered as at today, when version 2 is the approved one: version 1 is not what it sends.
    found, text = _letter_text(db, two_systems["request"])
    assert BASE not in text and "Section 21" not in text


def test_a_newer_publication_without_the_copy_is_not_cited(db, public_address, two_systems, publish):
    publish(two_systems["patrol"], [_version_id(db, two_systems["patrol_dpia"])])
    publish(two_systems["patrol"], [])
    _, text = _letter_text(db, two_systems["request"])
    assert BASE not in text


def test_citing_s21_without_a_public_address_is_a_problem_to_fix(db, configured, two_systems, publish):
    publish(two_systems["patrol"], [_version_id(db, two_systems["patrol_dpia"])])
    found, text = _letter_text(db, two_systems["request"])
    assert any("public address of the transparency pages" in p for p in found.problems)
    assert "DRAFT: not ready to send" in text


def test_the_api_and_cli_leave_published_copies_out_unless_asked(
    db,
    app,
    runner,
    public_address,
    two_systems,
    publish,
    tmp_path,
    api,  # noqa: F811
):
    publish(two_systems["patrol"], [_version_id(db, two_systems["patrol_dpia"])])
    officer = api("foi_officer")
    url = f"/foi-requests/{two_systems['request']}/pack"
    default = zipfile.ZipFile(io.BytesIO(officer.call("POST", url).data))
    asked = zipfile.ZipFile(io.BytesIO(officer.call("POST", f"{url}?published=true").data))
    count = lambda pack: len([n for n in pack.namelist() if n.startswith("assessments/")])  # noqa: E731
    assert (count(default), count(asked)) == (1, 2)
    out = tmp_path / "pack.zip"
    result = runner.invoke(args=["pack", "855A/22", "--out", str(out), "--send-published"])
    assert result.exit_code == 0, result.output
    assert count(zipfile.ZipFile(out)) == 2


def _how(db, system_id, text):

    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    systems.update(db, EDITOR, system_id, {**record, "how_it_works": text}, record.get("revision", 1))


def test_a_register_field_is_cited_only_when_published_with_the_same_text(
    db, public_address, two_systems, publish
):
    _how(db, two_systems["patrol"], "Counts crimes by grid square.")
    _how(db, two_systems["hart"], "Scores the risk of reoffending.")
    field = {"key": "how_it_works", "label": "How it works"}
    publish(two_systems["patrol"], [], fields=[{**field, "value": "Counts crimes by grid square."}])
    publish(two_systems["hart"], [], fields=[{**field, "value": "Scores the risk of offending."}])
    _question(db, two_systems["request"], "2", "How does each work?", "how_it_works")
    found, text = _letter_text(db, two_systems["request"])
    answer = text[text.index("Question 2\n") :]
    assert f"{BASE}systems/patrol-forecaster/ (published on 2 January 2026)" in answer
    assert "Counts crimes by grid square." not in answer
    # HART's published text differs from what the response would give: answered as before, not cited.
    assert "Scores the risk of reoffending." in answer and f"{BASE}systems/hart/" not in answer
    _, sent = _letter_text(db, two_systems["request"], send_published=True)
    assert "Counts crimes by grid square." in sent[sent.index("Question 2\n") :]


def test_the_request_page_says_which_copies_are_published_and_offers_to_send_them(
    db, public_address, two_systems, publish, signed_in
):
    publish(two_systems["patrol"], [_version_id(db, two_systems["patrol_dpia"])])
    page = signed_in("foi_officer").get(f"/foi/{two_systems['request']}").get_data(as_text=True)
    assert page.count("Published on the transparency pages on 2 January 2026") == 1
    assert 'name="published"' in page and "Send published files as well" in page


def _costs_and_policies(db, system_id):
    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    record.update(
        costs=[{"period_start": "2019", "amount": "48000.00", "description": "Annual licence"}],
        policies=[{"title": "Patrol policy", "reference": "P-7", "version_date": "2021-06"}],
    )
    systems.update(db, EDITOR, system_id, record, systems.get(db, EDITOR, system_id)["version"])


def test_costs_and_policies_published_whole_are_cited_and_a_cost_changed_since_is_answered(
    db, public_address, two_systems
):
    from dpia.services.publications import publishing
    from dpia.services.publications.publishing import Choice
    from tests.conftest import APPROVER

    patrol, hart = two_systems["patrol"], two_systems["hart"]
    for system_id in (patrol, hart):
        _costs_and_policies(db, system_id)
        publishing.publish(db, APPROVER, system_id, Choice(fields=("costs", "policies")), exports.Options())
    # HART's licence costs more since its publication: the published figure is not the information held.
    record = systems.as_form_data(systems.get(db, EDITOR, hart))
    record["costs"] = [{"period_start": "2019", "amount": "52000.00", "description": "Annual licence"}]
    systems.update(db, EDITOR, hart, record, systems.get(db, EDITOR, hart)["version"])
    _question(db, two_systems["request"], "2", "What did each cost?", "costs")
    _question(db, two_systems["request"], "3", "Which policies govern each?", "policies")
    found, text = _letter_text(db, two_systems["request"])
    costs = text[text.index("Question 2\n") : text.index("Question 3\n")]
    assert f"{BASE}systems/patrol-forecaster/" in costs and "48,000" not in costs
    assert "52,000" in costs and f"{BASE}systems/hart/" not in costs
    policies = text[text.index("Question 3\n") :]
    assert f"{BASE}systems/patrol-forecaster/" in policies and f"{BASE}systems/hart/" in policies
    assert "P-7" not in policies  # pointed to, not repeated
    assert any(e == "s21" for used in found.used for e in [used.exemption])


def test_names_and_first_use_are_answered_and_their_published_pages_named(db, public_address, two_systems):
    from dpia.services.publications import publishing
    from dpia.services.publications.publishing import Choice
    from tests.conftest import APPROVER

    patrol, hart = two_systems["patrol"], two_systems["hart"]
    for system_id in (patrol, hart):
        record = systems.as_form_data(systems.get(db, EDITOR, system_id))
        record["first_used"] = "2019-04"
        systems.update(db, EDITOR, system_id, record, systems.get(db, EDITOR, system_id)["version"])
    publishing.publish(db, APPROVER, patrol, Choice(fields=("first_used",)), exports.Options())
    publishing.publish(db, APPROVER, hart, Choice(fields=("first_used",)), exports.Options())
    # HART's first use was corrected after its publication: its page no longer says what the letter says.
    record = systems.as_form_data(systems.get(db, EDITOR, hart))
    record["first_used"] = "2018-11"
    systems.update(db, EDITOR, hart, record, systems.get(db, EDITOR, hart)["version"])
    _question(db, two_systems["request"], "2", "Which systems do you use?", "names")
    _question(db, two_systems["request"], "3", "When was each first used?", "first_use")
    found, text = _letter_text(db, two_systems["request"])
    names = text[text.index("Question 2\n") : text.index("Question 3\n")]
    assert "Patrol Forecaster" in names and "HART" in names
    assert f"{BASE}systems/patrol-forecaster/" in names and f"{BASE}systems/hart/" in names
    first_use = text[text.index("Question 3\n") :]
    assert "April 2019" in first_use and "November 2018" in first_use  # answered, not withheld
    assert f"{BASE}systems/patrol-forecaster/" in first_use
    assert f"{BASE}systems/hart/" not in first_use
    # Pointing to a page is not an exemption: section 21 is not claimed for either question.
    cited = {q for used in found.used if used.exemption == "s21" for q in used.questions}
    assert not cited & {"2", "3"}
    answers_by_number = {a.question["number"]: a for a in found.drafted.answers}
    assert not answers_by_number["2"].published and not answers_by_number["3"].published


def test_without_a_public_address_names_are_answered_without_a_pointer(
    db, configured, two_systems, make_request
):
    from dpia.services.publications import publishing
    from dpia.services.publications.publishing import Choice
    from tests.conftest import APPROVER

    publishing.publish(db, APPROVER, two_systems["patrol"], Choice(fields=("first_used",)), exports.Options())
    request = make_request([two_systems["patrol"], two_systems["hart"]], reference="901B/26")
    _question(db, request, "1", "Which systems do you use?", "names")
    found, text = _letter_text(db, request)
    assert "Patrol Forecaster" in text and "HART" in text
    assert "transparency pages" not in text
    assert not any("public address" in problem for problem in found.problems)


def test_a_letter_cites_only_what_was_published_by_its_day(db, public_address, two_systems, publish):
    """A letter written again later (after the response was sent) says what it said on its day."""
    patrol_version = _version_id(db, two_systems["patrol_dpia"])
    publication = publish(two_systems["patrol"], [patrol_version], on="2030-01-15T23:59:59+00:00")
    request = foi.get(db, FOI, two_systems["request"])

    def letter(on):
        found = packs.response(db, FOI, request, on, "Northshire Police")
        return body_text(open_docx(exports.to_docx(found.document, exports.Options(reference=None))))

    # Published late on the 15th: not yet on a letter of the 14th, cited on the 15th and after.
    assert BASE not in letter(date(2030, 1, 14)) and "Section 21" not in letter(date(2030, 1, 14))
    assert _address(f"dpia-{patrol_version}-v1.docx") in letter(date(2030, 1, 15))
    # Withdrawn on the 20th: the letter of the 16th still cites it, one of the 21st does not.
    with transaction(db):
        store.withdraw(db, publication, "approver@example.org", "2030-01-20T09:00:00+00:00", "Replaced")
    assert _address(f"dpia-{patrol_version}-v1.docx") in letter(date(2030, 1, 16))
    assert BASE not in letter(date(2030, 1, 21))
    # A pack made today, before the publication, attaches both copies.
    pack = _pack(db, two_systems["request"])
    assert len([n for n in pack.namelist() if n.startswith("assessments/")]) == 2


def test_the_end_of_a_uk_day_is_midnight_in_london():
    from dpia.clock import day_end

    assert day_end(date(2030, 1, 15)) == "2030-01-16T00:00:00+00:00"
    assert day_end(date(2030, 7, 15)) == "2030-07-15T23:00:00+00:00"  # British Summer Time
