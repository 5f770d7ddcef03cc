"""The DPIA, following the ICO's template in seven steps, for UK GDPR Art 35 or DPA 2018 s64."""

from dpia.kinds.model import (
    APPROVAL,
    CHOICE,
    DATE,
    DERIVED,
    LONGTEXT,
    ROW_REF,
    TABLE,
    TEXT,
    WITHHOLD_ROW,
    YESNO,
    Column,
    Kind,
    Question,
    Section,
    ShownWhen,
    SignOff,
    signoff_section,
)
from dpia.vocab import EFFECTS, LIKELIHOODS, RISK_LEVELS, SEVERITIES, Term

DPIA_REGIMES = (
    Term(
        "uk_gdpr_art35", "UK GDPR Article 35", "General processing, for purposes other than law enforcement."
    ),
    Term(
        "dpa_s64",
        "Data Protection Act 2018 section 64 (law enforcement, Part 3)",
        "Processing by a competent authority for law-enforcement purposes. Police use of a predictive or"
        " biometric system for policing falls here, not under Article 35.",
    ),
)

step1 = Section(
    "need",
    "Step 1: Identify the need for a DPIA",
    "Explain broadly what the project aims to achieve and what type of processing it involves. You may find"
    " it helpful to refer to the project proposal. Summarise why you identified the need for a DPIA.",
    (
        Question(
            "regime",
            "Which law requires this DPIA?",
            CHOICE,
            "Record the regime: the Court of Appeal in Bridges judged South Wales Police's DPIA against"
            " section 64, because policing purposes are law-enforcement processing under Part 3.",
            choices=DPIA_REGIMES,
            required_for="submit",
            withholdable=False,
        ),
        Question(
            "aims",
            "What does the project aim to achieve, and what type of processing does it involve?",
            LONGTEXT,
            required_for="submit",
        ),
        Question(
            "why_needed",
            "Why is a DPIA needed?",
            LONGTEXT,
            "For example: new technology, profiling, special category or criminal offence data, systematic"
            " monitoring of public places, or the result of a screening questionnaire.",
        ),
    ),
)

step2 = Section(
    "processing",
    "Step 2: Describe the processing",
    "Describe the nature, scope, context and purposes of the processing.",
    (
        Question(
            "nature",
            "Nature of the processing",
            LONGTEXT,
            "How will you collect, use, store and delete data? What is the source of the data? Will you"
            " share data with anyone? Which types of processing are likely to be high risk?",
            required_for="submit",
        ),
        Question(
            "scope",
            "Scope of the processing",
            LONGTEXT,
            "What is the nature of the data, and does it include special category or criminal offence data?"
            " How much data, how often? How long will you keep it? How many individuals are affected, and"
            " what geographical area does it cover?",
            required_for="submit",
        ),
        Question(
            "special_category",
            "Does the processing involve special category or criminal offence data?",
            YESNO,
            withholdable=False,
        ),
        Question(
            "context",
            "Context of the processing",
            LONGTEXT,
            "What is your relationship with the individuals? How much control will they have? Would they"
            " expect you to use their data in this way? Do they include children or other vulnerable groups?"
            " Are there prior concerns or security flaws? Is it novel? What is the current state of the"
            " technology? Are there issues of public concern?",
        ),
        Question(
            "purposes",
            "Purposes of the processing",
            LONGTEXT,
            "What do you want to achieve? What is the intended effect on individuals? What are the benefits"
            " of the processing, for you and more broadly?",
            required_for="submit",
        ),
    ),
)

step3 = Section(
    "consultation",
    "Step 3: Consultation process",
    "Consider how to consult with relevant stakeholders.",
    (
        Question(
            "consultation",
            "How have you consulted, and whom?",
            LONGTEXT,
            "Describe when and how you sought individuals' views, or justify why it is not appropriate to do"
            " so. Who else within the force did you involve? Did you ask processors to assist? Did you consult"
            " information security or other experts, or an ethics committee?",
        ),
    ),
)

