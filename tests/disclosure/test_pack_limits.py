"""Response packs at the edges: many systems, very long names, file names that must keep their extension."""

import csv
import io
import re
import zipfile
from datetime import UTC, datetime

import pytest

from dpia.actor import command_line
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports, packs
from dpia.services.disclosure import log as disclosure_log
from dpia.services.monitoring import datasets as monitoring
from tests.conftest import EDITOR, FOI
from tests.docx_checks import open_docx

LONG = ("Countywide Integrated Offender Management Harm and Vulnerability Prediction " * 4)[:200].strip()

DATASET = {
    "title": "People flagged by sex",
    "measure": "people_flagged",
    "granularity": "quarter",
    "breakdown": "sex",
    "source": "Model logs",
}
GROUPS = (("female", 12), ("male", 40), ("other", 0), ("unknown", 3))
COUNTS = ("period,group,count\r\n" + "".join(f"2019-Q1,{g},{n}\r\n" for g, n in GROUPS)).encode()


def _build(db, request_id, **options):
    made = packs.build(db, FOI, request_id, exports.Options(), **options)
    return made, zipfile.ZipFile(io.BytesIO(made.content))


def test_a_pack_for_nine_systems_builds(db, make_system, make_request):
    ids = [make_system(f"Predictive system number {n} for the force") for n in range(9)]
    _, pack = _build(db, make_request(ids))
    schedule = open_docx(pack.read("schedule-855A-22.docx"))
    assert len(schedule.core_properties.keywords) <= 255
    assert schedule.core_properties.keywords.endswith("…")


def test_a_system_whose_name_is_200_characters_has_its_assessments_in_a_pack(
    db, make_system, make_approved, make_request
):
    system_id = make_system(LONG)
    make_approved("dpia", system_id=system_id)
    _, pack = _build(db, make_request([system_id]))
    [assessment] = [n for n in pack.namelist() if n.startswith("assessments/")]
    properties = open_docx(pack.read(assessment)).core_properties
    assert all(len(p) <= 255 for p in (properties.title, properties.subject, properties.keywords))
    assert properties.title.endswith("…") and " " not in properties.title[-2:]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("monitoring 2022.csv", "monitoring-2022.csv"),
        ("../../etc/passwd", "etc-passwd"),
        (".csv", "export.csv"),
        ("schedule-855A-22.docx", "schedule-855A-22.docx"),
    ],
)
def test_a_file_name_is_a_slug(name, expected):
    assert exports.file_name(name) == expected


def test_a_long_file_name_keeps_its_extension_and_a_hash_of_the_whole_name():
    first = exports.file_name("hart-" + "x-" * 60 + "people-flagged-by-sex-released.csv")
    second = exports.file_name("hart-" + "x-" * 60 + "arrests-by-sex-released.csv")
    assert first.endswith(".csv") and second.endswith(".csv") and first != second
    assert len(first) <= exports.FILE_LIMIT and len(second) <= exports.FILE_LIMIT
    assert exports.file_name(first) == first  # shortening twice changes nothing
    assert re.fullmatch(r"hart-(x-)+x-[0-9a-f]{6}\.csv", first)


def test_long_system_names_sharing_a_beginning_get_their_own_folders_and_whole_csv_names(
    db, make_system, make_request
):
    first, second = make_system(LONG), make_system(LONG[:150] + " Northern Division")
    for system_id in (first, second):
        monitoring.create(db, command_line(), system_id, {**DATASET, "title": "P" * 190}, COUNTS)
    _, pack = _build(db, make_request([first, second]))
    released = [n for n in pack.namelist() if n.startswith("systems/")]
    assert len(released) == 2 and len({n.rsplit("/", 1)[0] for n in released}) == 2
    for name in released:
        assert name.endswith("-released.csv") or re.search(r"-[0-9a-f]{6}\.csv$", name)
        assert all(len(part) <= exports.FILE_LIMIT for part in name.split("/"))


