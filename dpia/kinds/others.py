"""The legacy PIA (free-form sections) and the screening questionnaire ("is a DPIA needed?")."""

from dpia.kinds.model import (
    APPROVAL,
    CHOICE,
    LONGTEXT,
    YESNO,
    Kind,
    Question,
    Section,
    SignOff,
    signoff_section,
)
from dpia.vocab import Term


def _free(key: str, title: str, guidance: str, required_for: str = "") -> Section:
    return Section(key, title, guidance, (Question(key, title, LONGTEXT, required_for=required_for),))


PIA_V1 = Kind(
    key="pia",
    short="PIA",
    label="Privacy impact assessment",
    version=1,
    summary="The pre-2018 assessment (ICO code of practice, 2014): free-form sections. Many older systems"
    " only have one of these.",
    sections=(
        _free("need", "Identify the need for a PIA", "What the project aims to achieve.", "submit"),
        _free("flows", "Describe the information flows", "Collection, use, storage and deletion."),
        _free("consultation", "Consultation", "Who was consulted, inside and outside the force."),
        _free(
            "risks", "Privacy and related risks", "Risks to individuals, compliance risks, corporate risks."
        ),
        _free("solutions", "Privacy solutions", "What was done to remove or reduce each risk."),
        _free("outcomes", "Outcomes", "Which risks were eliminated, reduced or accepted."),
        _free("integration", "Integration into the project plan", "Who carries out each action, and when."),
        _free("other", "Other sections", "Anything else the original assessment covered."),
        signoff_section(
            "Sign-off",
            "Who approved the PIA.",
            (
                SignOff(
                    "approved_by", "PIA approved by", decisions=APPROVAL, required=True, decided_by="approve"
                ),
            ),
        ),
    ),
    prefix="PIA",
)

# The ICO's examples of processing likely to result in high risk, asked as yes/no questions.
CRITERIA = (
    ("new_technology", "Does it use innovative technology, or existing technology in a new way?"),
    (
        "profiling",
        "Does it profile people or make automated decisions about them, including predicting behaviour?",
    ),
    ("special_category", "Does it use special category or criminal offence data?"),
    ("large_scale", "Is the processing on a large scale?"),
    ("monitoring", "Does it systematically monitor people, including in publicly accessible places?"),
    ("biometric", "Does it use biometric or genetic data to identify people?"),
    ("matching", "Does it combine, compare or match data from several sources?"),
    ("invisible", "Would people not expect it, or not know it is happening?"),
    ("vulnerable", "Does it involve children or other vulnerable people?"),
    ("consequences", "Could it lead to police action against people, or deny them a service or opportunity?"),
)
CRITERION_KEYS = tuple(key for key, _ in CRITERIA)
DECISIONS = (
    Term("required", "A DPIA is required"),
    Term("not_required", "A DPIA is not required"),
)

SCREENING_V1 = Kind(
    key="screening",
    short="DPIA screening",
    label="DPIA screening",
    version=1,
    summary="A short questionnaire recording whether a DPIA is needed, and why.",
    sections=(
        Section(
            "criteria",
            "Indicators of high risk",
            "Answer each question. The ICO expects a DPIA for processing likely to result in a high risk;"
            " two or more 'yes' answers usually mean one is needed.",
            tuple(
                Question(key, text, YESNO, required_for="submit", withholdable=False)
                for key, text in CRITERIA
            ),
        ),
        Section(
            "decision",
            "Decision",
            "Record the decision and the reasons for it.",
            (
                Question("decision", "Is a DPIA needed?", CHOICE, choices=DECISIONS, required_for="submit"),
                Question("reasons", "Reasons for the decision", LONGTEXT, required_for="submit"),
            ),
        ),
        signoff_section(
            "Sign-off",
            "The Data Protection Officer agrees the decision.",
            (
                SignOff(
                    "dpo",
                    "Decision agreed by the DPO",
                    decisions=(Term("agreed", "Agreed"), Term("disagreed", "Disagreed")),
                    required=True,
                    reasons_required_for=("disagreed",),
                    decided_by="approve",
                ),
            ),
        ),
    ),
    prefix="SCR",
    flags=("screening_indicators",),
)
