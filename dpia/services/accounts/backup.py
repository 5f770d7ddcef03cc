"""Backing an instance up to one private archive while it runs, and restoring one into an empty instance."""

import io
import json
import os
import shutil
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from dpia.errors import Invalid
from dpia.store import migrations
from dpia.store.db import check_database, connect, copy_database, holds_records, now

FORMAT = "dpia-backup/1"
MANIFEST = "manifest.json"
DATABASE = "dpia.db"
CONFIG = "config.py"
# Uploaded files; the search index is left out because it is rebuilt from the database.
FOLDERS = ("attachments", "imports")


@dataclass(frozen=True)
class Instance:
    """Where an instance keeps its database, configuration and uploaded files."""

    folder: Path
    database: Path


def _refuse(message: str) -> Invalid:
    return Invalid({"backup": message})


def _files(instance: Instance) -> list[tuple[Path, str]]:
    found = []
    for name in FOLDERS:
        root = instance.folder / name
        if root.is_dir():
            found += [
                (p, p.relative_to(instance.folder).as_posix()) for p in sorted(root.rglob("*")) if p.is_file()
            ]
    config = instance.folder / CONFIG
    if config.is_file():
        found.append((config, CONFIG))
    return found


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
    archive.addfile(info, io.BytesIO(data))


def backup(instance: Instance, out: Path, *, replace: bool = False) -> dict:
    """Write a consistent copy of the database, the configuration and uploads to `out`, private to us."""
    if out.exists() and not replace:
        raise _refuse(f"{out} already exists: choose another name or add --force")
    partial = out.with_name(f".{out.name}.partial")
    with tempfile.TemporaryDirectory(prefix="dpia-backup-") as work:
        copy = Path(work) / DATABASE
        # The database first: uploads saved after this moment are harmless extras in the archive.
        copy_database(instance.database, copy)
        files = _files(instance)
        manifest = {"format": FORMAT, "created_at": now(), "files": [name for _, name in files]}
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as error:
            raise _refuse(f"Cannot write {out}: {error.strerror}") from None
        os.fchmod(fd, 0o600)  # O_CREAT's mode does not apply to a leftover partial file
        with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            archive.add(copy, DATABASE, recursive=False)
            for path, name in files:
                archive.add(path, name, recursive=False)
    os.replace(partial, out)
    return {"files": len(files), "created_at": manifest["created_at"]}


def _allowed(name: str) -> bool:
    parts = Path(name).parts
    return name in (MANIFEST, DATABASE, CONFIG) or (
        len(parts) > 1 and parts[0] in FOLDERS and ".." not in parts and not Path(name).is_absolute()
    )


def _unpack(archive_path: Path, work: Path) -> dict:
    """Extract and check an archive; Invalid naming what is wrong with it."""
    if not archive_path.is_file():
        raise _refuse(f"No backup file at {archive_path}")
    try:
        with tarfile.open(archive_path, mode="r:gz") as archive:
            members = archive.getmembers()
            strange = [m.name for m in members if not _allowed(m.name) or not (m.isfile() or m.isdir())]
            if strange:
                raise _refuse(f"{archive_path} is not a dpia backup: it holds {strange[0]}")
            archive.extractall(work, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, OSError):
        raise _refuse(
            f"{archive_path} is not a readable dpia backup (corrupt or not a .tar.gz archive)"
        ) from None
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise _refuse(f"{archive_path} is not a dpia backup: it has no readable manifest") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(f"{archive_path} is not a dpia backup this version can read")
    if not (work / DATABASE).is_file():
        raise _refuse(f"{archive_path} holds no database")
    problem = check_database(work / DATABASE)
    if problem:
        raise _refuse(f"{archive_path} cannot be restored: {problem}")
    return manifest


def _holds_files(instance: Instance) -> bool:
    return any(any(p.is_file() for p in (instance.folder / name).rglob("*")) for name in FOLDERS)


def restore(archive_path: Path, instance: Instance, *, replace: bool = False) -> dict:
    """Put a backup's database, configuration and files into `instance`; one in use only if `replace`."""
    with tempfile.TemporaryDirectory(prefix="dpia-restore-") as folder:
        work = Path(folder)
        manifest = _unpack(archive_path, work)
        db = connect(instance.database)
        try:
            if not replace and (holds_records(db) or _holds_files(instance)):
                raise _refuse(
                    f"The instance at {instance.folder} is not empty: restore into a new instance folder "
                    "(DPIA_INSTANCE), or add --replace to overwrite it"
                )
        finally:
            db.close()
        copy_database(work / DATABASE, instance.database, self_contained=False)
        db = connect(instance.database)
        try:
            # A backup from an older release is brought up to this release's schema.
            migrations.apply(db)
        finally:
            db.close()
        for name in FOLDERS:
            if (work / name).is_dir():
                target = instance.folder / name
                if replace and target.exists():
                    shutil.rmtree(target)
                shutil.copytree(work / name, target, dirs_exist_ok=True)
                target.chmod(0o700)
        if (work / CONFIG).is_file():
            # The backup's SECRET_KEY comes back, so sessions and signed links made before still hold.
            shutil.copyfile(work / CONFIG, instance.folder / CONFIG)
            (instance.folder / CONFIG).chmod(0o600)
    return {"created_at": manifest.get("created_at", "?"), "files": len(manifest.get("files", []))}
