"""Risk and measure tables as people write them: header variants, foreign scales, identifiers, unreadable
rows, the preview's mapping tables and the stored rows. Real .docx files built with python-docx, read back."""

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpia import kinds
from dpia.importers import matcher, scales, word
from dpia.importers.plan import UNPLACED, allowed, assemble
from dpia.kinds.derive import ico_risk
from dpia.services.assessments import attachments, imports
from dpia.services.assessments import versions as assessments
from tests.conftest import EDITOR, csrf_from

MB = 1024 * 1024
DPIA = kinds.latest("dpia")
RISKS_HEADING = "Step 5: Identify and assess risks"
MEASURES_HEADING = "Step 6: Identify measures to reduce risk"


def document(*tables: tuple[str, list[list[str]]]) -> bytes:
    """A DPIA holding each (heading, rows) table under its heading; the first row of each is its header."""
    made = docx.Document()
    made.add_heading("Data Protection Impact Assessment: Number plate reading", 0)
    for heading, rows in tables:
        made.add_heading(heading, 1)
        table = made.add_table(rows=len(rows), cols=len(rows[0]))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.cell(r, c).text = value
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


def plan_of(data: bytes):
    return matcher.plan_word(word.read(data), "dpia", date(2026, 1, 5), "risks.docx")


def assembled(data: bytes, targets: dict | None = None):
    plan = plan_of(data)
    return assemble(DPIA, plan.items, targets or {}), plan


def risk_values(answers: dict) -> list[tuple[str, str, str]]:
    return [(r["source"].split("\n")[0], r["likelihood"], r["severity"]) for r in answers.get("risks", [])]


def test_every_declared_scale_maps_onto_the_icos_values_without_gaps():
    for scale in scales.SCALES:
        values = {t.value for t in scale.target}
        assert {v for _, v in scale.words} | {v for _, _, v in scale.numbers} <= values, scale.name
        if scale.numbers:
            covered = [n for low, high, _ in scale.numbers for n in range(low, high + 1)]
            top = scale.top * scale.top if scales.scores(scale.target) else scale.top
            assert covered == list(range(1, top + 1)), scale.name


# Header variants: each arrives as risk rows with the ICO's values, the value as written kept in the text.

VARIANTS = {
    "ico words": (
        ["ID", "Description", "Likelihood of harm", "Severity of harm", "Overall risk"],
        [
            ["R1", "Bias in the watchlist", "Possible", "Severe", "High"],
            ["R2", "Misread plates", "Remote", "Minimal", "Low"],
        ],
        [("possible", "severe"), ("remote", "minimal")],
    ),
    "L I residual level status": (
        ["Risk", "L", "I", "Residual", "Level", "Status"],
        [
            ["Bias in the watchlist", "4", "5", "Medium", "20", "Open"],
            ["Misread plates", "1", "3", "Low", "3", "Closed"],
        ],
        [("probable", "severe"), ("remote", "significant")],
    ),
    "threat, low medium high": (
        ["Ref", "Threat", "Likelihood", "Impact", "Rating"],
        [
            ["T1", "Bias in the watchlist", "Medium", "High", "High"],
            ["T2", "Misread plates", "Low", "Low", "Low"],
        ],
        [("possible", "severe"), ("remote", "minimal")],
    ),
    "hazard, rare to almost certain": (
        ["No.", "Hazard", "Probability", "Consequence"],
        [
            ["1", "Bias in the watchlist", "Almost certain", "Major"],
            ["2", "Misread plates", "Unlikely", "Minor"],
        ],
        [("probable", "severe"), ("remote", "minimal")],
    ),
    "source of risk, L S on 1 to 3": (
        ["ID", "Source of risk", "L", "S", "L x S"],
        [["R1", "Bias in the watchlist", "2", "3", "6"], ["R2", "Misread plates", "1", "1", "1"]],
        [("possible", "severe"), ("remote", "minimal")],
    ),
    "1 to 4 in the header": (
        ["#", "Risk description", "Likelihood (1-4)", "Severity (1-4)"],
        [["1", "Bias in the watchlist", "3", "2"], ["2", "Misread plates", "2", "1"]],
        [("possible", "minimal"), ("remote", "minimal")],
    ),
    "1 to 5 with words and a score": (
        ["Risk ID", "Risk", "Likelihood", "Impact", "Risk score"],
        [
            ["R1", "Bias in the watchlist", "3 (Possible)", "4 (Major)", "12"],
            ["R2", "Misread plates", "2/5", "5/5", "10"],
        ],
        [("possible", "severe"), ("remote", "severe")],
    ),
    "columns named only by their cells": (
        ["", "Threat", "Column 3", "Column 4"],
        [
            ["R1", "Bias in the watchlist", "Almost certain", "Catastrophic"],
            ["R2", "Misread plates", "Rare", "Negligible"],
        ],
        [("probable", "severe"), ("remote", "minimal")],
    ),
}


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_each_header_variant_becomes_risk_rows_with_the_icos_values(variant):
    headers, rows, expected = VARIANTS[variant]
    result, plan = assembled(document((RISKS_HEADING, [headers, *rows])))
    descriptions = ["Bias in the watchlist", "Misread plates"]
    assert risk_values(result.answers) == [(d, *v) for d, v in zip(descriptions, expected, strict=True)]
    targets = [i.target for i in plan.items if i.location.startswith("Table 1, row ")]
    assert targets == ["omit", "t:risks", "t:risks"]


