"""Importing assessments in batches from the command line."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from dpia import kinds
from dpia.actor import command_line
from dpia.cli.common import database
from dpia.errors import Refused, ServiceError
from dpia.services.assessments import imports
from dpia.services.assessments.attachments import Storage


def _storage() -> Storage:
    return Storage(
        instance=Path(current_app.instance_path),
        max_bytes=int(current_app.config["ATTACHMENT_MAX_MB"]) * 1024 * 1024,
    )


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--system", "system_name", required=True, help="Name of the system the assessments are of.")
@click.option(
    "--kind",
    type=click.Choice([k.key for k in kinds.kinds()]),
    default=None,
    help="Kind of assessment; by default worked out from each file's content.",
)
@with_appcontext
def import_command(files: tuple[Path, ...], system_name: str, kind: str | None) -> None:
    """Import Word documents (.docx), CNIL PIA exports or dpia JSON exports as new drafts of a system.

    Each file is checked, read and imported on its own, taking every suggested destination (no preview):
    text that matches nothing is kept as 'not yet placed' on the draft, and the original file is attached.
    A refused file changes nothing and does not stop the others; the command exits 1 if any was refused.

    Example: dpia import old/hart-dpia.docx old/hart-eqia.docx --system HART
    """
    storage = _storage()
    actor = command_line("dpia import")
    imported = refused = 0
    with database() as db:
        try:
            system = imports.find_system(db, actor, system_name)
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
        for path in files:
            try:
                data = _read(path, storage.max_bytes)
                summary = imports.import_file(db, actor, storage, system["id"], path.name, data, kind or "")
            except ServiceError as error:
                refused += 1
                click.echo(f"{path}: refused: {error}", err=True)
                continue
            imported += 1
            click.echo(
                f"{path}: imported as {summary.kind} {summary.reference}: {summary.placed} placed,"
                f" {summary.unplaced} not yet placed, {summary.left_out} left out (template wording, details)"
            )
    click.echo(f"{imported} imported, {refused} refused into ‘{system['name']}’.")
    if refused:
        raise SystemExit(1)


def _read(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, refusing before reading one larger than the limit."""
    if not path.is_file():
        raise Refused("no such file")
    if path.stat().st_size > max_bytes:
        raise Refused(f"the file is larger than {max_bytes // (1024 * 1024)} MB")
    return path.read_bytes()
