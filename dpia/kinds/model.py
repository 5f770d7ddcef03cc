"""The shape of an assessment kind: sections of questions, each with an answer type, declared as data."""

from dataclasses import dataclass, field

from dpia.vocab import Term

# Answer types a question may have.
TEXT = "text"  # one line
LONGTEXT = "longtext"  # paragraphs
CHOICE = "choice"  # one of `choices`
DATE = "date"  # a date known to the year, month or day
YESNO = "yesno"
TABLE = "table"  # repeating rows of `columns`, any number
GRID = "grid"  # one row per entry of `rows`, each with `columns`
SIGNOFFS = "signoffs"  # one row per sign-off in `signoffs`
QUESTION_TYPES = (TEXT, LONGTEXT, CHOICE, DATE, YESNO, TABLE, GRID, SIGNOFFS)
# Column types: the simple answer types, a reference to a row of another table, and derived values.
ROW_REF = "row_ref"
DERIVED = "derived"
SIMPLE_TYPES = (TEXT, LONGTEXT, CHOICE, DATE, YESNO)
# What a disclosure does to a row whose ROW_REF cell points at a withheld row (its dependant):
WITHHOLD_ROW = "withhold_row"  # withhold the whole row too, citing the same exemption
FLAG_REFERENCE = "flag_reference"  # keep the row, but show the marker in place of the reference
DEPENDANT_RULES = (WITHHOLD_ROW, FLAG_REFERENCE)


@dataclass(frozen=True)
class Column:
    """One column of a table or grid."""

    key: str
    label: str
    type: str
    hint: str = ""
    choices: tuple[Term, ...] = ()
    required: bool = False
    # ROW_REF: the table question whose rows this column points at; what happens to this row when the row
    # it points at is withheld (withheld too unless declared otherwise: it usually reveals that row); and
    # how the row relates to it, for telling an officer why ("Measure 2 (mitigates Risk 1)").
    refers_to: str = ""
    if_withheld: str = WITHHOLD_ROW
    relation: str = "refers to"
    # DERIVED: the name of a pure function in dpia.kinds.derive that computes the value from the row.
    derive: str = ""
    # A person's name: withheld from disclosure copies under s40(2) unless their role is a released grade
    # (dpia.domain.staff). `role` names the column recording that role; without one it is read from the text.
    person: bool = False
    role: str = ""


@dataclass(frozen=True)
class SignOff:
    """One sign-off row (ICO step 7): who decided what, and when."""

    key: str
    label: str
    hint: str = ""
    decisions: tuple[Term, ...] = ()
    required: bool = False
    # A decision that needs its reasons written in the comments, such as overruling the DPO.
    reasons_required_for: tuple[str, ...] = ()
    # The permission needed to record this row's decision and date: approvers' and the DPO's rows say "approve",
    # so an editor may propose who signs but never record what they decided.
    decided_by: str = "sign_off"


# The columns of a sign-off row that record the decision itself, kept for the row's `decided_by`.
DECISION_COLUMNS = ("date", "decision")


