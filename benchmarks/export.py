"""How long exports take, and how much memory: one large assessment, a pack of 50, a pack of 200 systems,
and the response to a request of 20 questions over 200 assessed systems.

Run from the repository root with the project's Python:

    .venv/bin/python benchmarks/export.py
    .venv/bin/python benchmarks/export.py --questions-only     # just the 20-question response

It builds a throwaway instance in a temporary folder: a DPIA with 40 risks, 40 measures and every section
filled, and 17 systems each with an approved PIA, DPIA and EqIA (50 assessments in the pack); then 200
more systems with their register entries filled (every tenth with a long name), an approved DPIA on 10 and
an EqIA on 5, and a monitoring dataset on 4, all in one request. Times are measured without tracemalloc,
which slows Python down; peak memory is measured in a separate run.
Targets (2-core machine): one assessment under 0.3 s, the pack under 8 s, the 200-system pack under 5 s
and 300 MiB.

The questioned request covers another 200 systems, of a category of their own, each with an approved
DPIA (every fourth with an EqIA, every tenth with two monitoring datasets), and asks 20 questions: every
register fact, in the officer's own words, the parent yes/no, one withheld in full under s31, about that
category or about 50 systems by name. Its response letter alone and its whole pack without PDFs each have
the targets of the 200-system pack; the PDF copies of the letter and the disclosure copies are then
timed on their own (no target: LibreOffice's speed is not dpia's), or the script says plainly that
LibreOffice is absent.
"""

import argparse
import io
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dpia import create_app, kinds  # noqa: E402
from dpia.actor import command_line  # noqa: E402
from dpia.domain import leaks, sweeping
from dpia.domain.samples import sample_answers  # noqa: E402
from dpia.errors import Invalid  # noqa: E402
from dpia.export import pdf
from dpia.services import systems
from dpia.services.accounts import settings
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow  # noqa: E402
from dpia.services.disclosure import events, exports, packs, questions, refusals, sweep, withholding
from dpia.services.disclosure import requests as foi
from dpia.services.monitoring import datasets as monitoring
from dpia.store.db import connect  # noqa: E402

TARGET_ONE = 0.3
TARGET_PACK = 8.0
TARGET_WIDE = 5.0
TARGET_WIDE_MIB = 300.0
# The sweep and the leak check, as a share of the whole build of the 200-system pack.
TARGET_SWEEP_SHARE = 0.20
WIDE = 200
LONG_NAME = "Countywide Integrated Offender Management Harm and Vulnerability Prediction Model for Division"
GROUPS = (("female", 12), ("male", 40), ("other", 0), ("unknown", 3))
COUNTS = (
    "period,group,count\r\n" + "".join(f"2021-Q{q},{g},{n}\r\n" for q in (1, 2) for g, n in GROUPS)
).encode()
DATASET = {
    "title": "People flagged by sex",
    "measure": "people_flagged",
    "granularity": "quarter",
    "breakdown": "sex",
    "source": "Model logs",
}
TRACKED = {**DATASET, "title": "People on the cohort by sex", "measure": "people_tracked"}
OPERATOR = command_line("benchmark")
QUESTIONED = 200
QUESTIONED_CATEGORY = "crime_mapping"
# (number, text, fact, scope): "categories" asks about every system, "named" about the first 50 by name.
QUESTIONS = (
    ("1", "Has the force used any predictive or risk-scoring systems?", "parent", "categories"),
    ("2", "What are they called?", "names", "categories"),
    ("3", "When was each first used?", "first_use", "categories"),
    ("4", "How does each work, and on what data?", "how_it_works", "categories"),
    ("5", "What has each cost?", "costs", "categories"),
    ("6", "Which policies govern their use?", "policies", "categories"),
    ("7", "Please send any monitoring data by age, ethnicity and sex.", "monitoring", "categories"),
    ("8", "Has a DPIA or EqIA been carried out for each, and when?", "assessments", "categories"),
    ("9", "Has each been tested for bias?", "bias_testing", "categories"),
    ("10", "How many people has each flagged?", "individuals", "categories"),
    ("11", "Why did the force choose these systems?", "own", "none"),
    ("12a", "For the systems named below, what are their other names?", "names", "named"),
    ("12b", "When were they first used?", "first_use", "named"),
    ("12c", "How do they work?", "how_it_works", "named"),
    ("12d", "What did they cost?", "costs", "named"),
    ("12e", "Which policies govern them?", "policies", "named"),
    ("12f", "Which assessments were made of them?", "assessments", "named"),
    ("12g", "Were they tested for bias?", "bias_testing", "named"),
    ("13", "Please send the source code of every system.", "own", "exempt"),
    ("14", "Who in the force is responsible for them?", "own", "none"),
)
LETTERHEAD = {
    "organisation": "Benchmark Police",
    "foi_unit": "Freedom of Information Unit",
    "foi_contact": "FOI Unit, Police HQ, 1 High Street, Northtown NT1 1AA",
}
S31 = {
    "why": "Publishing the source code would let offenders learn how the systems score people.",
    "harm": "Offenders could change what they do to avoid being flagged.",
    "favour": "Openness about how policing decisions are made.",
    "against": "The prevention and detection of crime.",
    "balance": "The balance favours withholding the source code.",
}


