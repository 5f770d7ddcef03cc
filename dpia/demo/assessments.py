"""Illustrative assessments for the demo systems: approved, superseded, in review, draft, withdrawn, and none.

Dates and content are illustrative, built on the public facts in DOMAIN.md. Systems with no assessment of a
kind are deliberate: "none was conducted" is the most common real answer to an FOI request.
"""

import zlib
from datetime import timedelta

from dpia.services.assessments.versions import today


def _signoffs(approved: str, *, dpo: str = "accepted", residual: str = "approved") -> dict:
    """Step 7 sign-offs, all dated the day of approval."""
    person = {"date": approved}
    return {
        "measures_approved": {
            **person,
            "name": "A. Clarke",
            "position": "Assistant Chief Constable",
            "decision": "approved",
        },
        "residual_risks_approved": {
            **person,
            "name": "A. Clarke",
            "position": "Assistant Chief Constable",
            "decision": residual,
        },
        "dpo_advice": {
            **person,
            "name": "R. Patel",
            "position": "Data Protection Officer",
            "decision": "provided",
        },
        "dpo_advice_outcome": {
            **person,
            "name": "A. Clarke",
            "position": "Assistant Chief Constable",
            "decision": dpo,
            "comments": ""
            if dpo == "accepted"
            else "Operational need judged to outweigh the DPO's concern; see minutes.",
        },
        "kept_under_review": {
            **person,
            "name": "R. Patel",
            "position": "Data Protection Officer",
            "decision": "agreed",
        },
    }


def _dpia_answers(
    aims: str, nature: str, risks: list[tuple[str, str, str]], measures: list[tuple[int, str, str, str]]
) -> dict:
    """A DPIA's answers; measures refer to risks by position (0-based)."""
    risk_rows = [
        {"_id": f"{i:08x}", "source": source, "likelihood": likelihood, "severity": severity}
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
            "owner": "Head of Data Analytics",
        }
        for risk, option, effect, residual in measures
    ]
    return {
        "regime": "dpa_s64",
        "aims": aims,
        "why_needed": "Screening found profiling, criminal offence data and new technology: a DPIA is required under s64.",
        "nature": nature,
        "scope": "Criminal offence data and special category data (ethnicity) about people in the force area; "
        "records kept for the period set by the force's retention schedule (MoPI).",
        "special_category": "yes",
        "context": "People have no control over the processing and may not expect it. Public concern about "
        "predictive policing is high; the force's data ethics committee reviewed the proposal.",
        "purposes": "To target finite resources at the highest risk of harm, with a human decision in every case.",
        "consultation": "Data ethics committee; independent advisory group; the supplier; information security.",
        "lawful_basis": "DPA 2018 s35(2)(b): necessary for a law-enforcement purpose based on the force's common "
        "law policing powers. Sensitive processing under Schedule 8 paragraph 1 (statutory purposes), "
        "with an appropriate policy document.",
        "necessity": "Manual triage is slower and less consistent; the model supports, never replaces, an officer's judgement.",
        "data_quality": "Only fields shown to improve accuracy are used; data is refreshed nightly from source systems.",
        "individuals_rights": "Published privacy notice and ATRS record; rights requests handled by the information rights team.",
        "processors_transfers": "Supplier works under a Part 3 processor contract; no international transfers.",
        "risks": risk_rows,
        "measures": measure_rows,
        **PART3_ANSWERS,
    }


# DPA 2018 Part 3 questions (DPIA definition version 2), asked of every s64 DPIA.
PART3_ANSWERS = {
    "data_subject_categories": "People suspected or convicted of offences, victims and witnesses, each recorded "
    "with their role in the source record; only suspects and convicted people are scored.",
    "facts_and_assessments": "Outputs are personal assessments, labelled 'model assessment' on every screen and "
    "report, and never recorded as facts on the person's record.",
    "sensitive_processing": "yes",
    "sensitive_condition": "s35(5): strictly necessary for the law-enforcement purpose, Schedule 8 paragraph 1 "
    "(statutory purposes), with the force's appropriate policy document.",
    "automated_decisions": "No decision is based solely on automated processing: an officer reviews every output "
    "and records their own decision.",
    "logging": "The system logs collection, alteration, consultation, disclosure, combination and erasure with "
    "user, date, time and reason; logs are kept for six years and audited quarterly.",
    "security_measures": "Role-based access on the force network, encryption at rest and in transit, vetting of "
    "supplier staff, and deletion on the retention schedule.",
}


