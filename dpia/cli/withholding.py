"""Commands to mark parts of versions and register entries as withheld, and decide marks per FOI request."""

from collections.abc import Callable
from dataclasses import dataclass

import click
from flask.cli import with_appcontext

from dpia.actor import Actor, command_line
from dpia.cli.common import database, friendly_errors
from dpia.errors import Invalid
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import exports, withholding
from dpia.services.disclosure import requests as foi
from dpia.store.db import Database

SHOWN = 40  # characters of a passage a listing shows
DECISIONS = {"apply": withholding.APPLY, "drop": withholding.DROP, "reopen": ""}
ONE_OF = "Name one assessment (such as DPIA-2024-007 or DPIA-2024-007/v2) or --system NAME"


@dataclass(frozen=True)
class Subject:
    """A version or register entry named on the command line, with its marks and what may be withheld."""

    where: str  # "DPIA-2024-007 version 2", "the register entry of ‘HART’"
    hint: str  # how to name it again: "DPIA-2024-007/v2", "--system HART"
    marks: Callable[[], list[withholding.Mark]]
    targets: dict
    mark: Callable[[dict], int]


def _subject(db: Database, actor: Actor, assessment_ref: str | None, system_name: str | None) -> Subject:
    if bool(assessment_ref) == bool(system_name):
        raise click.ClickException(ONE_OF)
    if system_name:
        system = systems.find(db, actor, system_name)
        return Subject(
            f"the register entry of ‘{system['name']}’",
            f'--system "{system["name"]}"',
            lambda: withholding.system_marks(db, system),
            withholding.system_target_map(system),
            lambda data: withholding.mark_system(db, actor, system["id"], data),
        )
    assessment_id, number = exports.find_version(db, actor, assessment_ref or "")
    version = assessments.load(db, actor, assessment_id, number)
    number = version["number"]
    return Subject(
        f"{version['reference']} version {number}",
        f"{version['reference']}/v{number}",
        lambda: withholding.version_marks(db, assessments.load(db, actor, assessment_id, number)),
        withholding.version_target_map(version),
        lambda data: withholding.mark_version(db, actor, assessment_id, number, data),
    )


def _request(db: Database, actor: Actor, reference: str) -> dict:
    found = foi.find(db, reference)
    if found is None:
        raise click.ClickException(f"No FOI request with reference {reference}")
    return foi.get(db, actor, found["id"])


def _short(passage: str) -> str:
    text = " ".join(passage.split())
    return f"“{text[:SHOWN]}…”" if len(text) > SHOWN else f"“{text}”"


def _for(reference: str) -> str:
    return f"for {reference}" if reference else "for no request"


@click.group("withhold")
def withhold() -> None:
    """Mark parts of assessment versions and register entries as withheld, and decide marks per FOI request.

    Example: dpia withhold list DPIA-2024-007
    """


@withhold.command("list")
@click.argument("assessment_ref", required=False)
@click.option("--system", "system_name", help="A system's register entry, by name.")
@click.option(
    "--request", "request_ref", help="Every mark on what an FOI request would release, with its state."
)
@with_appcontext
def list_command(assessment_ref: str | None, system_name: str | None, request_ref: str | None) -> None:
    """List the withholding marks of a version, of a register entry, or on what an FOI request would release.

    Each line: the mark's id, the part, the passage (shortened), the exemption and the request it was decided
    for; with --request also its state for that request (own, apply, drop, or offered: still to decide).

    Example: dpia withhold list --request 855A/22
    """
    actor = command_line("dpia withhold list")
    with database() as db, friendly_errors():
        if request_ref:
            if assessment_ref or system_name:
                raise click.ClickException(
                    "--request lists by request: leave out the assessment and --system"
                )
            _list_request(db, actor, request_ref)
            return
        subject = _subject(db, actor, assessment_ref, system_name)
        marks = subject.marks()
    if not marks:
        click.echo(f"Nothing is marked for withholding in {subject.where}.")
    for mark in marks:
        passage = f" {_short(mark.passage)}" if mark.passage else ""
        problem = f"  PROBLEM: {mark.problem}" if mark.problem else ""
        click.echo(f"{mark.id:>5}  {mark.label}{passage}  {mark.citation}  {_for(mark.request)}{problem}")


def _list_request(db: Database, actor: Actor, reference: str) -> None:
    request = _request(db, actor, reference)
    found = withholding.review(db, actor, request)
    if not found:
        click.echo(f"Nothing is marked for withholding in what {request['reference']} would release.")
    for item in found:
        passage = f" {_short(item.passage)}" if item.passage else ""
        click.echo(
            f"{item.mark_id:>5}  {item.state:<7}  {item.where}: {item.label}{passage}  {item.citation}"
            f"  {_for(item.decided_for)}"
        )
    waiting = sum(1 for item in found if item.state == withholding.OFFERED)
    if waiting:
        click.echo(
            f"{waiting} offered: decide each with `dpia withhold decide {request['reference']} MARK_ID"
            " apply|drop`, or all with --all apply|drop."
        )


