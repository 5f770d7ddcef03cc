"""Drafted answers to an FOI request's questions, each drawn from the register as it stood on one day.

Every answer says whether information is held (FOIA s1(1)(a)): a fact the register holds nothing of is
"information not held", with the searches made. A question can instead be answered as not held, neither
confirmed nor denied, withheld in full, published elsewhere (s21) or over the cost limit (s12). Systems the
request neither confirms nor denies are left out of every answer. Register text passes through the same
marks as the schedule and the disclosure copies, so nothing withheld there is released here.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from dpia import kinds
from dpia.actor import Actor
from dpia.clock import LONDON, day_end
from dpia.domain import exemptions as rules
from dpia.domain import questions as question_rules
from dpia.domain import transparency
from dpia.domain.publications import COST_COLUMNS, POLICY_COLUMNS
from dpia.domain.register import FIELD_LABELS
from dpia.export import model as m
from dpia.partial_dates import display as date_display
from dpia.partial_dates import long_date
from dpia.records import FoiQuestion, FoiRequest, Publication, System
from dpia.services.accounts import settings
from dpia.services.disclosure import (
    as_at,
    documents,
    exports,
    questions,
    register_exports,
    schedule,
    withholding,
)
from dpia.services.monitoring import datasets as monitoring
from dpia.store import foi_ncnd
from dpia.store import foi_questions as question_store
from dpia.store import publications as publication_store
from dpia.store.db import Database
from dpia.vocab import CATEGORIES, LIFECYCLES, STATUSES, labels

ASSESSMENTS_FOLDER = "assessments"


@dataclass(frozen=True)
class Published:
    """Something an answer points to under section 21 instead of sending it: what, where, since when."""

    title: str
    address: str
    published: date
    # The version whose disclosure copy is published, when it is one.
    version_id: int | None = None
    # The monitoring dataset whose released CSV is published, when it is one.
    dataset_id: int | None = None


@dataclass
class Answer:
    """One question answered: whether information is held, the answer, the files it points to."""

    question: FoiQuestion
    # "held", "not_held", "ncnd", "exempt", "s21" or "s12".
    held: str
    statement: str
    blocks: list[m.Block] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # (exemption, name of an "other" one) the answer relies on.
    exemptions: list[tuple[str, str]] = field(default_factory=list)
    # What the officer must still do before the answer can be sent.
    missing: list[str] = field(default_factory=list)
    systems: list[System] = field(default_factory=list)
    # What the answer points to on the public transparency pages instead of sending (s21).
    published: list[Published] = field(default_factory=list)


@dataclass
class Drafted:
    """A request's answers, the day they are drawn from, and the systems neither confirmed nor denied."""

    request: FoiRequest
    day: date
    answers: list[Answer]
    # System id -> the exemption relied on to neither confirm nor deny it.
    ncnd: dict[int, str]


class Register:
    """The register as at one day, read once per system however many questions ask about it."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        day: date,
        ncnd: dict[int, str],
        dropped: frozenset[int] = frozenset(),
        send_published: bool = False,
        until: str | None = None,
    ):
        self.db, self.actor, self.day, self.ncnd, self.hidden = db, actor, day, ncnd, set(ncnd)
        self.dropped = dropped  # marks the request releases after all
        # Whether files already published are sent as well, rather than pointed to under s21.
        self.send_published = send_published
        # Publications count only if live just before this moment (the end of the letter's day), so a
        # letter written again later says what it said when sent.
        self.until = until
        self._entries: dict[int, schedule.SystemEntry | None] = {}
        self._sweep: list[dict] | None = None

    def hidden_sections(self, system_ids: list[int]) -> list[str]:
        """The exemptions relied on to neither confirm nor deny these systems."""
        return sorted({self.ncnd[s] for s in system_ids})

    def sweep(self, system_ids: list[int]) -> list[dict]:
        """Passages withheld in any source the answers draw on, found once for the request."""
        if self._sweep is None:
            self._sweep = withholding.passage_marks(self.db, system_ids, self.dropped)
        return self._sweep

    def entry(self, system: System) -> schedule.SystemEntry | None:
        """A system as at the day with its marks applied, or None if it was not in the register then."""
        if system["id"] not in self._entries:
            found = as_at.entry(self.db, self.actor, system, self.day)
            self._entries[system["id"]] = (
                None
                if found is None
                else register_exports.system_entry(
                    self.db, self.actor, found.system, True, self._sweep or [], self.day, self.dropped
                )
            )
        return self._entries[system["id"]]

    def scope(self, question: FoiQuestion) -> tuple[list[schedule.SystemEntry], list[int]]:
        """The question's systems as at the day, less those neither confirmed nor denied (also returned)."""
        found, hidden = [], []
        for system in questions.scope_systems(self.db, self.actor, question):
            if system["id"] in self.hidden:
                hidden.append(system["id"])
                continue
            entry = self.entry(system)
            if entry is not None:
                found.append(entry)
        return found, hidden


