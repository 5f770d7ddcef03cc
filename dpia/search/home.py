"""The index folder: generations swapped atomically, a lock shared by every process, and opening safely.

`instance/index` is a symlink to `index-<generation>/`, which holds the `names` and `content` indexes and a
marker written last. A rebuild fills a new generation and swaps the link with `os.replace`, so readers
always see a complete index, old or new. The index stores a pickled schema: only this service may write here.
"""

import contextlib
import fcntl
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage

from dpia.search.schema import SCHEMA_VERSION, content_schema, names_schema

log = logging.getLogger(__name__)
MARKER = "dpia-index.json"
PREFIX = "index-"


class IndexUnavailable(Exception):
    """The index is missing, stale or unreadable; search must wait for a rebuild."""


class LockTimeout(Exception):
    """Another process held the index lock for longer than we would wait."""


@dataclass
class Indexes:
    """The two indexes of one generation."""

    generation: str
    names: index.Index
    content: index.Index


class IndexHome:
    """Where the index lives for one instance, and how generations come and go."""

    def __init__(self, link: str | Path):
        self.link = Path(link)
        self.parent = self.link.parent
        self.lock_path = self.parent / "index.lock"
        self._open: dict[str, Indexes] = {}
        self._guard = threading.Lock()

    def generation(self) -> str | None:
        """The name of the published generation, or None if there is none."""
        try:
            return os.readlink(self.link)
        except FileNotFoundError:
            return None
        except OSError:
            # A plain folder (from an older layout) is not a generation: rebuild it.
            return None

    def open(self) -> Indexes:
        """The published generation's indexes, opened once per process; IndexUnavailable if unusable."""
        generation = self.generation()
        if generation is None:
            raise IndexUnavailable("no search index has been built yet")
        with self._guard:
            if generation not in self._open:
                self._open = {generation: self._open_generation(generation)}
            return self._open[generation]

    def _open_generation(self, generation: str) -> Indexes:
        folder = self.parent / generation
        try:
            marker = json.loads((folder / MARKER).read_text())
            if marker.get("schema") != SCHEMA_VERSION:
                raise IndexUnavailable("the search index was built by another version of dpia")
            return Indexes(
                generation,
                _storage(folder / "names").open_index(),
                _storage(folder / "content").open_index(),
            )
        except IndexUnavailable:
            raise
        except Exception as error:  # Whoosh raises many kinds of error on damaged files.
            raise IndexUnavailable(f"the search index cannot be read: {error!r}") from error

    def forget(self) -> None:
        """Drop opened indexes, so the next open reads the folder again."""
        with self._guard:
            self._open = {}

    def new_generation(self) -> tuple[str, Indexes]:
        """An empty generation folder with both indexes created, not yet published."""
        self.parent.mkdir(parents=True, exist_ok=True)
        name = f"{PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        folder = self.parent / name
        folder.mkdir(mode=0o700)
        for sub in ("names", "content"):
            (folder / sub).mkdir(mode=0o700)
        return name, Indexes(
            name,
            _storage(folder / "names").create_index(names_schema()),
            _storage(folder / "content").create_index(content_schema()),
        )

    def publish(self, generation: str) -> None:
        """Mark a generation complete and make it the one everybody reads, in one atomic step."""
        folder = self.parent / generation
        (folder / MARKER).write_text(json.dumps({"schema": SCHEMA_VERSION, "built_at": time.time()}))
        if self.link.exists() and not self.link.is_symlink():
            # An older plain folder: move it aside so the link can take its name.
            self.link.rename(self.parent / f"{PREFIX}replaced-{time.strftime('%Y%m%d%H%M%S')}")
        temporary = self.parent / f".index-link-{os.getpid()}-{threading.get_ident()}"
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        os.symlink(generation, temporary)
        os.replace(temporary, self.link)
        self.forget()
        self.remove_old(keep=generation)

    def remove_old(self, keep: str) -> None:
        """Delete generations other than `keep`; readers with open files keep working (POSIX)."""
        for folder in self.parent.glob(f"{PREFIX}*"):
            if folder.name != keep and folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)

    def discard(self, generation: str) -> None:
        """Remove an unpublished generation after a failed build."""
        shutil.rmtree(self.parent / generation, ignore_errors=True)

    @contextlib.contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """The instance-wide index lock: one indexer or rebuild at a time, across processes.

        An OS file lock, so a process killed while holding it releases it at once; the holder's id is
        written in the file, so a lock kept by a process the dead holder started is broken (see `_take`).
        """
        self.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        while (fd := self._take()) is None:
            if time.monotonic() >= deadline:
                raise LockTimeout(f"the search index is locked by another process ({self.lock_path})")
            time.sleep(0.005)
        try:
            yield
        finally:
            # Forget the holder first, so nobody takes a later holder's lock for this dead one's.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _take(self) -> int | None:
        """The locked file's descriptor, or None if a live process holds the lock."""
        # Taking and breaking happen under a short guard, so a holder's id is always written before
        # anyone can read it, and the lock file is never replaced under someone opening it.
        with _flocked(self.parent / "index.lock.guard"):
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 100, 0).decode("ascii", "replace")
                os.close(fd)
                if holder and not _alive(holder):
                    # The holder died, but a process it forked (a rebuild's worker) keeps the inherited
                    # lock: give the lock a new file; the orphan only holds the old, unlinked one.
                    log.warning("breaking the search index lock left by dead process %s", holder)
                    fresh = self.parent / f".index-lock-{os.getpid()}"
                    fresh.write_text("")
                    os.replace(fresh, self.lock_path)
                return None
            os.ftruncate(fd, 0)
            os.pwrite(fd, _holder_id(os.getpid()).encode("ascii"), 0)
            return fd

    def remove_orphans(self) -> list[str]:
        """Delete unpublished generations and link files left by a killed rebuild; call under the lock."""
        published = self.generation()
        removed = []
        for path in self.parent.glob(f"{PREFIX}*"):
            if path.name != published and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        for path in [*self.parent.glob(".index-link-*"), *self.parent.glob(".index-lock-*")]:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path.name)
        return removed

    def is_locked(self) -> bool:
        """Whether some indexer or rebuild holds the lock now."""
        try:
            with self.lock(timeout=0):
                return False
        except LockTimeout:
            return True


@contextlib.contextmanager
def _flocked(path: Path) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _started(pid: int) -> str:
    """When a process started (clock ticks since boot), to tell it from a later one given the same id."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def _holder_id(pid: int) -> str:
    return f"{pid} {_started(pid)}".strip()


def _alive(holder: str) -> bool:
    """Whether the process a lock file names still runs (the same process, not a reused id)."""
    try:
        pid = int(holder.split()[0])
    except (ValueError, IndexError):
        return True  # Not ours to judge: wait, as before.
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False  # Killed, not yet reaped by its parent.
    return _holder_id(pid) == holder.strip() or not _started(pid)


def _storage(folder: Path) -> FileStorage:
    """A folder's storage reading segments as files, not memory maps.

    Whoosh cannot close a segment's map while any reader's view of it lives, and each map holds a
    duplicated file descriptor until garbage collection; plain files close when the searcher does.
    """
    return FileStorage(str(folder), supports_mmap=False)
