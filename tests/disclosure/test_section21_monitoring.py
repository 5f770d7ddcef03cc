"""Section 21 for monitoring CSVs: a dataset published unchanged is pointed to, not released again.

Through the real use cases on a real database: datasets uploaded, published, asked for by a request, and
the pack built and read back (its zip, manifest and letter) with the audit log and the released figures.
"""

import csv
import io
import zipfile
from datetime import date

import pytest

from dpia.partial_dates import long_date
from dpia.services.accounts import settings
from dpia.services.disclosure import answers, exports, packs, withholding
from dpia.services.monitoring import datasets as monitoring
from dpia.services.publications import publishing
from dpia.services.publications.publishing import Choice
from dpia.store import publications as store
from tests.conftest import APPROVER, EDITOR, FOI
from tests.disclosure.test_response import _question
from tests.disclosure.test_section21 import ADMIN, BASE, _letter_text, _pack
from tests.docx_checks import body_text, open_docx
from tests.monitoring.test_monitoring import DETAILS, rows_csv, sex_rows
from tests.test_api import api, token_for  # noqa: F401  (fixtures)

QUARTERS = ("2025-Q1", "2025-Q2", "2025-Q3")
TABLE = sex_rows(QUARTERS[0], 12, 30, 0, 3) + sex_rows(QUARTERS[1], 20, 25, 0, 9)


def _dataset(db, system_id, rows=TABLE, details=DETAILS):
    return monitoring.create(db, EDITOR, system_id, details, rows_csv(rows))


def _publish(db, system_id, *dataset_ids):
    return publishing.publish(db, APPROVER, system_id, Choice(datasets=dataset_ids), exports.Options())


def _request(db, make_request, system_ids, reference="855A/22"):
    request_id = make_request(system_ids, reference=reference)
    _question(db, request_id, "1", "Usage data by age, race and gender?", "monitoring")
    withholding.decide_all(db, FOI, request_id, withholding.APPLY)
    return request_id


@pytest.fixture
def addressed(db, configured):
    """The public pages' address set, as an administrator would."""
    settings.update(db, ADMIN, {"public_address": BASE})


@pytest.fixture
def hart(db, make_system, make_approved):
    """HART with an approved DPIA (so it can be published) and a dataset of arrests by sex."""
    system_id = make_system("HART", category="individual_risk")
    make_approved("dpia", system_id=system_id, rows=1)
    return {"system": system_id, "dataset": _dataset(db, system_id)}


def _public_csvs(db, publication_id):
    return [f for f in store.files(db, publication_id) if f["role"] == "monitoring"]


def _citation(db, publication_id, file):
    """What the letter says of a published CSV: its exact public address and the day it was published."""
    publication = store.get(db, publication_id)
    day = long_date(answers.uk_day(publication["published_at"]))
    return f"{BASE}systems/{publication['slug']}/files/{file['path']} (published on {day})"


def _answer(text):
    """The letter's answer to question 1: up to the exemptions, the attached files or the right to review."""
    start = text.index("Question 1\n")
    ends = ("Exemptions and the public interest", "Attached files", "Your right")
    found = [i for end in ends if (i := text.find(end, start)) != -1]
    return text[start : min(found, default=len(text))]


def _cited(db, request_id, **options):
    """The datasets the letter points to under section 21."""
    found, _ = _letter_text(db, request_id, **options)
    return [p.dataset_id for answer in found.drafted.answers for p in answer.published]


def _csvs(pack):
    return [name for name in pack.namelist() if name.startswith("systems/") and name.endswith(".csv")]


def _letter_in(pack):
    return body_text(
        open_docx(pack.read(next(n for n in pack.namelist() if n.startswith("response-letter"))))
    )


def _audited(db, dataset_id):
    sql = "SELECT count(*) FROM audit_log WHERE action = 'monitoring.release' AND object_id = ?"
    return db.execute(sql, [str(dataset_id)]).fetchone()[0]


