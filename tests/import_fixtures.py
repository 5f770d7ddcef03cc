"""Documents to import, built in code: an ICO-template DPIA, an EqIA, a free-form PIA, CNIL exports."""

import copy
import io

import docx
from docx.oxml import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXTBOX = (
    '<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    "<wps:wsp><wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx></wps:wsp></w:drawing>"
    "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent>"
    "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)

ICO_AIMS = "The system forecasts where knife crime is likely in the next four weeks on a 1 km grid."
ICO_AIMS_2 = "Forecasts guide where patrols go; they never name individuals."
ICO_NATURE = (
    "Crime records are extracted nightly from the records management system and deleted after 2 years."
)
ICO_SCOPE = "Location and time of recorded knife crime in the force area, about 4,000 records a year."
ICO_CONTEXT = "People in forecast areas do not know their area is flagged, which raises public concern."
ICO_PURPOSES = "To reduce knife crime by putting patrols where they are most needed."
ICO_CONSULT = "We consulted the ethics committee on 20 November 2018 and the independent advisory group."
ICO_NECESSITY = (
    "Lawful basis: DPA 2018 s35, the prevention of crime. No less intrusive way gives the same result."
)
ICO_TEXTBOX = "Data is minimised to grid squares; no names or addresses reach the model."
ICO_RISKS = (
    ("Biased historic data leads to over-policing of some communities", "Possible", "Severe", "High"),
    ("Inaccurate forecasts send patrols to the wrong places", "Probable", "Minimal", "High"),
    ("Function creep into targeting individuals", "Medium", "Severe", "High"),
)
ICO_MEASURES = (
    ("1", "Independent bias audit every six months", "Reduced", "Medium", "Yes"),
    (
        "Inaccurate forecasts",
        "Officers review every forecast before patrols are tasked",
        "Reduced",
        "Low",
        "Yes",
    ),
)
ICO_DPO = "Proceed once the first bias audit has reported."
ICO_APPENDIX = "The data flow diagram is kept by the analytics team."


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_textbox(paragraph, *texts: str) -> None:
    """Anchor a text box in a paragraph, stored as Word does: a modern copy and a fallback copy."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    paragraph._p.append(parse_xml(TEXTBOX.format(w=W, paragraphs=paragraphs)))


def _table(document, rows, style=None):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def _margins(document, header: str, footer: str) -> None:
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer


def ico_dpia() -> bytes:
    """A DPIA on the ICO's template: seven steps, prompts, answer boxes, risk and measure tables, sign-off."""
    document = docx.Document()
    _margins(document, "RESTRICTED", "Ref: DPIA/2019/04    Version 1.2    3 June 2019")
    document.add_heading("Data Protection Impact Assessment: Knife Crime Prediction", 0)
    _table(document, [["Project name", "Knife Crime Prediction"], ["Assessment owner", "DI Jane Smith"]])
    document.add_heading("Step 1: Identify the need for a DPIA", 1)
    document.add_paragraph(
        "Explain broadly what project aims to achieve and what type of processing it involves. You may find"
        " it helpful to refer or link to other documents, such as a project proposal. Summarise why you"
        " identified the need for a DPIA."
    )
    box = _table(document, [[ICO_AIMS]])
    box.cell(0, 0).add_paragraph(ICO_AIMS_2)
    document.add_heading("Step 2: Describe the processing", 1)
    for prompt, answer in (
        (
            "Describe the nature of the processing: how will you collect, use, store and delete data? What is"
            " the source of the data? Will you be sharing data with anyone?",
            ICO_NATURE,
        ),
        (
            "Describe the scope of the processing: what is the nature of the data, and does it include"
            " special category or criminal offence data? How much data will you be collecting and using?"
            " How often? How long will you keep it? How many individuals are affected? What geographical"
            " area does it cover?",
            ICO_SCOPE,
        ),
        (
            "Describe the context of the processing: what is the nature of your relationship with the"
            " individuals? How much control will they have? Would they expect you to use their data in this"
            " way?",
            ICO_CONTEXT,
        ),
        (
            "Describe the purposes of the processing: what do you want to achieve? What is the intended"
            " effect on individuals? What are the benefits of the processing?",
            ICO_PURPOSES,
        ),
    ):
        document.add_paragraph(prompt)
        _table(document, [[answer]])
    document.add_heading("Step 3: Consultation process", 1)
    document.add_paragraph(
        "Consider how to consult with relevant stakeholders: describe when and how you will seek individuals’"
        " views – or justify why it’s not appropriate to do so. Who else do you need to involve within your"
        " organisation? Do you need to ask your processors to assist? Do you plan to consult information"
        " security experts, or any other experts?"
    )
    _table(document, [[ICO_CONSULT]])
    document.add_heading("Step 4: Assess necessity and proportionality", 1)
    document.add_paragraph(ICO_NECESSITY)
    add_textbox(document.add_paragraph(), ICO_TEXTBOX)
    document.add_heading("Step 5: Identify and assess risks", 1)
    _table(
        document,
        [
            [
                "Describe source of risk and nature of potential impact on individuals. Include associated"
                " compliance and corporate risks as necessary.",
                "Likelihood of harm",
                "Severity of harm",
                "Overall risk",
            ],
            *[list(r) for r in ICO_RISKS],
        ],
    )
    document.add_heading("Step 6: Identify measures to reduce risk", 1)
    _table(
        document,
        [
            [
                "Risk",
                "Options to reduce or eliminate risk",
                "Effect on risk",
                "Residual risk",
                "Measure approved",
            ],
            *[list(m) for m in ICO_MEASURES],
        ],
    )
    document.add_heading("Step 7: Sign off and record outcomes", 1)
    _table(
        document,
        [
            ["Item", "Name/position/date", "Notes"],
            ["Measures approved by:", "Supt A Jones", "Integrate actions back into project plan"],
            ["DPO advice provided:", "J Bloggs, DPO", ""],
            ["Summary of DPO advice:", ICO_DPO, ""],
        ],
    )
    document.add_heading("Appendix A: Data flows", 1)
    document.add_paragraph(ICO_APPENDIX)
    return _save(document)


EQIA_PURPOSE = "Live facial recognition compares faces passing a camera with a watchlist."
EQIA_EVIDENCE = "NPL testing in 2023 measured false match rates by sex and ethnicity."
EQIA_ENGAGEMENT = "We met the independent advisory group and two community groups in May 2023."
EQIA_IMPACTS = (
    ("Age", "Negative", "Lower accuracy for people under 20", "Watchlist reviews"),
    ("Race", "Unknown", "Testing is under way", "Monitor alerts by ethnicity"),
    ("Sex", "Neutral", "No difference found at threshold 0.6", ""),
)
EQIA_TEST = (
    "12 April 2023",
    "National Physical Laboratory",
    "Equitability study on 178,000 images",
    "No bias",
)
EQIA_MONITORING = "Alerts and false alerts are reported monthly by age, sex and ethnicity."


def eqia() -> bytes:
    """An EqIA: purpose, evidence, engagement, impacts per characteristic, bias testing, monitoring."""
    document = docx.Document()
    _margins(document, "OFFICIAL-SENSITIVE", "Equality Impact Assessment – completed 30 June 2023")
    document.add_heading("Equality Impact Assessment: Live Facial Recognition", 0)
    document.add_heading("Purpose and scope", 1)
    document.add_paragraph(EQIA_PURPOSE)
    document.add_heading("Evidence and data", 1)
    document.add_paragraph(EQIA_EVIDENCE)
    document.add_heading("Engagement and consultation", 1)
    document.add_paragraph(EQIA_ENGAGEMENT)
    document.add_heading("Impact on each protected characteristic", 1)
    _table(
        document,
        [["Protected characteristic", "Impact", "Evidence", "Mitigation"], *[list(r) for r in EQIA_IMPACTS]],
    )
    document.add_heading("Bias testing", 1)
    _table(document, [["Date of test", "Who tested", "Method", "Result"], list(EQIA_TEST)])
    document.add_heading("Monitoring and review", 1)
    document.add_paragraph(EQIA_MONITORING)
    return _save(document)


PIA_NEED = "ANPR reads are shared with the neighbouring force to find vehicles linked to crime."
PIA_FLOWS = "Reads pass over the police network and are kept for 90 days."
PIA_RISKS = "Reads of people not involved in crime are kept longer than needed."
PIA_SOLUTIONS = "Automatic deletion after 90 days; access limited to named analysts."
PIA_OTHER = "The vendor's support staff may see reads during maintenance."


def freeform_pia() -> bytes:
    """An older free-form PIA: bold pseudo-headings, a PROTECT marking and a month-only date."""
    document = docx.Document()
    _margins(document, "PROTECT", "March 2012")
    document.add_paragraph("Privacy Impact Assessment – ANPR data sharing").runs[0].bold = True
    for heading, text in (
        ("Why a PIA is needed", PIA_NEED),
        ("Information flows", PIA_FLOWS),
        ("Privacy risks", PIA_RISKS),
        ("Privacy solutions", PIA_SOLUTIONS),
        ("Supplier access", PIA_OTHER),
    ):
        document.add_paragraph().add_run(heading).bold = True
        document.add_paragraph(text)
    return _save(document)


# CNIL PIA tool exports, in the front end's shape ({pia, answers, measures, evaluations, comments}).

CNIL_FRONT = {
    "pia": {
        "id": 12,
        "name": "Custody risk model",
        "author_name": "Elisabeth York",
        "evaluator_name": "Eric Vincent",
        "validator_name": "Mary Smith",
        "status": 2,
        "dpo_status": 1,
        "dpo_opinion": "The measures planned make the residual risks acceptable.",
        "dpos_names": "Michael Thomas",
        "concerned_people_opinion": "The advisory group supports the pilot.",
        "concerned_people_status": 1,
        "people_names": "Independent advisory group",
        "concerned_people_searched_opinion": True,
        "concerned_people_searched_content": "",
        "rejection_reason": "",
        "applied_adjustments": "",
        "created_at": "2018-02-20T15:25:41.845Z",
        "updated_at": "2018-02-21T13:21:08.054Z",
    },
    "answers": [
        {
            "pia_id": 12,
            "reference_to": 111,
            "data": {"text": "<p>Scores people in <strong>custody</strong>.</p>"},
        },
        {"pia_id": 12, "reference_to": 121, "data": {"text": "Custody records, kept 6 years.", "gauge": 0}},
        {"pia_id": 12, "reference_to": 212, "data": {"text": "DPA 2018 s35", "gauge": 0, "list": []}},
        {"pia_id": 12, "reference_to": 221, "data": {"text": "A privacy notice on the force website."}},
        {
            "pia_id": 12,
            "reference_to": 321,
            "data": {"text": None, "gauge": None, "list": ["Discrimination"]},
        },
        {"pia_id": 12, "reference_to": 322, "data": {"text": None, "gauge": None, "list": ["Data theft"]}},
        {"pia_id": 12, "reference_to": 323, "data": {"text": None, "list": ["Employee", "Attacker"]}},
        {"pia_id": 12, "reference_to": 324, "data": {"list": ["Encryption", "Logging"]}},
        {"pia_id": 12, "reference_to": 325, "data": {"text": "Serious consequences", "gauge": 3}},
        {"pia_id": 12, "reference_to": 326, "data": {"text": "Hard for outsiders", "gauge": 2}},
        {"pia_id": 12, "reference_to": 331, "data": {"list": ["Wrong risk score"]}},
        {"pia_id": 12, "reference_to": 334, "data": {"list": ["Logging"]}},
        {"pia_id": 12, "reference_to": 335, "data": {"text": "Limited", "gauge": 2}},
        {"pia_id": 12, "reference_to": 336, "data": {"text": "Negligible", "gauge": 1}},
        {"pia_id": 12, "reference_to": 341, "data": {"list": ["Loss of records"]}},
        {"pia_id": 12, "reference_to": 345, "data": {"text": "Maximum", "gauge": 4}},
    ],
    "measures": [
        {"id": 101, "pia_id": 12, "title": "Encryption", "content": "Data encrypted at rest and in transit."},
        {"id": 102, "pia_id": 12, "title": "Logging", "content": "Every access is logged and audited."},
        {"id": 103, "pia_id": 12, "title": "Training", "content": "Staff complete annual training."},
    ],
    "evaluations": [
        {
            "pia_id": 12,
            "reference_to": "2.1.212",
            "status": 2,
            "evaluation_comment": "Name the statutory function.",
            "action_plan_comment": "Add the s35(2) purpose.",
            "gauges": {"x": 0, "y": 0},
        },
        {
            "pia_id": 12,
            "reference_to": "3.2",
            "status": 2,
            "evaluation_comment": "",
            "gauges": {"x": 2, "y": 1},
        },
        {"pia_id": 12, "reference_to": "3.1.101", "status": 3, "gauges": {"x": 0, "y": 0}},
    ],
    "comments": [
        {
            "pia_id": 12,
            "reference_to": 212,
            "description": "Check with legal services.",
            "for_measure": False,
        },
    ],
}


def cnil_front() -> dict:
    """A CNIL PIA export in the front end's shape."""
    return copy.deepcopy(CNIL_FRONT)


def cnil_back() -> list:
    """The back end's list shape: each PIA with its answers, measures, evaluations and comments inside."""
    front = cnil_front()
    pia = {**front["pia"], **{k: front[k] for k in ("answers", "measures", "evaluations", "comments")}}
    other = {**copy.deepcopy(pia), "id": 13, "name": "Second PIA"}
    return [pia, other]


# Zip surgery for hostile variants, and small files of each evidence type.


def parts_of(data: bytes) -> dict[str, bytes]:
    """Every part of a zip file by name."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(parts: dict[str, bytes], method: int | None = None) -> bytes:
    """A zip file of the given parts."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method if method is not None else zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
        + b"\x00" * 16
    )


