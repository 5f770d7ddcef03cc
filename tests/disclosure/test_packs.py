"""Response packs: what they hold, manifest hashes, the schedule's answers, no withheld text, the log."""

import csv
import hashlib
import io
import zipfile
from datetime import UTC, datetime

import pytest

from dpia import kinds
from dpia.domain.samples import row_id, sample_answers, token
from dpia.errors import Forbidden, Invalid
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from dpia.services.disclosure import exports, packs, withholding
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import requests as foi
from tests.conftest import EDITOR, FOI, approve, write_answers
from tests.docx_checks import body_text, open_docx, pack_leaks, tables_text


def _withhold(db, assessment_id, target, number=1, **data):
    values = {"target": target, "exemption": "s31", "subsection": "(1)(a)", "reason": "Harm.", **data}
    withholding.mark_version(db, FOI, assessment_id, number, values)


@pytest.fixture
def register(db, make_system, make_approved):
    """HART with a DPIA in two approved versions and an EqIA; Knife Crime Prediction with nothing."""
    hart = make_system("HART")
    record = systems.as_form_data(systems.get(db, EDITOR, hart))
    record.update(
        aliases=["Harm Assessment Risk Tool"],
        first_used="2017-04",
        how_it_works="A random forest from Acme Analytics scores custody records.",
        data_used="Custody records and offending history.",
        costs=[{"period_start": "2017", "amount": "123456.78", "description": "Licence"}],
        policies=[{"title": "HART policy", "reference": "P-1", "version_date": "2018-01"}],
    )
    systems.update(db, EDITOR, hart, record, 1)
    dpia = make_approved("dpia", system_id=hart, rows=2)
    _revise(db, dpia, "dpia", approved="2024-05-01")
    eqia = make_approved("eqia", system_id=hart, rows=2)
    knife = make_system("Knife Crime Prediction", category="crime_mapping")
    return {"hart": hart, "knife": knife, "dpia": dpia, "eqia": eqia}


def _revise(db, assessment_id, kind, changes=None, approved="2024-05-01"):
    """Start a new version, sign it off again (sign-offs are not carried forward) and approve it."""
    number = workflow.new_version(
        db, EDITOR, assessment_id, assessments.current_number(db, EDITOR, assessment_id)
    )
    answers = {**sample_answers(kinds.latest(kind), rows=2), **(changes or {})}
    write_answers(db, assessment_id, number, answers)
    approve(db, assessment_id, number, approved=approved)
    return number


def _build(db, request_id, **options):
    # Marks are made here before the request: confirm them for it, as the officer would on its page.
    withholding.decide_all(db, FOI, request_id, withholding.APPLY)
    made = packs.build(db, FOI, request_id, exports.Options(), **options)
    return made, zipfile.ZipFile(io.BytesIO(made.content))


def _reference(db, assessment_id):
    return assessments.load(db, EDITOR, assessment_id)["reference"]


def test_a_pack_holds_the_current_approved_assessments_a_schedule_and_a_manifest(db, register, make_request):
    request_id = make_request([register["hart"], register["knife"]])
    made, pack = _build(db, request_id)
    dpia, eqia = _reference(db, register["dpia"]), _reference(db, register["eqia"])
    assert made.filename == "FOI-855A-22-response-pack.zip"
    assert sorted(pack.namelist()) == sorted(
        [
            "schedule-855A-22.docx",
            f"assessments/{dpia}-v2-disclosure.docx",
            f"assessments/{eqia}-v1-disclosure.docx",
            "manifest.csv",
        ]
    )
    earlier = _build(db, request_id, earlier=True)[1]
    assert f"assessments/{dpia}-v1-disclosure.docx" in earlier.namelist()


def test_the_manifest_lists_every_other_file_with_its_sha256(db, register, make_request):
    _, pack = _build(db, make_request([register["hart"]]))
    rows = list(csv.DictReader(io.StringIO(pack.read("manifest.csv").decode())))
    assert {r["path"] for r in rows} == set(pack.namelist()) - {"manifest.csv"}
    for row in rows:
        content = pack.read(row["path"])
        assert row["sha256"] == hashlib.sha256(content).hexdigest()
        assert int(row["bytes"]) == len(content)
    assert any(r["contents"] == f"{_reference(db, register['dpia'])} version 2" for r in rows)


