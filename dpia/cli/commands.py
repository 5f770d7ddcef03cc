"""Every command group of the `dpia` command, attached to an app's CLI."""

from flask import Flask

from dpia.cli import (
    audit,
    backup,
    compliance,
    exports,
    imports,
    monitoring,
    register,
    reminders,
    search,
    tokens,
    users,
    withholding,
)

GROUPS = (
    register,
    users,
    audit,
    backup,
    monitoring,
    search,
    exports,
    withholding,
    tokens,
    imports,
    reminders,
    compliance,
)


def register_commands(app: Flask) -> None:
    """Attach every command group to the app's CLI."""
    for command in (c for group in GROUPS for c in group.COMMANDS):
        app.cli.add_command(command)
