"""The leak finder on files built by hand: each file reports its own leaks, however its parts repeat."""

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from dpia.domain import leaks, redaction

SECRET = leaks.Withheld(
    1, "section 31 FOIA", "DPIA-0001 version 1: Aims", "the Harbour Street informant", True
)


def _docx(body: str, styles: str = "<w:styles/>") -> bytes:
    """A package shaped like a Word file: a body and a template part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(
            "word/document.xml", f"<w:document><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:document>"
        )
        package.writestr("word/styles.xml", styles)
    return out.getvalue()


def test_a_part_repeated_byte_for_byte_in_several_files_is_a_leak_in_each():
    leaking = _docx("Met THE Harbour\u00a0Street  informant’s handler")
    files = {"a.docx": leaking, "b.docx": leaking, "c.docx": _docx("Nothing to see")}
    found = sorted(leak.where() for leak in leaks.find(files, [SECRET]))
    assert found == ["a.docx, body", "b.docx, body"]


def test_a_template_part_shared_by_every_file_is_read_once_but_reported_for_each():
    styles = '<w:styles><w:style w:name="the harbour street informant"/></w:styles>'
    files = {name: _docx("clean", styles) for name in ("a.docx", "b.docx", "c.docx")}
    found = sorted(leak.where() for leak in leaks.find(files, [SECRET]))
    assert found == ["a.docx, word/styles.xml", "b.docx, word/styles.xml", "c.docx, word/styles.xml"]


def test_a_shorter_item_inside_a_longer_one_is_found_in_a_repeated_part_only_where_it_was():
    short = leaks.Withheld(2, "section 40(2) FOIA", "sign-offs", "Harbour Street", True)
    files = {"a.docx": _docx("Harbour Street"), "b.docx": _docx("Harbour Street")}
    found = sorted((leak.where(), leak.item.mark_id) for leak in leaks.find(files, [SECRET, short]))
    assert found == [("a.docx, body", 2), ("b.docx, body", 2)]


@settings(max_examples=300, deadline=None)
@given(st.text("aB \u2018\u2019\u201c\u201d\u2013\u2014\u2212\u00a0\u202f\n\tßİſ-'\"x", max_size=60))
def test_normalised_is_the_translation_table_applied_then_folded_and_spaced(text):
    expected = " ".join(text.translate(redaction._PUNCTUATION).casefold().split())
    assert redaction.normalised(text) == expected
