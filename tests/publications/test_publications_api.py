"""The API of publications: list, publish (201, or 422 with every reason), withdraw."""

from dpia.store import publications as store
from tests.test_api import api, token_for  # noqa: F401


def test_publish_list_and_withdraw_through_the_api(api, db, register):  # noqa: F811
    approver = api("approver")
    url = f"/systems/{register['hart']}/publications"
    made = approver.call("POST", url, {"fields": ["supplier"], "summary": "First"})
    assert made.status_code == 201, made.json
    assert made.json["number"] == 1 and made.json["address"] == "/transparency/systems/hart/"
    assert [f["role"] for f in made.json["files"]] == ["assessment", "assessment"]
    assert made.json["record"]["fields"][-1] == {
        "key": "supplier",
        "label": "Supplier",
        "value": "Acme Analytics Ltd",
    }
    listed = api("reader").call("GET", url)
    assert listed.status_code == 200 and [p["number"] for p in listed.json["publications"]] == [1]
    assert approver.call("POST", f"{url}/withdraw", {}).status_code == 422
    gone = approver.call("POST", f"{url}/withdraw", {"reason": "Replaced"})
    assert gone.status_code == 200 and gone.json["withdrawn_reason"] == "Replaced"
    assert approver.call("POST", f"{url}/withdraw", {"reason": "Again"}).status_code == 409
    assert api("editor").call("POST", url, {}).status_code == 403


def test_a_refused_publication_is_422_with_the_reasons_and_stores_nothing(api, db, register):  # noqa: F811
    url = f"/systems/{register['hart']}/publications"
    refused = api("approver").call("POST", url, {"fields": ["salary"], "datasets": [5], "revision": 1})
    assert refused.status_code == 422
    detail = str(refused.json)
    assert "No such register field to publish: ‘salary’" in detail
    assert "has no monitoring dataset 5" in detail and "has changed since the preview" in detail
    assert store.history(db, register["hart"]) == []
