"""Publishing a system's public record: what is stored, what is never stored, refusals, withdrawing."""

import io
import json
import zipfile

import pytest

from dpia.domain import leaks
from dpia.domain.samples import row_id, token
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.services import systems
from dpia.services.disclosure import exports, packs, withholding
from dpia.services.publications import publishing
from dpia.services.publications.publishing import Choice
from dpia.store import assessments as assessment_store
from dpia.store import disclosures
from dpia.store import publications as store
from tests.conftest import APPROVER, EDITOR, FOI, READER
from tests.docx_checks import body_text, open_docx
from tests.publications.conftest import withhold, withhold_in_system

ALL_FIELDS = ("aliases", "lifecycle", "first_used", "supplier", "how_it_works", "data_used", "costs", "owner")


def _publish(db, system_id, **choice):
    return publishing.publish(db, APPROVER, system_id, Choice(**choice), exports.Options())


def _stored_text(db, publication_id) -> str:
    """Everything a publication stored, as text: its record and every file's readable text."""
    publication = store.get(db, publication_id)
    texts = [json.dumps(publication["record"], ensure_ascii=False).casefold()]
    for file in store.files(db, publication_id):
        content = store.content(db, file["sha256"])
        texts += [text for _, text in leaks.texts(file["path"], content)]
        texts.append(file["path"].casefold() + " " + (file["title"] or "").casefold())
    return "\n".join(texts)


def test_publishing_stores_the_current_approved_disclosure_copies_and_chosen_fields(db, register):
    publication_id = _publish(db, register["hart"], fields=ALL_FIELDS, summary="First publication")
    publication = store.get(db, publication_id)
    assert (publication["number"], publication["slug"]) == (1, "hart")
    assert publication["summary"] == "First publication"
    files = store.files(db, publication_id)
    assert [(f["role"], f["version_number"]) for f in files] == [("assessment", 2), ("assessment", 1)]
    assert all("/" not in f["path"] and f["path"].endswith("-disclosure.docx") for f in files)
    assert {f["approved"] for f in files} == {"2024-05-01", "2024-03-04"}
    values = {f["key"]: f["value"] for f in publication["record"]["fields"]}
    assert list(values)[:2] == ["name", "category"]
    assert values["name"] == "HART" and values["aliases"] == "Harm Assessment Risk Tool"
    assert values["supplier"] == "Acme Analytics Ltd"
    assert values["costs"][0]["description"] == "Licence"
    assert "policies" not in values  # not chosen
    unchosen = store.get(db, _publish(db, register["hart"], fields=("supplier",)))["record"]
    assert unchosen["first_used"] is None and [f["key"] for f in unchosen["fields"]][-1] == "supplier"
    assert publication["record"]["atrs"] is None
    assert publication["record"]["first_used"] == "2017-04"


def test_a_published_copy_is_the_copy_a_pack_would_release(db, register, make_request):
    hart, dpia = register["hart"], register["dpia"]
    withhold(db, dpia, f"risks/{row_id('risks', 1)}", number=2)
    withhold_in_system(db, hart, "how_it_works", passage="Acme Analytics")
    request_id = make_request([hart])
    withholding.decide_all(db, FOI, request_id, withholding.APPLY)
    pack = zipfile.ZipFile(io.BytesIO(packs.build(db, FOI, request_id, exports.Options()).content))
    publication_id = _publish(db, hart)
    files = store.files(db, publication_id)
    assert {f"assessments/{f['path']}" for f in files} <= set(pack.namelist())

    def without_release(content):
        return [line for line in body_text(open_docx(content)).splitlines() if "Disclosure copy" not in line]

    for file in files:
        published = store.content(db, file["sha256"])
        assert without_release(published) == without_release(pack.read(f"assessments/{file['path']}"))
    assert "prepared for publication" in body_text(open_docx(published))


def test_withheld_text_never_reaches_a_public_file_or_the_record(db, register):
    hart, dpia, eqia = register["hart"], register["dpia"], register["eqia"]
    withhold(db, dpia, f"risks/{row_id('risks', 1)}", number=2)
    withhold(db, eqia, "purpose", scope="passage", passage=token("purpose"))
    withhold_in_system(db, hart, "how_it_works", passage="Acme Analytics")
    # The same passage typed elsewhere, in another case: in the data used and the ATRS answers.
    record = systems.as_form_data(systems.get(db, EDITOR, hart))
    record["data_used"] = "Custody records scored for ACME ANALYTICS."
    systems.update(db, EDITOR, hart, record, systems.get(db, EDITOR, hart)["version"])
    from dpia.services.atrs import records as atrs_records

    stored = atrs_records.record(db, APPROVER, hart)
    answers = {"name": "HART", "description": "Built by acme analytics for custody suites."}
    atrs_records.save(db, APPROVER, hart, answers, None, stored["revision"])
    publication_id = _publish(db, hart, fields=ALL_FIELDS, atrs=True)
    text = _stored_text(db, publication_id)
    assert "acme analytics" not in text
    assert token("purpose").casefold() not in text
    assert token("risks", "1", "source").casefold() not in text
    # The owner's name is withheld under the staff-name rule; the chief officer's is released.
    assert "jane smith" not in text
    roles = {f["role"] for f in store.files(db, publication_id)}
    assert roles == {"assessment", "atrs"}


