"""The `dpia publish` command: publish a system's public record, or withdraw it."""

import click
from flask.cli import with_appcontext

from dpia.actor import command_line
from dpia.cli.common import BadInput, database, system_named
from dpia.domain import publications as rules
from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.services.publications import pages, publishing


@click.command("publish")
@click.argument("system_name", metavar="SYSTEM")
@click.option(
    "--field",
    "fields",
    multiple=True,
    type=click.Choice(rules.CHOSEN),
    help="A register field to publish besides the name and category; repeat for more.",
)
@click.option("--atrs/--no-atrs", default=False, help="Publish the ATRS record too (default: not).")
@click.option("--dataset", "datasets", multiple=True, type=int, help="A monitoring dataset's id; repeatable.")
@click.option("--summary", default="", help="What changed, for the public page and the feed.")
@click.option("--withdraw", is_flag=True, help="Withdraw the live public record instead (needs --reason).")
@click.option("--reason", default="", help="Why the public record is withdrawn.")
@click.option("--as", "email", default="", help="The email address the audit trail records as publisher.")
@with_appcontext
def publish(
    system_name: str,
    fields: tuple[str, ...],
    atrs: bool,
    datasets: tuple[int, ...],
    summary: str,
    withdraw: bool,
    reason: str,
    email: str,
) -> None:
    """Publish a system's public record on the transparency pages, or withdraw it.

    SYSTEM is the system's id or its name (any case). The record holds the disclosure copies of its
    approved assessments, exactly as a response pack would release them, and the fields chosen; anything
    that must be looked at first refuses it with the reasons. Exits 2 for bad input or a refusal.

    Example: dpia publish HART --field how_it_works --field supplier --atrs --summary "First record"
    """
    if withdraw and not reason.strip():
        raise BadInput("--withdraw needs --reason TEXT: say why the public record is withdrawn")
    actor = command_line(email or "dpia publish")
    with database() as db:
        try:
            system = system_named(db, actor, system_name)
            if withdraw:
                publishing.withdraw(db, actor, system["id"], reason)
                click.echo(f"Withdrew the public record of ‘{system['name']}’; its history is kept")
                return
            choice = publishing.Choice(fields, atrs, datasets, summary)
            publication_id = publishing.publish(db, actor, system["id"], choice)
        except Invalid as error:
            raise BadInput("\n".join(error.errors.values())) from None
        except (NotFound, Forbidden, Conflict) as error:
            raise BadInput(str(error)) from None
        found = pages.published(db, publication_id)
    address = pages.public_address(found)
    click.echo(f"Published version {found['number']} of ‘{system['name']}’ at {address}")