def test_the_value_as_written_and_other_columns_stay_in_the_risk_text():
    headers, rows, _ = VARIANTS["L I residual level status"]
    result, _ = assembled(document((RISKS_HEADING, [headers, *rows])))
    first = result.answers["risks"][0]["source"]
    assert first.split("\n") == [
        "Bias in the watchlist",
        "Likelihood of harm as written: 4",
        "Severity of harm as written: 5",
        "Residual: Medium",
        "Overall risk as written: 20",
        "Status: Open",
    ]


def test_the_icos_own_words_add_nothing_to_the_text():
    headers, rows, _ = VARIANTS["ico words"]
    result, plan = assembled(document((RISKS_HEADING, [headers, *rows])))
    assert result.answers["risks"][0]["source"] == "Bias in the watchlist\nID: R1"
    assert plan.scales == []


def test_a_risk_l_i_residual_table_is_a_risk_table_not_measures():
    headers, rows, _ = VARIANTS["L I residual level status"]
    _, plan = assembled(document(("Risk register", [headers, *rows])))
    header = next(i for i in plan.items if i.location == "Table 1, row 1")
    assert header.reason == (
        "Table header recognised: ‘Risks’ (Risk is source of risk and nature of potential impact on"
        " individuals; L is likelihood of harm; I is severity of harm; Level is overall risk;"
        " Residual, Status kept in each row's text)"
    )


def test_a_scale_stated_in_a_header_holds_over_the_highest_value_seen():
    # On 1 to 5, 3 is possible and 2 minimal; on 1 to 3 (the highest seen) probable and significant.
    rows = [["Source of risk", "Likelihood (1-5)", "Severity"], ["Bias in the watchlist", "3", "2"]]
    result, plan = assembled(document((RISKS_HEADING, rows)))
    assert risk_values(result.answers) == [("Bias in the watchlist", "possible", "minimal")]
    assert {row["scale"] for row in plan.scales[0]["rows"]} == {"1 to 5"}


def test_the_preview_mapping_lists_each_value_as_written_and_what_it_became():
    headers, rows, _ = VARIANTS["1 to 5 with words and a score"]
    _, plan = assembled(document((RISKS_HEADING, [headers, *rows])))
    [table] = plan.scales
    assert table["table"] == "Table 1" and table["question"] == "Risks"
    shown = {(r["column"], r["header"], r["written"], r["becomes"], r["scale"]) for r in table["rows"]}
    assert ("Likelihood of harm", "Likelihood", "3 (Possible)", "Possible", "ICO") in shown
    assert ("Severity of harm", "Impact", "4 (Major)", "Severe", "Insignificant to catastrophic") in shown
    assert ("Likelihood of harm", "Likelihood", "2/5", "Remote", "1 to 5") in shown
    assert ("Overall risk", "Risk score", "12", "Medium", "Score on a 5 × 5 matrix") in shown
    columns = [r["column"] for r in table["rows"]]
    assert columns == sorted(columns, key=columns.index)  # grouped by column, in the table's order


