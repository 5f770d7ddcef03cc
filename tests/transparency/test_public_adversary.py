"""An anonymous visitor crawls every public page and download after publishing through the real use cases.

What the adversary hunts for: a withheld passage (in any case, in any field), a withheld risk row, a
withheld staff name, text of a version approved after publication, a hidden (OFFICIAL-SENSITIVE) system
and a withdrawn publication. Downloads are opened (every XML part of a Word or Excel file), not just named.
"""

import io
import re
import zipfile
from html import unescape

import pytest

from dpia.domain.samples import row_id, token
from dpia.errors import Invalid
from dpia.services import systems
from dpia.services.disclosure import exports
from dpia.services.publications import publishing
from dpia.services.publications.publishing import Choice
from tests.conftest import APPROVER, EDITOR
from tests.disclosure.test_packs import _revise
from tests.publications.conftest import register, withhold, withhold_in_system  # noqa: F401

FIELDS = ("aliases", "lifecycle", "first_used", "supplier", "how_it_works", "data_used", "costs", "owner")
LATER = "Kittiwake retention rule added after publication"
HIDDEN = "Nightjar Covert Watch"
WITHDRAWN = "Withdrawn Wolf Locator"


def _readable(content: bytes) -> str:
    """Every text a file holds: each part of a zip package (Word, Excel), else the bytes as text."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            parts = [package.read(n).decode("utf-8", "replace") for n in package.namelist()]
        # Word splits text into runs: strip the tags so a phrase split across runs is still found.
        return " ".join(re.sub(r"<[^>]+>", "", part) for part in parts)
    return content.decode("utf-8", "replace")


def _crawl(client) -> dict[str, str]:
    """Every address under /transparency/ reachable from its start page, with what each holds as text."""
    seen, queue = {}, ["/transparency/"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        if response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            seen[path] = unescape(html)
            for link in re.findall(r'href="(/transparency/[^"#?]*)"', html):
                queue.append(unescape(link))
        else:
            seen[path] = _readable(response.get_data())
    return seen


@pytest.fixture
def published(db, register, make_system, make_approved):  # noqa: F811
    hart, dpia = register["hart"], register["dpia"]
    withhold(db, dpia, f"risks/{row_id('risks', 1)}", number=2)
    withhold_in_system(db, hart, "how_it_works", passage="Acme Analytics")
    record = systems.as_form_data(systems.get(db, EDITOR, hart))
    record["data_used"] = "Custody records scored for ACME ANALYTICS."
    systems.update(db, EDITOR, hart, record, systems.get(db, EDITOR, hart)["version"])
    publishing.publish(db, APPROVER, hart, Choice(fields=FIELDS, summary="First record"), exports.Options())
    # Approved after publication: on the register, not on the public pages until published again.
    _revise(db, dpia, "dpia", changes={"aims": LATER}, approved="2024-09-01")
    hidden = make_system(HIDDEN, marking="OFFICIAL-SENSITIVE")
    make_approved("dpia", system_id=hidden, rows=1)
    with pytest.raises(Invalid):
        publishing.publish(db, APPROVER, hidden, Choice(fields=FIELDS), exports.Options())
    wolf = make_system(WITHDRAWN)
    make_approved("eqia", system_id=wolf, rows=1)
    publishing.publish(db, APPROVER, wolf, Choice(fields=FIELDS), exports.Options())
    publishing.withdraw(db, APPROVER, wolf, "Published in error")
    return register


def test_no_public_page_or_download_holds_anything_unpublished(visitor, published):
    pages = _crawl(visitor)
    downloads = [p for p in pages if "/files/" in p]
    assert any(p.endswith(".docx") for p in downloads), "the crawl reached no disclosure copy"
    assert any(p.startswith("/transparency/systems/") for p in pages)
    forbidden = {
        "withheld passage": "acme analytics",
        "withheld risk row": token("risks", "1", "source").casefold(),
        "withheld staff name": "jane smith",
        "version approved after publication": LATER.casefold(),
        "hidden system": HIDDEN.casefold(),
        "withdrawn publication": WITHDRAWN.casefold(),
    }
    found = [
        f"{what} in {path}"
        for path, text in pages.items()
        for what, needle in forbidden.items()
        if needle in text.casefold()
    ]
    assert not found
    assert "HART" in pages["/transparency/"]


def test_the_feed_and_the_log_csv_hold_nothing_unpublished(visitor, published):
    for path in ("/transparency/feed.atom", "/transparency/disclosure-log.csv"):
        text = visitor.get(path).get_data(as_text=True).casefold()
        assert HIDDEN.casefold() not in text and WITHDRAWN.casefold() not in text, path
        assert "acme analytics" not in text and LATER.casefold() not in text, path


def test_a_withdrawn_record_and_its_files_are_gone_from_every_address(db, visitor, published):
    from dpia.store import publications as store

    [withdrawn] = store.history(db, p_id(db, WITHDRAWN))
    address = f"/transparency/systems/{withdrawn['slug']}/"
    assert visitor.get(address).status_code == 404
    for file in store.files(db, withdrawn["id"]):
        assert visitor.get(f"{address}files/{file['path']}").status_code == 404


def p_id(db, name: str) -> int:
    return db.execute("SELECT id FROM systems WHERE name = ?", [name]).fetchone()[0]


def test_the_public_record_shows_costs_as_costs_and_the_first_use_once_in_words(visitor, published):
    html = unescape(visitor.get("/transparency/systems/hart/").get_data(as_text=True))
    costs = html.split(">Costs</h2>", 1)[1].split("</table>", 1)[0]
    assert "Licence" in costs and "123,456.78" in costs and "Version date" not in costs
    assert html.count(">First used</dt>") == 1 and "April 2017" in html and "2017-04" not in html
