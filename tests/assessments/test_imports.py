"""Importing Word documents, CNIL PIA exports and dpia's own JSON: what lands in which field."""

import json
from pathlib import Path

import pytest

from dpia.actor import command_line
from dpia.domain import readiness
from dpia.errors import Invalid, NotFound, Refused
from dpia.importers import cnil, matcher, word
from dpia.importers.plan import OMIT, UNPLACED
from dpia.services.assessments import attachments, imports
from dpia.services.assessments import versions as assessments
from tests import import_fixtures as fx
from tests.conftest import EDITOR, READER

MB = 1024 * 1024


@pytest.fixture
def storage(app):
    return attachments.Storage(instance=Path(app.instance_path), max_bytes=25 * MB)


@pytest.fixture
def imported(db, storage, make_system):
    """Upload a file and confirm every suggestion; returns (version, summary)."""

    def run(data, filename="old.docx", kind="", targets=None, details=None, system_id=None):
        system_id = system_id or make_system(name=f"System for {filename}")
        token = imports.upload(db, EDITOR, storage, system_id, filename, data, kind)
        found = imports.staged(db, EDITOR, token)
        chosen = {**found["plan"].details, **(details or {})}
        summary = imports.confirm(db, EDITOR, storage, token, chosen, targets or {})
        return assessments.load(db, EDITOR, summary.assessment_id), summary

    return run


def _plan(data, kind=""):
    document = word.read(data)
    return matcher.plan_word(document, kind or matcher.suggest_kind(document), assessments.today(), "x.docx")


# Word: an ICO-template DPIA


def test_an_ico_template_dpia_lands_in_its_seven_steps(imported):
    version, summary = imported(fx.ico_dpia())
    answers = version["answers"]
    assert version["kind"] == "dpia"
    assert answers["aims"] == f"{fx.ICO_AIMS}\n{fx.ICO_AIMS_2}"
    assert answers["nature"] == fx.ICO_NATURE
    assert answers["scope"] == fx.ICO_SCOPE
    assert answers["context"] == fx.ICO_CONTEXT
    assert answers["purposes"] == fx.ICO_PURPOSES
    assert answers["consultation"] == fx.ICO_CONSULT
    assert answers["dpo_summary"] == fx.ICO_DPO
    assert answers["regime"] == "dpa_s64"  # from the system, as a new assessment would have it


def test_text_in_text_boxes_and_answer_tables_counts_once(imported):
    version, _ = imported(fx.ico_dpia())
    lawful = version["answers"]["lawful_basis"]
    assert fx.ICO_NECESSITY.split(": ", 1)[1] in lawful
    # Word keeps a modern and a fallback copy of every text box: it must be read once.
    assert lawful.count(fx.ICO_TEXTBOX) == 1


def test_risk_tables_become_risk_rows_and_measures_point_at_their_risks(imported):
    version, _ = imported(fx.ico_dpia())
    risks = version["answers"]["risks"]
    assert [(r["source"], r["likelihood"], r["severity"]) for r in risks] == [
        (fx.ICO_RISKS[0][0], "possible", "severe"),
        (fx.ICO_RISKS[1][0], "probable", "minimal"),
        # "Medium" likelihood is on the declared low / medium / high scale: possible, its words kept.
        (f"{fx.ICO_RISKS[2][0]}\nLikelihood of harm as written: Medium", "possible", "severe"),
    ]
    measures = version["answers"]["measures"]
    assert [(m["risk"], m["effect"], m["residual"], m["approved"]) for m in measures] == [
        (risks[0]["_id"], "reduced", "medium", "yes"),
        (risks[1]["_id"], "reduced", "low", "yes"),
    ]
    assert version["answers"]["signoffs"]["measures_approved"]["name"] == "Supt A Jones"


def test_what_matches_nothing_is_kept_not_yet_placed(imported):
    version, summary = imported(fx.ico_dpia())
    kept = "\n".join(item["text"] for item in version["unplaced"])
    assert fx.ICO_APPENDIX in kept and "Appendix A: Data flows" in kept
    # The stated overall risk that disagrees with the ICO matrix is kept as a note.
    assert "Overall risk: High (the ICO matrix gives Medium)" in kept
    assert summary.unplaced == len(version["unplaced"])


def test_dates_references_and_old_markings_in_headers_footers_and_title_are_recognised(imported):
    version, _ = imported(fx.ico_dpia())
    assert version["reference"] == "DPIA/2019/04"
    # The form's own heading is not the title: "Data Protection Impact Assessment: X" gives X (issue 16).
    assert version["title"] == "Knife Crime Prediction"
    assert version["owner"] == "DI Jane Smith"
    assert version["conducted"] == "2019-06-03"
    # RESTRICTED (pre-2014) becomes OFFICIAL-SENSITIVE until someone checks it.
    assert version["marking"] == "OFFICIAL-SENSITIVE"


