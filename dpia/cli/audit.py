"""Commands to check, anchor and export the audit trail."""

import json
import os
from pathlib import Path

import click
from flask.cli import with_appcontext

from dpia.actor import command_line
from dpia.cli.common import BadInput, database, friendly_errors, output_file
from dpia.errors import Invalid
from dpia.services.accounts import audit as trail


@click.group("audit")
def audit() -> None:
    """Check the audit trail's hash chain, or export it as CSV.

    Example: dpia audit verify
    """


def _read_anchor(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"No anchor file at {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"Cannot read the anchor {path}: {error}") from None
    try:
        return trail.read_anchor(text)
    except Invalid as error:
        raise BadInput(f"{path} {error.errors['anchor']}") from None


@audit.command("verify")
@click.option(
    "--anchor",
    "anchor_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A head written earlier by `dpia audit anchor`: also detect a recomputed chain or deleted tail.",
)
@with_appcontext
def verify(anchor_file: Path | None) -> None:
    """Check that no audit entry was changed, removed or reordered; exit 1 if the chain is broken.

    With --anchor, also check the anchored head is still there unchanged, which catches a chain rewritten
    and re-hashed from some entry on, and entries deleted from the end.

    Example: dpia audit verify --anchor /var/log/dpia/anchor.json || echo "tell the security team"
    """
    anchored = _read_anchor(anchor_file) if anchor_file else None
    with database() as db:
        broken = trail.verify_against(db, anchored) if anchored else trail.verify(db)
        size = trail.size(db)
    if broken:
        click.echo(f"Audit trail broken at entry {broken['id']}: {broken['problem']}", err=True)
        raise click.exceptions.Exit(1)
    against = f", matches the anchor of {anchored['at']}" if anchored else ""
    click.echo(f"Audit trail intact: {size} entries, chain verified{against}")


@audit.command("anchor")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the anchor to FILE (replacing it) instead of printing it.",
)
@with_appcontext
def anchor(out: Path | None) -> None:
    """Record the chain's head (entry count, last id and hash, time) to keep outside the database.

    Keep anchors where whoever can write the database cannot (an external log, another host); check
    against one with `dpia audit verify --anchor FILE`.

    Example: dpia audit anchor --out /var/log/dpia/anchor.json
    """
    with database() as db:
        head = trail.anchor(db)
    line = json.dumps(head, sort_keys=True)
    if out is None:
        click.echo(line)
        return
    try:
        # Written beside and renamed over, so a reader never sees half an anchor.
        partial = out.with_name(out.name + ".partial")
        partial.write_text(line + "\n", encoding="utf-8")
        os.replace(partial, out)
    except OSError as error:
        raise BadInput(f"Cannot write {out}: {error.strerror}") from None
    click.echo(f"Anchored the audit trail at entry {head['last_id']} ({head['entries']} entries) in {out}")


@audit.command("export")
@output_file("The CSV file to write.")
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
