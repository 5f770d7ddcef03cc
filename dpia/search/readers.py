"""One shared, reference-counted pair of searchers per index, reopened when the index changes.

Each open searcher holds its segments' files, so searchers per thread multiplied open files by threads
(waitress then died with "filedescriptor out of range"). Now every request leases the one current pair;
after a commit the next lease opens a new pair, and the old one is closed when its last lease ends.
Whoosh's readers seek and read shared file objects, so one lease at a time: searching is pure Python
under the GIL, so taking turns costs little. Segments are compound files (see writing.COMPOUND), one open
file each.
"""

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.searching import Searcher

from dpia.search.home import IndexHome, IndexUnavailable


@dataclass(eq=False)
class Pair:
    """The searchers of one state of the index, shared by every lease of it."""

    generation: str
    names: Searcher
    content: Searcher
    users: int = 0
    retired: bool = False
    closed: bool = False

    def close(self) -> None:
        """Close both searchers (releasing their files); closing a deleted generation's may fail."""
        self.closed = True
        for searcher in (self.names, self.content):
            with contextlib.suppress(Exception):
                searcher.close()


class Searchers:
    """The shared searchers of an index home."""

    def __init__(self, home: IndexHome):
        self.home = home
        self._current: Pair | None = None
        self._guard = threading.Lock()
        self._turn = threading.Lock()
        # Every pair not yet closed: the current one and retired ones still leased.
        self._live: set[Pair] = set()

    @contextlib.contextmanager
    def lease(self) -> Iterator[Pair]:
        """The current searchers for one search; IndexUnavailable if the index cannot be read."""
        # Turns are taken before choosing the pair, so a waiting search never keeps an old pair open.
        with self._turn:
            pair = self._acquire()
            try:
                yield pair
            finally:
                self._release(pair)

    def _acquire(self) -> Pair:
        with self._guard:
            pair = self._current
            if pair is None or not self._fresh(pair):
                if pair is not None:
                    self._retire(pair)
                pair = self._current = self._open()
            pair.users += 1
            return pair

    def _release(self, pair: Pair) -> None:
        with self._guard:
            pair.users -= 1
            if pair.retired and pair.users == 0 and not pair.closed:
                self._close(pair)

    def _fresh(self, pair: Pair) -> bool:
        # Not Searcher.refresh(): whoosh-reloaded 2.7.5 reuses a segment's old reader when only its
        # deletions changed, so deleted or replaced documents would linger. A new pair is always right.
        try:
            return (
                pair.generation == self.home.generation()
                and pair.names.up_to_date()
                and pair.content.up_to_date()
            )
        except Exception:  # The generation went away under us: open the new one.
            return False

    def _open(self) -> Pair:
        indexes = self.home.open()
        try:
            names = indexes.names.searcher()
        except Exception as error:
            self.home.forget()
            raise IndexUnavailable(f"the search index cannot be read: {error!r}") from error
        try:
            content = indexes.content.searcher()
        except Exception as error:
            names.close()
            self.home.forget()
            raise IndexUnavailable(f"the search index cannot be read: {error!r}") from error
        pair = Pair(indexes.generation, names, content)
        self._live.add(pair)
        return pair

    def _retire(self, pair: Pair) -> None:
        # Called with the guard held: the pair closes now if unused, else when its last lease ends.
        pair.retired = True
        if self._current is pair:
            self._current = None
        if pair.users == 0 and not pair.closed:
            self._close(pair)

    def _close(self, pair: Pair) -> None:
        self._live.discard(pair)
        pair.close()

    def open_pairs(self) -> int:
        """How many pairs are open now: the current one and any retired ones still leased."""
        with self._guard:
            return len(self._live)

    def close(self) -> None:
        """Retire the current searchers (after a failure, or when the app stops); leases end normally."""
        with self._guard:
            if self._current is not None:
                self._retire(self._current)

    close_all = close
