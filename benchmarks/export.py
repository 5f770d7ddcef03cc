"""How long exports take, and how much memory: one large assessment, and a response pack of 50.

Run from the repository root with the project's Python:

    .venv/bin/python benchmarks/export.py

It builds a throwaway instance in a temporary folder: a DPIA with 40 risks, 40 measures and every section
filled, and 17 systems each with an approved PIA, DPIA and EqIA (50 assessments in the pack). Times are
measured without tracemalloc, which slows Python down; peak memory is measured in a separate run.
Targets (2-core machine): one assessment under 0.3 s, the pack under 8 s.
"""

import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dpia import create_app, kinds  # noqa: E402
from dpia.actor import command_line  # noqa: E402
from dpia.domain.samples import sample_answers  # noqa: E402
from dpia.services import systems
from dpia.services.assessments import versions as assessments
from dpia.services.assessments import workflow  # noqa: E402
from dpia.services.disclosure import exports, packs
from dpia.services.disclosure import requests as foi
from dpia.store.db import connect  # noqa: E402

TARGET_ONE = 0.3
TARGET_PACK = 8.0
OPERATOR = command_line("benchmark")


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


def system(db, name: str) -> int:
    """A system with its register entry filled in."""
    return systems.create(
        db,
        OPERATOR,
        {
            "name": name,
            "aliases": [f"{name} alias"],
            "category": "individual_risk",
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
    folder = Path(tempfile.mkdtemp(prefix="dpia-benchmark-"))
    app = create_app({"INSTANCE_PATH": str(folder)})
    db = connect(app.config["DATABASE"])
    options = exports.Options()

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

    def one():
        exports.internal_assessment(db, OPERATOR, large, 1, options)

    def pack():
        packs.build(db, OPERATOR, request_id, options, reuse=False)

    first, median = timed(one, 7)
    size = len(exports.internal_assessment(db, OPERATOR, large, 1, options).content)
    one_peak = peak(one)
    pack_time, _ = timed(pack, 1)
    pack_peak = peak(pack)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

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
    print(f"Peak resident memory of the whole process: {rss:.0f} MiB")
    db.close()


if __name__ == "__main__":
    main()
