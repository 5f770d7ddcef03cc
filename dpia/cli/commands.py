"""Every command of `dpia`, declared as data, so listing them imports none of them.

A command's module imports the use cases it wraps, and they import Whoosh, python-docx and the rest: `dpia
--help` reads the names and summaries below instead, and running a command imports only its own module.
"""

import importlib
from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Declared:
    """One `dpia` command: its name, where it is defined, and the summary `dpia --help` shows."""

    name: str
    # "module:attribute" inside dpia.cli.
    target: str
    # The first paragraph of the command's help; tests/test_cli.py keeps the two the same.
    summary: str
    # Only the web server needs the app's pages, and building them imports every view.
    pages: bool = False

    def load(self) -> click.Command:
        """The command itself, importing its module."""
        module, attribute = self.target.split(":")
        return getattr(importlib.import_module(f"dpia.cli.{module}"), attribute)


COMMANDS = (
    Declared(
        "init",
        "register:init_command",
        "Create or upgrade the database, and the first administrator on an empty instance.",
    ),
    Declared(
        "serve",
        "register:serve_command",
        "Serve the register: waitress in one process, or gunicorn with several worker processes.",
        pages=True,
    ),
    Declared(
        "public",
        "transparency:public_command",
        "Serve only the public transparency pages, opening the database read-only.",
    ),
    Declared(
        "demo",
        "register:demo_command",
        "Load the demo systems, one demo account per role, synthetic monitoring data and public records.",
    ),
    Declared("user", "users:user", "Manage accounts: add, list, disable, enable, reset passwords."),
    Declared("audit", "audit:audit", "Check the audit trail's hash chain, or export it as CSV."),
    Declared(
        "backup",
        "backup:backup_command",
        "Back up the database, instance/config.py and uploaded files to one archive, while the server runs.",
    ),
    Declared(
        "restore",
        "backup:restore_command",
        "Restore an archive made by `dpia backup` into an empty instance, then rebuild the search index.",
    ),
    Declared(
        "monitoring",
        "monitoring:monitoring",
        "Import monitoring data from CSV, list it, and export it with or without small numbers suppressed.",
    ),
    Declared(
        "reindex", "search:reindex_command", "Rebuild the search index from the database, showing progress."
    ),
    Declared(
        "doctor",
        "search:doctor_command",
        "Compare the search index with the database and report any drift; exit 1 if they differ.",
    ),
    Declared(
        "indexer",
        "search:indexer_command",
        "Keep the search index current in the foreground, until stopped with Ctrl+C.",
    ),
    Declared(
        "export",
        "exports:export_command",
        "Export an assessment version as a Word document, or with --pdf as a PDF.",
    ),
    Declared(
        "pack",
        "exports:pack_command",
        "Make the response pack of an FOI request and record it in the disclosure log.",
    ),
    Declared(
        "response",
        "exports:response_command",
        "Write the response letter of an FOI request as a Word document, answering each question in order.",
    ),
    Declared(
        "disclose", "exports:disclose_group", "Check what a response pack will withhold before making it."
    ),
    Declared(
        "holidays",
        "exports:holidays_group",
        "List the bank holidays FOI deadlines skip, or import newer ones from gov.uk.",
    ),
    Declared(
        "disclosures",
        "exports:disclosures_group",
        "Export the disclosure log: every disclosure copy and response pack released.",
    ),
    Declared(
        "withhold",
        "withholding:withhold",
        "Mark parts of assessment versions and register entries as withheld, and decide marks per FOI"
        " request.",
    ),
    Declared("token", "tokens:token", "Create, list and revoke API tokens."),
    Declared(
        "import",
        "imports:import_command",
        "Import Word documents (.docx), CNIL PIA exports or dpia JSON exports as new drafts of a system.",
    ),
    Declared(
        "remind",
        "reminders:remind",
        "Email owners and approvers 30 and 7 days before a review is due and once it is overdue, and"
        " compliance leads a weekly digest; run it daily from a scheduler.",
    ),
    Declared(
        "check",
        "compliance:check_command",
        "Run the compliance checks over the whole register and print what they find.",
    ),
    Declared(
        "atrs",
        "atrs:atrs",
        "Export a system's ATRS record, as published: withheld text is never in it.",
    ),
    Declared(
        "publish",
        "publications:publish",
        "Publish a system's public record on the transparency pages, or withdraw it.",
    ),
)
BY_NAME = {declared.name: declared for declared in COMMANDS}


def register_commands(cli: click.Group) -> None:
    """Attach every command to a group, importing them all: the app's CLI, which tests run them through."""
    for declared in COMMANDS:
        cli.add_command(declared.load(), declared.name)
