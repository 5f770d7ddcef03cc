"""Stock wording per exemption: kept by administrators, every save a new version, audited."""

import pytest

from dpia.actor import command_line
from dpia.domain.exemptions import RULES
from dpia.domain.wording import DEFAULT_WORDING
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.services.disclosure import wording
from dpia.vocab import ROLE_NAMES
from tests.conftest import EDITOR, FOI

ADMIN = command_line("admin@example.org")
S31 = {
    "why": "Section 31 applies because the model's factors would reveal tactics.",
    "harm": "Offenders could game the score.",
    "favour": "Transparency about algorithms.",
    "against": "Effective law enforcement.",
    "balance": "The public interest favours withholding.",
}


@pytest.fixture
def admin(visitor, make_user):
    """A visitor signed in as an administrator."""
    visitor.email = make_user("admin", email="wording.admin@example.org")
    assert visitor.sign_in(visitor.email).status_code == 302
    return visitor


def wording_rows(db):
    return list(db.query("SELECT * FROM exemption_wording ORDER BY exemption, version"))


def test_defaults_are_offered_at_version_0_for_every_exemption(db):
    for key in RULES:
        offered = wording.current(db, key)
        assert offered["version"] == 0
        assert offered["why"] == DEFAULT_WORDING[key]["why"]
    assert wording.current(db, "other") == {
        "exemption": "other",
        "version": 0,
        **dict.fromkeys(("why", "harm", "favour", "against", "balance"), ""),
    }


def test_default_wording_fits_what_each_exemption_needs():
    assert set(DEFAULT_WORDING) == set(RULES)
    for key, rule in RULES.items():
        text = DEFAULT_WORDING[key]
        assert text["why"]
        assert bool(text["harm"]) == rule.prejudice, key
        assert all(bool(text[k]) == rule.qualified for k in ("favour", "against", "balance")), key
        assert all(len(part) <= 600 for part in text.values()), key


def test_saving_makes_a_new_version_and_keeps_the_old_ones(db):
    assert wording.save(db, ADMIN, "s31", S31) == 1
    assert wording.save(db, ADMIN, "s31", {**S31, "balance": "On balance, withhold."}) == 2
    assert wording.save(db, ADMIN, "s43", {**S31, "why": "Commercial."}) == 1
    assert wording.current(db, "s31")["version"] == 2
    assert wording.current(db, "s31")["balance"] == "On balance, withhold."
    history = wording.history(db, ADMIN, "s31")
    assert [v["version"] for v in history] == [2, 1]
    assert history[1]["balance"] == S31["balance"]
    assert history[0]["created_by"] == "admin@example.org"


def test_saving_unchanged_wording_stores_and_audits_nothing(db):
    wording.save(db, ADMIN, "s31", S31)
    entries = db["audit_log"].count
    assert wording.save(db, ADMIN, "s31", {k: f"  {v}\r\n" for k, v in S31.items()}) == 1
    assert len(wording_rows(db)) == 1
    assert db["audit_log"].count == entries


def test_a_save_is_audited(db):
    wording.save(db, ADMIN, "s31", S31)
    wording.save(db, ADMIN, "s31", {**S31, "harm": "Different harm."})
    entry = next(db.query("SELECT * FROM audit_log WHERE action = 'wording.save' ORDER BY id DESC LIMIT 1"))
    assert entry["object_type"] == "exemption_wording"
    assert entry["object_id"] == "s31"
    assert entry["summary"] == "Saved stock wording for Section 31 (version 2)"
    assert entry["actor"] == "admin@example.org"


def test_listing_gives_every_exemption_with_its_latest_version(db):
    wording.save(db, ADMIN, "s40", {"why": "Personal data."})
    rows = {row["exemption"]: row for row in wording.listing(db, ADMIN)}
    assert list(rows) == list(RULES)
    assert rows["s40"]["version"] == 1 and rows["s40"]["updated_by"] == "admin@example.org"
    assert rows["s31"]["version"] == 0 and rows["s31"]["updated_at"] == ""
    assert rows["s31"]["title"] == "Section 31: law enforcement"


@pytest.mark.parametrize("actor", [EDITOR, FOI])
def test_only_administrators_may_save(db, actor):
    with pytest.raises(Forbidden, match="Only administrators can change stock wording"):
        wording.save(db, actor, "s31", S31)
    assert wording_rows(db) == []


def test_foi_officers_may_read_what_they_start_from_but_editors_may_not(db):
    assert wording.history(db, FOI, "s31") == []
    with pytest.raises(Forbidden):
        wording.listing(db, EDITOR)


@pytest.mark.parametrize("key", ["s99", "other", ""])
def test_an_unknown_exemption_is_not_found(db, key):
    with pytest.raises(NotFound):
        wording.save(db, ADMIN, key, S31)
    with pytest.raises(NotFound):
        wording.history(db, ADMIN, key)


