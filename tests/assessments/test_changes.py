"""Comparing two states of an assessment: rows matched by id, only real changes, words marked, a summary."""

import pytest

from dpia import kinds
from dpia.domain.changes import Side, compare, normalised, summary, word_runs
from dpia.domain.samples import sample_answers

DPIA_V1 = kinds.definition("dpia", 1)
DPIA = kinds.latest("dpia")
EQIA = kinds.latest("eqia")

RISK_A = {
    "_id": "0000000a",
    "source": "Re-identification of victims from published statistics about small areas.",
    "likelihood": "possible",
    "severity": "severe",
}
RISK_B = {
    "_id": "0000000b",
    "source": "Officers defer to the score instead of using their own judgement.",
    "likelihood": "remote",
    "severity": "significant",
}
RISK_C = {
    "_id": "0000000c",
    "source": "Inaccurate offending history produces a wrong score.",
    "likelihood": "probable",
    "severity": "minimal",
}
MEASURE_A = {
    "_id": "000000a1",
    "risk": "0000000a",
    "option": "Suppress counts under five in every published table.",
    "effect": "reduced",
    "residual": "low",
}
MEASURE_B = {
    "_id": "000000b1",
    "risk": "0000000b",
    "option": "Training, and a rule that the score is advisory.",
    "effect": "reduced",
    "residual": "medium",
}
ANSWERS = {
    "regime": "uk_gdpr_art35",
    "aims": "Forecast reoffending risk of people in custody.",
    "risks": [RISK_A, RISK_B],
    "measures": [MEASURE_A, MEASURE_B],
}


def side(answers: dict, kind=DPIA, **details) -> Side:
    return {"kind": kind, "content": {"title": "HART DPIA", **details, "answers": answers}}


def changes_of(before: dict, after: dict, **kinds_used) -> list:
    found = compare(side(before, kinds_used.get("before", DPIA)), side(after, kinds_used.get("after", DPIA)))
    return [c for s in found["sections"] for c in s["changes"]]


def by_path(changes: list) -> dict:
    return {c["path"]: c for c in changes}


# Rows


def test_reordering_rows_changes_nothing():
    reordered = {**ANSWERS, "risks": [RISK_B, RISK_A], "measures": [MEASURE_B, MEASURE_A]}
    found = compare(side(ANSWERS), side(reordered))
    assert found["count"] == 0 and found["sections"] == [] and found["summary"] == []


def test_a_row_inserted_first_is_the_only_change_though_the_others_move_down():
    inserted = {**ANSWERS, "risks": [RISK_C, RISK_A, RISK_B]}
    changes = changes_of(ANSWERS, inserted)
    assert [(c["path"], c["status"]) for c in changes] == [("risks/0000000c", "added")]
    added = changes[0]
    assert added["label"] == "Risk 1: Inaccurate offending history produces a wrong score."
    assert added["row"] and added["row_name"] == "risk"
    assert {f["label"]: f["new"] for f in added["fields"]} == {
        "Source of risk and nature of potential impact on individuals": RISK_C["source"],
        "Likelihood of harm": "Probable",
        "Severity of harm": "Minimal",
        "Overall risk": "Medium",
    }
    assert all(f["status"] == "added" and f["old"] == "" for f in added["fields"])


def test_a_removed_row_is_named_as_it_was_and_shows_what_it_held():
    removed = {**ANSWERS, "measures": [MEASURE_B]}
    (change,) = changes_of(ANSWERS, removed)
    assert change["path"] == "measures/000000a1" and change["status"] == "removed"
    assert change["label"] == "Measure 1: Suppress counts under five in every published table."
    fields = {f["label"]: (f["status"], f["old"], f["new"]) for f in change["fields"]}
    assert fields["Risk"] == (
        "removed",
        "Risk 1: Re-identification of victims from published statistics…",
        "",
    )
    assert fields["Residual risk"] == ("removed", "Low", "")


