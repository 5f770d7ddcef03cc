"""The FOI clock: clarification (s1(3)), public interest extension (s10(3)), closing, internal review."""

from datetime import date, timedelta

import pytest

from dpia.errors import Conflict, Forbidden, Invalid, NotNow
from dpia.services.disclosure import events
from dpia.services.disclosure import requests as foi
from tests.conftest import EDITOR, FOI


def _day(iso):
    year, month, day = iso.split("-")
    return {"day": day, "month": month, "year": year}


def _record(db, request_id, action, **data):
    revision = foi.get(db, FOI, request_id)["revision"]
    return events.record(db, FOI, request_id, action, data, revision)


def _stored(db):
    """Everything a refused step must leave alone."""
    return (
        db.execute("SELECT count(*) FROM foi_events").fetchone()[0],
        db.execute("SELECT status, responded, due, revision FROM foi_requests").fetchall(),
        db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
    )


def test_clarification_stops_the_clock_and_its_answer_starts_twenty_days_afresh(db, make_request):
    request_id = make_request(received="2022-05-16")
    _record(db, request_id, "seek_clarification", day=_day("2022-05-20"))
    stopped = foi.deadline(db, foi.get(db, FOI, request_id), date(2022, 6, 20))
    assert (stopped.text, stopped.stopped) == (
        "Clock stopped: awaiting clarification since 20 May 2022",
        True,
    )
    done = _record(db, request_id, "receive_clarification", day=_day("2022-05-27"))
    # Friday 27 May; the Jubilee holidays on 2 and 3 June and four weekends: due Tuesday 28 June, not 15 June.
    assert done.message.endswith("due on 28 June 2022.")
    found = foi.get(db, FOI, request_id)
    assert found["due"] == "2022-06-28"
    assert foi.deadline(db, found, date(2022, 6, 27)).text == "1 working day left"
    assert [e["kind"] for e in found["events"]] == ["clarification_sought", "clarification_received"]


def test_a_clarification_answered_over_christmas_skips_the_weekend_and_bank_holidays(db, make_request):
    request_id = make_request(received="2023-12-01")
    _record(db, request_id, "seek_clarification", day=_day("2023-12-04"))
    _record(db, request_id, "receive_clarification", day=_day("2023-12-22"))
    # Friday 22 December: Christmas Day, Boxing Day and New Year's Day are not working days.
    assert foi.get(db, FOI, request_id)["due"] == "2024-01-24"


def test_an_extension_records_its_reason_and_new_date_and_warns_beyond_twenty_more_days(db, make_request):
    request_id = make_request(received="2022-05-16")
    within = _record(
        db, request_id, "extend", day=_day("2022-06-10"), new_due=_day("2022-07-13"), reason="s31 PIT"
    )
    assert within.warnings == []
    found = foi.get(db, FOI, request_id)
    assert found["due"] == "2022-07-13"
    assert (found["events"][0]["reason"], found["events"][0]["new_due"]) == ("s31 PIT", "2022-07-13")
    assert foi.deadline(db, found, date(2022, 7, 12)).text == "1 working day left"
    longer = _record(
        db, request_id, "extend", day=_day("2022-07-01"), new_due=_day("2022-07-14"), reason="More advice"
    )
    # 14 July is 21 working days after the statutory 15 June: recorded, with a warning.
    assert "more than 20 working days after the statutory due date (15 June 2022)" in longer.warnings[0]
    assert foi.get(db, FOI, request_id)["due"] == "2022-07-14"
    with pytest.raises(Invalid) as refused:
        _record(db, request_id, "extend", day=_day("2022-06-30"), new_due=_day("2022-07-20"), reason="x")
    message = (
        "Date the requester was told must be the same as or after the last date in its history (1 July 2022)"
    )
    assert refused.value.errors["day"] == message


def test_closing_records_the_response_and_the_outcome(db, make_request):
    request_id = make_request(received="2022-05-16")
    _record(db, request_id, "close", day=_day("2022-06-14"), outcome="granted_in_part")
    found = foi.get(db, FOI, request_id)
    assert (found["status"], found["responded"]) == ("closed", "2022-06-14")
    assert [(e["kind"], e["outcome"]) for e in found["events"]] == [
        ("responded", ""),
        ("closed", "granted_in_part"),
    ]
    assert foi.deadline(db, found).text == "Closed on 14 June 2022: granted in part"
    actions = db.execute("SELECT action FROM audit_log WHERE action LIKE 'foi.%' ORDER BY id").fetchall()
    assert [a[0] for a in actions] == ["foi.create", "foi.responded", "foi.closed"]