EQIA_BASE = {
    "purpose": "To assess the equality impact of using the system to prioritise police activity.",
    "affected": "People whose records are scored; communities in the areas most often flagged; officers using the tool.",
    "evidence": "Monitoring data by age, sex and ethnicity (see the system's monitoring datasets); academic work on "
    "bias in risk-assessment tools; complaints data.",
    "gaps": "Disability and religion are not reliably recorded in source systems: the impact cannot yet be measured.",
    "engagement": "Independent advisory group (two sessions); staff networks; the data ethics committee.",
    "impacts": {
        "age": {
            "impact": "negative",
            "evidence": "Younger people are over-represented in the training data.",
            "mitigation": "Age is capped as a feature; outputs reviewed by a supervisor.",
        },
        "disability": {
            "impact": "unknown",
            "evidence": "Not recorded reliably.",
            "mitigation": "Improve recording; revisit in the next review.",
        },
        "gender_reassignment": {"impact": "neutral"},
        "marriage_civil_partnership": {"impact": "neutral"},
        "pregnancy_maternity": {"impact": "neutral"},
        "race": {
            "impact": "negative",
            "evidence": "Historic arrest data reflects disproportionality.",
            "mitigation": "Bias testing each six months; human review of every flag.",
        },
        "religion_belief": {"impact": "unknown", "evidence": "Not recorded."},
        "sex": {
            "impact": "negative",
            "evidence": "Men are over-represented in the data.",
            "mitigation": "Monitored as part of bias testing.",
        },
        "sexual_orientation": {"impact": "neutral"},
    },
    "psed": {
        "eliminate": {"regard": "Bias testing and human review guard against indirect discrimination."},
        "advance": {"regard": "Referrals to diversion schemes are offered equally to all flagged people."},
        "foster": {"regard": "Published transparency record and engagement with the advisory group."},
    },
    "outcome": "adjust",
    "justification": "Use continues with the mitigations above, which address the negative impacts found.",
    "actions": "Improve recording of disability (Head of Data, March); six-monthly bias tests (Data Lab).",
    "monitoring": "Quarterly monitoring data by age, sex and ethnicity reviewed by the ethics committee.",
}


# The Bridges points for live facial recognition: the supplier withheld its training data, so the force
# commissioned independent testing, and written policies constrain the watchlist and the deployments.
LFR_BRIDGES_POINTS = {
    "training_data_disclosed": "withheld",
    "model_logic_disclosed": "withheld",
    "disclosure_alternative": "The supplier treats its training data and model as commercially confidential. The force"
    " commissioned independent testing of the algorithm at its operational settings instead, and the contract gives"
    " the force the right to have any new algorithm version tested before use.",
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
            "discretion": "Officers propose watchlist entries; only wanted people, people with bail conditions and"
            " missing people at risk may be included, each approved by a superintendent.",
            "policy": "Live Facial Recognition Policy Document, version 3 (LFR-POL-003)",
        },
        "where": {
            "discretion": "A superintendent authorises each deployment against written criteria: intelligence of"
            " wanted people expected at the place, and a published notice beforehand.",
            "policy": "LFR Standard Operating Procedure, version 2 (LFR-SOP-002)",
        },
    },
}


def _eqia(approved: str, bias_tests: list[dict]) -> dict:
    return {
        **EQIA_BASE,
        "bias_tests": bias_tests,
        "signoffs": {
            "approved_by": {
                "name": "A. Clarke",
                "position": "Senior responsible owner",
                "date": approved,
                "decision": "approved",
            },
            "equality_lead": {
                "name": "S. Ahmed",
                "position": "EDI lead",
                "date": approved,
                "decision": "reviewed",
            },
        },
    }


def _recent(days: int) -> str:
    """A date `days` before today, so the demo always has reviews due soon."""
    return (today() - timedelta(days=days)).isoformat()


