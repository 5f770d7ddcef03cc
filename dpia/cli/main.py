"""The console script: lists commands from their declarations, and builds the app only to run one."""

import gc

import click
from click.formatting import HelpFormatter

from dpia.cli.commands import BY_NAME


class Commands(click.Group):
    """A group that imports a command, and the app it runs in, only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, alphabetically, as click lists them."""
        return sorted(BY_NAME)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The named command, its module imported now; the app it needs is made when it runs."""
        declared = BY_NAME.get(cmd_name)
        if declared is None:
            return None
        if ctx.obj is None:
            from flask.cli import ScriptInfo

            from dpia.app import create_app

            # What Flask's `with_appcontext` builds the app from: pages only for the command serving them.
            ctx.obj = ScriptInfo(create_app=lambda: create_app(pages=declared.pages))
        command = declared.load()
        # What is imported by now lives until the process ends: set aside from the garbage collector, it is
        # not walked again by each collection, nor by the collections at exit (50 ms of a short command).
        gc.freeze()
        return command

    def format_commands(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        """The command list of `dpia --help`, from the declared summaries, as click would write it."""
        limit = formatter.width - 6 - max(len(name) for name in BY_NAME)
        # A stand-in holding only the summary shortens it exactly as the real command would be.
        stand_ins = (click.Command(name, help=BY_NAME[name].summary) for name in self.list_commands(ctx))
        rows = [(command.name, command.get_short_help_str(limit)) for command in stand_ins]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=Commands)
def cli() -> None:
    """dpia: the impact-assessment register.

    The instance folder (database, search index, config.py) is ./instance, or the folder named by
    the DPIA_INSTANCE environment variable.

    Example: dpia init && dpia demo && dpia serve
    """


def main() -> None:
    """Entry point of the console script."""
    cli.main(prog_name="dpia")