def test_an_official_sensitive_system_is_refused_and_hidden_from_those_who_cannot_see_it(db, make_system):
    secret = make_system("Covert Tool", marking="OFFICIAL-SENSITIVE")
    with pytest.raises(Invalid, match="Covert Tool’ is marked OFFICIAL-SENSITIVE"):
        _publish(db, secret)
    blind = APPROVER.__class__(email="a@example.org", roles=frozenset({"approver"}), can_see_sensitive=False)
    with pytest.raises(NotFound, match="No system with that id"):
        publishing.publish(db, blind, secret, Choice())
    assert store.history(db, secret) == []


def test_an_official_sensitive_assessment_refuses_the_publication(db, register, make_approved):
    make_approved("pia", system_id=register["hart"], marking="OFFICIAL-SENSITIVE")
    with pytest.raises(Invalid, match="is marked OFFICIAL-SENSITIVE: it cannot be published"):
        _publish(db, register["hart"])
    assert store.history(db, register["hart"]) == []


def test_a_draft_only_dpia_is_refused_naming_it(db, make_system, make_assessment, make_approved):
    system = make_system("Draft Tool")
    make_approved("eqia", system_id=system)
    draft = make_assessment("dpia", system_id=system)
    reference = assessment_store.for_system(db, system, True)
    reference = next(v["reference"] for v in reference if v["assessment_id"] == draft)
    with pytest.raises(Invalid, match=f"{reference} exists only a draft: approve it first"):
        _publish(db, system)


def test_a_system_with_no_approved_assessment_is_refused(db, make_system):
    system = make_system("Nothing Yet")
    with pytest.raises(Invalid, match="has no approved assessment to publish"):
        _publish(db, system)


@pytest.mark.parametrize(
    ("choice", "reason"),
    [
        ({"fields": ("how_it_works", "salary")}, "No such register field to publish: ‘salary’"),
        ({"datasets": (999,)}, "has no monitoring dataset 999"),
        ({"summary": "x" * 501}, "500 characters or fewer"),
        ({"revision": 1}, "has changed since the preview"),
    ],
)
def test_bad_choices_are_refused_with_the_reason_and_nothing_stored(db, register, choice, reason):
    with pytest.raises(Invalid, match=reason):
        _publish(db, register["hart"], **choice)
    assert store.history(db, register["hart"]) == []
    assert not [e for e in disclosures.entries(db) if e["what"] == "publication"]


def test_an_atrs_answer_over_the_template_length_is_refused_listing_the_field(db, register):
    from dpia.domain import atrs
    from dpia.services.atrs import records as atrs_records

    field = atrs.FIELDS["name"]
    db["atrs_records"].insert(
        {
            "system_id": register["hart"],
            "answers": json.dumps({"name": "x" * (field.max_length + 1)}),
            "datasets": "[]",
            "revision": 1,
            "updated_by": "x",
            "updated_at": "2024-01-01T00:00:00",
        }
    )
    assert atrs_records.record(db, APPROVER, register["hart"])
    with pytest.raises(Invalid, match=f"ATRS record: {field.label} must be"):
        _publish(db, register["hart"], atrs=True)


def test_a_mark_whose_passage_changed_refuses_until_reviewed(db, register):
    hart = register["hart"]
    withhold_in_system(db, hart, "how_it_works", passage="Acme Analytics")
    record = systems.as_form_data(systems.get(db, EDITOR, hart))
    record["how_it_works"] = "A random forest scores custody records."
    systems.update(db, EDITOR, hart, record, systems.get(db, EDITOR, hart)["version"])
    with pytest.raises(Invalid, match="How it works"):
        _publish(db, hart)


def test_only_approvers_publish(db, register):
    for actor in (EDITOR, READER):
        with pytest.raises(Forbidden):
            publishing.publish(db, actor, register["hart"], Choice())


def test_publishing_is_logged_and_audited(db, register):
    publication_id = _publish(db, register["hart"])
    publication = store.get(db, publication_id)
    [entry] = [e for e in disclosures.entries(db) if e["what"] == "publication"]
    assert publication["disclosure_id"] == entry["id"] and entry["request_id"] is None
    logged = disclosures.files(db, [entry["id"]])
    assert sorted(f["sha256"] for f in logged) == sorted(f["sha256"] for f in store.files(db, publication_id))
    actions = [r["action"] for r in db.query("SELECT action FROM audit_log ORDER BY id")]
    assert "publication.published" in actions and "disclosure.publication" in actions


def test_withdrawing_keeps_history_and_republishing_numbers_on_with_the_same_slug(db, register, make_system):
    hart = register["hart"]
    first = _publish(db, hart)
    with pytest.raises(Invalid, match="Enter why"):
        publishing.withdraw(db, APPROVER, hart, "  ")
    publishing.withdraw(db, APPROVER, hart, "Supplier changed")
    assert store.live(db, hart) is None
    assert store.get(db, first)["withdrawn_reason"] == "Supplier changed"
    record = systems.as_form_data(systems.get(db, EDITOR, hart))
    record["name"] = "HART 2"
    systems.update(db, EDITOR, hart, record, systems.get(db, EDITOR, hart)["version"])
    second = _publish(db, hart)
    assert (store.get(db, second)["number"], store.get(db, second)["slug"]) == (2, "hart")
    assert [p["number"] for p in store.history(db, hart)] == [2, 1]
    sql = "SELECT action FROM audit_log WHERE action LIKE 'publication.%' ORDER BY id"
    actions = [r["action"] for r in db.query(sql)]
    assert actions == ["publication.published", "publication.withdrawn", "publication.published"]


def test_another_system_with_the_same_slug_gets_a_numbered_one(db, register, make_system, make_approved):
    _publish(db, register["hart"])
    other = make_system("Hart!")
    make_approved("dpia", system_id=other)
    assert store.get(db, _publish(db, other))["slug"] == "hart-2"
