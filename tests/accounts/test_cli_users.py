"""The `dpia user` commands, and help text on every command."""

import click
import pytest

from dpia.services.accounts import users as accounts
from dpia.store import users as user_store
from tests.conftest import PASSWORD

NEW_PASSWORD = "purple elephant umbrella drawer"


def can_sign_in(db, email, password):
    try:
        accounts.sign_in(db, email, password, "127.0.0.1", accounts.Policy())
    except accounts.SignInRefused:
        return False
    return True


def test_user_add_reads_the_password_from_stdin(runner, db):
    result = runner.invoke(
        args=[
            "user",
            "add",
            "Jo@Example.org",
            "--role",
            "editor",
            "--role",
            "reader",
            "--name",
            "Jo Bloggs",
            "--password-stdin",
        ],
        input=NEW_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Added jo@example.org with roles: editor, reader" in result.output
    created = user_store.by_email(db, "jo@example.org")
    assert (created["name"], created["roles"]) == ("Jo Bloggs", ["editor", "reader"])
    assert can_sign_in(db, "jo@example.org", NEW_PASSWORD)
    entry = next(db.query("SELECT * FROM audit_log WHERE action = 'user.create'"))
    assert (entry["actor"], entry["address"]) == ("dpia user add", "cli")


def test_user_add_prompts_twice_without_stdin(runner, db):
    result = runner.invoke(
        args=["user", "add", "sam@example.org", "--role", "reader"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output
    assert can_sign_in(db, "sam@example.org", NEW_PASSWORD)


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["sam@example.org", "--role", "wizard"], NEW_PASSWORD, "Unknown role ‘wizard’: choose from admin"),
        (["not-an-email", "--role", "reader"], NEW_PASSWORD, "Enter an email address in the correct format"),
        (["sam@example.org", "--role", "reader"], "short", "Password must be 12 characters or more"),
        (["sam@example.org", "--role", "reader"], "", "No password on standard input"),
        (["sam@example.org"], NEW_PASSWORD, "Missing option '--role'"),
    ],
)
def test_user_add_refuses_bad_input_with_a_specific_message(runner, db, args, password, message):
    result = runner.invoke(args=["user", "add", *args, "--password-stdin"], input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert db["users"].count == 0


def test_user_add_refuses_an_email_already_taken(runner, make_user):
    make_user("reader", email="taken@example.org")
    result = runner.invoke(
        args=["user", "add", "taken@example.org", "--role", "reader", "--password-stdin"],
        input=NEW_PASSWORD + "\n",
    )
    assert result.exit_code == 1
    assert "An account for taken@example.org already exists" in result.output


def test_user_list_shows_every_account_with_roles_and_status(runner, make_user, db):
    make_user("admin", "editor", email="boss@example.org")
    leaver = make_user("reader", email="leaver@example.org")
    runner.invoke(args=["user", "disable", leaver])
    result = runner.invoke(args=["user", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["EMAIL", "ROLES", "STATUS", "LAST", "SIGN-IN"]
    assert lines[1].split() == ["boss@example.org", "admin,editor", "active", "never"]
    assert lines[2].split() == ["leaver@example.org", "reader", "disabled", "never"]


def test_user_list_on_an_empty_instance_says_how_to_add_one(runner):
    result = runner.invoke(args=["user", "list"])
    assert result.exit_code == 0
    assert "No accounts yet" in result.output


def test_user_disable_and_enable(runner, make_user, db):
    email = make_user("reader")
    disabled = runner.invoke(args=["user", "disable", email])
    assert disabled.exit_code == 0, disabled.output
    assert f"Disabled {email}" in disabled.output
    assert not can_sign_in(db, email, PASSWORD)
    enabled = runner.invoke(args=["user", "enable", email])
    assert enabled.exit_code == 0, enabled.output
    assert can_sign_in(db, email, PASSWORD)


@pytest.mark.parametrize("command", ["disable", "enable", "reset-password"])
def test_commands_on_an_unknown_account_say_so(runner, command):
    result = runner.invoke(
        args=[
            "user",
            command,
            "nobody@example.org",
            *(["--password-stdin"] if command == "reset-password" else []),
        ],
        input=NEW_PASSWORD + "\n",
    )
    assert result.exit_code == 1
    assert "No account for nobody@example.org" in result.output


def test_user_reset_password(runner, make_user, db):
    email = make_user("reader")
    result = runner.invoke(
        args=["user", "reset-password", email, "--password-stdin"], input=f"{NEW_PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert not can_sign_in(db, email, PASSWORD)
    assert can_sign_in(db, email, NEW_PASSWORD)


def test_user_reset_password_refuses_a_weak_password(runner, make_user, db):
    email = make_user("reader")
    result = runner.invoke(args=["user", "reset-password", email, "--password-stdin"], input="password1234\n")
    assert result.exit_code == 1
    assert "Password is too common" in result.output
    assert can_sign_in(db, email, PASSWORD)


def walk(group, path=()):
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from walk(command, (*path, name))


def test_every_command_and_group_has_help_with_an_example(app, runner):
    found = dict(walk(app.cli))
    assert {
        ("user",),
        ("user", "add"),
        ("user", "list"),
        ("user", "disable"),
        ("user", "enable"),
        ("user", "reset-password"),
        ("audit",),
        ("audit", "verify"),
        ("audit", "export"),
    } <= set(found)
    for path in found:
        result = runner.invoke(args=[*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example" in result.output, f"dpia {' '.join(path)} --help has no example"
