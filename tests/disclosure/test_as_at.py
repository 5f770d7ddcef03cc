"""Answers as at a day: packs and schedules hold the register as it stood, and say what changed since."""

import io
import json
import zipfile
from datetime import date

import pytest

from dpia import kinds
from dpia.domain.samples import sample_answers
from dpia.errors import Invalid
from dpia.partial_dates import long_date
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow
from dpia.services.disclosure import exports, packs, pages, register_exports
from dpia.services.disclosure import requests as foi
from dpia.services.monitoring import datasets as monitoring
from dpia.store import migrations
from tests.conftest import APPROVER, EDITOR, FOI, approve, revision_of, write_answers
from tests.docx_checks import body_text, open_docx, tables_text

BEFORE = "2022-01-10T09:00:00+00:00"
REGIME = {"regime": "dpa_part3"}
DATASET = {"measure": "arrests", "granularity": "quarter", "breakdown": "none", "source": "Custody records"}


def _csv(*periods: str) -> bytes:
    return ("period,group,count\n" + "".join(f"{p},total,{20 + i}\n" for i, p in enumerate(periods))).encode()


def _edit(db, system_id, **changes):
    current = systems.get(db, EDITOR, system_id)
    record = {**systems.as_form_data(current), **changes}
    systems.update(db, EDITOR, system_id, record, current["version"])


def _backdate(db):
    """Everything recorded so far was recorded early in 2022: the register as it stood then."""
    db.execute("UPDATE system_history SET changed_at = ?", [BEFORE])
    db.execute("UPDATE systems SET created_at = ?, updated_at = ?", [BEFORE, BEFORE])
    db.execute("UPDATE monitoring_datasets SET uploaded_at = ?", [BEFORE])
    db.conn.commit()


@pytest.fixture
def as_2022(db, make_system, make_assessment, make_request):
    """HART as recorded early in 2022 (a cost, in use, a DPIA approved, 2022-Q1 counts); a request of May."""
    hart = make_system("HART")
    _edit(
        db,
        hart,
        first_used="2017-04",
        costs=[{"period_start": "2017", "amount": "1000.00", "description": "Licence"}],
    )
    dpia = make_assessment("dpia", system_id=hart, answers=sample_answers(kinds.latest("dpia"), rows=2))
    approve(db, dpia, conducted="2022-02", approved="2022-03-01")
    monitoring.create(db, EDITOR, hart, {**DATASET, "title": "Arrests"}, _csv("2022-Q1"))
    _backdate(db)
    request_id = make_request([hart], received="2022-05-16")
    return {"hart": hart, "dpia": dpia, "request": request_id}


def _change_everything(db, hart, dpia):
    """After the day: a new approved version, a changed cost, a changed lifecycle, a later period."""
    number = workflow.new_version(db, EDITOR, dpia, 1)
    answers = sample_answers(kinds.latest("dpia"), rows=2)
    write_answers(db, dpia, number, answers)
    approve(db, dpia, number, approved="2024-05-01")
    _edit(
        db,
        hart,
        lifecycle="retired",
        retired="2024",
        costs=[{"period_start": "2017", "amount": "9999.00", "description": "Licence and support"}],
    )
    monitoring.create(db, EDITOR, hart, {**DATASET, "title": "Arrests later"}, _csv("2023-Q1", "2023-Q2"))


def _contents(db, request_id):
    made = packs.build(db, FOI, request_id, exports.Options())
    pack = zipfile.ZipFile(io.BytesIO(made.content))
    names = sorted(n for n in pack.namelist() if n != "manifest.csv")
    texts = {}
    for name in names:
        content = pack.read(name)
        if name.endswith(".docx"):
            document = open_docx(content)
            texts[name] = (body_text(document), tables_text(document))
        else:
            texts[name] = content
    return made.filename, texts


def test_a_pack_answers_from_the_register_as_it_stood_on_the_day_received(db, as_2022):
    first_name, before = _contents(db, as_2022["request"])
    _change_everything(db, as_2022["hart"], as_2022["dpia"])
    second_name, after = _contents(db, as_2022["request"])
    assert first_name != second_name
    assert after == before
    [schedule] = [n for n in before if n.startswith("schedule")]
    text = before[schedule][0] + str(before[schedule][1])
    assert "as recorded on 16 May 2022" in text
    assert "£1,000.00" in text and "9,999" not in text and "Retired" not in text
    assert [n for n in before if n.startswith("assessments/")] == [
        n for n in before if n.endswith("-v1-disclosure.docx")
    ]
    [csv_name] = [n for n in before if n.endswith(".csv")]
    assert b"2022-Q1" in before[csv_name] and b"2023" not in before[csv_name]


