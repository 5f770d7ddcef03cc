"""`dpia check`: the compliance findings for a scheduler, exiting 1 on any high finding."""

import sys

import click
from flask.cli import with_appcontext

from dpia.actor import command_line
from dpia.cli.common import BadInput, database
from dpia.domain.compliance import BY_KEY, HIGH, SEVERITIES
from dpia.errors import Invalid
from dpia.services.assessments import compliance
from dpia.vocab import CATEGORIES


@click.command("check")
@click.option("--severity", type=click.Choice(SEVERITIES), help="Only findings of this severity.")
@click.option("--check", "check_key", type=click.Choice(tuple(BY_KEY)), help="Only this check's findings.")
@click.option(
    "--category", type=click.Choice([t.value for t in CATEGORIES]), help="Only systems of this category."
)
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of text.")
@with_appcontext
def check_command(severity: str | None, check_key: str | None, category: str | None, as_csv: bool) -> None:
    """Run the compliance checks over the whole register and print what they find.

    Exits 1 if any finding shown is of high severity, 0 otherwise, 2 on bad arguments: a scheduler can
    alert on the exit code.

    Example: dpia check --severity high
    """
    filters = {"severity": severity, "check": check_key, "category": category}
    with database() as db:
        try:
            found = compliance.findings(db, command_line(), filters)
        except Invalid as error:
            raise BadInput(str(error)) from None
    if as_csv:
        click.echo("".join(compliance.csv_rows(found)), nl=False)
    else:
        for shown in found:
            _echo(shown)
        counts = compliance.counts(found)
        click.echo(
            f"{len(found)} findings: {counts['high']} high, {counts['medium']} medium, {counts['low']} low."
        )
    sys.exit(1 if any(s.check.severity == HIGH for s in found) else 0)


def _echo(shown: compliance.Shown) -> None:
    """One finding as a few lines of text."""
    check, finding = shown.check, shown.finding
    where = finding.system_name + (
        f", {finding.reference} version {finding.number}" if finding.reference else ""
    )
    click.echo(f"[{check.severity.upper()}] {check.title}: {where}")
    click.echo(f"    {finding.reason}")
    click.echo(f"    Fix: {check.fix}")
    click.echo(f"    Source: {check.source}")
