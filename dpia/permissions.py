"""Who may do what, declared once. Every route names one of these permissions."""

from dpia.vocab import ROLE_NAMES

EVERYONE = frozenset(ROLE_NAMES)
# Staff who work on the register, not those who only read it: by default they see OFFICIAL-SENSITIVE.
STAFF = EVERYONE - {"reader"}

# permission -> roles that hold it; PUBLIC needs no sign-in, SIGNED_IN any account.
PUBLIC = "public"
SIGNED_IN = "signed_in"
PERMISSIONS: dict[str, frozenset[str]] = {
    SIGNED_IN: EVERYONE,
    "read": EVERYONE,
    # Compliance findings name only what the reader may already see, so every role may read them.
    "read_compliance": EVERYONE,
    "edit_register": frozenset({"editor"}),
    "edit_assessments": frozenset({"editor"}),
    "upload_monitoring": frozenset({"editor"}),
    # Sign-off sections: editors record them in a draft, approvers while reviewing.
    "sign_off": frozenset({"editor", "approver"}),
    "approve": frozenset({"approver"}),
    "withdraw": frozenset({"editor", "approver"}),
    # Evidence (signed copies, test reports) may arrive after approval, from either role.
    "attach_evidence": frozenset({"editor", "approver"}),
    # ATRS records are written from approved assessments: those who draft and those who approve them.
    "edit_atrs": frozenset({"editor", "approver"}),
    # Publishing a system's public record releases its approved assessments to everyone: approvers decide.
    "publish": frozenset({"approver"}),
    "manage_users": frozenset({"admin"}),
    "manage_settings": frozenset({"admin"}),
    "read_audit": frozenset({"admin"}),
    # Releasing suppressed monitoring counts is an FOI action; true counts go only to staff who need them.
    "release_monitoring": frozenset({"foi_officer"}),
    "export_monitoring_internal": frozenset({"editor", "foi_officer"}),
    # Word copies of assessments and register entries, with everything in them: staff who work on them.
    "export": frozenset({"editor", "approver", "foi_officer"}),
    # Marking parts as withheld, disclosure copies, response packs and FOI requests.
    "withhold": frozenset({"foi_officer"}),
    "disclose": frozenset({"foi_officer"}),
    "manage_foi": frozenset({"foi_officer"}),
    "read_disclosure_log": frozenset({"admin", "foi_officer"}),
    "publish_responses": frozenset({"foi_officer"}),
}

# Separation of duties: workflow moves no one may make on a version they drafted, edited or signed off while
# it was a draft, whatever roles they hold: whoever wrote an assessment must not be the one who approves it.
APART_FROM_DRAFTING: frozenset[str] = frozenset({"approve"})
# Saves that make someone a drafter of a version; saves while in review are approvers recording sign-offs.
DRAFTING_ACTIONS = ("created", "new_version", "saved", "submit")

# What each permission lets its holders do, as the README's roles table says it.
PERMISSION_LABELS: dict[str, str] = {
    SIGNED_IN: "change their own password and manage their own API tokens",
    "read": "read the register, assessments, monitoring data and FOI requests",
    "read_compliance": "read compliance findings and download them as CSV",
    "edit_register": "add and edit systems",
    "edit_assessments": "draft, edit, import and submit assessments",
    "upload_monitoring": "upload and delete monitoring data",
    "sign_off": "record sign-offs",
    "approve": "approve assessments, request changes, withdraw approved versions",
    "withdraw": "withdraw drafts and versions in review",
    "attach_evidence": "attach evidence",
    "edit_atrs": "write ATRS (algorithmic transparency) records",
    "publish": "publish and withdraw systems' public records on the transparency pages",
    "manage_users": "manage accounts and their API tokens",
    "manage_settings": "change settings and bank holidays",
    "read_audit": "read and download the audit trail",
    "release_monitoring": "release monitoring data with small numbers suppressed",
    "export_monitoring_internal": "export monitoring data with the true counts",
    "export": "download internal Word copies",
    "withhold": "mark parts as withheld",
    "disclose": "make disclosure copies and response packs",
    "manage_foi": "manage FOI requests",
    "read_disclosure_log": "read the disclosure log",
    "publish_responses": "publish released responses in the public disclosure log",
}


def holders(permission: str) -> tuple[str, ...]:
    """The roles that hold `permission`, in the order roles are listed."""
    return tuple(role for role in ROLE_NAMES if role in PERMISSIONS[permission])


def allows(permission: str, roles: frozenset[str] | set[str]) -> bool:
    """Whether any of `roles` holds `permission`."""
    if permission == PUBLIC:
        return True
    return bool(PERMISSIONS[permission].intersection(roles))