def test_the_schedule_answers_each_question_for_each_system(db, register, make_request):
    _, pack = _build(db, make_request([register["hart"], register["knife"]]))
    schedule = open_docx(pack.read("schedule-855A-22.docx"))
    text = body_text(schedule)
    headings = [p.text for p in schedule.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["HART", "Knife Crime Prediction"]
    assert "HART. Also known as: Harm Assessment Risk Tool" in text
    assert "In use. First used: April 2017." in text
    assert "A random forest from Acme Analytics scores custody records." in text
    assert "No privacy impact assessment (PIA) has been conducted for this system." in text
    assert "No data protection impact assessment (DPIA) has been conducted for this system." in text
    assert "No equality impact assessment (EqIA) has been conducted for this system." in text
    assert "No bias testing is recorded for this system." in text  # Knife Crime Prediction
    tables = tables_text(schedule)
    dpia = _reference(db, register["dpia"])
    listed = next(t for t in tables if t[0] == ["Reference", "Version", "Status", "Conducted", "Approved"])
    assert [dpia, "1", "Superseded", "February 2024", "4 March 2024"] in listed
    assert [dpia, "2", "Approved", "February 2024", "1 May 2024"] in listed
    costs = next(t for t in tables if t[0] == ["Period", "Amount", "What for"])
    assert costs[1] == ["2017", "£123,456.78", "Licence"]
    assert [t[0][0] for t in tables].count("Test 1") == 1  # HART's bias tests, from its approved EqIA
    assert f"Recorded in {_reference(db, register['eqia'])} version 1." in text


def test_no_withheld_text_is_in_any_file_of_a_pack(db, register, make_request):
    dpia, eqia, hart = register["dpia"], register["eqia"], register["hart"]
    _withhold(db, dpia, f"risks/{row_id('risks', 1)}", number=2)
    _withhold(db, eqia, f"bias_tests/{row_id('bias_tests', 2)}")
    _withhold(db, eqia, "purpose", scope="passage", passage=token("purpose"))
    system = systems.get(db, EDITOR, hart)
    amount = next(p for p in withholding.system_target_map(system) if p.endswith("/amount"))
    withholding.mark_system(
        db, FOI, hart, {"target": amount, "exemption": "s43", "subsection": "(2)", "reason": "Price."}
    )
    passage = {"target": "how_it_works", "scope": "passage", "passage": "Acme Analytics"}
    withholding.mark_system(db, FOI, hart, {**passage, "exemption": "s43", "reason": "Supplier."})
    secrets = [
        token("risks", "1", "source"),
        token("bias_tests", "2", "method"),
        token("bias_tests", "2", "tester"),
        token("purpose"),
        "123,456.78",
        "123456",
        "Acme Analytics",
    ]
    request_id = make_request([hart])
    made, pack = _build(db, request_id)
    assert pack_leaks(made.content, secrets) == []
    schedule = body_text(open_docx(pack.read("schedule-855A-22.docx")))
    assert (
        "[Withheld: section 43(2) FOIA]" in schedule
        and "A random forest from [Withheld: section 43 FOIA]" in schedule
    )
    assert "[Withheld: section 31(1)(a) FOIA]" in schedule  # the EqIA's second bias test
    # The first DPIA version carries no mark of its own, yet its copy withholds that risk too: a mark on one
    # version applies to every version holding the same row.
    earlier_made, with_earlier = _build(db, request_id, earlier=True)
    first = open_docx(with_earlier.read(f"assessments/{_reference(db, dpia)}-v1-disclosure.docx"))
    assert token("risks", "1", "source") not in body_text(first)
    assert pack_leaks(earlier_made.content, secrets) == []


def test_each_pack_is_logged_with_every_file_and_the_versions_it_held(db, register, make_request):
    request_id = make_request([register["hart"]])
    made, pack = _build(db, request_id)
    [entry] = disclosure_log.entries(db, FOI, request_id)
    assert (entry["what"], entry["filename"]) == ("pack", made.filename)
    assert entry["sha256"] == hashlib.sha256(made.content).hexdigest()
    logged = {f["path"]: f for f in entry["files"]}
    assert set(logged) == set(pack.namelist())
    for path, file in logged.items():
        assert file["sha256"] == hashlib.sha256(pack.read(path)).hexdigest()
    versions = sorted((f["reference"], f["version_number"]) for f in entry["files"] if f["version_id"])
    assert versions == sorted([(_reference(db, register["dpia"]), 2), (_reference(db, register["eqia"]), 1)])


def test_a_later_request_is_offered_the_earlier_disclosure_of_the_same_version(db, register, make_request):
    first = make_request([register["hart"]])
    _, earlier_pack = _build(db, first)
    second = make_request([register["hart"]], reference="1187/24", received="2024-06-03")
    planned = packs.plan(db, FOI, foi.get(db, FOI, second), earlier=False)
    assert all(item.reuse and item.reuse["request_reference"] == "855A/22" for item in planned)
    name = f"assessments/{_reference(db, register['dpia'])}-v2-disclosure.docx"
    # A fresh copy is the default: it names only this request.
    _, fresh = _build(db, second)
    fresh_text = body_text(open_docx(fresh.read(name)))
    assert "released in response to FOI request 1187/24" in fresh_text and "855A/22" not in fresh_text
    assert not any(f["reused_from"] for f in disclosure_log.entries(db, FOI, second)[0]["files"])
    # Sent again when asked, it names both releases, and otherwise reads as the earlier copy did.
    _, again = _build(db, second, reuse=True)
    text = body_text(open_docx(again.read(name)))
    assert "first released in response to FOI request 855A/22" in text
    assert "sent again with the same withholding in response to FOI request 1187/24" in text
    earlier_text = body_text(open_docx(earlier_pack.read(name)))
    assert _without_cover(text) == _without_cover(earlier_text)
    entry = disclosure_log.entries(db, FOI, second)[0]
    assert all(f["reused_from"] for f in entry["files"] if f["version_id"])


def test_a_copy_first_prepared_for_publication_says_so_when_sent_again():
    from dpia.services.disclosure import documents

    first = datetime(2024, 1, 5, tzinfo=UTC)
    release = documents.Release("1187/24", datetime(2024, 6, 3, tzinfo=UTC), "", first)
    assert release.sentence() == (
        "Disclosure copy first prepared for publication on 5 January 2024, and sent again with the same"
        " withholding in response to FOI request 1187/24 on 3 June 2024."
    )


def _without_cover(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("Disclosure copy "))


def test_changed_withholding_means_no_reuse(db, register, make_request):
    _build(db, make_request([register["hart"]]))
    _withhold(db, register["eqia"], "purpose")
    second = foi.get(db, FOI, make_request([register["hart"]], reference="2/24", received="2024-06-03"))
    reuse = {item.version["kind"]: item.reuse for item in packs.plan(db, FOI, second, earlier=False)}
    assert reuse["eqia"] is None and reuse["dpia"] is not None


def test_contributors_add_files_per_system_and_they_are_logged(db, register, make_request, monkeypatch):
    monkeypatch.setattr(packs, "CONTRIBUTORS", [])

    @packs.register_contributor
    def monitoring(db, actor, system, request):
        return [("monitoring 2022.csv", f"period,count\n2022,{system['id']}\n".encode())]

    request_id = make_request([register["hart"], register["knife"]])
    _, pack = _build(db, request_id)
    assert pack.read("systems/HART/monitoring-2022.csv").startswith(b"period,count")
    assert "systems/Knife-Crime-Prediction/monitoring-2022.csv" in pack.namelist()
    manifest = pack.read("manifest.csv").decode()
    assert "systems/HART/monitoring-2022.csv" in manifest
    [entry] = disclosure_log.entries(db, FOI, request_id)
    roles = {f["path"]: (f["role"], f["system_id"]) for f in entry["files"]}
    assert roles["systems/HART/monitoring-2022.csv"] == ("monitoring", register["hart"])


def test_a_pack_is_refused_without_scope_or_with_marks_to_check(db, register, make_request):
    with pytest.raises(Invalid) as refused:
        _build(db, make_request([]))
    assert "has no systems in scope yet" in refused.value.errors["pack"]
    _withhold(db, register["eqia"], "purpose", scope="passage", passage=token("purpose"))
    _revise(db, register["eqia"], "eqia", {"purpose": "Rewritten."}, approved="2024-06-01")
    with pytest.raises(Invalid) as refused:
        _build(db, make_request([register["hart"]], reference="3/24"))
    assert "The passage no longer appears here" in refused.value.errors["pack"]
    assert db["disclosures"].count == 0


def test_only_foi_officers_make_packs(db, register, make_request):
    with pytest.raises(Forbidden):
        packs.build(db, EDITOR, make_request([register["hart"]]), exports.Options())


def test_a_pack_holds_each_systems_monitoring_data_with_small_numbers_suppressed(db, register, make_request):
    from dpia.actor import command_line
    from dpia.services.monitoring import datasets as monitoring

    details = {
        "title": "People flagged by sex",
        "measure": "people_flagged",
        "granularity": "quarter",
        "breakdown": "sex",
        "source": "HART logs",
    }
    rows = [
        f"{p},{g},{n}"
        for p, counts in (("2019-Q1", (2, 40, 0, 0)), ("2019-Q2", (12, 38, 0, 0)))
        for g, n in zip(("female", "male", "other", "unknown"), counts, strict=True)
    ]
    counts = ("period,group,count\r\n" + "\r\n".join(rows) + "\r\n").encode()
    monitoring.create(db, command_line(), register["hart"], details, counts)
    request_id = make_request([register["hart"], register["knife"]])
    _, pack = _build(db, request_id)
    [released] = [n for n in pack.namelist() if n.startswith("systems/HART/")]
    content = pack.read(released).decode("utf-8-sig")
    assert "People flagged by sex" in content and ",2," not in content and "*" in content
    assert released in pack.read("manifest.csv").decode()
    schedule = body_text(open_docx(pack.read("schedule-855A-22.docx")))
    assert "People flagged by sex" in schedule
    assert "No monitoring data is recorded for this system." in schedule  # Knife Crime Prediction


def test_a_passage_withheld_only_on_the_current_version_is_withheld_from_earlier_ones(
    db, register, make_request
):
    """The canary once appeared 7 times in the v1 copy of a pack built with earlier versions."""
    dpia = register["dpia"]
    aims = assessments.load(db, EDITOR, dpia, 2)["answers"]["aims"]
    canary = aims.split()[0] + " " + aims.split()[1]
    assert canary in assessments.load(db, EDITOR, dpia, 1)["answers"]["aims"]
    _withhold(db, dpia, "aims", number=2, scope="passage", passage=canary)
    made, pack = _build(db, make_request([register["hart"]]), earlier=True)
    assert f"assessments/{_reference(db, dpia)}-v1-disclosure.docx" in pack.namelist()
    assert pack_leaks(made.content, [canary]) == []


def test_a_row_withheld_on_the_current_version_is_withheld_from_earlier_ones(db, register, make_request):
    dpia = register["dpia"]
    [first, *_] = assessments.load(db, EDITOR, dpia, 2)["answers"]["risks"]
    secret = first["source"]
    assert any(r["source"] == secret for r in assessments.load(db, EDITOR, dpia, 1)["answers"]["risks"])
    _withhold(db, dpia, f"risks/{first['_id']}", number=2)
    made, pack = _build(db, make_request([register["hart"]]), earlier=True)
    name = f"assessments/{_reference(db, dpia)}-v1-disclosure.docx"
    assert "[Withheld: section 31(1)(a) FOIA]" in body_text(open_docx(pack.read(name)))
    assert pack_leaks(made.content, [secret]) == []


def test_a_withheld_passage_is_withheld_however_it_is_spaced_broken_or_capitalised(
    db, make_system, make_request
):
    """Elsewhere in the document the passage comes with a line break, a double space and other capitals."""
    from tests.docx_checks import loose_leaks

    system_id = make_system("Patrol Forecaster", category="crime_mapping")
    answers = sample_answers(kinds.latest("dpia"), rows=2)
    answers["aims"] = "Forecast patrol demand with the Northgate Quantum Model for each ward."
    answers["nature"] = "Scores are made by the NORTHGATE  quantum\nmodel nightly."
    answers["scope"] = "The Northgate-Quantum model? No: the Northgate \u2018Quantum\u2019 Model is separate."
    assessment_id = assessments.start(db, EDITOR, system_id, {"kind": "dpia", "title": "Forecaster DPIA"})
    write_answers(db, assessment_id, 1, answers)
    approve(db, assessment_id)
    _withhold(db, assessment_id, "aims", scope="passage", passage="Northgate Quantum Model")
    made, pack = _build(db, make_request([system_id]))
    assert loose_leaks(made.content, ["Northgate Quantum Model"]) == []
    name = next(n for n in pack.namelist() if n.startswith("assessments/"))
    assert body_text(open_docx(pack.read(name))).count("[Withheld: section 31(1)(a) FOIA]") >= 2


def test_a_passage_withheld_in_a_dpia_is_withheld_from_the_eqia_schedule_letter_and_other_systems(
    db, configured, make_system, make_approved, make_request
):
    from dpia.services.disclosure import questions, refusals
    from tests.disclosure.test_response import S31
    from tests.docx_checks import loose_leaks

    secret = "Quantum Northgate scoring weights"
    mapping = make_system("Patrol Forecaster", category="crime_mapping")
    other = make_system("Ward Heatmap", category="crime_mapping")
    for system_id in (mapping, other):
        record = systems.as_form_data(systems.get(db, EDITOR, system_id))
        record["how_it_works"] = f"Uses the {secret} to rank wards."
        systems.update(db, EDITOR, system_id, record, 1)
    dpia_answers = {**sample_answers(kinds.latest("dpia"), rows=2), "aims": f"Tune the {secret} yearly."}
    dpia = make_approved("dpia", system_id=mapping, answers=dpia_answers)
    eqia_answers = sample_answers(kinds.latest("eqia"), rows=2)
    eqia_answers["purpose"] = f"Check the {secret.upper()} for bias."
    make_approved("eqia", system_id=mapping, answers=eqia_answers)
    _withhold(db, dpia, "aims", scope="passage", passage=secret)
    request_id = make_request([mapping, other])
    for number, fact in (("1", "how_it_works"), ("2", "names")):
        data = {"number": number, "text": "Tell me.", "fact": fact, "scope": "categories"}
        questions.add(db, FOI, request_id, {**data, "categories": ["crime_mapping"]})
    refusals.save(db, FOI, request_id, "s31", S31, None)
    made, pack = _build(db, request_id)
    assert any(n.startswith("response-letter") for n in pack.namelist())
    assert loose_leaks(made.content, [secret]) == []
