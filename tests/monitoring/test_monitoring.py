"""Monitoring data: template round trip, every refusal, releases, roles, sensitive systems, audit."""

import csv
import io
import re
from datetime import date

import pytest

from dpia.actor import Actor, command_line
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.services import systems
from dpia.services.accounts import settings
from dpia.services.monitoring import datasets as monitoring
from dpia.services.monitoring.tables import MAX_BYTES, Period, span_of

EDITOR = Actor(email="editor@example.org", roles=frozenset({"editor"}), address="t", can_see_sensitive=True)
FOI = Actor(email="foi@example.org", roles=frozenset({"foi_officer"}), address="t", can_see_sensitive=True)
READER = Actor(email="reader@example.org", roles=frozenset({"reader"}), address="t")
ADMIN = Actor(email="admin@example.org", roles=frozenset({"admin"}), address="t", can_see_sensitive=True)
DETAILS = {
    "title": "Arrests by sex",
    "measure": "arrests",
    "granularity": "quarter",
    "breakdown": "sex",
    "source": "Custody records, analytics team",
}


@pytest.fixture
def make_system(db):
    def make(name="HART", **overrides):
        data = {
            "name": name,
            "category": "individual_risk",
            "lifecycle": "in_use",
            "regime": "dpa_part3",
            "first_used": "2020-01",
            **overrides,
        }
        return systems.create(db, command_line(), data)

    return make


@pytest.fixture
def system_id(make_system):
    return make_system()


def rows_csv(rows, header=("period", "group", "count")) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def sex_rows(period="2021-Q1", female=12, male=30, other=0, unknown=3, total=None):
    rows = [
        (period, "female", female),
        (period, "male", male),
        (period, "other", other),
        (period, "unknown", unknown),
    ]
    if total is not None:
        rows.append((period, "total", total))
    return rows


def nothing_stored(db) -> bool:
    return (
        db["monitoring_datasets"].count == 0
        and db["monitoring_counts"].count == 0
        and db.execute("SELECT count(*) FROM audit_log WHERE action = 'monitoring.upload'").fetchone()[0] == 0
    )


# The template round trip


def _fill(template: str, value=7) -> bytes:
    rows = list(csv.reader(io.StringIO(template)))
    filled = [rows[0]]
    for period, group, _ in rows[1:]:
        filled.append([period, group, "" if group == "total" else str(value)])
    for row in filled[1:]:
        if row[1] == "total":
            row[2] = str(sum(int(r[2]) for r in filled[1:] if r[0] == row[0] and r[1] != "total"))
    return rows_csv(filled[1:], header=filled[0])


