"""How long the command line takes to start: CPU seconds of `dpia --help` and `dpia doctor`.

Every scripted command (cron's `dpia remind`, `dpia backup`, a monitoring check's `dpia doctor`) pays the
start-up before it does anything. This builds a throwaway demo instance (`dpia init`, `dpia demo`,
`dpia reindex`), then runs each command as its own process, exactly as a shell would: once to cache the
bytecode (as a server's first run does), then `--runs` times (9 by default). It prints the median, lowest and
highest CPU seconds (user + system, from the children's resource usage: other work on a shared machine moves
them far less than wall-clock time, but still some), and the median as a ratio of the 0.3 s target (under 1
meets it). A bare `python -c pass` is shown for scale. `--imports` also prints, for each command, the modules
it imports that cost most (from `python -X importtime`).

    .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --runs 21 --imports
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

DPIA = Path(sys.executable).parent / "dpia"
REPO = Path(__file__).resolve().parent.parent
TARGET = 0.3
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "dpia --help": [str(DPIA), "--help"],
    "dpia doctor": [str(DPIA), "doctor"],
}


def cpu_seconds(command: list[str], env: dict) -> float:
    """User + system CPU seconds one run of `command` took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def heaviest_imports(command: list[str], env: dict, count: int = 8) -> list[tuple[float, str]]:
    """The top-level imports of one run that took longest, in milliseconds, most costly first."""
    run = subprocess.run(
        command, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, check=True, capture_output=True, text=True
    )
    found = []
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        # Indentation shows nesting: only imports made directly by the program, not by another module.
        if name.startswith(" ") and not name.startswith("  "):
            found.append((int(cumulative) / 1000, name.strip()))
    return sorted(found, reverse=True)[:count]


def prepare(folder: Path) -> dict:
    """An instance with the demo register and a built index; the environment that points at it."""
    # This checkout's code, even when the virtual environment's editable install points at another one; its
    # bytecode cached as on a server (PYTHONDONTWRITEBYTECODE would have every run compile dpia afresh).
    env = {**os.environ, "DPIA_INSTANCE": str(folder), "PYTHONPATH": str(REPO)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for args in (["init"], ["demo"], ["reindex"]):
        subprocess.run([str(DPIA), *args], env=env, check=True, capture_output=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="Runs of each command (default 9).")
    parser.add_argument("--imports", action="store_true", help="Also print each command's costliest imports.")
    options = parser.parse_args()
    env = prepare(Path(tempfile.mkdtemp(prefix="dpia-benchmark-")) / "instance")
    print(f"CPU seconds (user + system) over {options.runs} runs; target {TARGET} s for each dpia command")
    print(f"{'command':16} {'median':>7} {'lowest':>7} {'highest':>8} {'ratio':>6}")
    for label, command in COMMANDS.items():
        cpu_seconds(command, env)  # warm-up: writes the bytecode and fills the page cache
        times = [cpu_seconds(command, env) for _ in range(options.runs)]
        ratio = "" if label.startswith("python") else f"{statistics.median(times) / TARGET:6.2f}"
        print(f"{label:16} {statistics.median(times):7.3f} {min(times):7.3f} {max(times):8.3f} {ratio:>6}")
    if options.imports:
        for label, command in list(COMMANDS.items())[1:]:
            print(f"Costliest imports of {label} (cumulative ms):")
            for milliseconds, module in heaviest_imports(command, env):
                print(f"  {milliseconds:7.1f}  {module}")


if __name__ == "__main__":
    main()