def test_an_internal_review_has_its_own_clock_and_outcome_and_points_at_the_response(db, make_request):
    request_id = make_request(received="2022-05-16")
    _record(db, request_id, "close", day=_day("2022-06-14"), outcome="refused")
    _record(db, request_id, "request_review", day=_day("2022-06-15"))
    found = foi.get(db, FOI, request_id)
    assert found["status"] == "responded"
    under_review = foi.deadline(db, found, date(2022, 7, 11))
    assert (under_review.due, under_review.text) == (
        date(2022, 7, 13),
        "Internal review: 2 working days left",
    )
    # Pages say what is counted down beside a tag holding only the countdown, short enough for one line.
    assert (under_review.prefix, under_review.countdown) == ("Internal review:", "2 working days left")
    assert events.available(found, events.compute(found, set())) == ["close_review"]
    _record(db, request_id, "close_review", day=_day("2022-07-01"), outcome="partly_upheld")
    found = foi.get(db, FOI, request_id)
    assert found["status"] == "closed"
    assert foi.deadline(db, found).text == "Internal review closed on 1 July 2022: partly upheld"
    with pytest.raises(NotNow, match="complain to the Information Commissioner"):
        _record(db, request_id, "request_review", day=_day("2022-07-02"))


def test_a_review_asked_for_late_or_taking_too_long_is_recorded_with_a_warning(db, make_request):
    request_id = make_request(received="2022-05-16", status="responded", responded=_day("2022-06-14"))
    late = _record(db, request_id, "request_review", day=_day("2022-08-10"))
    assert "more than 40 working days after the response" in late.warnings[0]
    slow = _record(db, request_id, "close_review", day=_day("2022-10-10"), outcome="upheld")
    assert "more than 40 working days" in slow.warnings[0]


def _open(make_request):
    return make_request(received="2022-05-16")


def _awaiting(db, make_request):
    request_id = make_request(received="2022-05-16")
    _record(db, request_id, "seek_clarification", day=_day("2022-05-20"))
    return request_id


def _closed(db, make_request):
    request_id = make_request(received="2022-05-16")
    _record(db, request_id, "close", day=_day("2022-06-14"), outcome="granted_in_full")
    return request_id


def _future():
    day = date.today() + timedelta(days=3)
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