def test_a_stated_score_that_disagrees_with_the_ico_matrix_is_kept_as_a_note():
    headers, rows, _ = VARIANTS["1 to 5 with words and a score"]
    result, _ = assembled(document((RISKS_HEADING, [headers, *rows])))
    notes = [u["text"] for u in result.unplaced]
    # Possible and severe is high on the ICO's matrix; 12 on a 5 x 5 matrix is medium.
    assert notes == ["Overall risk: 12 (the ICO matrix gives High)"]
    assert "Overall risk as written: 12" in result.answers["risks"][0]["source"]


def test_a_header_naming_a_column_exactly_wins_over_a_longer_one_and_the_other_stays_in_the_text():
    risks = [
        ["Risk", "Impact on individuals", "Likelihood", "Impact"],
        ["Bias in the watchlist", "People wrongly stopped", "Possible", "Severe"],
    ]
    result, _ = assembled(document((RISKS_HEADING, risks)))
    assert risk_values(result.answers) == [("Bias in the watchlist", "possible", "severe")]
    assert "Impact on individuals: People wrongly stopped" in result.answers["risks"][0]["source"]


def test_a_blank_templates_row_of_scales_is_template_wording_not_a_risk():
    risks = [
        [
            "Describe source of risk and nature of potential impact on individuals.",
            "Likelihood of harm",
            "Severity of harm",
            "Overall risk",
        ],
        ["", "Remote, possible or probable", "Minimal, significant or severe", "Low, medium or high"],
        ["Bias in the watchlist", "Possible", "Severe", "High"],
    ]
    measures = [
        [
            "Risk",
            "Options to reduce or eliminate risk",
            "Effect on risk",
            "Residual risk",
            "Measure approved",
        ],
        ["", "", "Eliminated, reduced or accepted", "Low, medium or high", "Yes/no"],
    ]
    result, plan = assembled(document((RISKS_HEADING, risks), (MEASURES_HEADING, measures)))
    guidance = [i for i in plan.items if i.location in ("Table 1, row 2", "Table 2, row 2")]
    assert [(i.target, i.content) for i in guidance] == [("omit", False), ("omit", False)]
    # Shown as the form's own wording (the blank row of the ICO form), never as an unreadable risk.
    assert all("wording" in i.reason for i in guidance)
    assert risk_values(result.answers) == [("Bias in the watchlist", "possible", "severe")]
    assert result.unplaced == []


def test_a_scale_written_under_the_header_in_its_cell_still_names_the_column():
    risks = [
        [
            "Risk",
            "Likelihood of harm\nRemote, possible or probable",
            "Severity of harm\nMinimal, significant or severe",
        ],
        ["Bias in the watchlist", "Probable", "Significant"],
    ]
    result, _ = assembled(document((RISKS_HEADING, risks)))
    assert risk_values(result.answers) == [("Bias in the watchlist", "probable", "significant")]


# Measures point at their risks by identifier, and their effect maps by the declared table.


def test_measures_point_at_risks_by_their_identifier_whatever_the_order():
    risks = [
        ["ID", "Description", "Likelihood", "Severity"],
        ["R3", "Bias in the watchlist", "Probable", "Severe"],
        ["R1", "Misread plates", "Possible", "Minimal"],
        ["R2", "Reads kept too long", "Remote", "Significant"],
    ]
    measures = [
        ["Risk", "Measure", "Effect", "Residual risk"],
        ["R1", "Second reader checks each match", "Low", "Low"],
        ["Risk 2", "Delete reads after 90 days", "Eliminated", "Low"],
        ["3", "Quarterly bias audit", "Reduced", "Medium"],
        ["R3", "Publish the audit", "Accepted", "Medium"],
    ]
    result, _ = assembled(document((MEASURES_HEADING, measures), (RISKS_HEADING, risks)))
    by_id = {r["_id"]: r["source"].split("\n")[0] for r in result.answers["risks"]}
    linked = [(by_id[m["risk"]], m["effect"], m["residual"]) for m in result.answers["measures"]]
    assert linked == [
        ("Misread plates", "reduced", "low"),
        ("Reads kept too long", "eliminated", "low"),
        ("Bias in the watchlist", "reduced", "medium"),
        ("Bias in the watchlist", "accepted", "medium"),
    ]
    assert "_key" not in str(result.answers) and result.unplaced == []
    assert (
        result.answers["measures"][0]["option"]
        == "Second reader checks each match\nEffect on risk as written: Low"
    )


