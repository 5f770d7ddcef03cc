"""Who is acting, and from where: passed to every use case by the caller."""

from dataclasses import dataclass, field

from dpia.permissions import allows
from dpia.vocab import ROLE_NAMES, SENSITIVE


@dataclass(frozen=True)
class Actor:
    """A signed-in user, or the command line, as seen by use cases."""

    email: str
    roles: frozenset[str] = field(default_factory=frozenset)
    address: str = ""
    user_id: int | None = None
    can_see_sensitive: bool = False

    def may(self, permission: str) -> bool:
        """Whether the actor's roles hold `permission` (declared in dpia/permissions.py)."""
        return allows(permission, self.roles)

    def sees(self, *markings: str | None) -> bool:
        """Whether the actor may see something carrying these markings (its own and its system's).

        The one marking rule: OFFICIAL-SENSITIVE is for the roles the settings name, hidden from the rest.
        """
        return self.can_see_sensitive or SENSITIVE not in markings


def command_line(email: str = "command line") -> Actor:
    """The operator at the server's shell: trusted with everything."""
    return Actor(email=email, roles=frozenset(ROLE_NAMES), address="cli", can_see_sensitive=True)
