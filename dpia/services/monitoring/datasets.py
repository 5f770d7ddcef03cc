"""Use cases of monitoring data: upload, read, delete, and export true or suppressed counts."""

import csv
import hashlib
import io
import re
from collections.abc import Collection, Sequence
from datetime import date
from typing import NamedTuple

from dpia.actor import Actor
from dpia.csv_safety import csv_safe
from dpia.domain.validate import Checker
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.partial_dates import PartialDate
from dpia.records import System
from dpia.services import systems
from dpia.services.accounts import audit, settings
from dpia.services.monitoring import joint, suppression, tables
from dpia.services.monitoring.charts import SmallMultiples, small_multiples
from dpia.services.monitoring.joint import Prior
from dpia.services.monitoring.tables import Counts, Lifecycle, Period, Refused
from dpia.services.monitoring.vocab import (
    BREAKDOWN_BY_VALUE,
    BREAKDOWN_TERMS,
    GRANULARITIES,
    MEASURE_BY_VALUE,
    MEASURE_TERMS,
    TOTAL,
    Breakdown,
)
from dpia.store import monitoring as store
from dpia.store import systems as system_store
from dpia.store.db import Database, now, transaction

# True counts leave the register only for the staff who supply them and those who answer requests.
SECONDARY_SYMBOL = "[c]"
TEMPLATE_PERIODS = 3
WITHHELD = (
    "All figures are withheld: the numbers are too small to release without a risk of identifying people."
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PNC = re.compile(r"\b\d{2}(?:\d{2})?/\d{1,7}[A-Za-z]\b")
# Where figures released earlier in the same call went: with the file being made.
SAME_RELEASE = "in other files of this release"


class Released(NamedTuple):
    """A dataset's released CSV, and what it published, for the disclosure log."""

    name: str
    content: bytes
    title: str
    # dataset_id, measure, breakdown, and counts: every figure as released (see joint.ReleasedCount).
    figures: dict


def lifecycle(system: System, today: date | None = None) -> Lifecycle:
    """The days a system's monitoring periods may cover: first use (if known) to retirement or today."""
    today = today or date.today()
    first = PartialDate.parse(system["first_used"]).earliest() if system["first_used"] else None
    if system["retired"]:
        return Lifecycle(first, min(PartialDate.parse(system["retired"]).latest(), today), True)
    return Lifecycle(first, today, False)


def template_periods(system: System, granularity: str, today: date | None = None) -> list[Period]:
    """A few periods inside the system's lifecycle, to show the shape of a file."""
    life = lifecycle(system, today)
    last = Period.containing(life.latest, granularity)
    first = Period.containing(life.earliest, granularity) if life.earliest else last
    periods = [first]
    while len(periods) < TEMPLATE_PERIODS and periods[-1] < last:
        periods.append(periods[-1].next())
    return periods


def template(db: Database, actor: Actor, system_id: int, breakdown: str, granularity: str) -> tuple[str, str]:
    """The CSV template for a system and breakdown: a file name and its text."""
    system = systems.get(db, actor, system_id)
    chosen = BREAKDOWN_BY_VALUE.get(breakdown)
    if chosen is None or granularity not in {t.value for t in GRANULARITIES}:
        raise Invalid({"breakdown": "Choose a breakdown and whether periods are months or quarters"})
    text = tables.template(chosen, template_periods(system, granularity))
    return f"{_slug(system['name'])}-{breakdown}-{granularity}-template.csv", text


def _free_text(check: Checker, key: str, value: object, label: str, *, required: bool, max_len: int) -> str:
    text = check.text(key, value, label, required=required, max_len=max_len)
    if _EMAIL.search(text) or _PNC.search(text):
        # Monitoring data is about groups; a person's address or PNC number has no place here.
        check.fail(key, f"{label} must not contain email addresses or PNC numbers")
    return text


def validate_details(data: dict) -> dict:
    """The describing fields of a dataset; errors are collected in a Checker by the caller."""
    check = Checker()
    record = {
        "title": _free_text(
            check, "title", data.get("title"), "The dataset's title", required=True, max_len=200
        ),
        "measure": check.choice("measure", data.get("measure"), "What is counted", MEASURE_TERMS),
        "granularity": check.choice(
            "granularity",
            data.get("granularity"),
            "Period",
            GRANULARITIES,
            missing="Select the periods counted",
        ),
        "breakdown": check.choice(
            "breakdown",
            data.get("breakdown"),
            "Breakdown",
            BREAKDOWN_TERMS,
            missing="Select how counts are broken down",
        ),
        "source": _free_text(
            check, "source", data.get("source"), "Where the data comes from", required=True, max_len=500
        ),
        "notes": _free_text(check, "notes", data.get("notes"), "Notes", required=False, max_len=2000),
        "synthetic": 1 if data.get("synthetic") in (True, "yes", "1", 1) else 0,
    }
    return {"record": record, "errors": check.errors}


def _file_errors(error: Refused) -> dict[str, str]:
    errors = {f"file-{i}": str(problem) for i, problem in enumerate(error.problems, start=1)}
    if error.more:
        errors["file-more"] = f"And {error.more:,} more problems: fix those above and upload the file again"
    return errors


def create(db: Database, actor: Actor, system_id: int, data: dict, content: bytes | None) -> int:
    """Add a dataset from an uploaded CSV; the whole file is refused, with every problem, or stored."""
    if not actor.may("upload_monitoring"):
        raise Forbidden("Only editors can add monitoring data")
    system = systems.get(db, actor, system_id)
    checked = validate_details(data)
    record, errors = checked["record"], dict(checked["errors"])
    counts = None
    if content is None:
        errors["file"] = "Choose a CSV file to upload"
    elif record["breakdown"] and record["granularity"]:
        try:
            counts = tables.read(
                content, BREAKDOWN_BY_VALUE[record["breakdown"]], record["granularity"], lifecycle(system)
            )
        except Refused as refused:
            errors.update(_file_errors(refused))
    if errors:
        raise Invalid(errors)
    record["system_id"] = system_id
    digest = hashlib.sha256(content).hexdigest()
    with transaction(db):
        if store.find_id(db, system_id, record["title"]) is not None:
            raise Invalid({"title": f"{system['name']} already has a dataset called ‘{record['title']}’"})
        dataset_id = store.insert(
            db,
            record,
            counts.cells,
            counts.populations,
            uploaded_by=actor.email,
            file_sha256=digest,
        )
        audit.record(
            db,
            actor,
            "monitoring.upload",
            object_type="monitoring_dataset",
            object_id=dataset_id,
            summary=f"Uploaded monitoring data ‘{record['title']}’ for ‘{system['name']}’",
            details={"system_id": system_id, "cells": len(counts.cells), "sha256": digest},
        )
    return dataset_id


def _dataset(db: Database, actor: Actor, dataset_id: int) -> dict:
    missing = NotFound("No monitoring dataset with that id")
    found = store.get(db, dataset_id)
    if found is None:
        raise missing
    # Hidden with its system: the same rule, so counts never leak where the system cannot be seen; and
    # refused in the same words as a missing dataset, so an id cannot be used to learn that one exists.
    try:
        systems.get(db, actor, found["system_id"])
    except NotFound:
        raise missing from None
    found["measure_term"] = MEASURE_BY_VALUE[found["measure"]]
    found["breakdown_term"] = BREAKDOWN_BY_VALUE[found["breakdown"]]
    return found


def _counts(db: Database, dataset_id: int) -> Counts:
    return Counts(cells=store.counts(db, dataset_id), populations=store.populations(db, dataset_id))


def datasets_for_system(db: Database, actor: Actor, system_id: int) -> list[dict]:
    """A system's datasets for its page (and for EqIA pages citing them as evidence), newest first."""
    systems.get(db, actor, system_id)
    found = store.for_system(db, system_id)
    for dataset in found:
        dataset["measure_label"] = MEASURE_BY_VALUE[dataset["measure"]].label
        dataset["breakdown_label"] = BREAKDOWN_BY_VALUE[dataset["breakdown"]].label
    return found


def listing(db: Database, actor: Actor) -> list[dict]:
    """Every dataset the actor may see, by system."""
    found = store.listing(db, see_sensitive=actor.can_see_sensitive)
    for dataset in found:
        dataset["measure_label"] = MEASURE_BY_VALUE[dataset["measure"]].label
        dataset["breakdown_label"] = BREAKDOWN_BY_VALUE[dataset["breakdown"]].label
    return found


def get(db: Database, actor: Actor, dataset_id: int) -> dict:
    """A dataset with its table of true counts, rates, chart and a preview of what would be released."""
    dataset = _dataset(db, actor, dataset_id)
    counts = _counts(db, dataset_id)
    table = build_table(dataset, counts)
    threshold, primary = release_rule(db)
    return {
        "dataset": dataset,
        "table": table,
        "chart": chart(table),
        # As a release made now would be: checked against what was released before.
        "release": released_table(
            dataset, table, threshold, primary, released_before(db, dataset["system_id"])
        ),
        "rule": rule_note(threshold, primary),
        "populations": counts.populations,
    }


def build_table(dataset: dict, counts: Counts) -> dict:
    """Periods by groups, with totals where they mean something, and rates where a baseline exists."""
    breakdown: Breakdown = BREAKDOWN_BY_VALUE[dataset["breakdown"]]
    stock = MEASURE_BY_VALUE[dataset["measure"]].stock
    periods = sorted({Period.parse(p, dataset["granularity"]) for p, _ in counts.cells})
    groups = list(breakdown.groups)
    cells = [[counts.cells.get((str(p), g.value), 0) for g in groups] for p in periods]
    pops = counts.populations
    rates, per = None, 1000
    if pops:
        rates = [[v / pops[g.value] for v, g in zip(row, groups, strict=True)] for row in cells]
        # Per 1,000 people, or per 100,000 when events are so rare that rates per 1,000 all round to 0.00.
        per = 1000 if max((r for row in rates for r in row), default=0) * 1000 >= 1 else 100_000
        rates = [[per * r for r in row] for row in rates]
    return {
        "periods": periods,
        "groups": groups,
        "cells": cells,
        "row_totals": breakdown.value != "none",
        "column_totals": not stock,
        "totals": [sum(row) for row in cells],
        "group_totals": [sum(col) for col in zip(*cells, strict=True)] if cells else [],
        "grand_total": sum(map(sum, cells)),
        "rates": rates,
        "rate_per": per,
        "populations": [pops.get(g.value) for g in groups] if pops else None,
    }


def chart(table: dict) -> SmallMultiples:
    """Small multiples: one bar chart per group, counts over time on one shared scale."""
    series = [(g.label, [row[i] for row in table["cells"]]) for i, g in enumerate(table["groups"])]
    return small_multiples(series, [p.label() for p in table["periods"]])


def release_rule(db: Database) -> tuple[int, str]:
    """The threshold and the symbol for small counts, from settings; "<" becomes "<5" for 5."""
    threshold = int(settings.value(db, "disclosure_threshold"))
    symbol = settings.value(db, "disclosure_symbol")
    return threshold, f"<{threshold}" if symbol == "<" else "*"


def _secondary(primary: str) -> str:
    # "<5" on a withheld count of 40 would be false, so other withheld counts get their own mark.
    return primary if primary == "*" else SECONDARY_SYMBOL


def rule_note(threshold: int, primary: str) -> str:
    """The sentence a release carries to explain its suppression."""
    secondary = _secondary(primary)
    others = (
        f"Some larger counts or totals are also shown as {secondary}"
        if secondary == primary
        else f"Counts shown as {secondary} are withheld"
    )
    return (
        f"Counts from 1 to {threshold - 1} are shown as {primary}. {others} so that a small count cannot be "
        f"worked out from the totals. Zeros are shown as 0."
    )


def released_table(
    dataset: dict, table: dict, threshold: int, primary: str, priors: Sequence[Prior] = ()
) -> dict:
    """The table as it would be released: header, rows of shown values, and whether all is withheld.

    `priors` are figures of the same system released before (or earlier in the same release): cells are
    withheld so that none of them, with this table, lets a withheld count be worked out.
    """
    layout = joint.shape(
        dataset["measure"],
        dataset["breakdown"],
        [g.value for g in table["groups"]],
        table["periods"],
        MEASURE_BY_VALUE[dataset["measure"]].stock,
        table,
    )
    facts = joint.facts(layout, priors)
    result = _suppress(table, threshold, joint.constraints(layout, facts))
    further = _further(result, _suppress(table, threshold)) if facts else 0
    shown = result.shown(primary, _secondary(primary))
    if result.withheld:
        shown = [[primary] * len(row) for row in shown]
    measure = MEASURE_BY_VALUE[dataset["measure"]]
    if dataset["breakdown"] == "none":
        header = ["Period", measure.label]
    else:
        header = ["Period", *(group_heading(g) for g in table["groups"])]
        header.append("Total")
    labels = [str(p) for p in table["periods"]] + (["Total"] if table["column_totals"] else [])
    rows = [[label, *values] for label, values in zip(labels, shown, strict=True)]
    return {
        "header": header,
        "rows": rows,
        # Every figure withheld: by this table alone, or because another release withheld them all.
        "withheld": result.withheld or all(s != suppression.PUBLISHED for row in result.status for s in row),
        "suppressed": _count_withheld(result),
        "figures": joint.released(layout, result),
        "further": further,
        "because": joint.sources(facts) if further else [],
    }


def _suppress(
    table: dict, threshold: int, constraints: suppression.Constraints = suppression.NONE
) -> suppression.Suppression:
    return suppression.suppress(
        table["cells"],
        threshold,
        row_totals=table["row_totals"],
        column_totals=table["column_totals"],
        constraints=constraints,
    )


def _withheld_cells(result: suppression.Suppression) -> set[tuple[int, int]]:
    return {
        (r, c)
        for r, row in enumerate(result.status)
        for c, state in enumerate(row)
        if state != suppression.PUBLISHED
    }


def _count_withheld(result: suppression.Suppression) -> int:
    return len(_withheld_cells(result))


def _further(together: suppression.Suppression, alone: suppression.Suppression) -> int:
    """Cells withheld because of other releases: withheld here, but not when the table is released alone."""
    return len(_withheld_cells(together) - _withheld_cells(alone))


def further_note(released: dict) -> str:
    """The sentence saying how many more cells other releases made this one withhold, or ""."""
    count = released["further"]
    if not count:
        return ""
    cells = "count is" if count == 1 else "counts are"
    where = " and ".join(released["because"])
    return (
        f"{count} further {cells} withheld so that figures released {where} cannot be used to work them out."
    )


def group_heading(term) -> str:
    """A group as a column heading: "W1 White: British", "IC3: Black", or just "Female"."""
    # Police codes (W1, IC3) are what readers know; other codes are just the label in lower case.
    if not term.value[:1].isupper() or term.label.startswith(term.value):
        return term.label
    return f"{term.value} {term.label}"


def _notes(dataset: dict, threshold: int, primary: str, released: dict) -> list[str]:
    measure = dataset["measure_term"]
    notes = [
        f"System: {dataset['system_name']}",
        f"Dataset: {dataset['title']}",
        f"Measure: {measure.label}" + (" (counted at the end of each period)" if measure.stock else ""),
        f"Breakdown: {dataset['breakdown_term'].label}",
        f"Source: {dataset['source']}",
    ]
    if dataset["synthetic"]:
        notes.insert(0, "SYNTHETIC DATA: made up for demonstration, not real figures")
    notes.append(f"Small numbers: {rule_note(threshold, primary)}")
    if released["further"]:
        notes.append(f"Other releases: {further_note(released)}")
    if released["withheld"]:
        notes.append(WITHHELD)
    return notes


def _csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([[csv_safe(v) for v in row] for row in rows])
    # A byte order mark, so spreadsheets open the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _ends_by(period: str, granularity: str, until: date | None) -> bool:
    return until is None or Period.parse(period, granularity).end() <= until


def _counts_until(db: Database, dataset: dict, until: date | None) -> Counts:
    """A dataset's counts for the periods ending on or before `until` (all of them when None)."""
    counts = _counts(db, dataset["id"])
    cells = {k: n for k, n in counts.cells.items() if _ends_by(k[0], dataset["granularity"], until)}
    return Counts(cells=cells, populations=counts.populations)


def later_periods(db: Database, dataset: dict, until: date) -> list[str]:
    """A dataset's periods ending after a day, in order."""
    return [p for p in store.periods(db, dataset["id"]) if not _ends_by(p, dataset["granularity"], until)]


def _release_file(
    db: Database, dataset: dict, priors: Sequence[Prior], until: date | None = None
) -> tuple[str, bytes, dict]:
    threshold, primary = release_rule(db)
    table = build_table(dataset, _counts_until(db, dataset, until))
    released = released_table(dataset, table, threshold, primary, priors)
    notes = [[note] for note in _notes(dataset, threshold, primary, released)]
    rows = [released["header"], *released["rows"], [], ["Notes"], *notes]
    return _file_name(dataset, "released"), _csv_bytes(rows), released


def _figures(dataset: dict, released: dict) -> dict:
    """What a released file published, as the disclosure log keeps it."""
    return {
        "dataset_id": dataset["id"],
        "measure": dataset["measure"],
        "breakdown": dataset["breakdown"],
        "counts": released["figures"],
    }


def released_before(db: Database, system_id: int) -> list[Prior]:
    """Every figure released about a system's monitoring data, with the request (or file) it went out in."""
    return _stored_priors(store.released_before(db, system_id))


def _stored_priors(found: list[dict]) -> list[Prior]:
    """Stored figures of earlier releases as priors, each naming the request (or file) it went out in."""
    return [
        Prior(
            measure=r["measure"],
            breakdown=r["breakdown"],
            group_code=r["group_code"],
            months=r["months"],
            count=r["count"],
            suppressed=r["suppressed"],
            source=f"in FOI {r['request_reference']}" if r["request_reference"] else f"in {r['file']}",
        )
        for r in found
    ]


def _as_priors(figures: dict, source: str) -> list[Prior]:
    return [
        Prior(measure=figures["measure"], breakdown=figures["breakdown"], source=source, **count)
        for count in figures["counts"]
    ]


def _file_name(dataset: dict, kind: str) -> str:
    return f"{_slug(dataset['system_name'])}-{dataset['id']}-{_slug(dataset['title'])}-{kind}.csv"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50].strip("-") or "dataset"


