"""Illustrative assessments for the demo systems: approved, superseded, in review, draft, withdrawn, and none.

Dates and content are illustrative, built on the public facts in DOMAIN.md, and each assessment is written for
its own system. Systems with no assessment of a kind are deliberate: "none was conducted" is the most common
real answer to an FOI request. Recent dates are counted back from today (dpia.clock) so that the register
stays in the state FINDINGS declares however long after writing the demo is loaded.
"""

import zlib
from datetime import timedelta

from dpia.clock import today

# What the compliance checks find on the demo register, on purpose: (system name, check key). Every other
# system is in order. tests/test_demo.py holds the loaded demo to exactly this.
FINDINGS = frozenset(
    {
        # The current DPIA was approved 13 months ago: its 12-month review fell due a month ago.
        ("Knife Crime Prediction", "review_overdue"),
        # In use since 2020; its first DPIA has only now reached review.
        ("Serious Violence Prediction", "dpia_before_processing"),
        # A retest after the algorithm update is recorded in an EqIA approved before it.
        ("Live Facial Recognition", "bias_test_after_approval"),
        # The current DPIA's review falls due in a fortnight.
        ("Live Facial Recognition", "review_due_soon"),
        # As the force told an FOI requester in 2018: no assessment of any kind is held.
        ("Predictive models (Avon and Somerset)", "dpia_before_processing"),
        ("Predictive models (Avon and Somerset)", "eqia_for_people"),
    }
)


def _recent(days: int) -> str:
    """The date `days` before today."""
    return (today() - timedelta(days=days)).isoformat()


def _month(days: int) -> str:
    """The month `days` before today, as a partial date."""
    return _recent(days)[:7]


def _person(name: str, position: str, day: str, decision: str) -> dict:
    return {"name": name, "position": position, "date": day, "decision": decision}


def _signoffs(approved: str, owner: tuple[str, str], dpo: tuple[str, str]) -> dict:
    """Step 7 sign-offs, all dated the day of approval, by the system's senior owner and its DPO."""
    return {
        "measures_approved": _person(*owner, approved, "approved"),
        "residual_risks_approved": _person(*owner, approved, "approved"),
        "dpo_advice": _person(*dpo, approved, "provided"),
        "dpo_advice_outcome": {**_person(*owner, approved, "accepted"), "comments": ""},
        "kept_under_review": _person(*dpo, approved, "agreed"),
    }


def _eqia_signoffs(approved: str, owner: tuple[str, str], lead: tuple[str, str]) -> dict:
    return {
        "approved_by": _person(*owner, approved, "approved"),
        "equality_lead": _person(*lead, approved, "reviewed"),
    }


def _risks(
    prefix: str, risks: list[tuple[str, str, str]], measures: list[tuple[int, str, str, str]], owner: str
):
    """Risk and measure rows; measures refer to risks by position (0-based)."""
    risk_rows = [
        {"_id": f"{prefix}{i:06x}", "source": source, "likelihood": likelihood, "severity": severity}
        for i, (source, likelihood, severity) in enumerate(risks, start=1)
    ]
    # A measure keeps its id from one version to the next, as a copied version's rows do, so comparing
    # versions matches it with itself wherever it sits in the list.
    measure_rows = [
        {
            "_id": f"{zlib.crc32(option.encode()):08x}",
            "risk": risk_rows[risk]["_id"],
            "option": option,
            "effect": effect,
            "residual": residual,
            "approved": "yes",
            "owner": owner,
        }
        for risk, option, effect, residual in measures
    ]
    return {"risks": risk_rows, "measures": measure_rows}


def _impacts(**found: tuple[str, str, str] | str) -> dict:
    """Impacts on each protected characteristic: (impact, evidence, mitigation), or just the impact."""
    return {
        key: {"impact": value}
        if isinstance(value, str)
        else dict(zip(("impact", "evidence", "mitigation"), value, strict=True))
        for key, value in found.items()
    }


# Knife Crime Prediction (West Midlands Police): places, not people, are forecast.
WMP_OWNER = ("A. Clarke", "Assistant Chief Constable (Crime)")
WMP_DPO = ("R. Patel", "Data Protection Officer")
WMP_EQUALITY = ("S. Ahmed", "Equality, diversity and inclusion lead")

