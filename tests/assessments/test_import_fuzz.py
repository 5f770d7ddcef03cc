"""Fuzzing: real fixture files mutated (bytes flipped, truncated, zip parts edited) through the service
and the upload page. Bounded: a few dozen examples each, so it runs in CI in seconds. No crash, no 500,
and nothing stored when a file is refused."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpia.errors import Invalid, Refused
from dpia.services.assessments import attachments, imports
from tests import import_fixtures as fx
from tests.conftest import EDITOR

SEEDS = {
    "ico.docx": fx.ico_dpia(),
    "eqia.docx": fx.eqia(),
    "pia.json": json.dumps(fx.cnil_front()).encode(),
    "list.json": json.dumps(fx.cnil_back()).encode(),
}
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _flip(data: bytes, positions: list[int], value: int) -> bytes:
    mutated = bytearray(data)
    for position in positions:
        mutated[position % len(mutated)] ^= value or 1
    return bytes(mutated)


def _edit_part(data: bytes, index: int, cut: int, junk: bytes) -> bytes:
    """Re-zip a document with one part truncated and junk appended: a valid zip with damaged contents."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    name = sorted(parts)[index % len(parts)]
    parts[name] = parts[name][: cut % (len(parts[name]) + 1)] + junk
    return fx.zipped(parts)


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = SEEDS[name]
    how = draw(st.sampled_from(["flip", "truncate", "part", "insert"]))
    if how == "flip":
        positions = draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=8))
        data = _flip(data, positions, draw(st.integers(0, 255)))
    elif how == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "part" and name.endswith(".docx"):
        data = _edit_part(
            data, draw(st.integers(0, 50)), draw(st.integers(0, 10_000)), draw(st.binary(max_size=40))
        )
    else:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    return name, data


@pytest.fixture
def storage(app):
    return attachments.Storage(instance=Path(app.instance_path), max_bytes=5 * 1024 * 1024)


@FUZZ
@given(case=mutated())
def test_mutated_files_through_the_service_never_crash_and_refusals_store_nothing(
    case, db, storage, make_system
):
    name, data = case
    system_id = make_system(name="Fuzz") if db["systems"].count == 0 else 1
    before = (db["staged_imports"].count, db["audit_log"].count)
    try:
        token = imports.upload(db, EDITOR, storage, system_id, name, data)
    except (Refused, Invalid):
        assert (db["staged_imports"].count, db["audit_log"].count) == before
        return
    found = imports.staged(db, EDITOR, token)
    try:
        imports.confirm(db, EDITOR, storage, token, found["plan"].details, {})
    except (Refused, Invalid):
        assert db["staged_imports"].count == before[0] + 1  # still there to correct; no half-written draft
        assert db.execute("SELECT count(*) FROM assessments").fetchone()[0] == db["assessment_versions"].count


@FUZZ
@given(case=mutated())
def test_mutated_uploads_never_get_a_500(case, app, signed_in):
    name, data = case
    if not hasattr(app, "_fuzz_editor"):
        from dpia.actor import command_line
        from dpia.services import systems
        from dpia.store.db import connect

        db = connect(app.config["DATABASE"])
        systems.create(
            db,
            command_line(),
            {"name": "Fuzz", "category": "other", "lifecycle": "in_use", "regime": "uk_gdpr"},
        )
        db.close()
        app._fuzz_editor = signed_in("editor")
    response = app._fuzz_editor.post("/systems/1/import", {"file": (io.BytesIO(data), name)})
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        page = app._fuzz_editor.get(response.headers["Location"])
        assert page.status_code == 200
