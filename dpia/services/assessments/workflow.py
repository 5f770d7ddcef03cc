"""The life of an assessment version: draft, in review, approved (or back to draft), superseded, withdrawn."""

from dataclasses import dataclass
from datetime import date

from dpia import kinds
from dpia.actor import Actor
from dpia.domain import duties, readiness
from dpia.domain.reviews import add_months
from dpia.domain.validate import Checker
from dpia.errors import Conflict, Forbidden, Invalid, NotFound, NotNow
from dpia.partial_dates import PartialDate
from dpia.permissions import APART_FROM_DRAFTING, holders
from dpia.records import Version
from dpia.services.accounts import audit, settings
from dpia.services.assessments import changes
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import withholding
from dpia.store import assessments as store
from dpia.store import users as user_store
from dpia.store.db import Database, transaction
from dpia.vocab import STATUSES, labels


@dataclass(frozen=True)
class Transition:
    """A move from one status to another, and the permission it needs."""

    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    needs_note: bool = False


TRANSITIONS = (
    Transition("submit", "Submit for review", ("draft",), "in_review", "edit_assessments"),
    Transition("request_changes", "Request changes", ("in_review",), "draft", "approve", needs_note=True),
    Transition("approve", "Approve", ("in_review",), "approved", "approve"),
    Transition("withdraw", "Withdraw", ("draft", "in_review"), "withdrawn", "withdraw", True),
    Transition("withdraw", "Withdraw", ("approved",), "withdrawn", "approve", needs_note=True),
)
NAMES = tuple(dict.fromkeys(t.name for t in TRANSITIONS))
OPEN = ("draft", "in_review")


def _status(value: str) -> str:
    return labels(STATUSES)[value].lower()


def _allowed(name: str, version: Version, actor: Actor) -> Transition | None:
    for transition in TRANSITIONS:
        if (
            transition.name == name
            and version["status"] in transition.sources
            and actor.may(transition.permission)
        ):
            return transition
    return None


def refusal(name: str, version: Version, actor: Actor) -> Forbidden | NotNow:
    """Exactly why a transition cannot be made now."""
    candidates = [t for t in TRANSITIONS if t.name == name]
    if not any(actor.may(t.permission) for t in candidates):
        roles = sorted({r for t in candidates for r in holders(t.permission)})
        return Forbidden(
            f"Only {' or '.join(r + 's' for r in roles)} can {candidates[0].label.lower()} an assessment"
        )
    sources = sorted({s for t in candidates if actor.may(t.permission) for s in t.sources})
    action = candidates[0].label.lower()
    when = " or ".join(_status(s) for s in sources)
    return NotNow(f"This version is {_status(version['status'])}: you can {action} it only when it is {when}")


def duty_refusal(db: Database, name: str, version: Version, actor: Actor) -> Forbidden | None:
    """Why this person may not make a move their roles allow, having drafted the version; None if they may."""
    moves = [t for t in TRANSITIONS if t.name == name and version["status"] in t.sources]
    if name not in APART_FROM_DRAFTING or not moves:
        return None
    saves = store.saves_of_version(db, version["id"], -1)
    hands = duties.drafters(assessments.definition(version), saves)
    if actor.email not in hands:
        return None
    action = moves[0].label.lower()
    roles = {role for move in moves for role in holders(move.permission)}
    others = [
        user["name"] or user["email"]
        for user in user_store.all_users(db)
        if user["email"] not in hands and roles & set(user["roles"]) and not user.get("disabled")
    ]
    who = f"Ask {_listed(others)}." if others else "No other account can, so ask an administrator to add one."
    return Forbidden(
        f"You drafted or edited this version, so you cannot {action} it:"
        f" someone who had no hand in it must. {who}"
    )


def _listed(names: list[str]) -> str:
    shown = names[:5] + ([f"{len(names) - 5} others"] if len(names) > 5 else [])
    return ", ".join(shown[:-1]) + (" or " if len(shown) > 1 else "") + shown[-1]