def test_a_template_filled_in_and_uploaded_through_the_page_becomes_a_dataset(signed_in, system_id, db):
    editor = signed_in("editor")
    url = f"/systems/{system_id}/monitoring/template.csv?breakdown=ethnicity_self&granularity=quarter"
    download = editor.get(url)
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    template = download.get_data(as_text=True)
    assert template.splitlines()[0] == "period,group,count"
    assert "2020-Q1,W1," in template and "2020-Q1,NS," in template and "2020-Q1,total," in template
    response = editor.post(
        f"/systems/{system_id}/monitoring/new",
        {**DETAILS, "breakdown": "ethnicity_self", "file": (io.BytesIO(_fill(template)), "filled.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Arrests by sex" in page and "<svg" in page and 'role="img"' in page
    # axe cannot decide the contrast of text drawn in an SVG: every label's colour is checked here.
    fills = set(re.findall(r'<text [^>]*fill="(#[0-9a-f]{6})"', page))
    assert fills and {fill: _contrast_on_white(fill) >= 4.5 for fill in fills} == dict.fromkeys(fills, True)
    assert "January to March 2020" in page
    cells = monitoring.get(db, EDITOR, db["monitoring_datasets"].get(1)["id"])["table"]["cells"]
    assert len(cells) == 3 and all(value == 7 for row in cells for value in row)
    system_page = editor.get(f"/systems/{system_id}").get_data(as_text=True)
    assert "Monitoring data" in system_page and "Arrests by sex" in system_page


def test_the_true_counts_export_uploads_again_unchanged(db, system_id):
    content = rows_csv(
        sex_rows("2021-Q1") + sex_rows("2021-Q2", 4, 2, 1, 0) + [("population", "female", 500)]
    )
    content += rows_csv([("population", g, 400) for g in ("male", "other", "unknown")], header=None)
    first = monitoring.create(db, EDITOR, system_id, DETAILS, content)
    _, exported = monitoring.internal_csv(db, EDITOR, first)
    second = monitoring.create(db, EDITOR, system_id, {**DETAILS, "title": "Again"}, exported)
    assert db["monitoring_counts"].count == 16
    one, two = (monitoring.get(db, EDITOR, i) for i in (first, second))
    assert one["table"]["cells"] == two["table"]["cells"] == [[12, 30, 0, 3], [4, 2, 1, 0]]
    assert (
        one["populations"] == two["populations"] == {"female": 500, "male": 400, "other": 400, "unknown": 400}
    )


def test_periods_in_a_template_lie_inside_the_systems_lifecycle(make_system, db):
    retired = systems.get(
        db, EDITOR, make_system("PredPol", first_used="2012-12", retired="2018-03", lifecycle="retired")
    )
    assert [str(p) for p in monitoring.template_periods(retired, "month")] == [
        "2012-12",
        "2013-01",
        "2013-02",
    ]
    unknown = {"first_used": None, "retired": None}
    assert [str(p) for p in monitoring.template_periods(unknown, "quarter", date(2024, 5, 1))] == ["2024-Q2"]


# Every refusal: the whole file, each problem with its row and column, nothing stored


REFUSALS = [
    ("unknown code", sex_rows() + [("2021-Q1", "W1", 2)], "Row 6, column ‘group’: unknown code ‘W1’"),
    ("negative", sex_rows(female=-3), "Row 2, column ‘count’: ‘-3’ is negative"),
    ("decimal", sex_rows(male="2.5"), "Row 3, column ‘count’: ‘2.5’ is not a whole number"),
    ("commas", sex_rows(male="1,200"), "Row 3, column ‘count’: ‘1,200’ is not a whole number"),
    ("words", sex_rows(male="lots"), "Row 3, column ‘count’: ‘lots’ is not a whole number"),
    ("blank count", sex_rows(male=""), "Row 3, column ‘count’: enter a count"),
    (
        "duplicate cell",
        sex_rows() + [("2021-Q1", "male", 30)],
        "Row 6, column ‘group’: period 2021-Q1 and group male are already given on row 3",
    ),
    (
        "before first use",
        sex_rows("2019-Q4"),
        "Row 2, column ‘period’: 2019-Q4 is before the system was first used (January 2020)",
    ),
    ("future", sex_rows("2099-Q1"), "Row 2, column ‘period’: 2099-Q1 has not started yet"),
    ("not a quarter", sex_rows("2021-03"), "Row 2, column ‘period’: ‘2021-03’ is not a quarter"),
    (
        "totals",
        sex_rows(total=44),
        "Row 6, column ‘count’: the total for 2021-Q1 is 44 but its groups add up to 45",
    ),
    ("missing group", sex_rows()[:3], "period 2021-Q1 has no row for group unknown"),
    ("extra value", [("2021-Q1", "female", 1, "Jo Bloggs"), *sex_rows()[1:]], "Row 2: has 4 values"),
]


@pytest.mark.parametrize(("case", "rows", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_file_with_a_bad_row_is_refused_whole_naming_row_and_column(db, system_id, case, rows, message):
    with pytest.raises(Invalid) as refused:
        monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(rows))
    assert any(message in text for text in refused.value.errors.values()), refused.value.errors
    assert nothing_stored(db)


def test_a_period_after_retirement_is_refused(db, make_system):
    retired = make_system("PredPol", first_used="2012-12", retired="2018-03", lifecycle="retired")
    with pytest.raises(Invalid) as refused:
        monitoring.create(db, EDITOR, retired, DETAILS, rows_csv(sex_rows("2018-Q2")))
    assert "Row 2, column ‘period’: 2018-Q2 is after the system was retired (March 2018)" in str(
        refused.value
    )
    assert nothing_stored(db)


FILE_REFUSALS = [
    ("empty", b"", "The file is empty"),
    ("only spaces", b"  \r\n", "The file is empty"),
    ("header only", b"period,group,count\r\n", "The file has no counts"),
    (
        "unknown column",
        rows_csv(sex_rows(), ("period", "group", "count", "name")),
        "Row 1, column ‘D’: unknown column ‘name’",
    ),
    (
        "missing column",
        rows_csv([("2021-Q1", "female")], ("period", "group")),
        "the header has no ‘count’ column",
    ),
    (
        "latin-1",
        "period,group,count\r\n2021-Q1,female,1\r\n# café\r\n".encode("latin-1"),
        "must be saved as UTF-8",
    ),
    ("binary", b"PK\x03\x04\x00\x00spreadsheet", "not a spreadsheet or other binary file"),
    (
        "too large",
        b"period,group,count\r\n" + b"2021-Q1,female,1\r\n" * (MAX_BYTES // 18),
        "smaller than 2 MB",
    ),
]


@pytest.mark.parametrize(("case", "content", "message"), FILE_REFUSALS, ids=[r[0] for r in FILE_REFUSALS])
def test_a_bad_file_is_refused_and_nothing_is_stored(db, system_id, case, content, message):
    with pytest.raises(Invalid) as refused:
        monitoring.create(db, EDITOR, system_id, DETAILS, content)
    assert any(message in text for text in refused.value.errors.values()), refused.value.errors
    assert nothing_stored(db)


def test_rows_are_still_checked_when_the_header_has_an_unknown_column(db, system_id):
    content = rows_csv(
        [("2021-Q1", "female", -2, "Jo Bloggs"), *sex_rows()[1:]], ("period", "group", "count", "name")
    )
    with pytest.raises(Invalid) as refused:
        monitoring.create(db, EDITOR, system_id, DETAILS, content)
    assert list(refused.value.errors.values()) == [
        "Row 1, column ‘D’: unknown column ‘name’: the only columns allowed are period, group and count",
        "Row 2, column ‘count’: ‘-2’ is negative: counts must be 0 or more",
    ]
    assert nothing_stored(db)


def test_a_byte_order_mark_is_accepted(db, system_id):
    dataset_id = monitoring.create(db, EDITOR, system_id, DETAILS, b"\xef\xbb\xbf" + rows_csv(sex_rows()))
    assert monitoring.get(db, EDITOR, dataset_id)["table"]["cells"] == [[12, 30, 0, 3]]


def test_every_problem_in_a_file_is_listed_not_just_the_first(db, system_id):
    rows = sex_rows("2021-Q1", female=-1) + sex_rows("2021-Q2", male="x") + [("2021-Q3", "XX", 1)]
    with pytest.raises(Invalid) as refused:
        monitoring.create(db, EDITOR, system_id, {**DETAILS, "title": ""}, rows_csv(rows))
    errors = refused.value.errors
    assert errors["title"] == "Enter the dataset's title"
    file_errors = [e for k, e in errors.items() if k.startswith("file")]
    assert file_errors[:3] == [
        "Row 2, column ‘count’: ‘-1’ is negative: counts must be 0 or more",
        "Row 7, column ‘count’: ‘x’ is not a whole number (write it without commas or decimals)",
        "Row 10, column ‘group’: unknown code ‘XX’ for sex: use one of female, male, other, unknown",
    ]
    assert nothing_stored(db)


def test_text_fields_refuse_email_addresses_and_pnc_numbers(db, system_id):
    with pytest.raises(Invalid) as refused:
        monitoring.create(
            db,
            EDITOR,
            system_id,
            {**DETAILS, "title": "Arrests of 12/345678A", "source": "jo.bloggs@force.police.uk"},
            rows_csv(sex_rows()),
        )
    assert set(refused.value.errors) == {"title", "source"}
    assert nothing_stored(db)


def test_an_upload_form_with_problems_lists_each_one_and_keeps_the_details(signed_in, system_id, db):
    editor = signed_in("editor")
    content = rows_csv(sex_rows(female=-3) + [("2021-Q1", "nobody", 1)])
    response = editor.post(
        f"/systems/{system_id}/monitoring/new",
        {**DETAILS, "file": (io.BytesIO(content), "bad.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Row 2, column ‘count’: ‘-3’ is negative" in page
    assert "Row 6, column ‘group’: unknown code ‘nobody’" in page
    assert 'href="#file"' in page and 'value="Arrests by sex"' in page
    assert nothing_stored(db)


def test_an_upload_without_a_file_asks_for_one(signed_in, system_id, db):
    response = signed_in("editor").post(f"/systems/{system_id}/monitoring/new", DETAILS)
    assert response.status_code == 400
    assert "Choose a CSV file to upload" in response.get_data(as_text=True)
    assert nothing_stored(db)


# Release with small numbers suppressed


def _released(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_release_suppresses_small_counts_and_explains_the_rule(db, system_id):
    rows = sex_rows("2021-Q1", 12, 30, 0, 3) + sex_rows("2021-Q2", 20, 25, 0, 9)
    dataset_id = monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(rows))
    name, content = monitoring.disclosure_csv(db, FOI, dataset_id)
    assert name.endswith("-released.csv") and name.startswith("hart-")
    released = _released(content)
    assert released[0] == [
        "Period",
        "Female",
        "Male",
        "Other or indeterminate",
        "Not known or not recorded",
        "Total",
    ]
    table = {row[0]: row[1:] for row in released[1:4]}
    assert table["2021-Q1"][3] == "*" and table["2021-Q1"][2] == "0"
    # The 3 is protected by a second withheld cell in its row and in its column.
    assert sum(v == "*" for v in table["2021-Q1"]) >= 2
    assert sum(table[p][3] == "*" for p in table) >= 2
    notes = [row[0] for row in released if row]
    assert "Notes" in notes
    assert any(n.startswith("Small numbers: Counts from 1 to 4 are shown as *") for n in notes)
    internal = monitoring.internal_csv(db, EDITOR, dataset_id)[1].decode()
    assert "2021-Q1,unknown,3" in internal


def test_threshold_and_symbol_come_from_settings_and_the_symbol_tracks_the_threshold(db, system_id):
    settings.update(db, ADMIN, {"disclosure_threshold": "3", "disclosure_symbol": "<"})
    rows = sex_rows("2021-Q1", 12, 30, 0, 3) + sex_rows("2021-Q2", 20, 25, 2, 9)
    dataset_id = monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(rows))
    released = _released(monitoring.disclosure_csv(db, FOI, dataset_id)[1])
    table = {row[0]: row[1:] for row in released[1:4]}
    assert table["2021-Q1"][3] == "3"  # not below a threshold of 3
    assert table["2021-Q2"][2] == "<3"
    assert "[c]" in table["2021-Q2"] or "[c]" in table["2021-Q1"] + table["Total"]
    assert any("shown as <3" in row[0] and "[c]" in row[0] for row in released if row)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"disclosure_threshold": "2"}, "disclosure_threshold"),
        ({"disclosure_symbol": "#"}, "disclosure_symbol"),
    ],
)
def test_settings_outside_the_allowed_values_are_refused(db, data, field):
    with pytest.raises(Invalid) as refused:
        settings.update(db, ADMIN, data)
    assert field in refused.value.errors


def test_an_admin_sets_the_threshold_on_the_settings_page(signed_in, db):
    admin = signed_in("admin")
    page = admin.get("/admin/settings").get_data(as_text=True)
    assert "Smallest count released in monitoring data" in page and "Symbol for withheld counts" in page
    response = admin.post(
        "/admin/settings",
        {"sensitive_roles": ["admin"], "disclosure_threshold": "4", "disclosure_symbol": "<"},
    )
    assert response.status_code == 302
    assert monitoring.release_rule(db) == (4, "<4")


def test_no_cell_of_a_release_can_start_a_spreadsheet_formula(db, system_id):
    details = {**DETAILS, "title": "=1+1", "source": "@SUM(A1)", "notes": "-2+3"}
    dataset_id = monitoring.create(db, EDITOR, system_id, details, rows_csv(sex_rows()))
    cells = [cell for row in _released(monitoring.disclosure_csv(db, FOI, dataset_id)[1]) for cell in row]
    assert "Dataset: =1+1" in cells and "Source: @SUM(A1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


def test_script_in_dataset_text_renders_inert(signed_in, db, system_id):
    details = {**DETAILS, "title": '<script>alert("x")</script>', "notes": "<img src=x onerror=alert(1)>"}
    dataset_id = monitoring.create(db, EDITOR, system_id, details, rows_csv(sex_rows()))
    reader = signed_in("reader")
    for url in (f"/monitoring/{dataset_id}", f"/systems/{system_id}"):
        html = reader.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html


def test_a_table_too_small_to_protect_is_released_with_every_figure_withheld(db, system_id):
    # With a threshold of 3, two people in one period: each withheld count could only be 1.
    settings.update(db, ADMIN, {"disclosure_threshold": "3"})
    rows = [
        ("2021-Q1", "female", 1),
        ("2021-Q1", "male", 1),
        ("2021-Q1", "other", 0),
        ("2021-Q1", "unknown", 0),
    ]
    dataset_id = monitoring.create(
        db, EDITOR, system_id, {**DETAILS, "measure": "people_tracked"}, rows_csv(rows)
    )
    released = _released(monitoring.disclosure_csv(db, FOI, dataset_id)[1])
    assert released[1] == ["2021-Q1", "*", "*", "*", "*", "*"]
    assert monitoring.get(db, EDITOR, dataset_id)["release"]["withheld"]
    assert any(row and row[0] == monitoring.WITHHELD for row in released)


def test_the_pack_builder_gets_one_released_file_per_dataset_of_a_system(db, system_id, make_system):
    monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(sex_rows()))
    monitoring.create(db, EDITOR, system_id, {**DETAILS, "title": "Scored"}, rows_csv(sex_rows()))
    monitoring.create(db, EDITOR, make_system("Other"), DETAILS, rows_csv(sex_rows()))
    files = monitoring.disclosure_files(db, FOI, system_id)
    assert [name.split("-", 2)[2] for name, _ in files] == [
        "scored-released.csv",
        "arrests-by-sex-released.csv",
    ]
    assert all(_released(content)[0][0] == "Period" for _, content in files)
    releases = db.execute("SELECT count(*) FROM audit_log WHERE action = 'monitoring.release'").fetchone()[0]
    assert releases == 2
    assert [d["title"] for d in monitoring.datasets_for_system(db, READER, system_id)] == [
        "Scored",
        "Arrests by sex",
    ]


def test_a_dataset_without_breakdown_and_a_stock_measure_have_the_right_totals(db, system_id):
    rows = [("2021-Q1", "total", 8), ("2021-Q2", "total", 2), ("2021-Q3", "total", 9)]
    flow = monitoring.create(
        db, EDITOR, system_id, {**DETAILS, "breakdown": "none", "measure": "uses"}, rows_csv(rows)
    )
    released = _released(monitoring.disclosure_csv(db, FOI, flow)[1])
    assert released[0] == ["Period", "Times the system was used"]
    assert released[1:5] == [["2021-Q1", "*"], ["2021-Q2", "*"], ["2021-Q3", "9"], ["Total", "19"]]
    stock = monitoring.create(
        db,
        EDITOR,
        system_id,
        {**DETAILS, "title": "Tracked", "measure": "people_tracked"},
        rows_csv(sex_rows()),
    )
    released = _released(monitoring.disclosure_csv(db, FOI, stock)[1])
    assert "Total" not in [row[0] for row in released[1:3] if row]  # no sum over periods of a stock


def test_rates_per_group_appear_when_a_population_is_given(signed_in, db, system_id):
    rows = sex_rows() + [
        ("population", g, n) for g, n in (("female", 6000), ("male", 6000), ("other", 100), ("unknown", 300))
    ]
    dataset_id = monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(rows))
    page = signed_in("reader").get(f"/monitoring/{dataset_id}").get_data(as_text=True)
    assert "Rate per 1,000 people" in page and "2.00" in page and "5.00" in page and "10.00" in page


def test_rates_of_rare_events_are_given_per_100000_people(db, system_id):
    rows = sex_rows() + [("population", g, 900_000) for g in ("female", "male", "other", "unknown")]
    dataset_id = monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(rows))
    table = monitoring.get(db, READER, dataset_id)["table"]
    assert table["rate_per"] == 100_000
    assert round(table["rates"][0][1], 2) == 3.33


