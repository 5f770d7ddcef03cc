"""The systems register: creating, validating, editing, history, listing and filtering."""

import re

import pytest

from dpia.actor import Actor
from dpia.errors import Conflict, Invalid
from dpia.services import systems

EDITOR = Actor(
    email="editor@example.org", roles=frozenset({"editor"}), address="127.0.0.1", can_see_sensitive=True
)
READER = Actor(email="reader@example.org", roles=frozenset({"reader"}), address="127.0.0.1")


def valid(**overrides):
    data = {
        "name": "HART",
        "aliases": ["Harm Assessment Risk Tool"],
        "category": "individual_risk",
        "lifecycle": "in_use",
        "first_used": "2017",
        "regime": "dpa_part3",
        "how_it_works": "A random forest.",
        "costs": [{"period_start": "2017", "amount": "12500.50", "description": "Licence"}],
        "policies": [
            {
                "title": "Custody policy",
                "reference": "CP-1",
                "version_date": "2018-06",
                "url": "https://example.org/p",
            }
        ],
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_system(db):
    def make(**overrides):
        return systems.create(db, EDITOR, valid(**overrides))

    return make


def test_creating_a_system_stores_everything_and_records_history(db, make_system):
    system_id = make_system()
    system = systems.get(db, EDITOR, system_id)
    assert system["aliases"] == ["Harm Assessment Risk Tool"]
    assert system["costs"][0]["amount_pence"] == 1250050
    assert system["policies"][0]["version_date"] == "2018-06"
    entries = systems.history(db, EDITOR, system_id)["entries"]
    assert entries[0]["action"] == "created"
    assert {c["field"] for c in entries[0]["changes"]} >= {"name", "aliases", "costs", "policies"}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter the system's name"),
        ({"category": ""}, "category", "Select the system's category"),
        ({"lifecycle": ""}, "lifecycle", "Select the system's lifecycle stage"),
        ({"regime": ""}, "regime", "Select the legal regime for the processing"),
        (
            {"costs": [{"period_start": "2020", "amount": ""}]},
            "costs-0-amount",
            "Enter the amount of cost 1 in pounds",
        ),
        (
            {"costs": [{"period_start": "2020", "amount": "x"}]},
            "costs-0-amount",
            "Amount of cost 1 must be a number",
        ),
        ({"costs": [{"amount": "5"}]}, "costs-0-period_start", "Enter the start of the period cost 1 covers"),
        ({"policies": [{"title": ""}]}, "policies-0-title", "Enter the title of policy 1"),
        ({"first_used": "2023-02-30"}, "first_used", "First used must be a real date"),
        (
            {"first_used": {"day": "30", "month": "2", "year": "2023"}},
            "first_used",
            "First used must be a real date",
        ),
        (
            {"first_used": {"day": "", "month": "x", "year": "2023"}},
            "first_used",
            "First used month must be a number",
        ),
        (
            {"first_used": "2019", "retired": "2018", "lifecycle": "retired"},
            "retired",
            "Retired must be the same as or after",
        ),
        (
            {"costs": [{"period_start": "2020", "amount": "-5"}]},
            "costs-0-amount",
            "Amount of cost 1 must be £0 or more",
        ),
        (
            {"costs": [{"period_start": "2020", "amount": "lots"}]},
            "costs-0-amount",
            "Amount of cost 1 must be a number",
        ),
        ({"name": "x" * 201}, "name", "Name must be 200 characters or fewer"),
        ({"category": "crystal_ball"}, "category", "Category must be one of"),
        (
            {"policies": [{"title": "P", "url": "javascript:alert(1)"}]},
            "policies-0-url",
            "Link must start with http",
        ),
    ],
)
def test_bad_input_is_refused_with_a_specific_message_and_nothing_stored(db, overrides, field, message):
    with pytest.raises(Invalid) as refused:
        systems.create(db, EDITOR, valid(**overrides))
    assert refused.value.errors[field].startswith(message)
    assert db["systems"].count == 0