def available(db: Database, actor: Actor, version: Version) -> list[str]:
    """What the actor may do with this version now, for the page's buttons."""
    found = []
    if version["status"] == "draft" and actor.may("edit_assessments"):
        found.append("edit")
    if version["status"] in OPEN and (
        actor.may("approve") or (version["status"] == "draft" and actor.may("edit_assessments"))
    ):
        found.append("edit_signoff")
    found += [
        name
        for name in NAMES
        if _allowed(name, version, actor) and not duty_refusal(db, name, version, actor)
    ]
    if new_version_refusal(db, actor, version) is None:
        found.append("new_version")
    return found


def _full_date(check: Checker, key: str, value: object, label: str) -> date | None:
    found = check.partial_date(key, value, label)
    if found and found.precision != "day":
        check.fail(key, f"{label} must include a day, month and year")
        return None
    return found.earliest() if found else None


def _approval_dates(db: Database, version: Version, data: dict) -> dict:
    """The approval date (today unless given) and review date (a set period later unless given)."""
    check = Checker()
    values = {}
    if not version["conducted"] and data.get("conducted"):
        conducted = check.partial_date("conducted", data.get("conducted"), "Date conducted")
        if conducted:
            values["conducted"] = conducted.iso()
    approved = _full_date(check, "approved", data.get("approved"), "Date approved")
    review_due = _full_date(check, "review_due", data.get("review_due"), "Review due date")
    approved = approved or (assessments.today() if "approved" not in check.errors else None)
    if approved and approved > assessments.today():
        check.fail("approved", "Date approved must be today or in the past")
    conducted_text = values.get("conducted") or version["conducted"]
    conducted = PartialDate.parse(conducted_text) if conducted_text else None
    if conducted is None and "conducted" not in check.errors:
        check.fail("conducted", "Enter the date the assessment was conducted")
    if approved and conducted and conducted.earliest() > approved:
        check.fail("approved", "Date approved must be the same as or after the date conducted")
    if approved and review_due is None and "review_due" not in check.errors:
        review_due = add_months(approved, settings.value(db, "review_months"))  # type: ignore[arg-type]
    if approved and review_due and review_due <= approved:
        check.fail("review_due", "Review due date must be after the date approved")
    check.raise_if_any()
    return {**values, "approved": approved.isoformat(), "review_due": review_due.isoformat()}  # type: ignore[union-attr]


def _gaps(name: str, version: Version, data: dict) -> list[tuple[str, str]]:
    kind = assessments.definition(version)
    if name == "submit":
        return readiness.review_gaps(kind, version)
    if name == "approve":
        # The approver may supply a missing conducted date on the approval form itself.
        gaps = readiness.approval_gaps(kind, version)
        return [g for g in gaps if not (g[0] == "conducted" and data.get("conducted"))]
    return []


def transition(
    db: Database, actor: Actor, assessment_id: int, number: int, name: str, data: dict, revision: int
) -> str:
    """Move a version to its next status; return the new status. Refusals say exactly what is missing."""
    if name not in NAMES:
        raise Invalid({"action": f"Unknown action ‘{name}’: choose one of {', '.join(NAMES)}"})
    with transaction(db):
        version = assessments.load(db, actor, assessment_id, number)
        move = _allowed(name, version, actor)
        if move is None:
            raise refusal(name, version, actor)
        refused = duty_refusal(db, name, version, actor)
        if refused:
            raise refused
        if version["revision"] != revision:
            raise Conflict(assessments.CONFLICT_MESSAGE, changes.since(db, version, revision))
        gaps = _gaps(name, version, data)
        if gaps:
            raise Invalid(dict(gaps))
        note = _note(move, data)
        values = {"status": move.target, **(_approval_dates(db, version, data) if name == "approve" else {})}
        _record(db, actor, version, revision, move, values, note)
        if name == "approve":
            _supersede_earlier(db, actor, version)
    return move.target


def _note(move: Transition, data: dict) -> str:
    check = Checker()
    note = check.text("note", data.get("note"), "Reason", required=move.needs_note, max_len=5000)
    if move.needs_note and not note and "note" in check.errors:
        check.errors["note"] = (
            "Say what needs to change" if move.name == "request_changes" else "Say why it is being withdrawn"
        )
    check.raise_if_any()
    return note


