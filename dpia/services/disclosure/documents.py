"""Document models of assessment versions, generated from the kind's declaration and the answers.

Every piece of answer text passes through a Redaction before it enters the model, so a disclosure model
holds markers where withheld text would be, and never the text itself.
"""

from dataclasses import dataclass
from datetime import datetime

from dpia.domain import answers as answer_rules
from dpia.domain.answer_types import ANSWER_TYPES
from dpia.domain.redaction import Redaction
from dpia.export import model as m
from dpia.kinds.derive import Flag
from dpia.kinds.model import Column, Kind, Question, Section
from dpia.partial_dates import display as date_display
from dpia.partial_dates import long_date
from dpia.vocab import SENSITIVE, STATUSES, labels

# A table with this many long-text columns reads better as one small table per row.
RECORD_LAYOUT_LONGTEXTS = 3
WITHHELD_NOTE = (
    "Parts withheld under the Freedom of Information Act 2000 are replaced by a marker naming the exemption,"
    " such as [Withheld: section 31(1)(a) FOIA]."
)


@dataclass(frozen=True)
class Release:
    """What a disclosure copy says about its release: the request (or none) and the day."""

    request: str
    day: datetime
    # For a copy sent again: the release it was first made for (its request, or "" for publication).
    first_request: str = ""
    first_day: datetime | None = None

    def sentence(self) -> str:
        """How the copy introduces itself; a copy sent again names both releases."""
        when = long_date(self.day)
        if self.first_day is not None:
            first = (
                f"first released in response to FOI request {self.first_request}"
                if self.first_request
                else "first prepared for publication"
            )
            again = f"in response to FOI request {self.request}" if self.request else "for publication"
            return (
                f"Disclosure copy {first} on {long_date(self.first_day)}, and sent again with the same"
                f" withholding {again} on {when}."
            )
        if self.request:
            return f"Disclosure copy released in response to FOI request {self.request} on {when}."
        return f"Disclosure copy prepared for publication on {when}, not in response to a request."


def highest_marking(*markings: str) -> str:
    """The marking a document takes when it holds material of several markings."""
    return SENSITIVE if SENSITIVE in markings else "OFFICIAL"


def join(*parts: m.Text | str) -> m.Text:
    """Concatenate text pieces and plain strings into one run sequence."""
    runs: list[m.Run] = []
    for part in parts:
        runs.extend(m.plain(part) if isinstance(part, str) else part)
    return tuple(runs)


def answer_or_hint(runs: m.Text, hint: str = "Not answered") -> m.Paragraph:
    """A paragraph of answer text, or a hint saying nothing was recorded."""
    return m.Paragraph(runs) if runs else m.Paragraph(m.plain(hint), hint=True)


# An assessment version


def assessment_document(
    kind: Kind,
    version: dict,
    redaction: Redaction,
    *,
    author: str,
    now: datetime,
    release: Release | None,
    flags: list[Flag] = (),
    evidence: list[dict] = (),
) -> m.Document:
    """The whole document for one version: title block, then every section of its kind, then its evidence."""
    system = m.text_of(redaction.passages(version["system_name"]))
    copy = "Disclosure copy" if redaction.disclose else "Internal copy"
    blocks: list[m.Block] = []
    for section in kind.shown_sections(version["answers"]):
        blocks += section_blocks(kind, section, version["answers"], redaction)
    blocks += evidence_blocks(evidence, redaction.disclose)
    return m.Document(
        title=redaction.text("detail:title", version["title"]) or m.plain(version["reference"]),
        subtitle=f"{kind.label} of {system}",
        marking=highest_marking(version["marking"], version["system_marking"]),
        footer=f"{version['reference']} version {version['number']} · {copy}",
        details=_details(kind, version, redaction, system),
        blocks=tuple(blocks),
        notes=_notes(redaction, release, flags),
        properties=m.Properties(
            title=f"{version['reference']} version {version['number']}: {kind.label} of {system}",
            subject=f"{kind.label} of {system}",
            author=author,
            keywords="; ".join((kind.short, version["reference"], system, version["marking"], copy)),
            created=now,
            category=kind.label,
            status=labels(STATUSES)[version["status"]],
            identifier=version["reference"],
            version=str(version["number"]),
        ),
    )


