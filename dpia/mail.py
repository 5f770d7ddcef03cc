"""Sending plain-text email through the SMTP server the instance's settings name (standard library only)."""

import contextlib
import smtplib
import ssl
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


class MailError(Exception):
    """The mail server could not be reached, or refused a message: say which and why."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send mail, from SMTP_* and MAIL_FROM in instance/config.py."""

    host: str
    port: int
    username: str
    password: str
    starttls: bool
    sender: str
    timeout: float


def missing_settings(config: Mapping) -> list[str]:
    """What instance/config.py lacks before mail can be sent, each with what to set."""
    missing = []
    if not str(config.get("SMTP_HOST") or "").strip():
        missing.append("SMTP_HOST: the mail server's name, such as 'smtp.example.police.uk'")
    if not str(config.get("MAIL_FROM") or "").strip():
        missing.append("MAIL_FROM: the address reminders come from, such as 'dpia@example.police.uk'")
    port = config.get("SMTP_PORT")
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        missing.append("SMTP_PORT: a port number from 1 to 65535, such as 587")
    if bool(config.get("SMTP_USERNAME")) != bool(config.get("SMTP_PASSWORD")):
        missing.append("SMTP_USERNAME and SMTP_PASSWORD: set both to sign in to the mail server, or neither")
    return missing


def settings_from(config: Mapping) -> SmtpSettings:
    """The settings of a configuration that `missing_settings` found complete."""
    return SmtpSettings(
        host=str(config["SMTP_HOST"]).strip(),
        port=int(config["SMTP_PORT"]),
        username=str(config.get("SMTP_USERNAME") or ""),
        password=str(config.get("SMTP_PASSWORD") or ""),
        starttls=bool(config.get("SMTP_STARTTLS")),
        sender=str(config["MAIL_FROM"]).strip(),
        timeout=float(config.get("SMTP_TIMEOUT") or 30),
    )


def compose(sender: str, to: tuple[str, ...], subject: str, body: str) -> EmailMessage:
    """A plain-text message ready to send."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body)
    return message


class Outbox:
    """An open connection to the mail server."""

    def __init__(self, smtp: smtplib.SMTP, settings: SmtpSettings) -> None:
        self._smtp = smtp
        self._settings = settings

    def send(self, to: tuple[str, ...], subject: str, body: str) -> None:
        """Send one message; MailError if the server refuses it or any recipient."""
        message = compose(self._settings.sender, to, subject, body)
        try:
            refused = self._smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            raise MailError(f"The mail server refused the message ‘{subject}’: {error}") from None
        if refused:
            raise MailError(f"The mail server refused {', '.join(sorted(refused))} for ‘{subject}’")


@contextlib.contextmanager
def connected(settings: SmtpSettings) -> Iterator[Outbox]:
    """Connect (with STARTTLS and sign-in if set) for the length of the block; MailError if it cannot."""
    where = f"{settings.host}:{settings.port}"
    try:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"Could not connect to the mail server at {where}: {error}") from None
    try:
        try:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password)
        except smtplib.SMTPNotSupportedError:
            raise MailError(
                f"The mail server at {where} does not offer STARTTLS: set SMTP_STARTTLS = False only if"
                " the connection is otherwise protected"
            ) from None
        except smtplib.SMTPAuthenticationError as error:
            raise MailError(
                f"The mail server at {where} refused SMTP_USERNAME and SMTP_PASSWORD: {error}"
            ) from None
        except (smtplib.SMTPException, OSError) as error:
            raise MailError(f"Could not start a session with the mail server at {where}: {error}") from None
        yield Outbox(smtp, settings)
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.quit()