def disclosure_csv(db: Database, actor: Actor, dataset_id: int) -> tuple[str, bytes]:
    """One dataset as released under FOI: small counts suppressed, a note explaining the rule."""
    if not actor.may("release_monitoring"):
        raise Forbidden("Only FOI officers can release monitoring data")
    dataset = _dataset(db, actor, dataset_id)
    with transaction(db):
        # Read and recorded in one transaction, so two downloads at once are checked against each other.
        name, content, released = _release_file(db, dataset, released_before(db, dataset["system_id"]))
        _audit_release(db, actor, dataset, name, released)
        record_figures(db, actor, dataset["system_id"], _figures(dataset, released), name, None)
    return name, content


def record_figures(
    db: Database, actor: Actor, system_id: int, figures: dict, file: str, file_id: int | None
) -> None:
    """Keep what a released file published, for later releases to be checked against; in its transaction."""
    store.record_release(
        db, figures, system_id=system_id, file_id=file_id, file=file, at=now(), by=actor.email
    )


def _audit_release(db: Database, actor: Actor, dataset: dict, name: str, released: dict) -> None:
    threshold, primary = release_rule(db)
    details = {"file": name, "threshold": threshold, "symbol": primary}
    summary = f"Released monitoring data ‘{dataset['title']}’ with small numbers suppressed"
    if released["further"]:
        details.update(further_withheld=released["further"], because=released["because"])
        summary += f"; {further_note(released)}"
    audit.record(
        db,
        actor,
        "monitoring.release",
        object_type="monitoring_dataset",
        object_id=dataset["id"],
        summary=summary,
        details=details,
    )


