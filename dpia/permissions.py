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
    "edit_register": frozenset({"editor"}),
    "edit_assessments": frozenset({"editor"}),
    "upload_monitoring": frozenset({"editor"}),
    # Sign-off sections: editors record them in a draft, approvers while reviewing.
    "sign_off": frozenset({"editor", "approver"}),
    "approve": frozenset({"approver"}),
    "withdraw": frozenset({"editor", "approver"}),
    # Evidence (signed copies, test reports) may arrive after approval, from either role.
    "attach_evidence": frozenset({"editor", "approver"}),
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
}


def holders(permission: str) -> tuple[str, ...]:
    """The roles that hold `permission`, in the order roles are listed."""
    return tuple(role for role in ROLE_NAMES if role in PERMISSIONS[permission])


def allows(permission: str, roles: frozenset[str] | set[str]) -> bool:
    """Whether any of `roles` holds `permission`."""
    if permission == PUBLIC:
        return True
    return bool(PERMISSIONS[permission].intersection(roles))
