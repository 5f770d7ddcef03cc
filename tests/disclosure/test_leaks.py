"""Nothing withheld escapes a pack: titles, properties, file names, CSV cells, the manifest; the pack builder
refuses a leak, and `dpia disclose check` lists every withheld item and where it was found."""

import csv
import io
import zipfile

import pytest

from dpia.actor import command_line
from dpia.errors import Invalid
from dpia.services import systems
from dpia.services.disclosure import exports, packs, withholding
from dpia.services.monitoring import datasets as monitoring
from tests.conftest import EDITOR, FOI
from tests.docx_checks import loose_leaks, open_docx

SECRET = "Acme Analytics"
COUNTS = (
    b"period,group,count\r\n2019-Q1,female,12\r\n2019-Q1,male,40\r\n2019-Q1,other,0\r\n2019-Q1,unknown,0\r\n"
)


def _loose(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def name_leaks(content: bytes, secret: str) -> list[str]:
    """Every name in a pack that gives the secret away, as written or as a slug."""
    with zipfile.ZipFile(io.BytesIO(content)) as pack:
        return [n for n in pack.namelist() if _loose(secret) in _loose(n)]


@pytest.fixture
def supplier(db, make_system, make_approved, make_request):
    """A system named after its supplier, whose name is withheld from how it works; a dataset titled so."""
    system_id = make_system(f"{SECRET} Risk Scorer")
    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    record["how_it_works"] = f"Built by {SECRET} for the force."
    systems.update(db, EDITOR, system_id, record, 1)
    make_approved("dpia", system_id=system_id)
    details = {
        "title": f"{SECRET} flags by sex",
        "measure": "people_flagged",
        "granularity": "quarter",
        "breakdown": "sex",
        "source": "Model logs",
    }
    monitoring.create(db, command_line(), system_id, details, COUNTS)
    request_id = make_request([system_id])
    mark = {"target": "how_it_works", "scope": "passage", "passage": SECRET, "reason": "Supplier."}
    mark |= {"exemption": "s43", "subsection": "(2)", "request": "855A/22"}
    withholding.mark_system(db, FOI, system_id, mark)
    return request_id


def _build(db, request_id):
    made = packs.build(db, FOI, request_id, exports.Options())
    return made, zipfile.ZipFile(io.BytesIO(made.content))


def test_a_withheld_passage_in_a_systems_name_leaves_no_title_heading_or_property(db, supplier):
    made, pack = _build(db, supplier)
    assert loose_leaks(made.content, [SECRET]) == []
    schedule = open_docx(pack.read("schedule-855A-22.docx"))
    assert SECRET not in schedule.core_properties.keywords
    headings = [p.text for p in schedule.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["[Withheld: section 43(2) FOIA] Risk Scorer"]


def test_a_withheld_passage_in_a_systems_name_or_a_dataset_title_is_in_no_file_name(db, supplier):
    made, pack = _build(db, supplier)
    assert name_leaks(made.content, SECRET) == []
    [released] = [n for n in pack.namelist() if n.endswith(".csv") and n != "manifest.csv"]
    assert released.startswith("systems/system-")


def test_csv_cells_and_the_manifest_are_swept(db, supplier):
    _, pack = _build(db, supplier)
    [released] = [n for n in pack.namelist() if n.endswith(".csv") and n != "manifest.csv"]
    cells = [c for row in csv.reader(io.StringIO(pack.read(released).decode("utf-8-sig"))) for c in row]
    assert not any(SECRET.casefold() in c.casefold() for c in cells)
    assert any("[Withheld: section 43(2) FOIA] flags by sex" in c for c in cells)
    manifest = list(csv.DictReader(io.StringIO(pack.read("manifest.csv").decode())))
    assert not any(SECRET in value for row in manifest for value in row.values())
    assert released in {row["path"] for row in manifest}


def test_the_pack_builder_refuses_a_file_that_would_release_a_withheld_string(db, supplier, monkeypatch):
    # A contributor whose file the sweep cannot rewrite (plain text) and which holds the passage.
    monkeypatch.setattr(packs, "CONTRIBUTORS", [])

    @packs.register_contributor
    def notes(db, actor, system, request):
        return [("notes.txt", b"Supplier:   ACME\nanalytics Ltd.\n")]

    audited = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(Invalid) as refused:
        packs.build(db, FOI, supplier, exports.Options())
    message = refused.value.errors["pack"]
    assert "The pack would release withheld text" in message
    assert "systems/system-1/notes.txt, text" in message and "section 43(2) FOIA" in message
    assert db["disclosures"].count == 0
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audited


def test_the_check_lists_each_mark_and_where_it_was_applied_and_logs_nothing(db, supplier):
    from dpia.services.disclosure import checks

    audited = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    result = checks.check(db, FOI, supplier, exports.Options())
    assert not result.releases
    [item] = result.items
    assert item.citation == "section 43(2) FOIA"
    assert item.on == (f"‘{SECRET} Risk Scorer’: How it works",)
    assert "schedule-855A-22.docx: [Withheld: section 43(2) FOIA] Risk Scorer › How it works" in item.places
    assert any(p.endswith(": folder name") for p in item.places)
    assert db["disclosures"].count == 0
    # The monitoring release's audit line, written while preparing, is undone with the dry run.
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audited


def test_text_withheld_whole_is_swept_where_it_appears_again(db, make_system, make_approved, make_request):
    from dpia import kinds
    from dpia.domain.samples import sample_answers

    answer = "Scores come from the Quantum Northgate weighting table."
    system_id = make_system("Patrol Forecaster")
    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    record["data_used"] = answer
    systems.update(db, EDITOR, system_id, record, 1)
    answers = {**sample_answers(kinds.latest("dpia"), rows=2), "aims": f"Aims: {answer.upper()}"}
    make_approved("dpia", system_id=system_id, answers=answers)
    request_id = make_request([system_id])
    whole = {"target": "data_used", "exemption": "s31", "subsection": "(1)(a)", "reason": "Harm."}
    withholding.mark_system(db, FOI, system_id, {**whole, "request": "855A/22"})
    made, _ = _build(db, request_id)
    assert loose_leaks(made.content, [answer]) == []


# The command line


def test_disclose_check_lists_items_and_places_and_exits_0(runner, supplier):
    result = runner.invoke(args=["disclose", "check", "855A/22"])
    assert result.exit_code == 0, result.output
    assert "Withheld from the pack for 855A/22: 1 marks" in result.output
    assert f"section 43(2) FOIA: ‘{SECRET} Risk Scorer’: How it works" in result.output
    assert "withheld in schedule-855A-22.docx: [Withheld: section 43(2) FOIA] Risk Scorer › How it works" in (
        result.output
    )
    assert "Nothing withheld would be released" in result.output


def test_disclose_check_exits_1_on_a_leak_and_says_where(runner, db, supplier, monkeypatch):
    monkeypatch.setattr(packs, "CONTRIBUTORS", [])

    @packs.register_contributor
    def notes(db, actor, system, request):
        return [("notes.txt", f"From {SECRET.upper()}.".encode())]

    result = runner.invoke(args=["disclose", "check", "855A/22"])
    assert result.exit_code == 1
    assert "RELEASED in systems/system-1/notes.txt, text" in result.output
    assert "The pack would release withheld text" in result.stderr
    assert "Traceback" not in result.output and db["disclosures"].count == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["disclose", "check", "1/99"], "No FOI request with reference 1/99"),
        (["disclose", "check", ""], "No FOI request with reference"),
    ],
)
def test_disclose_check_exits_2_on_bad_input_with_one_line(runner, supplier, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_disclose_check_exits_2_when_the_pack_cannot_be_made(runner, make_request):
    make_request([], reference="5/24")
    result = runner.invoke(args=["disclose", "check", "5/24"])
    assert result.exit_code == 2
    assert "FOI request 5/24 has no systems in scope yet" in result.output


# The page


def test_the_request_page_links_to_the_check_which_lists_each_item_and_place(db, signed_in, supplier):
    officer = signed_in("foi_officer")
    page = officer.get(f"/foi/{supplier}").get_data(as_text=True)
    assert f'href="/foi/{supplier}/withheld"' in page and "Check what will be withheld" in page
    response = officer.get(f"/foi/{supplier}/withheld")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mark 1: section 43(2) FOIA" in html
    assert "Acme Analytics Risk Scorer’: How it works" in html
    assert "schedule-855A-22.docx: [Withheld: section 43(2) FOIA] Risk Scorer › How it works" in html
    assert "Nothing withheld would be released" in html
    assert db["disclosures"].count == 0


def test_the_check_page_shows_a_leak_and_a_request_that_cannot_be_packed(
    db, signed_in, supplier, make_request, monkeypatch
):
    monkeypatch.setattr(packs, "CONTRIBUTORS", [])

    @packs.register_contributor
    def notes(db, actor, system, request):
        return [("notes.txt", SECRET.encode())]

    officer = signed_in("foi_officer")
    html = officer.get(f"/foi/{supplier}/withheld").get_data(as_text=True)
    assert "The pack would release withheld text" in html and "systems/system-1/notes.txt, text" in html
    empty = make_request([], reference="6/24")
    response = officer.get(f"/foi/{empty}/withheld")
    assert response.status_code == 200
    assert "FOI request 6/24 has no systems in scope yet" in response.get_data(as_text=True)
    assert signed_in("editor").get(f"/foi/{supplier}/withheld").status_code == 403