KNIFE_DPIA_V1 = {
    "regime": "dpa_s64",
    "aims": "Forecast where knife-enabled crime is most likely over the next four weeks, on a 1 km grid.",
    "why_needed": "Screening found new technology and large-scale use of crime records about identifiable"
    " victims and suspects behind each location: the lab chose to carry out a full DPIA under s64.",
    "nature": "Recorded crime locations and dates are aggregated per grid cell; no data about individuals is"
    " scored.",
    "scope": "Five years of recorded knife-enabled offences (location, date, offence code) from the crime"
    " system; victim and suspect details are removed before the data reaches the model.",
    "special_category": "no",
    "context": "Residents of the cells most often flagged may see more patrols without knowing why; community"
    " groups in Birmingham have asked how knife-crime hotspots are chosen.",
    "purposes": "To send knife-crime patrols and youth outreach to the cells where offences are most likely.",
    "consultation": "The WMP and PCC data ethics committee (two meetings), neighbourhood inspectors and the"
    " youth violence reduction partnership.",
    "lawful_basis": "DPA 2018 s35(2)(b): the processing is necessary for the prevention of crime, under the"
    " chief constable's common law duty to prevent crime; no sensitive processing takes place.",
    "necessity": "Analysts' manual hotspot maps took a week a month; the model gives the same grid in an hour"
    " and is checked against them. Aggregation to 1 km cells keeps the data to the minimum.",
    "data_quality": "Geocoding errors are corrected monthly; cells with fewer than five offences are merged so"
    " that single incidents cannot be picked out.",
    "individuals_rights": "No one is scored, so no individual decision follows; the force's privacy notice"
    " describes the forecasting and the data ethics committee publishes its minutes.",
    "processors_transfers": "Built and run in-house by the Data Analytics Lab; no processor, no transfer.",
    **_risks(
        "0a",
        [
            (
                "Forecasts concentrate patrols in the same neighbourhoods, reinforcing historic recording"
                " patterns.",
                "probable",
                "significant",
            ),
            (
                "Published forecasts would show where and when knife-crime patrols are sent, so offenders"
                " could avoid them.",
                "possible",
                "significant",
            ),
        ],
        [
            (
                0,
                "Analysts review each forecast against community intelligence before tasking.",
                "reduced",
                "medium",
            ),
            (
                1,
                "Forecast maps are marked OFFICIAL-SENSITIVE and shared only with tasking meetings.",
                "reduced",
                "low",
            ),
        ],
        "Head of Data Analytics",
    ),
    "data_subject_categories": "Victims and suspects appear only in the source crime records; the model"
    " receives counts per cell with no category of person, as s38(3) allows where no one is identified.",
    "facts_and_assessments": "Counts per cell are facts taken from recorded crime; the forecast is an"
    " assessment and is labelled 'forecast' on every map.",
    "sensitive_processing": "no",
    "sensitive_condition": "None: no sensitive processing.",
    "automated_decisions": "No decision about a person; inspectors decide tasking with the forecast in front"
    " of them.",
    "logging": "The lab's data platform logs every extract and model run with user and time; kept two years.",
    "security_measures": "The model runs on the lab's accredited platform; maps are OFFICIAL-SENSITIVE.",
    "signoffs": _signoffs("2020-06-15", WMP_OWNER, WMP_DPO),
    "dpo_summary": "Low risk to individuals as no person is scored; monitor how patrols concentrate.",
}
KNIFE_DPIA_V2 = {
    **KNIFE_DPIA_V1,
    "nature": "Recorded crime locations and dates are aggregated per grid cell; no data about individuals is"
    " scored. From this version the forecast also draws on ambulance data on knife injuries, aggregated by"
    " the NHS trust before it is shared.",
    "consultation": "The data ethics committee (annual review), the NHS trust's Caldicott guardian, and the"
    " youth violence reduction partnership, which asked that outreach and patrols be tasked together.",
    "signoffs": _signoffs(_recent(400), WMP_OWNER, WMP_DPO),
    "dpo_summary": "Annual review: the ambulance data arrives aggregated, so no health data about a person is"
    " processed. Proceed; review again in twelve months.",
}
KNIFE_EQIA = {
    "purpose": "To assess whether sending knife-crime patrols to forecast cells affects some communities more"
    " than others, and how the force meets its equality duty in doing so.",
    "affected": "Residents, and young Black men in particular, in the inner-city cells most often forecast;"
    " shop workers and schools in those cells; young people reached by the outreach workers.",
    "evidence": "Stop and search records in forecast cells against the rest of the force area (2021 to now);"
    " census population of each cell; the partnership's survey of 400 young people in Birmingham.",
    "gaps": "Stops are recorded by the officer's view of ethnicity; the survey had few responses from"
    " disabled young people.",
    "engagement": "The independent advisory group's youth panel, two community meetings in Handsworth, and"
    " the partnership's outreach workers.",
    "impacts": _impacts(
        age=(
            "negative",
            "Stops of under-25s in forecast cells rose by a third after patrols began.",
            "Stops in forecast cells reviewed monthly by the neighbourhood inspector.",
        ),
        race=(
            "negative",
            "Black residents are stopped more often in forecast cells than their share of the population.",
            "Patrols tasked with outreach workers; stop and search scrutiny panel reviews each quarter.",
        ),
        sex=("neutral", "Victims and suspects of knife crime are mostly male, as in recorded crime.", ""),
        disability="unknown",
        gender_reassignment="neutral",
        marriage_civil_partnership="neutral",
        pregnancy_maternity="neutral",
        religion_belief="neutral",
        sexual_orientation="neutral",
    ),
    "psed": {
        "eliminate": {"regard": "Stops in forecast cells are scrutinised for disproportion each quarter."},
        "advance": {
            "regard": "Outreach workers go with patrols, offering diversion rather than enforcement."
        },
        "foster": {"regard": "Forecast areas and their results are discussed at community meetings."},
    },
    "bias_tests": [
        {
            "_id": "ka000001",
            "date": _month(230),
            "tester": "Data Analytics Lab, reviewed by the ethics committee's statistician",
            "method": "Compared forecast cells with cells of similar recorded knife crime by their residents'"
            " ethnicity and deprivation.",
            "data": "Three years of forecasts and recorded knife-enabled crime; census 2021 by output area.",
            "groups": "Residents' ethnicity; deprivation decile",
            "metric": "Forecast rate per 100 offences",
            "result": "Cells with a larger Black population were forecast no more often than cells with the"
            " same recorded crime.",
            "conclusion": "The forecast follows recorded crime; the disproportion lies in the stops that follow.",
            "follow_up": "Scrutiny of stops in forecast cells (see actions).",
        }
    ],
    "training_data_disclosed": "in_house",
    "model_logic_disclosed": "in_house",
    "bias_verification": [
        {
            "_id": "kv000001",
            "date": _month(215),
            "verifier": "The data ethics committee's independent statistician",
            "independence": "Appointed by the PCC, not employed by the force.",
            "method": "Re-ran the lab's comparison of forecast cells from the lab's code and data.",
            "result": "Reproduced the lab's figures; asked for deprivation to be reported in every future test.",
        }
    ],
    "deployment": {
        "who": {
            "discretion": "No person is selected by the model; officers on patrol use stop and search powers"
            " under the usual grounds.",
            "policy": "WMP Stop and Search Policy (SS-01)",
        },
        "where": {
            "discretion": "The tasking inspector chooses which forecast cells to patrol, recording why each was"
            " chosen or passed over.",
            "policy": "Knife crime tasking procedure (DAL-KC-02)",
        },
    },
    "outcome": "adjust",
    "justification": "The forecast itself shows no bias beyond recorded crime, but the stops that follow fall"
    " unequally; patrols continue only with outreach and quarterly scrutiny.",
    "actions": "Quarterly stop and search scrutiny in forecast cells (neighbourhood superintendent); survey of"
    " disabled young people (partnership, next spring).",
    "monitoring": "Stops and arrests in forecast cells by ethnicity and age, reported each quarter to the"
    " ethics committee.",
    "signoffs": _eqia_signoffs(_recent(200), WMP_OWNER, WMP_EQUALITY),
}
# The first EqIA, before the lab had tested its forecasts for bias.
KNIFE_EQIA_V1 = {
    **KNIFE_EQIA,
    "gaps": "The forecast has not yet been tested for bias: the lab will compare forecast cells by their"
    " residents' ethnicity and deprivation before the next review.",
    "bias_tests": [],
    "bias_verification": [],
    "signoffs": _eqia_signoffs("2024-05-20", WMP_OWNER, WMP_EQUALITY),
}


# Serious Violence Prediction: in use since September 2020, its first DPIA reached review only this year.
SVP_DPIA = {
    "regime": "dpa_s64",
    "aims": "Forecast serious violence on a 0.5 km grid over four weeks to plan neighbourhood patrols and"
    " violence reduction work.",
    "why_needed": "The model combines calls for service with recorded violence at a finer grid than the knife"
    " model, so a caller's address can sometimes be inferred: a DPIA is required under s64.",
    "nature": "Recorded violent crime and calls for service, aggregated per 0.5 km cell each night; the"
    " heat map is shown to neighbourhood teams.",
    "scope": "Calls for service (location, time, incident type) and recorded violence against the person for"
    " the previous three years; callers' names and numbers are never extracted.",
    "special_category": "no",
    "context": "Callers expect their call to bring help, not to feed a forecast; half-kilometre cells in"
    " rural areas may contain only a few homes.",
    "purposes": "To place neighbourhood patrols and violence reduction unit work where serious violence is"
    " forecast.",
    "consultation": "The data ethics committee asked in 2023 why the model had run without a DPIA; the lab"
    " has since consulted the contact centre, rural policing teams and the violence reduction unit.",
    "lawful_basis": "DPA 2018 s35(2)(b), for the prevention of violent crime under the common law duty to"
    " prevent crime; calls data is used only in aggregate.",
    "necessity": "Recorded violence alone forecasts poorly in the first weeks of a new hotspot; calls for"
    " service add that early signal. Rural cells below a minimum count are left out.",
    "data_quality": "Calls are geocoded by the contact centre system; about 4% have no usable location and"
    " are dropped, which is reported with each run.",
    "individuals_rights": "The privacy notice is being updated to describe this use of calls for service.",
    "processors_transfers": "In-house on the lab's platform; no processor.",
    **_risks(
        "5b",
        [
            (
                "In sparsely populated cells a forecast can point to a single household.",
                "possible",
                "significant",
            ),
            ("The model has run since 2020 without an approved DPIA.", "probable", "significant"),
        ],
        [
            (0, "Suppress cells with fewer than 20 addresses.", "reduced", "low"),
            (
                1,
                "Complete and approve this DPIA; ethics committee to confirm continued use.",
                "reduced",
                "medium",
            ),
        ],
        "Head of Data Analytics",
    ),
    "data_subject_categories": "Callers, victims and suspects appear in the source records; none is"
    " identified in the aggregated data, but rural callers could be, hence the suppression rule.",
    "facts_and_assessments": "Calls and crimes per cell are facts; the heat map is an assessment and is"
    " labelled as a forecast.",
    "sensitive_processing": "no",
    "sensitive_condition": "None.",
    "automated_decisions": "None about people; sergeants choose patrol routes using the heat map.",
    "logging": "Extracts and runs are logged by the lab's platform; calls data access by the contact centre"
    " system's own audit.",
    "security_measures": "Accredited platform; heat maps OFFICIAL-SENSITIVE; calls extract deleted after"
    " aggregation.",
}
SVP_EQIA = {
    "purpose": "To assess the equality impact of patrols placed by the serious violence forecast, started"
    " alongside the overdue DPIA.",
    "affected": "Residents of the half-kilometre cells forecast most often, including rural communities and"
    " Gypsy and Traveller sites near the forecast cells in Solihull.",
    "evidence": "Not yet gathered: the lab is extracting patrol and stop data for forecast cells.",
}