def disclosure_files(db: Database, actor: Actor, system_id: int) -> list[tuple[str, bytes]]:
    """Every dataset of a system as a released CSV: (file name, bytes) each."""
    return [(file.name, file.content) for file in released_files(db, actor, system_id)]


def datasets_until(db: Database, actor: Actor, system_id: int, until: date | None) -> list[dict]:
    """A system's datasets holding a period that ends on or before `until` (all of them when None)."""
    return [
        d
        for d in datasets_for_system(db, actor, system_id)
        if any(_ends_by(p, d["granularity"], until) for p in store.periods(db, d["id"]))
    ]


def released_files(
    db: Database,
    actor: Actor,
    system_id: int,
    until: date | None = None,
    dataset_ids: Collection[int] | None = None,
) -> list[Released]:
    """Every dataset of a system (or those of `dataset_ids`) as a released CSV, checked together and against
    earlier releases; audited.

    With `until`, only periods ending on or before that day: what the register held then. The caller records
    each file's `figures` where it logs the release (see `record_figures`).
    """
    if not actor.may("release_monitoring"):
        raise Forbidden("Only FOI officers can release monitoring data")
    files = []
    with transaction(db):
        priors = released_before(db, system_id)
        for summary in datasets_until(db, actor, system_id, until):
            if dataset_ids is not None and summary["id"] not in dataset_ids:
                continue
            dataset = _dataset(db, actor, summary["id"])
            name, content, released = _release_file(db, dataset, priors, until)
            _audit_release(db, actor, dataset, name, released)
            figures = _figures(dataset, released)
            priors = priors + _as_priors(figures, SAME_RELEASE)
            files.append(Released(name, content, dataset["title"], figures))
    return files