def test_the_request_page_lists_what_changed_since_for_the_officer(db, as_2022):
    _change_everything(db, as_2022["hart"], as_2022["dpia"])
    page = pages.request_page(db, FOI, as_2022["request"])
    [changed] = page.changed
    lines = "\n".join(changed.lines)
    reference = assessments.load(db, EDITOR, as_2022["dpia"])["reference"]
    assert f"{reference} version 2 approved on 1 May 2024" in lines
    assert "Costs changed on" in lines and "Lifecycle changed on" in lines and "Retired changed on" in lines
    assert "Monitoring data ‘Arrests later’: periods ending later (2023-Q1 to 2023-Q2) are left out" in lines
    assert [item.version["number"] for item in page.planned] == [1]


def test_the_officer_may_choose_a_later_day_and_the_schedule_says_which(db, as_2022):
    _change_everything(db, as_2022["hart"], as_2022["dpia"])
    request = foi.get(db, FOI, as_2022["request"])
    data = {
        "reference": request["reference"],
        "received": {"day": "16", "month": "5", "year": "2022"},
        "as_at": {"day": "2", "month": "5", "year": "2024"},
        "systems": [str(as_2022["hart"])],
    }
    foi.update(db, FOI, request["id"], data, request["revision"])
    assert foi.get(db, FOI, request["id"])["as_at"] == "2024-05-02"
    # Approved on 1 May 2024, so version 2 is current on the 2nd; the register edits of today are not.
    assert [p.version["number"] for p in packs.plan(db, FOI, foi.get(db, FOI, request["id"]), False)] == [2]
    _, texts = _contents(db, request["id"])
    [schedule] = [n for n in texts if n.startswith("schedule")]
    assert "as recorded on 2 May 2024" in texts[schedule][0]


@pytest.mark.parametrize(
    ("as_at", "message"),
    [
        (
            {"day": "15", "month": "5", "year": "2022"},
            "must be the same as or after the date received, 16 May 2022",
        ),
        ({"day": "1", "month": "1", "year": "2099"}, "must be today or in the past"),
        ({"day": "", "month": "5", "year": "2022"}, "must include a day, month and year"),
        ({"day": "31", "month": "2", "year": "2023"}, "Date to answer as at"),
    ],
)
def test_a_bad_day_to_answer_as_at_is_refused_and_nothing_stored(db, make_request, as_at, message):
    request_id = make_request(received="2022-05-16")
    before = foi.get(db, FOI, request_id)
    data = {
        "reference": "855A/22",
        "received": {"day": "16", "month": "5", "year": "2022"},
        "as_at": as_at,
    }
    with pytest.raises(Invalid) as refused:
        foi.update(db, FOI, request_id, data, before["revision"])
    assert message in refused.value.errors["as_at"]
    with pytest.raises(Invalid):
        foi.create(db, FOI, {**data, "reference": "856/22"})
    assert foi.get(db, FOI, request_id) == before and foi.find(db, "856/22") is None


def test_a_system_added_after_the_day_is_left_out_and_listed(db, make_system, make_request):
    later = make_system("Added later")
    request_id = make_request([later], received="2022-05-16")
    page = pages.request_page(db, FOI, request_id)
    assert page.as_at_notes == [
        "‘Added later’ was added to the register after 16 May 2022 and nothing in its record dates it"
        " earlier: it is left out of the pack"
    ]
    assert page.changed[0].lines[0].startswith("Added to the register on ")
    assert packs.entries(db, FOI, foi.get(db, FOI, request_id)) == []


def test_history_written_before_snapshots_is_backfilled_and_what_cannot_be_read_back_blocks_the_pack(
    db, make_system, make_request
):
    hart = make_system("HART")
    _edit(db, hart, costs=[{"period_start": "2017", "amount": "1000.00", "description": "Licence"}])
    _edit(db, hart, name="HART model", lifecycle="retired", retired="2020-03")
    # As the history stood before migration 0011: text differences only.
    db.execute("UPDATE system_history SET snapshot = NULL, unknown = '[]'")
    migrations._backfill_history(db, hart)
    rows = db.execute("SELECT snapshot, unknown FROM system_history ORDER BY id").fetchall()
    snapshots = [(json.loads(s), json.loads(u)) for s, u in rows]
    current = systems.get(db, EDITOR, hart)
    assert snapshots[2] == ({k: current[k] for k in snapshots[2][0]}, [])
    assert snapshots[1][0]["name"] == "HART" and snapshots[1][0]["lifecycle"] == "in_use"
    assert snapshots[1][0]["retired"] is None and snapshots[1][0]["costs"] == current["costs"]
    assert snapshots[0][1] == ["costs"] and snapshots[0][0]["costs"] is None
    db.execute("UPDATE system_history SET changed_at = '2022-01-10T09:00:00+00:00' WHERE id = 1")
    db.execute("UPDATE systems SET created_at = '2022-01-10T09:00:00+00:00'")
    db.conn.commit()
    request = foi.get(db, FOI, make_request([hart], received="2022-05-16"))
    found = packs.problems(db, FOI, request, packs.plan(db, FOI, request, False))
    assert found == [
        "‘HART’: costs as recorded on 16 May 2022 cannot be read back from the register's history (it kept"
        " only text then); choose a later date to answer as at"
    ]