def test_the_original_file_is_kept_attached_and_the_import_is_audited(imported, db, storage):
    version, _ = imported(fx.ico_dpia())
    files = attachments.for_version(db, EDITOR, version["id"])
    assert [f["type"] for f in files] == ["docx"] and files[0]["name"] == "old.docx"
    assert (storage.instance / "attachments").is_dir()
    assert list((storage.instance / "imports").iterdir()) == []
    assert db["staged_imports"].count == 0
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert {"import.upload", "assessment.create", "assessment.import", "attachment.add"} <= set(actions)


# Word: an EqIA and a free-form PIA


def test_an_eqia_fills_its_characteristics_grid_and_bias_testing(imported):
    version, _ = imported(fx.eqia(), "eqia.docx")
    answers = version["answers"]
    assert version["kind"] == "eqia"
    assert answers["purpose"] == fx.EQIA_PURPOSE
    assert answers["evidence"] == fx.EQIA_EVIDENCE
    assert answers["engagement"] == fx.EQIA_ENGAGEMENT
    assert answers["monitoring"] == fx.EQIA_MONITORING
    assert answers["impacts"]["age"] == {
        "impact": "negative",
        "evidence": "Lower accuracy for people under 20",
        "mitigation": "Watchlist reviews",
    }
    assert answers["impacts"]["race"]["impact"] == "unknown"
    assert answers["bias_tests"][0]["date"] == "2023-04-12"
    assert answers["bias_tests"][0]["tester"] == "National Physical Laboratory"
    assert version["marking"] == "OFFICIAL-SENSITIVE"
    assert version["conducted"] == "2023-06-30"


def test_a_free_form_pia_is_recognised_by_its_headings(imported):
    version, _ = imported(fx.freeform_pia(), "anpr.docx")
    answers = version["answers"]
    assert version["kind"] == "pia"
    assert version["title"] == "ANPR data sharing"
    assert answers == {
        "need": fx.PIA_NEED,
        "flows": fx.PIA_FLOWS,
        "risks": fx.PIA_RISKS,
        "solutions": fx.PIA_SOLUTIONS,
    }
    assert [i["text"] for i in version["unplaced"]] == ["Supplier access", fx.PIA_OTHER]
    assert version["marking"] == "OFFICIAL"  # PROTECT
    assert version["conducted"] == "2012-03"


def test_the_kind_can_be_chosen_instead_of_suggested(imported):
    version, _ = imported(fx.freeform_pia(), "anpr.docx", kind="dpia")
    assert version["kind"] == "dpia"


# Re-mapping in the preview


def test_a_block_can_be_remapped_before_saving(imported):
    plan = _plan(fx.ico_dpia())
    appendix = next(i for i in plan.items if i.text == fx.ICO_APPENDIX)
    version, _ = imported(fx.ico_dpia(), targets={appendix.id: "q:context"})
    assert version["answers"]["context"] == f"{fx.ICO_CONTEXT}\n\n{fx.ICO_APPENDIX}"
    assert fx.ICO_APPENDIX not in [i["text"] for i in version["unplaced"]]


def test_leaving_text_out_is_explicit_and_audited(imported, db):
    plan = _plan(fx.ico_dpia())
    appendix = next(i for i in plan.items if i.text == fx.ICO_APPENDIX)
    version, summary = imported(fx.ico_dpia(), targets={appendix.id: OMIT})
    assert fx.ICO_APPENDIX not in json.dumps(version["answers"]) + json.dumps(version["unplaced"])
    details = json.loads(
        db.execute("SELECT details FROM audit_log WHERE action = 'assessment.import'").fetchone()[0]
    )
    assert appendix.location in details["left_out"]


def test_a_row_cannot_be_mapped_where_its_cells_do_not_fit(db, storage, make_system):
    token = imports.upload(db, EDITOR, storage, make_system(), "old.docx", fx.ico_dpia())
    found = imports.staged(db, EDITOR, token)
    paragraph = next(i for i in found["plan"].items if i.text == fx.ICO_APPENDIX)
    with pytest.raises(Invalid) as refused:
        imports.confirm(db, EDITOR, storage, token, found["plan"].details, {paragraph.id: "t:risks"})
    assert f"target-{paragraph.id}" in refused.value.errors
    assert db["assessments"].count == 0