def draft(
    db: Database,
    actor: Actor,
    request: FoiRequest,
    paths: dict | None = None,
    send_published: bool = False,
    on: date | None = None,
) -> Drafted:
    """Every question answered as at the request's day; `paths` maps usual file paths to a pack's.

    Disclosure copies and monitoring CSVs a live publication holds are pointed to under section 21 unless
    `send_published`; with `on` (the letter's day), only publications live by the end of that day.
    """
    day = as_at.request_day(request)
    ncnd = foi_ncnd.for_request(db, request["id"])
    dropped = withholding.dropped(db, request["id"])
    register = Register(db, actor, day, ncnd, dropped, send_published, day_end(on) if on else None)
    asked = question_store.for_request(db, request["id"])
    ids = sorted({s["id"] for q in asked for s in questions.scope_systems(db, actor, q)} - set(ncnd))
    register.sweep(ids)
    answers = [_answer(db, actor, register, q, paths or {}) for q in asked]
    return Drafted(request, day, answers, ncnd)


def _answer(db: Database, actor: Actor, register: Register, question: FoiQuestion, paths: dict) -> Answer:
    way = question["disposition"]
    missing = [] if question["confirmed"] else [f"Confirm what answers question {question['number']}"]
    if way == "ncnd":
        return _neither(question, [question["exemption"]], missing)
    if way == "exempt":
        name = _exemption_words(question)
        statement = rules.EXEMPT.format(exemption=name)
        found = [(question["exemption"], question["other"])]
        return Answer(question, "exempt", statement, exemptions=found, missing=missing)
    if way == "s12":
        blocks: list[m.Block] = [m.Paragraph(m.plain(rules.COST_ADVICE))]
        statement = rules.COST.format(estimate=question["detail"])
        return Answer(question, "s12", statement, blocks, missing=missing)
    if way == "not_held":
        return Answer(question, "not_held", _not_held(register.day, question["detail"]), missing=missing)
    entries, hidden = register.scope(question)
    answer = _from_register(db, actor, register, question, entries, paths)
    answer.missing = missing + answer.missing
    if hidden and (answer.held == "not_held" or answer.statement == "No."):
        # "No" or "not held" would deny what the request neither confirms nor denies.
        return _neither(question, register.hidden_sections(hidden), missing)
    if way == "s21":
        answer.held, answer.exemptions = "s21", [("s21", "")]
        answer.statement = rules.ACCESSIBLE.format(location=question["detail"])
    return answer


def _neither(question: FoiQuestion, exemptions: list[str], missing: list[str]) -> Answer:
    """Neither confirm nor deny, citing each exemption's NCND subsection."""
    words = " and ".join(f"section {rules.RULES[e].ncnd[1:]}" for e in exemptions) + " of the Act"
    statement = rules.NCND_QUESTION.format(sections=words)
    return Answer(question, "ncnd", statement, exemptions=[(e, "") for e in exemptions], missing=missing)


def _exemption_words(question: FoiQuestion) -> str:
    if question["other"]:
        return question["other"]
    return f"section {question['exemption'][1:]}{question['subsection']} of the Act"


def _not_held(day: date, detail: str) -> str:
    statement = rules.NOT_HELD.format(searches=rules.SEARCHES, day=long_date(day))
    return f"{statement} {detail}".strip()