# Integrated Offender Management harm model: scores people, so both a DPIA and an EqIA stand before use.
IOM_OWNER = ("D. Evans", "Chief Superintendent, Public Protection")
IOM_DPIA_V1 = {
    "regime": "dpa_s64",
    "aims": "Rank people charged with an offence by the predicted harm of their future offending, so that"
    " IOM cohorts focus on those likely to cause most harm.",
    "why_needed": "Profiling of individuals with criminal offence data, which may affect how intensively"
    " they are managed: high risk under s64 and the ICO's list.",
    "nature": "A logistic model over charge, conviction and custody history produces a harm score for each"
    " person charged; IOM panels see the score beside the officer's own assessment.",
    "scope": "People charged in the force area in the last five years: their charges, convictions, custody"
    " records and age. Ethnicity is not a feature but is kept to test for bias.",
    "special_category": "yes",
    "context": "People scored are not told of the score; many are young and some are care leavers. A high"
    " score can mean more home visits and conditions.",
    "purposes": "To select IOM cohorts consistently and to offer support services to those most at risk of"
    " causing harm.",
    "consultation": "The ethics committee; the probation service; a user group of people formerly on IOM run"
    " by a charity; the force's legal services.",
    "lawful_basis": "DPA 2018 s35(2)(b) for preventing and investigating offending, under the Offender"
    " Management Act 2007 partnership duties; sensitive processing (ethnicity, for bias testing) under"
    " Schedule 8 paragraph 1 with the appropriate policy document.",
    "necessity": "Panels previously chose cohorts by officers' nomination, which varied between areas; the"
    " score gives every panel the same starting list and leaves the choice to them.",
    "data_quality": "Charges later dropped are removed each night; scores are not calculated where custody"
    " history is incomplete.",
    "individuals_rights": "People on IOM are told they were selected and why; they may ask for the score and"
    " the reasons, subject to s45(4) restrictions.",
    "processors_transfers": "Probation sees the panel's list under the IOM information sharing agreement;"
    " no processor.",
    **_risks(
        "10",
        [
            (
                "Young people and care leavers score higher because of early contact with police.",
                "probable",
                "severe",
            ),
            ("Panels treat the score as the decision.", "possible", "significant"),
        ],
        [
            (
                0,
                "Age capped as a feature; offences before 16 excluded; bias test each six months.",
                "reduced",
                "medium",
            ),
            (
                1,
                "Panels record their own reasons; the score is shown after the officer's assessment.",
                "reduced",
                "low",
            ),
        ],
        "Head of Offender Management",
    ),
    "data_subject_categories": "Only people charged with an offence are scored (s38(3)(a)); victims and"
    " witnesses in the same records are excluded from the extract.",
    "facts_and_assessments": "Charges and convictions are facts; the harm score is a personal assessment,"
    " shown as 'model score' and never written to the person's nominal record.",
    "sensitive_processing": "yes",
    "sensitive_condition": "Ethnicity is processed only to test for bias: strictly necessary for the PSED,"
    " Schedule 8 paragraph 1, with the appropriate policy document.",
    "automated_decisions": "No decision based solely on the score: an IOM panel decides every selection and"
    " records its reasons (s49).",
    "logging": "Every view of a score is logged with officer, time and reason; logs kept six years and"
    " sampled by professional standards each quarter.",
    "security_measures": "Scores visible only to IOM panel members; vetted staff; encrypted at rest.",
    "signoffs": _signoffs("2020-12-14", IOM_OWNER, WMP_DPO),
    "dpo_summary": "High-impact profiling, mitigated by panel decisions and bias testing. Proceed.",
}
IOM_DPIA_V2 = {
    **IOM_DPIA_V1,
    "nature": "A logistic model over charge, conviction and custody history produces a harm score for each"
    " person charged; IOM panels see the score only after recording their own assessment, since the 2024"
    " audit found panels anchored on it.",
    "signoffs": _signoffs(_recent(120), IOM_OWNER, WMP_DPO),
    "dpo_summary": "Annual review: the change to the order of display answers the audit. Proceed.",
}
IOM_EQIA_V1 = {
    "purpose": "To assess whether selecting IOM cohorts with the harm score treats people differently by a"
    " protected characteristic, before the model is used.",
    "affected": "People charged with an offence and scored; those selected for IOM and their families.",
    "evidence": "Development data by age, sex and ethnicity; the probation service's cohort data; research"
    " on age as a proxy in offender risk tools.",
    "gaps": "Care experience is not recorded in police systems; the charity user group is the only source.",
    "engagement": "The charity's user group of people formerly on IOM; the independent advisory group;"
    " the force's Black police association.",
    "impacts": _impacts(
        age=(
            "negative",
            "Under-21s scored higher than older people with the same offending.",
            "Age capped; offences before 16 excluded.",
        ),
        race=(
            "unknown",
            "Charge rates differ by ethnicity, which the score could carry forward.",
            "Score and selection rates by ethnicity tested every six months.",
        ),
        sex=("neutral", "Women are 9% of those scored, as of those charged.", ""),
        disability=(
            "unknown",
            "Learning disability is noted only in custody records.",
            "Panels told to ask.",
        ),
        gender_reassignment="neutral",
        marriage_civil_partnership="neutral",
        pregnancy_maternity="neutral",
        religion_belief="neutral",
        sexual_orientation="neutral",
    ),
    "psed": {
        "eliminate": {"regard": "Selection rates by ethnicity and age are tested every six months."},
        "advance": {"regard": "Selected people are offered housing and employment support, not only visits."},
        "foster": {"regard": "The user group reviews cohort letters and the published description."},
    },
    "bias_tests": [
        {
            "_id": "1b000001",
            "date": "2020-11",
            "tester": "Data Analytics Lab",
            "method": "Calibration of the harm score by ethnicity and age band on two years of held-out data.",
            "data": "People charged 2017 to 2019 and their offending in the following two years.",
            "groups": "Self-defined ethnicity (16+1); age band",
            "metric": "Calibration and false positive rate at the selection threshold",
            "result": "Calibrated across ethnic groups; under-21s over-predicted until age was capped.",
            "conclusion": "Use with the age cap.",
            "follow_up": "Retest every six months.",
        }
    ],
    "training_data_disclosed": "in_house",
    "model_logic_disclosed": "in_house",
    "bias_verification": [
        {
            "_id": "1c000001",
            "date": "2020-12",
            "verifier": "University of Birmingham, Institute for Global Innovation",
            "independence": "An academic team paid under a fixed-price review with no stake in the outcome.",
            "method": "Independent calibration and error-rate analysis on the lab's held-out data.",
            "result": "Confirmed the lab's results and recommended reporting care experience when available.",
        }
    ],
    "deployment": {
        "who": {
            "discretion": "The IOM panel chooses the cohort from the ranked list and may add or remove people,"
            " recording why.",
            "policy": "IOM cohort selection standard (PP-IOM-03)",
        },
        "where": {
            "discretion": "Not applicable: the model does not direct officers to places.",
            "policy": "Not applicable",
        },
    },
    "outcome": "adjust",
    "justification": "The score is used only with the age cap, panel decisions and six-monthly testing; the"
    " support offered to those selected advances equality of opportunity.",
    "actions": "Six-monthly bias test (Data Lab); add care experience when the probation data allows.",
    "monitoring": "Cohort selections by age, sex and ethnicity reported to the IOM board each quarter.",
    "signoffs": _eqia_signoffs("2020-12-14", IOM_OWNER, WMP_EQUALITY),
}
IOM_EQIA_V2 = {
    **IOM_EQIA_V1,
    "bias_tests": [
        *IOM_EQIA_V1["bias_tests"],
        {
            "_id": "1b000002",
            "date": _month(150),
            "tester": "Data Analytics Lab",
            "method": "Repeat of the calibration test on the last two years of selections.",
            "data": "People scored in the two years to last quarter.",
            "groups": "Self-defined ethnicity (16+1); age band; sex",
            "metric": "Calibration and false positive rate at the selection threshold",
            "result": "Still calibrated by ethnicity; the age cap holds the gap for under-21s within 2 points.",
            "conclusion": "Continue with the age cap.",
            "follow_up": "Next test in six months.",
        },
    ],
    "signoffs": _eqia_signoffs(_recent(120), IOM_OWNER, WMP_EQUALITY),
}


