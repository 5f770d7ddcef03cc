"""ATRS records: suggestions from the register and approved assessments, what is missing, saving, exports."""

import io
import json

import pytest
from openpyxl import load_workbook

from dpia.actor import command_line
from dpia.domain import atrs as template
from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.services import systems
from dpia.services.atrs import exports
from dpia.services.atrs import records as atrs
from dpia.services.disclosure import withholding
from dpia.store import assessments as assessment_store
from tests.conftest import APPROVER, EDITOR, FOI, READER

WITHHELD_RISK = "Covert tasking of the Kestrel informant network is exposed by scores"
KEPT_RISK = "Scores may be read as facts about a person rather than assessments"
WITHHELD_PASSAGE = "Operation Nightjar"
RISKS = [
    {"_id": "aaaa0001", "source": WITHHELD_RISK, "likelihood": "possible", "severity": "severe"},
    {
        "_id": "aaaa0002",
        "source": f"{KEPT_RISK}, as in {WITHHELD_PASSAGE}",
        "likelihood": "remote",
        "severity": "minimal",
    },
]
MEASURES = [
    {
        "_id": "bbbb0001",
        "risk": "aaaa0001",
        "option": "Remove informant flags from the model input",
        "effect": "reduced",
        "residual": "low",
    },
    {
        "_id": "bbbb0002",
        "risk": "aaaa0002",
        "option": "Label every score as an assessment",
        "effect": "reduced",
        "residual": "low",
    },
]


@pytest.fixture
def system_id(db):
    data = {
        "name": "HART",
        "category": "individual_risk",
        "lifecycle": "in_use",
        "regime": "dpa_part3",
        "marking": "OFFICIAL",
        "first_used": "2017",
        "owner": "Custody Innovation Team",
        "senior_owner": "Chief Superintendent, Criminal Justice",
        "supplier": "Cambridge Analytics Ltd",
        "how_it_works": "A random forest forecasts reoffending risk of people in custody.",
        "data_used": "Custody records, offending history, age and postcode.",
        "how_outputs_made": "Each suspect gets a low, moderate or high score.",
    }
    return systems.create(db, command_line(), data)


@pytest.fixture
def approved(db, system_id, make_approved):
    """An approved DPIA with one risk withheld whole and a passage withheld in another."""
    from dpia import kinds
    from dpia.domain.samples import sample_answers

    answers = {**sample_answers(kinds.latest("dpia"), rows=1), "risks": RISKS, "measures": MEASURES}
    assessment_id = make_approved("dpia", system_id=system_id, answers=answers)
    mark = {"exemption": "s31", "subsection": "(1)(a)", "reason": "Would prejudice law enforcement."}
    withholding.mark_version(db, FOI, assessment_id, 1, {**mark, "target": "risks/aaaa0001"})
    withholding.mark_version(
        db,
        FOI,
        assessment_id,
        1,
        {**mark, "target": "risks/aaaa0002/source", "scope": "passage", "passage": WITHHELD_PASSAGE},
    )
    return assessment_id


def test_suggestions_come_from_the_register_and_the_disclosure_view_of_approved_assessments(
    db, system_id, approved
):
    found = atrs.record(db, READER, system_id)["suggestions"]
    fields = found["fields"]
    assert fields["name"] == fields["title"] == "HART"
    assert fields["description"].startswith("A random forest")
    assert fields["team"] == "Custody Innovation Team"
    assert fields["external_supplier_involvement"] == "Yes"
    assert fields["external_supplier"] == "Cambridge Analytics Ltd"
    assert fields["phase"] == "In use, first used 2017"
    version = assessment_store.for_system(db, system_id, True)[0]
    assert version["reference"] in fields["impact_assessment"]
    assert "conducted February 2024, approved 4 March 2024" in fields["impact_assessment"]
    assert KEPT_RISK in fields["risks_and_mitigations"]
    assert "Label every score as an assessment" in fields["risks_and_mitigations"]
    assert found["datasets"][0]["data_description"].startswith("Custody records")
    every = json.dumps(found)
    assert WITHHELD_RISK not in every
    assert WITHHELD_PASSAGE not in every
    # The withheld risk's measure describes it, so it goes with it.
    assert "Remove informant flags" not in every


def test_a_draft_assessment_suggests_nothing(db, system_id, make_assessment):
    make_assessment("dpia", system_id=system_id, answers={"risks": RISKS, "measures": MEASURES})
    fields = atrs.record(db, READER, system_id)["suggestions"]["fields"]
    assert "risks_and_mitigations" not in fields
    assert "impact_assessment" not in fields


def test_missing_lists_required_answers_per_tier_and_shrinks_as_they_are_given(db, system_id):
    missing = atrs.record(db, EDITOR, system_id)["missing"]
    assert [m["label"] for m in missing["1"]] == ["Name", "Description", "Website URL", "Contact email"]
    assert "At least one dataset card" in [m["label"] for m in missing["2"]]
    assert "Appeals and review" not in [m["label"] for m in missing["2"]]  # not required by the template
    atrs.save(db, EDITOR, system_id, {"name": "HART", "description": "Forecasts risk."}, None, 0)
    atrs.save(db, APPROVER, system_id, {}, [{"source_data_name": "Custody records"}], 1)
    missing = atrs.record(db, EDITOR, system_id)["missing"]
    assert [m["label"] for m in missing["1"]] == ["Website URL", "Contact email"]
    labels = [m["label"] for m in missing["2"]]
    assert "At least one dataset card" not in labels
    assert "Dataset 1: Data modality" in labels and "Dataset 1: Source data name" not in labels