def test_population_rows_must_cover_every_group(db, system_id):
    with pytest.raises(Invalid) as refused:
        monitoring.create(
            db, EDITOR, system_id, DETAILS, rows_csv(sex_rows() + [("population", "female", 60)])
        )
    assert "population rows are given but none for group male" in str(refused.value)
    assert nothing_stored(db)


# Roles, sensitive systems, audit, deletion


def test_only_editors_upload_and_delete_and_only_foi_officers_release(db, system_id):
    with pytest.raises(Forbidden):
        monitoring.create(db, FOI, system_id, DETAILS, rows_csv(sex_rows()))
    dataset_id = monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(sex_rows()))
    for use_case in (monitoring.disclosure_csv, monitoring.internal_csv, monitoring.delete):
        with pytest.raises(Forbidden):
            use_case(db, READER, dataset_id)
    with pytest.raises(Forbidden):
        monitoring.disclosure_csv(db, EDITOR, dataset_id)
    with pytest.raises(Forbidden):
        monitoring.disclosure_files(db, EDITOR, system_id)
    assert monitoring.internal_csv(db, FOI, dataset_id)[1]


def test_datasets_of_a_sensitive_system_are_invisible_to_roles_not_allowed(db, make_system, signed_in):
    hidden = make_system("Secret Model", marking="OFFICIAL-SENSITIVE")
    dataset_id = monitoring.create(db, EDITOR, hidden, DETAILS, rows_csv(sex_rows()))
    unseeing_foi = Actor(email="f@example.org", roles=frozenset({"foi_officer"}), address="t")
    for call in (
        lambda: monitoring.get(db, READER, dataset_id),
        lambda: monitoring.datasets_for_system(db, READER, hidden),
        lambda: monitoring.disclosure_csv(db, unseeing_foi, dataset_id),
        lambda: monitoring.disclosure_files(db, unseeing_foi, hidden),
    ):
        with pytest.raises(NotFound):
            call()
    assert monitoring.listing(db, READER) == []
    assert [d["id"] for d in monitoring.listing(db, FOI)] == [dataset_id]
    reader = signed_in("reader")
    assert reader.get(f"/monitoring/{dataset_id}").status_code == 404
    assert (
        reader.get(f"/systems/{hidden}/monitoring/template.csv?breakdown=sex&granularity=month").status_code
        == 404
    )


