"""Helpers shared by commands: the database, and turning service errors into CLI errors."""

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import current_app

from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.store.db import Database, connect

if TYPE_CHECKING:
    from dpia.actor import Actor
    from dpia.records import System
    from dpia.services.accounts.users import Policy


class BadInput(click.ClickException):
    """A missing, unreadable or unsuitable file or instance: exit 2, told apart from a finding (exit 1)."""

    exit_code = 2


def policy() -> "Policy":
    """Sign-in and password rules from the app's configuration."""
    # Imported here: every command imports this module, and most have nothing to do with accounts.
    from dpia.services.accounts import users as accounts

    return accounts.policy_from(current_app.config)


@contextlib.contextmanager
def database() -> Iterator[Database]:
    """The instance's database for one command."""
    db = connect(current_app.config["DATABASE"])
    try:
        yield db
    finally:
        db.close()


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """Report a use case's refusal as a clear message and a non-zero exit."""
    try:
        yield
    except Invalid as error:
        raise click.ClickException("\n".join(error.errors.values())) from None
    except (NotFound, Forbidden, Conflict) as error:
        raise click.ClickException(str(error)) from None


def output_file(what: str) -> Callable:
    """The `--out FILE` (described by `what`) and `--force` options of a command that writes a file."""

    def options(command: Callable) -> Callable:
        command = click.option("--force", is_flag=True, help="Replace FILE if it already exists.")(command)
        path = click.Path(dir_okay=False, path_type=Path)
        return click.option("--out", "out", required=True, type=path, help=what)(command)

    return options


def system_named(db: Database, actor: "Actor", text: str) -> "System":
    """A system by its id or by its name (any case), as commands taking SYSTEM accept it."""
    from dpia.services import systems

    if text.isascii() and text.isdigit() and len(text) < 18:
        try:
            return systems.get(db, actor, int(text))
        except NotFound:
            pass  # a system may be named with digits only
    return systems.find(db, actor, text)