def test_names_are_unique_regardless_of_case_and_spacing(db, make_system):
    make_system(name="Live Facial Recognition")
    with pytest.raises(Invalid) as refused:
        make_system(name="live  facial recognition")
    assert "already in the register" in refused.value.errors["name"]


def test_editing_records_old_and_new_values(db, make_system):
    system_id = make_system()
    systems.update(db, EDITOR, system_id, valid(lifecycle="retired", retired="2020-08"), expected_version=1)
    latest = systems.history(db, EDITOR, system_id)["entries"][0]
    changed = {c["field"]: c for c in latest["changes"]}
    assert changed["lifecycle"]["old"] == "In use" and changed["lifecycle"]["new"] == "Retired"
    assert changed["retired"]["new"] == "August 2020"
    assert latest["changed_by"] == "editor@example.org"


def test_a_stale_save_is_refused_and_says_what_the_other_person_changed(db, make_system):
    system_id = make_system()
    systems.update(db, EDITOR, system_id, valid(supplier="Acme"), expected_version=1)
    with pytest.raises(Conflict) as refused:
        systems.update(db, EDITOR, system_id, valid(owner="Me"), expected_version=1)
    assert [c["field"] for c in refused.value.changes] == ["supplier"]
    assert systems.get(db, EDITOR, system_id)["owner"] == ""


def test_sensitive_systems_are_absent_for_roles_not_allowed_including_counts(db, make_system):
    make_system(name="Open")
    make_system(name="Secret", marking="OFFICIAL-SENSITIVE")
    listing = systems.listing(db, READER, {})
    assert [s["name"] for s in listing["systems"]] == ["Open"]
    assert listing["total"] == 1 and sum(listing["by_category"].values()) == 1
    assert len(systems.listing(db, EDITOR, {})["systems"]) == 2


def test_the_list_filters_and_sorts(db, make_system):
    make_system(name="B map", category="crime_mapping", first_used="2012")
    make_system(name="A face", category="biometric", first_used="2020")
    assert [s["name"] for s in systems.listing(db, EDITOR, {"category": "biometric"})["systems"]] == [
        "A face"
    ]
    ordered = systems.listing(db, EDITOR, {"sort": "first_used", "order": "desc"})["systems"]
    assert [s["name"] for s in ordered] == ["A face", "B map"]


def form(**overrides):
    data = {
        "name": "HART",
        "aliases": "Harm Assessment Risk Tool\nDurham HART",
        "category": "individual_risk",
        "lifecycle": "in_use",
        "regime": "dpa_part3",
        "first_used-year": "2017",
        "first_used-month": "",
        "first_used-day": "",
        "marking": "OFFICIAL",
        "costs-0-period_start-year": "2017",
        "costs-0-amount": "1000",
        "costs-0-description": "Licence",
    }
    data.update(overrides)
    return data


def test_the_create_form_saves_and_shows_the_system(signed_in):
    editor = signed_in("editor")
    response = editor.post("/systems/new", form())
    assert response.status_code == 302
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Harm Assessment Risk Tool, Durham HART" in page
    assert "£1,000.00" in page and "2017" in page