@pytest.mark.parametrize("key", ["s21", "s23", "s40"])
def test_an_absolute_exemption_refuses_a_public_interest_test(db, key):
    with pytest.raises(Invalid) as refused:
        wording.save(db, ADMIN, key, {"why": "Applies.", "favour": "Something.", "balance": "Else."})
    assert set(refused.value.errors) == {"favour", "balance"}
    assert "is an absolute exemption and needs no public interest test" in refused.value.errors["favour"]
    assert wording_rows(db) == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"why": ""}, "why", "Enter why the exemption applies"),
        ({"why": "   "}, "why", "Enter why the exemption applies"),
        ({"why": "x" * 4_001}, "why", "Why the exemption applies must be 4,000 characters or fewer"),
        ({"harm": "x" * 4_001}, "harm", "The harm disclosure would cause must be 4,000 characters or fewer"),
        (
            {"against": "x" * 4_001},
            "against",
            "Public interest considerations favouring non-disclosure must be 4,000 characters or fewer",
        ),
        ({"favour": 3}, "favour", "Public interest considerations favouring disclosure must be text"),
    ],
)
def test_bad_wording_is_refused_with_a_message_per_field_and_nothing_stored(db, data, field, message):
    entries = db["audit_log"].count
    with pytest.raises(Invalid) as refused:
        wording.save(db, ADMIN, "s31", {**S31, **data})
    assert refused.value.errors[field] == message
    assert wording_rows(db) == []
    assert db["audit_log"].count == entries


def test_a_statement_of_harm_is_refused_where_the_exemption_is_not_prejudice_based(db):
    with pytest.raises(Invalid) as refused:
        wording.save(db, ADMIN, "s30", {**S31})
    assert refused.value.errors == {"harm": "Section 30 is not prejudice-based, so no harm is stated"}


# Pages


def test_the_list_page_shows_every_exemption_with_a_link_to_edit(admin):
    page = admin.get("/admin/exemption-wording").get_data(as_text=True)
    for rule in RULES.values():
        assert rule.title in page
    assert 'href="/admin/exemption-wording/s43"' in page
    assert "/admin/exemption-wording" in admin.get("/admin/settings").get_data(as_text=True)


def test_the_edit_page_offers_the_fields_the_exemption_needs_and_the_defaults(admin):
    page = admin.get("/admin/exemption-wording/s31").get_data(as_text=True)
    assert all(f'name="{key}"' in page for key in ("why", "harm", "favour", "against", "balance"))
    assert "version 0" in page
    absolute = admin.get("/admin/exemption-wording/s40").get_data(as_text=True)
    assert 'name="why"' in absolute
    assert not any(f'name="{key}"' in absolute for key in ("harm", "favour", "against", "balance"))
    class_based = admin.get("/admin/exemption-wording/s30").get_data(as_text=True)
    assert 'name="harm"' not in class_based and 'name="balance"' in class_based


def test_posting_the_form_saves_a_version_shown_in_the_history(admin, db):
    response = admin.post("/admin/exemption-wording/s31", {**S31, "why": "Line one.\r\nLine two."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/exemption-wording/s31")
    assert wording.current(db, "s31")["why"] == "Line one.\nLine two."
    page = admin.get("/admin/exemption-wording/s31").get_data(as_text=True)
    assert "saved as version 1" in page
    assert "Version 1," in page and "wording.admin@example.org" in page
    assert '<details class="govuk-details">' in page
    listing = admin.get("/admin/exemption-wording").get_data(as_text=True)
    assert "wording.admin@example.org" in listing


def test_a_refused_form_keeps_the_input_says_why_and_stores_nothing(admin, db):
    response = admin.post("/admin/exemption-wording/s31", {**S31, "harm": "y" * 4_001})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The harm disclosure would cause must be 4,000 characters or fewer" in page
    assert "y" * 4_001 in page
    assert wording_rows(db) == []


def test_an_unknown_exemption_page_is_not_found(admin):
    assert admin.get("/admin/exemption-wording/s99").status_code == 404
    assert (
        admin.post("/admin/exemption-wording/s99", S31, form_url="/admin/exemption-wording").status_code
        == 404
    )


@pytest.mark.parametrize("role", [r for r in ROLE_NAMES if r != "admin"])
def test_anyone_but_an_admin_is_refused_the_pages(signed_in, db, role):
    client = signed_in(role)
    assert client.get("/admin/exemption-wording").status_code == 403
    assert client.get("/admin/exemption-wording/s31").status_code == 403
    response = client.post("/admin/exemption-wording/s31", S31, form_url="/systems")
    assert response.status_code == 403
    assert wording_rows(db) == []


def test_stock_wording_left_with_its_gaps_unfilled_is_not_ready_to_send():
    from dpia.domain.exemptions import missing

    stock = {**DEFAULT_WORDING["s22"], "qualified": True}
    gaps = missing("s22", stock)
    assert any("replace ‘[describe the document]’ with what applies to this request" in gap for gap in gaps)
    assert any("‘[date or period]’" in gap for gap in gaps)
    filled = {
        key: text.replace("[describe the document]", "its annual report").replace("[date or period]", "May")
        for key, text in stock.items()
        if isinstance(text, str)
    }
    assert missing("s22", {**filled, "qualified": True}) == []
    # Section 21's stock wording needs no filling in: the answers give each address.
    assert missing("s21", DEFAULT_WORDING["s21"]) == []
    # Square brackets a reason uses on purpose: a law report's citation, a quotation adapted.
    bridges = "As R (Bridges) v Chief Constable of South Wales Police [2020] EWCA Civ 1058 held,"
    assert missing("s21", {"why": bridges + " [the force] must publish."}) == []
    # The gap is found whatever the case it was typed in.
    assert missing("s21", {"why": "See [Give the exact address or document]."}) != []
