"""The response letter: the request quoted, each question answered in order, the refusal notice, the rights.

Built as a document model from the drafted answers, the request's reasons and the force's settings, so the
Word letter, its PDF and the page's preview say the same. Exemptions used anywhere in the response (on whole
answers, or on passages withheld in the attached copies) each get a paragraph; a letter with anything still
missing is marked as a draft and says what is missing.
"""

from dataclasses import dataclass
from datetime import date, datetime

from dpia.domain import exemptions as rules
from dpia.domain import staff as staff_rules
from dpia.domain.redaction import marker
from dpia.export import model as m
from dpia.partial_dates import long_date
from dpia.services.accounts import settings
from dpia.services.disclosure.answers import Drafted
from dpia.store.db import Database

DRAFT = "DRAFT: not ready to send"


@dataclass(frozen=True)
class Used:
    """One exemption the response relies on: where, and the subsections cited."""

    key: str
    exemption: str
    other: str
    subsections: tuple[str, ...]
    questions: tuple[str, ...]
    passages: bool


def exemptions_used(drafted: Drafted, marks: list[dict]) -> list[Used]:
    """Every exemption the response relies on, in the order of the Act."""
    found: dict[str, dict] = {}

    def add(exemption: str, other: str, subsection: str, question: str, passage: bool) -> None:
        key = rules.reason_key(exemption, other)
        item = found.setdefault(
            key, {"exemption": exemption, "other": other, "subs": [], "questions": [], "passages": False}
        )
        if subsection and subsection not in item["subs"]:
            item["subs"].append(subsection)
        if question and question not in item["questions"]:
            item["questions"].append(question)
        item["passages"] = item["passages"] or passage

    for answer in drafted.answers:
        question = answer.question
        for exemption, other in answer.exemptions:
            add(exemption, other, question["subsection"], question["number"], False)
    for exemption in drafted.ncnd.values():
        add(exemption, "", rules.RULES[exemption].ncnd[len(exemption) :], "", False)
    for mark in marks:
        add(mark["exemption"], mark.get("other") or "", mark.get("subsection") or "", "", True)
    return [
        Used(key, i["exemption"], i["other"], tuple(i["subs"]), tuple(i["questions"]), i["passages"])
        for key, i in sorted(found.items(), key=lambda kv: _order(kv[0]))
    ]


def _order(key: str) -> tuple[int, str]:
    digits = "".join(c for c in key[1:4] if c.isdigit())
    return (int(digits) if key.startswith("s") and digits else 999, key)


# Settings the letterhead cannot do without: who is writing, and where the requester can reply.
LETTERHEAD = {
    "organisation": "An administrator must set the organisation's name in Settings",
    "foi_contact": "An administrator must set the FOI unit's contact address in Settings",
}
PUBLIC_ADDRESS = (
    "An administrator must set the public address of the transparency pages in Settings: the response"
    " points to published records under section 21"
)


def problems(drafted: Drafted, used: list[Used], reasons: dict[str, dict], values: dict) -> list[str]:
    """What must be done before the letter can be sent."""
    found = [] if drafted.answers else ["Add the request's questions"]
    found += [message for key, message in LETTERHEAD.items() if not str(values.get(key) or "").strip()]
    for answer in drafted.answers:
        found += answer.missing
    if any(a.published for a in drafted.answers) and not str(values.get("public_address") or "").strip():
        found.append(PUBLIC_ADDRESS)
    for item in used:
        found += rules.missing(item.exemption, reasons.get(item.key) or None)
    return found