def approved(db, system_id: int, kind: str, rows: int, words: int) -> int:
    """An approved assessment with every question answered."""
    assessment_id = assessments.start(db, OPERATOR, system_id, {"kind": kind, "title": f"Benchmark {kind}"})
    answers = sample_answers(kinds.latest(kind), rows=rows, words=words)
    revision = assessments.load(db, OPERATOR, assessment_id)["revision"]
    revision = assessments.update_answers(db, OPERATOR, assessment_id, 1, answers, revision)
    workflow.transition(db, OPERATOR, assessment_id, 1, "submit", {}, revision)
    approval = {"conducted": "2024-02", "approved": "2024-03-04"}
    workflow.transition(db, OPERATOR, assessment_id, 1, "approve", approval, revision + 1)
    return assessment_id


def system(db, name: str, category: str = "individual_risk") -> int:
    """A system with its register entry filled in."""
    return systems.create(
        db,
        OPERATOR,
        {
            "name": name,
            "aliases": [f"{name[:90]} alias"],
            "category": category,
            "lifecycle": "in_use",
            "regime": "dpa_part3",
            "first_used": "2020-04",
            "how_it_works": "A model scores records nightly. " * 10,
            "data_used": "Custody and crime records. " * 10,
            "how_outputs_made": "Scores are ranked and reviewed. " * 10,
            "costs": [{"period_start": "2021", "amount": "12500", "description": "Licence"}] * 3,
            "policies": [{"title": "Use policy", "reference": "P-1", "version_date": "2021-01"}],
        },
    )


def wide_request(db) -> int:
    """A request covering 200 systems: a few with assessments or monitoring data, some with long names."""
    scope = []
    for n in range(WIDE):
        name = f"{LONG_NAME} {n:03d}" if n % 10 == 0 else f"Wide system {n:03d}"
        scope.append(system(db, name))
    for system_id in scope[:10]:
        approved(db, system_id, "dpia", rows=4, words=30)
    for system_id in scope[:10:2]:
        approved(db, system_id, "eqia", rows=4, words=30)
    for system_id in scope[::50]:
        monitoring.create(db, OPERATOR, system_id, DATASET, COUNTS)
    # Withheld: a passage every system's register text holds, and one system's data text whole, so the
    # sweep replaces both in all 200 entries.
    received = {"day": "3", "month": "6", "year": "2024"}
    data = {"reference": "BENCH/200", "received": received, "systems": [str(s) for s in scope]}
    request_id = foi.create(db, OPERATOR, data)
    reason = {"exemption": "s31", "subsection": "(1)(a)", "reason": "Harm.", "request": "BENCH/200"}
    passage = {"target": "how_it_works", "scope": "passage", "passage": "scores records"}
    withholding.mark_system(db, OPERATOR, scope[0], {**passage, **reason})
    withholding.mark_system(db, OPERATOR, scope[1], {"target": "data_used", **reason})
    return request_id


def questioned_request(db) -> int:
    """200 systems each with an approved DPIA (some with EqIAs and monitoring data), asked 20 questions."""
    settings.update(db, OPERATOR, LETTERHEAD)  # a letter without its letterhead is only a draft
    scope = []
    for n in range(QUESTIONED):
        name = f"{LONG_NAME} Q{n:03d}" if n % 10 == 0 else f"Questioned system {n:03d}"
        # A category of their own: the questions ask about every system of it, and no others.
        system_id = system(db, name, QUESTIONED_CATEGORY)
        scope.append(system_id)
        approved(db, system_id, "dpia", rows=4, words=30)
        if n % 4 == 0:
            approved(db, system_id, "eqia", rows=4, words=30)
        if n % 10 == 0:
            monitoring.create(db, OPERATOR, system_id, DATASET, COUNTS)
            monitoring.create(db, OPERATOR, system_id, TRACKED, COUNTS)
    # Answered as at today: the register was built today, so an earlier day would find it empty.
    year, month, day = date.today().isoformat().split("-")
    received = {"day": day, "month": month, "year": year}
    data = {"reference": "BENCH/Q20", "received": received, "systems": [str(s) for s in scope]}
    request_id = foi.create(db, OPERATOR, data)
    for number, text, fact, scope_kind in QUESTIONS:
        asked = {"number": number, "text": text, "fact": fact}
        if scope_kind == "categories":
            asked |= {"scope": "categories", "categories": [QUESTIONED_CATEGORY]}
        elif scope_kind == "named":
            asked |= {"scope": "systems", "systems": [str(s) for s in scope[:50]]}
        elif scope_kind == "exempt":
            asked |= {"scope": "none", "disposition": "exempt", "exemption": "s31", "subsection": "(1)(a)"}
        else:
            asked |= {"scope": "none", "answer": "The systems were chosen after a tender.\n\nSee question 8."}
        questions.add(db, OPERATOR, request_id, asked)
    refusals.save(db, OPERATOR, request_id, "s31", S31, None)
    return request_id


