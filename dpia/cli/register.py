"""Commands to set up an instance, serve it, and load demonstration data."""

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from dpia import demo
from dpia.actor import command_line
from dpia.cli.common import database, friendly_errors, policy
from dpia.demo import foi as demo_foi
from dpia.demo import monitoring as demo_monitoring
from dpia.services.accounts import users as accounts
from dpia.store import migrations


@click.command("init")
@click.option(
    "--admin-email",
    default="admin@localhost.test",
    show_default=True,
    help="Email address of the first administrator, created only if there are no accounts.",
)
@with_appcontext
def init_command(admin_email: str) -> None:
    """Create or upgrade the database, and the first administrator on an empty instance.

    Safe to run again: it applies only pending migrations and never changes existing accounts.

    Example: dpia init --admin-email dpo@force.police.uk
    """
    with database() as db, friendly_errors():
        applied = migrations.apply(db)
        click.echo(f"Instance folder: {current_app.instance_path}")
        click.echo(
            f"Database schema version: {migrations.schema_version(db)}"
            + (f" (applied now: {', '.join(applied)})" if applied else " (up to date)")
        )
        if accounts.has_accounts(db):
            return
        password = demo.new_password()
        accounts.create_user(
            db,
            command_line("dpia init"),
            admin_email,
            ["admin"],
            password,
            policy(),
            name="First administrator",
        )
        click.echo("")
        # The port is chosen when serving, so `dpia serve` prints where to sign in.
        click.echo("Created the first administrator. Sign in, at the address `dpia serve` prints, with:")
        click.echo(f"  email:    {admin_email}")
        click.echo(f"  password: {password}")
        click.echo("This password is shown only once. Change it after signing in.")


def server_address(host: str, port: int) -> str:
    """Where a browser on this machine reaches a server listening on host and port."""
    # Listening on every interface: this machine reaches it on loopback.
    shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option(
    "--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Threads in each process."
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 32),
    help="Web processes. 1 serves with waitress in this process; more (Linux) run gunicorn workers "
    "and one search indexer process beside them. About one per CPU core.",
)
@with_appcontext
def serve_command(host: str, port: int, threads: int, workers: int) -> None:
    """Serve the register: waitress in one process, or gunicorn with several worker processes.

    With --workers 2 or more, the workers only read the search index and one indexer process beside
    them (started, restarted and stopped with the server) applies every worker's saves. Sessions,
    sign-in throttling and API rate limits are kept in the database, so any worker may answer any request.

    Example: dpia serve --host 0.0.0.0 --port 8080 --workers 2
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if workers > 1:
        from dpia.cli import serving

        reason = serving.unavailable()
        if reason is None:
            click.echo(f"Serving dpia at http://{host}:{port}/ with {workers} workers (Ctrl+C to stop)")
            serving.serve(app, host, port, workers, threads)
            return
        click.echo(f"{reason}: serving with waitress in one process instead.", err=True)
    address = server_address(host, port)
    click.echo(f"Serving dpia at {address}/ (press Ctrl+C to stop). Sign in at {address}/sign-in")
    serve_in_one_process(app, host, port, threads)


def serve_in_one_process(app: Flask, host: str, port: int, threads: int) -> None:
    """Serve an app with waitress until stopped: the staff register, or the public pages alone."""
    import waitress

    waitress.serve(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="dpia",
        clear_untrusted_proxy_headers=True,
        # poll(), not select(): select() fails outright once a descriptor passes 1024.
        asyncore_use_poll=True,
    )


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo systems, one demo account per role, synthetic monitoring data and public records.

    Running it again changes nothing. Demo account passwords are printed only when created.

    Example: dpia demo
    """
    # Publishing builds Word documents: imported here, so `dpia serve` does not load python-docx.
    from dpia.demo import publications as demo_publications

    actor = command_line("dpia demo")
    with database() as db, friendly_errors():
        migrations.apply(db)
        added = demo.load_systems(db, actor)
        references = demo.load_assessments(db, actor)
        requests = demo_foi.load_requests(db, actor)
        created = demo.load_users(db, actor, policy())
        datasets = demo_monitoring.load(db, actor)
        published = demo_publications.load(db, actor)
    click.echo(
        f"Demo systems added: {len(added)}" + (f" ({', '.join(added)})" if added else " (already loaded)")
    )
    click.echo(
        f"Demo assessments added: {len(references)}"
        + (f" ({', '.join(references)})" if references else " (already loaded)")
    )
    click.echo(
        f"Synthetic monitoring datasets added: {len(datasets)}" + ("" if datasets else " (already loaded)")
    )
    click.echo(
        f"Demo public records published: {len(published)}"
        + (f" ({', '.join(published)})" if published else " (already published)")
    )
    click.echo(
        f"Demo FOI requests added: {len(requests)}"
        + (f" ({', '.join(requests)})" if requests else " (already loaded)")
    )
    if created:
        click.echo("Demo accounts, one per role (passwords shown only this once):")
        for email, password in created.items():
            click.echo(f"  {email:32} {password}")
    else:
        click.echo("Demo accounts already exist; their passwords were shown when they were created.")
