"""Commands to export Word documents and response packs, keep bank holidays, and export the disclosure log."""

import contextlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from dpia.actor import command_line
from dpia.cli.common import database, friendly_errors, output_file
from dpia.export import pdf
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import checks, exports, holidays, packs
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure import requests as foi
from dpia.store.db import Database


@contextlib.contextmanager
def export_errors() -> Iterator[None]:
    """A document that cannot be made (an unusable reference.docx) is a message, not a traceback."""
    try:
        yield
    except exports.ExportFailed as error:
        raise click.ClickException(str(error)) from None


def _options(db: Database) -> exports.Options:
    return exports.options(
        db, Path(current_app.instance_path) / "reference.docx", current_app.config.get("LIBREOFFICE")
    )


def _write(out: Path, content: bytes, force: bool) -> None:
    """Write a file, refusing to replace one unless told to."""
    try:
        # "x" refuses an existing file atomically.
        with out.open("wb" if force else "xb") as handle:
            handle.write(content)
    except FileExistsError:
        raise click.ClickException(f"{out} already exists: choose another name or add --force") from None
    except OSError as error:
        raise click.ClickException(f"Cannot write {out}: {error.strerror}") from None


def _check_free(out: Path, force: bool) -> None:
    """Fail before any work (and before anything is logged) if the file exists."""
    if out.exists() and not force:
        raise click.ClickException(f"{out} already exists: choose another name or add --force")


@click.command("export")
@click.argument("assessment_ref")
@click.option(
    "--disclosure", is_flag=True, help="Make a disclosure copy, withheld parts replaced, and log it."
)
@click.option("--request", "request_ref", default="", help="The FOI request a disclosure copy answers.")
@click.option(
    "--pdf", "as_pdf", is_flag=True, help="Write a PDF made from the Word copy by LibreOffice instead."
)
@output_file("The .docx (or, with --pdf, .pdf) file to write.")
@with_appcontext
def export_command(
    assessment_ref: str, disclosure: bool, request_ref: str, as_pdf: bool, out: Path, force: bool
) -> None:
    """Export an assessment version as a Word document, or with --pdf as a PDF.

    ASSESSMENT_REF is a reference such as DPIA-2024-007 (its current version) or DPIA-2024-007/v2 (version
    2). Without --disclosure the copy is internal and shows everything; with it, withheld parts are
    replaced by markers and the copy is recorded in the disclosure log, against --request if given.
    --pdf converts the Word copy with LibreOffice; a disclosure PDF is logged as the file released.

    Example: dpia export DPIA-2020-007/v1 --disclosure --request 855A/22 --out DPIA-2020-007.docx
    """
    if request_ref and not disclosure:
        raise click.ClickException("--request names the request a disclosure answers: add --disclosure")
    _check_free(out, force)
    actor = command_line("dpia export")
    with database() as db, friendly_errors(), export_errors():
        opts = _options(db)
        refusal = exports.pdf_refusal(opts.libreoffice) if as_pdf else None
        if refusal:
            # Before any work, so nothing is audited or logged for a PDF that cannot be made.
            raise click.ClickException(refusal)
        assessment_id, number = exports.find_version(db, actor, assessment_ref)
        number = number or assessments.current_number(db, actor, assessment_id)
        if disclosure:
            made = exports.disclosure_assessment(
                db, actor, assessment_id, number, request_ref or None, opts, as_pdf
            )
        else:
            made = exports.internal_assessment(db, actor, assessment_id, number, opts, as_pdf)
    _write(out, made.content, force)
    copy = "disclosure" if disclosure else "internal"
    form = " as a PDF" if as_pdf else ""
    click.echo(f"Wrote the {copy} copy of {assessment_ref} version {number}{form} to {out}")


def _request(db: Database, reference: str) -> dict:
    """The FOI request with this reference, or a message naming it."""
    found = foi.find(db, reference)
    if found is None:
        raise click.ClickException(f"No FOI request with reference {reference}")
    return found


@click.command("pack")
@click.argument("request_ref")
@output_file("The .zip file to write.")
@click.option("--earlier-versions", is_flag=True, help="Include earlier approved versions too.")
@click.option(
    "--reuse",
    is_flag=True,
    help="Send again copies disclosed earlier with the same withholding, each naming both requests.",
)
@click.option(
    "--pdf", "pdfs", is_flag=True, help="Add PDF copies of the letter and disclosure copies (LibreOffice)."
)
@click.option(
    "--send-published",
    "published",
    is_flag=True,
    help="Send published files as well, instead of pointing to them under section 21.",
)
@with_appcontext
def pack_command(
    request_ref: str, out: Path, earlier_versions: bool, reuse: bool, pdfs: bool, published: bool, force: bool
) -> None:
    """Make the response pack of an FOI request and record it in the disclosure log.

    The .zip holds the response letter (once the request has questions), a disclosure copy of each current
    approved PIA, DPIA and EqIA of the systems in scope, a schedule answering the request per system, and
    manifest.csv with every file's SHA-256. With --pdf it also holds PDF copies of the letter and the
    disclosure copies, or PDF-NOT-MADE.txt saying why there are none. A disclosure copy or monitoring CSV
    already published on the transparency pages is left out, the letter giving its public address
    (section 21), unless --send-published is given.

    Example: dpia pack 855A/22 --out 855A-22-response.zip
    """
    _check_free(out, force)
    actor = command_line("dpia pack")
    with database() as db, friendly_errors(), export_errors():
        found = _request(db, request_ref)
        made = packs.build(
            db,
            actor,
            found["id"],
            _options(db),
            earlier=earlier_versions,
            reuse=reuse,
            pdfs=pdfs,
            published=published,
        )
    _write(out, made.content, force)
    click.echo(f"Wrote the response pack for {found['reference']} to {out} ({len(made.content):,} bytes)")
    if pdfs and not pdf.available(current_app.config.get("LIBREOFFICE")):
        click.echo(pdf.ABSENT, err=True)