def evidence_blocks(evidence: list[dict], disclose: bool) -> list[m.Block]:
    """The evidence attached to a version: listed in full internally, counted in a disclosure copy."""
    blocks: list[m.Block] = [m.Heading("Evidence attached", 1)]
    if not evidence:
        return [*blocks, m.Paragraph(m.plain("No evidence is attached to this version."), hint=True)]
    if disclose:
        # File names may name people; the files themselves are not part of a disclosure.
        count = f"{len(evidence)} evidence file{'s are' if len(evidence) != 1 else ' is'}"
        return [
            *blocks,
            m.Paragraph(m.plain(f"{count} held with this version; not part of this disclosure.")),
        ]
    header = tuple(m.Cell(m.plain(h)) for h in ("File", "Type", "Size", "SHA-256", "Added by", "Added"))
    rows = tuple(
        tuple(
            m.Cell(m.plain(value))
            for value in (
                item["name"],
                item["type_label"],
                f"{item['size']:,} bytes",
                item["sha256"],
                item["uploaded_by"],
                long_date(datetime.fromisoformat(item["uploaded_at"])),
            )
        )
        for item in evidence
    )
    return [*blocks, m.Table(header=header, rows=rows, widths=(3, 1, 1, 3, 2, 2))]


def _details(kind: Kind, version: dict, redaction: Redaction, system: str) -> tuple[tuple[str, m.Text], ...]:
    def day(key: str, empty: str) -> m.Text:
        return m.plain(date_display(version[key]) or empty)

    return (
        ("System", m.plain(system)),
        (
            "Kind of assessment",
            m.plain(kind.label if kind.short == kind.label else f"{kind.label} ({kind.short})"),
        ),
        ("Reference", m.plain(version["reference"])),
        ("Version", m.plain(str(version["number"]))),
        ("Status", m.plain(labels(STATUSES)[version["status"]])),
        ("Date started", day("started", "Not recorded")),
        ("Date conducted (completed)", day("conducted", "Not recorded")),
        ("Date approved", day("approved", "Not approved")),
        ("Review due", day("review_due", "Not set")),
        ("Owner", redaction.person("detail:owner", version["owner"] or "") or m.plain("Not recorded")),
        ("Protective marking", m.plain(version["marking"])),
        ("Form", m.plain(f"{kind.short} form, version {kind.version}")),
    )


def _notes(redaction: Redaction, release: Release | None, flags: list[Flag]) -> tuple[m.Text, ...]:
    if release is not None:
        return (m.plain(release.sentence()), m.plain(WITHHELD_NOTE))
    notes = [m.plain("Internal copy: not for disclosure.")]
    if redaction.marks:
        notes.append(
            join(
                "Text ",
                (m.Run("highlighted", m.MARKED),),
                f" is withheld from disclosure copies ({len(redaction.marks)} parts marked).",
            )
        )
    notes += [n for n in (redaction.notes("detail:title"), redaction.notes("detail:owner")) if n]
    notes += [m.plain(f"Warning: {flag.title}. {flag.text}") for flag in flags]
    return tuple(notes)


def section_blocks(kind: Kind, section: Section, answers: dict, redaction: Redaction) -> list[m.Block]:
    """A section as a level 1 heading with its questions below it."""
    blocks: list[m.Block] = [m.Heading(section.title, 1)]
    for question in section.questions:
        if ANSWER_TYPES[question.type].document_heading(question, section):
            blocks.append(m.Heading(question.label, 2))
        blocks += question_blocks(kind, question, answers, redaction)
        note = redaction.notes(question.key, section.key)
        if note:
            blocks.append(m.Paragraph(note))
    return blocks


def question_blocks(kind: Kind, question: Question, answers: dict, redaction: Redaction) -> list[m.Block]:
    """One answer: paragraphs for simple answers, tables for tables, grids and sign-offs."""
    answer_type = ANSWER_TYPES[question.type]
    whole = redaction.whole(question.key)
    if answer_type.structured and whole and redaction.disclose:
        return [m.Paragraph(redaction.withheld(whole))]
    return LAYOUTS[answer_type.layout](kind, question, answers, redaction)


def text_blocks(kind: Kind, question: Question, answers: dict, redaction: Redaction) -> list[m.Block]:
    """A simple answer as a paragraph, or a hint that it was not answered."""
    value = answers.get(question.key, "")
    text = answer_rules.value_text(question.type, value, question.choices) if value else ""
    return [answer_or_hint(redaction.text(question.key, text))]


def _weight(column: Column) -> int:
    return 8 if ANSWER_TYPES[column.type].paragraphs else 3


def table_blocks(kind: Kind, question: Question, answers: dict, redaction: Redaction) -> list[m.Block]:
    """A repeating table: one grid, or one small table per row when most columns are long text."""
    rows = answers.get(question.key) or []
    if not rows:
        return [m.Paragraph(m.plain(f"No {question.row_name}s recorded."), hint=True)]
    if sum(ANSWER_TYPES[c.type].paragraphs for c in question.columns) >= RECORD_LAYOUT_LONGTEXTS:
        return [_record(kind, question, answers, redaction, i, row) for i, row in enumerate(rows, start=1)]
    header = (m.Cell(m.plain("No.")), *(m.Cell(m.plain(c.label)) for c in question.columns))
    body = []
    for i, row in enumerate(rows, start=1):
        mark = redaction.whole(f"{question.key}/{row['_id']}")
        if mark and redaction.disclose:
            body.append(
                (m.Cell(m.plain(str(i))), m.Cell(redaction.withheld(mark), span=len(question.columns)))
            )
        else:
            body.append((m.Cell(m.plain(str(i))), *_row_cells(kind, question, answers, redaction, row)))
    return [
        m.Table(
            header=header,
            rows=tuple(body),
            widths=(2, *(_weight(c) for c in question.columns)),
        )
    ]


