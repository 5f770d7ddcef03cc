"""Commands to back the instance up while it runs, and to restore a backup into an empty instance."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from dpia import search
from dpia.cli.common import BadInput, database, output_file
from dpia.errors import Invalid
from dpia.services.accounts import backup as backups


def _instance() -> backups.Instance:
    return backups.Instance(
        folder=Path(current_app.instance_path), database=Path(current_app.config["DATABASE"])
    )


@click.command("backup")
@output_file("The archive to write (.tar.gz), readable only by its owner.")
@with_appcontext
def backup_command(out: Path, force: bool) -> None:
    """Back up the database, instance/config.py and uploaded files to one archive, while the server runs.

    The database is copied consistently through SQLite's backup API; the search index is not included
    because `dpia restore` rebuilds it. The archive holds the secret key: keep it as safe as the server.

    Example: dpia backup --out /var/backups/dpia/dpia-$(date +%F).tar.gz
    """
    try:
        made = backups.backup(_instance(), out, replace=force)
    except Invalid as error:
        raise BadInput(error.errors["backup"]) from None
    click.echo(f"Backed up the database and {made['files']} files to {out}")


@click.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Overwrite an instance that already holds accounts, systems, assessments or files.",
)
@with_appcontext
def restore_command(archive: Path, replace: bool) -> None:
    """Restore an archive made by `dpia backup` into an empty instance, then rebuild the search index.

    Stop the server first. An instance already in use is refused unless --replace is given. Check the result
    with `dpia doctor` and `dpia audit verify`.

    Example: DPIA_INSTANCE=/srv/dpia/instance dpia restore dpia-2026-01-31.tar.gz
    """
    try:
        restored = backups.restore(archive, _instance(), replace=replace)
    except Invalid as error:
        raise BadInput(error.errors["backup"]) from None
    with database() as db:
        try:
            count = current_app.extensions["dpia.search"].rebuild(db)
        except search.LockTimeout as error:
            raise click.ClickException(f"Restored, but {error}: run dpia reindex") from None
    click.echo(
        f"Restored the backup of {restored['created_at']} ({restored['files']} files) into "
        f"{current_app.instance_path}; indexed {count} documents"
    )
