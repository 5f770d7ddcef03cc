"""Settings: declared once as data, validated, audited."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from dpia.actor import Actor
from dpia.domain import staff
from dpia.errors import Forbidden, Invalid
from dpia.permissions import STAFF
from dpia.services.accounts import audit
from dpia.store import settings as store
from dpia.store.db import Database, transaction
from dpia.vocab import ROLE_NAMES, ROLES, Term, labels


@dataclass(frozen=True)
class Setting:
    """One setting an administrator may change."""

    key: str
    label: str
    hint: str
    default: object
    # "roles", "text" (one line), "long" (several lines), "lines" (a list, one a line), "number", "choice"
    # or "address" (an absolute web address)
    kind: str
    choices: tuple[Term, ...] = ()
    minimum: int = 0
    maximum: int = 0


SETTINGS = (
    Setting(
        "sensitive_roles",
        "Roles that may see OFFICIAL-SENSITIVE material",
        "Systems and assessments marked OFFICIAL-SENSITIVE are hidden entirely from everyone else,"
        " including from counts and search.",
        [role for role in ROLE_NAMES if role in STAFF],
        "roles",
    ),
    Setting(
        "organisation",
        "Organisation name",
        "Shown in the header of every page, for example ‘West Midlands Police’.",
        "",
        "text",
    ),
    Setting(
        "review_months",
        "Months from approval to review",
        "The review due date set by default when an assessment is approved. Approvers may choose another.",
        12,
        "number",
        minimum=1,
        maximum=60,
    ),
    Setting(
        "disclosure_threshold",
        "Smallest count released in monitoring data",
        "Counts from 1 up to one less than this are withheld from released CSV files, with further"
        " counts withheld so the small ones cannot be worked out from totals. Usually 5; 3 is the least.",
        5,
        "number",
        minimum=3,
        maximum=10,
    ),
    Setting(
        "disclosure_symbol",
        "Symbol for withheld counts",
        "Shown in released CSV files in place of a small count.",
        "*",
        "choice",
        choices=(
            Term("*", "An asterisk: *"),
            Term("<", "‘Less than’ the smallest count released, for example <5"),
        ),
    ),
    Setting(
        "released_grades",
        "Names released by role",
        "In disclosure copies, a member of staff's name (in a sign-off, as an owner and the like) is released"
        " only beside one of these roles or grades; every other name is withheld under section 40(2) FOIA"
        " and its role kept. One a line; short forms such as ACC, DPO or SIRO are understood.",
        list(staff.RELEASED_GRADES),
        "lines",
    ),
    # What the response letter to an FOI request says of the force: its own words, not dpia's.
    Setting(
        "foi_unit",
        "FOI unit",
        "Who answers FOI requests, as letters name them, for example ‘Freedom of Information Unit’.",
        "Freedom of Information Unit",
        "text",
    ),
    Setting(
        "foi_contact",
        "FOI unit's contact address",
        "The postal address and email address given in letters, including for internal review requests.",
        "",
        "long",
    ),
    Setting(
        "ico_contact",
        "Information Commissioner's address",
        "Where letters tell applicants they may complain after an internal review.",
        "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF."
        " Website: https://ico.org.uk",
        "long",
    ),
    Setting(
        "caveats",
        "Caveats in every response",
        "Printed in every response letter, for example about the quality of the figures.",
        "The figures in this response are taken from the force's register of algorithmic systems as it"
        " was recorded on the date stated. They may be revised as records are corrected or updated.",
        "long",
    ),
    Setting(
        "reuse",
        "Re-use of information",
        "Printed in every response letter: the terms on which the information may be re-used.",
        "The force retains the copyright in the information supplied, which may be re-used under the"
        " terms of the Open Government Licence v3.0 unless stated otherwise.",
        "long",
    ),
    # The public transparency pages (issue 19): whether they are served, and where the public finds them.
    Setting(
        "transparency",
        "Public transparency pages",
        "Published records, assessments and the disclosure log at /transparency/, without signing in."
        " Nothing appears there until someone publishes it.",
        "on",
        "choice",
        choices=(
            Term("on", "On: serve the public pages"),
            Term("off", "Off: the public pages answer ‘not found’"),
        ),
    ),
    Setting(
        "public_address",
        "Public address of the transparency pages",
        "Where the public reaches them, for example https://www.example.police.uk/transparency/. Responses"
        " that point to a published record under section 21 give addresses under this one.",
        "",
        "address",
    ),
)
BY_KEY = {s.key: s for s in SETTINGS}
# Most characters each kind of text setting holds, and most lines (of at most LINE_LIMIT) a list holds.
TEXT_LIMITS = {"text": 100, "long": 2_000, "address": 200}
LINE_LIMIT, MOST_LINES = 100, 50


def current(db: Database) -> dict[str, object]:
    """Every setting's value, defaults filled in."""
    stored = store.load(db)
    return {s.key: stored.get(s.key, s.default) for s in SETTINGS}