def test_a_changed_row_lists_only_the_fields_that_changed_including_derived_ones():
    raised = {**RISK_B, "likelihood": "probable"}
    changes = changes_of(ANSWERS, {**ANSWERS, "risks": [RISK_A, raised]})
    (change,) = changes
    assert change["path"] == "risks/0000000b" and change["status"] == "changed"
    assert change["label"].startswith("Risk 2: Officers defer to the score")
    assert [(f["label"], f["old"], f["new"], f["status"]) for f in change["fields"]] == [
        ("Likelihood of harm", "Remote", "Probable", "changed"),
        ("Overall risk", "Low", "High", "changed"),
    ]
    # Only free text is marked word by word.
    assert all(f["runs"] == [] for f in change["fields"])


def test_a_measure_points_at_its_risk_by_id_so_rewording_or_moving_the_risk_changes_only_the_risk():
    reworded = {**RISK_A, "source": "Re-identification of victims from published tables."}
    changes = changes_of(ANSWERS, {**ANSWERS, "risks": [RISK_B, reworded]})
    assert [c["path"] for c in changes] == ["risks/0000000a"]
    assert [f["label"] for f in changes[0]["fields"]] == [
        "Source of risk and nature of potential impact on individuals"
    ]


def test_a_measure_pointed_at_another_risk_shows_both_risks_by_their_words():
    moved = {**MEASURE_B, "risk": "0000000a"}
    (change,) = changes_of(ANSWERS, {**ANSWERS, "measures": [MEASURE_A, moved]})
    (field,) = change["fields"]
    assert field["label"] == "Risk" and field["status"] == "changed"
    assert field["old"] == "Risk 2: Officers defer to the score instead of using their own…"
    assert field["new"] == "Risk 1: Re-identification of victims from published statistics…"
    assert field["runs"] == []


def test_a_cell_filled_in_or_emptied_within_a_row_is_that_fields_change():
    owned = {**MEASURE_A, "owner": "Head of Data Analytics"}
    (change,) = changes_of(ANSWERS, {**ANSWERS, "measures": [owned, MEASURE_B]})
    assert change["status"] == "changed"
    assert [(f["label"], f["status"], f["old"], f["new"]) for f in change["fields"]] == [
        ("Owner", "added", "", "Head of Data Analytics")
    ]


def test_grid_and_sign_off_rows_are_matched_by_their_declared_keys():
    before = {**ANSWERS, "signoffs": {"dpo_advice": {"name": "Jo Bloggs", "date": "2024-05-01"}}}
    after = {**ANSWERS, "signoffs": {"dpo_advice": {"name": "Jo Bloggs", "date": "2024-06-02"}}}
    (change,) = changes_of(before, after)
    assert change["path"] == "signoffs/dpo_advice" and change["row"] and change["row_name"] == ""
    assert change["label"] == "Sign-off › DPO advice provided"
    assert [(f["label"], f["old"], f["new"]) for f in change["fields"]] == [
        ("Date", "1 May 2024", "2 June 2024")
    ]


# Answers, details and the summary