def _row_cells(
    kind: Kind, question: Question, answers: dict, redaction: Redaction, row: dict
) -> list[m.Cell]:
    cells = []
    for column in question.columns:
        path = f"{question.key}/{row['_id']}/{column.key}"
        cells.append(m.Cell(_cell_text(kind, question, column, answers, redaction, row, path)))
    return cells


def _cell_text(kind, question, column, answers, redaction, row, path) -> m.Text:
    answer_type = ANSWER_TYPES[column.type]
    if answer_type.refers:
        # Only the row's number: its words could carry text withheld in the other table.
        target = kind.questions[column.refers_to]
        ids = [r["_id"] for r in answers.get(target.key) or []]
        value = row.get(column.key)
        number = f"{target.row_name.capitalize()} {ids.index(value) + 1}" if value in ids else ""
        # A reference to a withheld row is itself withheld, as the kind declares (its dependants).
        return redaction.text(path, number)
    text = answer_rules.cell_text(kind, column, row, answers)
    if not answer_type.stored:
        # A value computed from withheld cells would give them away.
        siblings = (redaction.whole(f"{question.key}/{row['_id']}/{c.key}") for c in question.columns)
        mark = next((found for found in siblings if found), None)
        if mark and text:
            return redaction.withheld(mark, text)
    return cell_runs(redaction, column, row, path, text)


def cell_runs(redaction: Redaction, column: Column, row: dict, path: str, text: str) -> m.Text:
    """A cell's text through its marks; a person's name also through the rule on staff names (s40(2))."""
    if not column.person:
        return redaction.text(path, text)
    role = row.get(column.role, "") if column.role else ""
    return redaction.person(path, text, role if isinstance(role, str) else "")


def _record(
    kind: Kind, question: Question, answers: dict, redaction: Redaction, i: int, row: dict
) -> m.Table:
    title = m.Cell(m.plain(f"{question.row_name.capitalize()} {i}"), span=2)
    mark = redaction.whole(f"{question.key}/{row['_id']}")
    if mark and redaction.disclose:
        rows: tuple = ((m.Cell(redaction.withheld(mark), span=2),),)
    else:
        cells = _row_cells(kind, question, answers, redaction, row)
        rows = tuple(
            (m.Cell(m.plain(c.label)), cell) for c, cell in zip(question.columns, cells, strict=True)
        )
    return m.Table(header=(title,), rows=rows, row_headers=True, widths=(1, 3))


def grid_table(kind: Kind, question: Question, answers: dict, redaction: Redaction) -> m.Table:
    """A grid or sign-off table: one row per declared row, one column per declared column."""
    value = answers.get(question.key) or {}
    declared = answer_rules.declared_rows(question)
    columns = next(iter(declared.values()))[1]
    header = (
        m.Cell(m.plain(ANSWER_TYPES[question.type].row_heading)),
        *(m.Cell(m.plain(c.label)) for c in columns),
    )
    body = []
    for row_key, (row_label, row_columns, choices) in declared.items():
        mark = redaction.whole(f"{question.key}/{row_key}")
        if mark and redaction.disclose:
            body.append((m.Cell(m.plain(row_label)), m.Cell(redaction.withheld(mark), span=len(row_columns))))
            continue
        entry = value.get(row_key, {})
        cells = [m.Cell(m.plain(row_label))]
        for column in row_columns:
            text = answer_rules.cell_text(
                kind, column, entry, answers, choices if column.key == "decision" else ()
            )
            cells.append(
                m.Cell(cell_runs(redaction, column, entry, f"{question.key}/{row_key}/{column.key}", text))
            )
        body.append(tuple(cells))
    return m.Table(
        header=header,
        rows=tuple(body),
        row_headers=True,
        widths=(4, *(_weight(c) for c in columns)),
    )


def grid_blocks(kind: Kind, question: Question, answers: dict, redaction: Redaction) -> list[m.Block]:
    """A grid or sign-off table, as the only block of its answer."""
    return [grid_table(kind, question, answers, redaction)]


# How each answer type's `layout` is drawn.
LAYOUTS = {"text": text_blocks, "table": table_blocks, "grid": grid_blocks}