KNIFE_RISKS = [
    (
        "Forecasts concentrate patrols in the same neighbourhoods, reinforcing historic patterns.",
        "probable",
        "significant",
    ),
    ("Inaccurate forecasts lead to wasted deployments.", "possible", "minimal"),
]
KNIFE_MEASURES = [
    (0, "Analysts review each forecast against community intelligence before tasking.", "reduced", "medium"),
    (1, "Monthly accuracy review by the data lab.", "reduced", "low"),
]
HART_RISKS = [
    (
        "People are treated as higher risk because of where they live (postcode as a feature).",
        "probable",
        "severe",
    ),
    (
        "Custody officers defer to the forecast instead of using their own judgement.",
        "possible",
        "significant",
    ),
    ("Inaccurate data about offending history produces a wrong score.", "possible", "significant"),
]
HART_MEASURES = [
    (0, "Remove the full postcode; use a coarser area classification.", "reduced", "medium"),
    (
        1,
        "Training and a rule that the forecast is advisory; decisions recorded with reasons.",
        "reduced",
        "low",
    ),
    (2, "Data quality checks on PNC extracts before scoring.", "reduced", "low"),
]
LFR_RISKS = [
    ("People in a public place are scanned without their knowledge.", "probable", "significant"),
    ("Misidentification leads to an unnecessary stop, more likely for some groups.", "possible", "severe"),
    ("Watchlists include people without a clear policing purpose.", "possible", "severe"),
]
LFR_MEASURES = [
    (0, "Signage at every deployment; deployments published in advance.", "reduced", "medium"),
    (
        1,
        "Threshold set at 0.6 following independent testing; every alert confirmed by an officer.",
        "reduced",
        "medium",
    ),
    (2, "Watchlist criteria in policy, authorised per deployment by a superintendent.", "reduced", "low"),
]