step4 = Section(
    "necessity",
    "Step 4: Assess necessity and proportionality",
    "Describe compliance and proportionality measures.",
    (
        Question(
            "lawful_basis",
            "What is your lawful basis for processing?",
            LONGTEXT,
            "For law-enforcement processing, name the statutory function relied on (DPA 2018 s35) and, for"
            " sensitive processing, the Schedule 8 condition and the appropriate policy document.",
            required_for="submit",
        ),
        Question(
            "necessity",
            "Does the processing achieve your purpose, and is there another way to achieve the same outcome?",
            LONGTEXT,
            "Explain why the processing is necessary and proportionate, and how you will prevent function creep.",
            required_for="submit",
        ),
        Question(
            "data_quality",
            "How will you ensure data quality and data minimisation?",
            LONGTEXT,
        ),
        Question(
            "individuals_rights",
            "What information will you give individuals, and how will you help them use their rights?",
            LONGTEXT,
        ),
        Question(
            "processors_transfers",
            "What measures ensure processors comply, and how do you safeguard any international transfers?",
            LONGTEXT,
        ),
    ),
)

step5 = Section(
    "risks",
    "Step 5: Identify and assess risks",
    "Describe the source of each risk and the nature of its potential impact on individuals. Include"
    " associated compliance and corporate risks as necessary. The overall risk follows the ICO's matrix"
    " of likelihood against severity.",
    (
        Question(
            "risks",
            "Risks",
            TABLE,
            row_name="risk",
            title_column="source",
            columns=(
                Column(
                    "source",
                    "Source of risk and nature of potential impact on individuals",
                    LONGTEXT,
                    required=True,
                ),
                Column("likelihood", "Likelihood of harm", CHOICE, choices=LIKELIHOODS, required=True),
                Column("severity", "Severity of harm", CHOICE, choices=SEVERITIES, required=True),
                Column("overall", "Overall risk", DERIVED, choices=RISK_LEVELS, derive="ico_risk"),
            ),
        ),
    ),
)

step6 = Section(
    "measures",
    "Step 6: Identify measures to reduce risk",
    "Identify additional measures you could take to reduce or eliminate the risks identified as medium or"
    " high in step 5. A risk that stays high after its measures means the ICO must be consulted before the"
    " processing starts.",
    (
        Question(
            "measures",
            "Measures",
            TABLE,
            row_name="measure",
            title_column="option",
            columns=(
                # A measure's words and residual level describe its risk: withheld with it.
                Column(
                    "risk",
                    "Risk",
                    ROW_REF,
                    refers_to="risks",
                    required=True,
                    if_withheld=WITHHOLD_ROW,
                    relation="mitigates",
                ),
                Column("option", "Options to reduce or eliminate risk", LONGTEXT, required=True),
                Column("effect", "Effect on risk", CHOICE, choices=EFFECTS, required=True),
                Column("residual", "Residual risk", CHOICE, choices=RISK_LEVELS, required=True),
                Column(
                    "approved", "Measure approved", CHOICE, choices=(Term("yes", "Yes"), Term("no", "No"))
                ),
                Column("owner", "Owner", TEXT, person=True),
                Column("due", "Due date", DATE),
            ),
        ),
    ),
)

step7 = signoff_section(
    "Step 7: Sign off and record outcomes",
    "Record who approved the measures and residual risks, the Data Protection Officer's advice, and who will"
    " keep the DPIA under review. Approvers complete this during review.",
    (
        SignOff(
            "measures_approved",
            "Measures approved by",
            "Integrate actions back into the project plan, with date and responsibility for completion.",
            APPROVAL,
            required=True,
            decided_by="approve",
        ),
        SignOff(
            "residual_risks_approved",
            "Residual risks approved by",
            "If accepting any residual high risk, consult the ICO before going ahead.",
            APPROVAL,
            required=True,
            decided_by="approve",
        ),
        SignOff(
            "dpo_advice",
            "DPO advice provided",
            "The DPO should advise on compliance, the step 6 measures and whether processing can proceed.",
            (Term("provided", "Advice provided"),),
            required=True,
            decided_by="approve",
        ),
        SignOff(
            "dpo_advice_outcome",
            "DPO advice accepted or overruled by",
            "If overruled, you must explain your reasons in the comments.",
            (Term("accepted", "Accepted"), Term("overruled", "Overruled")),
            required=True,
            decided_by="approve",
            reasons_required_for=("overruled",),
        ),
        SignOff(
            "consultation_reviewed",
            "Consultation responses reviewed by",
            "If your decision departs from individuals' views, you must explain your reasons.",
            (
                Term("reviewed", "Reviewed"),
                Term("departed", "Departs from individuals' views"),
            ),
            reasons_required_for=("departed",),
        ),
        SignOff(
            "kept_under_review",
            "This DPIA will be kept under review by",
            "The DPO should also review ongoing compliance with the DPIA.",
            (Term("agreed", "Agreed"),),
        ),
    ),
    Question(
        "dpo_summary",
        "Summary of DPO advice",
        LONGTEXT,
        "What did the DPO advise, and on which points?",
        required_for="approve",
    ),
)