def released_names(
    db: Database, actor: Actor, system_id: int, until: date | None = None
) -> list[tuple[str, str]]:
    """The file name and title of each CSV `released_files` would release, without releasing anything."""
    return [
        (_file_name(_dataset(db, actor, d["id"]), "released"), d["title"])
        for d in datasets_until(db, actor, system_id, until)
    ]


def people_held(db: Database, actor: Actor, system_id: int, until: date | None = None) -> list[dict]:
    """Per dataset counting people currently tracked: the latest period by `until` and how many, as released.

    A total below the release threshold is given as "fewer than N", as in released CSV files.
    """
    threshold, _ = release_rule(db)
    found = []
    for summary in datasets_until(db, actor, system_id, until):
        if summary["measure"] != "people_tracked":
            continue
        cells = _counts_until(db, summary, until).cells
        latest = max(period for period, _ in cells)
        groups = {group: n for (period, group), n in cells.items() if period == latest}
        total = groups[TOTAL] if TOTAL in groups else sum(groups.values())
        shown = f"fewer than {threshold}" if 0 < total < threshold else f"{total:,}"
        found.append({"title": summary["title"], "period": latest, "people": shown})
    return found


def internal_csv(db: Database, actor: Actor, dataset_id: int) -> tuple[str, bytes]:
    """True counts in the upload format, for staff; never for disclosure."""
    if not actor.may("export_monitoring_internal"):
        raise Forbidden("Only editors and FOI officers can download true counts")
    dataset = _dataset(db, actor, dataset_id)
    text = tables.write_counts(dataset["breakdown_term"], _counts(db, dataset_id))
    name = _file_name(dataset, "internal-true-counts")
    with transaction(db):
        audit.record(
            db,
            actor,
            "monitoring.export_internal",
            object_type="monitoring_dataset",
            object_id=dataset_id,
            summary=f"Downloaded true counts of ‘{dataset['title']}’ (not for disclosure)",
            details={"file": name},
        )
    return name, text.encode("utf-8")