def value(db: Database, key: str) -> object:
    """One setting's value."""
    return current(db)[key]


def _clean(setting: Setting, raw: object) -> object:
    if setting.kind == "roles":
        chosen = raw if isinstance(raw, list) else [raw] if raw else []
        unknown = [r for r in chosen if r not in ROLE_NAMES]
        if unknown:
            raise Invalid({setting.key: f"Unknown role: {', '.join(map(str, unknown))}"})
        return sorted(set(chosen))
    if setting.kind == "number":
        return _number(setting, raw)
    if setting.kind == "lines":
        return _lines(setting, raw)
    if setting.kind == "choice":
        if raw not in {t.value for t in setting.choices}:
            raise Invalid({setting.key: f"Select {setting.label[0].lower() + setting.label[1:]}"})
        return raw
    if setting.kind == "address":
        return _address(setting, raw)
    return _text(setting, raw)


def _address(setting: Setting, raw: object) -> str:
    """An absolute web address ending in a slash, or nothing."""
    text = _text(setting, raw)
    if not text:
        return ""
    parsed = urlsplit(text)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
        raise Invalid(
            {
                setting.key: f"{setting.label} must be a web address such as https://www.example.police.uk/transparency/"
            }
        )
    return text if text.endswith("/") else text + "/"


def _text(setting: Setting, raw: object) -> str:
    if not isinstance(raw, str):
        raise Invalid({setting.key: f"{setting.label} must be text"})
    # Browsers send CRLF from a textarea; one kind of line break keeps unchanged text unchanged.
    text = raw.replace("\r\n", "\n").strip()
    limit = TEXT_LIMITS[setting.kind]
    if len(text) > limit:
        raise Invalid({setting.key: f"{setting.label} must be {limit:,} characters or fewer"})
    return text


def _lines(setting: Setting, raw: object) -> list[str]:
    """One entry a line, spacing tidied, blank lines and repeats dropped."""
    name = setting.label[0].lower() + setting.label[1:]
    if not isinstance(raw, str):
        raise Invalid({setting.key: f"{setting.label} must be text, one a line"})
    found: list[str] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        line = " ".join(line.split())
        if len(line) > LINE_LIMIT:
            raise Invalid({setting.key: f"Line {number} of {name} is longer than {LINE_LIMIT} characters"})
        if line and not any(c.isalpha() for c in line):
            raise Invalid({setting.key: f"Line {number} of {name} must name a role or grade, in words"})
        if line and line.casefold() not in {f.casefold() for f in found}:
            found.append(line)
    if len(found) > MOST_LINES:
        raise Invalid({setting.key: f"{setting.label}: at most {MOST_LINES} lines"})
    return found


def _number(setting: Setting, raw: object) -> int:
    text = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    if not text.isdigit() or not setting.minimum <= int(text) <= setting.maximum:
        bounds = f"from {setting.minimum} to {setting.maximum}"
        raise Invalid({setting.key: f"{setting.label} must be a whole number {bounds}"})
    return int(text)


def update(db: Database, actor: Actor, data: dict) -> list[dict]:
    """Change settings an admin submitted; return what changed."""
    if not actor.may("manage_settings"):
        raise Forbidden("Only administrators can change settings")
    errors: dict[str, str] = {}
    cleaned = {}
    for setting in SETTINGS:
        if setting.key in data:
            try:
                cleaned[setting.key] = _clean(setting, data[setting.key])
            except Invalid as error:
                errors.update(error.errors)
    if errors:
        raise Invalid(errors)
    with transaction(db):
        before = current(db)
        changes = [
            {"key": k, "label": BY_KEY[k].label, "old": before[k], "new": v}
            for k, v in cleaned.items()
            if before[k] != v
        ]
        for change in changes:
            store.save(db, change["key"], change["new"])
            audit.record(
                db,
                actor,
                "setting.change",
                object_type="setting",
                object_id=change["key"],
                summary=f"Changed setting ‘{change['label']}’",
                details=change,
            )
    return changes


def role_labels() -> dict[str, str]:
    """Role values to labels, for forms."""
    return labels(ROLES)
