"""The questions of an FOI request through the API."""

from tests.test_api import api, token_for  # noqa: F401  (fixtures)

PASTED = "For every crime mapping system:\na) The name of the system\nb) The cost of the system"


def test_split_previews_then_adds_and_lists_with_parent_answers(api, make_request, make_system):  # noqa: F811
    make_system(name="Knife Crime Prediction", category="crime_mapping")
    request_id = make_request()
    officer = api("foi_officer")
    url = f"/foi-requests/{request_id}/questions"
    body = {"pasted": PASTED, "scope": "categories", "categories": ["crime_mapping"]}
    preview = officer.call("POST", f"{url}/split", body)
    assert preview.status_code == 200 and preview.json["added"] == 0
    assert [(i["number"], i["fact"]) for i in preview.json["items"]] == [("a", "names"), ("b", "costs")]
    assert officer.call("GET", url).json == []
    assert officer.call("POST", f"{url}/split", {**body, "confirm": True}).json["added"] == 2
    parent = {
        "number": "1",
        "text": "Have any been used?",
        "scope": "categories",
        "categories": ["crime_mapping"],
    }
    added = officer.call("POST", url, parent)
    assert added.status_code == 201 and added.json["fact"] == "parent" and not added.json["confirmed"]
    assert added.json["parent_answer"] == "yes"
    listed = api("reader").call("GET", url).json
    assert [q["number"] for q in listed] == ["a", "b", "1"]
    assert listed[0]["systems"][0]["name"] == "Knife Crime Prediction"


def test_bad_input_is_refused_field_by_field_and_stores_nothing(api, make_request, db):  # noqa: F811
    request_id = make_request()
    officer = api("foi_officer")
    url = f"/foi-requests/{request_id}/questions"
    refused = officer.call("POST", url, {"number": "a", "text": "The cost", "fact": "costs", "scope": "none"})
    assert refused.status_code == 422
    assert refused.json["errors"][0]["field"] == "fact"
    twice = officer.call("POST", f"{url}/split", {"pasted": "a) x\nA) y", "confirm": True})
    assert twice.status_code == 422 and "appears twice" in twice.json["errors"][0]["message"]
    assert db.execute("SELECT count(*) FROM foi_questions").fetchone()[0] == 0
    assert officer.call("GET", "/foi-requests/999/questions").status_code == 404


def test_update_and_delete_need_the_current_etag(api, make_request):  # noqa: F811
    request_id = make_request()
    officer = api("foi_officer")
    url = f"/foi-requests/{request_id}/questions"
    added = officer.call("POST", url, {"number": "a", "text": "Anything else?"})
    item = f"{url}/{added.json['id']}"
    change = {"number": "a", "text": "Anything else?", "fact": "own", "answer": "No."}
    assert officer.call("PUT", item, change).status_code == 428
    saved = officer.call("PUT", item, change, **{"If-Match": added.headers["ETag"]})
    assert saved.status_code == 200 and saved.json["confirmed"] and saved.json["answer"] == "No."
    assert officer.call("DELETE", item, **{"If-Match": added.headers["ETag"]}).status_code == 412
    assert officer.call("DELETE", item, **{"If-Match": saved.headers["ETag"]}).status_code == 204
    assert officer.call("GET", url).json == []