def delete(db: Database, actor: Actor, dataset_id: int) -> dict:
    """Remove a dataset and its counts; return what was removed."""
    if not actor.may("upload_monitoring"):
        raise Forbidden("Only editors can delete monitoring data")
    with transaction(db):
        dataset = _dataset(db, actor, dataset_id)
        store.delete(db, dataset_id)
        audit.record(
            db,
            actor,
            "monitoring.delete",
            object_type="monitoring_dataset",
            object_id=dataset_id,
            summary=f"Deleted monitoring data ‘{dataset['title']}’ of ‘{dataset['system_name']}’",
            details={"system_id": dataset["system_id"], "sha256": dataset["file_sha256"]},
        )
    return dataset


def find_system(db: Database, actor: Actor, name: str) -> int:
    """The id of the visible system with this name (any case), for the command line."""
    system_id = system_store.find_id_by_name(db, name)
    if system_id is None:
        raise NotFound(f"No system called ‘{name}’")
    systems.get(db, actor, system_id)
    return system_id


# Section 21 for released monitoring CSVs (issue 19): a release previewed, and one logged replayed.


class LoggedRelease(NamedTuple):
    """A monitoring file of a logged release, and the figures it was checked against when it was made."""

    file: str
    measure: str
    breakdown: str
    priors: list[Prior]