# HART (Durham): assessed before go-live in 2017, reviewed in 2019, closed when the tool was retired in 2020.
DURHAM_OWNER = ("M. Barton", "Chief Constable")
DURHAM_DPO = ("J. Hughes", "Data Protection Officer, Durham Constabulary")
HART_CLOSED = (
    "HART was retired in 2020 and no one has been scored since; the assessment is closed and kept as the"
    " record of its use."
)
HART_DPIA_V1 = {
    "regime": "dpa_s64",
    "aims": "Forecast whether a custody suspect is at low, moderate or high risk of reoffending in two years,"
    " to decide eligibility for the Checkpoint out-of-court programme.",
    "why_needed": "Profiling custody suspects to help decide how they are dealt with: assessed before go-live"
    " in anticipation of the Law Enforcement Directive, alongside the 2016 PIA.",
    "nature": "A random forest over 34 custody and offending variables, including age, gender and full"
    " postcode, gives each suspect a forecast which custody officers see.",
    "scope": "Custody suspects at Durham's custody suites: offending history from the force's records and"
    " the Police National Computer, age, gender and home postcode.",
    "special_category": "no",
    "context": "Suspects in custody are in a vulnerable position and are not told a forecast was made.",
    "purposes": "To divert moderate-risk suspects to Checkpoint, with its lower reoffending, consistently.",
    "consultation": "University of Cambridge (model design); Durham's ethics committee; the CPS area lead.",
    "lawful_basis": "Common law policing powers and the Police and Criminal Evidence Act 1984 custody"
    " provisions; Data Protection Act 1998 schedule 2 paragraph 5.",
    "necessity": "Custody officers' own risk judgements were inconsistent; the forecast is advisory only.",
    "data_quality": "Records older than the retention schedule are excluded; PNC extracts checked weekly.",
    "individuals_rights": "Suspects may ask for their custody record; the forecast forms part of it.",
    "processors_transfers": "The University of Cambridge built the model under a data sharing agreement"
    " with no transfer outside the UK.",
    **_risks(
        "4a",
        [
            (
                "Suspects treated as higher risk because of where they live (postcode as a feature).",
                "probable",
                "severe",
            ),
            (
                "Custody officers defer to the forecast instead of their own judgement.",
                "possible",
                "significant",
            ),
        ],
        [
            (
                0,
                "Postcode kept for the pilot year and reviewed by the ethics committee.",
                "accepted",
                "medium",
            ),
            (
                1,
                "Training; the forecast is advisory and decisions are recorded with reasons.",
                "reduced",
                "low",
            ),
        ],
        "Head of Criminal Justice",
    ),
    "data_subject_categories": "Custody suspects only: people arrested and detained, not yet charged.",
    "facts_and_assessments": "Offending history is fact; the forecast is an assessment and says so on the"
    " custody record.",
    "sensitive_processing": "no",
    "sensitive_condition": "None: ethnicity is not used.",
    "automated_decisions": "The custody officer makes the Checkpoint decision and may override the forecast.",
    "logging": "The custody system logs each forecast and the officer's decision.",
    "security_measures": "Forecasts held in the custody system only; no copy kept by the university.",
    "signoffs": _signoffs("2017-03-20", DURHAM_OWNER, DURHAM_DPO),
    "dpo_summary": "Proceed for the pilot year; the postcode feature must be reviewed within a year.",
}
HART_DPIA_V2 = {
    **HART_DPIA_V1,
    "nature": "A random forest over custody and offending variables gives each suspect a forecast. The full"
    " postcode was replaced in 2018 by a coarser area classification after the ethics committee's review.",
    "lawful_basis": "DPA 2018 s35(2)(b), for deciding how offences are dealt with, under PACE and common law"
    " policing powers.",
    **_risks(
        "4b",
        [
            (
                "Suspects treated as higher risk because of where they live (area classification).",
                "possible",
                "significant",
            ),
            (
                "Custody officers defer to the forecast instead of their own judgement.",
                "possible",
                "significant",
            ),
            ("Inaccurate offending history from PNC produces a wrong forecast.", "possible", "significant"),
        ],
        [
            (0, "Full postcode removed; area classification tested for bias.", "reduced", "medium"),
            (
                1,
                "Training; the forecast is advisory and decisions are recorded with reasons.",
                "reduced",
                "low",
            ),
            (2, "PNC extracts reconciled before scoring.", "reduced", "low"),
        ],
        "Head of Criminal Justice",
    ),
    "signoffs": _signoffs("2019-12-02", DURHAM_OWNER, DURHAM_DPO),
    "dpo_summary": "Postcode concern addressed. Keep bias testing under review.",
}
HART_EQIA = {
    "purpose": "To assess the equality impact of HART forecasts on Checkpoint eligibility for custody suspects.",
    "affected": "Custody suspects in Durham, most of them young men; suspects from the most deprived areas.",
    "evidence": "Checkpoint eligibility rates by age and sex 2017 to 2019; Cambridge's validation study;"
    " the 2018 critique of postcode as a proxy for deprivation.",
    "gaps": "Ethnicity is recorded by custody officers and is missing for one in ten suspects.",
    "engagement": "Durham's independent advisory group; the Checkpoint navigators; the Cambridge team.",
    "impacts": _impacts(
        age=(
            "negative",
            "Younger suspects were forecast high risk more often and so excluded from Checkpoint.",
            "Age weight reviewed; custody officers may override.",
        ),
        sex=("neutral", "Men and women with the same history received similar forecasts.", ""),
        race=("unknown", "Durham's custody population is 95% White; too few others to test.", ""),
        disability="unknown",
        gender_reassignment="neutral",
        marriage_civil_partnership="neutral",
        pregnancy_maternity="neutral",
        religion_belief="neutral",
        sexual_orientation="neutral",
    ),
    "psed": {
        "eliminate": {"regard": "Overrides by custody officers are reviewed for patterns by age and area."},
        "advance": {"regard": "Checkpoint offers young suspects a route out of prosecution."},
        "foster": {"regard": "The validation study and the model's variables were published."},
    },
    "bias_tests": [
        {
            "_id": "4e000001",
            "date": "2019-06",
            "tester": "University of Cambridge, Institute of Criminology",
            "method": "Forecast accuracy and high-risk rates compared by age band, sex and area deprivation.",
            "data": "Custody suspects forecast 2017 to 2018 and their reoffending in two years.",
            "groups": "Age band; sex; deprivation decile",
            "metric": "False positive rate for the high-risk class",
            "result": "Higher false positive rate for suspects under 25 and from the most deprived decile.",
            "conclusion": "Replace the full postcode and reweight age.",
            "follow_up": "Done in the 2019 model version.",
        }
    ],
    "training_data_disclosed": "in_house",
    "model_logic_disclosed": "in_house",
    "bias_verification": [],
    "deployment": {
        "who": {
            "discretion": "Every custody suspect was forecast; the custody officer decided eligibility.",
            "policy": "Checkpoint eligibility policy (DC-CJ-12)",
        },
        "where": {"discretion": "Custody suites only.", "policy": "Not applicable"},
    },
    "outcome": "adjust",
    "justification": "The 2019 model removes the full postcode and reweights age; officers keep the decision.",
    "actions": "Record ethnicity completely in custody (custody inspector, 2020).",
    "monitoring": "Checkpoint eligibility by age, sex and deprivation, quarterly to the ethics committee.",
    "signoffs": _eqia_signoffs("2019-12-02", DURHAM_OWNER, ("L. Grant", "Equality and diversity officer")),
}
HART_PIA = {
    "need": "Introduce a forecasting model to support custody decisions about the Checkpoint programme.",
    "flows": "Custody and offending history extracted from the records system; scores shown to custody officers.",
    "risks": "Profiling; inaccurate data; reliance on the forecast.",
    "solutions": "Advisory use only; human decision; audit of use.",
    "signoffs": {
        "approved_by": _person("Head of Information Management", "SIRO delegate", "2016-12-05", "approved")
    },
}

