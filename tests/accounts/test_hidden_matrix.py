"""Nothing about a hidden system reaches a role that may not see it, through any page, file or API (issue 14).

OFFICIAL-SENSITIVE is restricted to administrators; an FOI officer who could see it at the time released
a pack, a register entry and an assessment about a hidden system. Then every GET route of the app, taken
from its url_map so new routes are covered without editing this file, is fetched by every other role, and
no canary word of the hidden system may appear in any body, header, or file inside a zip or Word document.
"""

import csv
import io
import re
import zipfile
from dataclasses import replace
from html import escape
from urllib.parse import quote, quote_plus, unquote

import pytest

from dpia.actor import command_line
from dpia.errors import Invalid
from dpia.services import systems
from dpia.services.accounts import settings, tokens
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports, packs, register_exports, withholding
from dpia.services.monitoring import datasets as monitoring
from tests.conftest import EDITOR, FOI
from tests.transparency.published import publish_response, publish_system

# Words found only in the hidden system, its name (so its file names), alias, texts, reference and titles,
# and in an OFFICIAL-SENSITIVE assessment of the visible system.
CANARIES = ("zanzibar", "quokkaflux", "pangolin", "znz-77", "marmoset", "okapi", "axolotl", "axl-5")
# Every role but the administrators', who alone keep OFFICIAL-SENSITIVE here.
HIDDEN_ROLES = ("foi_officer", "reader", "editor", "approver")
MISSING = 987_654
# Searches a person might type to fish for a hidden name: whole, begun, misspelt, alias, text.
FISHING = ("Zanzibar", "Zanzib", "Zanzibra Gazeteer", "Quokkaflux", "quokka", "pangolin", "ZNZ-7731", "okapi")
# Words naming the hidden system's category and lifecycle, which list every system of them (issue 18).
FISHING += ("individual risk assessment", "in use")
COUNTS = b"period,group,count\r\n2021-Q1,total,7\r\n"


def _system(db, name, marking, **values):
    data = {"name": name, "category": "individual_risk", "lifecycle": "in_use", "regime": "dpa_part3"}
    system_id = systems.create(db, command_line(), {**data, "marking": marking})
    record = systems.as_form_data(systems.get(db, command_line(), system_id))
    systems.update(db, command_line(), system_id, {**record, **values}, 1)
    return system_id


def _dataset(db, system_id, title):
    details = {
        "title": title,
        "measure": "uses",
        "granularity": "quarter",
        "breakdown": "none",
        "source": "Log",
    }
    return monitoring.create(db, command_line(), system_id, details, COUNTS)


@pytest.fixture
def world(app, db, make_approved, make_request, make_user):
    """A visible and a hidden system, each with an approved DPIA and a dataset, released together."""
    seen = _system(db, "Patrol Forecaster", "OFFICIAL", how_it_works="Counts burglaries per street.")
    hidden = _system(
        db,
        "Zanzibar Gazetteer",
        "OFFICIAL-SENSITIVE",
        aliases=["Quokkaflux"],
        how_it_works="The pangolin method scores covert sources.",
    )
    seen_dpia = make_approved("dpia", system_id=seen, title="Patrol DPIA")
    marked = {"title": "Axolotl review", "reference": "AXL-5501", "marking": "OFFICIAL-SENSITIVE"}
    hidden_eqia = make_approved("eqia", system_id=seen, **marked)
    hidden_dpia = make_approved("dpia", system_id=hidden, title="Marmoset screening", reference="ZNZ-7731")
    seen_data, hidden_data = _dataset(db, seen, "Street counts"), _dataset(db, hidden, "Okapi counts")
    request_id = make_request([seen, hidden])
    hidden_only = make_request([hidden], reference="900B/23")
    # Released by an FOI officer who could see the hidden system at the time.
    opts = exports.Options()
    packs.build(db, FOI, request_id, opts)
    register_exports.disclosure_register(db, FOI, hidden, "855A/22", opts)
    exports.disclosure_assessment(db, FOI, hidden_dpia, 1, "900B/23", opts)
    exports.disclosure_assessment(db, FOI, seen_dpia, 1, None, opts)
    exports.disclosure_assessment(db, FOI, hidden_eqia, 1, None, opts)
    # Withholding marks, decided after those releases: one on each side.
    mark = {"target": "detail:title", "exemption": "s31", "reason": "Harm."}
    seen_mark = withholding.mark_version(db, FOI, seen_dpia, 1, mark)
    hidden_mark = withholding.mark_version(db, FOI, hidden_dpia, 1, {**mark, "reason": "Okapi harm."})
    app.extensions["dpia.search"].catch_up(db)
    settings.update(db, command_line(), {"sensitive_roles": ["admin"]})
    someone = make_user("reader", email="someone@example.org")
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [someone]).fetchone()[0]
    token_id, _ = tokens.create(db, command_line(), user_id, "Someone's token")
    assert assessments.load(db, EDITOR, hidden_dpia)["reference"] == "ZNZ-7731"
    # The visible system's public record, and a released response, on the public transparency pages.
    _, _, public_slug = publish_system(db, "Patrol Forecaster", "crime_mapping", system_id=seen)
    response_id = publish_response(
        db, request_id, "855A/22", "Patrol Forecaster", letter_name="dpia-2021-004-v2.docx"
    )
    visible = {
        "system_slug": public_slug,
        "file_name": "dpia-2021-004-v2.docx",
        "response_id": response_id,
        "system_id": seen,
        "assessment_id": seen_dpia,
        "dataset_id": seen_data,
        "request_id": request_id,
        "number": 1,
        "user_id": user_id,
        "token_id": token_id,
        "section_key": "signoff",
        "token": "no-such-import",
        "attachment_id": 1,
        "slug": "close",
        "question_id": 1,
        "exemption": "s31",
        "key": "s31",
        "filename": "govuk-frontend.min.css",
        "mark_id": seen_mark,
    }
    return {
        "visible": visible,
        "hidden": {
            "system_id": hidden,
            "assessment_id": [hidden_dpia, hidden_eqia],
            "dataset_id": hidden_data,
            "mark_id": hidden_mark,
        },
        "hidden_only_request": hidden_only,
    }