def document(
    db: Database,
    drafted: Drafted,
    used: list[Used],
    reasons: dict[str, dict],
    files: list[str],
    on: date,
    author: str,
    staff: int = 0,
) -> m.Document:
    """The letter as a document model; marked as a draft while anything is missing.

    `staff` is how many members of staff have their names withheld from the attached copies (s40(2)).
    """
    request = drafted.request
    values = settings.current(db)
    missing = problems(drafted, used, reasons, values)
    blocks: list[m.Block] = []
    if missing:
        blocks += [m.Heading(DRAFT, 1), *(m.Paragraph(m.plain(f"• {p}")) for p in missing)]
    blocks += _opening(drafted)
    blocks += _answers(drafted)
    blocks += _notice(drafted, used, reasons, staff)
    blocks += _files(files)
    blocks += _closing(values, request["reference"])
    title = f"Freedom of Information request {request['reference']}"
    organisation = str(values["organisation"] or "")
    return m.Document(
        title=m.plain(title),
        subtitle=request["subject"] or "Response to your request for information",
        marking="OFFICIAL",
        footer=f"FOI {request['reference']} response" + (f" · {DRAFT}" if missing else ""),
        details=_letterhead(values, request["reference"], on, drafted),
        blocks=tuple(blocks),
        properties=m.Properties(
            title=title,
            subject=request["subject"] or "Response",
            author=author or organisation or "dpia",
            keywords=f"FOI; response; {request['reference']}",
            created=datetime.combine(on, datetime.min.time()),
            category="FOI response",
            status=DRAFT if missing else "Final",
        ),
    )


def _letterhead(values: dict, reference: str, on: date, drafted: Drafted) -> tuple[tuple[str, m.Text], ...]:
    sender = ", ".join(str(v) for v in (values["organisation"], values["foi_unit"]) if v)
    rows = [
        ("From", m.plain(sender or "Freedom of Information Unit")),
        ("Contact", m.plain(" ".join(str(values["foi_contact"] or "").split()) or "Not set")),
        ("Our reference", m.plain(reference)),
        ("Date", m.plain(long_date(on))),
        ("Request received", m.plain(long_date(date.fromisoformat(drafted.request["received"])))),
        ("Answered as at", m.plain(f"The register as it stood on {long_date(drafted.day)}")),
    ]
    return tuple(rows)


def _opening(drafted: Drafted) -> list[m.Block]:
    request = drafted.request
    received = long_date(date.fromisoformat(request["received"]))
    day = long_date(drafted.day)
    when = (
        f"on {day}, the day it was received"
        if drafted.day.isoformat() == request["received"]
        else f"on {day}, a date other than the day it was received"
    )
    blocks: list[m.Block] = [
        m.Paragraph(
            m.plain(
                f"Thank you for your request for information, received on {received}. It has been"
                " considered under the Freedom of Information Act 2000 (the Act)."
            )
        ),
        m.Heading("Your request", 2),
        m.Paragraph(m.plain("You asked:")),
    ]
    blocks += [m.Paragraph(m.plain(f"{a.question['number']}. {a.question['text']}")) for a in drafted.answers]
    blocks += [
        m.Heading("Our response", 2),
        m.Paragraph(m.plain(rules.S1_STATEMENT)),
        m.Paragraph(m.plain(f"The answers below are drawn from the register as it stood {when}.")),
    ]
    return blocks


def _answers(drafted: Drafted) -> list[m.Block]:
    blocks: list[m.Block] = []
    for answer in drafted.answers:
        question = answer.question
        blocks += [
            m.Heading(f"Question {question['number']}", 3),
            m.Paragraph(m.plain(question["text"]), hint=True),
            m.Paragraph(m.plain(answer.statement)),
            *answer.blocks,
        ]
    if drafted.ncnd:
        sections = sorted({rules.RULES[e].ncnd for e in drafted.ncnd.values()}, key=_order)
        words = " and ".join(f"section {s[1:]}" for s in sections) + " of the Act"
        blocks.append(m.Paragraph(m.plain(rules.NCND_SYSTEMS.format(sections=words))))
    return blocks


