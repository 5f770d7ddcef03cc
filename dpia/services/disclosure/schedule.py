"""The schedule of a response: per system, what an FOI request about algorithms asks (DOMAIN.md, 855A/22).

Name and aliases, category, lifecycle and first use, how it works, data, how outputs are made, costs,
policies, the PIA, DPIA and EqIA with the dates they were conducted and approved (or a plain statement that
none was), and the bias testing recorded in EqIAs. Register fields pass through the system's Redaction.
"""

from dataclasses import dataclass, field
from datetime import datetime

from dpia import kinds
from dpia.domain.redaction import Redaction
from dpia.domain.register import FIELD_LABELS
from dpia.domain.targets import row_key
from dpia.export import model as m
from dpia.kinds.model import Kind
from dpia.partial_dates import display as date_display
from dpia.records import System
from dpia.services.disclosure import documents
from dpia.vocab import CATEGORIES, LIFECYCLES, REGIMES, STATUSES, labels

BIAS_QUESTION = "bias_tests"


@dataclass(frozen=True)
class AssessmentLine:
    """One version listed in answer to "any PIA, DPIA or EqIA, with the dates conducted"."""

    reference: str
    number: int
    status: str
    conducted: str | None
    approved: str | None
    # The version's id, so an answer can tell whether its disclosure copy is published (s21).
    version_id: int | None = None


@dataclass
class SystemEntry:
    """Everything the schedule says about one system."""

    system: System
    redaction: Redaction
    assessments: dict[str, list[AssessmentLine]] = field(default_factory=dict)
    # (kind, version, redaction) of each current approved EqIA, for its bias-testing records.
    equality: list[tuple[Kind, dict, Redaction]] = field(default_factory=list)
    # Titles of the system's monitoring datasets (aggregate counts, released as CSV in a pack).
    datasets: list[str] = field(default_factory=list)


def none_conducted(kind: Kind) -> str:
    """The plain statement an FOI answer needs when there is no assessment of a kind."""
    return f"No {kind.label.lower()} ({kind.short}) has been conducted for this system."


def system_blocks(entry: SystemEntry, internal: bool) -> list[m.Block]:
    """One system's part of the schedule."""
    system, r = entry.system, entry.redaction
    blocks: list[m.Block] = [m.Heading(system["name"], 1)]
    aliases = r.text("aliases", ", ".join(system["aliases"]))
    blocks += _part(
        "Name and aliases", documents.join(system["name"], ". Also known as: " if aliases else "", aliases)
    )
    blocks += _part("Category", m.plain(labels(CATEGORIES)[system["category"]]))
    blocks += _part("Lifecycle and first use", lifecycle_text(system, r))
    for key in ("how_it_works", "data_used", "how_outputs_made"):
        blocks += _part(FIELD_LABELS[key], r.text(key, system[key] or ""), "Not recorded")
    blocks += [m.Heading(FIELD_LABELS["costs"], 2), *costs_blocks(system, r)]
    blocks += [m.Heading(FIELD_LABELS["policies"], 2), *policy_blocks(system, r)]
    blocks += [m.Heading("Impact assessments", 2)]
    for key in kinds.FOI_KINDS:
        blocks += _assessments(kinds.latest(key), entry.assessments.get(key, []))
    blocks += [m.Heading("Bias testing", 2), *bias_blocks(entry)]
    blocks += [m.Heading("Monitoring data", 2), *_monitoring(entry)]
    if internal:
        blocks += [m.Heading("Other register details", 2), _other_details(system, r)]
    return blocks


def _part(title: str, runs: m.Text, hint: str = "Not recorded") -> list[m.Block]:
    return [m.Heading(title, 2), documents.answer_or_hint(runs, hint)]


def lifecycle_text(system: System, r: Redaction) -> m.Text:
    """A system's lifecycle and dates of use, through its marks."""
    first = date_display(system["first_used"])
    parts: list = [labels(LIFECYCLES)[system["lifecycle"]] + ". First used: "]
    parts.append(r.text("first_used", first) if first else "not recorded")
    if system["retired"]:
        parts += [". Retired: ", r.text("retired", date_display(system["retired"]))]
    return documents.join(*parts, ".")


def _rows_table(
    field_key: str, entries: list[dict], columns: dict[str, str], values, r: Redaction, empty: str
) -> list[m.Block]:
    whole = r.whole(field_key)
    if whole and r.disclose:
        return [m.Paragraph(r.withheld(whole))]
    if not entries:
        return [m.Paragraph(m.plain(empty), hint=True)]
    rows = []
    for entry in entries:
        key = f"{field_key}/{row_key(entry)}"
        mark = r.whole(key)
        if mark and r.disclose:
            rows.append((m.Cell(r.withheld(mark), span=len(columns)),))
            continue
        texts = values(entry)
        rows.append(tuple(m.Cell(r.text(f"{key}/{column}", texts[column])) for column in columns))
    header = tuple(m.Cell(m.plain(label)) for label in columns.values())
    table = m.Table(header=header, rows=tuple(rows), widths=(2,) * len(columns))
    note = r.notes(field_key)
    return [table, m.Paragraph(note)] if note else [table]