def test_a_staged_import_belongs_to_its_uploader(db, storage, make_system):
    token = imports.upload(db, EDITOR, storage, make_system(), "old.docx", fx.ico_dpia())
    other = EDITOR.__class__(email="other@example.org", roles=EDITOR.roles, can_see_sensitive=True)
    with pytest.raises(NotFound):
        imports.staged(db, other, token)


def test_a_taken_reference_is_refused_on_the_form(db, storage, make_system, make_assessment):
    make_assessment(reference="DPIA/2019/04")
    token = imports.upload(db, EDITOR, storage, make_system(name="Other"), "old.docx", fx.ico_dpia())
    found = imports.staged(db, EDITOR, token)
    with pytest.raises(Invalid) as refused:
        imports.confirm(db, EDITOR, storage, token, found["plan"].details, {})
    assert "already used" in refused.value.errors["reference"]
    assert db["staged_imports"].count == 1


# Imported text not yet placed blocks review until dismissed


def test_submission_waits_until_every_imported_item_is_placed_or_dismissed(imported, db):
    version, _ = imported(fx.freeform_pia(), "anpr.docx")
    kind = assessments.definition(version)
    gaps = dict(readiness.review_gaps(kind, version))
    assert gaps["unplaced"] == "Place or dismiss the 2 imported items not yet placed"
    for item in version["unplaced"]:
        imports.dismiss(db, EDITOR, version["assessment_id"], 1, item["id"])
    version = assessments.load(db, EDITOR, version["assessment_id"])
    assert "unplaced" not in dict(readiness.review_gaps(kind, version))
    dismissed = db.execute("SELECT count(*) FROM audit_log WHERE action = 'assessment.unplaced_dismiss'")
    assert dismissed.fetchone()[0] == 2


# CNIL PIA tool exports


def test_a_cnil_front_end_export_maps_answers_risks_measures_and_notes(imported):
    data = json.dumps(fx.cnil_front()).encode()
    version, _ = imported(data, "pia.json")
    answers = version["answers"]
    assert version["kind"] == "dpia" and version["title"] == "Custody risk model"
    assert version["owner"] == "Elisabeth York"
    assert version["started"] == "2018-02-20" and version["conducted"] == "2018-02-21"
    assert answers["aims"] == "What is the processing under consideration?\nScores people in custody."
    assert "DPA 2018 s35" in answers["lawful_basis"]
    assert "Name the statutory function." in answers["lawful_basis"]  # the evaluation, as a note
    assert "Check with legal services." in answers["lawful_basis"]  # the comment, as a note
    assert "favourable" in answers["dpo_summary"] and "Michael Thomas" in answers["dpo_summary"]
    assert "Independent advisory group" in answers["consultation"]
    access, modification = answers["risks"]
    # Severity gauge 3 (significant) and likelihood gauge 2 (limited) on the ICO's scales.
    assert (access["severity"], access["likelihood"]) == ("significant", "remote")
    assert access["source"].startswith(
        "Illegitimate access to data\nImpacts on the data subjects: Discrimination"
    )
    assert "CNIL severity: 3 (Significant, here significant)" in access["source"]
    assert (modification["severity"], modification["likelihood"]) == ("minimal", "remote")
    measures = answers["measures"]
    assert [m["option"].split(":")[0] for m in measures] == ["Encryption", "Logging"]
    assert {m["risk"] for m in measures} == {access["_id"]}
    assert {m["residual"] for m in measures} == {"low"}
    kept = "\n".join(i["text"] for i in version["unplaced"])
    assert "Data disappearance" in kept  # its likelihood gauge was never set
    assert "Training" in kept  # a measure treating no risk
    assert "Evaluator: Eric Vincent" in kept


def test_a_cnil_back_end_list_export_reads_the_pia_chosen(db, storage, make_system):
    data = json.dumps(fx.cnil_back()).encode()
    token = imports.upload(db, EDITOR, storage, make_system(), "pias.json", data)
    assert imports.staged(db, EDITOR, token)["plan"].choices == ["Custody risk model", "Second PIA"]
    imports.reread(db, EDITOR, storage, token, "dpia", chosen=1)
    found = imports.staged(db, EDITOR, token)
    assert found["plan"].details["title"] == "Second PIA"
    summary = imports.confirm(db, EDITOR, storage, token, found["plan"].details, {})
    assert assessments.load(db, EDITOR, summary.assessment_id)["title"] == "Second PIA"


def test_the_gauge_mapping_is_shown_and_never_loses_the_original():
    table = {row["gauge"]: (row["severity"], row["likelihood"]) for row in cnil.gauge_table()}
    assert table == {
        1: ("Minimal", "Remote"),
        2: ("Minimal", "Remote"),
        3: ("Significant", "Possible"),
        4: ("Severe", "Probable"),
    }


# dpia's own JSON: a lossless round trip