ASSESSMENTS = [
    {
        "system": "HART",
        "kind": "pia",
        "reference": "PIA-2016-002",
        "title": "HART privacy impact assessment",
        "owner": "Information Management Unit",
        "versions": [
            {
                "started": "2016-06",
                "conducted": "2016-11",
                "approved": "2016-12-05",
                "status": "approved",
                "answers": {
                    "need": "Introduce a forecasting model to support custody decisions about the Checkpoint programme.",
                    "flows": "Custody and offending history extracted from the records system; scores shown to custody officers.",
                    "risks": "Profiling; inaccurate data; reliance on the forecast.",
                    "solutions": "Advisory use only; human decision; audit of use.",
                    "signoffs": {
                        "approved_by": {
                            "name": "Head of Information Management",
                            "position": "SIRO delegate",
                            "date": "2016-12-05",
                            "decision": "approved",
                        }
                    },
                },
            }
        ],
    },
    {
        "system": "HART",
        "kind": "dpia",
        "reference": "DPIA-2018-011",
        "title": "HART data protection impact assessment",
        "owner": "Head of Criminal Justice",
        "versions": [
            {
                "started": "2018-05",
                "conducted": "2018-09",
                "approved": "2018-10-01",
                "status": "approved",
                "answers": {
                    **_dpia_answers(
                        "Forecast the risk of reoffending of people in custody, to decide eligibility for diversion.",
                        "Custody records, offending history and postcode are scored by a random forest model.",
                        HART_RISKS,
                        HART_MEASURES[1:],
                    ),
                    "signoffs": _signoffs("2018-10-01"),
                    "dpo_summary": "Proceed only as an advisory tool; review the use of postcode data within a year.",
                },
            },
            {
                "started": "2019-09",
                "conducted": "2019-11",
                "approved": "2019-12-02",
                "status": "approved",
                "answers": {
                    **_dpia_answers(
                        "Forecast the risk of reoffending of people in custody, to decide eligibility for diversion.",
                        "Custody records and offending history are scored by a random forest model. Postcode replaced "
                        "by a coarser area classification after the 2018 review.",
                        HART_RISKS,
                        HART_MEASURES,
                    ),
                    "signoffs": _signoffs("2019-12-02"),
                    "dpo_summary": "Postcode concern addressed. Keep bias testing under review.",
                },
            },
        ],
    },
    {
        "system": "HART",
        "kind": "eqia",
        "reference": "EqIA-2019-003",
        "title": "HART equality impact assessment",
        "owner": "Head of Criminal Justice",
        "versions": [
            {
                "started": "2019-08",
                "conducted": "2019-11",
                "approved": "2019-12-02",
                "status": "approved",
                # Built by the force with a university: no supplier withheld anything.
                "answers": {
                    **_eqia("2019-12-02", []),
                    "training_data_disclosed": "in_house",
                    "model_logic_disclosed": "in_house",
                },
            },
        ],
    },
    {
        "system": "Live Facial Recognition",
        "kind": "dpia",
        "reference": "DPIA-2020-001",
        "title": "Live facial recognition DPIA",
        "owner": "Met Operations, Facial Recognition lead",
        "versions": [
            {
                "started": "2019-10",
                "conducted": "2020-01",
                "approved": "2020-01-24",
                "status": "approved",
                "answers": {
                    **_dpia_answers(
                        "Locate people on a watchlist in crowded places using live facial recognition.",
                        "Faces in a camera's view are compared with a watchlist; non-matches are deleted at once.",
                        LFR_RISKS,
                        LFR_MEASURES,
                    ),
                    "signoffs": _signoffs("2020-01-24"),
                    "dpo_summary": "Proceed with the safeguards; publish the DPIA and deployment records.",
                },
            },
            {
                "started": _recent(400),
                "conducted": _recent(360),
                "approved": _recent(350),
                "status": "approved",
                "answers": {
                    **_dpia_answers(
                        "Locate people on a watchlist in crowded places using live facial recognition.",
                        "Faces in a camera's view are compared with a watchlist; non-matches are deleted at once. "
                        "Algorithm upgraded following independent testing by the National Physical Laboratory.",
                        LFR_RISKS,
                        LFR_MEASURES,
                    ),
                    "signoffs": _signoffs(_recent(350)),
                    "dpo_summary": "The new algorithm and threshold are supported by the testing. Proceed.",
                },
            },
        ],
    },
    {
        "system": "Live Facial Recognition",
        "kind": "eqia",
        "reference": "EqIA-2020-002",
        "title": "Live facial recognition equality impact assessment",
        "owner": "Met Operations, Facial Recognition lead",
        "versions": [
            {
                "started": "2019-11",
                "conducted": "2020-01",
                "approved": "2020-01-24",
                "status": "approved",
                "answers": {
                    **LFR_BRIDGES_POINTS,
                    **_eqia(
                        "2020-01-24",
                        [
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
                            }
                        ],
                    ),
                },
            },
        ],
    },
    {
        "system": "AFR Locate",
        "kind": "eqia",
        "reference": "EqIA-2017-001",
        "title": "AFR Locate equality impact assessment",
        "owner": "South Wales Police, Digital Services",
        "versions": [
            {
                "started": "2017-03",
                "conducted": "2017-04",
                "approved": "2017-04-28",
                "status": "approved",
                "answers": {
                    **{k: v for k, v in _eqia("2017-04-28", []).items() if k not in ("gaps", "actions")},
                    # As in Bridges: the supplier kept its training data confidential and nothing else was done.
                    "training_data_disclosed": "withheld",
                    "model_logic_disclosed": "withheld",
                    "outcome": "no_change",
                    "justification": "No adverse impact identified at the time.",
                },
            },
        ],
    },
    {
        "system": "AFR Locate",
        "kind": "dpia",
        "reference": "DPIA-2017-004",
        "title": "AFR Locate data protection impact assessment",
        "owner": "South Wales Police, Digital Services",
        "versions": [
            {
                "started": "2017-02",
                "conducted": "2017-05",
                "approved": "2017-05-30",
                "status": "approved",
                "answers": {
                    **_dpia_answers(
                        "Identify people on watchlists at events using automated facial recognition.",
                        "Camera images compared against watchlists; alerts reviewed by officers.",
                        LFR_RISKS,
                        LFR_MEASURES[:2],
                    ),
                    "signoffs": _signoffs("2017-05-30"),
                    "dpo_summary": "Proceed; watchlist criteria to be set out in policy.",
                },
            },
            {
                "started": "2020-09",
                "conducted": "2020-11",
                "status": "in_review",
                "answers": _dpia_answers(
                    "Revised after R (Bridges) v CC South Wales Police [2020] EWCA Civ 1058 found the 2017 DPIA deficient.",
                    "Camera images compared against watchlists; alerts reviewed by officers. Watchlist criteria now in policy.",
                    LFR_RISKS,
                    LFR_MEASURES,
                ),
            },
        ],
    },
    {
        "system": "Knife Crime Prediction",
        "kind": "dpia",
        "reference": "DPIA-2020-007",
        "title": "Knife crime prediction DPIA",
        "owner": "Data Analytics Lab",
        "versions": [
            {
                "started": "2020-01",
                "conducted": "2020-05",
                "approved": "2020-06-15",
                "status": "approved",
                "answers": {
                    **_dpia_answers(
                        "Forecast where knife-enabled crime is most likely over the next four weeks, on a 1 km grid.",
                        "Recorded crime locations and dates are aggregated per grid cell; no data about individuals is scored.",
                        KNIFE_RISKS,
                        KNIFE_MEASURES,
                    ),
                    "special_category": "no",
                    "signoffs": _signoffs("2020-06-15"),
                    "dpo_summary": "Low risk to individuals as no person is scored; monitor patrol concentration.",
                },
            },
        ],
    },
    {
        "system": "Knife Crime Prediction",
        "kind": "eqia",
        "reference": "EqIA-2024-006",
        "title": "Knife crime prediction equality impact assessment",
        "owner": "Data Analytics Lab",
        "versions": [{"started": "2024-02", "status": "draft", "answers": {"purpose": EQIA_BASE["purpose"]}}],
    },
    {
        "system": "Serious Violence Prediction",
        "kind": "dpia",
        "reference": "DPIA-2021-003",
        "title": "Serious violence prediction DPIA",
        "owner": "Data Analytics Lab",
        "versions": [
            {
                "started": "2021-01",
                "conducted": _recent(20),
                "status": "in_review",
                "answers": _dpia_answers(
                    "Forecast serious violence on a 0.5 km grid over four weeks to plan neighbourhood patrols.",
                    "Recorded violent crime and calls for service, aggregated per grid cell.",
                    KNIFE_RISKS,
                    KNIFE_MEASURES,
                ),
            },
        ],
    },
    {
        "system": "Integrated Offender Management harm model",
        "kind": "dpia",
        "reference": "DPIA-2021-009",
        "title": "IOM harm model DPIA",
        "owner": "Offender Management",
        "versions": [
            {
                "started": "2021-03",
                "status": "draft",
                "answers": {
                    "regime": "dpa_s64",
                    "aims": "Rank people charged with an offence by predicted harm, to prioritise offender management.",
                    "risks": [
                        {
                            "_id": "00000101",
                            "source": "Scores affect how intensively people are managed.",
                            "likelihood": "probable",
                            "severity": "severe",
                        },
                    ],
                },
            },
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
                    "aims": "Predict which people known to police are likely to commit their first most serious violence offence.",
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
            {
                "started": "2024-01",
                "conducted": "2024-01",
                "approved": "2024-01-22",
                "status": "approved",
                "answers": {
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
                    "reasons": "Profiling people using criminal offence data on a large scale: high risk.",
                    "signoffs": {
                        "dpo": {
                            "name": "R. Patel",
                            "position": "Data Protection Officer",
                            "date": "2024-01-22",
                            "decision": "agreed",
                        }
                    },
                },
            },
        ],
    },
    {
        "system": "Violence Harm Assessment",
        "kind": "dpia",
        "reference": "DPIA-2024-002",
        "title": "Violence Harm Assessment DPIA",
        "owner": "Met Data Office",
        "versions": [
            {
                "started": "2024-01",
                "conducted": "2024-02",
                "status": "in_review",
                "answers": _dpia_answers(
                    "Replace the Gangs Violence Matrix with an assessment of the risk of harm from violence.",
                    "Intelligence and crime data on people linked to serious violence, reviewed monthly by analysts.",
                    HART_RISKS,
                    HART_MEASURES,
                ),
            },
        ],
    },
]