def test_answers_changed_rows_added_and_removed_are_summed_up_in_words():
    after = {
        **ANSWERS,
        "aims": "Forecast the risk of reoffending of people in custody.",
        "regime": "dpa_s64",
        "nature": "Custody records scored nightly.",
        "risks": [RISK_A, RISK_B, RISK_C],
        "measures": [MEASURE_B],
    }
    found = compare(side(ANSWERS), side(after, owner="Head of Criminal Justice"))
    assert found["summary"] == ["4 answers changed", "1 risk added", "1 measure removed"]
    assert found["count"] == 6
    titles = [s["title"] for s in found["sections"]]
    assert titles == [
        "About this assessment",
        "Step 1: Identify the need for a DPIA",
        "Step 2: Describe the processing",
        "Step 5: Identify and assess risks",
        "Step 6: Identify measures to reduce risk",
    ]
    paths = [c["path"] for s in found["sections"] for c in s["changes"]]
    assert paths.index("owner") < paths.index("aims") < paths.index("risks/0000000c")
    # Part 3 of the DPA 2018 is asked only of s64 DPIAs; none of its questions were answered either way.
    assert not any(p.startswith("data_subject") for p in paths)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ([], []),
        ([("", "changed")], ["1 answer changed"]),
        ([("", "added"), ("", "removed")], ["2 answers changed"]),
        (
            [
                ("measure", "removed"),
                ("risk", "added"),
                ("risk", "added"),
                ("risk", "changed"),
                ("", "added"),
            ],
            ["1 answer changed", "1 measure removed", "2 risks added", "1 risk changed"],
        ),
    ],
)
def test_the_summary_counts_answers_then_each_table_in_order(changes, expected):
    made = [
        {"path": "", "section": "", "label": "", "status": s, "row": bool(n), "row_name": n, "fields": []}
        for n, s in changes
    ]
    assert summary(made) == expected


def test_an_answer_given_or_cleared_is_a_change_of_that_answer():
    given = changes_of({"regime": "uk_gdpr_art35"}, {"regime": "uk_gdpr_art35", "aims": "New aims."})
    assert [(c["path"], c["status"], c["row"], c["fields"][0]["new"]) for c in given] == [
        ("aims", "added", False, "New aims.")
    ]
    cleared = changes_of({"regime": "uk_gdpr_art35", "aims": "Old aims."}, {"regime": "uk_gdpr_art35"})
    assert [(c["path"], c["status"], c["fields"][0]["old"]) for c in cleared] == [
        ("aims", "removed", "Old aims.")
    ]


def test_choices_and_dates_are_shown_in_words():
    before = compare(side({}, started="2018-05"), side({}, started="2019-09-02"))
    (change,) = before["sections"][0]["changes"]
    assert (change["label"], change["fields"][0]["old"], change["fields"][0]["new"]) == (
        "Date started",
        "May 2018",
        "2 September 2019",
    )
    (regime,) = changes_of({"regime": "uk_gdpr_art35"}, {"regime": "dpa_s64"})
    assert regime["fields"][0]["old"].startswith("UK GDPR")


def test_questions_of_an_older_definition_are_compared_by_key():
    """Version 2 of the DPIA asks Part 3 questions as well; the shared answers still match up."""
    found = compare(side(ANSWERS, DPIA_V1), side(ANSWERS, DPIA))
    assert found["count"] == 0


# No noise


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Custody records scored nightly.", "Custody records  scored\nnightly. "),
        ("First paragraph.\n\nSecond.", "First paragraph.\r\n\r\nSecond."),
        ("  Leading and trailing  ", "Leading and trailing"),
    ],
)
def test_spacing_and_line_breaks_alone_are_not_changes(old, new):
    assert normalised(old) == normalised(new)
    assert changes_of({**ANSWERS, "nature": old}, {**ANSWERS, "nature": new}) == []
    reworded = {**RISK_A, "source": old}
    assert (
        changes_of({**ANSWERS, "risks": [reworded]}, {**ANSWERS, "risks": [{**reworded, "source": new}]})
        == []
    )


@pytest.mark.parametrize(
    ("empty", "missing"),
    [
        ({"aims": ""}, {}),
        ({"measures": []}, {}),
        ({"signoffs": {}}, {}),
        ({"signoffs": {"dpo_advice": {}}}, {"signoffs": {"dpo_advice": {"comments": ""}}}),
        ({"measures": [{**MEASURE_A, "owner": ""}]}, {"measures": [MEASURE_A]}),
    ],
)
def test_an_empty_answer_is_the_same_as_a_missing_one(empty, missing):
    base = {"regime": "uk_gdpr_art35", "risks": [RISK_A]}
    assert changes_of({**base, **empty}, {**base, **missing}) == []
    assert changes_of({**base, **missing}, {**base, **empty}) == []


def test_details_missing_or_blank_are_the_same():
    assert compare(side({}, owner=None, review_due=""), side({}))["count"] == 0


