"""Controlled vocabularies of the register, declared once as data."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary: what is stored, and what people read."""

    value: str
    label: str
    hint: str = ""


def labels(terms: tuple[Term, ...]) -> dict[str, str]:
    """Map stored values to their labels."""
    return {t.value: t.label for t in terms}


CATEGORIES = (
    Term("crime_mapping", "Predictive crime mapping", "Forecasts where or when crime is likely."),
    Term(
        "individual_risk",
        "Individual risk assessment",
        "Scores or ranks people, for example by risk of offending or of harm.",
    ),
    Term("biometric", "Biometric identification", "For example live or retrospective facial recognition."),
    Term("other", "Other"),
)

LIFECYCLES = (
    Term("planned", "Planned"),
    Term("in_use", "In use"),
    Term("retired", "Retired"),
    Term("never_deployed", "Never deployed"),
)

# What people type for a category or a lifecycle, besides its label. A search made only of these (and of
# REGISTER_FILLERS) lists the systems of that category or lifecycle, each with its assessments.
# Plural "s" is ignored when matching. Words that also name systems ("facial recognition") are left out.
REGISTER_WORDS = {
    "category": {
        "crime_mapping": (
            "Predictive crime mapping",
            "crime mapping",
            "predictive mapping",
            "crime prediction mapping",
            "hotspot mapping",
            "hot spot mapping",
            "place based prediction",
            "predictive hotspot",
        ),
        "individual_risk": (
            "Individual risk assessment",
            "individual risk",
            "individual risk score",
            "individual risk scoring",
            "risk assessment of individuals",
            "offender risk assessment",
        ),
        "biometric": ("Biometric identification", "biometric", "biometrics", "biometric system"),
        "other": (),
    },
    "lifecycle": {
        "planned": ("Planned", "planned for use", "proposed"),
        "in_use": ("In use", "currently in use", "currently used", "operational"),
        "retired": ("Retired", "no longer in use", "no longer used", "decommissioned"),
        "never_deployed": ("Never deployed", "not deployed", "never used"),
    },
}
REGISTER_FILLERS = (
    "all",
    "any",
    "every",
    "the",
    "system",
    "tool",
    "model",
    "and",
    "that",
    "are",
    "is",
    "were",
)

REGIMES = (
    Term("uk_gdpr", "UK GDPR", "General processing, including most non-policing purposes."),
    Term(
        "dpa_part3",
        "DPA 2018 Part 3 (law enforcement)",
        "Processing by a competent authority for law-enforcement purposes.",
    ),
)

MARKINGS = (
    Term("OFFICIAL", "OFFICIAL"),
    Term("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE", "OFFICIAL with a handling caveat."),
)
SENSITIVE = "OFFICIAL-SENSITIVE"

ROLES = (
    Term("admin", "Administrator", "Manages accounts, settings and the audit trail."),
    Term("editor", "Editor", "Compliance staff: creates and edits drafts, submits them for review."),
    Term("approver", "Approver", "DPO or senior owner: approves, signs off, requests changes."),
    Term(
        "foi_officer",
        "FOI officer",
        "Reads everything, marks passages for withholding, exports, manages FOI requests.",
    ),
    Term("reader", "Reader", "Reads the register."),
)
ROLE_NAMES = tuple(t.value for t in ROLES)

# Assessments

STATUSES = (
    Term("draft", "Draft", "Being written; only editors change it."),
    Term("in_review", "In review", "Submitted for approval; content is frozen while an approver decides."),
    Term("approved", "Approved", "Signed off; never changes. Start a new version to review it."),
    Term("superseded", "Superseded", "Replaced by a later approved version."),
    Term("withdrawn", "Withdrawn", "Abandoned or withdrawn; kept for the record."),
)

YES_NO = (Term("yes", "Yes"), Term("no", "No"))

# The ICO's DPIA scales (template steps 5 and 6), lowest first.
LIKELIHOODS = (
    Term("remote", "Remote"),
    Term("possible", "Possible"),
    Term("probable", "Probable"),
)
SEVERITIES = (
    Term("minimal", "Minimal"),
    Term("significant", "Significant"),
    Term("severe", "Severe"),
)
RISK_LEVELS = (Term("low", "Low"), Term("medium", "Medium"), Term("high", "High"))
EFFECTS = (
    Term("eliminated", "Eliminated"),
    Term("reduced", "Reduced"),
    Term("accepted", "Accepted"),
)