def test_uploads_exports_and_deletions_are_audited(signed_in, db, system_id):
    dataset_id = monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(sex_rows()))
    foi = signed_in("foi_officer")
    assert foi.get(f"/monitoring/{dataset_id}/released.csv").status_code == 200
    assert foi.get(f"/monitoring/{dataset_id}/true-counts.csv").status_code == 200
    editor = signed_in("editor")
    confirm = editor.get(f"/monitoring/{dataset_id}/delete").get_data(as_text=True)
    assert "Are you sure you want to delete ‘Arrests by sex’?" in confirm
    response = editor.post(f"/monitoring/{dataset_id}/delete", {})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/systems/{system_id}")
    assert db["monitoring_datasets"].count == 0 and db["monitoring_counts"].count == 0
    actions = [
        r[0] for r in db.execute("SELECT action FROM audit_log WHERE action LIKE 'monitoring.%' ORDER BY id")
    ]
    assert actions == [
        "monitoring.upload",
        "monitoring.release",
        "monitoring.export_internal",
        "monitoring.delete",
    ]
    assert editor.get(f"/monitoring/{dataset_id}").status_code == 404


def test_a_duplicate_title_for_the_same_system_is_refused(db, system_id):
    monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(sex_rows()))
    with pytest.raises(Invalid) as refused:
        monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(sex_rows()))
    assert "already has a dataset called ‘Arrests by sex’" in refused.value.errors["title"]
    assert db["monitoring_datasets"].count == 1