DPIA_V1 = Kind(
    key="dpia",
    short="DPIA",
    label="Data protection impact assessment",
    version=1,
    summary="Follows the ICO's DPIA template in seven steps, under UK GDPR Article 35 or DPA 2018 section 64.",
    sections=(step1, step2, step3, step4, step5, step6, step7),
    prefix="DPIA",
    flags=("prior_consultation",),
)

# Version 2 adds the questions DPA 2018 Part 3 asks of law-enforcement processing (issue 17). Version 1 stays
# as it was: approved DPIAs written against it keep it, and their new versions move to this one.
PART3 = "dpa_s64"

part3 = Section(
    "part3",
    "Law-enforcement processing (DPA 2018 Part 3)",
    "Asked only when this DPIA is made under section 64. Part 3 asks more than UK GDPR: answer each question"
    " for this processing, naming the section of the Act it responds to.",
    (
        Question(
            "data_subject_categories",
            "Which categories of data subject are processed, and how are they kept distinct? (s38(3))",
            LONGTEXT,
            "Name each category (people suspected of an offence, people convicted, victims, witnesses and"
            " others) and say how the system records and keeps the distinction between them.",
            required_for="submit",
        ),
        Question(
            "facts_and_assessments",
            "How are facts distinguished from personal assessments? (s38(2))",
            LONGTEXT,
            "A risk score or prediction is a personal assessment, not a fact. Say how users can tell which is"
            " which, and how assessments are labelled where they are shown or shared.",
            required_for="submit",
        ),
        Question(
            "sensitive_processing",
            "Does the processing include sensitive processing? (s35(8))",
            YESNO,
            "Sensitive processing: racial or ethnic origin, political opinions, religious or philosophical"
            " beliefs, trade union membership, genetic or biometric data to identify someone, health, sex"
            " life or sexual orientation.",
            required_for="submit",
            withholdable=False,
        ),
        Question(
            "sensitive_condition",
            "If so, on what basis? (s35(4) consent, or s35(5) strictly necessary with a Schedule 8 condition)",
            LONGTEXT,
            "Name the Schedule 8 condition relied on and the appropriate policy document in place.",
        ),
        Question(
            "automated_decisions",
            "Are decisions taken based solely on automated processing, and with what safeguards? (ss49-50)",
            LONGTEXT,
            "A significant decision based solely on automated processing needs authorisation by law. Say"
            " whether an officer reviews every output before acting on it, how the person is told, and how"
            " they can ask for the decision to be reconsidered or taken again by a person.",
            required_for="submit",
        ),
        Question(
            "logging",
            "How are collection, alteration, consultation, disclosure, combination and erasure logged? (s62)",
            LONGTEXT,
            "Logs of consultation and disclosure must show the justification, the date and time and, as far"
            " as possible, who consulted or disclosed the data and to whom.",
            required_for="submit",
        ),
        Question(
            "security_measures",
            "What safeguards, security measures and mechanisms protect the data? (s64(3)(d))",
            LONGTEXT,
            "Access control, encryption, retention and deletion, audit, and the measures that show"
            " compliance with Part 3.",
            required_for="submit",
        ),
        Question(
            "s65_sent",
            "The date the request for prior consultation was sent",
            DATE,
            "Section 65: consult the Information Commissioner before processing when the DPIA shows a high"
            " risk that measures do not reduce. Leave blank if no consultation was needed.",
        ),
        Question(
            "s65_advice",
            "The Commissioner's written advice",
            LONGTEXT,
            "What the Commissioner advised, in their words where possible.",
        ),
        Question(
            "s65_received",
            "Date the written advice was received",
            DATE,
            not_before="s65_sent",
        ),
        Question(
            "s65_response",
            "The force's response to the advice",
            LONGTEXT,
            "What was changed because of the advice, or why the force departed from it.",
        ),
    ),
    shown_when=ShownWhen("regime", (PART3,), "Asked only for DPIAs under DPA 2018 section 64 (Part 3)."),
)

DPIA_V2 = Kind(
    key="dpia",
    short="DPIA",
    label="Data protection impact assessment",
    version=2,
    summary=DPIA_V1.summary + " Section 64 DPIAs also answer the questions Part 3 asks.",
    sections=(step1, step2, step3, step4, part3, step5, step6, step7),
    prefix="DPIA",
    flags=("prior_consultation",),
)
