"""`dpia public`: the public transparency pages in a process of their own that can only read the database."""

from pathlib import Path

import click

from dpia import config


@click.command("public")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=5001, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Request threads.")
@click.option(
    "--database",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The register's database file; by default dpia.db in the instance folder.",
)
def public_command(host: str, port: int, threads: int, database: Path | None) -> None:
    """Serve only the public transparency pages, opening the database read-only.

    Nothing is written: no migrations, no search index, no sign-in or sessions. Run it as a user that may
    only read the database file, its folder and its -wal and -shm files, beside `dpia serve`, and send
    /transparency/ to it from the public web server.

    Example: dpia public --port 5001 --database /srv/dpia/instance/dpia.db
    """
    from dpia.app import create_public_app
    from dpia.cli.register import serve_in_one_process, server_address

    path = database or config.instance_path() / "dpia.db"
    if not path.is_file():
        raise click.ClickException(
            f"No database at {path}: run `dpia init` first, or name it with --database"
        )
    app = create_public_app(str(path))
    click.echo(f"Serving the public pages at {server_address(host, port)}/transparency/ (Ctrl+C to stop)")
    serve_in_one_process(app, host, port, threads)
