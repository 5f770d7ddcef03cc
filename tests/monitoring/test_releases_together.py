"""Monitoring releases checked together: no withheld count is recovered by differencing releases.

The adversary reads every released CSV of a system (in response packs or downloaded one at a time), knows
which withheld counts are small (the "<5" symbol) and which are not ("[c]": 0 or at least 5), and solves for
the true counts by trying every table consistent with everything published.
"""

import csv
import io
import zipfile

import pytest

from dpia.actor import Actor
from dpia.services.accounts import settings
from dpia.services.disclosure import exports, packs
from dpia.services.monitoring import datasets as monitoring
from dpia.services.monitoring.vocab import BREAKDOWN_BY_VALUE, TOTAL
from tests.monitoring.test_monitoring import DETAILS, EDITOR, FOI, rows_csv, sex_rows

ADMIN = Actor(email="admin@example.org", roles=frozenset({"admin"}), address="t", can_see_sensitive=True)
THRESHOLD = 5
BOUND = 60  # larger than any count in these tests, with room for alternatives above the threshold
ALL = {**DETAILS, "title": "All arrests", "breakdown": "none"}
QUARTERS = ("2026-Q1", "2026-Q2", "2026-Q3")


@pytest.fixture(autouse=True)
def small_is_marked(db):
    """Small counts shown as <5 and other withheld counts as [c]: the adversary knows which is which."""
    settings.update(db, ADMIN, {"disclosure_threshold": str(THRESHOLD), "disclosure_symbol": "<"})


@pytest.fixture
def system_id(make_system):
    return make_system("HART")