# Live Facial Recognition (Met): DPIA and EqIA published; NPL tested the algorithm in 2023.
MET_OWNER = ("K. Osei", "Director of Intelligence")
MET_DPO = ("P. Lewis", "Data Protection Officer, Metropolitan Police")
MET_EQUALITY = ("N. Begum", "Head of Diversity and Inclusion")
LFR_DPIA_V1 = {
    "regime": "dpa_s64",
    "aims": "Locate people on a watchlist in crowded places using live facial recognition.",
    "why_needed": "Biometric processing of everyone passing the cameras, in public, on a large scale: a"
    " DPIA is required under s64 and the Surveillance Camera Code.",
    "nature": "Faces in a camera's view are compared with a watchlist; non-matches are deleted at once and"
    " alerts go to officers on the ground.",
    "scope": "Biometric templates of every face passing a deployment, deleted within a second unless there"
    " is an alert; a watchlist of custody images of wanted people.",
    "special_category": "yes",
    "context": "Most people scanned are not suspected of anything; civil liberty groups and the London"
    " Policing Ethics Panel have raised concerns about consent and accuracy.",
    "purposes": "To find and arrest wanted people and to locate missing people at risk.",
    "consultation": "London Policing Ethics Panel; the Biometrics and Surveillance Camera Commissioner;"
    " the Mayor's Office for Policing and Crime; community reference groups.",
    "lawful_basis": "DPA 2018 s35(5): sensitive processing strictly necessary for law-enforcement purposes,"
    " Schedule 8 paragraph 1, under common law policing powers and the LFR Legal Mandate.",
    "necessity": "Officers cannot recognise hundreds of wanted faces in a crowd; LFR is used only where"
    " intelligence puts wanted people at a place, and for no longer than authorised.",
    "data_quality": "Watchlist images are checked for quality and currency the day of each deployment.",
    "individuals_rights": "Deployments are announced beforehand and signed on the day; LFR leaflets explain"
    " how to ask about an alert.",
    "processors_transfers": "NEC supplies the software under a Part 3 processor contract; no transfer abroad.",
    **_risks(
        "f1",
        [
            ("People in a public place are scanned without their knowledge.", "probable", "significant"),
            (
                "Misidentification leads to an unnecessary stop, more likely for some groups.",
                "possible",
                "severe",
            ),
            ("Watchlists include people without a clear policing purpose.", "possible", "severe"),
        ],
        [
            (0, "Signage at every deployment; deployments published in advance.", "reduced", "medium"),
            (1, "Every alert confirmed by an officer before any engagement.", "reduced", "medium"),
            (
                2,
                "Watchlist criteria in policy, authorised per deployment by a superintendent.",
                "reduced",
                "low",
            ),
        ],
        "LFR operational lead",
    ),
    "data_subject_categories": "People on the watchlist (wanted, on bail conditions, or missing and at risk)"
    " are kept distinct from the public passing the cameras, whose data is deleted at once (s38(3)).",
    "facts_and_assessments": "An alert is a similarity score, an assessment; it is never recorded as an"
    " identification until an officer has confirmed it.",
    "sensitive_processing": "yes",
    "sensitive_condition": "Biometric data for unique identification: s35(5), Schedule 8 paragraph 1"
    " (statutory purposes) and paragraph 6 (safeguarding), with the appropriate policy document.",
    "automated_decisions": "No: an officer decides whether to engage after every alert (s49).",
    "logging": "Each deployment logs its watchlist, alerts, officer decisions and deletions; kept for a"
    " year and published in summary.",
    "security_measures": "Templates processed on an isolated van system; watchlist deleted after each"
    " deployment.",
    "signoffs": _signoffs("2020-01-24", MET_OWNER, MET_DPO),
    "dpo_summary": "Proceed with the safeguards; publish the DPIA and deployment records.",
}
LFR_DPIA_V2 = {
    **LFR_DPIA_V1,
    "nature": "Faces in a camera's view are compared with a watchlist; non-matches are deleted at once."
    " Algorithm upgraded following independent testing by the National Physical Laboratory, with the"
    " threshold fixed at 0.6.",
    "signoffs": _signoffs(_recent(350), MET_OWNER, MET_DPO),
    "dpo_summary": "The new algorithm and threshold are supported by the testing. Proceed.",
}
LFR_EQIA_V1 = {
    "purpose": "To assess the equality impact of live facial recognition deployments in London and how the"
    " Met meets its equality duty in using them.",
    "affected": "Everyone passing a deployment, in particular Black and Asian Londoners and women, for whom"
    " earlier face-matching algorithms had higher false match rates; people on watchlists.",
    "evidence": "The supplier's accuracy figures; trial deployments 2016 to 2019 (alerts, confirmed matches"
    " and false alerts by perceived ethnicity and sex); the Essex University review of the trials.",
    "gaps": "The supplier's figures do not give error rates by group: independent testing is needed.",
    "engagement": "London Policing Ethics Panel; community reference groups in Stratford and Westminster;"
    " the Met's Black Police Association and Network of Women.",
    "impacts": _impacts(
        race=(
            "unknown",
            "Trial false alerts were too few to compare by ethnicity with confidence.",
            "Independent testing commissioned; every alert confirmed by an officer.",
        ),
        sex=(
            "unknown",
            "Published research found higher false match rates for women in some algorithms.",
            "Included in the independent test.",
        ),
        age=("neutral", "Under-18s are not placed on watchlists unless missing and at risk.", ""),
        religion_belief=(
            "negative",
            "Head coverings can lower image quality and so raise the chance of a stop to check.",
            "Officers briefed to engage respectfully; no one is asked to remove religious dress.",
        ),
        disability="neutral",
        gender_reassignment="neutral",
        marriage_civil_partnership="neutral",
        pregnancy_maternity="neutral",
        sexual_orientation="neutral",
    ),
    "psed": {
        "eliminate": {"regard": "No deployment at a threshold the independent test has not supported."},
        "advance": {"regard": "Missing people at risk, often vulnerable, are found sooner."},
        "foster": {"regard": "Deployments are announced to local community groups and results published."},
    },
    "bias_tests": [
        {
            "_id": "b0000001",
            "date": "2019-10",
            "tester": "NEC (supplier)",
            "method": "Supplier's benchmark on its own test set.",
            "data": "Not disclosed by the supplier.",
            "groups": "Not broken down by group",
            "metric": "Overall false match rate",
            "result": "Overall false match rate below 1 in 1,000 at threshold 0.55.",
            "conclusion": "Not enough to show the absence of bias by group: independent testing needed.",
            "follow_up": "National Physical Laboratory test commissioned.",
        }
    ],
    "training_data_disclosed": "withheld",
    "model_logic_disclosed": "withheld",
    "disclosure_alternative": "The supplier treats its training data and model as commercially confidential."
    " The force commissioned independent testing of the algorithm at its operational settings instead, and"
    " the contract gives the force the right to have any new algorithm version tested before use.",
    "bias_verification": [],
    "deployment": {
        "who": {
            "discretion": "Officers propose watchlist entries; only wanted people, people with bail conditions"
            " and missing people at risk may be included, each approved by a superintendent.",
            "policy": "Live Facial Recognition Policy Document, version 1 (LFR-POL-001)",
        },
        "where": {
            "discretion": "A superintendent authorises each deployment against written criteria: intelligence"
            " of wanted people expected at the place, and a published notice beforehand.",
            "policy": "LFR Standard Operating Procedure, version 1 (LFR-SOP-001)",
        },
    },
    "outcome": "adjust",
    "justification": "Deployment continues only with officer confirmation of every alert, a threshold no lower"
    " than 0.55 and independent testing before the next algorithm change.",
    "actions": "Commission NPL testing (Director of Intelligence); publish deployment results monthly.",
    "monitoring": "Alerts, confirmed matches, false alerts and arrests by perceived ethnicity and sex, each"
    " month (see the system's monitoring data).",
    "signoffs": _eqia_signoffs("2020-01-24", MET_OWNER, MET_EQUALITY),
}
LFR_EQIA_V2 = {
    **LFR_EQIA_V1,
    "evidence": "The National Physical Laboratory's 2023 test of the algorithm at operational settings;"
    " monthly deployment results; the retest after the supplier's latest algorithm update.",
    "gaps": "The retest after the algorithm update arrived after this version was approved (see bias testing).",
    "bias_tests": [
        *LFR_EQIA_V1["bias_tests"],
        {
            "_id": "b0000002",
            "date": "2023-03",
            "tester": "National Physical Laboratory",
            "method": "Controlled trial with volunteers walking past cameras; true and false match rates by group.",
            "data": "Volunteer images; a watchlist of 10,000 synthetic identities.",
            "groups": "Ethnicity (Asian, Black, White) and sex",
            "metric": "False match rate at the operational threshold",
            "result": "At threshold 0.6, no statistically significant difference between groups.",
            "conclusion": "Use at threshold 0.6 or higher only.",
            "follow_up": "Threshold fixed in policy; retest on any algorithm change.",
        },
        # Recorded after approval: the EqIA needs a new version that weighs it (the demo's finding).
        {
            "_id": "b0000003",
            "date": _month(40),
            "tester": "National Physical Laboratory",
            "method": "Repeat of the 2023 trial on the supplier's updated algorithm.",
            "data": "The 2023 volunteer set and 2,000 new volunteer images.",
            "groups": "Ethnicity (Asian, Black, White) and sex",
            "metric": "False match rate at the operational threshold",
            "result": "No significant difference between groups at 0.6; a small rise for Black women at 0.58.",
            "conclusion": "Keep the threshold at 0.6.",
            "follow_up": "New EqIA version to weigh this retest.",
        },
    ],
    "bias_verification": [
        {
            "_id": "c0000002",
            "date": "2023-03",
            "verifier": "National Physical Laboratory",
            "independence": "A public body with no commercial interest in the supplier or in the force's use.",
            "method": "Controlled trial of true and false match rates by ethnicity and sex at several thresholds.",
            "result": "No statistically significant difference between groups at threshold 0.6 or higher.",
        }
    ],
    "deployment": {
        "who": {
            **LFR_EQIA_V1["deployment"]["who"],
            "policy": "Live Facial Recognition Policy Document, version 3 (LFR-POL-003)",
        },
        "where": {
            **LFR_EQIA_V1["deployment"]["where"],
            "policy": "LFR Standard Operating Procedure, version 2 (LFR-SOP-002)",
        },
    },
    "justification": "The NPL test supports use at threshold 0.6 without a significant difference between"
    " groups; deployment continues at that threshold with officer confirmation of every alert.",
    "signoffs": _eqia_signoffs(_recent(300), MET_OWNER, MET_EQUALITY),
}

