"""Reading Word documents as they were written: a document scanned to Word has its printed lines joined back
into paragraphs and its page furniture left out visibly; an ordinary document is read paragraph by paragraph;
a moved paragraph is read once, where it was moved to."""

import io
import textwrap
from datetime import date

import docx
from docx.oxml import parse_xml

from dpia import kinds
from dpia.importers import invariant, lines, matcher, word
from dpia.importers.plan import OMIT, assemble

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NEED = (
    "The pilot gives custody sergeants a score of each detained person's likelihood of reoffending within two"
    " years, to help decide who is referred to the diversion scheme. Referral decisions stay with the"
    " sergeant."
)
FLOWS = (
    "Offending history, age and home postcode district are taken from the custody system each night. The"
    " score is written back to the custody record and kept with it for six years, then deleted."
)
RISKS = (
    "Postcode may act as a proxy for ethnicity and deprivation, so people from some areas may be scored"
    " higher for reasons that are not about their own behaviour."
)


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _printed(*pieces: str, width: int = 78) -> bytes:
    """A document as OCR gives it: one paragraph per printed line; pieces starting "=" are whole lines."""
    document = docx.Document()
    for piece in pieces:
        for line in [piece[1:]] if piece.startswith("=") else textwrap.wrap(piece, width):
            document.add_paragraph(line)
    return _save(document)


def _blocks(data: bytes) -> list[tuple[str, str, str]]:
    return [(b.kind, b.location, b.text) for b in lines.rejoined(word.read(data)).blocks]


def _plan(data: bytes):
    return matcher.plan_word(word.read(data), "pia", date(2024, 1, 1), "scan.docx")


def test_printed_lines_are_joined_into_paragraphs_located_by_the_paragraphs_they_span():
    data = _printed(NEED, FLOWS, RISKS)
    assert _blocks(data) == [
        ("paragraph", "Paragraphs 1-3", NEED),
        ("paragraph", "Paragraphs 4-6", FLOWS),
        ("paragraph", "Paragraphs 7-8", RISKS),
    ]


def test_page_numbers_and_running_headers_are_left_out_as_furniture_in_place():
    data = _printed("=PROTECT", NEED, "=Page 1 of 2", "=PROTECT", FLOWS, "=- 2 -")
    assert _blocks(data) == [
        ("furniture", "Paragraph 1", "PROTECT"),
        ("paragraph", "Paragraphs 2-4", NEED),
        ("furniture", "Paragraph 5", "Page 1 of 2"),
        ("furniture", "Paragraph 6", "PROTECT"),
        ("paragraph", "Paragraphs 7-9", FLOWS),
        ("furniture", "Paragraph 10", "- 2 -"),
    ]
    plan = _plan(data)
    left_out = {i.text: (i.target, i.content) for i in plan.items if i.text in ("PROTECT", "Page 1 of 2")}
    assert left_out == {"PROTECT": (OMIT, False), "Page 1 of 2": (OMIT, False)}
    # A marking repeated on every page is still read.
    assert plan.details["marking_found"] == "PROTECT"


def test_a_paragraph_broken_by_a_page_break_is_joined_and_the_furniture_follows_it():
    head, _, tail = FLOWS.partition(" kept ")
    head, tail = f"{head} kept", tail
    data = _printed(NEED, head, "=Page 1 of 2", "=PROTECT", tail, "=PROTECT")
    blocks = _blocks(data)
    assert blocks[1] == ("paragraph", "Paragraphs 4-5, 8", FLOWS)
    assert [b[0] for b in blocks[2:]] == ["furniture", "furniture", "furniture"]


def test_a_word_hyphenated_at_a_line_end_is_one_word_again():
    data = _printed(
        "=Offending history, age and home postcode district are taken from the custody",
        "=system each night and the score is written back to the custody record, where it is",
        "=kept for six years. Postcode may act as a proxy for ethnicity and socio-",
        "=economic deprivation, so people from some areas may be scored higher for",
        "=reasons that are not about their own behaviour.",
    )
    [(_, location, text)] = _blocks(data)
    assert location == "Paragraphs 1-5"
    assert "ethnicity and socio-economic deprivation, so" in text


def test_nothing_is_dropped_from_a_printed_document():
    data = _printed("=PROTECT", "=Step one: Identify the need for a PIA", NEED, "=Page 1 of 2", FLOWS)
    plan = _plan(data)
    kind = kinds.latest(plan.kind)
    assert [i.location for i in plan.items if NEED[:40] in i.text] == ["Paragraphs 3-5"]
    assert invariant.missing(kind, plan, {}, assemble(kind, plan.items, {})) == []


def test_an_ordinary_documents_paragraphs_are_untouched():
    document = docx.Document()
    for text in (
        "Step one: Identify the need for a PIA",
        NEED,
        "The force uses the score for",
        "detection of crime",
        "prevention of reoffending",
        "referral to the diversion scheme",
        "Page 1 of 2",
        FLOWS,
        "Data is kept",
        "for six years",
    ):
        document.add_paragraph(text)
    read = word.read(_save(document))
    assert lines.rejoined(read).blocks == read.blocks


