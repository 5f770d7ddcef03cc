"""Who is acting, and from where: passed to every use case by the caller."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    """A signed-in user, or the command line, as seen by use cases."""

    email: str
    roles: frozenset[str] = field(default_factory=frozenset)
    address: str = ""
    user_id: int | None = None
    can_see_sensitive: bool = False

    def has(self, *roles: str) -> bool:
        """True if the actor holds any of `roles`."""
        return bool(self.roles.intersection(roles))


def command_line(email: str = "command line") -> Actor:
    """The operator at the server's shell: trusted with everything."""
    from dpia.vocab import ROLE_NAMES

    return Actor(email=email, roles=frozenset(ROLE_NAMES), address="cli", can_see_sensitive=True)