def test_the_manifest_says_what_each_file_is_as_the_disclosure_log_records_it(
    db, make_system, make_approved, make_request
):
    hart = make_system("HART")
    dpia = make_approved("dpia", system_id=hart)
    monitoring.create(db, command_line(), hart, DATASET, COUNTS)
    request_id = make_request([hart, make_system("Knife Crime Prediction")])
    _, pack = _build(db, request_id)
    rows = {r["path"]: r for r in csv.DictReader(io.StringIO(pack.read("manifest.csv").decode()))}
    reference = assessments.load(db, EDITOR, dpia)["reference"]
    assessment = rows[f"assessments/{reference}-v1-disclosure.docx"]
    assert (assessment["role"], assessment["system"], assessment["assessment"]) == (
        "assessment",
        "HART",
        reference,
    )
    assert assessment["version"] == "1" and assessment["contents"] == f"{reference} version 1"
    [dataset] = [r for r in rows.values() if r["role"] == "monitoring_data"]
    assert dataset["system"] == "HART" and dataset["contents"].startswith(
        "Monitoring dataset ‘People flagged"
    )
    assert rows["schedule-855A-22.docx"]["contents"].endswith("for 2 systems in scope")
    [entry] = disclosure_log.entries(db, FOI, request_id)
    logged = {(f["path"], f["sha256"], f["size"], f["role"]) for f in entry["files"]}
    listed = {(r["path"], r["sha256"], int(r["bytes"]), r["role"]) for r in rows.values()}
    assert listed == logged - {f for f in logged if f[0] == "manifest.csv"}


def test_every_build_of_a_pack_has_its_own_name_even_in_the_same_second(db, make_system, make_request):
    system_id = make_system()
    request_id = make_request([system_id])
    same = datetime(2022, 6, 14, 10, 0, tzinfo=UTC)
    names = [_build(db, request_id, at=same)[0].filename for _ in range(3)]
    assert names == [
        "FOI-855A-22-response-pack.zip",
        "FOI-855A-22-response-pack-2.zip",
        "FOI-855A-22-response-pack-3.zip",
    ]
    # Another request whose reference makes the same slug does not reuse a name either.
    other = make_request([system_id], reference="855A 22")
    assert _build(db, other, at=same)[0].filename == "FOI-855A-22-response-pack-4.zip"


def test_a_system_with_a_long_name_downloads_its_register_entry_under_a_whole_file_name(
    signed_in, make_system
):
    system_id = make_system(LONG)
    response = signed_in("foi_officer").get(f"/systems/{system_id}/export")
    assert response.status_code == 200
    name = re.fullmatch(r'attachment; filename="([^"/\\]+)"', response.headers["Content-Disposition"])[1]
    assert name.endswith("-register-internal.docx") and len(name) <= exports.FILE_LIMIT
    assert len(open_docx(response.data).core_properties.keywords) <= 255


def _many_systems(db, make_system, make_approved, count=200):
    """`count` systems, some with long names sharing a beginning, a few with assessments and datasets."""
    ids = []
    for n in range(count):
        name = f"{LONG[:120]} {n:03d}" if n % 10 == 0 else f"Predictive system {n:03d} of the force"
        ids.append(make_system(name, category="crime_mapping" if n % 2 else "individual_risk"))
    for system_id in ids[:6]:
        make_approved("dpia", system_id=system_id, rows=1)
    for system_id in ids[:12:3]:
        make_approved("eqia", system_id=system_id, rows=1)
    for system_id in ids[::50]:
        monitoring.create(db, command_line(), system_id, DATASET, COUNTS)
    return ids


def _opens(name: str, content: bytes) -> None:
    """Read a file of a pack back as what its extension says it is."""
    if name.endswith(".docx"):
        open_docx(content)
    else:
        assert name.endswith(".csv")
        assert list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_pack_for_200_systems_builds_and_every_file_opens(db, make_system, make_approved, make_request):
    ids = _many_systems(db, make_system, make_approved)
    made, pack = _build(db, make_request(ids))
    names = pack.namelist()
    assert len(names) == len(set(names)) == 6 + 4 + 4 + 2  # assessments, datasets, schedule, manifest
    for name in names:
        assert re.search(r"\.(docx|csv)$", name), name
        _opens(name, pack.read(name))
    assert len({n.rsplit("/", 1)[0] for n in names if n.startswith("systems/")}) == 4
    schedule = open_docx(pack.read("schedule-855A-22.docx"))
    assert len([p for p in schedule.paragraphs if p.style.name == "Heading 1"]) == 200
    assert len(schedule.core_properties.keywords) <= 255
    listed = list(csv.DictReader(io.StringIO(pack.read("manifest.csv").decode())))
    assert sorted(r["path"] for r in listed) == sorted(set(names) - {"manifest.csv"})