def test_an_answer_over_its_limit_is_refused_naming_the_field_and_the_limit(db, system_id):
    with pytest.raises(Invalid) as refused:
        atrs.save(db, EDITOR, system_id, {"description": "x" * 1001, "name": "HART"}, None, 0)
    assert refused.value.errors == {
        "description": "Description must be 1,000 characters or fewer (it has 1,001)"
    }
    with pytest.raises(Invalid) as refused:
        atrs.save(db, EDITOR, system_id, {}, [{"source_data_name": "y" * 256}], 0)
    assert refused.value.errors == {
        "datasets-0-source_data_name": "Dataset 1: Source data name must be 255 characters or fewer"
        " (it has 256)"
    }
    assert atrs.record(db, EDITOR, system_id)["revision"] == 0


@pytest.mark.parametrize(
    "answers, datasets, key",
    [
        ({"colour": "blue"}, None, "colour"),
        ({"name": 7}, None, "name"),
        (["name"], None, "answers"),
        ({}, "cards", "datasets"),
        ({}, [{"shoe_size": "9"}], "datasets-0-shoe_size"),
        ({}, [{}] * 21, "datasets"),
    ],
)
def test_bad_input_is_refused_with_a_message_per_field(db, system_id, answers, datasets, key):
    with pytest.raises(Invalid) as refused:
        atrs.save(db, EDITOR, system_id, answers, datasets, 0)
    assert key in refused.value.errors


def test_saving_over_someone_elses_save_is_a_conflict(db, system_id):
    assert atrs.save(db, EDITOR, system_id, {"name": "HART"}, None, 0) == 1
    with pytest.raises(Conflict):
        atrs.save(db, APPROVER, system_id, {"name": "Harm Assessment Risk Tool"}, None, 0)
    assert atrs.record(db, READER, system_id)["answers"] == {"name": "HART"}


def test_saving_is_audited_and_readers_cannot_save(db, system_id):
    atrs.save(db, EDITOR, system_id, {"contact_email": "atrs@police.example"}, None, 0)
    entries = list(db.query("SELECT * FROM audit_log WHERE action = ?", ["atrs.update"]))
    assert len(entries) == 1 and "contact_email" in entries[0]["details"]
    with pytest.raises(Forbidden):
        atrs.save(db, READER, system_id, {"name": "HART"}, None, 1)


def test_a_hidden_system_has_no_record_for_those_who_may_not_see_it(db, make_system):
    hidden = make_system(name="Covert", marking="OFFICIAL-SENSITIVE")
    with pytest.raises(NotFound):
        atrs.record(db, READER, hidden)
    with pytest.raises(NotFound):
        exports.export(db, READER, hidden, "json")


def test_exports_hold_the_answers_and_never_withheld_text(db, system_id, approved):
    suggested = atrs.record(db, EDITOR, system_id)["suggestions"]["fields"]
    typed = {
        "name": "HART",
        "risks_and_mitigations": suggested["risks_and_mitigations"],
        # Typed by hand: the withheld words are swept from the export all the same.
        "scope": f"Not used for {WITHHELD_PASSAGE}. {WITHHELD_RISK}.",
        "tags": '=HYPERLINK("http://example.org")',
    }
    atrs.save(db, EDITOR, system_id, typed, [{"source_data_name": "Custody records"}], 0)
    data = json.loads(exports.export(db, READER, system_id, "json").content)
    assert data["standard_version"] == "3.0"
    assert data["tier_1"]["tier1"]["name"] == "HART"
    assert data["tier_2"]["datasets"] == [
        {f.key: "Custody records" if f.key == "source_data_name" else "" for f in template.DATASETS.fields}
    ]
    book = load_workbook(io.BytesIO(exports.export(db, READER, system_id, "xlsx").content))
    assert book.sheetnames == ["Metadata and title", "Tier 1", "Tier 2", "Datasets"]
    tier1 = [tuple(r) for r in book["Tier 1"].iter_rows(values_only=True)]
    assert tier1[0] == ("Reference", "Field", "Answer")
    assert ("1.1", "Name", "HART") in tier1
    tags = [r for r in book["Metadata and title"].iter_rows(values_only=True) if r[1] == "Tags"]
    assert tags == [("0.7", "Tags", '=HYPERLINK("http://example.org")')]
    assert all(c.data_type != "f" for r in book["Metadata and title"].iter_rows() for c in r)
    assert [r[:3] for r in book["Datasets"].iter_rows(values_only=True)][:2] == [
        ("Dataset", "Reference", "Field"),
        ("1", "2.4.3.1", "Source data name"),
    ]
    cells = " ".join(str(c) for s in book for r in s.iter_rows(values_only=True) for c in r if c)
    for text in (json.dumps(data, ensure_ascii=False), cells):
        assert KEPT_RISK in text
        assert WITHHELD_PASSAGE not in text
        assert WITHHELD_RISK not in text


def test_an_unknown_format_is_refused(db, system_id):
    with pytest.raises(Invalid) as refused:
        exports.export(db, READER, system_id, "pdf")
    assert refused.value.errors == {"format": "Choose a format of xlsx or json, not ‘pdf’"}