def _tables(content: bytes, breakdown: str) -> list[tuple[frozenset, frozenset, str]]:
    """A released CSV as figures: (groups it adds up, periods it adds up, what is shown)."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1 : rows.index([])]
    codes = {monitoring.group_heading(g): g.value for g in BREAKDOWN_BY_VALUE[breakdown].groups}
    groups = [codes.get(label, TOTAL) for label in header[1:]]
    periods = frozenset(row[0] for row in body if row[0] != "Total")
    # The people counted are the same whatever the breakdown: a total adds up every sex.
    every = frozenset(g.value for g in BREAKDOWN_BY_VALUE["sex"].groups)
    # A table withheld whole shows the small-count symbol everywhere: it says nothing about any count.
    withheld = [monitoring.WITHHELD] in rows
    figures = []
    for row in body:
        when = periods if row[0] == "Total" else frozenset([row[0]])
        for group, shown in zip(groups, row[1:], strict=True):
            shown = "withheld" if withheld else shown
            figures.append((every if group == TOTAL else frozenset([group]), when, shown))
    return figures


def _pack_files(made) -> list[bytes]:
    pack = zipfile.ZipFile(io.BytesIO(made.content))
    return [pack.read(n) for n in pack.namelist() if n.startswith("systems/") and n.endswith(".csv")]


def _breakdown_of(content: bytes) -> str:
    header = content.decode("utf-8-sig").splitlines()[0]
    return "sex" if "Female" in header else "none"


def _allowed(shown: str, value: int) -> bool:
    if shown == f"<{THRESHOLD}":
        return 1 <= value < THRESHOLD
    if shown == "[c]":
        return value == 0 or value >= THRESHOLD
    return shown == "withheld" or value == int(shown)


def _solve(files: list[bytes]) -> dict:
    """Every value each withheld figure takes across all true tables consistent with every release."""
    figures = [f for content in files for f in _tables(content, _breakdown_of(content))]
    atoms = sorted({(g, p) for groups, periods, _ in figures for g in groups for p in periods})
    found = {(groups, periods): set() for groups, periods, shown in figures if not shown.isdigit()}
    # A figure is checked once its last count is chosen; a published sum caps its counts on the way.
    last = {f: max(atoms.index((g, p)) for g in f[0] for p in f[1]) for f in figures}
    world: dict = {}

    def total(figure) -> int:
        return sum(world.get((g, p), 0) for g in figure[0] for p in figure[1])

    def search(i: int) -> None:
        if i == len(atoms):
            for key, seen in found.items():
                seen.add(total((*key, "")))
            return
        for value in range(BOUND):
            world[atoms[i]] = value
            over = any(
                s.isdigit() and total(f) > int(s) for f in figures for s in (f[2],) if atoms[i] in _cells(f)
            )
            if over:
                break
            if all(_allowed(f[2], total(f)) for f in figures if last[f] == i):
                search(i + 1)
        del world[atoms[i]]

    search(0)
    return found


def _cells(figure) -> set:
    return {(g, p) for g in figure[0] for p in figure[1]}


def _recovered(files: list[bytes]) -> list:
    """Withheld small figures with only one possible value: what the adversary learns."""
    small = {(g, p) for content in files for g, p, s in _tables(content, _breakdown_of(content)) if s == "<5"}
    return [(key, values) for key, values in _solve(files).items() if key in small and len(values) < 2]


def _notes(content: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return [row[0] for row in rows[rows.index(["Notes"]) + 1 :] if row]


def test_a_total_released_in_another_dataset_of_the_pack_does_not_reveal_a_withheld_count(
    db, system_id, make_request
):
    # Alone, the table by sex hides 2 behind its grand total; the dataset of all arrests publishes that total.
    by_sex = sex_rows(QUARTERS[0], 6, 0, 0, 0) + sex_rows(QUARTERS[1], 0, 2, 0, 0)
    monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(by_sex))
    monitoring.create(
        db, EDITOR, system_id, ALL, rows_csv([(QUARTERS[0], "total", 6), (QUARTERS[1], "total", 2)])
    )
    made = packs.build(db, FOI, make_request([system_id]), exports.Options())
    files = _pack_files(made)
    assert len(files) == 2
    assert _recovered(files) == []


def test_a_cumulative_total_released_later_does_not_reveal_a_quarter_withheld_now(
    db, system_id, make_request
):
    first = sex_rows(QUARTERS[0], 12, 30, 0, 0) + sex_rows(QUARTERS[1], 20, 25, 0, 0)
    earlier = monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(first))
    answered = _pack_files(packs.build(db, FOI, make_request([system_id]), exports.Options()))
    # The next quarter comes in: the editor replaces the dataset with one holding all three quarters.
    monitoring.delete(db, EDITOR, earlier)
    monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(first + sex_rows(QUARTERS[2], 2, 14, 0, 0)))
    made = packs.build(db, FOI, make_request([system_id], reference="9/26"), exports.Options())
    later = _pack_files(made)
    assert _recovered(answered + later) == []
    [note] = [n for n in _notes(later[0]) if n.startswith("Other releases:")]
    assert "further counts are withheld so that figures released in FOI 855A/22 cannot be used" in note
    audited = db.execute(
        "SELECT summary, details FROM audit_log WHERE action = 'monitoring.release' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert "further counts are withheld" in audited[0] and '"because": ["in FOI 855A/22"]' in audited[1]


def test_a_dataset_downloaded_on_its_own_is_checked_against_the_packs_and_recorded(
    db, system_id, make_request
):
    first = sex_rows(QUARTERS[0], 12, 30, 0, 0) + sex_rows(QUARTERS[1], 20, 25, 0, 0)
    earlier = monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(first))
    answered = _pack_files(packs.build(db, FOI, make_request([system_id]), exports.Options()))
    monitoring.delete(db, EDITOR, earlier)
    later = monitoring.create(
        db, EDITOR, system_id, DETAILS, rows_csv(first + sex_rows(QUARTERS[2], 2, 14, 0, 0))
    )
    _, content = monitoring.disclosure_csv(db, FOI, later)
    assert _recovered([*answered, content]) == []
    # Recorded, withheld figures without their counts: the small count never sits in the record.
    counts = db.execute(
        "SELECT count(*), sum(c.suppressed), sum(c.suppressed = 1 AND c.count IS NULL)"
        " FROM monitoring_released_counts c JOIN monitoring_releases r ON r.id = c.release_id"
        " WHERE r.disclosure_file_id IS NULL"
    ).fetchone()
    assert counts[0] == 4 * 5 and counts[1] >= 4 and counts[1] == counts[2]


def _table_part(content: bytes) -> bytes:
    return content.split(b"\r\n\r\n")[0]


def test_releases_of_other_systems_measures_and_periods_withhold_nothing_more(
    db, system_id, make_system, make_request
):
    table = sex_rows(QUARTERS[0], 12, 30, 0, 3) + sex_rows(QUARTERS[1], 20, 25, 0, 9)
    later = sex_rows(QUARTERS[2], 12, 30, 0, 3)
    datasets = {
        "arrests-by-sex": (DETAILS, table),
        "uses": ({**DETAILS, "title": "Uses", "measure": "uses"}, table),
        "later": ({**DETAILS, "title": "Later"}, later),
    }
    # The same tables for a system with no releases: each released alone.
    reference = make_system("Reference")
    alone = {
        key: _table_part(monitoring.disclosure_csv(db, FOI, monitoring.create(db, EDITOR, reference, *d))[1])
        for key, d in ((k, (details, rows_csv(rows))) for k, (details, rows) in datasets.items())
    }
    monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(table))
    packs.build(db, FOI, make_request([system_id]), exports.Options())
    other = make_system("Other")
    monitoring.create(db, EDITOR, other, DETAILS, rows_csv(table))
    for details, rows in list(datasets.values())[1:]:
        monitoring.create(db, EDITOR, system_id, details, rows_csv(rows))
    made = packs.build(db, FOI, make_request([system_id, other], reference="9/26"), exports.Options())
    pack = zipfile.ZipFile(io.BytesIO(made.content))
    released = {}
    for name in pack.namelist():
        if name.endswith("-released.csv"):
            key = name.rsplit("/", 1)[1].split("-", 2)[2].removesuffix("-released.csv")
            released.setdefault(key, []).append(pack.read(name))
    assert {key: len(files) for key, files in released.items()} == {
        "arrests-by-sex": 2,
        "uses": 1,
        "later": 1,
    }
    for key, files in released.items():
        for content in files:
            assert _table_part(content) == alone[key], key
            assert not [n for n in _notes(content) if n.startswith("Other releases:")]


def test_the_figures_of_a_pack_are_kept_with_its_lines_of_the_disclosure_log(db, system_id, make_request):
    monitoring.create(db, EDITOR, system_id, DETAILS, rows_csv(sex_rows(QUARTERS[0])))
    packs.build(db, FOI, make_request([system_id]), exports.Options())
    kept = db.execute(
        "SELECT f.path, r.measure, r.breakdown, count(*) FROM monitoring_releases r"
        " JOIN disclosure_files f ON f.id = r.disclosure_file_id"
        " JOIN monitoring_released_counts c ON c.release_id = r.id GROUP BY r.id"
    ).fetchall()
    assert [(path.endswith("-released.csv"), m, b, n) for path, m, b, n in kept] == [
        (True, "arrests", "sex", 10)
    ]
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM monitoring_released_counts")
