"""Several web processes on Linux: gunicorn's workers, each with an app of its own, and one search indexer.

Nothing opened in the master is used after a fork: each worker builds its app (and so its database
connections and search readers) after it is forked, and the indexer opens its own index and connection.
Workers never index (SEARCH_INDEXER "off"); the one indexer beside them applies every process's saves.
"""

import ctypes
import importlib
import os
import signal
import sys
import time
import traceback

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

# An indexer that dies at once is restarted no more often than this, so a broken instance cannot spin.
RESTART_DELAY = 2.0
PR_SET_PDEATHSIG = 1


def unavailable() -> str | None:
    """Why gunicorn cannot serve on this machine, or None if it can."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return "Several workers need Linux (gunicorn forks its workers)"
    return None


def serve(app: Flask, host: str, port: int, workers: int, threads: int) -> None:
    """Serve `app`'s configuration with gunicorn: `workers` processes of `threads` threads, until stopped."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": [bind],
        "workers": workers,
        # Threads, as waitress has: keep-alive connections, and a slow page does not hold up its process.
        "worker_class": "gthread",
        "threads": threads,
        "proc_name": "dpia",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "graceful_timeout": 10,
        # The app's own TRUSTED_PROXIES decides whose X-Forwarded-* headers to believe.
        "forwarded_allow_ips": "",
        "control_socket_disable": True,
    }
    _Application(app, options).run()


class _Application(BaseApplication):
    """gunicorn's application: its settings, and a fresh dpia app built in each worker after the fork."""

    def __init__(self, app: Flask, options: dict) -> None:
        self.flask_config, self.instance_path, self.options = dict(app.config), app.instance_path, options
        self.import_name = app.import_name
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        # The master's app module builds the worker's app; named, not imported, as dpia.app imports the CLI.
        create_app = importlib.import_module(self.import_name).create_app
        return create_app({**self.flask_config, "INSTANCE_PATH": self.instance_path, "SEARCH_INDEXER": "off"})

    def run(self) -> None:
        try:
            _Arbiter(self).run()
        except RuntimeError as error:
            print(f"\nError: {error}\n", file=sys.stderr)
            sys.exit(1)


class _Arbiter(Arbiter):
    """gunicorn's master, also keeping the one search indexer process running beside the workers."""

    def __init__(self, app: _Application) -> None:
        # An instance set to SEARCH_INDEXER "off" runs its own `dpia indexer`: a second one would only wait.
        wanted = app.flask_config["SEARCH_INDEXER"] != "off"
        self.indexer = _Indexer(app.flask_config) if wanted else None
        super().__init__(app)

    def manage_workers(self) -> None:
        super().manage_workers()
        if self.indexer:
            self.indexer.keep_running(self.log, self.LISTENERS)

    def handle_chld(self) -> None:
        if self.indexer:
            self.indexer.reap(self.log)
        super().handle_chld()

    # gunicorn dispatches SIGCHLD by either of its names (SIGCLD is an alias on Linux).
    handle_cld = handle_chld

    def stop(self, graceful: bool = True) -> None:
        # Workers first, so the indexer still applies the saves of their last requests.
        super().stop(graceful)
        if self.indexer:
            self.indexer.stop(self.log, self.cfg.graceful_timeout)


class _Indexer:
    """The search indexer process: forked by the master, restarted if it dies, stopped with the server."""

    def __init__(self, config: dict) -> None:
        self.config = config
        self.pid = 0
        self.started = 0.0
        self.stopping = False

    def keep_running(self, log, listeners: list) -> None:
        """Start the indexer if it is not running (and has not just been started)."""
        if self.pid or self.stopping or time.monotonic() - self.started < RESTART_DELAY:
            return
        self.started = time.monotonic()
        master = os.getpid()
        pid = os.fork()
        if pid:
            self.pid = pid
            log.info("Started the search indexer (pid: %s)", pid)
            return
        os._exit(_run_indexer(self.config, listeners, master))

    def reap(self, log) -> None:
        """Notice an indexer that stopped, so the next look restarts it."""
        if not self.pid:
            return
        try:
            done, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            done, status = self.pid, 0  # The master's own reaping collected it first.
        if done:
            if not self.stopping:
                log.warning("The search indexer (pid: %s) stopped (status %s); restarting it", done, status)
            self.pid = 0

    def stop(self, log, timeout: float) -> None:
        """Ask the indexer to finish its batch and stop; kill it if it has not within `timeout` seconds."""
        self.stopping = True
        if not self.pid:
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while self.pid and time.monotonic() < deadline:
            self.reap(log)
            time.sleep(0.05)
        if self.pid:
            log.warning("The search indexer (pid: %s) did not stop in time; killing it", self.pid)
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0


def _run_indexer(config: dict, listeners: list, master: int) -> int:
    """The indexer process's life: its own index and connection, until SIGTERM or the master's death."""
    try:
        for listener in listeners:
            listener.close()  # Only the master and the workers answer the port.
        for number in Arbiter.SIGNALS + [signal.SIGCHLD]:
            signal.signal(number, signal.SIG_DFL)
        _die_with(master)
        from dpia.services.search import indexing

        index = indexing.open_index(
            database=config["DATABASE"],
            folder=config["INDEX_DIR"],
            mode="thread",
            lock_timeout=config["SEARCH_LOCK_TIMEOUT"],
            poll=config["SEARCH_POLL_SECONDS"],
            rebuild_procs=config["SEARCH_REBUILD_PROCESSES"],
        )
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
            signal.signal(number, lambda *_: index.stop(timeout=0))
        if os.getppid() != master:
            return 0  # The master died before we could ask to be told.
        index.run()
        index.close()
        return 0
    except BaseException:
        traceback.print_exc()
        return 1
    finally:
        sys.stderr.flush()


def _die_with(master: int) -> None:
    """Have the kernel send SIGTERM when the master dies, so an indexer is never left behind."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # Not Linux's C library: the master's normal stop still ends the indexer.