def _record(
    db: Database, actor: Actor, version: Version, revision: int, move: Transition, values: dict, note: str
) -> None:
    kind = assessments.definition(version)
    after = {**version, **values}
    new_revision = store.update_version(db, version["id"], revision, values, actor.email)
    if new_revision is None:
        raise Conflict(assessments.CONFLICT_MESSAGE, changes.since(db, version, revision))
    diff = changes.between(kind, version, after)
    store.add_save(db, {**after, "revision": new_revision}, actor.email, move.name, note, diff)
    audit.record(
        db,
        actor,
        f"assessment.{move.name}",
        object_type="assessment",
        object_id=version["assessment_id"],
        summary=f"{move.label}: {version['reference']} version {version['number']}",
        details={
            "version": version["number"],
            "old": {"status": version["status"]},
            "new": {"status": move.target, **{k: v for k, v in values.items() if k != "status"}},
            "note": note,
        },
    )


def _supersede_earlier(db: Database, actor: Actor, approved: Version) -> None:
    """Approving a version replaces every earlier approved one."""
    for earlier in store.versions(db, approved["assessment_id"]):
        if earlier["number"] < approved["number"] and earlier["status"] == "approved":
            move = Transition("supersede", "Superseded", ("approved",), "superseded", ())
            note = f"Superseded by version {approved['number']}"
            _record(db, actor, earlier, earlier["revision"], move, {"status": "superseded"}, note)


def new_version_refusal(db: Database, actor: Actor, version: Version) -> Forbidden | NotNow | None:
    """Why a new version cannot be started from this one, or None if it can."""
    if not actor.may("edit_assessments"):
        return Forbidden("Only editors can start a new version")
    newest = store.versions(db, version["assessment_id"])[-1]
    if newest["status"] in OPEN:
        return NotNow(
            f"Version {newest['number']} is already {_status(newest['status'])}: continue that one instead"
        )
    if version["number"] != newest["number"]:
        return NotNow(f"Start a new version from the newest one, version {newest['number']}")
    if version["status"] not in ("approved", "withdrawn"):
        return NotNow(
            f"This version is {_status(version['status'])}; only an approved or withdrawn one can be revised"
        )
    return None


def new_version(db: Database, actor: Actor, assessment_id: int, number: int) -> int:
    """Copy a version into a new draft for review; return the new version's number."""
    with transaction(db):
        version = assessments.load(db, actor, assessment_id, number)
        why = new_version_refusal(db, actor, version)
        if why:
            raise why
        kind = kinds.latest(version["kind"])
        content = {
            "title": version["title"],
            "owner": version["owner"],
            "marking": version["marking"],
            "started": assessments.today().isoformat(),
            "answers": _carried_forward(kind, version["answers"]),
        }
        new_number = version["number"] + 1
        version_id = store.insert_version(db, assessment_id, new_number, kind.version, content, actor.email)
        created = store.version_by_id(db, version_id)
        withholding.copy_forward(db, actor, version, version_id)
        diff = changes.between(kind, version, created, assessments.definition(version))
        store.add_save(db, created, actor.email, "new_version", f"Copied from version {number}", diff)
        audit.record(
            db,
            actor,
            "assessment.new_version",
            object_type="assessment",
            object_id=assessment_id,
            summary=f"Started version {new_number} of {version['reference']} from version {number}",
            details={"version": new_number, "from_version": number},
        )
    return new_number


def _carried_forward(kind, answers: dict) -> dict:
    """Answers kept in a new version: those its definition still asks, less the old version's sign-offs."""
    signoff = {q.key for s in kind.sections if s.editing == "signoff" for q in s.questions}
    return {k: v for k, v in answers.items() if k in kind.questions and k not in signoff}


def require_transition(name: str) -> Transition:
    """The first declared transition with this name (for labels), or NotFound."""
    for move in TRANSITIONS:
        if move.name == name:
            return move
    raise NotFound(f"No action called {name}")
