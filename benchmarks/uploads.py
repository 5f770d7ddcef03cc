"""How hostile and long uploads fare: time and peak memory of refusing a .docx whose part lies about its
size (1 GB declared as 1,000 bytes; one, then three at once), of refusing a 20,000-paragraph document, and of
uploading and previewing a document just under the paragraph limit through the web pages.

Run from the repository root with the project's Python:

    .venv/bin/python benchmarks/uploads.py

It builds a throwaway instance in a temporary folder. Times are measured without tracemalloc, which slows
Python down; peak memory is measured in a separate run. Targets (2-core machine): every refusal under 1 s
and 100 MiB, the preview under 10 s.
"""

import io
import re
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dpia import create_app  # noqa: E402
from dpia.actor import Actor, command_line  # noqa: E402
from dpia.errors import Refused  # noqa: E402
from dpia.importers import safety  # noqa: E402
from dpia.services import systems  # noqa: E402
from dpia.services.accounts import users as accounts  # noqa: E402
from dpia.services.assessments import attachments, imports  # noqa: E402
from dpia.store.db import connect  # noqa: E402
from tests import import_fixtures as fx  # noqa: E402

MB = 1024 * 1024
EDITOR = Actor(email="editor@example.org", roles=frozenset({"editor"}), address="127.0.0.1")
PASSWORD = "correct horse battery staple 42"
EMAIL = "bench.editor@example.org"


def lying_docx() -> bytes:
    raw, _ = fx.deflated_zeros(1024 * MB)
    return fx.lying_zip(fx.parts_of(fx.ico_dpia()), "customXml/item9.xml", raw, 1000, zlib.crc32(b"0" * 1000))


def long_docx(paragraphs: int) -> bytes:
    parts = fx.parts_of(fx.ico_dpia())
    document = parts["word/document.xml"].decode()
    start = document.index("<w:body>") + len("<w:body>")
    filler = "".join(
        f"<w:p><w:r><w:t>Paragraph {i} about patrols, forecasts and risk.</w:t></w:r></w:p>"
        for i in range(paragraphs)
    )
    parts["word/document.xml"] = (document[:start] + filler + document[start:]).encode()
    return fx.zipped(parts)


def measured(work) -> tuple[float, float, str]:
    """Seconds (untraced run), peak MiB (traced run) and the outcome of `work`."""
    started = time.perf_counter()
    outcome = _outcome(work)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    _outcome(work)
    peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    return seconds, peak, outcome


def _outcome(work) -> str:
    try:
        work()
    except Refused as refused:
        return f"refused: {refused}"
    return "accepted"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="dpia-benchmark-"))
    app = create_app({"INSTANCE_PATH": str(folder), "WTF_CSRF_ENABLED": False})
    db = connect(app.config["DATABASE"])
    storage = attachments.Storage(instance=folder, max_bytes=25 * MB)
    system_id = systems.create(
        db,
        command_line(),
        {"name": "HART", "category": "individual_risk", "lifecycle": "in_use", "regime": "dpa_part3"}
        | {"marking": "OFFICIAL"},
    )
    lying = lying_docx()
    print(f"Lying part ({len(lying) / MB:.1f} MB file, 1 GB declared as 1,000 bytes):")
    report(*measured(lambda: imports.upload(db, EDITOR, storage, system_id, "a.docx", lying)))

    def three():
        threads = [
            threading.Thread(target=_outcome, args=(lambda: safety.check_office(lying),)) for _ in "abc"
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    print("Three of them at once:")
    report(*measured(three)[:2], "all refused")
    long = long_docx(20_000)
    print(f"20,000 paragraphs ({len(long) / 1024:.0f} KB):")
    report(*measured(lambda: imports.upload(db, EDITOR, storage, system_id, "long.docx", long)))
    preview(app, db, system_id, long_docx(safety.MAX_PARAGRAPHS - 100))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak resident memory of the whole process: {rss:.0f} MiB")


def preview(app, db, system_id: int, data: bytes) -> None:
    """Upload through the import page and fetch the preview, as an editor's browser would."""
    accounts.create_user(db, command_line(), EMAIL, ["editor"], PASSWORD, accounts.Policy())
    client = app.test_client()
    client.post("/sign-in", data={"email": EMAIL, "password": PASSWORD})
    started = time.perf_counter()
    response = client.post(
        f"/systems/{system_id}/import", data={"file": (io.BytesIO(data), "near-limit.docx"), "kind": ""}
    )
    page = client.get(response.headers["Location"])
    seconds = time.perf_counter() - started
    items = len(re.findall(r'id="target-i\d+"', page.get_data(as_text=True)))
    size = len(page.data) / MB
    print(f"{safety.MAX_PARAGRAPHS - 100:,} paragraphs ({len(data) / 1024:.0f} KB), uploaded and previewed:")
    print(f"  {seconds:.2f} s, status {page.status_code}, {items:,} items, page {size:.1f} MB")


def report(seconds: float, peak: float, outcome: str) -> None:
    print(f"  {seconds:.2f} s, peak traced memory {peak:.1f} MiB; {outcome[:140]}")


if __name__ == "__main__":
    main()
