"""Helpers shared by commands: the database, and turning service errors into CLI errors."""

import contextlib
from collections.abc import Iterator

import click
from flask import current_app

from dpia.errors import Conflict, Forbidden, Invalid, NotFound
from dpia.services.accounts import users as accounts
from dpia.store.db import Database, connect


def policy() -> accounts.Policy:
    """Sign-in and password rules from the app's configuration."""
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
