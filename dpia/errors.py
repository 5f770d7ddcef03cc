"""Failures a use case reports to its caller, each fit to show a person."""

from dataclasses import dataclass, field


class ServiceError(Exception):
    """Base of every expected failure of a use case."""


@dataclass
class Invalid(ServiceError):
    """Input was refused; `errors` maps each field to its message."""

    errors: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.errors.items())


class NotFound(ServiceError):
    """The thing asked for does not exist, or the actor may not know it exists."""


class Forbidden(ServiceError):
    """The actor's roles do not allow this, whatever the state of the thing."""


class NotNow(Forbidden):
    """The actor's roles allow this, but not in the thing's present state; the message says why and when.

    A kind of Forbidden, so a caller that only needs "refused" catches both; pages tell them apart.
    """


@dataclass
class Conflict(ServiceError):
    """Someone else saved first; `changes` says what they changed."""

    message: str
    changes: list[dict] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


class Refused(ServiceError):
    """An uploaded file was refused before anything was stored; the message says why, for a person."""
