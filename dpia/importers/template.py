"""A form's own wording: the prompts, guidance and example text a blank template carries.

Recognised so that a paragraph or cell is left out only when it *is* that wording (the whole text is the
prompt, perhaps followed by a colon, punctuation or placeholder filler). Text that follows a prompt, shares
some of its words or quotes only part of it is an answer and is kept.
"""

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from dpia import kinds
from dpia.domain import reading as words
from dpia.domain.answer_types import ANSWER_TYPES

# The ICO DPIA template's own wording (2018 template) where our labels and guidance do not quote it word for
# word, with the question (or section, "s:<key>") each prompt introduces; "" where it introduces nothing.
ICO_WORDING: tuple[tuple[str, str], ...] = (
    (
        "s:need",
        "Explain broadly what project aims to achieve and what type of processing it involves. You may find"
        " it helpful to refer or link to other documents, such as a project proposal. Summarise why you"
        " identified the need for a DPIA.",
    ),
    (
        "nature",
        "Describe the nature of the processing: how will you collect, use, store and delete data? What is"
        " the source of the data? Will you be sharing data with anyone? You might find it useful to refer to"
        " a flow diagram or other way of describing data flows. What types of processing identified as likely"
        " high risk are involved?",
    ),
    (
        "scope",
        "Describe the scope of the processing: what is the nature of the data, and does it include special"
        " category or criminal offence data? How much data will you be collecting and using? How often? How"
        " long will you keep it? How many individuals are affected? What geographical area does it cover?",
    ),
    (
        "context",
        "Describe the context of the processing: what is the nature of your relationship with the "
        "individuals? How much control will they have? Would they expect you to use their data in this way? "
        "Do they include children or other vulnerable groups? Are there prior concerns over this type of "
        "processing or security flaws? Is it novel in any way? What is the current state of technology in "
        "this area? Are there any current issues of public concern that you should factor in? Are you signed "
        "up to any approved code of conduct or certification scheme (once any have been approved)?",
    ),
    (
        "purposes",
        "Describe the purposes of the processing: what do you want to achieve? What is the intended effect on"
        " individuals? What are the benefits of the processing – for you, and more broadly?",
    ),
    (
        "consultation",
        "Consider how to consult with relevant stakeholders: describe when and how you will seek individuals’"
        " views – or justify why it’s not appropriate to do so. Who else do you need to involve within your"
        " organisation? Do you need to ask your processors to assist? Do you plan to consult information"
        " security experts, or any other experts?",
    ),
    (
        "lawful_basis",
        "Describe compliance and proportionality measures, in particular: what is your lawful basis for"
        " processing? Does the processing actually achieve your purpose? Is there another way to achieve the"
        " same outcome? How will you prevent function creep? How will you ensure data quality and data"
        " minimisation? What information will you give individuals? How will you help to support their"
        " rights? What measures do you take to ensure processors comply? How do you safeguard any"
        " international transfers?",
    ),
    (
        "s:risks",
        "Describe source of risk and nature of potential impact on individuals. Include associated compliance"
        " and corporate risks as necessary.",
    ),
    (
        "s:measures",
        "Identify additional measures you could take to reduce or eliminate risks identified as medium or"
        " high risk in step 5",
    ),
    ("dpo_summary", "Summary of DPO advice"),
    ("", "Sample DPIA template"),
    (
        "",
        "This template is an example of how you can record your DPIA process and outcome. It follows the"
        " process set out in our DPIA guidance, and should be read alongside that guidance and the Criteria"
        " for an acceptable DPIA set out in European guidelines on DPIAs.",
    ),
    (
        "",
        "You should start to fill out the template at the start of any major project involving the use of"
        " personal data, or if you are making a significant change to an existing process. The final outcomes"
        " should be integrated back into your project plan.",
    ),
    ("", "Submitting controller details"),
    ("", "Name of controller"),
    ("", "Subject/title of DPO"),
    ("", "Name of controller contact /DPO (delete as appropriate)"),
    ("", "Remote, possible or probable"),
    ("", "Minimal, significant or severe"),
    ("", "Low, medium or high"),
    ("", "Eliminated reduced accepted"),
    ("", "Low medium high"),
    ("", "Yes/no"),
    ("", "Name/position/date"),
    ("", "Comments"),
    ("", "Integrate actions back into project plan, with date and responsibility for completion"),
    ("", "If accepting any residual high risk, consult the ICO before going ahead"),
    ("", "DPO should advise on compliance, step 6 measures and whether processing can proceed"),
    ("", "If overruled, you must explain your reasons"),
    ("", "If your decision departs from individuals’ views, you must explain your reasons"),
    ("", "The DPO should also review ongoing compliance with DPIA"),
    ("", "This DPIA will kept under review by"),
    ("", "Click or tap here to enter text."),
    ("", "Click here to enter text."),
)
# The Welsh wording of the ICO prompts, as Welsh-and-English forms print it above the English: each moves the
# current question as its English counterpart does, and is left out as the form's own text.
ICO_WORDING_CY: tuple[tuple[str, str], ...] = (
    (
        "s:need",
        "Eglurwch yn fras beth yw nod y prosiect a pha fath o brosesu sydd dan sylw. Crynhowch pam y nodwyd"
        " bod angen AEDD.",
    ),
    (
        "nature",
        "Disgrifiwch natur y prosesu: sut y byddwch yn casglu, defnyddio, storio a dileu data? Beth yw"
        " ffynhonnell y data? A fyddwch yn rhannu data ag unrhyw un?",
    ),
    (
        "scope",
        "Disgrifiwch gwmpas y prosesu: beth yw natur y data, ac a yw’n cynnwys data categori arbennig neu"
        " ddata am droseddau? Am ba hyd y byddwch yn ei gadw?",
    ),
    (
        "purposes",
        "Disgrifiwch ddibenion y prosesu: beth ydych chi am ei gyflawni? Beth yw’r effaith fwriadedig ar"
        " unigolion?",
    ),
    (
        "consultation",
        "Ystyriwch sut i ymgynghori â rhanddeiliaid perthnasol: disgrifiwch pryd a sut y byddwch yn gofyn am"
        " farn unigolion.",
    ),
)
TEMPLATE_WORDING: dict[str, tuple[tuple[str, str], ...]] = {"dpia": ICO_WORDING + ICO_WORDING_CY}
# Questions other organisations' forms and question banks ask in their own words, with the question of ours
# each one asks. Unlike the form wording above they are the document's own text: each moves the current
# question, and stays with its answer as the answer's label.
ASKED_AS: dict[str, tuple[tuple[str, str], ...]] = {
    "dpia": (
        ("aims", "What is the project?"),
        ("aims", "What is the project for?"),
        ("nature", "How will the data be collected, used, stored and deleted?"),
        ("nature", "Where does the data come from?"),
        ("nature", "Who will the data be shared with?"),
        ("scope", "What personal data will be processed?"),
        ("scope", "What personal data is involved?"),
        ("scope", "What data will be collected?"),
        ("scope", "How long will the data be kept?"),
        ("scope", "How many people will be affected?"),
        ("purposes", "Why is the data being processed?"),
        ("consultation", "Who have you consulted?"),
        ("individuals_rights", "How will individuals be told?"),
        ("processors_transfers", "Will data be transferred outside the UK?"),
        ("dpo_summary", "Has the DPO been consulted?"),
        ("dpo_summary", "What did the DPO advise?"),
    ),
}
# A question written this much like one above asks the same.
ASKED_MATCH = 0.85
# Placeholder words a blank form puts after a prompt ("Click or tap here to enter text."). "N/A" is never
# filler: after a prompt it is an answer.
FILLER = frozenset("click tap here enter text please describe insert below above answer detail".split())
# A text this long made only of the prompt's words quotes the prompt, even if it stops early.
QUOTED_WORDS = 8
_TRAILING = re.compile(r"[\s:;.,…\-–—_*()\[\]]+$")