def test_without_identifiers_a_number_names_the_risk_at_that_place():
    risks = [
        ["Description", "Likelihood", "Severity"],
        ["Bias", "Probable", "Severe"],
        ["Misreads", "Possible", "Minimal"],
    ]
    measures = [
        ["Risk", "Action", "Effect on risk", "Residual"],
        ["Risk 2", "Second reader", "Reduced", "Low"],
    ]
    result, _ = assembled(document((RISKS_HEADING, risks), (MEASURES_HEADING, measures)))
    assert result.answers["measures"][0]["risk"] == result.answers["risks"][1]["_id"]


# Rows that still cannot be read say which cell and why; any table row may go to risks or measures.


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        (
            [
                ["ID", "Description", "Likelihood", "Severity"],
                ["R1", "Bias", "Possible", "Severe"],
                ["R2", "Misreads", "maybe", "Severe"],
            ],
            "Row 3: the likelihood of harm ‘maybe’ is not on any known scale",
        ),
        (
            [
                ["ID", "Description", "Likelihood", "Severity"],
                ["R1", "Bias", "Possible", "Severe"],
                ["R2", "", "Possible", "Severe"],
            ],
            "Row 3: no source of risk and nature of potential impact on individuals is given",
        ),
        (
            [["Risk", "L", "I"], ["Bias", "2", "5"], ["Misreads", "7", "2"]],
            "Row 3: the likelihood of harm ‘7’ is not on any known scale",
        ),
    ],
    ids=["word", "empty description", "beyond the scale"],
)
def test_an_unreadable_row_names_the_cell_and_why_and_keeps_its_words(rows, reason):
    result, plan = assembled(document((RISKS_HEADING, rows)))
    item = next(i for i in plan.items if i.location == "Table 1, row 3")
    assert (item.target, item.reason) == (UNPLACED, reason)
    assert len(result.answers["risks"]) == 1
    assert [u["text"] for u in result.unplaced] == [item.text]


def test_a_measures_table_without_a_required_column_says_so():
    measures = [["Risk", "Measure", "Effect"], ["1", "Second reader", "Reduced"]]
    _, plan = assembled(document((MEASURES_HEADING, measures)))
    item = next(i for i in plan.items if i.location == "Table 1, row 2")
    assert item.reason == "Row 2: the table has no ‘Residual risk’ column"


def test_a_combined_register_row_may_go_to_risks_or_to_measures():
    register = [
        ["Risk", "L", "I", "Mitigation", "Effect", "Residual"],
        ["Bias in the watchlist", "3", "3", "Quarterly bias audit", "Reduced", "Low"],
    ]
    data = document((RISKS_HEADING, register))
    result, plan = assembled(data)
    row = next(i for i in plan.items if i.location == "Table 1, row 2")
    assert row.target == "t:risks" and set(row.options) == {"t:risks", "t:measures"}
    assert allowed(DPIA, row, "t:measures")
    assert "Mitigation: Quarterly bias audit" in result.answers["risks"][0]["source"]
    # Sent to measures instead, it points at a risk by its words: none was imported, so it waits to be placed.
    moved = assemble(DPIA, plan.items, {row.id: "t:measures"})
    assert "risks" not in moved.answers and "Quarterly bias audit" in moved.unplaced[0]["text"]


# Through the web pages and the service: the preview shows the mapping, confirming stores exactly those rows.


@pytest.fixture
def storage(app):
    return attachments.Storage(instance=Path(app.instance_path), max_bytes=25 * MB)