@dataclass(frozen=True)
class Question:
    """One question of a section."""

    key: str
    label: str
    type: str
    guidance: str = ""
    choices: tuple[Term, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[Term, ...] = ()
    signoffs: tuple[SignOff, ...] = ()
    # "submit": must be answered before review; "approve": before approval (sign-off sections).
    required_for: str = ""
    # FOI officers may mark the answer, or parts of it, as withheld on disclosure.
    withholdable: bool = True
    max_rows: int = 100
    # Singular name of one row of a table, for buttons and headings ("risk", "test").
    row_name: str = "row"
    # TABLE: the column whose words name a row where it is referred to or listed ("Risk 2: Re-identification…");
    # a table other rows point at must declare one, since its rows are chosen by it.
    title_column: str = ""
    # DATE: the key of another date question this date may not come before (advice received after sending).
    not_before: str = ""


@dataclass(frozen=True)
class ShownWhen:
    """A section asked only while another answer has one of `values`, like Part 3 questions for s64 DPIAs."""

    question: str
    values: tuple[str, ...]
    # Why the section is missing otherwise, for people editing it ("asked only for ... DPIAs").
    reason: str = ""

    def holds(self, answers: dict) -> bool:
        """Whether the answer it depends on has one of its values."""
        return answers.get(self.question) in self.values


@dataclass(frozen=True)
class Section:
    """A group of questions edited and shown together, with guidance for the author."""

    key: str
    title: str
    guidance: str = ""
    questions: tuple[Question, ...] = ()
    # Who may edit it: "content" sections by editors while a draft; "signoff" also by approvers in review.
    editing: str = "content"
    # Evidence shown beside the answers, such as "monitoring_datasets" (the system's monitoring data).
    panels: tuple[str, ...] = ()
    # Asked only when another answer has a given value; None: always asked.
    shown_when: ShownWhen | None = None


@dataclass(frozen=True)
class Kind:
    """One version of the definition of an assessment kind."""

    key: str
    short: str
    label: str
    version: int
    summary: str
    sections: tuple[Section, ...]
    # The prefix of generated references, like DPIA-2024-007.
    prefix: str = ""
    # Checks that only make sense for this kind, by name in dpia.kinds.derive (for example the ICO flag).
    flags: tuple[str, ...] = ()
    questions: dict[str, Question] = field(init=False, repr=False, compare=False)
    # (table, column) of every column pointing at another table's rows: whose rows depend on withheld ones.
    references: tuple[tuple[Question, Column], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        found: dict[str, Question] = {}
        for section in self.sections:
            for question in section.questions:
                if question.key in found:
                    raise ValueError(f"{self.key} v{self.version}: question {question.key} declared twice")
                found[question.key] = question
        object.__setattr__(self, "questions", found)
        for question in found.values():
            self._check_title(question)
        references = tuple((q, c) for q in found.values() for c in q.columns if c.type == ROW_REF)
        for question, column in references:
            self._check_reference(question, column)
        object.__setattr__(self, "references", references)
        for section in self.sections:
            self._check_condition(section)
        for question in found.values():
            self._check_date_order(question)

    def _check_reference(self, question: Question, column: Column) -> None:
        """A reference must point at a table of this kind and say what withholding that table does to it."""
        where = f"{self.key} v{self.version}: {question.key}.{column.key}"
        target = self.questions.get(column.refers_to)
        if question.type != TABLE or target is None or target.type != TABLE:
            raise ValueError(
                f"{where} must be in a table and refer to another table, not ‘{column.refers_to}’"
            )
        if target.title_column not in {c.key for c in target.columns}:
            raise ValueError(
                f"{where}: table ‘{target.key}’ must name the column that labels its rows (title_column)"
            )
        if column.if_withheld not in DEPENDANT_RULES:
            raise ValueError(
                f"{where}: unknown rule ‘{column.if_withheld}’ for rows pointing at withheld rows"
            )
        if column.if_withheld == WITHHOLD_ROW and not question.withholdable:
            # Its rows could not be withheld with the row they point at, so they would give it away.
            raise ValueError(
                f"{where} withholds its rows with the row they point at, so must be withholdable"
            )

    def _check_title(self, question: Question) -> None:
        """The column declared to label a table's rows must be one of its columns."""
        if question.title_column and question.title_column not in {c.key for c in question.columns}:
            raise ValueError(
                f"{self.key} v{self.version}: {question.key} has no column ‘{question.title_column}’"
                " to label its rows"
            )

    def _check_condition(self, section: Section) -> None:
        """A section's condition must name a choice question of another section, and values it offers."""
        condition = section.shown_when
        if condition is None:
            return
        where = f"{self.key} v{self.version}: section {section.key} shown when {condition.question}"
        target = self.questions.get(condition.question)
        if target is None or target.type not in (CHOICE, YESNO) or target in section.questions:
            raise ValueError(f"{where}: must name a choice or yes/no question of another section")
        offered = {t.value for t in target.choices} if target.type == CHOICE else {"yes", "no"}
        unknown = [v for v in condition.values if v not in offered]
        if unknown or not condition.values:
            raise ValueError(f"{where}: unknown values {unknown or '(none)'}")

    def _check_date_order(self, question: Question) -> None:
        """A date that may not come before another must be a date, and the other one too."""
        if not question.not_before:
            return
        earlier = self.questions.get(question.not_before)
        if question.type != DATE or earlier is None or earlier.type != DATE:
            raise ValueError(
                f"{self.key} v{self.version}: {question.key} may only follow a date question,"
                f" not ‘{question.not_before}’"
            )

    def shown(self, section: Section, answers: dict) -> bool:
        """Whether the section is asked, given the answers so far."""
        return section.shown_when is None or section.shown_when.holds(answers)

    def shown_sections(self, answers: dict) -> tuple[Section, ...]:
        """The sections asked, given the answers: what forms, checks, documents and search cover."""
        return tuple(s for s in self.sections if self.shown(s, answers))

    def section(self, key: str) -> Section | None:
        """The section with this key, if the kind has one."""
        return next((s for s in self.sections if s.key == key), None)

    def section_of(self, question_key: str) -> Section:
        """The section a question belongs to."""
        return next(s for s in self.sections if any(q.key == question_key for q in s.questions))


APPROVAL = (Term("approved", "Approved"), Term("not_approved", "Not approved"))


def signoff_section(title: str, guidance: str, signoffs: tuple[SignOff, ...], *extra: Question) -> Section:
    """The section approvers complete during review: the sign-off rows, then any further questions."""
    rows = Question("signoffs", "Sign-off", SIGNOFFS, signoffs=signoffs)
    return Section("signoff", title, guidance, (rows, *extra), editing="signoff")