def test_the_dataset_page_shows_table_chart_and_release_preview(signed_in, db, system_id):
    dataset_id = monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(sex_rows() + sex_rows("2021-Q2")))
    page = signed_in("reader").get(f"/monitoring/{dataset_id}").get_data(as_text=True)
    assert '<title id="chart-title">' in page and "<rect" in page and "<desc" in page
    assert "As it would be released" in page and "Counts from 1 to 4 are shown as *" in page
    assert "Download for release" not in page and "Download true counts" not in page
    foi_page = signed_in("foi_officer").get(f"/monitoring/{dataset_id}").get_data(as_text=True)
    assert "Download for release" in foi_page and "Delete this dataset" not in foi_page


def test_bad_template_requests_are_refused_without_an_error_page(signed_in, system_id):
    response = signed_in("reader").get(
        f"/systems/{system_id}/monitoring/template.csv?breakdown=shoe&granularity=day"
    )
    assert response.status_code == 400


def test_periods_are_read_strictly_and_labelled_for_people():
    assert Period.parse("2021-q3", "quarter") == Period(2021, 3, "quarter")
    assert Period.parse("2021-Q3", "quarter").label() == "July to September 2021"
    assert str(Period.parse("2021-12", "month").next()) == "2022-01"
    for text in ("Mar-21", "2021-13", "21-03", "2021-3"):
        with pytest.raises(ValueError):
            Period.parse(text, "month")


