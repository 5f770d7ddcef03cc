"""The public transparency pages: only what live publications and published responses hold, no sign-in."""

import ast
import csv
import io
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx import Document

from dpia.actor import command_line
from dpia.services.accounts import settings
from tests.transparency.published import WITHHELD, make_request, publish_response, publish_system

ATOM = "{http://www.w3.org/2005/Atom}"
SERVICE = Path(__file__).resolve().parents[2] / "dpia" / "services" / "transparency.py"


def _pages(published: dict) -> list[str]:
    hart = published["hart"]
    return [
        "/transparency/",
        f"/transparency/systems/{hart}/",
        f"/transparency/systems/{hart}/atrs",
        f"/transparency/systems/{hart}/files/dpia-2021-004-v2.docx",
        "/transparency/disclosure-log/",
        f"/transparency/disclosure-log/{published['response']}/",
        f"/transparency/disclosure-log/{published['response']}/files/response-letter.docx",
        "/transparency/disclosure-log.csv",
        "/transparency/feed.atom",
    ]


def test_the_service_reads_only_publications_and_settings():
    """What the public sees is what was published: no systems, assessments or withholding tables."""
    imported = set()
    for node in ast.walk(ast.parse(SERVICE.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
    reaching_data = {
        name for name in imported if name.startswith(("dpia.store", "dpia.services", "dpia.search"))
    }
    assert reaching_data == {
        "dpia.store.publications",
        "dpia.store.db.Database",
        "dpia.services.accounts.settings",
    }


def test_every_public_page_answers_without_sign_in_and_may_be_cached(app, published):
    client = app.test_client()
    for address in _pages(published):
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.headers["Cache-Control"] == "public, max-age=300", address
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_start_page_groups_live_systems_by_category(app, published):
    page = app.test_client().get("/transparency/").get_data(as_text=True)
    assert page.index("Individual risk assessment") < page.index("HART")
    assert page.index("Biometric identification") < page.index("Retrospective facial recognition")
    assert "4 March 2026" in page
    assert "Gang matrix" not in page and WITHHELD not in page
    assert 'href="/transparency/disclosure-log/"' in page and 'href="/transparency/feed.atom"' in page


def test_the_start_page_names_the_organisation(app, db, published):
    settings.update(db, command_line(), {"organisation": "Durham Constabulary"})
    page = app.test_client().get("/transparency/").get_data(as_text=True)
    assert "Durham Constabulary publishes here" in page
    assert "<title>Algorithms and automated tools we use – Durham Constabulary transparency</title>" in page


def test_a_system_page_shows_its_live_version_and_only_the_dates_of_earlier_ones(app, published):
    page = app.test_client().get(f"/transparency/systems/{published['hart']}/").get_data(as_text=True)
    assert "Published on 4 March 2026; version 2." in page
    assert "20 November 2025" in page
    assert "Monitoring figures for 2021 added." in page
    assert "First version text" not in page
    assert "A random forest model scores each case." in page
    assert "£12,500.00" in page and "Custody decision policy" in page
    assert "DPIA-2021-004, version 2" in page and "15 March 2021" in page and "February 2021" in page
    assert "Read the ATRS record for HART" in page
    assert "/transparency/systems/hart/files/uses-by-quarter.csv" in page


def test_the_atrs_page_labels_the_template_sections_and_dataset_cards(app, published):
    page = app.test_client().get(f"/transparency/systems/{published['hart']}/atrs").get_data(as_text=True)
    assert "Tier 2: Risks, mitigations and impact assessments" in page
    assert "2.5.2 Risks and mitigations" in page
    assert "Dataset 1" in page
    assert "atrs-record.json" in page


def test_a_record_published_without_atrs_has_no_atrs_page(app, published):
    client = app.test_client()
    assert client.get(f"/transparency/systems/{published['frt']}/atrs").status_code == 404
    assert "ATRS record" not in client.get(f"/transparency/systems/{published['frt']}/").get_data(
        as_text=True
    )


def test_a_download_is_the_published_bytes_as_an_attachment(app, published):
    response = app.test_client().get(f"/transparency/systems/{published['hart']}/files/dpia-2021-004-v2.docx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response.headers["Content-Disposition"] == 'attachment; filename="dpia-2021-004-v2.docx"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "Risks and measures as released." in text and "First version text" not in text


def test_a_response_file_downloads(app, published):
    address = f"/transparency/disclosure-log/{published['response']}/files/response-letter.docx"
    response = app.test_client().get(address)
    assert response.status_code == 200
    assert "Use of HART in custody" in Document(io.BytesIO(response.data)).paragraphs[0].text


@pytest.mark.parametrize(
    "address",
    [
        "/transparency/systems/no-such-system/",
        "/transparency/systems/no-such-system/atrs",
        "/transparency/systems/hart/files/no-such-file.docx",
        "/transparency/systems/hart/files/..%2F..%2Fdpia.db",
        "/transparency/systems/hart/files/dpia.db",
        "/transparency/systems/gang-matrix/",
        "/transparency/systems/gang-matrix/atrs",
        "/transparency/systems/gang-matrix/files/dpia-2021-004-v2.docx",
        "/transparency/disclosure-log/2/",
        "/transparency/disclosure-log/2/files/response-letter.docx",
        "/transparency/disclosure-log/1/files/uses-by-quarter.csv",
        "/transparency/disclosure-log/999/",
        "/transparency/disclosure-log/99999999999999999999999/",
    ],
)
def test_unknown_withdrawn_and_unpublished_things_are_not_found(app, published, address):
    assert published["gone_response"] == 2
    response = app.test_client().get(address)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page
    # The public never sees the staff register's page or a way into it.
    assert "register" not in page.lower() and "sign-in" not in page
    assert response.headers["Cache-Control"] == "no-store"


def test_turning_the_pages_off_makes_every_one_not_found_without_a_hint(app, db, published):
    settings.update(db, command_line(), {"transparency": "off"})
    client = app.test_client()
    for address in _pages(published):
        response = client.get(address)
        assert response.status_code == 404, address
        body = response.get_data(as_text=True)
        assert "HART" not in body and "transparency" not in body.lower(), address


def test_the_feed_is_well_formed_atom_newest_first(app, published):
    response = app.test_client().get("/transparency/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert all(e.findtext(f"{ATOM}id").startswith("tag:localhost,") for e in entries)
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert "http://localhost/transparency/systems/hart/" in links
    assert f"http://localhost/transparency/disclosure-log/{published['response']}/" in links
    assert not any("gang-matrix" in link or "/2/" in link for link in links)
    assert feed.findtext(f"{ATOM}updated") == "2026-03-04T10:00:00Z"


def test_the_feed_links_to_the_public_address_when_one_is_set(app, db, published):
    settings.update(db, command_line(), {"public_address": "https://www.example.police.uk/transparency/"})
    feed = ElementTree.fromstring(app.test_client().get("/transparency/feed.atom").data)
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert "https://www.example.police.uk/transparency/systems/hart/" in links
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}id").startswith("tag:www.example.police.uk,")


def test_the_disclosure_log_lists_live_responses_newest_first(app, db, published):
    request_id = make_request(db, "1002/24")
    publish_response(db, request_id, "1002/24", "Facial recognition watch lists", responded="2026-02-20")
    page = app.test_client().get("/transparency/disclosure-log/").get_data(as_text=True)
    assert page.index("1002/24") < page.index("855A/22")
    assert "20 February 2026" in page and "Response letter 855A/22" in page
    assert "901/23" not in page and "Withdrawn response subject" not in page


def test_the_disclosure_log_csv_is_safe_to_open_in_a_spreadsheet(app, db, published):
    request_id = make_request(db, "1003/24")
    publish_response(db, request_id, "1003/24", '=HYPERLINK("http://evil.example","Click")')
    response = app.test_client().get("/transparency/disclosure-log.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="disclosure-log.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Request reference", "Date of response", "Subject", "Files", "Address"]
    by_reference = {r[0]: r for r in rows[1:]}
    assert set(by_reference) == {"855A/22", "1003/24"}
    assert by_reference["1003/24"][2].startswith("'=HYPERLINK")
    assert (
        by_reference["855A/22"][4] == f"http://localhost/transparency/disclosure-log/{published['response']}/"
    )


CATEGORIES = (
    "crime_mapping",
    "individual_risk",
    "biometric",
    "other",
    "vehicle_recognition",
    "call_triage",
    "digital_forensics",
    "intelligence",
)


def test_sixty_systems_and_two_hundred_responses_render_quickly(app, db):
    for n in range(60):
        publish_system(db, f"System {n:02d}", CATEGORIES[n % 8], with_atrs=n % 2 == 0)
    request_id = make_request(db, "SCALE/1")
    for n in range(200):
        publish_response(db, request_id, f"{n:04d}/25", f"Subject {n}", responded=f"2025-{n % 12 + 1:02d}-01")
    client = app.test_client()
    started = time.perf_counter()
    index = client.get("/transparency/")
    log = client.get("/transparency/disclosure-log/")
    feed = client.get("/transparency/feed.atom")
    elapsed = time.perf_counter() - started
    assert index.status_code == log.status_code == feed.status_code == 200
    assert index.get_data(as_text=True).count("/transparency/systems/system-") == 60
    assert log.get_data(as_text=True).count("Response letter") == 200
    assert len(ElementTree.fromstring(feed.data).findall(f"{ATOM}entry")) == 260
    # Categories the vocabulary does not know are shown under "Other", once.
    assert index.get_data(as_text=True).count('<h2 class="govuk-heading-m">Other</h2>') == 1
    assert elapsed < 3, f"three pages took {elapsed:.2f} s"