def _notice(drafted: Drafted, used: list[Used], reasons: dict[str, dict], staff: int) -> list[m.Block]:
    costly = [a.question["number"] for a in drafted.answers if a.held == "s12"]
    if not used and not costly:
        return []
    blocks: list[m.Block] = [
        m.Heading("Exemptions and the public interest (section 17)", 2),
        m.Paragraph(
            m.plain(
                "Section 17 of the Act requires the force to say which exemptions it relies on and why,"
                " and for qualified exemptions to explain how the public interest was weighed."
            )
        ),
    ]
    for item in used:
        blocks += _exemption_blocks(item, reasons.get(item.key) or {})
        if item.exemption == staff_rules.EXEMPTION["exemption"] and staff:
            blocks.append(m.Paragraph(m.plain(staff_names(staff))))
    if costly:
        numbers = ", ".join(costly)
        blocks += [
            m.Heading("Section 12: cost of compliance exceeds the appropriate limit", 3),
            m.Paragraph(
                m.plain(
                    f"Section 12 applies to question{'s' if len(costly) > 1 else ''} {numbers}, as each"
                    " answer explains with its estimate. Section 12 is not an exemption, so no public"
                    " interest test applies; section 17(5) requires this notice."
                )
            ),
        ]
    return blocks


def staff_names(count: int) -> str:
    """What the letter says of the staff names withheld from the attached copies."""
    who = "1 member of staff" if count == 1 else f"{count} members of staff"
    return (
        f"The names of {who} below the grades whose names the force releases (chief officers, and some"
        " roles such as the Data Protection Officer) have been withheld under section 40(2) of the Act,"
        f" each marked {marker(staff_rules.EXEMPTION)} where it was withheld; their roles are given."
    )


def _exemption_blocks(item: Used, reason: dict) -> list[m.Block]:
    title = rules.title(item.exemption, item.other)
    cited = ", ".join(
        f"section {item.exemption[1:]}{s}" for s in item.subsections if item.exemption != "other"
    )
    where = []
    if item.questions:
        where.append(f"question{'s' if len(item.questions) > 1 else ''} {', '.join(item.questions)}")
    if item.passages:
        where.append("passages withheld in the attached documents, each marked where it was withheld")
    blocks: list[m.Block] = [m.Heading(title, 3)]
    intro = f"Relied on for {' and '.join(where) or 'this response'}"
    blocks.append(m.Paragraph(m.plain(intro + (f", citing {cited}." if cited else "."))))
    for key, label in (("why", ""), ("harm", "Harm: ")):
        if reason.get(key):
            blocks.append(m.Paragraph(m.plain(label + reason[key])))
    if rules.is_qualified(item.exemption, bool(reason.get("qualified"))):
        blocks.append(
            m.Paragraph(m.plain("This is a qualified exemption, so the public interest was weighed."))
        )
        for key, label in (
            ("favour", "Considerations favouring disclosure: "),
            ("against", "Considerations favouring non-disclosure: "),
            ("balance", "Balance test: "),
        ):
            if reason.get(key):
                blocks.append(m.Paragraph(m.plain(label + reason[key])))
    else:
        blocks.append(m.Paragraph(m.plain("This is an absolute exemption: no public interest test applies.")))
    return blocks


def _files(files: list[str]) -> list[m.Block]:
    if not files:
        return []
    return [
        m.Heading("Attached files", 2),
        m.Paragraph(m.plain("The following files are attached to this response:")),
        *(m.Paragraph(m.plain(f"• {name}")) for name in files),
    ]


def _closing(values: dict, reference: str) -> list[m.Block]:
    unit = " ".join(str(values["foi_contact"] or values["foi_unit"] or "the FOI unit").split())
    ico = " ".join(str(values["ico_contact"]).split())
    blocks: list[m.Block] = []
    notes = [str(values[k]).strip() for k in ("caveats", "reuse") if str(values[k]).strip()]
    if notes:
        blocks.append(m.Heading("About this information", 2))
        blocks += [m.Paragraph(m.plain(p)) for note in notes for p in note.split("\n\n")]
    blocks += [
        m.Heading("Your right to ask for a review", 2),
        m.Paragraph(m.plain(rules.RIGHTS.format(unit=unit, reference=reference, ico=ico))),
        m.Paragraph(m.plain("Yours sincerely,")),
        m.Paragraph(m.plain(", ".join(str(v) for v in (values["foi_unit"], values["organisation"]) if v))),
    ]
    return blocks
