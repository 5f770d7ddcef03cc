"""How long the compliance checks take on a large register: the whole register (the Compliance page, the CSV
and `dpia check`) and one system's part (the banner on every system and version page).

Run from the repository root with the project's Python:

    .venv/bin/python benchmarks/compliance.py [--systems 2000] [--versions 20000]

It builds a throwaway instance in a temporary folder with the synthetic register of benchmarks/search.py.
Targets (2-core machine): a system or version page's findings under 50 ms, the whole register under 3 s.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import search as synthetic  # noqa: E402

from dpia import create_app  # noqa: E402
from dpia.actor import command_line  # noqa: E402
from dpia.services.assessments import compliance  # noqa: E402
from dpia.store import migrations  # noqa: E402
from dpia.store.db import connect  # noqa: E402

PAGE_TARGET = 0.050
WHOLE_TARGET = 3.0


def timed(work, repeat: int) -> float:
    """The median of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--systems", type=int, default=2000)
    parser.add_argument("--versions", type=int, default=20000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"INSTANCE_PATH": folder, "SEARCH_INDEXER": "off"})
        db = connect(app.config["DATABASE"])
        migrations.apply(db)
        register = synthetic.build_register(db, options.systems, options.versions, seed=7)
        actor = command_line("benchmarks/compliance.py")
        found = compliance.findings(db, actor)
        whole = timed(lambda: compliance.findings(db, actor), 3)
        some = register[:: max(1, len(register) // 20)]
        page = timed(lambda: [compliance.for_system(db, actor, s["id"]) for s in some], 3) / len(some)
        version = db.execute("SELECT assessment_id, number FROM assessment_versions LIMIT 1").fetchone()
        one = timed(lambda: compliance.for_version(db, actor, *version), 20)
        print(
            f"Register: {options.systems:,} systems, {options.versions:,} versions, {len(found):,} findings"
        )
        rows = (
            ("Whole register (Compliance page, CSV, dpia check)", whole, WHOLE_TARGET, f"{whole:.2f} s"),
            ("One system's findings (system page)", page, PAGE_TARGET, f"{page * 1000:.1f} ms"),
            ("One version's findings (version page)", one, PAGE_TARGET, f"{one * 1000:.1f} ms"),
        )
        for label, seconds, target, shown in rows:
            print(f"{label:<52}{shown:>10}  ratio {seconds / target:.2f}")
        db.close()
        app.extensions["dpia.search"].close()


if __name__ == "__main__":
    main()
