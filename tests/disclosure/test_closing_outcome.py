"""Closing an FOI request with questions: an outcome the drafted response contradicts is refused."""

import pytest

from dpia.errors import Invalid
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import events, questions, withholding
from dpia.services.disclosure import requests as foi
from tests.conftest import EDITOR, FOI

HELD = {"number": "1", "text": "What are the systems called?", "fact": "names", "scope": "categories"}
OWN = {"number": "2", "text": "Why was it bought?", "fact": "own", "scope": "none", "answer": "To plan."}
EXEMPT = {
    "number": "3",
    "text": "Please send the source code.",
    "fact": "own",
    "scope": "none",
    "disposition": "exempt",
    "exemption": "s31",
    "subsection": "(1)(a)",
}
NOT_HELD = {"number": "4", "text": "Who wrote it?", "fact": "own", "scope": "none", "disposition": "not_held"}
NCND = {
    "number": "5",
    "text": "Do you use it at football grounds?",
    "fact": "own",
    "scope": "none",
    "disposition": "ncnd",
    "ncnd_exemption": "s24",
}
COSTLY = {
    "number": "6",
    "text": "Every email about it since 2010.",
    "fact": "own",
    "scope": "none",
    "disposition": "s12",
    "detail": "About 60 hours to search every mailbox.",
}


def _today():
    year, month, day = assessments.today().isoformat().split("-")
    return {"day": day, "month": month, "year": year}


def _asked(db, make_system, make_request, *asked):
    system_id = make_system(name="HART", category="individual_risk")
    request_id = make_request([system_id])
    for question in asked:
        data = dict(question)
        if data["scope"] == "categories":
            data["categories"] = ["individual_risk"]
        questions.add(db, FOI, request_id, data)
    return request_id, system_id


def _close(db, request_id, outcome):
    revision = foi.get(db, FOI, request_id)["revision"]
    return events.record(db, FOI, request_id, "close", {"day": _today(), "outcome": outcome}, revision)


def _stored(db):
    return (
        db.execute("SELECT count(*) FROM foi_events").fetchone()[0],
        db.execute("SELECT status, responded, due, revision FROM foi_requests").fetchall(),
        db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
    )


def _refused(db, request_id, outcome) -> str:
    before = _stored(db)
    with pytest.raises(Invalid) as refused:
        _close(db, request_id, outcome)
    assert _stored(db) == before
    return refused.value.errors["outcome"]


@pytest.mark.parametrize(
    ("asked", "outcome", "message"),
    [
        (
            (HELD,),
            "not_held",
            "Question 1 is answered: information held, so the outcome cannot be ‘Information not held’",
        ),
        (
            (HELD, EXEMPT, NOT_HELD),
            "not_held",
            "Question 1 is answered: information held; question 3 is answered: withheld in full under"
            " section 31, so the outcome cannot be ‘Information not held’",
        ),
        (
            (HELD, EXEMPT),
            "granted_in_full",
            "Question 3 is answered: withheld in full under section 31, so the outcome cannot be"
            " ‘Granted in full’",
        ),
        (
            (HELD, NCND, COSTLY),
            "granted_in_full",
            "Question 5 is answered: neither confirm nor deny; question 6 is answered: over the cost limit"
            " (section 12), so the outcome cannot be ‘Granted in full’",
        ),
        (
            (NOT_HELD,),
            "granted_in_full",
            "No question is answered with information held: question 4 is answered: information not held,"
            " so the outcome cannot be ‘Granted in full’",
        ),
        (
            (HELD, OWN),
            "refused",
            "Nothing is withheld: questions 1 and 2 are answered: information held, so the outcome cannot"
            " be ‘Refused’",
        ),
        (
            (HELD, EXEMPT),
            "ncnd",
            "No question is answered ‘neither confirm nor deny’: question 1 is answered: information held;"
            " question 3 is answered: withheld in full under section 31, so the outcome cannot be"
            " ‘Neither confirm nor deny’",
        ),
        (
            (HELD, NOT_HELD),
            "granted_in_part",
            "Nothing is refused or withheld: question 1 is answered: information held; question 4 is"
            " answered: information not held, so the outcome cannot be ‘Granted in part’",
        ),
        (
            (EXEMPT, NOT_HELD),
            "granted_in_part",
            "No question is answered with information held: question 3 is answered: withheld in full under"
            " section 31; question 4 is answered: information not held, so the outcome cannot be"
            " ‘Granted in part’",
        ),
    ],
)
def test_an_outcome_the_drafted_answers_contradict_is_refused_naming_the_answers(
    db, make_system, make_request, asked, outcome, message
):
    request_id, _ = _asked(db, make_system, make_request, *asked)
    assert _refused(db, request_id, outcome) == message
    assert foi.get(db, FOI, request_id)["status"] == "open"