def jpeg() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"
    )


def xlsx() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    return zipped(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/></Types>'
            ).encode(),
            "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="x"/>',
            "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="x"/>',
        }
    )


# Hand-built zips whose headers lie, as an attacker writes them (zipfile always writes honest sizes).


def deflated_zeros(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of `size` bytes of XML-ish filler, built from one repeated block, and its CRC."""
    import zlib

    chunk = b"0" * (1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    # A full flush ends each block on a byte boundary with no back-references, so blocks can be repeated.
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    return block * (size // len(chunk)) + compressor.flush(), crc


def lying_zip(
    parts: dict[str, bytes], name: str, raw: bytes, declared: int, crc: int = 0, copies: int = 1
) -> bytes:
    """`parts` zipped honestly plus `copies` deflated parts named after `name`, declaring `declared` bytes."""
    import struct
    import zlib

    entries = [(n, zlib.compress(c, 6)[2:-4], zlib.crc32(c), len(c)) for n, c in parts.items()]
    entries.extend((f"{name}.{i}" if i else name, raw, crc, declared) for i in range(copies))
    out, central = io.BytesIO(), io.BytesIO()
    for entry_name, body, entry_crc, size in entries:
        encoded = entry_name.encode()
        offset = out.tell()
        fields = (20, 0, 8, 0, 0x21, entry_crc, len(body), size, len(encoded))
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields, 0) + encoded + body)
        central.write(
            struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + encoded
        )
    start = out.tell()
    out.write(central.getvalue())
    count = len(entries)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central.getvalue()), start, 0))
    return out.getvalue()