@withhold.command("targets")
@click.argument("assessment_ref", required=False)
@click.option("--system", "system_name", help="A system's register entry, by name.")
@with_appcontext
def targets_command(assessment_ref: str | None, system_name: str | None) -> None:
    """List every part of a version or register entry that may be withheld, by the path `add --target` takes.

    Parts marked "passages" are text: a passage of them may be withheld with --passage.

    Example: dpia withhold targets --system HART
    """
    actor = command_line("dpia withhold targets")
    with database() as db, friendly_errors():
        subject = _subject(db, actor, assessment_ref, system_name)
    for target in subject.targets.values():
        click.echo(f"{target.path}  {target.label}" + ("  (passages)" if target.passages else ""))


@withhold.command("add")
@click.argument("assessment_ref", required=False)
@click.option("--system", "system_name", help="A system's register entry, by name, instead of a version.")
@click.option("--target", default="", help="The part to withhold, by path (see `dpia withhold targets`).")
@click.option("--passage", default="", help="Only this passage of a text part, copied from the page.")
@click.option("--exemption", default="", help="s21, s22, s23, s24, s30, s31, s38, s40, s43 or other.")
@click.option("--subsection", default="", help="Such as (1)(a).")
@click.option("--other", default="", help="With --exemption other: the exemption in full.")
@click.option("--reason", default="", help="Why the exemption applies (never disclosed).")
@click.option("--request", "request_ref", default="", help="The FOI request the mark is decided for.")
@with_appcontext
def add_command(assessment_ref: str | None, system_name: str | None, **values: str) -> None:
    """Withhold a part of a version or register entry, or a passage of it; print the new mark's id.

    ASSESSMENT_REF is DPIA-2024-007 (its current version) or DPIA-2024-007/v2; or name a register entry with
    --system. Anything wrong is reported field by field and nothing is stored.

    Example: dpia withhold add --system HART --target how_it_works --passage "Northgate Labs" --exemption s43
    --subsection "(2)" --reason "Supplier's commercial interests" --request 855A/22
    """
    actor = command_line("dpia withhold add")
    data = {**values, "request": values.pop("request_ref")}
    data["scope"] = withholding.PASSAGE if data["passage"] else withholding.WHOLE
    with database() as db, friendly_errors():
        subject = _subject(db, actor, assessment_ref, system_name)
        try:
            mark_id = subject.mark(data)
        except Invalid as refused:
            raise _with_hint(refused, subject) from None
        mark = next(m for m in subject.marks() if m.id == mark_id)
    click.echo(f"Mark {mark_id}: ‘{mark.label}’ in {subject.where} withheld under {mark.citation}")


def _with_hint(refused: Invalid, subject: Subject) -> Invalid:
    """The refusal, telling how to find the parts when the target was not one."""
    errors = dict(refused.errors)
    if "target" in errors and "does not exist" in errors["target"]:
        errors["target"] += f": list them with dpia withhold targets {subject.hint}"
    return Invalid(errors)


@withhold.command("remove")
@click.argument("mark_id")
@with_appcontext
def remove_command(mark_id: str) -> None:
    """Stop withholding the part a mark withholds, on whichever version or register entry it is.

    Example: dpia withhold remove 12
    """
    number = _mark_id(mark_id)
    with database() as db, friendly_errors():
        where = withholding.remove_mark(db, command_line("dpia withhold remove"), number)
    click.echo(f"Removed mark {number} {where}: that part will be disclosed.")


def _mark_id(text: str) -> int:
    if not text.isdigit() or len(text) > 18:
        raise click.ClickException(
            f"MARK_ID is a mark's number, as `dpia withhold list` shows it, not {text}"
        )
    return int(text)


@withhold.command("decide")
@click.argument("request_ref")
@click.argument("mark_id", required=False)
@click.argument("decision", required=False)
@click.option("--all", "every", default=None, metavar="apply|drop", help="Decide every mark still offered.")
@click.option("--note", default="", help="Why, for the file.")
@with_appcontext
def decide_command(
    request_ref: str, mark_id: str | None, decision: str | None, every: str | None, note: str
) -> None:
    """Confirm (apply) or release (drop) for a request a mark decided for another request, or reopen it.

    A request's pack waits until every mark offered to it is decided. With --all apply|drop every mark still
    offered is decided at once.

    Example: dpia withhold decide 1187/24 12 drop --note "Contract ended in 2023"
    """
    actor = command_line("dpia withhold decide")
    if every is not None and (mark_id or decision):
        raise click.ClickException("Give MARK_ID and a decision, or --all apply|drop, not both")
    if every is not None and note:
        raise click.ClickException("--note goes with one mark's decision, not with --all")
    if every is not None and every not in ("apply", "drop"):
        raise click.ClickException(f"--all takes apply or drop, not {every}")
    if every is None and (mark_id is None or decision not in DECISIONS):
        raise click.ClickException("Give MARK_ID and apply, drop or reopen, or --all apply|drop")
    with database() as db, friendly_errors():
        request = _request(db, actor, request_ref)
        if every is not None:
            count = withholding.decide_all(db, actor, request["id"], every)
            verb = "withheld" if every == "apply" else "released"
            click.echo(f"{count} marks offered to {request['reference']} will be {verb} for it.")
            return
        number = _mark_id(mark_id or "")
        withholding.decide(db, actor, request["id"], number, DECISIONS[decision or ""], note)
    said = {"apply": "withheld for", "drop": "released for", "reopen": "waiting for a decision for"}
    click.echo(f"Mark {number} is {said[decision or '']} {request['reference']}.")
