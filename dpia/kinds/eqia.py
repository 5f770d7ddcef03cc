"""The EqIA: what police forms share, with bias-testing records and the other points the Bridges judgment requires."""

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
            title_column="method",
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

DISCLOSURES = (
    Term("disclosed", "Disclosed to the force"),
    Term("withheld", "Withheld by the supplier"),
    Term("in_house", "No supplier: built by the force"),
)
DEPLOYMENT_DECISIONS = (
    Term("who", "Who is sought", "Who is placed on a watchlist, or which people the system scores or flags."),
    Term("where", "Where and when it is used", "Which places, events and times the system is deployed at."),
)

# Bridges (paras 199-201): a supplier's commercial confidence does not excuse the force from satisfying itself
# about bias; (paras 91-96): the "who" and "where" must not be left to officers' unfettered discretion.
bridges = Section(
    "bridges",
    "Supplier disclosure, independent verification and deployment",
    "In R (Bridges) v Chief Constable of South Wales Police [2020] EWCA Civ 1058 the force could not show the"
    " software was not biased because the supplier withheld its training data, and the court held that was no"
    " excuse (paras 199-201); it also held that who is placed on a watchlist and where the system is deployed"
    " must not be left to officers' discretion without a policy constraining them (paras 91-96).",
    (
        Question(
            "training_data_disclosed",
            "Did the supplier disclose the data the system was trained on?",
            CHOICE,
            choices=DISCLOSURES,
        ),
        Question(
            "model_logic_disclosed",
            "Did the supplier disclose how the model works (its logic and the factors it weighs)?",
            CHOICE,
            choices=DISCLOSURES,
        ),
        Question(
            "disclosure_alternative",
            "If the supplier withheld either, what did the force do instead to satisfy itself?",
            LONGTEXT,
            "For example testing on the force's own data, a contractual right to an independent audit, or"
            " published evaluations of the same product.",
        ),
        Question(
            "bias_verification",
            "Independent verification of bias",
            TABLE,
            "Checks by someone independent of the supplier and of the project team, such as a university,"
            " an ethics panel or a testing laboratory.",
            row_name="verification",
            title_column="verifier",
            columns=(
                Column("date", "Date of verification", DATE, required=True),
                Column(
                    "verifier",
                    "Who verified",
                    TEXT,
                    required=True,
                    hint="An organisation or independent body.",
                ),
                Column("independence", "How they are independent", LONGTEXT),
                Column("method", "What they checked and how", LONGTEXT, required=True),
                Column("result", "Result", LONGTEXT),
            ),
        ),
        Question(
            "deployment",
            "Deployment decisions left to officers",
            GRID,
            "For each decision, say how much is left to officers and name the policy that constrains them.",
            rows=DEPLOYMENT_DECISIONS,
            columns=(
                Column("discretion", "What officers decide, and within what limits", LONGTEXT),
                Column("policy", "Policy that constrains them (title and reference)", TEXT),
            ),
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

# Version 2 adds the Bridges points; approved EqIAs keep version 1, and a new version of one moves to this.
EQIA_V2 = Kind(
    key="eqia",
    short="EqIA",
    label="Equality impact assessment",
    version=2,
    summary="Purpose, evidence, engagement, impact on each protected characteristic, the three PSED aims,"
    " bias testing, supplier disclosure, independent verification and deployment decisions, outcome and"
    " monitoring.",
    sections=(scope, evidence, engagement, impact, psed, bias, bridges, outcome, monitoring, signoff),
    prefix="EqIA",
    flags=("bias_testing",),
)