REGISTER = document(
    (
        RISKS_HEADING,
        [
            ["Risk", "L", "I", "Residual", "Level", "Status"],
            ["Bias in the watchlist", "4 (Likely)", "5", "Medium", "20", "Open"],
            ["Misread plates", "2", "3", "Low", "4", "Open"],
            ["Reads kept too long", "maybe", "3", "Low", "", "Open"],
        ],
    ),
    (
        MEASURES_HEADING,
        [
            ["Risk", "Control", "Effect", "Residual risk"],
            ["Risk 1", "Quarterly bias audit", "Low", "Medium"],
            ["2", "Second reader checks each match", "Reduced", "Low"],
        ],
    ),
)


def _selects(html: str) -> dict[str, list[str]]:
    """Each item's drop-down: its option values in order, the selected one first."""
    found = {}
    for select in re.finditer(
        r'<select class="govuk-select[^"]*" id="target-(i\d+)".*?</select>', html, re.S
    ):
        values = re.findall(r'<option value="([^"]+)"( selected)?>', select.group(0))
        found[select.group(1)] = [v for v, s in values if s] + [v for v, s in values if not s]
    return found


def test_the_preview_page_shows_the_mapping_the_reasons_and_the_destinations(signed_in, make_system):
    editor = signed_in("editor")
    response = editor.post(
        f"/systems/{make_system()}/import", {"file": (io.BytesIO(REGISTER), "register.docx"), "kind": "dpia"}
    )
    assert response.status_code == 302
    html = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "How Table 1’s values become the ICO’s scales (Risks)" in html
    assert re.search(
        r"Likelihood of harm \(‘L’\)</td>\s*<td[^>]*>4 \(Likely\)</td>\s*<td[^>]*>Probable</td>", html
    )
    assert "How Table 2’s values become the ICO’s scales (Measures)" in html
    assert "Row 4: the likelihood of harm ‘maybe’ is not on any known scale" in html
    selects = _selects(html)
    plan_items = {s[0] for s in selects.values()}
    assert {"t:risks", "t:measures", UNPLACED} <= plan_items


def test_confirming_stores_exactly_the_rows_the_preview_showed(db, storage, make_system):
    token = imports.upload(db, EDITOR, storage, make_system(), "register.docx", REGISTER, "dpia")
    plan = imports.staged(db, EDITOR, token)["plan"]
    risk_items = [i for i in plan.items if i.target == "t:risks"]
    unreadable = next(i for i in plan.items if i.location == "Table 1, row 4")
    summary = imports.confirm(db, EDITOR, storage, token, plan.details, {})
    version = assessments.load(db, EDITOR, summary.assessment_id)
    risks, measures = version["answers"]["risks"], version["answers"]["measures"]
    assert [r["source"] for r in risks] == [i.options["t:risks"]["cells"]["source"] for i in risk_items]
    assert [(r["likelihood"], r["severity"]) for r in risks] == [
        ("probable", "severe"),
        ("remote", "significant"),
    ]
    assert [(m["risk"], m["effect"], m["residual"]) for m in measures] == [
        (risks[0]["_id"], "reduced", "medium"),
        (risks[1]["_id"], "reduced", "low"),
    ]
    assert "Likelihood of harm as written: 4 (Likely)" in risks[0]["source"]
    assert [u["text"] for u in version["unplaced"]] == [unreadable.text]
    assert "Likelihood of harm: maybe" in unreadable.text


def _item_id(html: str, location: str) -> str:
    """The preview's id for the item read from `location`."""
    pattern = r'id="item-(i\d+)">\s*<div[^>]*>\s*<span[^>]*>' + re.escape(location) + "</span>"
    return re.search(pattern, html).group(1)


