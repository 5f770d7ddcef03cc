"""Word copies of register entries, and the schedules of response packs built from them.

The schedule's register fields pass through each system's marks, and its bias-testing records through
the marks of the EqIA they come from; passages withheld in any of its sources are swept from all of it.
"""

from datetime import date

from dpia import kinds
from dpia.actor import Actor
from dpia.errors import Invalid
from dpia.export.model import Document, plain
from dpia.partial_dates import display as date_display
from dpia.records import System
from dpia.services import systems as system_rules
from dpia.services.accounts import audit
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import as_at, documents, schedule, withholding
from dpia.services.disclosure import log as disclosure_log
from dpia.services.disclosure.exports import (
    DOCX,
    Export,
    Options,
    now,
    request_for,
    require,
    safe_name,
    to_docx,
    undecided,
)
from dpia.services.monitoring import datasets as monitoring
from dpia.store import assessments as assessment_store
from dpia.store.db import Database, transaction
from dpia.vocab import CATEGORIES, LIFECYCLES, labels


def _foi_versions(db: Database, actor: Actor, system_id: int, day: date | None) -> list[dict]:
    """A system's FOI-kind versions: all of them, or as they stood at the end of `day`."""
    if day is None:
        return [
            v
            for v in assessment_store.for_system(db, system_id, actor.can_see_sensitive)
            if v["kind"] in kinds.FOI_KINDS
        ]
    found = as_at.versions(db, actor, system_id, day) + as_at.unapproved_work(db, actor, system_id, day)
    return sorted(found, key=lambda v: (v["kind"], v["reference"], v["number"]))


def assessment_lines(
    db: Database, actor: Actor, system_id: int, day: date | None = None
) -> dict[str, list[schedule.AssessmentLine]]:
    """Per FOI kind, the versions a schedule lists: approved ones, and the newest of unapproved work."""
    by_assessment: dict[int, list[dict]] = {}
    for version in _foi_versions(db, actor, system_id, day):
        by_assessment.setdefault(version["assessment_id"], []).append(version)
    lines: dict[str, list[schedule.AssessmentLine]] = {key: [] for key in kinds.FOI_KINDS}
    for versions in by_assessment.values():
        shown = [v for v in versions if v["status"] in ("approved", "superseded")] or versions[-1:]
        lines[versions[0]["kind"]] += [
            schedule.AssessmentLine(
                v["reference"], v["number"], v["status"], v["conducted"], v["approved"], v["id"]
            )
            for v in shown
        ]
    return lines


def _current_eqias(db: Database, actor: Actor, system_id: int, day: date | None) -> list[dict]:
    return [
        v
        for v in _foi_versions(db, actor, system_id, day)
        if v["kind"] == "eqia" and v["status"] == "approved"
    ]


def system_entry(
    db: Database,
    actor: Actor,
    system: System,
    disclose: bool,
    sweep: list[dict],
    day: date | None = None,
    dropped: frozenset[int] = frozenset(),
) -> schedule.SystemEntry:
    """What the schedule needs about one system, with its marks (and those of its EqIAs) applied.

    With `day`, `system` is its entry as at that day, and assessments and monitoring data are as they stood.
    """
    equality = []
    for version in _current_eqias(db, actor, system["id"], day):
        redaction = withholding.version_redaction(db, version, disclose, sweep, dropped)
        equality.append((assessments.definition(version), version, redaction))
    return schedule.SystemEntry(
        system=system,
        redaction=withholding.system_redaction(db, system["id"], disclose, sweep, dropped),
        assessments=assessment_lines(db, actor, system["id"], day),
        equality=equality,
        datasets=[d["title"] for d in monitoring.datasets_until(db, actor, system["id"], day)],
    )


def system_problems(db: Database, system: System) -> list[str]:
    """Why a register entry cannot be disclosed yet: marks whose part or passage has changed."""
    return [
        f"‘{system['name']}’: ‘{m.label}’: {m.problem}"
        for m in withholding.system_marks(db, system)
        if m.problem
    ]


def register_model(
    db: Database,
    actor: Actor,
    system: System,
    opts: Options,
    release: documents.Release | None,
    dropped: frozenset[int] = frozenset(),
) -> Document:
    """One system's register entry as a schedule document; `dropped` marks are released after all."""
    disclose = release is not None
    sweep = withholding.passage_marks(db, [system["id"]], dropped) if disclose else []
    entry = system_entry(db, actor, system, disclose, sweep, None, dropped)
    details = (
        ("Category", plain(labels(CATEGORIES)[system["category"]])),
        ("Lifecycle", plain(labels(LIFECYCLES)[system["lifecycle"]])),
        ("Protective marking", plain(system["marking"])),
        (
            "Register entry version",
            plain(f"{system['version']}, last changed {date_display(system['updated_at'][:10])}"),
        ),
    )
    return schedule.schedule_document(
        [entry],
        title=system["name"],
        subtitle="Entry in the register of algorithmic systems and their impact assessments",
        details=details,
        footer=f"Register entry: {system['name']}",
        disclose=disclose,
        release=release,
        author=opts.author,
        now=release.day if release else now(),
    )


def internal_register(db: Database, actor: Actor, system_id: int, opts: Options) -> Export:
    """An internal copy of a system's register entry, as the schedule shows it, plus internal details."""
    require(actor, "export", "export register entries")
    system = system_rules.get(db, actor, system_id)
    content = to_docx(register_model(db, actor, system, opts, None), opts)
    with transaction(db):
        _audit_register(db, actor, system, "internal")
    return Export(f"{safe_name(system['name'])}-register-internal.docx", content, DOCX)


def _audit_register(db: Database, actor: Actor, system: System, copy: str) -> None:
    audit.record(
        db,
        actor,
        "export.register",
        object_type="system",
        object_id=system["id"],
        summary=f"Exported an {copy} copy of the register entry of ‘{system['name']}’",
        details={"copy": copy},
    )


def disclosure_register(
    db: Database, actor: Actor, system_id: int, request_reference: str | None, opts: Options
) -> Export:
    """A disclosure copy of a register entry, recorded in the disclosure log."""
    require(actor, "disclose", "make disclosure copies")
    system = system_rules.get(db, actor, system_id)
    request = request_for(db, request_reference)
    problems = system_problems(db, system) + undecided(db, actor, request, system_id)
    if problems:
        raise Invalid({"marks": "Check these withholding marks before disclosing: " + "; ".join(problems)})
    release = documents.Release(request["reference"] if request else "", now())
    dropped = withholding.dropped(db, request["id"] if request else None)
    content = to_docx(register_model(db, actor, system, opts, release, dropped), opts)
    filename = f"{safe_name(system['name'])}-register-disclosure.docx"
    with transaction(db):
        logged = disclosure_log.LoggedFile(filename, content, "register", system_id=system_id)
        disclosure_log.record(
            db, actor, request=request, what="register", filename=filename, content=content, files=[logged]
        )
    return Export(filename, content, DOCX)