@dataclass(frozen=True)
class Prompt:
    """A piece of the form's own wording and where the text after it goes."""

    text: str
    question: str = ""  # a text question's key
    section: str = ""

    # Computed once per prompt: every paragraph and cell of a document is compared with every prompt.
    @cached_property
    def normal(self) -> str:
        return words.normalise(self.text)

    @cached_property
    def wanted(self) -> frozenset[str]:
        return frozenset(words.words(self.text))


def is_prompt(text: str, prompt: str) -> bool:
    """Whether a paragraph or cell is the prompt itself, not an answer to it."""
    return _is(words.normalise(text), _content(text), Prompt(prompt))


def _content(text: str) -> frozenset[str]:
    """The text's words without trailing punctuation and placeholder filler."""
    return frozenset(w for w in words.words(_TRAILING.sub("", text)) if w not in FILLER)


def _is(normal: str, found: frozenset[str], prompt: Prompt) -> bool:
    if normal == prompt.normal:
        return True
    wanted = prompt.wanted
    if not found or not wanted:
        return False
    if len(found - wanted) > len(found) // 10:
        return False
    recall = len(found & wanted) / len(wanted)
    # Short labels must be quoted whole; a long prompt may be quoted from another version of the template.
    return recall == 1.0 or (len(wanted) > 4 and (recall >= 0.8 or len(found) >= QUOTED_WORDS))


@lru_cache(maxsize=16)
def prompts(kind_key: str, version: int) -> tuple[Prompt, ...]:
    """Every piece of a kind's own wording: labels, guidance, sign-off wording, then the template's."""
    kind = kinds.definition(kind_key, version)
    found: list[Prompt] = []
    for section in kind.sections:
        for text in (section.title, section.guidance, f"{section.title} {section.guidance}"):
            found.append(Prompt(text, section=section.key))
        for question in section.questions:
            key = question.key if ANSWER_TYPES[question.type].textual else ""
            for text in (question.label, question.guidance, f"{question.label} {question.guidance}"):
                found.append(Prompt(text, key, section.key))
            for signoff in question.signoffs:
                # A sign-off's label names a row of the sign-off table, not a question to follow.
                found += [Prompt(signoff.label), Prompt(signoff.hint)]
    for target, text in TEMPLATE_WORDING.get(kind.key, ()):
        section = target[2:] if target.startswith("s:") else ""
        question = "" if section else target
        found.append(Prompt(text, question, section or (kind.section_of(question).key if question else "")))
    return tuple(p for p in found if p.text.strip())


def prompt_of(kind_key: str, version: int, text: str) -> Prompt | None:
    """The form's wording this text is, if it is nothing else."""
    normal, found = words.normalise(text), _content(text)
    return next((p for p in prompts(kind_key, version) if _is(normal, found, p)), None)


def asked_as(kind_key: str, text: str) -> str:
    """The key of our question that a document's own question asks in other words, or ""."""
    scored = [(words.similarity(text, asked), key) for key, asked in ASKED_AS.get(kind_key, ())]
    score, key = max(scored, default=(0.0, ""))
    return key if score >= ASKED_MATCH else ""