def test_the_preview_page_accepts_a_register_row_sent_to_measures(signed_in, make_system, db):
    editor = signed_in("editor")
    data = document(
        (
            RISKS_HEADING,
            [
                ["ID", "Risk", "L", "I", "Mitigation", "Effect", "Residual"],
                ["R1", "Bias in the watchlist", "3", "3", "Quarterly bias audit", "Reduced", "Low"],
                ["R2", "Misread plates", "2", "2", "Second reader", "Reduced", "Low"],
            ],
        )
    )
    preview_url = editor.post(
        f"/systems/{make_system()}/import", {"file": (io.BytesIO(data), "register.docx"), "kind": "dpia"}
    ).headers["Location"]
    page = editor.get(preview_url).get_data(as_text=True)
    selects = _selects(page)
    moved = _item_id(page, "Table 1, row 3")
    assert selects[moved][0] == "t:risks" and "t:measures" in selects[moved]
    form = {f"target-{i}": values[0] for i, values in selects.items()}
    form[f"target-{moved}"] = "t:measures"
    title = re.search(r'name="title" type="text" value="([^"]*)"', page).group(1)
    done = editor.client.post(
        preview_url,
        data={
            "action": "confirm",
            "title": title,
            "marking": "OFFICIAL",
            "csrf_token": csrf_from(page),
            **form,
        },
    )
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    version = assessments.load(
        db, EDITOR, int(re.search(r"/assessments/(\d+)", done.headers["Location"]).group(1))
    )
    assert [r["source"].split("\n")[0] for r in version["answers"]["risks"]] == ["Bias in the watchlist"]
    # Its risk, "Misread plates", went with it, so the measure names no imported risk: it waits, words kept.
    assert "measures" not in version["answers"]
    assert any("Second reader" in u["text"] for u in version["unplaced"])


# Fuzz: shuffled columns, header synonyms, scales and table order; every risk row arrives, rightly read.

LIKELIHOOD_SCALES = {
    "ico": [("Remote", "remote"), ("Possible", "possible"), ("Probable", "probable")],
    "levels": [("Low", "remote"), ("Medium", "possible"), ("High", "probable")],
    "words": [
        ("Rare", "remote"),
        ("Unlikely", "remote"),
        ("Possible", "possible"),
        ("Likely", "probable"),
        ("Almost certain", "probable"),
    ],
    "1-3": [("1", "remote"), ("2", "possible"), ("3", "probable")],
    "1-4": [("1", "remote"), ("2", "remote"), ("3", "possible"), ("4", "probable")],
    "1-5": [("1", "remote"), ("2", "remote"), ("3", "possible"), ("4", "probable"), ("5", "probable")],
    "1-5 with words": [
        ("1 (Rare)", "remote"),
        ("2 (Unlikely)", "remote"),
        ("3 (Possible)", "possible"),
        ("4 (Likely)", "probable"),
        ("5 (Almost certain)", "probable"),
    ],
}
SEVERITY_SCALES = {
    "ico": [("Minimal", "minimal"), ("Significant", "significant"), ("Severe", "severe")],
    "levels": [("Low", "minimal"), ("Medium", "significant"), ("High", "severe")],
    "words": [
        ("Negligible", "minimal"),
        ("Minor", "minimal"),
        ("Moderate", "significant"),
        ("Major", "severe"),
        ("Catastrophic", "severe"),
    ],
    "1-3": [("1", "minimal"), ("2", "significant"), ("3", "severe")],
    "1-4": [("1", "minimal"), ("2", "minimal"), ("3", "significant"), ("4", "severe")],
    "1-5": [("1", "minimal"), ("2", "minimal"), ("3", "significant"), ("4", "severe"), ("5", "severe")],
    "1-5 with words": [
        ("1 (Insignificant)", "minimal"),
        ("2 (Minor)", "minimal"),
        ("3 (Moderate)", "significant"),
        ("4 (Major)", "severe"),
        ("5 (Catastrophic)", "severe"),
    ],
}
HEADERS = {
    "id": ["ID", "Ref", "Risk ID", "No."],
    "description": ["Description", "Risk", "Threat", "Source of risk", "Hazard", "Risk description"],
    "likelihood": ["Likelihood", "Likelihood of harm", "L", "Probability"],
    "severity": ["Severity", "Severity of harm", "Impact", "I", "S", "Consequence"],
    "status": ["Status"],
    "overall": ["Overall risk", "Level", "Rating", "Risk level"],
}
MEASURE_HEADERS = {
    "risk": ["Risk", "Risk ID"],
    "option": ["Measure", "Action", "Control", "Mitigation"],
    "effect": ["Effect", "Effect on risk"],
    "residual": ["Residual risk", "Residual"],
}
EFFECTS = [("Reduced", "reduced"), ("Eliminated", "eliminated"), ("Accepted", "accepted"), ("Low", "reduced")]
REFERENCES = ["R{}", "Risk {}", "{}"]
RISK_LEVEL_LABELS = {"low": "Low", "medium": "Medium", "high": "High"}
WORDS = [
    "watchlist bias",
    "misread plates",
    "reads kept too long",
    "shared without a basis",
    "wrong vehicle stopped",
]
FUZZ = settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def registers(draw):
    """A risk table and a measures table written one of many ways, with the ICO values each row should get."""
    scale = draw(st.sampled_from(sorted(LIKELIHOOD_SCALES)))
    likelihoods, severities = LIKELIHOOD_SCALES[scale], SEVERITY_SCALES[scale]
    count = draw(st.integers(1, len(WORDS)))
    picks = [
        (draw(st.integers(0, len(likelihoods) - 1)), draw(st.integers(0, len(severities) - 1)))
        for _ in range(count)
    ]
    hinted = scale.startswith("1-") and draw(st.booleans())
    if scale.startswith("1-") and not hinted:
        picks[0] = (len(likelihoods) - 1, picks[0][1])  # without a stated range, the top is the highest seen
    numbers = draw(st.permutations(range(1, count + 1)))
    names = {key: draw(st.sampled_from(options)) for key, options in HEADERS.items()}
    hint = f" (1-{len(likelihoods)})" if hinted else ""
    present = ["id", "description", "likelihood", "severity", "status"] + (
        ["overall"] if draw(st.booleans()) else []
    )
    columns = draw(st.permutations(present))
    header = [names[c] + (hint if c in ("likelihood", "severity") else "") for c in columns]
    rows, expected = [], []
    for i, ((lk, sv), number) in enumerate(zip(picks, numbers, strict=True)):
        cells = {
            "id": f"R{number}",
            "description": WORDS[i],
            "likelihood": likelihoods[lk][0],
            "severity": severities[sv][0],
            "status": "Open",
            # Stated as the ICO's matrix gives it, so no note of a disagreement is expected.
            "overall": RISK_LEVEL_LABELS[
                ico_risk({"likelihood": likelihoods[lk][1], "severity": severities[sv][1]})
            ],
        }
        rows.append([cells[c] for c in columns])
        expected.append((WORDS[i], likelihoods[lk][1], severities[sv][1], number))
    measures, linked = draw(_measures(expected))
    risk_table = (draw(st.sampled_from([RISKS_HEADING, "Risk register"])), [header, *rows])
    tables = [risk_table, (MEASURES_HEADING, measures)]
    if draw(st.booleans()):
        tables.reverse()
    return tables, expected, linked