def _get_rules(app):
    return [r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"]


def _url(app, rule, values):
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})


def _texts(response) -> list[str]:
    """Everything a person receives: headers, the body, and each file inside a zip or Word document."""
    found = [f"{k}: {v}" for k, v in response.headers.items()]
    body = response.get_data()
    found.append(body.decode("utf-8", "replace"))
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                found.append(name)
                found.extend(_texts_of_member(archive.read(name)))
    return found


def _texts_of_member(content: bytes) -> list[str]:
    if content[:2] != b"PK":
        return [content.decode("utf-8", "replace")]
    with zipfile.ZipFile(io.BytesIO(content)) as inner:
        return [inner.read(n).decode("utf-8", "replace") for n in inner.namelist()]


def _page(response) -> str:
    """A response's body without its CSRF tokens, which carry the second they were made."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))


def _leaks(response, typed: str = "") -> list[str]:
    """Canaries in what came back, apart from the words the person typed themselves."""
    text = "\n".join(_texts(response)).casefold()
    for echo in {typed, quote(typed), quote_plus(typed), escape(typed)} - {""}:
        text = text.replace(echo.casefold(), "")
    return [canary for canary in CANARIES if canary in text]


class Client:
    """A signed-in browser for pages, and a bearer token for the API, of one role."""

    def __init__(self, app, db, signed_in, make_user, role):
        self.browser = signed_in(role)
        email = make_user(role)
        user_id = db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
        self.token = tokens.create(db, command_line(), user_id, "matrix")[1]
        self.api = app.test_client()

    def get(self, url):
        if url.startswith("/api/v1/"):
            return self.api.get(url, headers={"Authorization": f"Bearer {self.token}"})
        return self.browser.get(url)


@pytest.fixture(params=HIDDEN_ROLES)
def client(request, app, db, world, signed_in, make_user):
    return Client(app, db, signed_in, make_user, request.param)


def test_no_get_route_reveals_a_hidden_system(app, world, client):
    leaked = {}
    for rule in _get_rules(app):
        url = _url(app, rule, world["visible"])
        urls = [url]
        if rule.endpoint in ("search.results", "api.search", "scope.choose"):
            urls += [f"{url}?q={quote(words)}{scope}" for words in FISHING for scope in ("", "&scope=all")]
        if rule.endpoint in (
            "foi.show",
            "api.getFoiRequest",
            "foi.edit",
            "api.getFoiResponse",
            "scope.choose",
        ):
            urls.append(_url(app, rule, {**world["visible"], "request_id": world["hidden_only_request"]}))
        for each in urls:
            response = client.get(each)
            assert response.status_code < 500, each
            typed = unquote(each.partition("?q=")[2].partition("&")[0])
            if _leaks(response, typed):
                leaked[each] = _leaks(response, typed)
    assert leaked == {}, "\n".join(f"{url}: {words}" for url, words in leaked.items())


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_a_hidden_object_looks_exactly_like_a_missing_one(app, world, client):
    differ = []
    for rule in _get_rules(app):
        for name in [name for name in rule.arguments if name in world["hidden"]]:
            missing = client.get(_url(app, rule, {**world["visible"], name: MISSING}))
            for each in _as_list(world["hidden"][name]):
                hidden = client.get(_url(app, rule, {**world["visible"], name: each}))
                same = hidden.status_code == missing.status_code and _page(hidden) == _page(missing)
                if hidden.status_code not in (403, 404) or not same or _leaks(hidden):
                    differ.append(
                        f"{rule.endpoint} {name}={each}: {hidden.status_code} / {missing.status_code}"
                    )
    assert differ == [], "\n".join(differ)


def _log_csv(browser) -> list[dict]:
    return list(csv.DictReader(io.StringIO(browser.get("/foi/log.csv").get_data(as_text=True))))


def test_the_log_still_shows_each_release_about_a_hidden_system_without_naming_it(db, world, signed_in):
    officer = signed_in("foi_officer")
    rows = _log_csv(officer)
    hidden = [r for r in rows if r["system"] == "a system you may not see"]
    # The pack's assessment copy, its schedule line, and the release made of the hidden system alone.
    assert len(hidden) >= 4 and len(rows) == db.execute("SELECT count(*) FROM disclosure_files").fetchone()[0]
    assert all(r["path"] == r["sha256"] == r["assessment"] == r["version"] == "" for r in hidden)
    assert "A file about a system you may not see" in {r["release_file"] for r in rows}
    page = officer.get("/foi/log").get_data(as_text=True)
    assert "files about systems hidden from you by their protective marking are not listed" in page


def test_whoever_may_see_a_system_still_reads_its_name_in_the_log(db, world, signed_in):
    settings.update(db, command_line(), {"sensitive_roles": ["foi_officer"]})
    rows = _log_csv(signed_in("foi_officer"))
    assert "Zanzibar Gazetteer" in {r["system"] for r in rows}
    assert "Zanzibar-Gazetteer-register-disclosure.docx" in {r["release_file"] for r in rows}
    assert "a system you may not see" not in {r["system"] for r in rows}


# Names and references held by a hidden system: refused, but not as "already in the register".
NEUTRAL = "That name cannot be used: choose another, or ask an administrator"
SHUT_OUT_EDITOR = replace(EDITOR, can_see_sensitive=False)


def _system_form(name: str) -> dict:
    return {"name": name, "category": "crime_mapping", "lifecycle": "in_use", "regime": "dpa_part3"}


def test_a_name_a_hidden_system_holds_is_refused_without_saying_it_is_in_the_register(db, world, signed_in):
    page = signed_in("editor").post(
        "/systems/new", {**_system_form("ZANZIBAR  gazetteer"), "marking": "OFFICIAL"}
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and NEUTRAL in text
    assert "Zanzibar Gazetteer" not in text and "already in the register" not in text
    seen = systems.get(db, EDITOR, world["visible"]["system_id"])
    renamed = {**systems.as_form_data(seen), "name": "zanzibar gazetteer"}
    with pytest.raises(Invalid) as renaming:
        systems.update(db, SHUT_OUT_EDITOR, seen["id"], renamed, seen["version"])
    assert renaming.value.errors == {"name": NEUTRAL}


def test_the_api_refuses_a_hidden_name_in_the_same_neutral_words(app, db, world, make_user):
    email = make_user("editor")
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
    token = tokens.create(db, command_line(), user_id, "names")[1]
    response = app.test_client().post(
        "/api/v1/systems",
        json=_system_form("Zanzibar Gazetteer"),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code in (400, 422) and NEUTRAL in response.get_data(as_text=True)
    assert "already" not in response.get_data(as_text=True)


def test_a_reference_a_hidden_assessment_holds_is_refused_without_saying_it_is_used(db, world):
    with pytest.raises(Invalid) as refused:
        assessments.start(
            db,
            SHUT_OUT_EDITOR,
            world["visible"]["system_id"],
            {"kind": "eqia", "title": "E", "reference": "znz-7731"},
        )
    assert "ZNZ-7731" not in str(refused.value.errors) and "already" not in str(refused.value.errors)
    assert "cannot be used" in refused.value.errors["reference"]


def test_whoever_may_see_the_hidden_system_is_told_its_name_is_taken(db, world):
    with pytest.raises(Invalid) as refused:
        systems.create(db, EDITOR, {**_system_form("Zanzibar Gazetteer"), "marking": "OFFICIAL"})
    assert refused.value.errors["name"] == "A system called ‘Zanzibar Gazetteer’ is already in the register"
