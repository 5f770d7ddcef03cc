"""Commands to check and export the audit trail."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from dpia.actor import command_line
from dpia.cli.common import database, friendly_errors
from dpia.services.accounts import audit as trail


@click.group("audit")
def audit() -> None:
    """Check the audit trail's hash chain, or export it as CSV.

    Example: dpia audit verify
    """


@audit.command("verify")
@with_appcontext
def verify() -> None:
    """Check that no audit entry was changed, removed or reordered; exit 1 if the chain is broken.

    Example: dpia audit verify || echo "tell the security team"
    """
    with database() as db:
        broken = trail.verify(db)
        size = trail.size(db)
    if broken:
        click.echo(f"Audit trail broken at entry {broken['id']}: {broken['problem']}", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"Audit trail intact: {size} entries, chain verified")


@audit.command("export")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The CSV file to write.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@with_appcontext
def export(out: Path, force: bool) -> None:
    """Write the whole audit trail, oldest first, to a CSV file; the export itself is audited.

    Example: dpia audit export --out audit-trail.csv
    """
    try:
        # "x" refuses an existing file atomically, so two exports cannot overwrite each other.
        handle = out.open("w" if force else "x", encoding="utf-8", newline="")
    except FileExistsError:
        raise click.ClickException(f"{out} already exists: choose another name or add --force") from None
    except OSError as error:
        raise click.ClickException(f"Cannot write {out}: {error.strerror}") from None
    with handle, database() as db, friendly_errors():
        for chunk in trail.export_csv(db, command_line("dpia audit export"), {}):
            handle.write(chunk)
        size = trail.size(db)
    click.echo(f"Wrote the audit trail ({size} entries) to {out}")


COMMANDS = [audit]