@st.composite
def _measures(draw, expected):
    names = {key: draw(st.sampled_from(options)) for key, options in MEASURE_HEADERS.items()}
    columns = draw(st.permutations(list(MEASURE_HEADERS)))
    rows, linked = [], []
    for description, _, _, number in expected:
        effect = draw(st.sampled_from(EFFECTS))
        reference = draw(st.sampled_from(REFERENCES)).format(number)
        cells = {
            "risk": reference,
            "option": f"Measure for {description}",
            "effect": effect[0],
            "residual": "Low",
        }
        rows.append([cells[c] for c in columns])
        linked.append((description, effect[1]))
    return [[names[c] for c in columns], *rows], linked


@FUZZ
@given(registers())
def test_fuzz_every_risk_row_arrives_however_the_table_is_written(register):
    tables, expected, linked = register
    result, _ = assembled(document(*tables))
    risks = result.answers["risks"]
    assert [(r["source"].split("\n")[0], r["likelihood"], r["severity"]) for r in risks] == [
        e[:3] for e in expected
    ]
    for risk, (_, _, _, number) in zip(risks, expected, strict=True):
        assert f": R{number}" in risk["source"]  # the identifier stays in the text
    by_id = {r["_id"]: r["source"].split("\n")[0] for r in risks}
    assert [(by_id[m["risk"]], m["effect"]) for m in result.answers["measures"]] == linked
    assert result.unplaced == []
