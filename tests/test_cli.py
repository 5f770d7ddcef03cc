"""The command line: init, demo, help text, and the README's command reference."""

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click import Group
from click.testing import CliRunner

from dpia.cli.commands import BY_NAME, COMMANDS
from dpia.cli.main import cli
from dpia.cli.register import server_address
from dpia.store import migrations

README = Path(__file__).resolve().parent.parent / "README.md"


def _commands(group: Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, Group):
            yield from _commands(command, f"{prefix}{name} ")


def test_init_creates_the_first_admin_once_and_reports_the_schema(runner, db):
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert f"Database schema version: {migrations.schema_version(db)}" in first.output
    assert migrations.pending(db) == []
    assert "password:" in first.output
    again = runner.invoke(args=["init"])
    assert again.exit_code == 0 and "password:" not in again.output
    assert db["users"].count == 1


def test_demo_loads_the_illustrative_register_and_running_it_twice_changes_nothing(runner, db):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    categories = {r[0] for r in db.execute("SELECT DISTINCT category FROM systems")}
    assert db["systems"].count >= 10
    assert {"crime_mapping", "individual_risk", "biometric"} <= categories
    assert db["users"].count == 5
    counts = (db["systems"].count, db["users"].count, db["system_history"].count, db["audit_log"].count)
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "already" in again.output
    assert (
        db["systems"].count,
        db["users"].count,
        db["system_history"].count,
        db["audit_log"].count,
    ) == counts


def test_every_command_has_help_with_an_example(app):
    for name, command in _commands(app.cli):
        assert command.help, name
        assert "Example" in command.help, name


def test_the_readme_documents_every_command(app):
    documented = set()
    for usage in re.findall(r"^\| `dpia ([^`]+)` \|", README.read_text(), re.M):
        words = []
        for token in usage.split():
            if not re.fullmatch(r"[a-z][a-z-]*", token):
                break
            words.append(token)
        documented.add(" ".join(words))
    actual = {name for name, command in _commands(app.cli) if not isinstance(command, Group)}
    assert documented == actual


def test_each_declared_summary_is_the_first_paragraph_of_its_commands_help(app):
    """`dpia --help` shows declared summaries without importing the commands: they must not drift apart."""
    assert set(app.cli.commands) == set(BY_NAME)
    for declared in COMMANDS:
        command = app.cli.commands[declared.name]
        assert command is declared.load() and command.name == declared.name
        assert " ".join(command.help.split("\n\n")[0].split()) == declared.summary, declared.name


def test_dpia_help_reads_as_click_would_write_it_with_every_command_imported(app):
    eager = click.Group("dpia", help=cli.help, commands=app.cli.commands)
    expected = CliRunner().invoke(eager, ["--help"], prog_name="dpia", terminal_width=80)
    shown = CliRunner().invoke(cli, ["--help"], prog_name="dpia", terminal_width=80)
    assert shown.exit_code == 0
    assert shown.output == expected.output
    assert "\n  serve        Serve the register: waitress in one process" in shown.output


def test_init_prints_no_port_of_its_own(runner):
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert ":5000" not in first.output and "dpia serve" in first.output


@pytest.mark.parametrize(
    "host, port, address",
    [
        ("127.0.0.1", 8080, "http://127.0.0.1:8080"),
        ("0.0.0.0", 5001, "http://127.0.0.1:5001"),
        ("::", 8000, "http://[::1]:8000"),
        ("dpia.example.police.uk", 443, "http://dpia.example.police.uk:443"),
    ],
)
def test_the_address_printed_is_where_the_server_listens(host, port, address):
    assert server_address(host, port) == address


def test_serve_prints_the_sign_in_address_on_its_real_port(instance):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DPIA_INSTANCE": str(instance), "PYTHONPATH": str(README.parent)}
    command = [sys.executable, "-c", "from dpia.cli.main import main; main()", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
    assert f"Sign in at http://127.0.0.1:{port}/sign-in" in first
