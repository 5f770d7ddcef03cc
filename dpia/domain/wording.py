"""Starting wording for each exemption a refusal notice about algorithmic systems may cite.

Offered as version 0 until an administrator saves the force's own. It is deliberately general: an officer
must adapt it to the request, the information withheld and the harm that disclosure of *that* information
would cause, since a notice that only repeats stock wording does not meet section 17. Absolute exemptions
carry no public interest test; only prejudice-based ones state a harm.
"""

FIELDS = ("why", "harm", "favour", "against", "balance")
LABELS = {
    "why": "Why the exemption applies",
    "harm": "The harm disclosure would cause",
    "favour": "Public interest considerations favouring disclosure",
    "against": "Public interest considerations favouring non-disclosure",
    "balance": "Balance of the public interest",
}


def _absolute(why: str) -> dict[str, str]:
    return {"why": why, "harm": "", "favour": "", "against": "", "balance": ""}


def _qualified(why: str, favour: str, against: str, balance: str, harm: str = "") -> dict[str, str]:
    return {"why": why, "harm": harm, "favour": favour, "against": against, "balance": balance}


# What is common to every public interest test on these systems: said once, adapted per exemption below.
_TRANSPARENCY = (
    "There is a public interest in the transparency and accountability of policing, and particularly in how "
    "the force uses algorithmic and data-driven tools that may affect decisions about individuals and "
    "communities. Disclosure would inform public debate, show how public money is spent and help the public "
    "understand the safeguards in place, including for fairness and bias."
)

DEFAULT_WORDING: dict[str, dict[str, str]] = {
    "s21": _absolute(
        "Section 21 exempts information that is reasonably accessible to the applicant by other means. The "
        "information you asked for is already published by the force, at the addresses given in the answers "
        "above. Section 21 is an absolute exemption, so no public interest test is needed."
    ),
    "s22": _qualified(
        "Section 22 exempts information held with a view to its publication at a future date, where it is "
        "reasonable in all the circumstances to withhold it until then. The force intends to publish "
        "[describe the document] by [date or period], and that intention was settled before your request "
        "was received.",
        _TRANSPARENCY + " Earlier release would let the information be seen sooner.",
        "The information will be published in full shortly, in a planned and complete form with the context "
        "needed to understand it. Releasing it early and piecemeal could mislead and would divert resources "
        "from preparing the publication.",
        "As the information will be published within a reasonable time, the force considers that the public "
        "interest in maintaining the exemption outweighs that in disclosure now.",
    ),
    "s23": _absolute(
        "Section 23(1) exempts information directly or indirectly supplied to the force by, or relating to, "
        "any of the bodies dealing with security matters listed in section 23(3). The information you "
        "requested falls within that description. Section 23 is an absolute exemption, so no public interest "
        "test is needed."
    ),
    "s24": _qualified(
        "Section 24(1) exempts information where exemption is required for the purpose of safeguarding "
        "national security. The information requested would reveal [describe briefly], and the force "
        "considers that withholding it is required to safeguard national security.",
        _TRANSPARENCY,
        "Safeguarding national security is of paramount importance. Details of capability, even where "
        "they seem harmless alone, can be combined with other information to build a picture that assists "
        "those who would harm the UK.",
        "The force considers that the public interest in safeguarding national security outweighs the "
        "public interest in disclosure.",
        harm=(
            "Disclosure would reveal [capabilities, data sources or priorities], which could be used by "
            "those intent on harming national security to identify and exploit gaps in policing capability."
        ),
    ),
    "s30": _qualified(
        "Section 30(1) exempts information held for the purposes of investigations the force has a duty to "
        "conduct, or criminal proceedings it has power to conduct. The information requested was held for "
        "[describe the investigation or purpose].",
        _TRANSPARENCY,
        "There is a strong public interest in protecting the integrity of investigations and any "
        "proceedings, and in not discouraging people from assisting the police. Disclosure could prejudice "
        "the fair conduct of current or future investigations and proceedings.",
        "The force considers that the public interest in protecting investigations and proceedings "
        "outweighs the public interest in disclosure of this information at this time.",
    ),
    "s31": _qualified(
        "Section 31(1)(a) and (b) exempt information whose disclosure would, or would be likely to, "
        "prejudice the prevention or detection of crime, or the apprehension or prosecution of offenders. "
        "The information requested concerns how the force uses [system] to inform operational decisions.",
        _TRANSPARENCY,
        "The force has a duty to prevent and detect crime. Information that would let offenders understand "
        "how risk is assessed, or where and how resources are directed, could help them adapt their "
        "behaviour or evade detection, and would weaken a tool that supports public safety.",
        "The force considers that, at this time, the public interest in maintaining effective law "
        "enforcement outweighs the public interest in disclosure of this information. The force has "
        "disclosed what it can without that harm.",
        harm=(
            "Disclosure would be likely to reveal [describe: factors, weightings, thresholds or deployment "
            "patterns]. Combined with other information already available, this could allow individuals to "
            "anticipate or manipulate the outcomes of the system, undermining its use in preventing and "
            "detecting crime."
        ),
    ),
    "s38": _qualified(
        "Section 38(1) exempts information whose disclosure would, or would be likely to, endanger the "
        "physical or mental health, or the safety, of any individual. The information requested relates to "
        "[describe] and could identify or expose people at risk.",
        _TRANSPARENCY,
        "The force has a duty of care to those whose safety could be endangered, including victims, "
        "witnesses, officers and staff. Protecting their safety and wellbeing carries very significant "
        "weight.",
        "The force considers that the public interest in protecting the health and safety of individuals "
        "outweighs the public interest in disclosure.",
        harm=(
            "Disclosure would be likely to endanger [describe who] because [explain how the information "
            "could be used, for example to identify or locate individuals or to target those assessed]."
        ),
    ),
    "s40": _absolute(
        "Section 40(2) exempts personal data of people other than the applicant where disclosure would "
        "contravene the data protection principles. The information requested includes personal data about "
        "[describe the people]. Disclosure under the Act is disclosure to the world, and would not be fair "
        "or lawful under Article 5(1)(a) of the UK GDPR. Section 40(2) is an absolute exemption in these "
        "circumstances, so no public interest test is needed."
    ),
    "s43": _qualified(
        "Section 43(2) exempts information whose disclosure would, or would be likely to, prejudice the "
        "commercial interests of any person, including the force. The information requested includes "
        "[pricing, contract terms or technical details] about [system], supplied by [supplier].",
        _TRANSPARENCY + " There is a particular interest in the value for money of contracts.",
        "Commercially sensitive information would give competitors an unfair advantage, could affect the "
        "supplier's position in future procurements and could harm the force's ability to obtain value for "
        "money. Suppliers may be less willing to share information with the force in future.",
        "The force considers that the public interest in protecting commercial interests outweighs the "
        "public interest in disclosure of this information, having regard to what has been disclosed.",
        harm=(
            "Disclosure would be likely to prejudice [the supplier's / the force's] commercial interests "
            "because [explain: for example, it would reveal pricing or methods competitors could use]. The "
            "supplier was consulted on [date] and said [summary of its views]."
        ),
    ),
}