def test_our_json_round_trips_everything_the_user_entered(db, storage, make_system, make_assessment):
    answers = {
        "regime": "dpa_s64",
        "aims": "Forecast harm.\n\nSecond paragraph.",
        "special_category": "yes",
        "risks": [{"_id": "0000000a", "source": "Bias", "likelihood": "possible", "severity": "severe"}],
        "measures": [
            {
                "_id": "0000000b",
                "risk": "0000000a",
                "option": "Audit",
                "effect": "reduced",
                "residual": "low",
                "approved": "yes",
                "owner": "DPO",
                "due": "2025-01",
            }
        ],
        "signoffs": {
            "dpo_advice": {"name": "Jo", "position": "DPO", "date": "2024-05-01", "decision": "provided"}
        },
    }
    assessment_id = make_assessment(answers=answers, owner="Jo Bloggs", marking="OFFICIAL-SENSITIVE")
    version = assessments.load(db, EDITOR, assessment_id)
    assessments.update_details(
        db,
        EDITOR,
        assessment_id,
        1,
        {
            "title": "A dpia",
            "owner": "Jo Bloggs",
            "marking": "OFFICIAL-SENSITIVE",
            "started": "2024-01",
            "conducted": "2024-03-02",
        },
        version["revision"],
    )
    version = assessments.load(db, EDITOR, assessment_id)
    from dpia.store import assessments as store

    store.set_unplaced(db, version["id"], [{"id": "1234abcd", "source": "Paragraph 9", "text": "Kept"}], "t")
    exported = imports.export_json(db, EDITOR, assessment_id, 1)
    data = json.dumps(exported).encode()
    summary = imports.import_file(db, command_line(), storage, make_system(name="Elsewhere"), "a.json", data)
    again = imports.export_json(db, EDITOR, summary.assessment_id, 1)
    entered = ("kind", "definition_version")
    assert {k: again[k] for k in entered} == {k: exported[k] for k in entered}
    fields = ("title", "owner", "marking", "started", "conducted", "answers", "unplaced")
    assert {k: again["version"][k] for k in fields} == {k: exported["version"][k] for k in fields}
    assert again["version"]["answers"]["measures"][0]["_id"] == "0000000b"


def test_importing_our_json_keeps_a_free_reference(db, storage, make_system, make_assessment):
    assessment_id = make_assessment(reference="HART-1")
    exported = imports.export_json(db, EDITOR, assessment_id, 1)
    exported["reference"] = "HART-2"
    summary = imports.import_file(
        db, EDITOR, storage, make_system(name="B"), "a.json", json.dumps(exported).encode()
    )
    assert summary.reference == "HART-2"


def test_exports_are_read_only_for_those_who_may_see_the_version(db, make_assessment):
    assessment_id = make_assessment(marking="OFFICIAL-SENSITIVE")
    with pytest.raises(NotFound):
        imports.export_json(db, READER, assessment_id, 1)


# How much of each fixture lands in a matched field


FIXTURES = {
    "ICO-template DPIA": (fx.ico_dpia, "docx"),
    "EqIA": (fx.eqia, "docx"),
    "free-form PIA": (fx.freeform_pia, "docx"),
    "CNIL front-end export": (lambda: json.dumps(fx.cnil_front()).encode(), "json"),
}


def placement(data: bytes, file_type: str) -> tuple[int, int, int]:
    """(content items placed, content items not yet placed, structural items left out) for a fixture."""
    plan = imports.read(data, file_type, "", "fixture")
    content = [i for i in plan.items if i.content]
    placed = sum(1 for i in content if i.target not in (UNPLACED, OMIT))
    return placed, sum(1 for i in content if i.target == UNPLACED), len(plan.items) - len(content)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_most_of_each_fixture_lands_in_a_matched_field(name):
    build, file_type = FIXTURES[name]
    placed, unplaced, structural = placement(build(), file_type)
    share = placed / (placed + unplaced)
    print(
        f"\n{name}: {placed} placed, {unplaced} not yet placed ({share:.0%} placed); {structural} structural"
    )
    assert share >= 0.6


# Refusals change nothing


def test_a_secret_document_is_refused(db, storage, make_system):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "SECRET"
    document.add_paragraph("Operational detail")
    data = fx._save(document)
    with pytest.raises(Refused, match="SECRET"):
        imports.upload(db, EDITOR, storage, make_system(), "s.docx", data)
    assert db["staged_imports"].count == 0


def test_readers_cannot_import(db, storage, make_system):
    from dpia.errors import Forbidden

    with pytest.raises(Forbidden):
        imports.upload(db, READER, storage, make_system(), "old.docx", fx.ico_dpia())
