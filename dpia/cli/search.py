"""Commands for the search index: rebuild it, check it against the database, keep it current."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from dpia import search
from dpia.cli.common import database
from dpia.services.search import indexing
from dpia.store import search_queue


def _index() -> search.SearchIndex:
    return current_app.extensions["dpia.search"]


@click.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the search index from the database, showing progress.

    The new index is built beside the old one and replaces it in one step: search keeps answering from
    the old index until then. Changes saved meanwhile are applied right after.

    Example: dpia reindex
    """
    with database() as db:
        total = search_queue.counts(db)["versions"]
        started = time.monotonic()
        with click.progressbar(length=total, label="Indexing assessment versions") as bar:
            try:
                count = _index().rebuild(db, progress=bar.update)
            except search.LockTimeout as error:
                raise click.ClickException(f"{error}. Try again when it has finished.") from None
    click.echo(f"Indexed {count} documents in {time.monotonic() - started:.1f} s.")


@click.command("doctor")
@with_appcontext
def doctor_command() -> None:
    """Compare the search index with the database and report any drift; exit 1 if they differ.

    Reports documents missing from the index, in the index but not the database, or out of date, and how
    many changes wait in the queue. Fix drift with `dpia reindex`.

    Example: dpia doctor
    """
    with database() as db:
        try:
            drift = indexing.compare(db, _index())
        except search.IndexUnavailable as error:
            raise click.ClickException(f"The search index is unusable: {error}. Run: dpia reindex") from None
    click.echo(f"Database: {drift.counts['systems']} systems, {drift.counts['versions']} assessment versions")
    click.echo(f"Queued changes waiting for the indexer: {drift.queued}")
    for label, ids in (
        ("Missing from the index", drift.missing),
        ("In the index but not in the database", drift.extra),
        ("Out of date in the index", drift.stale),
        ("Names missing from the name index", drift.names_missing),
        ("Names in the name index but not in the database", drift.names_extra),
    ):
        shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
        click.echo(f"{label}: {len(ids)}" + (f" ({shown})" if ids else ""))
    if drift.ok:
        click.echo("The search index matches the database.")
    else:
        click.echo("The search index has drifted from the database. Run: dpia reindex")
        raise SystemExit(1)


@click.command("indexer")
@with_appcontext
def indexer_command() -> None:
    """Keep the search index current in the foreground, until stopped with Ctrl+C.

    For deployments with several web processes: set SEARCH_INDEXER = "off" in instance/config.py and run
    one of these beside them. It rebuilds a missing or unreadable index first.

    Example: dpia indexer
    """
    index = _index()
    click.echo(f"Indexing changes into {index.folder} (press Ctrl+C to stop)")
    try:
        index.run()
    except KeyboardInterrupt:
        click.echo("Stopped.")
