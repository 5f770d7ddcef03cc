"""The questions on an FOI request's page: paste, preview, confirm, change, move and delete."""

from dpia.services.disclosure import questions
from tests.conftest import FOI

PASTED = "Please provide:\n1. Have any predictive systems been used?\n2. For each:\n(a) name\n(b) its cost"


def _paste(client, request_id, **extra):
    url = f"/foi/{request_id}/questions/paste"
    data = {"pasted": PASTED, "scope": "categories", "categories": ["crime_mapping"], **extra}
    return client.post(url, data)


def test_paste_shows_a_preview_then_confirming_adds_the_questions(db, signed_in, make_request, make_system):
    make_system(name="Knife Crime Prediction", category="crime_mapping")
    request_id = make_request()
    client = signed_in("foi_officer")
    preview = _paste(client, request_id)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Check the questions" in html and "Question 2a" in html and "Suggested: Costs" in html
    assert "Please provide:" in html  # the preamble, shown as not added
    assert db.execute("SELECT count(*) FROM foi_questions").fetchone()[0] == 0
    done = _paste(client, request_id, confirm="yes")
    assert done.status_code == 302
    page = client.get(f"/foi/{request_id}").get_data(as_text=True)
    assert "Question 2b" in page and "Suggested" in page
    assert "Yes: Knife Crime Prediction is or was in use" in page


def test_a_bad_paste_shows_the_error_and_stores_nothing(db, signed_in, make_request):
    request_id = make_request()
    client = signed_in("foi_officer")
    response = _paste(client, request_id, pasted="1. name\n1. cost", confirm="yes")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html and "Question 1 appears twice in the pasted text" in html
    assert db.execute("SELECT count(*) FROM foi_questions").fetchone()[0] == 0


def test_changing_a_question_confirms_its_fact(db, signed_in, make_request):
    request_id = make_request()
    questions.add_pasted(
        db, FOI, request_id, {"pasted": "a) its cost", "scope": "categories", "categories": ["crime_mapping"]}
    )
    question = questions.listing(db, FOI, request_id)[0]
    client = signed_in("foi_officer")
    url = f"/foi/{request_id}/questions/{question['id']}/edit"
    form = {"number": "a", "text": "its cost", "scope": "none", "fact": "costs", "revision": "1"}
    refused = client.post(url, form)
    assert refused.status_code == 400
    refused_html = refused.get_data(as_text=True)
    assert "Costs is answered about systems" in refused_html and "What the question is about" in refused_html
    saved = client.post(url, {**form, "scope": "categories", "categories": "crime_mapping"})
    assert saved.status_code == 302
    assert questions.listing(db, FOI, request_id)[0]["confirmed"] is True
    stale = client.post(url, {**form, "fact": "own"})
    assert stale.status_code == 409 and "Someone else changed this question" in stale.get_data(as_text=True)


def test_move_and_delete(db, signed_in, make_request):
    request_id = make_request()
    questions.add_pasted(db, FOI, request_id, {"pasted": "a) one\nb) two"})
    first, second = questions.listing(db, FOI, request_id)
    client = signed_in("foi_officer")
    show = f"/foi/{request_id}"
    moved = client.post(
        f"/foi/{request_id}/questions/{second['id']}/move", {"direction": "up"}, form_url=show
    )
    assert moved.status_code == 302
    assert [q["number"] for q in questions.listing(db, FOI, request_id)] == ["b", "a"]
    edit = f"/foi/{request_id}/questions/{first['id']}/edit"
    gone = client.post(f"/foi/{request_id}/questions/{first['id']}/delete", {"revision": "1"}, form_url=edit)
    assert gone.status_code == 302
    assert [q["number"] for q in questions.listing(db, FOI, request_id)] == ["b"]


def test_readers_see_questions_but_no_forms(db, signed_in, make_request):
    request_id = make_request()
    questions.add_pasted(db, FOI, request_id, {"pasted": "a) one"})
    html = signed_in("reader").get(f"/foi/{request_id}").get_data(as_text=True)
    assert "Question a" in html and "Add questions by pasting" not in html and "Move up" not in html


def test_a_question_of_another_request_is_not_found(db, signed_in, make_request):
    first, other = make_request(), make_request(reference="900/23")
    questions.add_pasted(db, FOI, first, {"pasted": "a) one"})
    question = questions.listing(db, FOI, first)[0]
    response = signed_in("foi_officer").get(f"/foi/{other}/questions/{question['id']}/edit")
    assert response.status_code == 404