def test_short_lines_that_end_their_sentences_are_not_joined():
    document = docx.Document()
    for text in ("Yes.", "No personal data is shared.", "Reviewed yearly.", "See the annex.", "None."):
        document.add_paragraph(text)
    read = word.read(_save(document))
    assert lines.rejoined(read).blocks == read.blocks


def _moved(paragraph_xml: str) -> bytes:
    """A document whose second paragraph was moved below the third, with tracked changes on."""
    document = docx.Document()
    document.add_paragraph("Investigators compare images from CCTV with the custody image database.")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(paragraph_xml))
    document.add_paragraph("Probe images are uploaded by trained operators.")
    body.insert(
        len(body) - 1,
        parse_xml(
            f'<w:p xmlns:w="{W}"><w:moveToRangeStart w:id="1" w:name="move1"/><w:moveTo w:id="2">'
            "<w:r><w:t>Searches are logged and audited every quarter.</w:t></w:r></w:moveTo>"
            '<w:moveToRangeEnd w:id="1"/></w:p>'
        ),
    )
    return _save(document)


def _texts(data: bytes) -> list[str]:
    return [b.text for b in word.read(data).blocks]


def test_a_moved_paragraph_is_read_once_where_it_was_moved_to():
    data = _moved(
        f'<w:p xmlns:w="{W}"><w:pPr><w:rPr><w:moveFrom w:id="3"/></w:rPr></w:pPr>'
        '<w:moveFromRangeStart w:id="1" w:name="move1"/><w:moveFrom w:id="4">'
        "<w:r><w:t>Searches are logged and audited every quarter.</w:t></w:r></w:moveFrom>"
        '<w:moveFromRangeEnd w:id="1"/></w:p>'
    )
    assert _texts(data) == [
        "Investigators compare images from CCTV with the custody image database.",
        "Probe images are uploaded by trained operators.",
        "Searches are logged and audited every quarter.",
    ]


def test_runs_inside_a_moved_from_range_are_not_read_even_outside_w_move_from():
    data = _moved(
        f'<w:p xmlns:w="{W}"><w:r><w:t xml:space="preserve">Kept. </w:t></w:r>'
        '<w:moveFromRangeStart w:id="1" w:name="move1"/>'
        "<w:r><w:t>Searches are logged and audited every quarter.</w:t></w:r>"
        '<w:moveFromRangeEnd w:id="1"/></w:p>'
    )
    texts = _texts(data)
    assert texts[1] == "Kept."
    assert sum(t.count("Searches are logged") for t in texts) == 1


def _paragraphs(*texts: str) -> bytes:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    return _save(document)


def test_the_2014_pia_templates_prompts_are_left_out_once_their_lines_are_joined():
    prompt = (
        "Explain what the project aims to achieve, what the benefits will be to the organisation, to"
        " individuals and to other parties."
    )
    plan = _plan(_printed("=Step one: Identify the need for a PIA", prompt, NEED, "=Page 1 of 2", FLOWS))
    [item] = [i for i in plan.items if i.text == prompt]
    assert (item.location, item.target, item.content) == ("Paragraphs 2-3", OMIT, False)
    assert [i.target for i in plan.items if i.text == NEED] == ["q:need"]


def test_a_signed_line_is_a_row_of_the_sign_off_table_and_its_date_the_date_approved():
    plan = _plan(
        _paragraphs(
            "Step one: Identify the need for a PIA",
            NEED,
            "Signed: T. Whitfield, Information Manager, 14 March 2013",
        )
    )
    [item] = [i for i in plan.items if i.text.startswith("Signed")]
    assert item.target == "g:signoffs:approved_by"
    assert item.options[item.target]["cells"] == {
        "name": "T. Whitfield",
        "position": "Information Manager",
        "date": "2013-03-14",
    }
    assert [(r["value"], r["source"]) for r in plan.details["read"] if r["detail"] == "approved"] == [
        ("2013-03-14", item.text)
    ]


def test_a_signed_line_names_no_row_when_the_kind_has_several_sign_offs():
    document = word.read(_paragraphs("Step 1: Identify the need for a DPIA", NEED, "Signed: T. Whitfield"))
    plan = matcher.plan_word(document, "dpia", date(2024, 1, 1), "dpia.docx")
    [item] = [i for i in plan.items if i.text.startswith("Signed")]
    assert not item.target.startswith("g:")


def test_a_paragraph_under_a_sign_off_label_is_not_cut_into_a_sign_off_row():
    advice = (
        "Signed: the information manager reviewed the pilot with the custody inspector, the analyst and the"
        " diversion scheme's lead, and asked for a review after six months."
    )
    plan = _plan(_paragraphs("Step one: Identify the need for a PIA", NEED, advice))
    [item] = [i for i in plan.items if i.text.startswith("Signed")]
    assert not item.target.startswith("g:")