def test_the_demo_request_855A_22_no_longer_lists_later_assessments(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    request = foi.find(db, "855A/22")
    system_id, later = db.execute(
        "SELECT s.id, a.reference FROM assessments a JOIN systems s ON s.id = a.system_id"
        " WHERE s.name = 'Serious Violence Prediction' AND a.kind = 'dpia'"
    ).fetchone()
    # Today the register lists it (in review, conducted this year); on 16 May 2022 it held none of it.
    today = register_exports.assessment_lines(db, FOI, system_id)
    assert later in [line.reference for line in today["dpia"]]
    _, texts = _contents(db, request["id"])
    [schedule] = [n for n in texts if n.startswith("schedule")]
    text = texts[schedule][0] + str(texts[schedule][1])
    assert "as recorded on 16 May 2022" in text
    assert later not in text
    # Loaded into the register today, but dated by its own record (an ethics briefing of 2019) before then.
    assert "NDAS Most Serious Violence" in text
    notes = pages.request_page(db, FOI, request["id"]).as_at_notes
    assert len(notes) == 5 and all("its entry as first recorded is used" in note for note in notes)
    versions = [p.version for p in packs.plan(db, FOI, request, earlier=True)]
    assert versions and all(v["approved"] <= "2022-05-16" for v in versions)


def test_the_form_takes_a_day_to_answer_as_at_and_the_page_shows_what_changed(db, signed_in, as_2022):
    officer = signed_in("foi_officer")
    _change_everything(db, as_2022["hart"], as_2022["dpia"])
    url = f"/foi/{as_2022['request']}"
    html = officer.get(url).get_data(as_text=True)
    assert "The register as recorded on 16 May 2022 (the day received)" in html
    assert 'id="changed-since"' in html and "Costs changed on" in html
    data = {"reference": "855A/22", "status": "open", "revision": "1", "systems": [str(as_2022["hart"])]}
    data.update({"received-day": "16", "received-month": "5", "received-year": "2022"})
    data.update({"as_at-day": "1", "as_at-month": "5", "as_at-year": "2022"})
    bad = officer.post(f"{url}/edit", data)
    assert bad.status_code == 400 and 'href="#as_at-day"' in bad.get_data(as_text=True)
    data.update({"as_at-day": "2", "as_at-month": "5", "as_at-year": "2024"})
    assert officer.post(f"{url}/edit", data).status_code == 302
    html = officer.get(url).get_data(as_text=True)
    assert "The register as recorded on 2 May 2024 (chosen; received 16 May 2022)" in html


def test_a_version_withdrawn_since_is_still_answered_and_the_withdrawal_listed(db, as_2022):
    dpia = as_2022["dpia"]
    data = {"note": "Superseded by a new process."}
    workflow.transition(db, APPROVER, dpia, 1, "withdraw", data, revision_of(db, dpia, 1))
    request = foi.get(db, FOI, as_2022["request"])
    assert [(p.version["number"], p.version["status"]) for p in packs.plan(db, FOI, request, False)] == [
        (1, "approved")
    ]
    [changed] = pages.request_page(db, FOI, request["id"]).changed
    assert any(line.endswith(" version 1 withdrawn on " + long_date(date.today())) for line in changed.lines)


def test_migration_0011_backfills_history_written_before_it(tmp_path):
    from dpia.domain import register
    from dpia.store.db import connect

    db = connect(tmp_path / "old.db")
    migrations.migrations.apply(db, stop_before="0011_register_as_at")
    first = register.validate(
        {"name": "PredPol", "category": "crime_mapping", "lifecycle": "in_use"} | REGIME
    )
    later = {**first, "lifecycle": "retired", "retired": "2018-03", "first_used": "2012-12"}
    stamp = "2018-04-01T10:00:00+00:00"
    scalars = {k: later[k] for k in register.RECORD_FIELDS if k not in ("aliases", "costs", "policies")}
    db["systems"].insert(
        {"id": 1, **scalars, "name_key": "predpol", "created_at": stamp, "updated_at": stamp}
    )
    for version, old, new in ((1, None, first), (2, first, later)):
        changes = json.dumps(register.changes_between(old, new))
        row = {"system_id": 1, "version": version, "changed_at": stamp, "changed_by": "e", "action": "x"}
        db["system_history"].insert({**row, "changes": changes})
    migrations.apply(db)
    rows = db.execute("SELECT snapshot, unknown FROM system_history ORDER BY id").fetchall()
    assert [json.loads(u) for _, u in rows] == [[], []]
    assert [json.loads(s) for s, _ in rows] == [first, later]
    db.close()