# Words marked in long text


def _marked(runs: list) -> str:
    marks = {"added": "{%s}", "removed": "[%s]", "same": "%s"}
    return "".join(marks[r["kind"]] % r["text"] for r in runs)


@pytest.mark.parametrize(
    ("old", "new", "marked"),
    [
        ("the quick fox", "the slow fox", "the [quick]{slow} fox"),
        ("a c", "a b c", "a {b} c"),
        ("a b c", "a c", "a [b] c"),
        ("end words here", "end words", "end words [here]"),
        (
            "Custody records, offending history and postcode are scored.",
            "Custody records and offending history are scored.",
            "Custody records[,] {and} offending history [and postcode] are scored.",
        ),
        # A phrase rewritten whole reads whole, not word for word between shared spaces.
        (
            "Proceed only as an advisory tool.",
            "Postcode concern addressed.",
            "[Proceed only as an advisory tool]{Postcode concern addressed}.",
        ),
        # Line breaks are kept as the new text has them.
        (
            "First.\n\nSecond part here.",
            "First.\n\nSecond part there.",
            "First.\n\nSecond part [here]{there}.",
        ),
    ],
)
def test_long_text_is_marked_word_by_word(old, new, marked):
    assert _marked(word_runs(old, new)) == marked


def test_a_long_answer_changed_in_place_carries_its_marked_words():
    old = "Custody records, offending history and postcode are scored by a random forest model."
    new = "Custody records and offending history are scored by a random forest model, reviewed yearly."
    (change,) = changes_of({**ANSWERS, "nature": old}, {**ANSWERS, "nature": new})
    (field,) = change["fields"]
    assert field["status"] == "changed" and (field["old"], field["new"]) == (old, new)
    assert [r for r in field["runs"] if r["kind"] != "same"] == [
        {"kind": "removed", "text": ","},
        {"kind": "added", "text": "and"},
        {"kind": "removed", "text": "and postcode"},
        {"kind": "added", "text": ", reviewed yearly"},
    ]
    # Reading the runs without the removed words gives the new text back.
    assert normalised("".join(r["text"] for r in field["runs"] if r["kind"] != "removed")) == new


def test_text_mostly_rewritten_is_shown_whole_before_and_after_rather_than_as_a_patchwork():
    old = "Proceed only as an advisory tool; review the use of postcode data within a year."
    new = "Postcode concern addressed. Keep bias testing under review."
    (change,) = changes_of({**ANSWERS, "aims": old}, {**ANSWERS, "aims": new})
    field = change["fields"][0]
    assert (field["status"], field["old"], field["new"], field["runs"]) == ("changed", old, new, [])


def test_text_added_where_there_was_none_is_not_marked_word_by_word():
    (change,) = changes_of(ANSWERS, {**ANSWERS, "nature": "Custody records scored nightly."})
    assert change["fields"][0]["runs"] == []


def test_markup_in_answers_is_kept_as_text_for_the_page_to_escape():
    old, new = "<script>alert(1)</script> plan", "<script>alert(2)</script> plan"
    (change,) = changes_of({**ANSWERS, "aims": old}, {**ANSWERS, "aims": new})
    runs = change["fields"][0]["runs"]
    assert "".join(r["text"] for r in runs if r["kind"] != "removed") == new
    assert {"kind": "added", "text": "2"} in runs


def test_every_kind_compares_its_sample_answers_with_themselves_as_unchanged():
    for kind in kinds.DEFINITIONS:
        answers = sample_answers(kind, rows=2)
        assert compare(side(answers, kind), side(answers, kind))["count"] == 0, kind.key


def test_sample_rows_are_listed_as_added_to_an_empty_assessment():
    answers = sample_answers(EQIA, rows=2)
    found = compare(side({}, EQIA), side(answers, EQIA))
    assert "2 tests added" in found["summary"]
    assert found["summary"][0].endswith("answers changed")
