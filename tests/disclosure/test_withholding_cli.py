"""`dpia withhold`: list, find targets, add, remove and decide marks from the shell (issue 14, point 7)."""

import json

import pytest

from dpia.actor import Actor
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.services import systems
from dpia.services.disclosure import exports, packs, withholding
from tests.conftest import EDITOR, FOI

SUPPLIER = "Northgate Labs"


@pytest.fixture
def knife(db, make_system, make_approved):
    """A system whose register entry names its supplier, with an approved DPIA-2020-007."""
    system_id = make_system("Knife Crime Prediction", category="crime_mapping")
    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    record["how_it_works"] = f"A gradient-boosted model from {SUPPLIER} ranks street segments."
    systems.update(db, EDITOR, system_id, record, 1)
    make_approved("dpia", system_id=system_id, reference="DPIA-2020-007")
    return system_id


def _run(runner, *args):
    result = runner.invoke(args=["withhold", *args])
    assert "Traceback" not in result.output
    return result


ADD_SUPPLIER = (
    "add",
    "--system",
    "knife crime prediction",
    "--target",
    "how_it_works",
    "--passage",
    SUPPLIER,
    "--exemption",
    "s43",
    "--subsection",
    "(2)",
    "--reason",
    "Commercial interests.",
)


def test_add_list_and_remove_a_passage_of_a_register_entry(runner, db, knife, make_request):
    make_request([knife])
    added = _run(runner, *ADD_SUPPLIER, "--request", "855A/22")
    assert added.exit_code == 0, added.output
    [mark] = withholding.system_marks(db, systems.get(db, EDITOR, knife))
    assert added.output == (
        f"Mark {mark.id}: ‘How it works’ in the register entry of ‘Knife Crime Prediction’ withheld under"
        " section 43(2) FOIA\n"
    )
    assert (mark.passage, mark.request, mark.created_by) == (SUPPLIER, "855A/22", "dpia withhold add")

    listed = _run(runner, "list", "--system", "Knife Crime Prediction")
    assert listed.exit_code == 0
    assert listed.output == (f"{mark.id:>5}  How it works “{SUPPLIER}”  section 43(2) FOIA  for 855A/22\n")
    removed = _run(runner, "remove", str(mark.id))
    assert removed.exit_code == 0, removed.output
    assert removed.output == (
        f"Removed mark {mark.id} of ‘Knife Crime Prediction’: that part will be disclosed.\n"
    )
    assert db["withholding_marks"].count == 0
    assert (
        "Nothing is marked for withholding"
        in _run(runner, "list", "--system", "Knife Crime Prediction").output
    )


def test_a_version_mark_is_added_by_reference_and_listed_with_its_passage_shortened(runner, db, knife):
    targets = _run(runner, "targets", "DPIA-2020-007/v1")
    assert targets.exit_code == 0
    lines = targets.output.splitlines()
    assert "detail:title  Title  (passages)" in lines
    assert any(line.startswith("section:") and "(passages)" not in line for line in lines)
    aims = next(line for line in lines if line.startswith("aims  "))
    assert aims.endswith("(passages)")

    version = db.execute("SELECT answers FROM assessment_versions").fetchone()[0]
    words = " ".join(json.loads(version)["aims"].split()[:12])
    mark = ["--target", "aims", "--passage", words, "--exemption", "s31", "--reason", "Tactics."]
    added = _run(runner, "add", "DPIA-2020-007", *mark)
    assert added.exit_code == 0, added.output
    assert "in DPIA-2020-007 version 1 withheld under section 31 FOIA" in added.output
    [line] = _run(runner, "list", "DPIA-2020-007/v1").output.splitlines()
    assert f"“{words[:40]}…”" in line and line.endswith("section 31 FOIA  for no request")
    mark_id = line.split()[0]
    removed = _run(runner, "remove", mark_id)
    assert (
        removed.output == f"Removed mark {mark_id} in DPIA-2020-007 version 1: that part will be disclosed.\n"
    )
    assert db["withholding_marks"].count == 0


def test_removing_by_id_alone_is_for_foi_officers_and_finds_nothing_hidden(db, knife, make_system):
    mark_id = withholding.mark_system(
        db, FOI, knife, {"target": "aliases", "exemption": "s31", "reason": "T."}
    )
    with pytest.raises(Forbidden):
        withholding.remove_mark(db, EDITOR, mark_id)
    hidden = make_system("Covert Tool", marking="OFFICIAL-SENSITIVE")
    secret = withholding.mark_system(
        db, FOI, hidden, {"target": "aliases", "exemption": "s31", "reason": "T."}
    )
    # An FOI officer not cleared for OFFICIAL-SENSITIVE (settings decide who is).
    officer = Actor(email="plain@example.org", roles=frozenset({"foi_officer"}))
    with pytest.raises(NotFound, match=f"There is no withholding mark {secret}$"):
        withholding.remove_mark(db, officer, secret)
    assert db["withholding_marks"].count == 2


