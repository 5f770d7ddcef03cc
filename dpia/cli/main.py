"""The console script: a Flask command group that creates the app from the instance folder."""

import click
from flask.cli import FlaskGroup

from dpia.app import create_app


@click.group(
    cls=FlaskGroup,
    create_app=create_app,
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
