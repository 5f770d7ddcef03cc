"""Configuration: defaults, then instance/config.py, then what tests pass in."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "SERVICE_NAME": "Impact assessment register",
    # Idle sessions end after this long without a request.
    "SESSION_IDLE_MINUTES": 30,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "dpia_session",
    # Sign-in throttling: after SLOW_AFTER failures each further try must wait longer;
    # after LOCK_AFTER the account (or address) is locked for LOCK_MINUTES.
    "SIGN_IN_SLOW_AFTER": 3,
    "SIGN_IN_LOCK_AFTER": 10,
    "SIGN_IN_ADDRESS_LOCK_AFTER": 30,
    "SIGN_IN_LOCK_MINUTES": 15,
    "PASSWORD_MIN_LENGTH": 12,
    "WTF_CSRF_TIME_LIMIT": None,
    # API calls allowed per token in any 60 seconds (counted per server process).
    "API_RATE_LIMIT": 120,
    # Largest evidence attachment or imported file; requests may be 1 MB larger for the form around it.
    "ATTACHMENT_MAX_MB": 25,
    # "thread": each web process keeps the search index current in a background thread;
    # "off": it only reads, and `dpia indexer` (one process) keeps the index current.
    "SEARCH_INDEXER": "thread",
    # Seconds an indexer waits for the index lock, and between looks at the queue for other processes' saves.
    "SEARCH_LOCK_TIMEOUT": 10.0,
    "SEARCH_POLL_SECONDS": 0.25,
    # Processes a full rebuild (`dpia reindex`) analyses documents in, at most one per core.
    "SEARCH_REBUILD_PROCESSES": 2,
}


def max_content_length(attachment_max_mb: int) -> int:
    """Flask's request limit, kept just above the attachment limit so a too-large upload gets a clear 413."""
    return (int(attachment_max_mb) + 1) * 1024 * 1024


def instance_path() -> Path:
    """The instance folder: $DPIA_INSTANCE, or instance/ beside the package."""
    configured = os.environ.get("DPIA_INSTANCE")
    return Path(configured).resolve() if configured else REPO / "instance"


def ensure_instance_config(folder: Path) -> Path:
    """Create instance/config.py with a fresh SECRET_KEY the first time the app starts."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.py"
    if not config.exists():
        # O_EXCL: two processes starting together must not write two different keys.
        try:
            fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return config
        with os.fdopen(fd, "w") as handle:
            handle.write(
                "# Local settings for this dpia instance. Keep this file private.\n"
                f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
            )
    return config


def session_lifetime(minutes: int) -> timedelta:
    """Cookie lifetime matching the idle timeout."""
    return timedelta(minutes=minutes)
