"""FOI deadlines: 20 working days after receipt, skipping weekends and England and Wales bank holidays."""

import json
from datetime import date

import pytest

from dpia.actor import command_line
from dpia.errors import Forbidden, Invalid
from dpia.services.disclosure import holidays
from dpia.services.disclosure import requests as foi
from tests.conftest import FOI


@pytest.mark.parametrize(
    "received, due",
    [
        # The Spring bank holiday moved to Thursday 2 June 2022, with the Platinum Jubilee on Friday 3 June.
        (date(2022, 5, 16), date(2022, 6, 15)),
        # Good Friday, Easter Monday and the early May bank holiday.
        (date(2022, 4, 1), date(2022, 5, 4)),
        # Boxing Day 26 December, Christmas Day moved to 27 December, New Year's Day moved to 2 January 2023.
        (date(2022, 12, 15), date(2023, 1, 17)),
        # Received on a Saturday; the State Funeral of Queen Elizabeth II on Monday 19 September 2022.
        (date(2022, 9, 10), date(2022, 10, 10)),
        # Early May bank holiday and the Coronation of King Charles III on Monday 8 May 2023.
        (date(2023, 4, 24), date(2023, 5, 24)),
        # VE Day: the early May bank holiday moved to Friday 8 May 2020.
        (date(2020, 5, 1), date(2020, 6, 2)),
        # An ordinary month: four weeks exactly.
        (date(2024, 2, 5), date(2024, 3, 4)),
    ],
)
def test_the_due_date_is_the_twentieth_working_day_after_receipt(db, received, due):
    assert foi.due_date(db, received) == due


def test_the_shipped_list_has_the_special_days_and_substitutes():
    known = holidays.shipped()
    for day in (
        "2020-05-08",
        "2022-06-02",
        "2022-06-03",
        "2022-09-19",
        "2023-05-08",
        "2020-12-28",
        "2021-12-27",
    ):
        assert date.fromisoformat(day) in known, day
    assert date(2020, 5, 4) not in known  # the usual first Monday in May moved that year
    assert date(2022, 5, 30) not in known  # the usual last Monday moved to 2 June
    assert min(known).year == 2018 and max(known).year == 2027
    assert all(day.weekday() < 5 for day in known)


def test_working_days_are_counted_after_the_first_day_up_to_the_second():
    known = holidays.shipped()
    assert holidays.working_days_between(date(2022, 6, 1), date(2022, 6, 6), known) == 1
    assert holidays.working_days_between(date(2022, 6, 6), date(2022, 6, 1), known) == -1
    assert holidays.working_days_between(date(2022, 6, 6), date(2022, 6, 6), known) == 0


@pytest.mark.parametrize(
    "today, text",
    [
        (date(2022, 6, 10), "3 working days left"),
        (date(2022, 6, 14), "1 working day left"),
        (date(2022, 6, 15), "Due today"),
        (date(2022, 6, 17), "Overdue by 2 working days"),
    ],
)
def test_an_open_request_says_how_many_working_days_are_left(db, make_request, today, text):
    request = foi.get(db, FOI, make_request(received="2022-05-16"))
    found = foi.deadline(db, request, today)
    assert found.text == found.countdown == text and found.prefix == ""


def _govuk(events, division="england-and-wales"):
    return json.dumps({division: {"division": division, "events": events}, "scotland": {"events": []}})


def test_importing_govuks_file_adds_new_years_and_is_audited(db):
    text = _govuk(
        [{"title": "New Year’s Day", "date": "2028-01-03", "notes": "Substitute day", "bunting": True}]
    )
    assert holidays.import_text(db, command_line(), text, "bank-holidays.json") == (1, 1)
    assert holidays.holidays(db)[date(2028, 1, 3)] == "New Year’s Day"
    assert holidays.known_until(db) == 2028
    assert holidays.import_text(db, command_line(), text, "bank-holidays.json") == (0, 1)
    summary = db.execute("SELECT summary FROM audit_log WHERE action = 'holidays.import'").fetchone()[0]
    assert summary == "Imported 1 bank holidays (1 new) from bank-holidays.json"


@pytest.mark.parametrize(
    "text, message",
    [
        ("not json", "The file is not JSON"),
        (json.dumps({"scotland": {"events": []}}), "has no ‘england-and-wales’ list"),
        (_govuk([]), "lists no bank holidays"),
        (_govuk([{"title": "X"}]), "Event 1 has no date"),
        (_govuk([{"title": "X", "date": "03/01/2028"}]), "not YYYY-MM-DD: 03/01/2028"),
    ],
)
def test_a_bad_holiday_file_is_refused_with_a_reason(db, text, message):
    with pytest.raises(Invalid) as refused:
        holidays.import_text(db, command_line(), text, "x.json")
    assert message in refused.value.errors["file"]
    assert db["bank_holidays"].count == 0


def test_only_administrators_import_holidays(db):
    with pytest.raises(Forbidden):
        holidays.import_text(db, FOI, _govuk([{"date": "2028-01-03"}]), "x.json")


def test_the_cli_imports_and_lists_holidays(runner, tmp_path):
    path = tmp_path / "bank-holidays.json"
    path.write_text(_govuk([{"title": "Extra day", "date": "2028-06-05"}]), encoding="utf-8")
    imported = runner.invoke(args=["holidays", "import", str(path)])
    assert imported.exit_code == 0, imported.output
    assert "1 new. Known up to the end of 2028." in imported.output
    listed = runner.invoke(args=["holidays", "list", "--year", "2022"])
    assert "2022-09-19  Mon  Bank Holiday for the State Funeral of Queen Elizabeth II" in listed.output
    assert listed.output.count("\n") == 10
    path.write_text("{}", encoding="utf-8")
    refused = runner.invoke(args=["holidays", "import", str(path)])
    assert (
        refused.exit_code == 1 and "england-and-wales" in refused.output and "Traceback" not in refused.output
    )


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000 + "]" * 100_000, '{"events": [{"date": "2024-01-01", "title": "\\ud800"}]}'],
    ids=["100k deep", "lone surrogate"],
)
def test_a_holidays_file_too_deep_or_with_a_lone_surrogate_is_refused_not_a_crash(text):
    with pytest.raises(Invalid, match="not JSON"):
        holidays.parse(text)