# Equality Act 2010 s4, in the Act's order.
PROTECTED_CHARACTERISTICS = (
    Term("age", "Age"),
    Term("disability", "Disability"),
    Term("gender_reassignment", "Gender reassignment"),
    Term(
        "marriage_civil_partnership", "Marriage and civil partnership", "Covered by the first PSED aim only."
    ),
    Term("pregnancy_maternity", "Pregnancy and maternity"),
    Term("race", "Race"),
    Term("religion_belief", "Religion or belief"),
    Term("sex", "Sex"),
    Term("sexual_orientation", "Sexual orientation"),
)
IMPACTS = (
    Term("positive", "Positive"),
    Term("negative", "Negative"),
    Term("neutral", "Neutral"),
    Term("unknown", "Unknown"),
)
# Public Sector Equality Duty, Equality Act 2010 s149(1).
PSED_AIMS = (
    Term(
        "eliminate",
        "(a) Eliminate discrimination, harassment and victimisation",
        "And any other conduct the Act prohibits. This aim covers marriage and civil partnership too.",
    ),
    Term(
        "advance",
        "(b) Advance equality of opportunity",
        "Between people who share a characteristic and those who do not.",
    ),
    Term(
        "foster",
        "(c) Foster good relations",
        "Between people who share a characteristic and those who do not.",
    ),
)

# Freedom of Information

# FOIA exemptions most used for police algorithm requests (DOMAIN.md); "other" names any further one.
EXEMPTIONS = (
    Term(
        "s21",
        "Section 21: information accessible by other means",
        "For example published on an ethics panel page.",
    ),
    Term("s22", "Section 22: intended for future publication"),
    Term("s23", "Section 23: supplied by, or relating to, security bodies"),
    Term("s24", "Section 24: national security"),
    Term("s30", "Section 30: investigations and proceedings"),
    Term("s31", "Section 31: law enforcement", "The most common exemption for model details."),
    Term("s38", "Section 38: health and safety"),
    Term("s40", "Section 40: personal information", "Third-party personal data, including small counts."),
    Term("s43", "Section 43: commercial interests", "For example supplier contracts and prices."),
    Term("other", "Another exemption", "Name it in full."),
)
OTHER_EXEMPTION = "other"

FOI_STATUSES = (
    Term("open", "Open", "Being answered."),
    Term("responded", "Responded", "The response has been sent."),
    Term("closed", "Closed", "Nothing further is expected, including any internal review."),
)
# FOIA s10(1): answer within 20 working days of receipt.
FOI_WORKING_DAYS = 20

# How a request was answered (recorded when it is closed). NCND: s1(1)(a) excluded, for example by s23(5),
# s24(2), s30(3), s31(3) or s40(5).
FOI_OUTCOMES = (
    Term("granted_in_full", "Granted in full", "All the information asked for was sent."),
    Term("granted_in_part", "Granted in part", "Some was sent; the rest was refused under an exemption."),
    Term("refused", "Refused", "All of it was refused under an exemption or the cost limit (s12)."),
    Term("not_held", "Information not held", "The force holds none of the information asked for."),
    Term(
        "ncnd",
        "Neither confirm nor deny",
        "Saying whether the information is held would itself cause harm.",
    ),
)
# An internal review's finding about the original response.
REVIEW_OUTCOMES = (
    Term("upheld", "Upheld", "The original response stands."),
    Term("overturned", "Overturned", "The original response was wrong; the information is to be sent."),
    Term("partly_upheld", "Partly upheld", "Part of the original response stands; part is changed."),
)
# What happens to a request, in the order it usually happens.
FOI_EVENTS = (
    Term("clarification_sought", "Clarification sought", "The clock stops until the answer (s1(3))."),
    Term("clarification_received", "Clarification received", "20 working days start again (s10(6))."),
    Term("extended", "Extended for the public interest test", "Section 10(3)."),
    Term("responded", "Responded"),
    Term("closed", "Closed"),
    Term("review_requested", "Internal review requested"),
    Term("review_closed", "Internal review closed"),
)
# ICO guidance: a public interest extension should normally last no more than a further 20 working days.
FOI_EXTENSION_WORKING_DAYS = 20
# Section 45 code of practice (2018) para 5.4: reviews within 20 working days, 40 at most in complex cases;
# para 5.3: a review may be refused if asked for more than 40 working days after the response.
FOI_REVIEW_WORKING_DAYS = 20
FOI_REVIEW_LONGEST = 40
FOI_REVIEW_ASK_WITHIN = 40

