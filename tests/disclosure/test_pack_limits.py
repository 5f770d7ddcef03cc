"""Response packs at the edges: many systems, very long names, file names that must keep their extension."""

import io
import zipfile

from dpia.services.disclosure import exports, packs
from tests.conftest import FOI
from tests.docx_checks import open_docx

LONG = ("Countywide Integrated Offender Management Harm and Vulnerability Prediction " * 4)[:200].strip()


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
