"""Commands to import, list and export monitoring data."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from dpia.actor import command_line
from dpia.cli.common import database, friendly_errors, output_file
from dpia.services.monitoring import datasets as use_cases
from dpia.services.monitoring.tables import MAX_BYTES
from dpia.services.monitoring.vocab import BREAKDOWNS, GRANULARITIES, MEASURES


@click.group("monitoring")
def monitoring() -> None:
    """Import monitoring data from CSV, list it, and export it with or without small numbers suppressed.

    Example: dpia monitoring list --system HART
    """


@monitoring.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--system", "system_name", required=True, help="The system's name, as in the register.")
@click.option("--title", required=True, help="What the figures are; no names or identifiers of people.")
@click.option(
    "--measure", required=True, type=click.Choice([m.value for m in MEASURES]), help="What is counted."
)
@click.option(
    "--period", required=True, type=click.Choice([g.value for g in GRANULARITIES]), help="Period length."
)
@click.option(
    "--breakdown", required=True, type=click.Choice([b.value for b in BREAKDOWNS]), help="Split by."
)
@click.option("--source", required=True, help="Where the counts come from (a system or team).")
@click.option("--notes", default="", help="Anything a reader needs to interpret the figures.")
@click.option("--synthetic", is_flag=True, help="Label the figures as synthetic (made up).")
@with_appcontext
def import_command(file: Path, system_name: str, period: str, **details) -> None:
    """Add a dataset from a CSV file in the template format; the whole file is refused if any row is wrong.

    Example: dpia monitoring import arrests.csv --system HART --title "Arrests by age band" --measure arrests
    --period quarter --breakdown age_band --source "Custody records"
    """
    with file.open("rb") as handle:
        content = handle.read(MAX_BYTES + 1)
    actor = command_line("dpia monitoring import")
    with database() as db, friendly_errors():
        system_id = use_cases.find_system(db, actor, system_name)
        dataset_id = use_cases.create(db, actor, system_id, {**details, "granularity": period}, content)
    click.echo(f"Added dataset {dataset_id}: {details['title']}")


@monitoring.command("list")
@click.option("--system", "system_name", default=None, help="Only this system's datasets.")
@with_appcontext
def list_command(system_name: str | None) -> None:
    """List monitoring datasets with their ids.

    Example: dpia monitoring list --system "Live Facial Recognition"
    """
    actor = command_line("dpia monitoring list")
    with database() as db, friendly_errors():
        if system_name:
            found = use_cases.datasets_for_system(db, actor, use_cases.find_system(db, actor, system_name))
            found = [{**d, "system_name": system_name} for d in found]
        else:
            found = use_cases.listing(db, actor)
    if not found:
        click.echo("No monitoring data yet. Add some with: dpia monitoring import FILE --system NAME ...")
    for dataset in found:
        synthetic = " [synthetic]" if dataset["synthetic"] else ""
        click.echo(f"{dataset['id']:>5}  {dataset['system_name']}: {dataset['title']}{synthetic}")


@monitoring.command("export")
@click.argument("dataset_id", type=int)
@output_file("The CSV file to write.")
@click.option(
    "--internal", is_flag=True, help="True counts, not for release (default: small numbers suppressed)."
)
@with_appcontext
def export_command(dataset_id: int, out: Path, internal: bool, force: bool) -> None:
    """Write a dataset as CSV: suppressed for release, or with --internal the true counts; audited.

    Example: dpia monitoring export 3 --out hart-arrests-released.csv
    """
    actor = command_line("dpia monitoring export")
    try:
        # Open first: an export that cannot be written must not be recorded as made.
        handle = out.open("wb" if force else "xb")
    except FileExistsError:
        raise click.ClickException(f"{out} already exists: choose another name or add --force") from None
    except OSError as error:
        raise click.ClickException(f"Cannot write {out}: {error.strerror}") from None
    with handle, database() as db, friendly_errors():
        export = use_cases.internal_csv if internal else use_cases.disclosure_csv
        _, content = export(db, actor, dataset_id)
        handle.write(content)
    kind = "true counts (not for release)" if internal else "small numbers suppressed"
    click.echo(f"Wrote dataset {dataset_id} ({kind}) to {out}")
