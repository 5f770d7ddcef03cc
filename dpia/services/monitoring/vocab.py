"""Vocabularies of monitoring data, declared once: they drive validation, templates, pages and exports."""

from dataclasses import dataclass

from dpia.vocab import Term

TOTAL = "total"
POPULATION = "population"


@dataclass(frozen=True)
class Measure:
    """What a dataset counts. A stock is a count at the end of each period, so it has no sum over periods."""

    value: str
    label: str
    hint: str
    stock: bool = False


MEASURES = (
    Measure("uses", "Times the system was used", "For example deployments, runs or searches."),
    Measure("people_scored", "People scored or assessed", "People the system gave a score or output for."),
    Measure("people_flagged", "People flagged as high risk", "People given the highest risk band."),
    Measure("alerts", "Alerts or possible matches", "For example facial recognition alerts."),
    Measure(
        "interactions",
        "Police interactions as a result",
        "For example stops, visits or engagements that followed from the system's output.",
    ),
    Measure("arrests", "Arrests as a result", "Arrests that followed from the system's output."),
    Measure(
        "people_tracked",
        "People currently tracked",
        "People on a list or cohort at the end of each period.",
        stock=True,
    ),
)

GRANULARITIES = (
    Term("month", "Month", "Periods written like 2021-03."),
    Term("quarter", "Quarter", "Calendar quarters written like 2021-Q1 (January to March)."),
)

AGE_BANDS = (
    Term("0-17", "Under 18"),
    Term("18-24", "18 to 24"),
    Term("25-34", "25 to 34"),
    Term("35-44", "35 to 44"),
    Term("45-54", "45 to 54"),
    Term("55-64", "55 to 64"),
    Term("65+", "65 and over"),
    Term("unknown", "Age not known"),
)

SEXES = (
    Term("female", "Female"),
    Term("male", "Male"),
    Term("other", "Other or indeterminate"),
    Term("unknown", "Not known or not recorded"),
)

PRIOR_RECORD = (
    Term("yes", "Had a prior record", "At least one previous conviction, caution or charge."),
    Term("no", "No prior record"),
    Term("unknown", "Not known"),
)

# Self-defined ethnicity: the "18+1" codes police use.
ETHNICITY_SELF_DEFINED = (
    Term("W1", "White: British"),
    Term("W2", "White: Irish"),
    Term("W3", "White: Gypsy or Irish Traveller"),
    Term("W9", "White: any other White background"),
    Term("M1", "Mixed: White and Black Caribbean"),
    Term("M2", "Mixed: White and Black African"),
    Term("M3", "Mixed: White and Asian"),
    Term("M9", "Mixed: any other Mixed background"),
    Term("A1", "Asian: Indian"),
    Term("A2", "Asian: Pakistani"),
    Term("A3", "Asian: Bangladeshi"),
    Term("A4", "Asian: Chinese"),
    Term("A9", "Asian: any other Asian background"),
    Term("B1", "Black: Caribbean"),
    Term("B2", "Black: African"),
    Term("B9", "Black: any other Black background"),
    Term("O2", "Other: Arab"),
    Term("O9", "Other: any other ethnic group"),
    Term("NS", "Not stated"),
)

# Officer-defined ethnicity: identity codes recorded by the officer.
ETHNICITY_OFFICER_DEFINED = (
    Term("IC1", "IC1: White, North European"),
    Term("IC2", "IC2: White, South European"),
    Term("IC3", "IC3: Black"),
    Term("IC4", "IC4: Asian"),
    Term("IC5", "IC5: Chinese, Japanese or other South East Asian"),
    Term("IC6", "IC6: Arab or North African"),
    Term("IC9", "IC9: Unknown"),
    Term("IC0", "IC0: Not recorded"),
)

# The 2021 ONS standard for England and Wales: 19 categories in 5 groups, plus not stated.
ETHNICITY_ONS_2021 = (
    Term("asian_bangladeshi", "Asian: Bangladeshi"),
    Term("asian_chinese", "Asian: Chinese"),
    Term("asian_indian", "Asian: Indian"),
    Term("asian_pakistani", "Asian: Pakistani"),
    Term("asian_other", "Asian: other Asian"),
    Term("black_african", "Black: African"),
    Term("black_caribbean", "Black: Caribbean"),
    Term("black_other", "Black: other Black"),
    Term("mixed_white_asian", "Mixed: White and Asian"),
    Term("mixed_white_black_african", "Mixed: White and Black African"),
    Term("mixed_white_black_caribbean", "Mixed: White and Black Caribbean"),
    Term("mixed_other", "Mixed: other Mixed"),
    Term("white_british", "White: English, Welsh, Scottish, Northern Irish or British"),
    Term("white_irish", "White: Irish"),
    Term("white_gypsy_traveller", "White: Gypsy or Irish Traveller"),
    Term("white_roma", "White: Roma"),
    Term("white_other", "White: other White"),
    Term("other_arab", "Other: Arab"),
    Term("other_any", "Other: any other ethnic group"),
    Term("not_stated", "Not stated", "Not one of the 19 ONS categories: ethnicity not known."),
)


@dataclass(frozen=True)
class Breakdown:
    """How a dataset's counts are split: the groups of one characteristic, or none."""

    value: str
    label: str
    hint: str
    groups: tuple[Term, ...]


BREAKDOWNS = (
    Breakdown("none", "No breakdown", "One count per period.", (Term(TOTAL, "All"),)),
    Breakdown("age_band", "Age band", "", AGE_BANDS),
    Breakdown("sex", "Sex", "", SEXES),
    Breakdown(
        "ethnicity_self",
        "Ethnicity, self-defined (18+1 codes)",
        "The codes people choose for themselves: W1 to O9, and NS for not stated.",
        ETHNICITY_SELF_DEFINED,
    ),
    Breakdown(
        "ethnicity_officer",
        "Ethnicity, officer-defined (IC codes)",
        "IC1 to IC6 as recorded by the officer, IC9 or IC0 when not known.",
        ETHNICITY_OFFICER_DEFINED,
    ),
    Breakdown(
        "ethnicity_ons",
        "Ethnicity, ONS 2021 categories",
        "The 19 census categories for England and Wales, for comparing with population figures.",
        ETHNICITY_ONS_2021,
    ),
    Breakdown("prior_record", "Prior record", "Whether people had a record before.", PRIOR_RECORD),
)

MEASURE_BY_VALUE = {m.value: m for m in MEASURES}
BREAKDOWN_BY_VALUE = {b.value: b for b in BREAKDOWNS}
# Checker.choice takes Terms: the measures and breakdowns as plain vocabularies.
MEASURE_TERMS = tuple(Term(m.value, m.label, m.hint) for m in MEASURES)
BREAKDOWN_TERMS = tuple(Term(b.value, b.label, b.hint) for b in BREAKDOWNS)
SYNTHETIC = (
    Term(
        "yes",
        "These figures are synthetic",
        "Made up for testing or demonstration: every page and file says so.",
    ),
)
