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
    # Failed sign-ins from one address to one account before that address is locked out of it.
    "SIGN_IN_PAIR_LOCK_AFTER": 5,
    # Distinct real accounts an address must have failed on before the address lock can apply to it.
    "SIGN_IN_ADDRESS_ACCOUNTS": 3,
    # A session ends this long after sign-in, however active.
    "SESSION_ABSOLUTE_HOURS": 12,
    # Audit rows a single address may cause by failing (bad tokens, failed sign-ins) in a minute.
    "AUDIT_ANONYMOUS_PER_MINUTE": 10,
    # Addresses of reverse proxies whose X-Forwarded-For/-Proto/-Host headers are believed.
    "TRUSTED_PROXIES": [],
    "WTF_CSRF_TIME_LIMIT": None,
    # API calls allowed per token in each minute of the clock, counted in the database for every process.
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
    # Review reminders (`dpia remind`): the mail server they go through. No host means no mail is sent.
    "SMTP_HOST": None,
    "SMTP_PORT": 587,
    "SMTP_USERNAME": None,
    "SMTP_PASSWORD": None,
    "SMTP_STARTTLS": True,
    "SMTP_TIMEOUT": 30,
    "MAIL_FROM": None,
    # Email addresses that receive the weekly digest of reviews overdue or due soon.
    "COMPLIANCE_LEADS": [],
    # The register's address as people reach it ("https://dpia.example.police.uk"), for links in emails.
    "BASE_URL": None,
    # LibreOffice for PDF copies: None finds soffice on PATH; a path or command is used; "" turns them off.
    "LIBREOFFICE": None,
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
    # The folder holds the database, the secret key and uploads: only the service's user may enter it.
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened; be exact
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


def create_private_file(path: Path) -> None:
    """Create an empty file only its owner can read (0600) if it does not exist yet (the database)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return


def session_lifetime(minutes: int) -> timedelta:
    """Cookie lifetime matching the idle timeout."""
    return timedelta(minutes=minutes)
