"""Matching a Word document's blocks to a kind's sections and questions: a pure function of its input.

Headings and prompts are compared with section titles, question labels and guidance (the ICO template's own
wording): a recognised one moves the "current question", and the content after it goes there. Tables are
recognised by their header cells (a risk table by likelihood and severity) and each row becomes a row of
the matching table or grid. The title, status, reference, marking and dates the document gives about itself
(rules in `dpia.importers.details`) become the assessment's details. Whatever matches nothing is kept, not yet
placed.
"""

from dataclasses import asdict, dataclass, field, replace
from datetime import date

from dpia import kinds
from dpia.domain import reading as words
from dpia.domain.answer_types import ANSWER_TYPES
from dpia.domain.reading import VALID_REFERENCE
from dpia.errors import Refused
from dpia.importers import details, lines, tables, template
from dpia.importers import plan as plans
from dpia.importers.details import Found
from dpia.importers.plan import OMIT, UNPLACED, Item, Plan, takes_text
from dpia.importers.word import Block, WordDocument
from dpia.kinds.model import Kind, Question, Section, SignOff

HEADING_MATCH = 0.6
PROMPT_MATCH = 0.6
TABLE_COLUMNS_MATCH = 2
KIND_WORDS = {
    "dpia": ("data protection impact assessment", "dpia"),
    "eqia": ("equality impact assessment", "equality analysis", "eqia", "protected characteristic"),
    "pia": ("privacy impact assessment", "pia"),
    "screening": ("screening", "is a dpia needed", "screening questionnaire"),
}
BOLD_LEVEL = 10
# Labels of a sign-off written as a line ("Signed: T. Whitfield, Information Manager, 14 March 2013"): the
# kind's sign-off row when it has only one.
SIGNED_LABELS = ("signed", "signed by", "signed off by", "signature")
SIGNED_WORDS = 12  # longer, it is a paragraph about the sign-off, not the name, position and date


def suggest_kind(document: WordDocument) -> str:
    """The kind the document most looks like: its own words for itself, then how many headings match."""
    scores = {kind.key: 0.0 for kind in kinds.kinds()}
    opening = " ".join([document.title, *(b.text for b in document.blocks[:40])]).lower()
    for key, phrases in KIND_WORDS.items():
        for phrase in phrases:
            if f" {phrase} " in f" {words.normalise(opening)} ":
                scores[key] += 5 if " " in phrase else 2
    if scores["dpia"] >= 5:
        # "Privacy impact assessment" is inside many DPIA templates' history notes; the DPIA title wins.
        scores["pia"] = min(scores["pia"], 2)
    for kind in kinds.kinds():
        for block in document.blocks:
            if _is_heading_like(block) and _best_heading(kind, block.text)[0] >= 0.75:
                scores[kind.key] += 1
    return max(scores, key=lambda key: (scores[key], key == "dpia"))


def plan_word(document: WordDocument, kind_key: str, today: date, filename: str) -> Plan:
    """A plan for importing a Word document as an assessment of `kind_key`."""
    kind = kinds.latest(kind_key)
    if kind is None:
        raise Refused(f"Unknown kind of assessment ‘{kind_key}’")
    document = lines.rejoined(document)
    matcher = _Matcher(kind, today, document.blocks)
    for block in document.blocks:
        matcher.block(block)
    details = matcher.details(document.title, filename)
    return Plan(
        source="word",
        kind=kind.key,
        suggested_kind=suggest_kind(document),
        details=details,
        notes=matcher.notes,
        items=matcher.items,
        sources=matcher.sources,
        scales=matcher.scale_tables(),
    )


def _is_heading_like(block: Block) -> bool:
    if block.kind in ("heading", "title"):
        return True
    short = len(block.text.split()) <= 14 and not block.text.rstrip().endswith(".")
    return block.kind in ("paragraph", "textbox") and block.bold and short


def _best_heading(kind: Kind, text: str) -> tuple[float, Section | None, Question | None]:
    """The section (or question) a heading names, with how sure the match is."""
    number = words.step_number(text)
    # The ICO's numbered steps; sections without a step number (Part 3 questions) are matched by words.
    steps = [s for s in kind.sections if s.title.startswith("Step ")]
    if kind.key == "dpia" and number and 1 <= number <= len(steps):
        section = steps[number - 1]
        return max(0.9, words.similarity(text, section.title)), section, None
    best: tuple[float, Section | None, Question | None] = (0.0, None, None)
    for section in kind.sections:
        score = words.similarity(text, section.title)
        if score > best[0]:
            best = (score, section, None)
        for question in section.questions:
            score = words.similarity(text, question.label) - 0.05
            if score > best[0]:
                best = (score, section, question)
    return best