# What answers one question of an FOI request: a fact the register holds about each system in the
# question's scope, a yes/no derived from that scope (a parent question), or the officer's own words.
FOI_FACTS = (
    Term("names", "Names of the systems", "Each system's name and other names it goes by."),
    Term("first_use", "When first used", "The year, month or day each system was first used."),
    Term("how_it_works", "How it works", "How each system works, the data it uses and how outputs are made."),
    Term("costs", "Costs", "Each system's dated cost entries."),
    Term("policies", "Governing policies", "The guidance and policies governing each system's use."),
    Term(
        "monitoring",
        "Monitoring data (CSV)",
        "Aggregate counts by age, ethnicity and sex, small numbers suppressed.",
    ),
    Term(
        "assessments",
        "Assessments and their dates",
        "Each PIA, DPIA and EqIA with the date conducted, or that none was.",
    ),
    Term(
        "bias_testing",
        "Bias testing",
        "The bias-testing records in each system's EqIA (Equality Act 2010 s149).",
    ),
    Term(
        "individuals",
        "Individuals currently held",
        "How many people a system holds, where a dataset records it.",
    ),
    Term("parent", "Yes or no, from the scope", "Whether any system in the scope is or was in use."),
    Term("own", "The officer's own words", "Written by the FOI officer; needs no scope."),
)
# What a question is about: nothing in the register, categories of system, or systems named in it.
QUESTION_SCOPES = (
    Term("none", "Nothing in the register", "Only the officer's own words can answer it."),
    Term("categories", "Categories of system", "Every system of the categories chosen below."),
    Term("systems", "Named systems", "The systems chosen below."),
)
# How a question is answered (FOIA s1(1)(a) and s17): from the register, where held or not held follows from
# what it holds, or as the officer decides.
QUESTION_DISPOSITIONS = (
    Term(
        "answer",
        "Answer it",
        "From the register, or in your own words; ‘not held’ if the register holds nothing.",
    ),
    Term("not_held", "Information not held", "The force holds nothing that answers it."),
    Term(
        "ncnd",
        "Neither confirm nor deny",
        "Saying whether anything is held would itself cause the harm an exemption guards against.",
    ),
    Term("exempt", "Withhold it in full", "Held, but exempt: the letter explains the exemption."),
    Term("s21", "Published elsewhere (section 21)", "Point to where it is reasonably accessible."),
    Term("s12", "Over the cost limit (section 12)", "Give the estimate of the time it would take."),
)
# Facts answered from the register about the systems in scope, so a question with no scope cannot have one.
FOI_FACTS_NEEDING_SCOPE = tuple(t.value for t in FOI_FACTS if t.value != "own")
# Words in a question that suggest each fact (lower case, matched on word boundaries); the most matches win.
FOI_FACT_WORDS = {
    "names": ("name", "names", "called", "title of the system"),
    "first_use": ("first used", "when first", "date first", "began using", "start date", "introduced"),
    "how_it_works": (
        "how it works",
        "how does",
        "what data",
        "data it uses",
        "predictions are made",
        "algorithm",
    ),
    "costs": ("cost", "costs", "price", "spent", "spend", "expenditure", "contract value"),
    "policies": ("guidance", "policy", "policies", "procedures", "governing"),
    "monitoring": ("age", "race", "gender", "ethnicity", "arrests", "arrested", "csv", "interactions"),
    "assessments": ("pia", "dpia", "eqia", "impact assessment", "impact assessments", "conducted"),
    "bias_testing": ("bias", "biased", "discrimination", "equality duty", "testing", "research"),
    "individuals": (
        "how many individuals",
        "how many people",
        "tracked",
        "number of individuals",
        "currently held",
    ),
    "parent": (
        "have any",
        "has any",
        "has the force",
        "does the force",
        "do you use",
        "are any",
        "is there any",
    ),
}
