"""The `dpia` command: thin click wrappers over the use cases."""

import click
from flask import Flask
from flask.cli import FlaskGroup


def register_commands(app: Flask) -> None:
    """Attach every command group to the app's CLI."""
    from dpia.cli import audit, exports, imports, monitoring, register, search, tokens, users

    groups = (register, users, audit, monitoring, search, exports, tokens, imports)
    for command in (c for group in groups for c in group.COMMANDS):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from dpia import create_app

    return create_app()


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
)
def cli() -> None:
    """dpia: the impact-assessment register.

    The instance folder (database, search index, config.py) is ./instance, or the folder named by
    the DPIA_INSTANCE environment variable.

    Example: dpia init && dpia demo && dpia serve
    """


def main() -> None:
    """Entry point of the console script."""
    cli.main(prog_name="dpia")
