import pytest

from dpia.partial_dates import PartialDate, PartialDateError


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2017", "2017"),
        ("2017-06", "June 2017"),
        ("2017-06-03", "3 June 2017"),
        ("2024-02-29", "29 February 2024"),
    ],
)
def test_partial_dates_are_shown_as_precisely_as_known(text, shown):
    date = PartialDate.parse(text)
    assert date.display() == shown
    assert date.iso() == text


@pytest.mark.parametrize(
    "text", ["2023-02-30", "2017-13", "17", "2017-6-1", "June 2017", "1800", "2023-02-29"]
)
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(PartialDateError):
        PartialDate.parse(text)


def test_a_partial_date_spans_from_its_earliest_to_its_latest_day():
    assert str(PartialDate.parse("2017").earliest()) == "2017-01-01"
    assert str(PartialDate.parse("2017").latest()) == "2017-12-31"
    assert str(PartialDate.parse("2024-02").latest()) == "2024-02-29"