def preview_release(
    db: Database, actor: Actor, dataset_id: int, until: date | None, priors: Sequence[Prior] | None = None
) -> Released:
    """A dataset's CSV as a release of the periods ending by `until` would make it, checked against `priors`
    (by default every figure released before); nothing is audited or recorded."""
    dataset = _dataset(db, actor, dataset_id)
    if priors is None:
        priors = released_before(db, dataset["system_id"])
    name, content, released = _release_file(db, dataset, priors, until)
    return Released(name, content, dataset["title"], _figures(dataset, released))


def logged_releases(db: Database, system_id: int, disclosure_id: int) -> list[LoggedRelease]:
    """A system's monitoring files in a logged release (a publication, a pack), each with its priors then.

    Figures a file was checked against change its bytes (its note names where they were released), and a
    file's own recorded figures would name it: so each file's priors are replayed as they stood when it was
    made, those of files before it in the same release named as `released_files` names them.
    """
    logged = store.releases_in(db, disclosure_id, system_id)
    if not logged:
        return []
    priors = _stored_priors(store.released_earlier(db, system_id, logged[0]["id"]))
    found = []
    for release in logged:
        found.append(LoggedRelease(release["file"], release["measure"], release["breakdown"], priors))
        figures = {**release, "counts": store.release_counts(db, release["id"])}
        priors = priors + _as_priors(figures, SAME_RELEASE)
    return found
