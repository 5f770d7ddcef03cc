"""Commands to create, list and revoke API tokens."""

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from dpia.actor import command_line
from dpia.cli.common import database, friendly_errors
from dpia.services.accounts import tokens
from dpia.services.accounts import users as accounts


@click.group("token")
def token() -> None:
    """Create, list and revoke API tokens.

    Example: dpia token create case-system@force.police.uk --name "Case management sync"
    """


@token.command("create")
@click.argument("email")
@click.option("--name", default="Command line", show_default=True, help="What the token is for.")
@with_appcontext
def create(email: str, name: str) -> None:
    """Create an API token for an account and print it once: it is stored only as a hash.

    Example: dpia token create jo.bloggs@force.police.uk --name "Nightly export"
    """
    with database() as db, friendly_errors():
        token_id, secret = tokens.create_for_email(db, command_line("dpia token create"), email, name)
    click.echo(f"Created API token {token_id} ‘{name}’ for {email.strip().lower()}.")
    click.echo("Copy it now: it is shown only this once.")
    click.echo(secret)


@token.command("list")
@click.argument("email")
@with_appcontext
def list_tokens(email: str) -> None:
    """List an account's API tokens (never the tokens themselves).

    Example: dpia token list jo.bloggs@force.police.uk
    """
    actor = command_line("dpia token list")
    with database() as db, friendly_errors():
        owner = next((u for u in accounts.users(db, actor) if u["email"] == email.strip().lower()), None)
        if owner is None:
            raise click.ClickException(f"No account for {email}")
        found = tokens.listing(db, actor, owner["id"])
    if not found:
        click.echo(f"{owner['email']} has no API tokens.")
    for entry in found:
        state = "revoked" if entry["revoked_at"] else f"last used {_stamp(entry['last_used_at'])}"
        click.echo(f"{entry['id']:>5}  {entry['prefix']}…  {entry['name']}  ({state})")


@token.command("revoke")
@click.argument("token_id", type=click.IntRange(min=1))
@with_appcontext
def revoke(token_id: int) -> None:
    """Revoke an API token by its id (see dpia token list); it stops working at once.

    Example: dpia token revoke 12
    """
    with database() as db, friendly_errors():
        found = tokens.revoke(db, command_line("dpia token revoke"), token_id)
    click.echo(f"Revoked API token {token_id} ‘{found['name']}’.")


def _stamp(stored: str | None) -> str:
    if not stored:
        return "never"
    return datetime.fromisoformat(stored).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