def _from_register(
    db: Database,
    actor: Actor,
    register: Register,
    question: FoiQuestion,
    entries: list[schedule.SystemEntry],
    paths: dict,
) -> Answer:
    fact = question["fact"]
    if fact == "own":
        text = question["answer"]
        missing = [] if text else [f"Write the answer to question {question['number']}"]
        blocks: list[m.Block] = [m.Paragraph(m.plain(p)) for p in text.split("\n\n") if p.strip()]
        return Answer(question, "held", rules.HELD, blocks, missing=missing)
    if fact == "parent":
        return _parent(question, entries)
    published: list[Published] = []
    if fact == "assessments":
        blocks, files, published = _assessments(db, register, entries, paths)
    elif fact == "how_it_works":
        blocks, files, published = _how_it_works(db, register, entries)
    elif fact in PUBLISHED_LISTS:
        blocks, files, published = _published_lists(db, register, fact, entries, paths)
    elif fact == "monitoring":
        blocks, files, published = _monitoring(db, register, entries, paths)
    else:
        blocks, files = FACTS[fact](db, actor, register.day, entries, paths)
        if blocks and fact in ALSO_PUBLISHED and not register.send_published:
            blocks += also_published(db, fact, entries, register.until)
    systems = [e.system for e in entries]
    if not blocks:
        return Answer(question, "not_held", _not_held(register.day, ""), systems=systems)
    cited = [("s21", "")] if published else []
    return Answer(
        question, "held", rules.HELD, blocks, files, systems=systems, published=published, exemptions=cited
    )


def _parent(question: FoiQuestion, entries: list[schedule.SystemEntry]) -> Answer:
    answer, used = question_rules.parent_answer([e.system for e in entries])  # type: ignore[misc]
    if answer == "no":
        return Answer(question, "held", "No.", systems=[])
    rows = tuple(
        (m.Cell(m.plain(s["name"])), m.Cell(m.plain(labels(LIFECYCLES)[s["lifecycle"]]))) for s in used
    )
    header = (m.Cell(m.plain("System")), m.Cell(m.plain("Lifecycle")))
    return Answer(question, "held", "Yes.", [m.Table(header, rows, widths=(3, 1))], systems=list(used))


Blocks = tuple[list[m.Block], list[str]]


def _table(header: tuple[str, ...], rows: list[tuple[m.Text, ...]], widths: tuple[int, ...]) -> m.Table:
    return m.Table(
        header=tuple(m.Cell(m.plain(h)) for h in header),
        rows=tuple(tuple(m.Cell(c) for c in r) for r in rows),
        widths=widths,
    )


def _names(db, actor, day, entries, paths) -> Blocks:
    rows = []
    for e in entries:
        aliases = e.redaction.text("aliases", ", ".join(e.system["aliases"])) or m.plain("None recorded")
        rows.append((m.plain(e.system["name"]), aliases, m.plain(labels(CATEGORIES)[e.system["category"]])))
    return ([_table(("System", "Also known as", "Category"), rows, (3, 3, 2))] if rows else []), []


def _first_use(db, actor, day, entries, paths) -> Blocks:
    rows = [(m.plain(e.system["name"]), schedule.lifecycle_text(e.system, e.redaction)) for e in entries]
    return ([_table(("System", "Lifecycle and first use"), rows, (2, 3))] if rows else []), []


# Facts a sentence long are answered in the letter even when published, with where they are published too
# (withholding a name or a date and sending the requester to a web page would only slow them down): the
# systems' names whenever the system's record is published, and first use when it is published unchanged.
ALSO_PUBLISHED = {
    "names": lambda system, record: True,
    "first_use": lambda system, record: (
        bool(system["first_used"]) and record.get("first_used") == str(system["first_used"])
    ),
}
ALSO_LEAD = "This is also published on our transparency pages:"


def also_published(
    db: Database, fact: str, entries: list[schedule.SystemEntry], until: str | None
) -> list[m.Block]:
    """Where the answer just given is published too: each system's page, with the date published.

    Only once the pages' public address is set: the answer is whole without it.
    """
    if not str(settings.current(db).get("public_address") or ""):
        return []
    found = []
    for e in entries:
        live = publication_store.live(db, e.system["id"], until)
        if live is not None and ALSO_PUBLISHED[fact](e.system, live["record"]):
            found.append(_pointer(db, live, e.system["name"], transparency.system_path(live["slug"])))
    return published_blocks(found, ALSO_LEAD) if found else []


HOW_KEYS = ("how_it_works", "data_used", "how_outputs_made")