@pytest.mark.parametrize(
    "setup, action, data, field, message",
    [
        (
            "open",
            "seek_clarification",
            {"day": _day("2022-05-13")},
            "day",
            "Date clarification was sought must be the same as or after the date the request was received"
            " (16 May 2022)",
        ),
        ("open", "seek_clarification", {"day": _future()}, "day", "must be today or in the past"),
        ("open", "seek_clarification", {}, "day", "Enter the date clarification was sought"),
        ("open", "seek_clarification", {"day": _day("2022-05-xx")}, "day", "day must be a number"),
        (
            "awaiting",
            "receive_clarification",
            {"day": _day("2022-05-19")},
            "day",
            "Date clarification was received must be the same as or after the date it was sought"
            " (20 May 2022)",
        ),
        (
            "open",
            "extend",
            {"day": _day("2022-06-10"), "new_due": _day("2022-06-15"), "reason": "PIT"},
            "new_due",
            "New due date must be after the current due date (15 June 2022)",
        ),
        (
            "open",
            "extend",
            {"day": _day("2022-06-10"), "new_due": _day("2022-07-01"), "reason": "  "},
            "reason",
            "Enter why the public interest test needs more time",
        ),
        (
            "open",
            "extend",
            {"day": _day("2022-06-10"), "new_due": {"day": "", "month": "7", "year": "2022"}, "reason": "x"},
            "new_due",
            "New due date must include a day, month and year",
        ),
        ("open", "close", {"day": _day("2022-06-14")}, "outcome", "Select the outcome of the request"),
        (
            "open",
            "close",
            {"day": _day("2022-06-14"), "outcome": "lost"},
            "outcome",
            "Outcome must be one of",
        ),
        (
            "open",
            "close",
            {"day": _day("2022-05-01"), "outcome": "refused"},
            "day",
            "Date closed must be the same as or after the date the request was received (16 May 2022)",
        ),
        (
            "closed",
            "request_review",
            {"day": _day("2022-06-13")},
            "day",
            "Date the review was requested must be the same as or after the date of the response"
            " (14 June 2022)",
        ),
        ("open", "nonsense", {}, "action", "Action must be one of"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    db, make_request, setup, action, data, field, message
):
    request_id = {"open": _open, "awaiting": _awaiting, "closed": _closed}[setup](
        *((make_request,) if setup == "open" else (db, make_request))
    )
    before = _stored(db)
    with pytest.raises(Invalid) as refused:
        _record(db, request_id, action, **data)
    assert message in refused.value.errors[field]
    assert _stored(db) == before


@pytest.mark.parametrize(
    "setup, action, data, message",
    [
        (
            "closed",
            "close",
            {"day": _day("2022-06-20"), "outcome": "refused"},
            "already closed (on 14 June 2022)",
        ),
        ("open", "request_review", {"day": _day("2022-06-20")}, "has not been responded to"),
        ("open", "close_review", {"day": _day("2022-06-20"), "outcome": "upheld"}, "No internal review"),
        ("open", "receive_clarification", {"day": _day("2022-06-01")}, "No clarification is awaited"),
        ("awaiting", "seek_clarification", {"day": _day("2022-05-21")}, "awaited since 20 May 2022"),
        (
            "awaiting",
            "extend",
            {"day": _day("2022-05-21"), "new_due": _day("2022-07-01"), "reason": "x"},
            "stopped",
        ),
        ("awaiting", "close", {"day": _day("2022-05-21"), "outcome": "refused"}, "record its answer"),
        (
            "closed",
            "extend",
            {"day": _day("2022-06-20"), "new_due": _day("2022-07-20"), "reason": "x"},
            "open",
        ),
    ],
)
def test_steps_out_of_turn_are_refused_and_nothing_is_stored(db, make_request, setup, action, data, message):
    request_id = {"open": _open, "awaiting": _awaiting, "closed": _closed}[setup](
        *((make_request,) if setup == "open" else (db, make_request))
    )
    before = _stored(db)
    with pytest.raises(NotNow, match=message.replace("(", r"\(").replace(")", r"\)")):
        _record(db, request_id, action, **data)
    assert _stored(db) == before


def test_a_stale_step_is_refused_and_only_foi_officers_record_steps(db, make_request):
    request_id = make_request(received="2022-05-16")
    revision = foi.get(db, FOI, request_id)["revision"]
    events.record(db, FOI, request_id, "seek_clarification", {"day": _day("2022-05-20")}, revision)
    with pytest.raises(Conflict):
        events.record(db, FOI, request_id, "receive_clarification", {"day": _day("2022-05-23")}, revision)
    with pytest.raises(Forbidden):
        events.record(
            db, EDITOR, request_id, "receive_clarification", {"day": _day("2022-05-23")}, revision + 1
        )
    assert db.execute("SELECT count(*) FROM foi_events").fetchone()[0] == 1


def test_changing_the_date_received_keeps_the_history_and_its_due_date(db, make_request):
    request_id = make_request(received="2022-05-16")
    _record(db, request_id, "seek_clarification", day=_day("2022-05-20"))
    _record(db, request_id, "receive_clarification", day=_day("2022-05-27"))
    found = foi.get(db, FOI, request_id)
    data = {"reference": "855A/22", "received": _day("2022-05-17"), "status": "open", "systems": []}
    foi.update(db, FOI, request_id, data, found["revision"])
    assert foi.get(db, FOI, request_id)["due"] == "2022-06-28"
    with pytest.raises(Invalid) as refused:
        foi.update(db, FOI, request_id, {**data, "received": _day("2022-05-23")}, found["revision"] + 1)
    assert refused.value.errors["received"] == (
        "Date received must be on or before 20 May 2022, the first date in its history"
    )


def test_a_response_recorded_on_the_form_appears_in_the_history(db, make_request):
    request_id = make_request(received="2022-05-16", status="responded", responded=_day("2022-06-14"))
    assert [(e["kind"], e["day"]) for e in foi.get(db, FOI, request_id)["events"]] == [
        ("responded", "2022-06-14")
    ]


def _form(day, **fields):
    data = {f"day-{part}": value for part, value in _day(day).items()}
    return {**data, **fields}


def test_an_officer_seeks_clarification_extends_and_closes_through_the_pages(signed_in, make_request, db):
    request_id = make_request(received="2022-05-16")
    officer, url = signed_in("foi_officer"), f"/foi/{request_id}"
    page = officer.get(url).get_data(as_text=True)
    assert (
        "Record clarification sought" in page
        and "Extend (section 10(3))" in page
        and "Close the internal review" not in page
    )
    form = f"{url}/record/seek-clarification"
    refused = officer.post(form, _form("2022-05-13", revision="1"), form_url=form)
    assert refused.status_code == 400 and "There is a problem" in refused.get_data(as_text=True)
    assert 'href="#day-day"' in refused.get_data(as_text=True)
    done = officer.post(form, _form("2022-05-20", revision="1"), form_url=form, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "Clock stopped: awaiting clarification since 20 May 2022" in html
    assert 'id="history"' in html and "Clarification sought" in html
    twice = officer.post(form, _form("2022-05-21", revision="2"), form_url=form)
    assert twice.status_code == 409 and "record its answer first" in twice.get_data(as_text=True)
    form = f"{url}/record/receive-clarification"
    assert officer.post(form, _form("2022-05-27", revision="2"), form_url=form).status_code == 302
    form = f"{url}/record/extend"
    extension = _form("2022-06-20", revision="3", reason="Weighing s31", **{"new_due-day": "29"})
    extension.update({"new_due-month": "7", "new_due-year": "2022"})
    html = officer.post(form, extension, form_url=form, follow_redirects=True).get_data(as_text=True)
    assert (
        "29 July 2022, extended under section 10(3); the statutory date was 28 June 2022" in html
        and "Weighing s31" in html
    )
    assert "more than 20 working days after the statutory due date (28 June 2022)" in html  # the warning
    form = f"{url}/record/close"
    html = officer.post(
        form, _form("2022-07-20", revision="4", outcome="not_held"), form_url=form, follow_redirects=True
    ).get_data(as_text=True)
    assert "Closed on 20 July 2022: information not held" in html
    listing = officer.get("/foi").get_data(as_text=True)
    assert "Closed on 20 July 2022: information not held" in listing


def test_the_review_section_links_to_the_original_response(signed_in, make_request, db):
    request_id = make_request(received="2022-05-16")
    _record(db, request_id, "close", day=_day("2022-06-14"), outcome="granted_in_part")
    _record(db, request_id, "request_review", day=_day("2022-06-20"))
    officer = signed_in("foi_officer")
    html = officer.get(f"/foi/{request_id}").get_data(as_text=True)
    closed = db.execute("SELECT id FROM foi_events WHERE kind = 'closed'").fetchone()[0]
    assert f'href="#event-{closed}">Sent 14 June 2022: granted in part</a>' in html
    assert "18 July 2022 (20 working days after it was requested" in html
    assert "Internal review: " in officer.get("/foi").get_data(as_text=True)
    reader = signed_in("reader")
    assert "Close the internal review" not in reader.get(f"/foi/{request_id}").get_data(as_text=True)
    assert reader.get(f"/foi/{request_id}/record/close-review").status_code == 403
    assert officer.get(f"/foi/{request_id}/record/lose-it").status_code == 404


def test_the_demo_has_a_request_awaiting_clarification_one_extended_and_one_under_review(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    where = {r["reference"]: r["deadline"] for r in foi.listing(db, FOI)}
    assert where["1203/24"].stopped
    assert foi.find(db, "1190/24")["events"][0]["kind"] == "extended"
    assert where["1190/24"].running and where["1190/24"].days > 0
    assert where["1152/24"].text.startswith("Internal review: ") and where["1152/24"].days > 0
    assert [e["kind"] for e in foi.find(db, "855A/22")["events"]] == ["responded"]
