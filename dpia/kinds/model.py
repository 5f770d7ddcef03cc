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
        references = tuple((q, c) for q in found.values() for c in q.columns if c.type == ROW_REF)
        for question, column in references:
            self._check_reference(question, column)
        object.__setattr__(self, "references", references)

    def _check_reference(self, question: Question, column: Column) -> None:
        """A reference must point at a table of this kind and say what withholding that table does to it."""
        where = f"{self.key} v{self.version}: {question.key}.{column.key}"
        target = self.questions.get(column.refers_to)
        if question.type != TABLE or target is None or target.type != TABLE:
            raise ValueError(
                f"{where} must be in a table and refer to another table, not ‘{column.refers_to}’"
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