def _how_it_works(
    db: Database, register: Register, entries: list[schedule.SystemEntry]
) -> tuple[list[m.Block], list[str], list[Published]]:
    blocks: list[m.Block] = []
    published: list[Published] = []
    for e in entries:
        given = {key: e.redaction.text(key, e.system[key]) for key in HOW_KEYS if e.system[key]}
        if not given:
            continue
        cited = None if register.send_published else published_fields(db, e.system, given, register.until)
        if cited is not None:
            published.append(cited)
            blocks += [m.Heading(e.system["name"], 3), *published_blocks([cited], FIELDS_LEAD)]
            continue
        parts = [m.Paragraph(documents.join(f"{FIELD_LABELS[k]}: ", t)) for k, t in given.items()]
        blocks += [m.Heading(e.system["name"], 3), *parts]
    return blocks, [], published


# Register lists a live publication answers when it holds them exactly as the register does, row by row.
PUBLISHED_LISTS = {"costs": COST_COLUMNS, "policies": POLICY_COLUMNS}


def _published_lists(
    db: Database, register: Register, fact: str, entries: list[schedule.SystemEntry], paths: dict
) -> tuple[list[m.Block], list[str], list[Published]]:
    """Costs or policies: each system whose list is published is pointed to, the others answered."""
    cited: list[tuple[schedule.SystemEntry, Published]] = []
    for e in entries:
        found = None if register.send_published else published_list(db, e.system, fact, register.until)
        if found is not None:
            cited.append((e, found))
    covered = {e.system["id"] for e, _ in cited}
    rest = [e for e in entries if e.system["id"] not in covered]
    blocks, files = FACTS[fact](db, register.actor, register.day, rest, paths)
    for e, found in cited:
        blocks += [m.Heading(e.system["name"], 3), *published_blocks([found], FIELDS_LEAD)]
    return blocks, files, [found for _, found in cited]


def published_list(db: Database, system: System, key: str, until: str | None = None) -> Published | None:
    """The system's page, when its live publication holds this list (costs, policies) whole and unchanged.

    Compared with the register itself, not the released text: a list published with anything withheld
    from it is not the information asked for, so it is answered as usual.
    """
    rows = [{c: item.get(c) for c in PUBLISHED_LISTS[key]} for item in system[key]]
    live = publication_store.live(db, system["id"], until)
    if not rows or live is None:
        return None
    fields = _record_fields(live)
    published = [{c: item.get(c) for c in PUBLISHED_LISTS[key]} for item in fields.get(key) or []]
    if published != rows:
        return None
    title = f"{system['name']}: {FIELD_LABELS[key].lower()}"
    return _pointer(db, live, title, transparency.system_path(live["slug"]))


def published_fields(
    db: Database, system: System, given: dict[str, m.Text], until: str | None = None
) -> Published | None:
    """The system's page, when its live publication holds every one of these fields with the same text."""
    live = publication_store.live(db, system["id"], until)
    if live is None:
        return None
    fields = _record_fields(live)
    if any(fields.get(key) != m.text_of(text) for key, text in given.items()):
        return None
    title = f"{system['name']}: " + ", ".join(FIELD_LABELS[k].lower() for k in given)
    return _pointer(db, live, title, transparency.system_path(live["slug"]))


def _record_fields(live: Publication) -> dict:
    """A live publication's register fields by key, as released."""
    return {f.get("key"): f.get("value") for f in live["record"].get("fields", [])}


def _pointer(db: Database, live: Publication, title: str, path: str, **ids: int) -> Published:
    """An item of a live publication at its public address (below the pages' root), with its date."""
    return Published(title, transparency.address(public_base(db), path), uk_day(live["published_at"]), **ids)


def _per_system(entries, has, render) -> list[m.Block]:
    blocks: list[m.Block] = []
    for e in entries:
        if has(e):
            blocks += [m.Heading(e.system["name"], 3), *render(e)]
    return blocks


def _costs(db, actor, day, entries, paths) -> Blocks:
    blocks = _per_system(
        entries, lambda e: e.system["costs"], lambda e: schedule.costs_blocks(e.system, e.redaction)
    )
    return blocks, []


def _policies(db, actor, day, entries, paths) -> Blocks:
    blocks = _per_system(
        entries, lambda e: e.system["policies"], lambda e: schedule.policy_blocks(e.system, e.redaction)
    )
    return blocks, []


def _bias(db, actor, day, entries, paths) -> Blocks:
    def has(e: schedule.SystemEntry) -> bool:
        return any(v["answers"].get(schedule.BIAS_QUESTION) for _, v, _ in e.equality)

    return _per_system(entries, has, schedule.bias_blocks), []


