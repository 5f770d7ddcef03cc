"""Staff pages for publishing: the form, the preview, refusals, history downloads, withdrawing."""

import hashlib

from dpia.services import systems
from dpia.store import publications as store
from tests.conftest import EDITOR


def _publish_form(client, system_id, data):
    url = f"/systems/{system_id}/publish"
    return client.post(url, data, form_url=url)


def test_the_preview_lists_exactly_the_files_and_fields_then_publishing_stores_them(signed_in, db, register):
    approver = signed_in("approver")
    hart = register["hart"]
    version = systems.get(db, EDITOR, hart)["version"]
    choice = {"fields": ["supplier"], "summary": "First", "revision": str(version)}
    preview = _publish_form(approver, hart, {**choice, "action": "preview"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert html.count("-disclosure.docx") == 2 and "Acme Analytics Ltd" in html
    assert store.history(db, hart) == []  # a preview stores nothing
    done = _publish_form(approver, hart, {**choice, "action": "publish"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/systems/{hart}/publications")
    history = approver.get(f"/systems/{hart}/publications").get_data(as_text=True)
    assert "Version 1 of the public record is published at /transparency/systems/hart/" in history
    [first, *_] = store.files(db, store.live(db, hart)["id"])
    got = approver.get(f"/systems/{hart}/publications/1/files/{first['path']}")
    assert hashlib.sha256(got.get_data()).hexdigest() == first["sha256"]
    page = approver.get(f"/systems/{hart}").get_data(as_text=True)
    assert "Version 1 published on" in page and 'href="/transparency/systems/hart/"' in page


def test_a_change_since_the_preview_refuses_with_the_reason(signed_in, db, register):
    approver = signed_in("approver")
    response = _publish_form(approver, register["hart"], {"revision": "1", "action": "publish"})
    assert response.status_code == 400
    assert "has changed since the preview: look at the preview again" in response.get_data(as_text=True)
    assert store.history(db, register["hart"]) == []


def test_a_dataset_that_is_not_a_number_is_named(signed_in, register):
    approver = signed_in("approver")
    response = _publish_form(approver, register["hart"], {"datasets": "abc", "action": "preview"})
    assert response.status_code == 400
    assert "‘abc’ is not a monitoring dataset of this system" in response.get_data(as_text=True)


def test_withdrawing_without_a_reason_is_refused_and_with_one_keeps_history(signed_in, db, register):
    approver = signed_in("approver")
    hart = register["hart"]
    version = str(systems.get(db, EDITOR, hart)["version"])
    _publish_form(approver, hart, {"revision": version, "action": "publish"})
    url = f"/systems/{hart}/publications/withdraw"
    refused = approver.post(url, {"reason": " "}, form_url=url)
    assert refused.status_code == 400 and "Enter why the public record is withdrawn" in refused.get_data(True)
    done = approver.post(url, {"reason": "Replaced"}, form_url=url)
    assert done.status_code == 302
    assert store.live(db, hart) is None and store.history(db, hart)[0]["withdrawn_reason"] == "Replaced"