def _day(value: str | None) -> date | None:
    """The letter's date from --date; a day that does not exist is a message, not a traceback."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.ClickException(f"--date {value} is not a date: write it as YYYY-MM-DD") from None


@click.command("response")
@click.argument("request_ref")
@output_file("The .docx file to write.")
@click.option(
    "--date", "on", default=None, metavar="YYYY-MM-DD", help="The letter's date (default: sent or today)."
)
@with_appcontext
def response_command(request_ref: str, out: Path, on: str | None, force: bool) -> None:
    """Write the response letter of an FOI request as a Word document, answering each question in order.

    The letter is dated --date if given, else the day the response was recorded as sent, else today. A letter
    with anything still missing (an unconfirmed answer, an exemption's reasons) is written as a draft, and
    each thing missing is printed as a warning. Nothing is recorded in the disclosure log: `dpia pack` does.

    Example: dpia response 855A/22 --date 2022-06-10 --out 855A-22-letter.docx
    """
    day = _day(on)
    _check_free(out, force)
    actor = command_line("dpia response")
    with database() as db, friendly_errors(), export_errors():
        found = _request(db, request_ref)
        opts = _options(db)
        _, _, drafted = packs.drafted_response(db, actor, found["id"], opts.author, day)
        content = exports.to_docx(drafted.document, opts)
    _write(out, content, force)
    for problem in drafted.problems:
        click.echo(f"The letter is a draft: {problem}", err=True)
    click.echo(f"Wrote the response letter for {found['reference']} to {out}")


class BadInput(click.ClickException):
    """A refusal of what was asked, told apart by its exit code from a check that found a leak."""

    exit_code = 2


@click.group("disclose")
def disclose_group() -> None:
    """Check what a response pack will withhold before making it.

    Example: dpia disclose check 855A/22
    """


@disclose_group.command("check")
@click.argument("request_ref")
@click.option("--earlier-versions", is_flag=True, help="Check a pack with earlier approved versions too.")
@with_appcontext
def disclose_check(request_ref: str, earlier_versions: bool) -> None:
    """List every withheld item of a request's pack and every place it was found, without making the pack.

    Nothing is logged. Exits 0 when nothing withheld would be released, 1 when the pack would release a
    withheld string (and `dpia pack` would refuse it), 2 when the request is unknown or cannot be packed.

    Example: dpia disclose check 855A/22
    """
    actor = command_line("dpia disclose check")
    try:
        with database() as db, friendly_errors(), export_errors():
            found = _request(db, request_ref)
            result = checks.check(db, actor, found["id"], _options(db), earlier=earlier_versions)
    except click.ClickException as error:
        raise BadInput(error.message) from None
    _report_check(result)
    if result.releases:
        raise SystemExit(1)


def _report_check(result: checks.Check) -> None:
    reference = result.request["reference"]
    if not result.items:
        click.echo(f"Nothing is marked for withholding in the pack for {reference}.")
    else:
        click.echo(f"Withheld from the pack for {reference}: {len(result.items)} marks")
    for item in result.items:
        click.echo(f"- {item.label}, {item.citation}: {'; '.join(item.on)}")
        for place in item.places:
            click.echo(f"    withheld in {place}")
        for place in item.leaks:
            click.echo(f"    RELEASED in {place}")
    if result.releases:
        click.echo(packs.refusal(list(result.leaks)), err=True)
    else:
        click.echo(f"Nothing withheld would be released in the {len(result.files)} files of the pack.")


@click.group("holidays")
def holidays_group() -> None:
    """List the bank holidays FOI deadlines skip, or import newer ones from gov.uk.

    Example: dpia holidays list --year 2022
    """


@holidays_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_holidays(file: Path) -> None:
    """Add bank holidays from a file in gov.uk's format (its England and Wales list is used).

    Download https://www.gov.uk/bank-holidays.json first.

    Example: dpia holidays import bank-holidays.json
    """
    if file.stat().st_size > holidays.MAX_FILE_BYTES:
        raise click.ClickException(f"{file} is too large to be a list of bank holidays")
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"Cannot read {file}: {error}") from None
    with database() as db, friendly_errors():
        added, total = holidays.import_text(db, command_line("dpia holidays import"), text, file.name)
        until = holidays.known_until(db)
    click.echo(f"Read {total} bank holidays from {file}: {added} new. Known up to the end of {until}.")


@holidays_group.command("list")
@click.option("--year", type=click.IntRange(1900, 2100), help="Only this year.")
@with_appcontext
def list_holidays(year: int | None) -> None:
    """List the bank holidays in England and Wales that FOI deadlines skip.

    Example: dpia holidays list --year 2023
    """
    with database() as db:
        known = holidays.holidays(db)
    for day in sorted(known):
        if year is None or day.year == year:
            click.echo(f"{day.isoformat()}  {day:%a}  {known[day]}")


@click.group("disclosures")
def disclosures_group() -> None:
    """Export the disclosure log: every disclosure copy and response pack released.

    Example: dpia disclosures export --out disclosure-log.csv
    """


@disclosures_group.command("export")
@output_file("The CSV file to write.")
@with_appcontext
def export_log(out: Path, force: bool) -> None:
    """Write the disclosure log as CSV, one line per file released; the export itself is audited.

    Example: dpia disclosures export --out disclosure-log.csv
    """
    _check_free(out, force)
    with database() as db, friendly_errors():
        text = "".join(disclosure_log.export_csv(db, command_line("dpia disclosures export")))
    _write(out, text.encode("utf-8"), force)
    click.echo(f"Wrote the disclosure log to {out}")