# AFR Locate (South Wales): the assessments the Court of Appeal examined in Bridges, closed when use ended.
SWP_OWNER = ("G. Rhys", "Assistant Chief Constable")
AFR_CLOSED = (
    "Use of AFR Locate ended in August 2020 after the Court of Appeal's judgment in Bridges; the assessment"
    " is closed and kept as the record the court examined."
)
AFR_DPIA = {
    "regime": "dpa_s64",
    "aims": "Identify people on watchlists at major events in South Wales using automated facial recognition.",
    "why_needed": "New technology processing biometric data of the public at events such as the 2017"
    " Champions League final in Cardiff.",
    "nature": "Camera images compared against watchlists; alerts reviewed by officers in a control van.",
    "scope": "Facial images of everyone passing the cameras at an event, and watchlists drawn from custody"
    " images of people wanted or of interest.",
    "special_category": "yes",
    "context": "Crowds at sporting events and in Cardiff city centre; the public was told by signs and posts.",
    "purposes": "To locate wanted people and people of interest at events.",
    "consultation": "The Surveillance Camera Commissioner; the Information Commissioner's office informally.",
    "lawful_basis": "Common law policing powers; DPA 2018 s35 once in force.",
    "necessity": "Large crowds make manual recognition of wanted people impractical.",
    "data_quality": "Watchlist images taken from the custody system on the morning of each event.",
    "individuals_rights": "Signs at events; a web page on AFR; requests to the information rights unit.",
    "processors_transfers": "NEC NeoFace under a supply contract; no transfer outside the UK.",
    **_risks(
        "af",
        [
            (
                "Members of the public at events are scanned without their knowledge.",
                "probable",
                "significant",
            ),
            ("A false alert leads to an officer stopping the wrong person.", "possible", "severe"),
            ("Watchlist criteria leave officers to decide who is 'of interest'.", "probable", "severe"),
        ],
        [
            (0, "Signs at each event; publicity beforehand.", "reduced", "medium"),
            (1, "An officer checks every alert before engaging.", "reduced", "medium"),
        ],
        "AFR project lead",
    ),
    "data_subject_categories": "People on watchlists (wanted, suspected or 'of interest') and the public at"
    " events; the public's images were deleted at once unless an alert was raised.",
    "facts_and_assessments": "An alert is a similarity score shown to the van operator, not an identification.",
    "sensitive_processing": "yes",
    "sensitive_condition": "Biometric data: Schedule 8 paragraph 1, recorded after the Act came into force.",
    "automated_decisions": "No: the van operator and an officer on the ground confirm every alert.",
    "logging": "NeoFace logs alerts per event; operator decisions were kept on paper until 2019.",
    "security_measures": "Images held on the van's standalone system and deleted after each event.",
    "signoffs": _signoffs(
        "2017-05-30", SWP_OWNER, ("E. Morgan", "Data Protection Officer, South Wales Police")
    ),
    "dpo_summary": "Proceed; watchlist criteria to be set out in policy.",
}
AFR_EQIA = {
    "purpose": "Equality impact of trialling AFR Locate at the 2017 Champions League final and later events.",
    "affected": "Football supporters and visitors in Cardiff on event days; people on watchlists.",
    "evidence": "The supplier's assurances about accuracy; no local data at the time of the assessment.",
    "engagement": "South Wales Police's independent advisory group, briefed once before the final.",
    "impacts": _impacts(
        race=("neutral", "No adverse impact identified at the time.", ""),
        sex=("neutral", "No adverse impact identified at the time.", ""),
        age="neutral",
        disability="neutral",
        gender_reassignment="neutral",
        marriage_civil_partnership="neutral",
        pregnancy_maternity="neutral",
        religion_belief="neutral",
        sexual_orientation="neutral",
    ),
    "psed": {"eliminate": {"regard": "Officers check every alert."}},
    "bias_tests": [],
    # As in Bridges: the supplier kept its training data confidential and nothing else was done.
    "training_data_disclosed": "withheld",
    "model_logic_disclosed": "withheld",
    "outcome": "no_change",
    "justification": "No adverse impact identified at the time.",
    "monitoring": "Alerts and arrests recorded per event; no breakdown by group.",
    "signoffs": _eqia_signoffs("2017-04-28", SWP_OWNER, ("H. Price", "Equality officer, South Wales Police")),
}

