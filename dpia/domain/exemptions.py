"""What each FOIA exemption asks of a refusal notice (s17), and the fixed wording of a response.

Declared once as data. An absolute exemption needs only why it applies; a qualified one also needs the
public interest test (s2(2)(b)): considerations for and against disclosure and the balance. A
prejudice-based one states the harm. Sections that allow neither confirming nor denying (s1(1)(a)
excluded) name the subsection relied on.
"""

import re
from dataclasses import dataclass

from dpia.domain.wording import DEFAULT_WORDING, FIELDS
from dpia.vocab import EXEMPTIONS, OTHER_EXEMPTION, labels


@dataclass(frozen=True)
class Exemption:
    """One exemption as a refusal notice cites it."""

    key: str
    title: str
    qualified: bool
    prejudice: bool
    # The subsection excluding the duty to confirm or deny, where there is one.
    ncnd: str = ""


RULES = {
    e.key: e
    for e in (
        Exemption("s21", "Section 21: information accessible to the applicant by other means", False, False),
        Exemption("s22", "Section 22: information intended for future publication", True, False),
        Exemption(
            "s23",
            "Section 23: information supplied by, or relating to, bodies dealing with security matters",
            False,
            False,
            "s23(5)",
        ),
        Exemption("s24", "Section 24: national security", True, True, "s24(2)"),
        Exemption("s30", "Section 30: investigations and proceedings", True, False, "s30(3)"),
        Exemption("s31", "Section 31: law enforcement", True, True, "s31(3)"),
        Exemption("s38", "Section 38: health and safety", True, True, "s38(2)"),
        Exemption("s40", "Section 40: personal information", False, False, "s40(5)"),
        Exemption("s43", "Section 43: commercial interests", True, True, "s43(3)"),
    )
}
# Sections an officer may rely on to neither confirm nor deny, in the order a notice cites them.
NCND = tuple(e.key for e in RULES.values() if e.ncnd)
COST_LIMIT = "s12"


def reason_key(exemption: str, other: str = "") -> str:
    """The key a reason is kept under: the exemption, or "other:" and the named exemption in lower case."""
    if exemption == OTHER_EXEMPTION:
        return "other:" + " ".join(other.split()).casefold()
    return exemption


def title(exemption: str, other: str = "") -> str:
    """The exemption as a notice names it."""
    if exemption == OTHER_EXEMPTION:
        return other or "Another exemption"
    rule = RULES.get(exemption)
    return rule.title if rule else labels(EXEMPTIONS).get(exemption, exemption)


def is_qualified(exemption: str, declared: bool = False) -> bool:
    """Whether a public interest test is needed: from the rules, or as the officer declared another one."""
    rule = RULES.get(exemption)
    return rule.qualified if rule else declared


def needs_harm(exemption: str) -> bool:
    """Whether the notice must state the prejudice disclosure would cause."""
    rule = RULES.get(exemption)
    return bool(rule and rule.prejudice)


# The stock wording's gaps for an officer to fill ("[describe the document]"), and one it had before: a letter
# still holding one is not ready to send. Only these: square brackets are also how a law report is cited
# ("[2020] EWCA Civ 1058") and how a quotation is adapted ("[the force]").
GAPS = sorted(
    {
        gap
        for text in DEFAULT_WORDING.values()
        for part in text.values()
        for gap in re.findall(r"\[[^\]]+\]", part)
    }
    | {"[give the exact address or document]"}
)


def missing(exemption: str, reason: dict | None) -> list[str]:
    """What a reason still lacks before a refusal notice can be sent: empty when it is complete."""
    name = title(exemption, (reason or {}).get("other", ""))
    if reason is None or not reason.get("why", "").strip():
        return [f"{name}: write why it applies to this request"]
    written = " ".join(str(reason.get(key) or "") for key in FIELDS).casefold()
    left = [gap for gap in GAPS if gap.casefold() in written]
    found = [f"{name}: replace ‘{gap}’ with what applies to this request" for gap in left]
    if needs_harm(exemption) and not reason.get("harm", "").strip():
        found.append(f"{name}: state the harm disclosure would cause")
    if is_qualified(exemption, bool(reason.get("qualified"))):
        for key, what in (("favour", "for disclosure"), ("against", "against disclosure")):
            if not reason.get(key, "").strip():
                found.append(f"{name}: give the public interest considerations {what}")
        if not reason.get("balance", "").strip():
            found.append(f"{name}: give the balance of the public interest")
    return found


# Fixed wording of a response letter. The force's own wording (caveats, addresses) comes from settings.
S1_STATEMENT = (
    "Section 1 of the Freedom of Information Act 2000 (FOIA) places two duties on public authorities. "
    "Unless exemptions apply, the first duty, at section 1(1)(a), is to confirm or deny whether the "
    "information specified in a request is held. The second duty, at section 1(1)(b), is to disclose "
    "information that has been confirmed as being held."
)
SEARCHES = (
    "the force's register of algorithmic systems, every impact assessment recorded in it (privacy, data "
    "protection and equality impact assessments, with their earlier versions), the documents attached to "
    "them, the costs, policies and monitoring data recorded for each system"
)
HELD = "Information is held."
NOT_HELD = "Information not held. The searches made were of {searches}, as they stood on {day}."
NCND_QUESTION = (
    "The force neither confirms nor denies that it holds information relevant to this question, as the duty "
    "in section 1(1)(a) does not apply by virtue of {sections}."
)
NCND_SYSTEMS = (
    "The force neither confirms nor denies that it holds any other information relevant to your request, "
    "as the duty in section 1(1)(a) does not apply by virtue of {sections}."
)
EXEMPT = "Information is held. It is withheld in full under {exemption}, as explained below."
ACCESSIBLE = (
    "Information is held. It is reasonably accessible to you by other means, so it is exempt under "
    "section 21: {location}"
)
COST = (
    "Information may be held. Section 12 of the Act does not oblige the force to comply with this part of "
    "the request, as the cost of determining whether it holds the information, and of locating, retrieving "
    "and extracting it, would exceed the appropriate limit of £450 (18 hours at £25 an hour) set for police "
    "forces by the Freedom of Information and Data Protection (Appropriate Limit and Fees) Regulations 2004. "
    "Estimate: {estimate}"
)
COST_ADVICE = (
    "Under section 16 the force offers advice and assistance: narrowing this part of the request, for "
    "example to one system or a shorter period, may bring it within the limit."
)
RIGHTS = (
    "If you are not satisfied with this response you may ask for an internal review. Write to {unit} "
    "within 40 working days of the date of this response, quoting our reference {reference}. The force aims "
    "to complete internal reviews within 20 working days. If you remain dissatisfied after the internal "
    "review, you may apply to the Information Commissioner under section 50 of the Act: {ico}."
)