def _assessments(
    db: Database, register: Register, entries: list[schedule.SystemEntry], paths: dict
) -> tuple[list[m.Block], list[str], list[Published]]:
    rows, files, statements, lines = [], [], [], []
    for e in entries:
        for key in kinds.FOI_KINDS:
            kind = kinds.latest(key)
            found = e.assessments.get(key, [])
            if not found:
                statements.append(f"{e.system['name']}: {schedule.none_conducted(kind)}")
            for line in found:
                rows.append(_assessment_row(e.system["name"], kind.short, line))
                if line.status == "approved":
                    lines.append(line)
    if not rows:
        return [], [], []
    published = [] if register.send_published else published_copies(db, lines, register.until)
    covered = {p.version_id for p in published}
    files = [_version_path(line, paths) for line in lines if line.version_id not in covered]
    table = _table(
        ("System", "Kind", "Reference", "Status", "Conducted", "Approved"), rows, (3, 1, 2, 2, 2, 2)
    )
    blocks: list[m.Block] = [table, *(m.Paragraph(m.plain(s)) for s in statements)]
    if files:
        blocks.append(m.Paragraph(m.plain("Disclosure copies of the approved assessments are attached: ")))
        blocks += [m.Paragraph(m.plain(f"• {name}")) for name in files]
    if published:
        blocks += published_blocks(published)
    return blocks, files, published


def published_copies(
    db: Database, lines: list[schedule.AssessmentLine], until: str | None = None
) -> list[Published]:
    """The approved versions whose very disclosure copy a live publication holds, with its public address."""
    ids = [line.version_id for line in lines if line.version_id is not None]
    live = publication_store.live_versions(db, ids, until)
    found = []
    for line in lines:
        if line.version_id in live:
            publication, file = live[line.version_id]
            path = transparency.file_path(publication["slug"], file["path"])
            title = f"{line.reference} version {line.number}"
            found.append(_pointer(db, publication, title, path, version_id=line.version_id))
    return found


def uk_day(stamp: str) -> date:
    """The UK calendar day of a stored timestamp, as the public pages show it."""
    moment = datetime.fromisoformat(stamp)
    return (moment.astimezone(LONDON) if moment.tzinfo else moment).date()


def public_base(db: Database) -> str:
    """The public pages' address as set, else their root in this app (the letter then lists a problem)."""
    return str(settings.current(db).get("public_address") or "") or transparency.ROOT


COPIES_LEAD = (
    "The disclosure copies of these assessments are already published, so they are not attached: the"
    " information is reasonably accessible to you by other means and is exempt under section 21 of the"
    " Act. Each is at:"
)
FIELDS_LEAD = (
    "This information is already published: it is reasonably accessible to you by other means and is exempt"
    " under section 21 of the Act. It is at:"
)


def published_blocks(published: list[Published], lead: str = COPIES_LEAD) -> list[m.Block]:
    """What an answer says of the items it points to under section 21."""
    return [
        m.Paragraph(m.plain(lead)),
        *(
            m.Paragraph(m.plain(f"• {p.title}: {p.address} (published on {long_date(p.published)})"))
            for p in published
        ),
    ]


def _assessment_row(system: str, short: str, line: schedule.AssessmentLine) -> tuple[m.Text, ...]:
    return tuple(
        m.plain(text)
        for text in (
            system,
            short,
            f"{line.reference} version {line.number}",
            labels(STATUSES)[line.status],
            date_display(line.conducted) or "Not recorded",
            date_display(line.approved) or "Not approved",
        )
    )


def _version_path(line: schedule.AssessmentLine, paths: dict) -> str:
    default = f"{ASSESSMENTS_FOLDER}/{exports.version_filename(line.__dict__, True)}"  # type: ignore[arg-type]
    return paths.get(default, default)


def system_folder(system: System) -> str:
    """The folder of a pack holding files contributed for one system."""
    return f"systems/{exports.safe_name(system['name'])}"


MONITORING_LEAD = (
    "Counts by age, ethnicity and sex are attached as CSV files, small numbers suppressed as each explains."
)
PARTLY_PUBLISHED = "Those already published are not: each is pointed to below."
DATASETS_LEAD = (
    "These counts are already published as CSV files, small numbers suppressed as each explains, so they are"
    " not attached: the information is reasonably accessible to you by other means and is exempt under"
    " section 21 of the Act. Each is at:"
)