# Violence Harm Assessment (Met): replaced the Gangs Violence Matrix, assessed before its first use.
VHA_SCREENING_V1 = {
    "new_technology": "yes",
    "profiling": "yes",
    "special_category": "yes",
    "large_scale": "yes",
    "monitoring": "no",
    "biometric": "no",
    "matching": "yes",
    "invisible": "yes",
    "vulnerable": "yes",
    "consequences": "yes",
    "decision": "required",
    "reasons": "Profiling people using criminal offence data on a large scale, replacing a matrix the ICO"
    " found unlawful: high risk, a DPIA is required.",
    "signoffs": {"dpo": _person(*MET_DPO, "2024-01-22", "agreed")},
}
VHA_DPIA_V1 = {
    "regime": "dpa_s64",
    "aims": "Replace the Gangs Violence Matrix with an assessment of the risk of harm from serious violence"
    " that does not rest on gang labels.",
    "why_needed": "The screening of January 2024 found large-scale profiling with criminal offence data, and"
    " the ICO's 2018 enforcement notice on the Matrix makes the risks well known.",
    "nature": "Analysts apply a structured professional judgement tool to people linked to serious violence"
    " by recent offences or intelligence; each assessment is reviewed monthly.",
    "scope": "Offending, victimisation and graded intelligence about people linked to serious violence in"
    " London, including criminal offence data; ethnicity kept only for monitoring.",
    "special_category": "yes",
    "context": "The Matrix was criticised for listing young Black men with no violent offending and sharing"
    " lists with housing providers and schools; trust in London's affected communities is low.",
    "purposes": "To direct diversion and enforcement at the people most likely to cause or suffer serious"
    " violence, with a reason for each.",
    "consultation": "MOPAC; the London Policing Ethics Panel; Amnesty's Matrix campaigners; youth groups in"
    " Lambeth and Haringey; the ICO's policing team.",
    "lawful_basis": "DPA 2018 s35(2)(b) for preventing violent crime; sensitive processing (ethnicity, for"
    " monitoring only) under Schedule 8 paragraph 1 with the appropriate policy document.",
    "necessity": "Only people with a violent offence or graded intelligence of violence in the last two years"
    " may be assessed; music videos and associations alone are excluded.",
    "data_quality": "Intelligence graded under the 3x5x2 system; ungraded items cannot be used.",
    "individuals_rights": "People assessed are told when diversion is offered; the assessment is removed two"
    " years after the last relevant event.",
    "processors_transfers": "No processor; nothing is shared with housing providers or schools.",
    **_risks(
        "9a",
        [
            ("People are assessed because of who they know or the music they make.", "possible", "severe"),
            ("Assessments are shared beyond policing and affect housing or schooling.", "possible", "severe"),
        ],
        [
            (
                0,
                "Only offences and graded intelligence of violence qualify; monthly panel review.",
                "reduced",
                "low",
            ),
            (1, "No sharing outside policing without a case-by-case DPO decision.", "reduced", "low"),
        ],
        "Met Data Office",
    ),
    "data_subject_categories": "Suspects and offenders are assessed; victims are recorded only to offer"
    " support, and witnesses are excluded (s38(3)).",
    "facts_and_assessments": "Offences are facts; intelligence is graded; the harm assessment is an opinion"
    " and is labelled as one.",
    "sensitive_processing": "yes",
    "sensitive_condition": "Ethnicity for monitoring disproportionality only: Schedule 8 paragraph 1.",
    "automated_decisions": "None: analysts and a monthly panel make every assessment.",
    "logging": "Every view, change and removal of an assessment is logged in the Met's records system.",
    "security_measures": "Access limited to the violence suppression unit; quarterly access audits.",
    "signoffs": _signoffs("2024-02-09", MET_OWNER, MET_DPO),
    "dpo_summary": "A clear break from the Matrix. Proceed with the exclusions and the sharing rule.",
}
VHA_DPIA_V2 = {
    **VHA_DPIA_V1,
    "nature": "Analysts apply a structured professional judgement tool to people linked to serious violence;"
    " each assessment is reviewed monthly. The first year's audit removed 14% of assessments as lapsed.",
    "signoffs": _signoffs(_recent(90), MET_OWNER, MET_DPO),
    "dpo_summary": "Annual review: the exclusions held; proceed for another year.",
}
VHA_EQIA_V1 = {
    "purpose": "To assess whether the Violence Harm Assessment repeats the Matrix's disproportionate impact"
    " on young Black men, before it replaces the Matrix.",
    "affected": "Young people in London linked to serious violence, their families, and victims offered"
    " support.",
    "evidence": "The Matrix's composition (78% Black in 2017); the ICO notice; the Met's violence data by"
    " ethnicity of victims and suspects.",
    "gaps": "How the new criteria change who is assessed will be known only after a year of use.",
    "engagement": "Youth groups in Lambeth and Haringey; the Met's Black Police Association; MOPAC.",
    "impacts": _impacts(
        race=(
            "negative",
            "Black Londoners are over-represented among suspects and victims of serious violence.",
            "Only offences and graded intelligence qualify; composition reported monthly.",
        ),
        age=("negative", "Most people assessed are 15 to 24.", "Under-18s always offered diversion first."),
        sex=("neutral", "Mostly male, as are suspects of serious violence.", ""),
        disability="unknown",
        gender_reassignment="neutral",
        marriage_civil_partnership="neutral",
        pregnancy_maternity="neutral",
        religion_belief="neutral",
        sexual_orientation="neutral",
    ),
    "psed": {
        "eliminate": {"regard": "Composition by ethnicity is compared with violence data each month."},
        "advance": {"regard": "Diversion and victim support are offered before enforcement."},
        "foster": {"regard": "Youth groups review the criteria and the published composition."},
    },
    "bias_tests": [
        {
            "_id": "9b000001",
            "date": "2024-01",
            "tester": "Met Data Office",
            "method": "Applied the new criteria to the Matrix's last cohort and compared who would qualify.",
            "data": "The Matrix cohort of December 2023.",
            "groups": "Ethnicity; age band",
            "metric": "Share of each group qualifying",
            "result": "60% of the Matrix cohort would not qualify; the Black share fell from 78% to 61%.",
            "conclusion": "Adopt the criteria; keep comparing with violence data.",
            "follow_up": "Monthly composition report.",
        }
    ],
    "training_data_disclosed": "in_house",
    "model_logic_disclosed": "in_house",
    "bias_verification": [
        {
            "_id": "9c000001",
            "date": "2024-02",
            "verifier": "MOPAC Evidence and Insight",
            "independence": "The Mayor's office, which oversees the Met and is separate from it.",
            "method": "Checked the Data Office's comparison from the underlying records.",
            "result": "Confirmed the comparison; asked for victims' ethnicity to be reported alongside.",
        }
    ],
    "deployment": {
        "who": {
            "discretion": "Analysts propose people meeting the criteria; a monthly panel chaired by a"
            " superintendent decides, recording reasons.",
            "policy": "Violence Harm Assessment procedure (MPS-VHA-01)",
        },
        "where": {
            "discretion": "Not applicable: people, not places, are assessed.",
            "policy": "Not applicable",
        },
    },
    "outcome": "adjust",
    "justification": "The criteria cut the disproportion the Matrix showed; monitoring continues monthly.",
    "actions": "Monthly composition report (Data Office); report victims' ethnicity (MOPAC request).",
    "monitoring": "Assessed people by ethnicity and age against suspects and victims of serious violence.",
    "signoffs": _eqia_signoffs("2024-02-09", MET_OWNER, MET_EQUALITY),
}
VHA_EQIA_V2 = {
    **VHA_EQIA_V1,
    "gaps": "Disability is not recorded; the first year showed the criteria held, so this is the main gap.",
    "signoffs": _eqia_signoffs(_recent(90), MET_OWNER, MET_EQUALITY),
}