def test_a_month_a_spreadsheet_turned_into_a_date_gets_a_hint(db, system_id):
    rows = [(p, g, n) for p, g, n in sex_rows("Mar-21")]
    with pytest.raises(Invalid) as refused:
        monitoring.create(db, EDITOR, system_id, {**DETAILS, "granularity": "month"}, rows_csv(rows))
    assert "format the column as text" in str(refused.value)


# Command line and demo


def test_the_command_line_imports_lists_and_exports(runner, db, system_id, tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(rows_csv(sex_rows()))
    args = [
        "monitoring",
        "import",
        str(source),
        "--system",
        "hart",
        "--title",
        "Arrests by sex",
        "--measure",
        "arrests",
    ]
    args += ["--period", "quarter", "--breakdown", "sex", "--source", "Custody records"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Added dataset 1" in result.output
    listed = runner.invoke(args=["monitoring", "list"])
    assert "HART: Arrests by sex" in listed.output
    out = tmp_path / "released.csv"
    exported = runner.invoke(args=["monitoring", "export", "1", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    assert "Notes" in out.read_text(encoding="utf-8-sig")
    again = runner.invoke(args=["monitoring", "export", "1", "--out", str(out)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_the_command_line_lists_every_problem_of_a_refused_file(runner, db, system_id, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_bytes(rows_csv(sex_rows(female=-1, male="x")))
    args = ["monitoring", "import", str(source), "--system", "HART", "--title", "T", "--measure", "arrests"]
    args += ["--period", "quarter", "--breakdown", "sex", "--source", "S"]
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert "Row 2, column ‘count’" in result.output and "Row 3, column ‘count’" in result.output
    assert nothing_stored(db)


def test_demo_adds_labelled_synthetic_datasets_once(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    titles = [r[0] for r in db.execute("SELECT title FROM monitoring_datasets WHERE synthetic = 1")]
    assert len(titles) == 4 and all(t.startswith("Synthetic") for t in titles)
    systems_with_data = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT s.name FROM monitoring_datasets d JOIN systems s ON s.id = d.system_id"
        )
    }
    assert systems_with_data == {"HART", "Live Facial Recognition"}
    before = (db["monitoring_counts"].count, db["audit_log"].count)
    again = runner.invoke(args=["demo"])
    assert "Synthetic monitoring datasets added: 0" in again.output
    assert (db["monitoring_counts"].count, db["audit_log"].count) == before


def _contrast_on_white(colour: str) -> float:
    """WCAG 2.2 contrast ratio of a #rrggbb colour against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize(
    "granularity, first, second, words",
    [("quarter", "2021-Q1", "2021-Q2", "January to March 2021")]
    + [("month", "2021-03", "2021-04", "March 2021")],
)
def test_a_dataset_page_writes_each_period_one_way_in_words(
    signed_in, db, system_id, granularity, first, second, words
):
    rows = sex_rows(first) + sex_rows(second)
    details = {**DETAILS, "granularity": granularity}
    dataset_id = monitoring.create(db, EDITOR, system_id, details, rows_csv(rows))
    page = signed_in("foi_officer").get(f"/monitoring/{dataset_id}").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", page.split('id="main-content"')[1])
    # The true counts, the table as it would be released and the chart all say "January to March 2021".
    assert text.count(words) >= 3
    assert first not in text and second not in text
    system = signed_in("reader").get(f"/systems/{system_id}").get_data(as_text=True)
    assert first not in re.sub(r"<[^>]+>", " ", system)


@pytest.mark.parametrize(
    "first, last, granularity, words",
    [
        ("2017-Q2", "2019-Q4", "quarter", "April 2017 to December 2019"),
        ("2021-Q1", "2021-Q1", "quarter", "January to March 2021"),
        ("2021-03", "2022-01", "month", "March 2021 to January 2022"),
        ("2021-03", "2021-03", "month", "March 2021"),
    ],
)
def test_a_run_of_periods_is_said_in_words_without_saying_to_twice(first, last, granularity, words):
    assert span_of(first, last, granularity) == words
