"""The EqIA: what police forms share, with bias-testing records as the Bridges judgment requires."""

from dpia.kinds.model import (
    APPROVAL,
    CHOICE,
    DATE,
    GRID,
    LONGTEXT,
    TABLE,
    TEXT,
    Column,
    Kind,
    Question,
    Section,
    SignOff,
    signoff_section,
)
from dpia.vocab import IMPACTS, PROTECTED_CHARACTERISTICS, PSED_AIMS, Term

OUTCOMES = (
    Term("no_change", "No major change needed", "The assessment shows no potential for discrimination."),
    Term("adjust", "Adjust the use", "Remove barriers or better advance equality, then continue."),
    Term(
        "continue_justified",
        "Continue despite a potential adverse impact",
        "Only where the impact is justified as a proportionate means of achieving a legitimate aim.",
    ),
    Term("stop", "Stop and rethink", "The impact is unlawful or cannot be justified."),
)

scope = Section(
    "scope",
    "Purpose and scope",
    "What the system is for, who it affects, and which parts of the force's work it touches.",
    (
        Question(
            "purpose",
            "What is the purpose of the system or policy being assessed?",
            LONGTEXT,
            required_for="submit",
        ),
        Question(
            "affected",
            "Who is affected by it, directly or indirectly?",
            LONGTEXT,
            "For example people scored or flagged, people stopped as a result, officers and staff, communities.",
        ),
    ),
)

evidence = Section(
    "evidence",
    "Evidence and data",
    "The duty requires reasonable enquiries into what is not yet known (Bridges, para 181). Say what you know,"
    " what you do not, and how you will find out.",
    (
        Question(
            "evidence",
            "What evidence and data have you used?",
            LONGTEXT,
            "Monitoring data by age, sex and ethnicity, research on similar systems, complaints, academic work.",
            required_for="submit",
        ),
        Question("gaps", "What do you not yet know, and how will you find out?", LONGTEXT),
    ),
    panels=("monitoring_datasets",),
)

engagement = Section(
    "engagement",
    "Engagement and consultation",
    "Who you engaged, including representative groups, staff networks and independent advisory groups.",
    (Question("engagement", "Who have you engaged with, and what did they tell you?", LONGTEXT),),
)

impact = Section(
    "impact",
    "Impact on each protected characteristic",
    "For each of the nine protected characteristics in the Equality Act 2010 (s4), record the likely impact,"
    " the evidence for it and how any negative impact will be mitigated. Record 'Unknown' honestly rather"
    " than guessing, and say in evidence how you will find out.",
    (
        Question(
            "impacts",
            "Impact by protected characteristic",
            GRID,
            rows=PROTECTED_CHARACTERISTICS,
            columns=(
                Column("impact", "Impact", CHOICE, choices=IMPACTS, required=True),
                Column("evidence", "Evidence", LONGTEXT),
                Column("mitigation", "Mitigation", LONGTEXT),
            ),
            required_for="submit",
        ),
    ),
)

psed = Section(
    "psed",
    "The Public Sector Equality Duty",
    "How the use of the system has due regard to each of the three aims in section 149(1) of the Equality"
    " Act 2010. The duty is rigorous, continuing and non-delegable.",
    (
        Question(
            "psed",
            "Due regard to each aim",
            GRID,
            rows=PSED_AIMS,
            columns=(Column("regard", "How the system's use has due regard to this aim", LONGTEXT),),
        ),
    ),
)

bias = Section(
    "bias",
    "Bias testing",
    "Software may have an inbuilt bias which needs to be tested (Bridges, para 191): the force should satisfy"
    " itself that everything reasonable was done to make sure the system has no racial or gender bias"
    " (para 201). Record each test: when, who, how, on what data, which groups were compared, the metric,"
    " the result and what followed.",
    (
        Question(
            "bias_tests",
            "Bias-testing records",
            TABLE,
            row_name="test",
            columns=(
                Column("date", "Date of test", DATE, required=True),
                Column(
                    "tester", "Who tested", TEXT, required=True, hint="A team, supplier or independent body."
                ),
                Column("method", "Method", LONGTEXT, required=True),
                Column("data", "Data used", LONGTEXT),
                Column(
                    "groups", "Groups compared", TEXT, hint="For example, by ethnicity (18+1 codes) and sex."
                ),
                Column(
                    "metric", "Metric", TEXT, hint="For example, false positive rate or false match rate."
                ),
                Column("result", "Result", LONGTEXT),
                Column("conclusion", "Conclusion", LONGTEXT),
                Column("follow_up", "Follow-up action", LONGTEXT),
            ),
        ),
    ),
)

outcome = Section(
    "outcome",
    "Outcome and action plan",
    "The decision reached and the actions that follow from it.",
    (
        Question("outcome", "Outcome of the assessment", CHOICE, choices=OUTCOMES, required_for="submit"),
        Question("justification", "Why is this outcome justified?", LONGTEXT),
        Question("actions", "Action plan", LONGTEXT, "Each action with its owner and date."),
    ),
)

monitoring = Section(
    "monitoring",
    "Monitoring and review",
    "How the impact will be monitored once the system is in use, and when the assessment will be reviewed.",
    (
        Question(
            "monitoring",
            "How will you monitor the actual impact?",
            LONGTEXT,
            "Which figures, by which groups, how often, and who looks at them.",
        ),
    ),
)

signoff = signoff_section(
    "Sign-off",
    "The senior owner approves the assessment; the equality lead's review is recorded where there is one.",
    (
        SignOff(
            "approved_by",
            "Assessment approved by",
            "Usually the senior responsible owner of the system.",
            APPROVAL,
            required=True,
            decided_by="approve",
        ),
        SignOff(
            "equality_lead",
            "Reviewed by the equality, diversity and inclusion lead",
            "",
            (Term("reviewed", "Reviewed"), Term("concerns", "Reviewed with concerns")),
            reasons_required_for=("concerns",),
        ),
    ),
)

EQIA_V1 = Kind(
    key="eqia",
    short="EqIA",
    label="Equality impact assessment",
    version=1,
    summary="Purpose, evidence, engagement, impact on each protected characteristic, the three PSED aims,"
    " bias testing, outcome and monitoring.",
    sections=(scope, evidence, engagement, impact, psed, bias, outcome, monitoring, signoff),
    prefix="EqIA",
    flags=("bias_testing",),
)