def _monitoring(
    db: Database, register: Register, entries: list[schedule.SystemEntry], paths: dict
) -> tuple[list[m.Block], list[str], list[Published]]:
    """Each system's datasets as released: attached, or pointed to where published unchanged (s21)."""
    blocks: list[m.Block] = []
    files: list[str] = []
    published: list[Published] = []
    for e in entries:
        names = monitoring.released_names(db, register.actor, e.system["id"], register.day)
        if not names:
            continue
        cited = {}
        if not register.send_published:
            cited = published_datasets(db, register.actor, e.system, register.day, register.until)
        blocks.append(m.Heading(e.system["name"], 3))
        for name, title in names:
            if name in cited:
                continue
            default = f"{system_folder(e.system)}/{exports.file_name(name)}"
            path = paths.get(default, default)
            files.append(path)
            blocks.append(m.Paragraph(m.plain(f"{title}: attached as {path}")))
        if cited:
            blocks += published_blocks(list(cited.values()), DATASETS_LEAD)
            published += cited.values()
    if files:
        lead = f"{MONITORING_LEAD} {PARTLY_PUBLISHED}" if published else MONITORING_LEAD
        blocks.insert(0, m.Paragraph(m.plain(lead)))
    return blocks, files, published


def published_datasets(
    db: Database, actor: Actor, system: System, day: date, until: str | None = None
) -> dict[str, Published]:
    """The system's datasets whose CSV as released on the day is, byte for byte, a file of its live
    publication: by the name `released_files` gives the CSV, with the file's address and publication date.

    Each is released as it would have been beside that file, against the figures released before it (see
    `monitoring.logged_releases`): a dataset unchanged since is the same file, one with another period or
    count is not, and neither is one whose release rule changed or whose file the publication swept.
    """
    live = publication_store.live(db, system["id"], until)
    if live is None or live["disclosure_id"] is None:
        return {}
    public = {f["path"]: f for f in publication_store.files(db, live["id"]) if f["role"] == "monitoring"}
    logged = monitoring.logged_releases(db, system["id"], live["disclosure_id"])
    logged = [r for r in logged if r.file in public]
    found: dict[str, Published] = {}
    for dataset in monitoring.datasets_until(db, actor, system["id"], day) if logged else []:
        for release in logged:
            if (release.measure, release.breakdown) != (dataset["measure"], dataset["breakdown"]):
                continue  # a file of another measure or breakdown cannot hold the same bytes
            made = monitoring.preview_release(db, actor, dataset["id"], day, release.priors)
            file = public[release.file]
            if hashlib.sha256(made.content).hexdigest() == file["sha256"]:
                path = transparency.file_path(live["slug"], file["path"])
                found[made.name] = _pointer(db, live, made.title, path, dataset_id=dataset["id"])
                break
    return found


# How an officer may answer a question without the register: the register then contributes no file.
OFFICER_WAYS = ("ncnd", "exempt", "s12", "not_held")


def cited_datasets(
    db: Database, actor: Actor, request: FoiRequest, system: System, on: date | None = None
) -> dict[str, Published]:
    """The system's datasets the response letter (dated `on`) points to under s21 rather than attaching,
    as `published_datasets` gives them: only when a question answered from the register asks for them."""
    if system["id"] in foi_ncnd.for_request(db, request["id"]):
        return {}
    asking = [
        q
        for q in question_store.for_request(db, request["id"])
        if q["fact"] == "monitoring" and q["disposition"] not in OFFICER_WAYS
    ]
    if not any(system["id"] in {s["id"] for s in questions.scope_systems(db, actor, q)} for q in asking):
        return {}
    until = day_end(on) if on else None
    return published_datasets(db, actor, system, as_at.request_day(request), until)


def _individuals(db, actor, day, entries, paths) -> Blocks:
    rows = []
    for e in entries:
        for found in monitoring.people_held(db, actor, e.system["id"], day):
            rows.append(
                (
                    m.plain(e.system["name"]),
                    m.plain(found["title"]),
                    m.plain(found["period"]),
                    m.plain(found["people"]),
                )
            )
    if not rows:
        return [], []
    return [_table(("System", "Dataset", "Period", "People"), rows, (3, 3, 1, 1))], []


FACTS = {
    "names": _names,
    "first_use": _first_use,
    "costs": _costs,
    "policies": _policies,
    "bias_testing": _bias,
    "individuals": _individuals,
}