def costs_blocks(system: System, r: Redaction) -> list[m.Block]:
    """A system's costs as a table, each row through its marks."""

    def values(cost: dict) -> dict[str, str]:
        period = date_display(cost["period_start"])
        if cost.get("period_end"):
            period += f" to {date_display(cost['period_end'])}"
        return {
            "period": period,
            "amount": f"£{cost['amount_pence'] / 100:,.2f}",
            "description": cost["description"],
        }

    columns = {"period": "Period", "amount": "Amount", "description": "What for"}
    return _rows_table("costs", system["costs"], columns, values, r, "No costs recorded.")


def policy_blocks(system: System, r: Redaction) -> list[m.Block]:
    """A system's governing policies as a table, each row through its marks."""

    def values(policy: dict) -> dict[str, str]:
        return {
            "title": policy["title"],
            "reference": policy["reference"],
            "version_date": date_display(policy["version_date"]),
            "url": policy["url"],
        }

    columns = {"title": "Title", "reference": "Reference", "version_date": "Version date", "url": "Link"}
    return _rows_table("policies", system["policies"], columns, values, r, "No policies recorded.")


def _assessments(kind: Kind, lines: list[AssessmentLine]) -> list[m.Block]:
    blocks: list[m.Block] = [m.Heading(f"{kind.label} ({kind.short})", 3)]
    if not lines:
        return [*blocks, m.Paragraph(m.plain(none_conducted(kind)))]
    header = tuple(m.Cell(m.plain(t)) for t in ("Reference", "Version", "Status", "Conducted", "Approved"))
    rows = tuple(
        tuple(
            m.Cell(m.plain(text))
            for text in (
                line.reference,
                str(line.number),
                labels(STATUSES)[line.status],
                date_display(line.conducted) or "Not recorded",
                date_display(line.approved) or "Not approved",
            )
        )
        for line in lines
    )
    blocks.append(m.Table(header=header, rows=rows, widths=(3, 1, 2, 2, 2)))
    if not any(line.status in ("approved", "superseded") for line in lines):
        blocks.append(m.Paragraph(m.plain(f"No {kind.label.lower()} has been completed and approved yet.")))
    return blocks


def bias_blocks(entry: SystemEntry) -> list[m.Block]:
    """The bias-testing records of a system's approved EqIAs, through their marks."""
    blocks: list[m.Block] = []
    for kind, version, redaction in entry.equality:
        question = kind.questions.get(BIAS_QUESTION)
        if question is None or not version["answers"].get(BIAS_QUESTION):
            continue
        source = f"Recorded in {version['reference']} version {version['number']}."
        blocks.append(m.Paragraph(m.plain(source)))
        blocks += documents.question_blocks(kind, question, version["answers"], redaction)
    return blocks or [m.Paragraph(m.plain("No bias testing is recorded for this system."))]


def _monitoring(entry: SystemEntry) -> list[m.Block]:
    if not entry.datasets:
        return [m.Paragraph(m.plain("No monitoring data is recorded for this system."))]
    lead = (
        "Aggregate counts are recorded in the datasets below. In a response pack each is a CSV file in this "
        "system's folder, with small numbers suppressed as its note explains."
    )
    return [m.Paragraph(m.plain(lead)), *(m.Paragraph(m.plain(f"• {title}")) for title in entry.datasets)]


def _other_details(system: System, r: Redaction) -> m.Table:
    rows = [
        (FIELD_LABELS[key], r.text(key, system[key] or "") or m.plain("Not recorded"))
        for key in ("owner", "senior_owner", "supplier")
    ]
    rows.append((FIELD_LABELS["regime"], m.plain(labels(REGIMES)[system["regime"]])))
    rows.append((FIELD_LABELS["marking"], m.plain(system["marking"])))
    rows.append((FIELD_LABELS["notes"], r.text("notes", system["notes"] or "") or m.plain("None")))
    return m.Table(
        header=(),
        rows=tuple((m.Cell(m.plain(k)), m.Cell(v)) for k, v in rows),
        row_headers=True,
        widths=(1, 3),
    )


def schedule_document(
    entries: list[SystemEntry],
    *,
    title: str,
    subtitle: str,
    details: tuple[tuple[str, m.Text], ...],
    footer: str,
    disclose: bool,
    release: documents.Release | None,
    author: str,
    now: datetime,
) -> m.Document:
    """The schedule: a title block, then one part per system."""
    blocks: list[m.Block] = []
    for entry in entries:
        blocks += system_blocks(entry, internal=not disclose)
    notes: tuple[m.Text, ...] = ()
    if release is not None:
        notes = (m.plain(release.sentence()), m.plain(documents.WITHHELD_NOTE))
    marking = documents.highest_marking(*(e.system["marking"] for e in entries))
    copy = "Disclosure copy" if disclose else "Internal copy"
    names = "; ".join(e.system["name"] for e in entries)
    return m.Document(
        title=m.plain(title),
        subtitle=subtitle,
        marking=marking,
        footer=f"{footer} · {copy}",
        details=details,
        blocks=tuple(blocks),
        notes=notes,
        properties=m.Properties(
            title=title,
            subject=subtitle,
            author=author,
            keywords="; ".join(("Schedule", names, marking, copy)),
            created=now,
            category="Register schedule",
        ),
    )
