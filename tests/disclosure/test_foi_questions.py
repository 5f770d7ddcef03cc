"""The questions of an FOI request: paste, preview, confirm, edit, reorder, delete, and parent answers."""

from dataclasses import replace

import pytest

from dpia.actor import command_line
from dpia.domain.questions import parent_answer
from dpia.errors import Conflict, Forbidden, Invalid
from dpia.services import systems
from dpia.services.disclosure import questions
from tests.conftest import FOI, READER

PASTED = """For every predictive crime mapping system the force has used, uses or plans to use:
1. Have any predictive policing systems been used by the force?
2. For each system:
(a) its name
(b) its cost
"""


def _count(db) -> int:
    return db.execute("SELECT count(*) FROM foi_questions").fetchone()[0]


def _system(db, name, category="crime_mapping", lifecycle="in_use", marking="OFFICIAL"):
    data = {
        "name": name,
        "category": category,
        "lifecycle": lifecycle,
        "regime": "dpa_part3",
        "marking": marking,
    }
    return systems.create(db, command_line(), data)


def test_preview_splits_and_suggests_without_storing(db, make_request):
    request_id = make_request()
    found = questions.preview(
        db, FOI, request_id, {"pasted": PASTED, "scope": "categories", "categories": ["crime_mapping"]}
    )
    assert [(i["number"], i["fact"]) for i in found.items] == [
        ("1", "parent"),
        ("2", "own"),
        ("2a", "names"),
        ("2b", "costs"),
    ]
    assert found.preamble.startswith("For every predictive")
    assert _count(db) == 0


def test_confirming_a_paste_stores_suggestions_to_confirm_and_audits_once(db, make_request):
    request_id = make_request()
    data = {"pasted": PASTED, "scope": "categories", "categories": ["crime_mapping"]}
    assert questions.add_pasted(db, FOI, request_id, data) == 4
    listed = questions.listing(db, FOI, request_id)
    assert [q["number"] for q in listed] == ["1", "2", "2a", "2b"]
    assert not any(q["confirmed"] for q in listed)
    assert listed[2]["scope_text"] == "Predictive crime mapping"
    audited = db.execute("SELECT summary FROM audit_log WHERE action = 'foi.questions_add'").fetchall()
    assert [row[0] for row in audited] == ["Added questions 1, 2, 2a, 2b for FOI request 855A/22"]


def test_with_no_scope_suggestions_are_own_words(db, make_request):
    request_id = make_request()
    found = questions.preview(db, FOI, request_id, {"pasted": PASTED})
    assert {i["fact"] for i in found.items} == {"own"}


@pytest.mark.parametrize(
    "pasted, message",
    [
        ("", "Enter the questions as the requester wrote them"),
        ("Please tell me everything.", "No numbered questions were found"),
        ("1. name\n2. cost\n1. policies", "Question 1 appears twice in the pasted text"),
        ("1. name\n2)\n3. cost", "Question 2 has no text"),
    ],
)
def test_a_bad_paste_stores_nothing(db, make_request, pasted, message):
    request_id = make_request()
    with pytest.raises(Invalid) as refused:
        questions.add_pasted(db, FOI, request_id, {"pasted": pasted})
    assert refused.value.errors["pasted"].startswith(message)
    assert _count(db) == 0


def test_a_paste_reusing_a_stored_number_stores_nothing(db, make_request):
    request_id = make_request()
    questions.add_pasted(db, FOI, request_id, {"pasted": "a) name\nb) cost"})
    with pytest.raises(Invalid) as refused:
        questions.add_pasted(db, FOI, request_id, {"pasted": "c) policies\nB) bias"})
    assert refused.value.errors["pasted"] == "Question b is already in this request: each number is used once"
    assert _count(db) == 2


def _one(**values):
    return {
        "number": "a",
        "text": "The name of the system",
        "scope": "categories",
        "categories": ["crime_mapping"],
        "fact": "names",
        **values,
    }


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"text": "  "}, "text", "Enter the question's text"),
        ({"number": ""}, "number", "Enter the question's number"),
        ({"scope": "none", "categories": []}, "fact", "Names of the systems is answered about systems"),
        ({"scope": "none", "fact": "parent"}, "fact", "Yes or no, from the scope is answered about systems"),
        ({"categories": ["astrology"]}, "categories", "Choose categories from the list"),
        ({"categories": []}, "categories", "Choose at least one category of system"),
        ({"scope": "systems", "systems": ["999"]}, "systems", "Choose systems from the register"),
        ({"fact": "horoscope"}, "fact", "Choose what answers the question from the list"),
        ({"scope": "everything"}, "scope", "Scope must be none"),
    ],
)
def test_a_bad_question_stores_nothing(db, make_request, values, field, message):
    request_id = make_request()
    with pytest.raises(Invalid) as refused:
        questions.add(db, FOI, request_id, _one(**values))
    assert refused.value.errors[field].startswith(message)
    assert _count(db) == 0


def test_own_words_need_no_scope(db, make_request):
    request_id = make_request()
    questions.add(db, FOI, request_id, _one(scope="none", fact="own", answer="We hold no such list."))
    assert questions.listing(db, FOI, request_id)[0]["scope_text"] == "None"


def test_a_number_used_twice_is_refused_on_add_and_on_edit(db, make_request):
    request_id = make_request()
    questions.add(db, FOI, request_id, _one())
    second = questions.add(db, FOI, request_id, _one(number="b"))
    with pytest.raises(Invalid) as refused:
        questions.add(db, FOI, request_id, _one(number=" A "))
    assert refused.value.errors["number"] == "Question A is already in this request: each number is used once"
    with pytest.raises(Invalid):
        questions.update(db, FOI, second, _one(number="a"), 1)
    assert [q["number"] for q in questions.listing(db, FOI, request_id)] == ["a", "b"]