def _recorded(db, dataset_id):
    return db.execute(
        "SELECT count(*) FROM monitoring_releases WHERE dataset_id = ?", [dataset_id]
    ).fetchone()[0]


def test_a_dataset_published_unchanged_is_cited_with_its_address_and_date_and_left_out_of_the_pack(
    db, addressed, hart, make_request
):
    publication = _publish(db, hart["system"], hart["dataset"])
    [file] = _public_csvs(db, publication)
    request_id = _request(db, make_request, [hart["system"]])
    found, text = _letter_text(db, request_id)
    assert found.problems == []
    answer = _answer(text)
    assert _citation(db, publication, file) in answer
    assert "exempt under section 21 of the Act" in answer and "attached" not in answer.replace(
        "not attached", ""
    )
    [drafted] = found.drafted.answers
    assert [p.dataset_id for p in drafted.published] == [hart["dataset"]]
    assert drafted.exemptions == [("s21", "")] and drafted.files == []
    assert "Section 21: information accessible to the applicant by other means" in text

    audited, recorded = _audited(db, hart["dataset"]), _recorded(db, hart["dataset"])
    pack = _pack(db, request_id)
    assert _csvs(pack) == []
    assert ".csv" not in pack.read(packs.MANIFEST).decode().replace(packs.MANIFEST, "")
    letter = _letter_in(pack)
    assert _citation(db, publication, file) in letter and "Attached files" in letter
    assert ".csv" not in letter[letter.index("Attached files") :]
    # Not released again: no audit of a release, no figures recorded for the pack.
    assert (_audited(db, hart["dataset"]), _recorded(db, hart["dataset"])) == (audited, recorded)


def test_with_send_published_the_csv_is_attached_as_published_and_not_cited(
    db, addressed, hart, make_request
):
    publication = _publish(db, hart["system"], hart["dataset"])
    [file] = _public_csvs(db, publication)
    request_id = _request(db, make_request, [hart["system"]])
    assert _cited(db, request_id) == [hart["dataset"]]
    _, text = _letter_text(db, request_id, send_published=True)
    assert BASE not in text and "attached as systems/HART/" in _answer(text)
    audited = _audited(db, hart["dataset"])
    pack = _pack(db, request_id, published=True)
    [name] = _csvs(pack)
    assert pack.read(name) == store.content(db, file["sha256"])  # the very file, sent again
    letter = _letter_in(pack)
    assert BASE not in letter and name in letter[letter.index("Attached files") :]
    assert _audited(db, hart["dataset"]) == audited + 1


def test_a_dataset_replaced_with_a_new_period_after_publication_is_attached_not_cited(
    db, addressed, hart, make_request
):
    _publish(db, hart["system"], hart["dataset"])
    request_id = _request(db, make_request, [hart["system"]])
    assert _cited(db, request_id) == [hart["dataset"]]
    # The next quarter comes in: the editor replaces the dataset with one holding all three quarters.
    monitoring.delete(db, EDITOR, hart["dataset"])
    later = _dataset(db, hart["system"], TABLE + sex_rows(QUARTERS[2], 14, 22, 0, 6))
    found, text = _letter_text(db, request_id)
    assert BASE not in text and "attached as systems/HART/" in _answer(text)
    assert found.drafted.answers[0].published == []
    audited = _audited(db, later)
    pack = _pack(db, request_id)
    assert len(_csvs(pack)) == 1 and _audited(db, later) == audited + 1


def test_a_dataset_uploaded_again_unchanged_is_still_the_published_file(db, addressed, hart, make_request):
    publication = _publish(db, hart["system"], hart["dataset"])
    monitoring.delete(db, EDITOR, hart["dataset"])
    again = _dataset(db, hart["system"])
    found, text = _letter_text(db, _request(db, make_request, [hart["system"]]))
    [file] = _public_csvs(db, publication)
    assert _citation(db, publication, file) in _answer(text)
    assert [p.dataset_id for p in found.drafted.answers[0].published] == [again]


