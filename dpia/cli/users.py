"""Commands to manage accounts from the server's shell."""

import sys
from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from dpia.actor import command_line
from dpia.cli.common import database, friendly_errors, policy
from dpia.services.accounts import users as accounts
from dpia.vocab import ROLE_NAMES

ROLES_HELP = f"A role to give: one of {', '.join(ROLE_NAMES)}. Repeat for several roles."
STDIN_HELP = "Read the password from the first line of standard input instead of prompting."


def _password(from_stdin: bool) -> str:
    if from_stdin:
        # One line, so `echo "$PASSWORD" | dpia user add ...` works and nothing is echoed.
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("No password on standard input: pipe one line holding the password")
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _status(account: dict) -> str:
    if account["disabled"]:
        return "disabled"
    locked = account["locked_until"]
    if locked and datetime.fromisoformat(locked) > datetime.now(UTC):
        return f"locked until {_stamp(locked)}"
    return "active"


def _stamp(stored: str | None) -> str:
    if not stored:
        return "never"
    return datetime.fromisoformat(stored).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@click.group("user")
def user() -> None:
    """Manage accounts: add, list, disable, enable, reset passwords.

    Every change is recorded in the audit trail as done by the command line.

    Example: dpia user add dpo@force.police.uk --role approver --role reader
    """


@user.command("add")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True, help=ROLES_HELP)
@click.option("--name", default="", help="The person's full name.")
@click.option("--password-stdin", is_flag=True, help=STDIN_HELP)
@with_appcontext
def add(email: str, roles: tuple[str, ...], name: str, password_stdin: bool) -> None:
    """Add an account with one or more roles.

    Without --password-stdin the password is asked for twice and not shown.

    Example: dpia user add jo.bloggs@force.police.uk --role editor --name "Jo Bloggs"
    """
    password = _password(password_stdin)
    actor = command_line("dpia user add")
    with database() as db, friendly_errors():
        accounts.create_user(db, actor, email, list(roles), password, policy(), name=name)
    click.echo(f"Added {email.strip().lower()} with roles: {', '.join(sorted(set(roles)))}")


@user.command("list")
@with_appcontext
def list_users() -> None:
    """List every account with its roles, status and last sign-in (UTC).

    Example: dpia user list
    """
    with database() as db, friendly_errors():
        found = accounts.users(db, command_line("dpia user list"))
    if not found:
        click.echo("No accounts yet. Add one with: dpia user add EMAIL --role admin")
        return
    table = [("EMAIL", "ROLES", "STATUS", "LAST SIGN-IN")]
    table += [(a["email"], ",".join(a["roles"]), _status(a), _stamp(a["last_sign_in_at"])) for a in found]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in table:
        padded = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        click.echo("  ".join([*padded, row[3]]))


@user.command("disable")
@click.argument("email")
@with_appcontext
def disable(email: str) -> None:
    """Disable an account: its owner is signed out everywhere and cannot sign in.

    Example: dpia user disable jo.bloggs@force.police.uk
    """
    with database() as db, friendly_errors():
        target = accounts.set_disabled(db, command_line("dpia user disable"), email, True)
    click.echo(f"Disabled {target['email']}" + (" (it was already disabled)" if target["disabled"] else ""))


@user.command("enable")
@click.argument("email")
@with_appcontext
def enable(email: str) -> None:
    """Enable a disabled account so its owner can sign in again.

    Example: dpia user enable jo.bloggs@force.police.uk
    """
    with database() as db, friendly_errors():
        target = accounts.set_disabled(db, command_line("dpia user enable"), email, False)
    click.echo(f"Enabled {target['email']}" + ("" if target["disabled"] else " (it was already enabled)"))


@user.command("reset-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help=STDIN_HELP)
@with_appcontext
def reset_password(email: str, password_stdin: bool) -> None:
    """Set a new password for an account, ending its sessions, revoking its API tokens and lifting any lock.

    Example: dpia user reset-password jo.bloggs@force.police.uk
    """
    actor = command_line("dpia user reset-password")
    with database() as db, friendly_errors():
        # Refuse an unknown account before asking for a password nobody will use.
        if not any(a["email"] == email.strip().lower() for a in accounts.users(db, actor)):
            raise click.ClickException(f"No account for {email}")
        password = _password(password_stdin)
        accounts.reset_password(db, actor, email, password, policy())
    click.echo(f"Reset the password of {email.strip().lower()}")