@pytest.mark.parametrize(
    ("asked", "outcome"),
    [
        ((HELD, OWN, NOT_HELD), "granted_in_full"),
        ((HELD, EXEMPT), "granted_in_part"),
        ((HELD, COSTLY), "granted_in_part"),
        ((EXEMPT,), "refused"),
        ((COSTLY, NOT_HELD), "refused"),
        ((HELD, EXEMPT), "refused"),
        ((NOT_HELD,), "not_held"),
        ((NCND, NOT_HELD), "not_held"),
        ((NCND,), "ncnd"),
        ((HELD, NCND), "ncnd"),
    ],
)
def test_an_outcome_the_drafted_answers_bear_out_closes_the_request(
    db, make_system, make_request, asked, outcome
):
    request_id, _ = _asked(db, make_system, make_request, *asked)
    closed = _close(db, request_id, outcome)
    assert closed.message.startswith("Closed: ")
    found = foi.get(db, FOI, request_id)
    assert (found["status"], found["events"][-1]["outcome"]) == ("closed", outcome)


def _withhold_supplier(db, system_id):
    current = systems.get(db, EDITOR, system_id)
    data = {**systems.as_form_data(current), "supplier": "Acme Analytics Ltd"}
    systems.update(db, EDITOR, system_id, data, current["version"])
    passage = {"target": "supplier", "scope": "passage", "passage": "Acme Analytics"}
    withholding.mark_system(
        db, FOI, system_id, {**passage, "exemption": "s43", "subsection": "(2)", "reason": "Contract."}
    )


def test_a_passage_withheld_from_what_is_released_means_not_granted_in_full(db, make_system, make_request):
    request_id, system_id = _asked(db, make_system, make_request, HELD)
    _withhold_supplier(db, system_id)
    assert _refused(db, request_id, "granted_in_full") == (
        "Passages of the attached documents are withheld under section 43, so the outcome cannot be"
        " ‘Granted in full’"
    )
    # Something released, something withheld: in part, and not "refused" as if nothing were withheld.
    assert _close(db, request_id, "granted_in_part").message == "Closed: granted in part."


def test_a_request_without_questions_closes_with_any_outcome_as_before(db, make_system, make_request):
    request_id = make_request([make_system()])
    assert _close(db, request_id, "not_held").message == "Closed: information not held."


@pytest.mark.parametrize(
    ("outcome", "held", "contradicts"),
    [
        ("not_held", ("not_held", "not_held"), False),
        ("not_held", ("not_held", "exempt"), True),
        ("granted_in_full", ("held", "held"), False),
        ("granted_in_full", ("held", "s12"), True),
        ("granted_in_part", ("held", "exempt"), False),
        ("granted_in_part", ("held", "held"), True),
        ("refused", ("exempt", "s12"), False),
        ("refused", ("held", "not_held"), True),
        ("ncnd", ("ncnd",), False),
        ("ncnd", ("held",), True),
    ],
)
def test_the_pure_rule_reads_each_outcome_against_the_answers(outcome, held, contradicts):
    from dpia.domain import outcomes

    answered = [
        outcomes.Answered(str(n), way, (("s31", ""),) if way == "exempt" else ())
        for n, way in enumerate(held, 1)
    ]
    assert (outcomes.contradiction(outcome, answered, [], False) is not None) is contradicts
