"""Suppression of small counts: properties checked on random tables, and by an exact solver on small ones."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpia.services.monitoring import joint
from dpia.services.monitoring.suppression import PRIMARY, PUBLISHED, SECONDARY, Suppression, suppress, witness

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tables(draw, max_rows=6, max_columns=6, max_value=40):
    """Tables skewed towards small counts, where suppression has work to do."""
    rows = draw(st.integers(1, max_rows))
    columns = draw(st.integers(1, max_columns))
    value = st.one_of(st.integers(0, 6), st.integers(0, max_value))
    cells = draw(st.lists(st.lists(value, min_size=columns, max_size=columns), min_size=rows, max_size=rows))
    return {
        "cells": cells,
        "threshold": draw(st.sampled_from([3, 5, 10])),
        "row_totals": draw(st.booleans()),
        "column_totals": draw(st.booleans()),
    }


def _run(table) -> Suppression:
    return suppress(
        table["cells"],
        table["threshold"],
        row_totals=table["row_totals"],
        column_totals=table["column_totals"],
    )


def _all_cells(result: Suppression):
    return [(r, c) for r in range(len(result.values)) for c in range(len(result.values[0]))]


def _lines(result: Suppression):
    """The constrained lines of the published table: each must add up to its total."""
    height, width = len(result.values), len(result.values[0])
    both = result.row_totals and result.column_totals
    found = []
    for r in range(height):
        if (r < result.rows and result.row_totals) or (r >= result.rows and both):
            found.append([(r, c) for c in range(width)])
    for c in range(width):
        if (c < result.columns and result.column_totals) or (c >= result.columns and both):
            found.append([(r, c) for r in range(height)])
    return found


@SETTINGS
@given(tables())
def test_every_count_below_the_threshold_is_suppressed_and_zeros_are_published(table):
    result = _run(table)
    for r, c in _all_cells(result):
        value = result.values[r][c]
        if 0 < value < table["threshold"]:
            assert result.status[r][c] == PRIMARY
        if value == 0:
            assert result.status[r][c] != PRIMARY


@SETTINGS
@given(tables())
def test_published_cells_keep_their_true_value_and_margins_add_up(table):
    result = _run(table)
    cells = table["cells"]
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            assert result.values[r][c] == value
    shown = result.shown("*", "[c]")
    for r, c in _all_cells(result):
        if result.status[r][c] == PUBLISHED:
            assert shown[r][c] == str(result.values[r][c])
        else:
            assert shown[r][c] in ("*", "[c]")
    for line in _lines(result):
        *inner, total = (result.values[r][c] for r, c in line)
        assert sum(inner) == total


@SETTINGS
@given(tables())
def test_no_line_of_the_table_has_exactly_one_suppressed_cell(table):
    result = _run(table)
    for line in _lines(result):
        withheld = [cell for cell in line if result.suppressed(cell)]
        assert len(withheld) != 1, (line, result.shown("*", "[c]"))


@SETTINGS
@given(tables())
def test_each_suppressed_small_count_has_a_witness_table_that_publishes_the_same(table):
    result = _run(table)
    for cell in _all_cells(result):
        if result.status[cell[0]][cell[1]] != PRIMARY or cell in result.pinned:
            continue
        change = witness(result, cell)
        assert change is not None and change.get(cell)
        assert all(result.suppressed(c) for c in change)
        changed = [list(row) for row in result.values]
        for (r, c), step in change.items():
            changed[r][c] += step
        _assert_consistent(result, changed)


def _assert_consistent(result: Suppression, values) -> None:
    for r, c in _all_cells(result):
        value = values[r][c]
        if result.status[r][c] == PUBLISHED:
            assert value == result.values[r][c]
        elif result.status[r][c] == PRIMARY:
            assert 1 <= value < result.threshold
        else:
            assert value == 0 or value >= result.threshold
    for line in _lines(result):
        *inner, total = (values[r][c] for r, c in line)
        assert sum(inner) == total


# An exact check that does not trust the implementation's own search: enumerate every table an
# intruder could believe in, given what is published, and count the values of each small cell.


def _feasible_values(result: Suppression, target, bound: int) -> set[int]:
    """Every value `target` takes over all tables consistent with the release (cells up to `bound`)."""
    rows, columns = result.rows, result.columns
    unknown = [(r, c) for r in range(rows) for c in range(columns) if result.suppressed((r, c))]
    found: set[int] = set()

    def domain(cell):
        if result.status[cell[0]][cell[1]] == PRIMARY:
            return range(1, result.threshold)
        return [0, *range(result.threshold, bound + 1)]

    inner = [list(row[:columns]) for row in result.values[:rows]]
    for r, c in unknown:
        inner[r][c] = 0

    def check(values) -> bool:
        full = [list(row) for row in values]
        if result.row_totals:
            for row in full:
                row.append(sum(row))
        if result.column_totals:
            full.append([sum(col) for col in zip(*full, strict=True)])
        for r, c in _all_cells(result):
            if result.status[r][c] == PUBLISHED and full[r][c] != result.values[r][c]:
                return False
            if result.status[r][c] != PUBLISHED and full[r][c] not in domain((r, c)):
                return False
        return True

    def search(i):
        if i == len(unknown):
            if check(inner):
                found.add(_value(result, inner, target))
            return
        r, c = unknown[i]
        for value in domain((r, c)):
            inner[r][c] = value
            if _partial_ok(result, inner, unknown, i):
                search(i + 1)
        inner[r][c] = 0

    search(0)
    return found


def _value(result: Suppression, inner, target) -> int:
    r, c = target
    full = [list(row) for row in inner]
    if result.row_totals:
        for row in full:
            row.append(sum(row))
    if result.column_totals:
        full.append([sum(col) for col in zip(*full, strict=True)])
    return full[r][c]


def _partial_ok(result: Suppression, inner, unknown, i) -> bool:
    """Prune: a row whose unknowns are all assigned must match its published total."""
    r = unknown[i][0]
    if not result.row_totals or result.suppressed((r, result.columns)):
        return True
    if any(u[0] == r for u in unknown[i + 1 :]):
        return sum(inner[r]) <= result.values[r][result.columns]
    return sum(inner[r]) == result.values[r][result.columns]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(max_rows=3, max_columns=3, max_value=8))
def test_an_exact_solver_finds_at_least_two_values_for_every_suppressed_small_count(table):
    table["threshold"] = min(table["threshold"], 5)
    result = _run(table)
    withheld = [cell for cell in _all_cells(result) if result.suppressed(cell)]
    if result.withheld:
        assert len(withheld) == len(_all_cells(result))  # nothing at all is released
        return
    inner_unknown = [cell for cell in withheld if cell[0] < result.rows and cell[1] < result.columns]
    if len(inner_unknown) > 6:
        return  # keep the enumeration small; larger tables are covered by the witness test
    # The intruder knows no upper bound but the published totals; the cap only keeps the
    # enumeration finite, with room above the true grand total for alternatives to exist.
    bound = sum(sum(row) for row in table["cells"]) + table["threshold"]
    for cell in withheld:
        if result.status[cell[0]][cell[1]] == PRIMARY:
            values = _feasible_values(result, cell, bound)
            assert result.values[cell[0]][cell[1]] in values
            assert len(values) >= 2, (cell, result.shown("*", "[c]"), values)


def test_a_worked_example_suppresses_a_rectangle():
    result = suppress([[10, 2, 30], [12, 20, 7], [8, 9, 11]], 5)
    assert result.shown("*", "[c]") == [
        ["[c]", "*", "30", "42"],
        ["12", "20", "7", "39"],
        ["[c]", "[c]", "11", "28"],
        ["30", "31", "48", "109"],
    ]


@SETTINGS
@given(tables())
def test_a_table_is_withheld_only_when_every_cell_is_already_suppressed(table):
    result = _run(table)
    if result.withheld:
        assert all(result.suppressed(cell) for cell in _all_cells(result))


def test_a_table_too_small_to_protect_is_withheld():
    result = suppress([[1, 1]], 3, row_totals=True, column_totals=False)
    assert result.withheld and result.pinned


def test_small_totals_are_suppressed_too():
    result = suppress([[1, 1], [1, 1]], 5)
    assert all(state != PUBLISHED for row in result.status for state in row)


def test_a_table_without_small_counts_is_published_whole():
    result = suppress([[5, 6], [7, 8]], 5)
    assert result.shown("*", "*") == [["5", "6", "11"], ["7", "8", "15"], ["12", "14", "26"]]
    assert SECONDARY not in {s for row in result.status for s in row}


@pytest.mark.parametrize("threshold", [0, 1, 2])
def test_thresholds_below_three_are_refused(threshold):
    with pytest.raises(ValueError, match="3 or more"):
        suppress([[1]], threshold)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        suppress([[1, -1]], 5)


def test_a_sum_released_elsewhere_is_kept_by_every_alternative_table():
    cells = [[3, 20], [10, 20], [15, 30]]
    layout = joint.Shape(
        "arrests", "sex", ("female", "male"), tuple(frozenset([m]) for m in (0, 1, 2)), True, True
    )
    # Female over the first two periods was published by another release: 13.
    prior = joint.Prior(
        measure="arrests",
        breakdown="sex",
        group_code="female",
        months="0000-01 0000-02",
        count=13,
        suppressed=0,
        source="in FOI 1",
    )
    constraints = joint.constraints(layout, joint.facts(layout, [prior]))
    alone = suppress(cells, 5)
    assert witness(alone, (0, 0)).get((1, 0))  # alone, the 3 is hidden behind the 10 below it
    result = suppress(cells, 5, constraints=constraints)
    change = witness(result, (0, 0))
    assert change and change.get((0, 0))
    assert change.get((0, 0), 0) + change.get((1, 0), 0) == 0
    assert all(result.suppressed(cell) for cell in change)
