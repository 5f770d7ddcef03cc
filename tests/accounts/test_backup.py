"""Backing up a running instance to one archive and restoring it into an empty instance."""

import io
import tarfile
import threading
from pathlib import Path

import pytest

from dpia.app import create_app
from dpia.store import audit as audit_store
from dpia.store.db import connect, transaction
from tests.conftest import TEST_CONFIG


@pytest.fixture
def fresh(tmp_path):
    """A second, empty instance to restore into; returns its app."""
    made = create_app({**TEST_CONFIG, "INSTANCE_PATH": str(tmp_path / "restored")})
    yield made
    made.extensions["dpia.search"].close()


class Writer(threading.Thread):
    """Keeps appending audit entries on its own connection, recording each one once it is committed."""

    def __init__(self, database):
        super().__init__(daemon=True)
        self.database = database
        self.acknowledged: list[str] = []
        self.warmed_up = threading.Event()
        self.stop = threading.Event()

    def run(self):
        db = connect(self.database)
        try:
            number = 0
            while not self.stop.is_set():
                action = f"writer.{number}"
                with transaction(db):
                    audit_store.append(db, actor="writer@example.org", address="10.0.0.9", action=action)
                self.acknowledged.append(action)
                number += 1
                if number == 20:
                    self.warmed_up.set()
        finally:
            db.close()


def uploaded(app, name="evidence.pdf", data=b"%PDF-1.4 evidence"):
    """A stored evidence file, where the attachments service keeps them."""
    folder = Path(app.instance_path) / "attachments"
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / name).write_bytes(data)


def test_a_backup_taken_during_writes_restores_every_write_acknowledged_before_it(
    app, runner, fresh, make_approved, tmp_path
):
    make_approved()
    uploaded(app)
    writer = Writer(app.config["DATABASE"])
    writer.start()
    writer.warmed_up.wait()
    before = list(writer.acknowledged)
    archive = tmp_path / "backup.tar.gz"
    result = runner.invoke(args=["backup", "--out", str(archive)])
    writer.stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    assert archive.stat().st_mode & 0o777 == 0o600

    restored = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    db = connect(fresh.config["DATABASE"])
    try:
        actions = {r["action"] for r in db.query("SELECT action FROM audit_log")}
        assert db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 1
    finally:
        db.close()
    assert set(before) <= actions
    restored_folder, original_folder = Path(fresh.instance_path), Path(app.instance_path)
    assert (restored_folder / "attachments" / "evidence.pdf").read_bytes() == b"%PDF-1.4 evidence"
    assert (restored_folder / "config.py").read_text() == (original_folder / "config.py").read_text()
    assert not (restored_folder / "index.tar").exists()
    fresh_runner = fresh.test_cli_runner()
    doctor = fresh_runner.invoke(args=["doctor"])
    assert doctor.exit_code == 0, doctor.output
    assert "The search index matches the database." in doctor.output
    assert "Missing from the index: 0" in doctor.output
    assert fresh_runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_restoring_into_an_instance_in_use_is_refused_unless_replacing(app, runner, make_approved, tmp_path):
    make_approved()
    archive = tmp_path / "backup.tar.gz"
    assert runner.invoke(args=["backup", "--out", str(archive)]).exit_code == 0
    refused = runner.invoke(args=["restore", str(archive)])
    assert refused.exit_code == 2
    assert "is not empty" in refused.output
    assert "--replace" in refused.output
    assert "Traceback" not in refused.output
    replaced = runner.invoke(args=["restore", str(archive), "--replace"])
    assert replaced.exit_code == 0, replaced.output


def test_a_backup_does_not_overwrite_a_file_unless_forced(runner, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    archive.write_text("keep me")
    refused = runner.invoke(args=["backup", "--out", str(archive)])
    assert refused.exit_code == 2
    assert "already exists" in refused.output
    assert archive.read_text() == "keep me"
    assert runner.invoke(args=["backup", "--out", str(archive), "--force"]).exit_code == 0
    assert archive.stat().st_mode & 0o777 == 0o600


def tar_gz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


MANIFEST = b'{"format": "dpia-backup/1", "created_at": "2026-01-01T00:00:00Z", "files": []}'


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "No backup file at"),
        (b"this is not an archive at all", "is not a readable dpia backup"),
        ("truncated", "is not a readable dpia backup"),
        (tar_gz({"dpia.db": b"x"}), "has no readable manifest"),
        (tar_gz({"manifest.json": b'{"format": "other"}', "dpia.db": b"x"}), "this version can read"),
        (tar_gz({"manifest.json": MANIFEST, "../escape.py": b"x"}), "it holds ../escape.py"),
        (
            tar_gz({"manifest.json": MANIFEST, "dpia.db": b"SQLite format 3\x00 but not really"}),
            "cannot be restored",
        ),
    ],
)
def test_a_missing_or_bad_archive_is_refused_in_one_line(app, runner, fresh, tmp_path, content, message):
    path = tmp_path / "backup.tar.gz"
    if content == "truncated":
        assert runner.invoke(args=["backup", "--out", str(path)]).exit_code == 0
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif content is not None:
        path.write_bytes(content)
    result = fresh.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    db = connect(fresh.config["DATABASE"])
    try:
        assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    finally:
        db.close()