def test_the_form_comes_back_with_input_kept_and_field_errors_on_bad_input(signed_in, db):
    editor = signed_in("editor")
    response = editor.post(
        "/systems/new",
        form(
            **{
                "first_used-day": "30",
                "first_used-month": "2",
                "first_used-year": "2023",
                "costs-0-amount": "-3",
            }
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "First used must be a real date" in page and 'href="#first_used-day"' in page
    assert "Amount of cost 1 must be £0 or more" in page
    assert 'value="HART"' in page and "Durham HART" in page
    assert db["systems"].count == 0


def test_add_a_cost_button_adds_a_blank_row_without_saving(signed_in, db):
    editor = signed_in("editor")
    response = editor.post("/systems/new", form(action="add_cost"))
    assert response.status_code == 200
    assert 'name="costs-1-amount"' in response.get_data(as_text=True)
    assert db["systems"].count == 0


def _autofocused_ids(html):
    return re.findall(
        r'<(?:input|textarea|select)[^>]*\bautofocus\b[^>]*\bid="([^"]+)"|'
        r'<(?:input|textarea|select)[^>]*\bid="([^"]+)"[^>]*\bautofocus\b',
        html,
    )


@pytest.mark.parametrize(
    ("action", "focused"), [("add_cost", "costs-1-period_start-day"), ("add_policy", "policies-0-title")]
)
def test_after_adding_a_row_focus_is_on_its_first_field(signed_in, action, focused):
    editor = signed_in("editor")
    assert "autofocus" not in editor.get("/systems/new").get_data(as_text=True)
    html = editor.post("/systems/new", form(action=action)).get_data(as_text=True)
    assert ["".join(found) for found in _autofocused_ids(html)] == [focused]


@pytest.mark.parametrize(("url", "text"), [("/systems/new", "Add system"), (None, "Save changes")])
def test_enter_in_the_form_saves_because_a_hidden_save_button_comes_first(signed_in, make_system, url, text):
    """Enter presses a form's first submit button, so that must be the save, not "Add a cost"."""
    html = signed_in("editor").get(url or f"/systems/{make_system()}/edit").get_data(as_text=True)
    form_html = html[html.index('<form method="post" novalidate>') :]
    first = re.search(r"<button[^>]*>([^<]*)</button>", form_html)
    assert 'name="save"' in first.group(0) and first.group(1).strip() == text
    assert 'tabindex="-1"' in first.group(0) and 'aria-hidden="true"' in first.group(0)


def test_unknown_system_is_a_404_page(signed_in):
    response = signed_in("reader").get("/systems/999")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_readers_cannot_create_systems(signed_in, db):
    reader = signed_in("reader")
    assert reader.get("/systems/new").status_code == 403
    assert "Add a system" not in reader.get("/systems").get_data(as_text=True)


def test_a_large_register_is_read_a_page_at_a_time_with_filters_and_order_kept(db, make_system, signed_in):
    for number in range(1, 121):
        category = "biometric" if number % 2 else "crime_mapping"
        make_system(name=f"System {number:03}", category=category, costs=[], policies=[])
    make_system(name="System 000 Kestrel", marking="OFFICIAL-SENSITIVE", costs=[], policies=[])
    reader = signed_in("reader")

    first = reader.get("/systems").get_data(as_text=True)
    assert "Systems 1 to 50 of 120" in first
    assert first.count('href="/systems/') - first.count('href="/systems/new') == 50
    assert "System 001" in first and "System 051" not in first and "Kestrel" not in first
    assert 'aria-label="Pages of systems"' in first and "page=3" in first

    last = reader.get("/systems?page=3").get_data(as_text=True)
    assert "Systems 101 to 120 of 120" in last and "System 120" in last
    # Past the end shows the last page; not a number shows the first; neither is an error.
    assert "Systems 101 to 120" in reader.get("/systems?page=999999999999").get_data(as_text=True)
    for junk in ("abc", "-2", "1e3", "%00", "%C2%B2", "0"):
        response = reader.get(f"/systems?page={junk}")
        assert response.status_code == 200 and "Systems 1 to 50" in response.get_data(as_text=True)

    filtered = reader.get("/systems?category=biometric&sort=name&order=desc").get_data(as_text=True)
    assert "Systems 1 to 50 of 60 matching the filters" in filtered
    assert filtered.index("System 119") < filtered.index("System 117")
    assert "category=biometric" in filtered and "order=desc" in filtered and "page=2" in filtered


def test_the_api_pages_the_register_in_the_database(db, make_system):
    for number in range(1, 8):
        make_system(name=f"Paged {number}", costs=[], policies=[])
    found = systems.listing(db, EDITOR, {"page": 2}, per_page=3)
    assert [s["name"] for s in found["systems"]] == ["Paged 4", "Paged 5", "Paged 6"]
    assert (found["matched"], found["page"], found["pages"], found["first"]) == (7, 2, 3, 4)
    assert len(systems.listing(db, EDITOR, {})["systems"]) == 7