def _approved(started: str, conducted: str, approved: str, answers: dict, status: str = "approved") -> dict:
    return {
        "started": started,
        "conducted": conducted,
        "approved": approved,
        "status": status,
        "answers": answers,
    }


def _closed(version: dict, note: str) -> dict:
    """An approved version withdrawn when its system was retired, with the reason."""
    return {**version, "status": "closed", "note": note}


ASSESSMENTS = [
    {
        "system": "HART",
        "kind": "pia",
        "reference": "PIA-2016-002",
        "title": "HART privacy impact assessment",
        "owner": "Information Management Unit",
        "versions": [_closed(_approved("2016-06", "2016-11", "2016-12-05", HART_PIA), HART_CLOSED)],
    },
    {
        "system": "HART",
        "kind": "dpia",
        "reference": "DPIA-2017-011",
        "title": "HART data protection impact assessment",
        "owner": "Head of Criminal Justice",
        "versions": [
            _approved("2016-10", "2017-02", "2017-03-20", HART_DPIA_V1),
            _closed(_approved("2019-09", "2019-11", "2019-12-02", HART_DPIA_V2), HART_CLOSED),
        ],
    },
    {
        "system": "HART",
        "kind": "eqia",
        "reference": "EqIA-2019-003",
        "title": "HART equality impact assessment",
        "owner": "Head of Criminal Justice",
        "versions": [_closed(_approved("2019-08", "2019-11", "2019-12-02", HART_EQIA), HART_CLOSED)],
    },
    {
        "system": "Live Facial Recognition",
        "kind": "dpia",
        "reference": "DPIA-2020-001",
        "title": "Live facial recognition DPIA",
        "owner": "Met Operations, Facial Recognition lead",
        "versions": [
            _approved("2019-10", "2020-01", "2020-01-24", LFR_DPIA_V1),
            _approved(_recent(400), _recent(360), _recent(350), LFR_DPIA_V2),
        ],
    },
    {
        "system": "Live Facial Recognition",
        "kind": "eqia",
        "reference": "EqIA-2020-002",
        "title": "Live facial recognition equality impact assessment",
        "owner": "Met Operations, Facial Recognition lead",
        "versions": [
            _approved("2019-11", "2020-01", "2020-01-24", LFR_EQIA_V1),
            _approved(_recent(340), _recent(310), _recent(300), LFR_EQIA_V2),
        ],
    },
    {
        "system": "AFR Locate",
        "kind": "eqia",
        "reference": "EqIA-2017-001",
        "title": "AFR Locate equality impact assessment",
        "owner": "South Wales Police, Digital Services",
        "versions": [_closed(_approved("2017-03", "2017-04", "2017-04-28", AFR_EQIA), AFR_CLOSED)],
    },
    {
        "system": "AFR Locate",
        "kind": "dpia",
        "reference": "DPIA-2017-004",
        "title": "AFR Locate data protection impact assessment",
        "owner": "South Wales Police, Digital Services",
        "versions": [_closed(_approved("2017-02", "2017-05", "2017-05-30", AFR_DPIA), AFR_CLOSED)],
    },
    {
        "system": "Knife Crime Prediction",
        "kind": "dpia",
        "reference": "DPIA-2020-007",
        "title": "Knife crime prediction DPIA",
        "owner": "Data Analytics Lab",
        "versions": [
            _approved("2020-01", "2020-05", "2020-06-15", KNIFE_DPIA_V1),
            _approved(_recent(450), _recent(410), _recent(400), KNIFE_DPIA_V2),
        ],
    },
    {
        "system": "Knife Crime Prediction",
        "kind": "eqia",
        "reference": "EqIA-2024-006",
        "title": "Knife crime prediction equality impact assessment",
        "owner": "Data Analytics Lab",
        "versions": [
            _approved("2024-02", "2024-05", "2024-05-20", KNIFE_EQIA_V1),
            _approved(_recent(260), _recent(210), _recent(200), KNIFE_EQIA),
        ],
    },
    {
        "system": "Serious Violence Prediction",
        "kind": "dpia",
        "reference": "DPIA-2021-003",
        "title": "Serious violence prediction DPIA",
        "owner": "Data Analytics Lab",
        "versions": [
            # Opened in 2021 and left in draft while the model ran; submitted for review only this month.
            {"started": "2021-01", "conducted": _recent(20), "status": "in_review", "answers": SVP_DPIA}
        ],
    },
    {
        "system": "Serious Violence Prediction",
        "kind": "eqia",
        "reference": "EqIA-2025-004",
        "title": "Serious violence prediction equality impact assessment",
        "owner": "Data Analytics Lab",
        "versions": [{"started": _recent(30), "status": "draft", "answers": SVP_EQIA}],
    },
    {
        "system": "Integrated Offender Management harm model",
        "kind": "dpia",
        "reference": "DPIA-2020-009",
        "title": "IOM harm model DPIA",
        "owner": "Offender Management",
        "versions": [
            _approved("2020-06", "2020-11", "2020-12-14", IOM_DPIA_V1),
            _approved(_recent(170), _recent(130), _recent(120), IOM_DPIA_V2),
        ],
    },
    {
        "system": "Integrated Offender Management harm model",
        "kind": "eqia",
        "reference": "EqIA-2020-010",
        "title": "IOM harm model equality impact assessment",
        "owner": "Offender Management",
        "versions": [
            _approved("2020-07", "2020-11", "2020-12-14", IOM_EQIA_V1),
            _approved(_recent(170), _recent(130), _recent(120), IOM_EQIA_V2),
        ],
    },
    {
        "system": "NDAS Most Serious Violence",
        "kind": "dpia",
        "reference": "DPIA-2019-002",
        "title": "NDAS Most Serious Violence DPIA",
        "owner": "National Data Analytics Solution",
        "versions": [
            {
                "started": "2019-06",
                "status": "withdrawn",
                "note": "Development stopped in 2020 after the ethics committee's advice; the tool was never deployed.",
                "answers": {
                    "regime": "dpa_s64",
                    "aims": "Predict which people known to police are likely to commit their first most serious"
                    " violence offence.",
                },
            },
        ],
    },
    {
        "system": "Violence Harm Assessment",
        "kind": "screening",
        "reference": "SCR-2024-001",
        "title": "Violence Harm Assessment: is a DPIA needed?",
        "owner": "Met Data Office",
        "versions": [
            _approved("2024-01", "2024-01", "2024-01-22", VHA_SCREENING_V1),
            _approved(
                _recent(100),
                _recent(95),
                _recent(90),
                {**VHA_SCREENING_V1, "signoffs": {"dpo": _person(*MET_DPO, _recent(90), "agreed")}},
            ),
        ],
    },
    {
        "system": "Violence Harm Assessment",
        "kind": "dpia",
        "reference": "DPIA-2024-002",
        "title": "Violence Harm Assessment DPIA",
        "owner": "Met Data Office",
        "versions": [
            _approved("2024-01", "2024-02", "2024-02-09", VHA_DPIA_V1),
            _approved(_recent(110), _recent(95), _recent(90), VHA_DPIA_V2),
        ],
    },
    {
        "system": "Violence Harm Assessment",
        "kind": "eqia",
        "reference": "EqIA-2024-003",
        "title": "Violence Harm Assessment equality impact assessment",
        "owner": "Met Data Office",
        "versions": [
            _approved("2024-01", "2024-02", "2024-02-09", VHA_EQIA_V1),
            _approved(_recent(110), _recent(95), _recent(90), VHA_EQIA_V2),
        ],
    },
]