def _prompt_score(text: str, label: str, guidance: str) -> float:
    """How surely a paragraph is the template's prompt for a question (its label, or label and guidance)."""
    if not guidance:
        return words.similarity(text, label)
    both = f"{label} {guidance}"
    coverage = words.containment(both, text)  # share of the paragraph's words that are template words
    recall = words.containment(text, guidance)  # share of the guidance the paragraph quotes
    return max(words.similarity(text, label), coverage if recall >= 0.3 else 0.0)


def _first_text_question(section: Section) -> Question | None:
    return next((q for q in section.questions if takes_text(q)), None)


@dataclass
class _Table:
    """How one table of the document is read."""

    mode: str  # "rows" (a table question or grid), "pairs" (label | value), "flow" (one column)
    question: Question | None = None
    headers: list[str] = field(default_factory=list)
    mapping: list[str] = field(default_factory=list)
    # A risk or measure table recognised by its columns; and how its rows read as the other such tables.
    layout: tables.Layout | None = None
    others: list[tables.Layout] = field(default_factory=list)
    # How its cells' scales became the ICO's: (column, written) -> what was applied.
    applied: dict[tuple[str, str], tables.Applied] = field(default_factory=dict)


class _Matcher:
    """Walks the blocks once, keeping track of the current question."""

    def __init__(self, kind: Kind, today: date, blocks: list[Block] | None = None) -> None:
        self.kind = kind
        self.today = today
        # Each table's rows, so a table is recognised by what its columns hold, not its header alone.
        self.table_rows: dict[int, list[Block]] = {}
        for found in blocks or []:
            if found.kind == "row":
                self.table_rows.setdefault(found.table, []).append(found)
        self.items: list[Item] = []
        # Every paragraph, row, text box, header and footer read, for checking that nothing is dropped.
        self.sources: list[dict] = []
        # A question written in the document, waiting for the answer that travels with it.
        self.asked: Item | None = None
        # Cells of the row being read that are the form's own wording, taken out of it.
        self.template_cells = ""
        # A table row holding only a question's label ("Summary of DPO advice:"): the row below answers it.
        self.label_row: tuple[int, Question] | None = None
        self.notes: list[str] = []
        self.question: Question | None = None
        self.section: Section | None = None
        self.heading = ""
        self.heading_level = 0
        self.in_title_block = True
        self.tables: dict[int, _Table] = {}
        self.meta: dict[str, list] = {"title": []}
        # Every detail read, in document order, and each marking with the detail it was read as.
        self.found: list[Found] = []
        self.markings: list[tuple[words.Marking, Found]] = []
        self.current: Block | None = None
        self.after_generic = False
        # Whether the current question is the one a heading led to (not a prompt or label), and the text box
        # whose last paragraph answered it: a box's next paragraph answers the step's next question.
        self.heading_led = False
        self.box_answered: tuple[int, Question] | None = None
        self.follows_box: tuple[int, Question] | None = None

    def add(
        self, block: Block, target: str, reason: str, content: bool = True, text: str = "", **extra
    ) -> None:
        self.asked = None
        extra["template"] = " | ".join(t for t in (self.template_cells, extra.get("template", "")) if t)
        self.template_cells = ""
        self.items.append(
            Item(
                id=f"i{len(self.items) + 1}",
                location=block.location,
                text=text or block.text,
                target=target,
                reason=reason,
                heading=self.heading,
                content=content,
                sources=[self.sources[-1]["id"]] if self.sources else [],
                **extra,
            )
        )

    def ask(self, block: Block, target: str, text: str = "") -> None:
        """A question written in the document: kept, and joined by the answer that follows it."""
        self.add(block, target, "A question in the document, kept with its answer", text=text)
        self.asked = self.items[-1]

    def answer(self, block: Block, target: str, reason: str, text: str = "") -> None:
        """Content at `target`; the first after a document's own question joins it, so they move together."""
        asked, text = self.asked, text or block.text
        if asked is None or asked.target != target:
            self.add(block, target, reason, text=text)
            return
        asked.text = _labelled(asked.text, text)
        asked.location = f"{asked.location}; {block.location}"
        asked.sources.append(self.sources[-1]["id"])
        asked.reason = f"A question in the document and its answer. {reason}"
        self.asked = None

    def here(self) -> str:
        """The destination for content right now."""
        return f"q:{self.question.key}" if takes_text(self.question) else UNPLACED

    def here_reason(self) -> str:
        if takes_text(self.question):
            return f"Follows ‘{self.heading or self.question.label}’"
        return (
            "Matches no section or question"
            if not self.heading
            else f"Nothing under ‘{self.heading}’ takes text"
        )

    def block(self, block: Block) -> None:
        self.sources.append(
            {"id": f"s{len(self.sources) + 1}", "location": block.location, "text": block.text}
        )
        self.current, follows_generic, self.after_generic = block, self.after_generic, False
        self.follows_box, self.box_answered = self.box_answered, None
        if block.kind in ("header", "footer"):
            self.margin(block)
        elif block.kind == "furniture":
            self.furniture(block)
        elif block.kind == "title":
            if not self.title(block):
                self.heading_block(block)
        elif block.kind == "row":
            self.row_of_form(block)
        elif self.detail_line(block) or self.form_heading(block) or self.subtitle(block, follows_generic):
            return
        elif _is_heading_like(block):
            self.heading_block(block)
        else:
            self.paragraph(block)

    # Details: title, dates, reference, marking, owner

    def margin(self, block: Block) -> None:
        found = self.read_line(block.text, block.location)
        if any(details.keeps(f) for f in found):
            self.kept_detail(block, block.text)
        elif details.only_details(block.text):
            self.add(block, OMIT, "Read for the details above", content=False)
        else:
            self.add(block, UNPLACED, "Text in a header or footer that is not a marking, date or reference")

    def furniture(self, block: Block) -> None:
        """A printed page's number or running header in the body: its marking is noted, the line left out."""
        self.note([self.marking(m, block.text, block.location) for m in words.markings(block.text)])
        self.add(
            block,
            OMIT,
            "Page furniture of the printed document (a page number or running header)",
            content=False,
        )

    def read_meta(self, text: str) -> bool:
        """Note the details in a line of the title block; True if nothing else is in it."""
        location = self.current.location if self.current else ""
        found = self.read_line(text, location)
        # A status the draft cannot take stays with the text, never left out.
        return bool(found) and details.only_details(text) and not any(details.keeps(f) for f in found)

    def read_line(self, text: str, location: str) -> list[Found]:
        """Note markings, references, dates and a bare status in a piece of text; return what was found."""
        found = [self.marking(m, text, location) for m in words.markings(text)]
        found += [Found("reference", r, r, text, location) for r in words.references(text)]
        found += details.dates(text, location)
        status = details.bare_status(text)
        if status:
            found.append(Found("status", status[1], status[0], text, location))
        return self.note(found)

    def marking(self, marking: words.Marking, text: str, location: str) -> Found:
        written = marking.found
        shown = written if written == marking.becomes else f"{marking.becomes} (written {written})"
        found = Found("marking", marking.becomes, shown, text, location)
        self.markings.append((marking, found))
        return found

    def note(self, found: list[Found]) -> list[Found]:
        """Keep details found, once each: a line may be read again on its way through the matcher."""
        self.found += [f for f in found if f not in self.found]
        return found

    def detail_line(self, block: Block) -> bool:
        """A paragraph giving a detail ("Status: APPROVED", "Date of assessment – 03/06/2024"), or a line of
        the title block of nothing but markings, dates, references and status: read, and shown as such."""
        pair = details.split_label(block.text)
        if pair and len(pair[1].split()) <= details.MAX_VALUE_WORDS and self.labelled_meta(block, *pair):
            return True
        if not self.in_title_block or details.generic(block.text) or not details.only_details(block.text):
            return False
        found = self.read_line(block.text, block.location)
        if not found:
            return False
        if any(details.keeps(f) for f in found):
            self.kept_detail(block, block.text)
        else:
            self.add(block, OMIT, "Read for the details above", content=False)
        return True

    def kept_detail(self, block: Block, text: str) -> None:
        """A status or approval a draft cannot take: kept as text not yet placed, in the document's words."""
        self.add(
            block,
            UNPLACED,
            "What the document says of itself: an import is always a draft, so this is kept for you to read",
            text=f"The document says: {text}",
        )

    def title(self, block: Block) -> bool:
        """A title-styled paragraph or a heading of the title block: the title if it names the assessment."""
        if self.meta["title"]:
            return False
        if self.detail_line(block) or self.form_heading(block):
            return True
        title = details.title_from(block.text) if not self.names_part_of_form(block.text) else ""
        if not title:
            return False
        self.take_title(title, block.text, block.location)
        self.read_line(block.text, block.location)
        # The rest of "Custody risk model: data protection impact assessment" is shown as the form's.
        besides = details.besides_title(block.text, title)
        self.add(block, OMIT, "Used as the title", content=False, template=besides)
        return True

    def names_part_of_form(self, text: str) -> bool:
        """Whether a heading names one of the kind's sections or questions, or is the form's prompt: never a
        title ("Step 1: Identify the need for a DPIA" after the form's own heading)."""
        return _best_heading(self.kind, text)[0] >= HEADING_MATCH or self.is_template(text)

    def form_heading(self, block: Block) -> bool:
        """The form's own heading in the title block ("Data Protection Impact Assessment"): not the title."""
        if not self.in_title_block or not details.generic(block.text):
            return False
        self.after_generic = not self.meta["title"]
        self.add(block, OMIT, "The form's own heading, not this assessment's title", content=False)
        return True

    def subtitle(self, block: Block, follows_generic: bool) -> bool:
        """A short line right after the form's own heading ("Data Protection Impact Assessment" then the
        project's name in a Subtitle style): the title."""
        if not follows_generic or not self.in_title_block or self.meta["title"] or block.kind == "row":
            return False
        text = block.text.strip()
        if len(text.split()) > details.MAX_VALUE_WORDS or text.endswith((".", ":", "?")) or "\n" in text:
            return False
        title = details.title_from(text) if not details.gives_details(text) else ""
        if not title or self.names_part_of_form(text):
            return False
        self.take_title(title, text, block.location)
        self.add(block, OMIT, "Used as the title: it follows the form's own heading", content=False)
        return True

    def take_title(self, title: str, source: str, location: str) -> list[Found]:
        """Note a title read from the document; the first one is the assessment's."""
        if not self.meta["title"]:
            self.meta["title"].append(title)
        return self.note([Found("title", title, title, source, location)])

    def labelled_meta(self, block: Block, label: str, value: str) -> bool:
        """A "Label: value" pair naming one of the details (or a row of several, "Ref | X | Status | Y"); True
        if it was one and something was read from each pair."""
        pairs = details.row_pairs(block.cells) if block.kind == "row" else []
        pairs = pairs or [(label.strip(), value.strip())]
        found, read_all = [], True
        for each_label, each_value in pairs:
            detail = details.label_detail(each_label)
            text = f"{each_label}: {each_value}"
            read = self.read_labelled(detail, text, each_value, block.location) if detail else []
            found += read
            read_all = read_all and bool(read)
        if not found or not read_all:
            return False
        text = "; ".join(f"{each_label}: {each_value}" for each_label, each_value in pairs)
        if any(details.keeps(f) for f in found):
            self.kept_detail(block, text)
        elif any(details.passed_over(f, self.found) for f in found):
            why = "A title or owner besides the one used: kept for you to read"
            self.add(block, UNPLACED, why, text=text)
        else:
            self.add(block, OMIT, f"Read for the details above ({label.strip()})", content=False)
        return True

    def read_labelled(self, detail: str, text: str, value: str, location: str) -> list[Found]:
        """What a labelled line gives: its value for a title or owner, else what its text holds."""
        if detail == "title":
            title = details.title_from(value) if len(value) <= details.MAX_TITLE else ""
            return self.take_title(title, text, location) if title else []
        if detail == "owner":
            short = len(value) <= details.MAX_TITLE
            return self.note([Found("owner", value, value, text, location)]) if short else []
        found = [self.marking(m, text, location) for m in words.markings(value)]
        if detail == "reference":
            known = value if VALID_REFERENCE.match(value) and any(c.isdigit() for c in value) else ""
            references = [known] if known else words.references(f"Ref: {value}")[:1]
            found += [Found("reference", r, r, text, location) for r in references]
        if detail == "status" and details.status(value):
            written, state = details.status(value)  # type: ignore[misc]
            found.append(Found("status", state, written, text, location))
        found += details.dates(text, location, labelled_as=detail if detail in details.DATE_DETAILS else "")
        return self.note(found)

    def details(self, document_title: str, filename: str) -> dict:
        """The details suggested for the new assessment, what was read and where, and notes about it."""
        markings = sorted(self.markings, key=lambda m: m[0].rank, reverse=True)
        top = markings[0][0] if markings else None
        if top is not None and not top.becomes:
            raise Refused(f"This document is marked {top.found}: {top.note}")
        if top is not None and top.note:
            self.notes.append(f"Protective marking: the document is marked {top.found}. {top.note}.")
        used = details.chosen(self.found, self.today)
        if markings:
            used["marking"] = markings[0][1]
        title = details.title_from(document_title)
        if "title" not in used and title:
            used["title"] = Found("title", title, title, document_title, "Document properties")
            self.note([used["title"]])
        status = used.get("status")
        says = status.source if status is not None and details.keeps(status) else ""
        value = {key: found.value for key, found in used.items()}
        return {
            "title": (value.get("title") or filename.rsplit(".", 1)[0])[:200],
            "reference": value.get("reference", ""),
            "owner": value.get("owner", "")[:200],
            "marking": value.get("marking") or "OFFICIAL",
            "marking_found": top.found if top else "",
            "started": value.get("started", ""),
            "conducted": value.get("conducted", ""),
            "document_status": value.get("status", ""),
            # Only a status beyond a draft's is worth saying: the import is a draft anyway.
            "document_says": says,
            "read": details.shown(self.found, used, self.today),
        }

    # Headings and paragraphs

    def heading_block(self, block: Block) -> None:
        score, section, question = _best_heading(self.kind, block.text)
        if score >= HEADING_MATCH and section is not None:
            self.in_title_block = False
            self.section = section
            self.question = question if takes_text(question) else _first_text_question(section)
            self.heading = block.text
            self.heading_level = block.level if block.kind == "heading" else BOLD_LEVEL
            # A step's heading leads to its first question; a heading naming one question holds it.
            self.heading_led = question is None
            shown = section.title if question is None else question.label
            self.add(block, OMIT, f"Heading recognised: ‘{shown}’", content=False)
            return
        if self.in_title_block and not self.meta["title"] and self.title(block):
            return
        level = block.level if block.kind == "heading" else BOLD_LEVEL
        deeper = level > self.heading_level
        if not deeper or self.in_title_block:
            # A heading at the level of a recognised one starts something we do not know: stop following.
            self.question, self.section, self.heading = None, None, block.text
            if self.is_template(block.text):
                self.add(block, OMIT, "Template wording: a heading of the form", content=False)
            else:
                self.add(block, UNPLACED, "A heading that matches no section or question")
            return
        if self.is_template(block.text):
            self.add(block, OMIT, "Template wording: a label of the form", content=False)
            return
        # A bold label inside a section is the document's own question: it stays with what follows.
        self.ask(block, self.here())

    def paragraph(self, block: Block) -> None:
        if self.prompt(block):
            return
        label, _, value = block.text.partition(":")
        if value.strip() and len(label.split()) <= 8:
            if self.labelled_meta(block, label, value.strip()):
                return
            if self.signed_line(block, label, value.strip()):
                return
            if self.labelled_answer(block, label, value.strip()):
                return
        if self.in_title_block and self.read_meta(block.text):
            self.add(block, OMIT, "Read for the details above", content=False)
            return
        if block.text.rstrip()[-1:] in ("?", ":"):
            # A question or label written in the document: it may name one of ours; it stays with its answer.
            question = self.prompt_question(block.text)
            if question is not None:
                self.follow(question)
            self.ask(block, self.here())
            return
        if block.box:
            self.box_paragraph(block)
            return
        self.answer(block, self.here(), self.here_reason())

    def box_paragraph(self, block: Block) -> None:
        """A text box's paragraph: under a step's heading, a box's paragraphs answer its questions in turn."""
        # A designed form with no prompts gives each of a step's answers its own paragraph of the step's box.
        turn = self.next_in_box(block)
        if turn is not None:
            self.question = turn
            why = f"The next paragraph of a text box under ‘{self.heading}’: the step's next question"
            self.answer(block, self.here(), why)
        else:
            self.answer(block, self.here(), self.here_reason())
        if self.heading_led and takes_text(self.question):
            self.box_answered = (block.box, self.question)

    def next_in_box(self, block: Block) -> Question | None:
        """The step's text question after the one this box's previous paragraph answered, if any."""
        if self.follows_box != (block.box, self.question) or self.section is None:
            return None
        keys = [q.key for q in self.section.questions if takes_text(q)]
        at = keys.index(self.question.key) if self.question and self.question.key in keys else len(keys)
        return self.kind.questions[keys[at + 1]] if at + 1 < len(keys) else None

    def follow(self, question: Question) -> None:
        """Make `question` the current one: what follows goes there."""
        self.question, self.section = question, self.kind.section_of(question.key)
        self.heading_led = False
        self.in_title_block = False

    def labelled_answer(self, block: Block, label: str, value: str) -> bool:
        """ "Label: answer" naming one of our questions; the label stays unless it is the question's own."""
        question = self.prompt_question(label)
        if question is None:
            return False
        self.follow(question)
        target = f"q:{question.key}"
        if value.rstrip().endswith("?"):
            self.ask(block, target)
        elif self.is_template(label):
            why = f"Answer to ‘{question.label}’"
            self.add(block, target, why, text=value, template=f"{label.strip()}:")
        else:
            self.answer(block, target, f"Answer to ‘{question.label}’")
        return True

    def is_template(self, text: str) -> bool:
        """Whether the text is the form's own wording, nothing else."""
        return template.prompt_of(self.kind.key, self.kind.version, text) is not None

    def prompt_question(self, text: str) -> Question | None:
        """The text question whose label or template prompt this text is, or that it asks in other words."""
        asked = template.asked_as(self.kind.key, text)
        if asked:
            return self.kind.questions[asked]
        best, found = PROMPT_MATCH, None
        for section in self.kind.sections:
            for question in section.questions:
                if not takes_text(question):
                    continue
                score = _prompt_score(text, question.label, question.guidance)
                if section is self.section:
                    score += 0.05
                if score >= best:
                    best, found = score, question
        return found

    def prompt(self, block: Block) -> bool:
        """A paragraph that is the template's own wording: it moves the current question and is left out."""
        found = template.prompt_of(self.kind.key, self.kind.version, block.text)
        if found is None:
            return False
        if found.question:
            self.follow(self.kind.questions[found.question])
        elif found.section:
            self.section = next(s for s in self.kind.sections if s.key == found.section)
            self.question = _first_text_question(self.section)
            self.in_title_block = False
            self.heading_led = False
        shown = self.question.label if self.question and (found.question or found.section) else "the form"
        self.add(block, OMIT, f"Template wording for ‘{shown}’", content=False)
        return True

    # Tables

    def row_of_form(self, block: Block) -> None:
        """Take the form's own wording (guidance, example values) out of a row's cells before reading it."""
        label_row, self.label_row = self.label_row, None
        if block.table not in self.tables or block.columns < 2:
            self.row(block)
            return
        cells = [
            c if i == 0 or not c.strip() or not self.is_template(c) else "" for i, c in enumerate(block.cells)
        ]
        taken = [c.strip() for c, kept in zip(block.cells, cells, strict=True) if c != kept]
        rest = [c.strip() for c in cells if c.strip()]
        if not rest or (rest == [cells[0].strip()] and self.is_template(rest[0])):
            self.blank_row(block, rest[0] if rest else "")
            return
        if label_row and label_row[0] == block.table and len(set(rest)) == 1 and not taken:
            # One merged cell under a label row: the answer to that label's question.
            question = label_row[1]
            why = f"Answer to ‘{question.label}’, the row below it"
            self.add(block, f"q:{question.key}", why, text=rest[0])
            return
        if not taken:
            self.row(block)
            return
        self.template_cells = " | ".join(taken)
        self.row(replace(block, cells=tuple(cells), text=" | ".join(rest)))

    def blank_row(self, block: Block, label: str) -> None:
        """A row of only the form's own wording; if its label is a question's, the row below answers it."""
        found = template.prompt_of(self.kind.key, self.kind.version, label) if label else None
        if found is not None and found.question:
            self.label_row = (block.table, self.kind.questions[found.question])
        self.add(block, OMIT, "A blank row of the form: only its own wording", content=False)

    def row(self, block: Block) -> None:
        table = self.tables.get(block.table)
        if table is None:
            table = self.tables[block.table] = self.classify(block)
            if table.mode == "rows":
                self.in_title_block = False
                label = table.question.label if table.question else ""
                how = f" ({table.layout.describe()})" if table.layout else ""
                self.add(block, OMIT, f"Table header recognised: ‘{label}’{how}", content=False)
                return
        if table.mode == "flow":
            self.paragraph(block)
        elif table.mode == "rows":
            start = len(self.items)
            self.table_row(block, table)
            # Any row of a table may go to the risks or measures its cells can be read as.
            others = self.other_options(block, table)
            for item in self.items[start:]:
                item.options = {**others, **item.options}
        else:
            self.pair_row(block)

    def classify(self, block: Block) -> _Table:
        """Decide how to read a table from its first row."""
        if block.columns <= 1:
            return _Table("flow")
        rows = [b.cells for b in self.table_rows.get(block.table, []) if b is not block]
        layout = tables.decide(self.kind, block.cells, rows)
        if layout is not None:
            return self.table_of(layout.question, block, rows, layout)
        best: tuple[float, Question | None, list[str]] = (0.0, None, [])
        for section in self.kind.sections:
            for question in section.questions:
                if not ANSWER_TYPES[question.type].structured:
                    continue
                mapping = plans.header_map(block.cells, plans.columns_of(question))
                score = sum(1 for key in mapping if key and key != "_label")
                score += 0.5 if section is self.section else 0
                if score > best[0]:
                    best = (score, question, mapping)
        if best[0] >= TABLE_COLUMNS_MATCH and best[1] is not None:
            question, mapping = best[1], best[2]
            # Fixed rows are told apart by their labels, so a row needs one.
            if ANSWER_TYPES[question.type].fixed_rows and "_label" not in mapping:
                mapping = ["_label", *mapping[1:]]
            if question in tables.table_questions(self.kind):
                return self.table_of(question, block, rows, tables.layout(question, block.cells, rows))
            found = self.table_of(question, block, rows)
            found.mapping = mapping
            return found
        return _Table("pairs")

    def table_of(
        self,
        question: Question,
        block: Block,
        rows: list[tuple[str, ...]],
        layout: tables.Layout | None = None,
    ) -> _Table:
        """A table read as rows of `question`, and how its rows read as the other risk or measure tables."""
        self.section = self.kind.section_of(question.key)
        others = [
            tables.layout(q, block.cells, rows) for q in tables.table_questions(self.kind) if q != question
        ]
        mapping = layout.roles if layout else []
        return _Table("rows", question, list(block.cells), mapping, layout, others)

    def other_options(self, block: Block, table: _Table) -> dict[str, dict]:
        """The risk and measure rows a table row can also be read as, by destination."""
        found = {}
        for layout in table.others:
            read = tables.read_row(layout, block.cells)
            if read.option is not None:
                found[f"t:{layout.question.key}"] = read.option
        return found

    def layout_row(self, block: Block, table: _Table) -> None:
        """A row of a risk or measure table: read through the declared scales, or why it cannot be."""
        layout = table.layout
        assert layout is not None
        question = layout.question
        if tables.is_scale_guidance(layout, block.cells):
            self.add(block, OMIT, f"Template wording: the scales of ‘{question.label}’", content=False)
            return
        read = tables.read_row(layout, block.cells)
        text = _row_text(layout.shown(), block.cells)
        if read.option is None:
            self.add(block, UNPLACED, f"Row {block.row}: {read.why}", text=text)
            return
        for applied in read.applied:
            table.applied.setdefault((applied.column, applied.written), applied)
        target = f"t:{question.key}"
        self.add(block, target, f"A row of ‘{question.label}’", text=text, options={target: read.option})

    def scale_tables(self) -> list[dict]:
        """For each table read through scales other than the ICO's own words, what each value became."""
        return [
            {
                "table": f"Table {number}",
                "question": table.question.label if table.question else "",
                "rows": [asdict(applied) for applied in _by_column(list(table.applied.values()))],
            }
            for number, table in sorted(self.tables.items())
            if table.applied
        ]

    def table_row(self, block: Block, table: _Table) -> None:
        if table.layout is not None:
            self.layout_row(block, table)
            return
        question = table.question
        assert question is not None
        labels = {c.key: c.label for c in plans.columns_of(question)}
        # Our column labels are shorter than a template's header prose, and name where each cell goes.
        headers = [labels.get(key, header) for key, header in zip(table.mapping, table.headers, strict=False)]
        option = plans.fill_row(question, headers, table.mapping, block.cells)
        text = _row_text(headers, block.cells)
        if ANSWER_TYPES[question.type].repeating:
            if option is None:
                why = f"A row of ‘{question.label}’ missing a required cell, or one that could not be read"
                self.add(block, UNPLACED, why, text=text)
            else:
                target = f"t:{question.key}"
                self.add(block, target, f"A row of ‘{question.label}’", text=text, options={target: option})
            return
        label = block.cells[table.mapping.index("_label")] if "_label" in table.mapping else block.cells[0]
        self.grid_row(block, question, label, option, text)

    def grid_row(self, block: Block, question: Question, label: str, option: dict | None, text: str) -> None:
        rows = ANSWER_TYPES[question.type].rows(question)
        options = {f"g:{question.key}:{key}": option for key in rows} if option else {}
        best, found = 0.7, ""
        for key, (row_label, _, _) in rows.items():
            score = max(words.similarity(label, row_label), words.containment(label, row_label))
            if score >= best:
                best, found = score, key
        asked = self.prompt_question(label) if not found else None
        if found and option:
            self.add(
                block, f"g:{question.key}:{found}", f"A row of ‘{question.label}’", text=text, options=options
            )
        elif asked is not None:
            answer = "\n".join(c.strip() for c in block.cells if c.strip() and c.strip() != label.strip())
            own = self.is_template(label)
            self.add(
                block,
                f"q:{asked.key}",
                f"Answer to ‘{asked.label}’",
                text=answer if own else _labelled(label, answer),
                options=options,
                template=label.strip() if own else "",
            )
        else:
            self.add(
                block,
                UNPLACED,
                f"A row of ‘{question.label}’ naming no row it has",
                text=text,
                options=options,
            )

    def pair_row(self, block: Block) -> None:
        """A row of a label | value table: a question and its answer, a detail, or a sign-off."""
        cells = [c for c in block.cells if c.strip()]
        label, value = block.cells[0].strip(), "\n".join(c.strip() for c in block.cells[1:] if c.strip())
        if len(cells) < 2 or not label or not value:
            self.paragraph(block)
            return
        if self.labelled_meta(block, label, value):
            return
        if self.signoff_pair(block, label):
            return
        question = self.prompt_question(label)
        if question is not None:
            self.follow(question)
            why, target = f"Answer to ‘{question.label}’", f"q:{question.key}"
            if self.is_template(label):
                self.add(block, target, why, text=value, template=label)
            else:
                # The document's own question travels with its answer.
                self.add(block, target, why, text=_labelled(label, value))
            return
        self.add(block, self.here(), self.here_reason(), text=_labelled(label, value))

    def signed_line(self, block: Block, label: str, value: str) -> bool:
        """A sign-off written as a line, "Signed: name, position, date": a row of the sign-off table, its date
        read as the date approved."""
        row = self.signoff_named(label)
        if row is None or len(value.split()) > SIGNED_WORDS:
            return False
        question, signoff = row
        pieces = [p.strip() for p in value.split(",") if p.strip()]
        dated = [p for p in pieces if words.dates(p, date.max)]
        named = [p for p in pieces if p not in dated]
        cells = (named[0] if named else "", ", ".join(named[1:]), dated[0] if dated else "")
        option = plans.fill_row(question, [], ["name", "position", "date"], cells)
        self.note(details.dates(block.text, block.location, labelled_as="approved"))
        self.grid_row(block, question, signoff.label, option, block.text)
        return True

    def signoff_named(self, label: str) -> tuple[Question, SignOff] | None:
        """The sign-off row a label names, or the only one the kind has when the label just says "Signed"."""
        rows = [
            (question, signoff) for question in self.kind.questions.values() for signoff in question.signoffs
        ]
        named = [row for row in rows if words.similarity(label, row[1].label) >= 0.8]
        if named:
            return named[0]
        signed = words.normalise(label) in SIGNED_LABELS and len(rows) == 1
        return rows[0] if signed else None

    def signoff_pair(self, block: Block, label: str) -> bool:
        for question in self.kind.questions.values():
            # Only sign-off questions declare sign-offs.
            for signoff in question.signoffs:
                if words.similarity(label, signoff.label) >= 0.8:
                    mapping = ["_label"] + ["name"] * (len(block.cells) - 1)
                    option = plans.fill_row(question, [], mapping, block.cells)
                    self.grid_row(block, question, signoff.label, option, _row_text([], block.cells))
                    return True
        return False


def _by_column(applied: list[tables.Applied]) -> list[tables.Applied]:
    """Mappings grouped by column, each column's values in the order first met."""
    first = {a.column: i for i, a in reversed(list(enumerate(applied)))}
    return sorted(applied, key=lambda a: first[a.column])


def _labelled(label: str, value: str) -> str:
    """A question and its answer as one text: on one line when short, else the question on a line above."""
    label = label.strip()
    if "\n" in value or len(label) + len(value) > 200:
        return f"{label}\n{value}"
    return f"{label} {value}" if label[-1:] in "?:.!" else f"{label}: {value}"


def _row_text(headers: list[str], cells: tuple[str, ...]) -> str:
    """A table row as readable text: "Header: value" lines when the table has headers."""
    lines = []
    for i, cell in enumerate(cells):
        if not cell.strip():
            continue
        header = headers[i].strip() if i < len(headers) else ""
        lines.append(f"{header}: {cell.strip()}" if header else cell.strip())
    return "\n".join(lines)