def timed(work, repeat: int) -> tuple[float, float]:
    """(first, median) wall-clock seconds of `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times)


def peak(work) -> float:
    """Peak Python memory of one run, in MiB."""
    tracemalloc.start()
    work()
    _, highest = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return highest / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions-only", action="store_true", help="only the 20-question response")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dpia-benchmark-"))
    app = create_app({"INSTANCE_PATH": str(folder)})
    db = connect(app.config["DATABASE"])
    options = exports.Options()
    if not arguments.questions_only:
        assessments_and_packs(db, options)
    questioned(db, options)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # tracemalloc does not see lxml's own memory, so the whole process's peak bounds the packs from above.
    print(
        f"Peak resident memory of the whole process: {rss:.0f} MiB   ratio to {TARGET_WIDE_MIB:.0f} MiB"
        f" {rss / TARGET_WIDE_MIB:.2f}"
    )
    db.close()


def assessments_and_packs(db, options: exports.Options) -> None:
    """One large assessment, a pack of 50 assessments, a pack of 200 systems."""

    print("Setting up: one DPIA with 40 risks and 40 measures, and 50 approved assessments...", flush=True)
    large = approved(db, system(db, "Large System"), "dpia", rows=40, words=60)
    scope = []
    for n in range(17):
        system_id = system(db, f"System {n + 1:02d}")
        scope.append(str(system_id))
        for kind in ("pia", "dpia", "eqia") if n < 16 else ("dpia", "eqia"):
            approved(db, system_id, kind, rows=8, words=40)
    received = {"day": "3", "month": "6", "year": "2024"}
    request_id = foi.create(db, OPERATOR, {"reference": "BENCH/1", "received": received, "systems": scope})
    in_pack = len(packs.plan(db, OPERATOR, foi.get(db, OPERATOR, request_id), earlier=False))
    print(f"Setting up: {WIDE} more systems in one request...", flush=True)
    wide_id = wide_request(db)

    def one():
        exports.internal_assessment(db, OPERATOR, large, 1, options)

    def pack():
        packs.build(db, OPERATOR, request_id, options, reuse=False)

    def wide():
        return packs.build(db, OPERATOR, wide_id, options, reuse=False)

    first, median = timed(one, 7)
    size = len(exports.internal_assessment(db, OPERATOR, large, 1, options).content)
    one_peak = peak(one)
    pack_time, _ = timed(pack, 1)
    pack_peak = peak(pack)
    wide_time, _ = timed(wide, 1)
    swept_total, swept = sweep_share(wide)
    wide_peak = peak(wide)
    wide_size = len(wide().content)

    print()
    print(f"One assessment (DPIA, 40 risks, 40 measures, all sections filled; {size / 1024:.0f} KiB .docx)")
    print(
        f"  time: first {first:.3f} s, median of 7 {median:.3f} s   target {TARGET_ONE} s"
        f"   ratio {median / TARGET_ONE:.2f}"
    )
    print(f"  peak Python memory (tracemalloc): {one_peak:.1f} MiB")
    print(f"Response pack ({in_pack} assessments, schedule of {len(scope)} systems, manifest; made afresh)")
    print(f"  time: {pack_time:.2f} s   target {TARGET_PACK} s   ratio {pack_time / TARGET_PACK:.2f}")
    print(f"  peak Python memory (tracemalloc): {pack_peak:.1f} MiB")
    print(f"Response pack of {WIDE} systems (15 assessments, 4 datasets, schedule, manifest; made afresh)")
    print(f"  {wide_size / 1024:.0f} KiB .zip")
    print(f"  time: {wide_time:.2f} s   target {TARGET_WIDE} s   ratio {wide_time / TARGET_WIDE:.2f}")
    print(
        f"  peak Python memory (tracemalloc): {wide_peak:.1f} MiB   target {TARGET_WIDE_MIB:.0f} MiB"
        f"   ratio {wide_peak / TARGET_WIDE_MIB:.2f}"
    )
    share = swept / swept_total
    print(
        f"  sweep and leak check: {swept:.2f} s of a {swept_total:.2f} s build ({share:.0%})"
        f"   target under {TARGET_SWEEP_SHARE:.0%}   ratio {share / TARGET_SWEEP_SHARE:.2f}"
    )


def sweep_share(build) -> tuple[float, float]:
    """Seconds of one build, and of them the seconds spent sweeping what is withheld and checking for leaks.

    Timed: gathering what is withheld, sweeping each finished document, CSV cells and names, and reading
    every file back. Not separable, so not counted: the builders' own redactions matching the extra texts,
    and parsing CSV files to sweep their cells.
    """
    spent = [0.0]

    def timing(function):
        def timed_call(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start

        return timed_call

    # None of these calls another, so no time is counted twice.
    wrapped = [
        (sweep, "withheld"),
        (sweeping, "sweep"),
        (leaks, "find"),
        (sweep.Withholding, "name"),
        (sweep.Withholding, "text"),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name in wrapped]
    for owner, name, function in saved:
        setattr(owner, name, timing(function))
    try:
        total, _ = timed(build, 1)
    finally:
        for owner, name, function in saved:
            setattr(owner, name, function)
    return total, spent[0]


def questioned(db, options: exports.Options) -> None:
    """The response to 20 questions over 200 assessed systems: the letter, the pack, then its PDFs."""
    print(f"Setting up: {QUESTIONED} systems each with an approved DPIA, and 20 questions...", flush=True)
    request_id = questioned_request(db)

    def letter():
        return packs.response_letter(db, OPERATOR, request_id, options)

    def pack():
        return packs.build(db, OPERATOR, request_id, options, reuse=False, pdfs=False)

    letter_first, letter_median = timed(letter, 3)
    letter_peak = peak(letter)
    letter_size = len(letter().content)
    pack_time, _ = timed(pack, 1)
    pack_peak = peak(pack)
    built = pack().content
    # A later build sending the logged copies again (each re-made with a cover line naming both requests).
    again, _ = timed(lambda: packs.build(db, OPERATOR, request_id, options, reuse=True), 1)
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        names = archive.namelist()
        # The Word files to convert: the letter and the disclosure copies.
        words = [
            archive.read(n)
            for n in names
            if n.endswith(".docx") and n.startswith(("response-letter", "assess"))
        ]

    print()
    print(
        f"Response letter: {len(QUESTIONS)} questions over {QUESTIONED} systems"
        f" ({letter_size / 1024:.0f} KiB .docx)"
    )
    _report(letter_median, letter_peak, f"first {letter_first:.2f} s, median of 3 ")
    print(
        f"Response pack of the same request without PDFs"
        f" ({len(names)} files, {len(built) / 2**20:.1f} MiB .zip; made afresh)"
    )
    _report(pack_time, pack_peak, "")
    print(f"  built again, sending the logged copies again: {again:.2f} s   ratio {again / TARGET_WIDE:.2f}")
    refusing = _refused_close(db, request_id)
    print(f"Closing it as 'not held', refused against the drafted answers: {refusing:.2f} s")
    print(f"PDF copies of the letter and {len(words) - 1} disclosure copies (timed on their own)")
    if not pdf.available():
        print("  not measured: LibreOffice (soffice) is not installed on this machine")
        return
    start = time.perf_counter()
    try:
        made = pdf.convert(words)
    except pdf.PdfFailed as failure:
        print(f"  failed after {time.perf_counter() - start:.1f} s: {failure}")
        return
    took = time.perf_counter() - start
    size = sum(map(len, made)) / 2**20
    print(
        f"  time: {took:.1f} s for {len(made)} PDFs ({size:.1f} MiB), {took / len(made):.2f} s each,"
        f" in LibreOffice runs of at most {pdf.BATCH}"
    )


def _refused_close(db, request_id: int) -> float:
    """Seconds to refuse a closing outcome the answers contradict: the check drafts the whole response."""
    request = foi.get(db, OPERATOR, request_id)
    year, month, day = date.today().isoformat().split("-")
    data = {"day": {"day": day, "month": month, "year": year}, "outcome": "not_held"}
    start = time.perf_counter()
    try:
        events.record(db, OPERATOR, request_id, "close", data, request["revision"])
    except Invalid:
        return time.perf_counter() - start
    raise SystemExit("The request closed as 'not held' although its answers say information is held")


def _report(seconds: float, mib: float, how: str) -> None:
    print(f"  time: {how}{seconds:.2f} s   target {TARGET_WIDE} s   ratio {seconds / TARGET_WIDE:.2f}")
    print(
        f"  peak Python memory (tracemalloc): {mib:.1f} MiB   target {TARGET_WIDE_MIB:.0f} MiB"
        f"   ratio {mib / TARGET_WIDE_MIB:.2f}"
    )


if __name__ == "__main__":
    main()
