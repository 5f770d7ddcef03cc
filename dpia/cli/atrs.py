"""Commands for ATRS (Algorithmic Transparency Recording Standard) records."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from dpia.actor import command_line
from dpia.cli.common import BadInput, database, system_named
from dpia.errors import Invalid, NotFound
from dpia.services.atrs import exports


@click.group("atrs")
def atrs() -> None:
    """Export a system's ATRS record, as published: withheld text is never in it.

    Example: dpia atrs export HART --format xlsx --out HART-atrs.xlsx
    """


@atrs.command("export")
@click.argument("system_name", metavar="SYSTEM")
@click.option(
    "--format", "form", required=True, type=click.Choice(sorted(exports.FORMATS)), help="File type."
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="The file to write (JSON: else printed)."
)
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@with_appcontext
def export_command(system_name: str, form: str, out: Path | None, force: bool) -> None:
    """Write SYSTEM's ATRS record in the template's spreadsheet layout (xlsx) or as JSON; audited.

    SYSTEM is the system's id or its name as in the register (any case). JSON without --out is printed;
    an .xlsx needs --out. Exits 2 for an unknown system, a missing --out or a file that exists without
    --force.

    Example: dpia atrs export HART --format json --out HART-atrs.json
    """
    if out is None and form == "xlsx":
        raise BadInput("An .xlsx file cannot be printed: add --out FILE")
    if out is not None and out.exists() and not force:
        raise BadInput(f"{out} already exists: choose another name or add --force")
    actor = command_line("dpia atrs export")
    with database() as db:
        try:
            system = system_named(db, actor, system_name)
            made = exports.export(db, actor, system["id"], form)
        except (NotFound, Invalid) as error:
            raise BadInput(str(error)) from None
    if out is None:
        click.echo(made.content.decode())
        return
    try:
        out.write_bytes(made.content)
    except OSError as error:
        raise BadInput(f"Cannot write {out}: {error.strerror}") from None
    click.echo(f"Wrote the ATRS record of ‘{system['name']}’ to {out}")