def test_of_two_systems_the_published_one_is_cited_and_the_other_attached(
    db, addressed, hart, make_system, make_request
):
    patrol = make_system(name="Patrol Forecaster", category="crime_mapping")
    _dataset(db, patrol)
    publication = _publish(db, hart["system"], hart["dataset"])
    [file] = _public_csvs(db, publication)
    request_id = _request(db, make_request, [hart["system"], patrol])
    _, text = _letter_text(db, request_id)
    answer = _answer(text)
    assert _citation(db, publication, file) in answer
    assert "attached as systems/Patrol-Forecaster/" in answer and "attached as systems/HART/" not in answer
    assert "Those already published are not: each is pointed to below." in answer
    pack = _pack(db, request_id)
    [attached] = _csvs(pack)
    assert attached.startswith("systems/Patrol-Forecaster/")
    manifest = pack.read(packs.MANIFEST).decode()
    assert attached in manifest and "systems/HART/" not in manifest
    letter = _letter_in(pack)
    assert attached in letter and _citation(db, publication, file) in letter


def test_a_withdrawn_publication_is_not_cited(db, addressed, hart, make_request):
    _publish(db, hart["system"], hart["dataset"])
    request_id = _request(db, make_request, [hart["system"]])
    assert _cited(db, request_id) == [hart["dataset"]]
    publishing.withdraw(db, APPROVER, hart["system"], "Figures to be checked")
    found, text = _letter_text(db, request_id)
    assert BASE not in text and found.drafted.answers[0].published == []
    assert len(_csvs(_pack(db, request_id))) == 1


def test_a_file_naming_earlier_releases_is_recognised_as_published_and_a_later_release_changes_nothing(
    db, addressed, hart, make_request
):
    # Released under FOI first, then replaced with a third quarter and published: the published file's note
    # names the FOI release; the publication's own recorded figures would name the file itself.
    _pack(db, _request(db, make_request, [hart["system"]], reference="100/25"))
    monitoring.delete(db, EDITOR, hart["dataset"])
    dataset = _dataset(db, hart["system"], TABLE + sex_rows(QUARTERS[2], 2, 14, 0, 0))
    publication = _publish(db, hart["system"], dataset)
    [file] = _public_csvs(db, publication)
    assert b"figures released in FOI 100/25 cannot" in store.content(db, file["sha256"])
    naive = monitoring.preview_release(db, FOI, dataset, None)
    assert naive.content != store.content(db, file["sha256"])
    # Sent again for another request that asked for published files: released, and recorded, once more.
    _pack(db, _request(db, make_request, [hart["system"]], reference="200/26"), published=True)
    _, text = _letter_text(db, _request(db, make_request, [hart["system"]], reference="300/26"))
    assert _citation(db, publication, file) in _answer(text)


def test_datasets_published_together_are_each_recognised(db, addressed, hart, make_request):
    # Alone, the table by sex hides 2 behind its grand total; all arrests, published with it, gives it.
    by_sex = sex_rows(QUARTERS[0], 6, 0, 0, 0) + sex_rows(QUARTERS[1], 0, 2, 0, 0)
    monitoring.delete(db, EDITOR, hart["dataset"])
    ids = (
        _dataset(db, hart["system"], by_sex),
        _dataset(
            db,
            hart["system"],
            [(QUARTERS[0], "total", 6), (QUARTERS[1], "total", 2)],
            {**DETAILS, "title": "All arrests", "breakdown": "none"},
        ),
    )
    publication = _publish(db, hart["system"], *ids)
    files = _public_csvs(db, publication)
    assert any(b"in other files of this release" in store.content(db, f["sha256"]) for f in files)
    found, text = _letter_text(db, _request(db, make_request, [hart["system"]]))
    assert sorted(p.dataset_id for p in found.drafted.answers[0].published) == sorted(ids)
    assert all(_citation(db, publication, f) in _answer(text) for f in files)