def test_editing_confirms_the_fact_and_a_stale_edit_changes_nothing(db, make_request):
    request_id = make_request()
    questions.add_pasted(
        db, FOI, request_id, {"pasted": "a) the cost", "scope": "categories", "categories": ["crime_mapping"]}
    )
    question = questions.listing(db, FOI, request_id)[0]
    assert (question["fact"], question["confirmed"]) == ("costs", False)
    questions.update(db, FOI, question["id"], _one(text="the cost", fact="costs"), question["revision"])
    assert questions.listing(db, FOI, request_id)[0]["confirmed"] is True
    with pytest.raises(Conflict):
        questions.update(db, FOI, question["id"], _one(text="changed"), question["revision"])
    with pytest.raises(Conflict):
        questions.delete(db, FOI, question["id"], question["revision"])
    assert questions.listing(db, FOI, request_id)[0]["text"] == "the cost"


def test_reorder_and_delete(db, make_request):
    request_id = make_request()
    questions.add_pasted(db, FOI, request_id, {"pasted": "a) one\nb) two\nc) three"})
    first, second, third = questions.listing(db, FOI, request_id)
    questions.move(db, FOI, third["id"], "up")
    questions.move(db, FOI, first["id"], "up")  # already first: stays
    assert [q["number"] for q in questions.listing(db, FOI, request_id)] == ["a", "c", "b"]
    questions.delete(db, FOI, second["id"], second["revision"])
    assert [q["number"] for q in questions.listing(db, FOI, request_id)] == ["a", "c"]
    actions = [
        r[0]
        for r in db.execute("SELECT action FROM audit_log WHERE action GLOB 'foi.question_*' ORDER BY id")
    ]
    assert actions == ["foi.question_move", "foi.question_delete"]


def test_only_foi_officers_change_questions(db, make_request):
    request_id = make_request()
    with pytest.raises(Forbidden):
        questions.add(db, READER, request_id, _one())
    with pytest.raises(Forbidden):
        questions.preview(db, READER, request_id, {"pasted": PASTED})


def test_named_systems_must_be_visible_to_the_actor(db, make_request):
    hidden = _system(db, "Secret model", marking="OFFICIAL-SENSITIVE")
    request_id = make_request()
    blind = replace(FOI, can_see_sensitive=False)
    with pytest.raises(Invalid) as refused:
        questions.add(db, blind, request_id, _one(scope="systems", systems=[str(hidden)]))
    assert refused.value.errors["systems"] == "Choose systems from the register"
    assert _count(db) == 0


def test_parent_answer_is_yes_when_a_system_in_scope_is_or_was_in_use(db, make_request):
    _system(db, "PredPol", lifecycle="retired")
    _system(db, "Knife Crime Prediction")
    _system(db, "Area forecast", lifecycle="planned")
    _system(db, "NDAS", category="individual_risk", lifecycle="never_deployed")
    request_id = make_request()
    questions.add(db, FOI, request_id, _one(number="1", fact="parent", text="Have any been used?"))
    questions.add(
        db,
        FOI,
        request_id,
        _one(number="2", fact="parent", text="Have any been used?", categories=["individual_risk"]),
    )
    first, second = questions.listing(db, FOI, request_id)
    assert first["parent_answer"] == "yes"
    assert [s["name"] for s in first["used"]] == ["Knife Crime Prediction", "PredPol"]
    assert (second["parent_answer"], second["used"]) == ("no", [])


def test_parent_answer_rule():
    assert parent_answer([{"lifecycle": "planned"}, {"lifecycle": "never_deployed"}]) == ("no", [])
    assert parent_answer([{"lifecycle": "in_use"}])[0] == "yes"
    assert parent_answer([]) == ("no", [])


def test_the_demo_855a_22_has_its_questions_a_to_i_confirmed_with_one_neither_confirmed_nor_denied(
    runner, db
):
    assert runner.invoke(args=["demo"]).exit_code == 0
    request_id = db.execute("SELECT id FROM foi_requests WHERE reference = '855A/22'").fetchone()[0]
    listed = questions.listing(db, FOI, request_id)
    assert [q["number"] for q in listed] == ["a", "b", "c", "d", "e", "f", "f(2)", "g", "h", "i"]
    assert all(q["confirmed"] and q["scope"] == "systems" for q in listed[:-1])
    assert listed[-1]["disposition"] == "ncnd" and listed[-1]["exemption"] == "s24"
    assert listed[6]["fact"] == "individuals" and listed[7]["fact"] == "assessments"
    assert "HART" in [s["name"] for s in listed[0]["systems"]]


def test_a_parent_answer_reads_the_register_as_at_the_day_received(db, make_request):
    """A system first used after the request was received did not make the answer "yes" then."""
    system_id = _system(db, "Knife Crime Prediction")
    systems.update(
        db,
        command_line(),
        system_id,
        {**systems.as_form_data(systems.get(db, command_line(), system_id)), "first_used": "2024-03"},
        1,
    )
    request_id = make_request(received="2022-05-16")
    questions.add(db, FOI, request_id, _one(number="1", fact="parent", text="Have any been used?"))
    (listed,) = questions.listing(db, FOI, request_id)
    assert (listed["parent_answer"], listed["used"]) == ("no", [])
