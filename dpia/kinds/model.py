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


@dataclass(frozen=True)
class Column:
    """One column of a table or grid."""

    key: str
    label: str
    type: str
    hint: str = ""
    choices: tuple[Term, ...] = ()
    required: bool = False
    # ROW_REF: the table question whose rows this column points at.
    refers_to: str = ""
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

    def __post_init__(self) -> None:
        found: dict[str, Question] = {}
        for section in self.sections:
            for question in section.questions:
                if question.key in found:
                    raise ValueError(f"{self.key} v{self.version}: question {question.key} declared twice")
                found[question.key] = question
        object.__setattr__(self, "questions", found)

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
