"""The index folder: generations swapped atomically, a lock shared by every process, and opening safely.

`instance/index` is a symlink to `index-<generation>/`, which holds the `names` and `content` indexes and a
marker written last. A rebuild fills a new generation and swaps the link with `os.replace`, so readers
always see a complete index, old or new. The index stores a pickled schema: only this service may write here.
"""

import contextlib
import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from whoosh import index

from dpia.search.schema import SCHEMA_VERSION, content_schema, names_schema

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
                index.open_dir(str(folder / "names")),
                index.open_dir(str(folder / "content")),
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
            index.create_in(str(folder / "names"), names_schema()),
            index.create_in(str(folder / "content"), content_schema()),
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

        An OS file lock, so a process killed while holding it releases it at once.
        """
        self.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        message = f"the search index is locked by another process ({self.lock_path})"
                        raise LockTimeout(message) from None
                    time.sleep(0.005)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def is_locked(self) -> bool:
        """Whether some indexer or rebuild holds the lock now."""
        try:
            with self.lock(timeout=0):
                return False
        except LockTimeout:
            return True