def test_listing_by_request_shows_each_marks_state_and_how_to_decide(runner, db, knife, make_request):
    mark_id = withholding.mark_system(
        db, FOI, knife, {"target": "how_it_works", "exemption": "s43", "reason": "Commercial."}
    )
    make_request([knife], reference="1187/24")
    listed = _run(runner, "list", "--request", "1187/24")
    assert listed.exit_code == 0
    first, hint = listed.output.splitlines()
    assert first == (
        f"{mark_id:>5}  offered  the register entry of ‘Knife Crime Prediction’: How it works"
        "  section 43 FOIA  for no request"
    )
    assert hint.startswith("1 offered: decide each with `dpia withhold decide 1187/24 MARK_ID apply|drop`")


def test_deciding_from_the_shell_unblocks_the_pack_and_can_be_reopened(runner, db, knife, make_request):
    mark_id = withholding.mark_system(
        db, FOI, knife, {"target": "how_it_works", "exemption": "s43", "reason": "Commercial."}
    )
    request_id = make_request([knife], reference="1187/24")
    with pytest.raises(Invalid, match="must each be confirmed or released"):
        packs.build(db, FOI, request_id, exports.Options())

    dropped = _run(runner, "decide", "1187/24", str(mark_id), "drop", "--note", "Contract ended.")
    assert dropped.exit_code == 0, dropped.output
    assert dropped.output == f"Mark {mark_id} is released for 1187/24.\n"
    assert packs.build(db, FOI, request_id, exports.Options()).content
    assert db["withholding_decisions"].get((request_id, mark_id))["note"] == "Contract ended."

    reopened = _run(runner, "decide", "1187/24", str(mark_id), "reopen")
    assert reopened.output == f"Mark {mark_id} is waiting for a decision for 1187/24.\n"
    assert "  offered  " in _run(runner, "list", "--request", "1187/24").output
    every = _run(runner, "decide", "1187/24", "--all", "apply")
    assert every.exit_code == 0 and every.output == "1 marks offered to 1187/24 will be withheld for it.\n"
    assert "  apply  " in _run(runner, "list", "--request", "1187/24").output


@pytest.mark.parametrize(
    "args, message",
    [
        (["list"], "Name one assessment (such as DPIA-2024-007 or DPIA-2024-007/v2) or --system NAME"),
        (["list", "DPIA-2020-007", "--system", "Knife Crime Prediction"], "Name one assessment"),
        (["list", "DPIA-1999-001"], "No assessment with reference DPIA-1999-001"),
        (["list", "DPIA-2020-007/v9"], "No assessment version with that number"),
        (["list", "--system", "Nope"], "No system called ‘Nope’ in the register"),
        (["list", "--request", "1/99"], "No FOI request with reference 1/99"),
        (["targets", "--system", "Nope"], "No system called ‘Nope’ in the register"),
        (["remove", "999"], "There is no withholding mark 999"),
        (["remove", "twelve"], "MARK_ID is a mark's number"),
        (["decide", "1/99", "1", "apply"], "No FOI request with reference 1/99"),
        (["decide", "855A/22", "1", "maybe"], "Give MARK_ID and apply, drop or reopen, or --all apply|drop"),
        (["decide", "855A/22", "--all", "reopen"], "--all takes apply or drop, not reopen"),
        (["decide", "855A/22", "1", "apply", "--all", "drop"], "not both"),
        (["decide", "855A/22", "999", "apply"], "That mark is not on anything this request would release"),
    ],
)
def test_bad_references_print_one_line_and_exit_1(runner, knife, make_request, args, message):
    make_request([knife])
    result = _run(runner, *args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "change, messages",
    [
        (
            {"--target": "nowhere"},
            ["That part does not exist: list them with dpia withhold targets --system"],
        ),
        ({"--passage": "Acme Analytics"}, ["The passage was not found in ‘How it works’"]),
        ({"--reason": ""}, ["Enter why the exemption applies"]),
        ({"--exemption": "s99"}, ["Unknown exemption ‘s99’"]),
        ({"--request": "9999/99"}, ["There is no FOI request 9999/99"]),
        ({"--reason": "", "--exemption": ""}, ["Select the exemption", "Enter why the exemption applies"]),
    ],
)
def test_a_bad_mark_prints_each_message_exits_1_and_stores_nothing(runner, db, knife, change, messages):
    args = [*ADD_SUPPLIER, "--request", ""]
    for option, value in change.items():
        args[args.index(option) + 1] = value
    result = _run(runner, *args)
    assert result.exit_code == 1, result.output
    for message in messages:
        assert message in result.output
    assert len(result.output.strip().splitlines()) == len(messages)
    assert db["withholding_marks"].count == 0
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'withholding.mark'").fetchone()[0] == 0


def test_a_mark_decided_for_the_request_itself_is_not_decided_again(runner, db, knife, make_request):
    make_request([knife])
    mark_id = withholding.mark_system(
        db, FOI, knife, {"target": "how_it_works", "exemption": "s43", "reason": "C.", "request": "855A/22"}
    )
    result = _run(runner, "decide", "855A/22", str(mark_id), "drop")
    assert result.exit_code == 1
    assert "That mark was decided for this request: remove it where it was made" in result.output
    assert db["withholding_decisions"].count == 0
