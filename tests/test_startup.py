"""Start-up of the command line: `dpia --help` and `dpia doctor` import only what they need.

Each runs as its own process through the installed console script, as a shell or cron would run it, with
every module it imported listed at exit. `benchmarks/startup.py` measures the CPU time.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dpia.cli.commands import COMMANDS

REPO = Path(__file__).resolve().parent.parent
DPIA = Path(sys.executable).parent / "dpia"

# What a command pays to import each, if it has no use for it (cumulative `python -X importtime` of
# `dpia --help` before it listed commands lazily, 2-core machine).
HEAVY = {
    "flask": "Flask, Werkzeug and Jinja: 92 ms",
    "sqlite_utils": "sqlite-utils: 25 ms",
    "whoosh": "Whoosh, through dpia.search: 51 ms",
    "docx": "python-docx: 61 ms with lxml",
    "lxml": "lxml: 30 ms",
    "jsonschema": "the API schema's validator: 33 ms",
    "flask_wtf": "forms and CSRF: 7 ms",
    "wtforms": "forms: 5 ms",
    "waitress": "the web server",
    "openpyxl": "spreadsheets (not installed today)",
    "PIL": "images (not installed today)",
    "dpia.views": "every page and the API: 167 ms for the API alone",
    "dpia.importers": "the document importers: 28 ms for the matcher alone",
    # Word rendering; dpia.export.model, the document model, is plain data that redaction uses too.
    "dpia.export.word": "Word export: 70 ms with python-docx",
    "dpia.export.template": "Word templates",
}
# Runs a script (argv[2]) with arguments, then writes the names of the modules in sys.modules to argv[1]:
# `python -X importtime` leaves out what importlib.import_module imports, as `dpia` does for a command.
PROBE = """
import atexit, runpy, sys
listing, script = sys.argv[1:3]
atexit.register(lambda: open(listing, "w").write("\\n".join(sys.modules)))
sys.argv = [script, *sys.argv[3:]]
runpy.run_path(script, run_name="__main__")
"""
# `dpia doctor` compares the database with the search index, in the app: it needs these three.
DOCTOR_NEEDS = {"flask", "sqlite_utils", "whoosh"}


def _run(*args: str, instance: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run the console script as a shell would; its result and the names of every module it imported."""
    listing = tmp_path / "modules.txt"
    env = {**os.environ, "DPIA_INSTANCE": str(instance), "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(listing), str(DPIA), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return run, set(listing.read_text().split())


def _heavy(imported: set[str], allowed: set[str] = frozenset()) -> list[str]:
    """The modules of the heavy libraries (or parts of dpia) among those imported, except the allowed."""
    return sorted(
        name
        for name in imported
        for heavy in HEAVY.keys() - allowed
        if name == heavy or name.startswith(f"{heavy}.")
    )


def test_the_module_list_comes_from_the_real_command(tmp_path):
    """The check itself works: the modules a command imports are listed, with the heavy ones picked out."""
    run, imported = _run("user", "--help", instance=tmp_path / "instance", tmp_path=tmp_path)
    assert run.returncode == 0, run.stderr
    assert {"click", "dpia.cli.main", "dpia.cli.users", "flask"} <= imported
    assert "flask" in _heavy(imported) and "flask" not in _heavy(imported, {"flask"})


def test_dpia_help_lists_every_command_importing_none_of_the_heavy_libraries(tmp_path):
    run, imported = _run("--help", instance=tmp_path / "instance", tmp_path=tmp_path)
    assert run.returncode == 0, run.stderr
    assert _heavy(imported) == []
    # Not even the commands' own modules: only their declarations.
    assert not {name for name in imported if name.startswith("dpia.cli.")} - {
        "dpia.cli.main",
        "dpia.cli.commands",
    }
    listed = run.stdout.split("Commands:")[1]
    for declared in COMMANDS:
        assert f"\n  {declared.name} " in listed, declared.name
    assert not (tmp_path / "instance").exists(), "listing commands must not create an instance"


@pytest.mark.parametrize("drifted", [False, True])
def test_dpia_doctor_imports_the_database_and_the_index_but_no_pages_export_or_importers(
    app, db, make_assessment, drifted, tmp_path
):
    instance = Path(app.instance_path)
    make_assessment()
    rebuilt, _ = _run("reindex", instance=instance, tmp_path=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    if drifted:
        make_assessment()
    run, imported = _run("doctor", instance=instance, tmp_path=tmp_path)
    assert run.returncode == (1 if drifted else 0), run.stdout + run.stderr[-2000:]
    assert ("drifted" if drifted else "matches the database") in run.stdout
    assert _heavy(imported, DOCTOR_NEEDS) == []
    assert DOCTOR_NEEDS <= {name.split(".")[0] for name in imported}