def _cells(content: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return rows[: rows.index([])]


def test_a_published_csv_differing_by_one_withheld_cell_is_not_cited(db, addressed, hart, make_request):
    settings.update(db, ADMIN, {"disclosure_threshold": "5", "disclosure_symbol": "<"})
    published = [[0, 4, 2, 4], [1, 2, 1, 0], [0, 0, 1, 3]]
    now = [[3, 4, 2, 4], *published[1:]]
    groups = ("female", "male", "other", "unknown")

    def rows(table):
        return [
            (q, g, n)
            for q, counts in zip(QUARTERS, table, strict=True)
            for g, n in zip(groups, counts, strict=True)
        ]

    monitoring.delete(db, EDITOR, hart["dataset"])
    first = _dataset(db, hart["system"], rows(published))
    publication = _publish(db, hart["system"], first)
    request_id = _request(db, make_request, [hart["system"]])
    assert _cited(db, request_id) == [first]
    monitoring.delete(db, EDITOR, first)
    dataset = _dataset(db, hart["system"], rows(now))
    [file] = _public_csvs(db, publication)
    before = _cells(store.content(db, file["sha256"]))
    after = _cells(monitoring.preview_release(db, FOI, dataset, date.today()).content)
    differing = [(r, c) for r, row in enumerate(before) for c, cell in enumerate(row) if after[r][c] != cell]
    # The adversary's file: the same table but for one withheld cell, shown as [c] where it is now <5.
    assert differing == [(1, 1)] and (before[1][1], after[1][1]) == ("[c]", "<5")
    found, text = _letter_text(db, request_id)
    assert BASE not in text and found.drafted.answers[0].published == []
    assert len(_csvs(_pack(db, request_id))) == 1


def test_the_api_and_cli_leave_a_published_csv_out_unless_asked(
    db,
    runner,
    addressed,
    hart,
    make_request,
    tmp_path,
    api,  # noqa: F811
):
    _publish(db, hart["system"], hart["dataset"])
    request_id = _request(db, make_request, [hart["system"]])
    officer = api("foi_officer")
    url = f"/foi-requests/{request_id}/pack"
    default = zipfile.ZipFile(io.BytesIO(officer.call("POST", url).data))
    asked = zipfile.ZipFile(io.BytesIO(officer.call("POST", f"{url}?published=true").data))
    assert (len(_csvs(default)), len(_csvs(asked))) == (0, 1)
    out = tmp_path / "pack.zip"
    result = runner.invoke(args=["pack", "855A/22", "--out", str(out), "--send-published"])
    assert result.exit_code == 0, result.output
    assert len(_csvs(zipfile.ZipFile(out))) == 1


def test_a_request_over_forty_published_systems_cites_each_and_sends_none_again(
    db, addressed, make_system, make_approved, make_request
):
    """At the scale of a real request: every system published with its dataset, five questions on each."""
    systems = []
    for n in range(40):
        system_id = make_system(f"Predictive system number {n} for the force", category="individual_risk")
        make_approved("dpia", system_id=system_id, rows=1)
        _publish(db, system_id, _dataset(db, system_id))
        systems.append(system_id)
    request_id = _request(db, make_request, systems)
    for number, fact in (("2", "assessments"), ("3", "names"), ("4", "first_use"), ("5", "how_it_works")):
        _question(db, request_id, number, f"Question on {fact}", fact)
    found, text = _letter_text(db, request_id)
    cited = {p.dataset_id for answer in found.drafted.answers for p in answer.published if p.dataset_id}
    assert len(cited) == 40
    assert text.count("/files/") >= 80  # each system's CSV and DPIA copy, by its public address
    pack = _pack(db, request_id)
    assert _csvs(pack) == []
    assert [n for n in pack.namelist() if n.startswith("assessments/")] == []
    assert all(_audited(db, dataset_id) == 1 for dataset_id in cited)  # the publication's release only
