"""Demo publications: every demo system the rules let an approver publish, so the public pages show them.

Systems refused (an OFFICIAL-SENSITIVE one, a DPIA still in draft, nothing approved) stay unpublished, as
they would for a force; running it again publishes nothing new.
"""

from dpia.actor import Actor
from dpia.domain.publications import CHOSEN
from dpia.errors import Invalid
from dpia.services.accounts import settings
from dpia.services.publications import publishing
from dpia.services.publications.publishing import Choice
from dpia.store import publications as publication_store
from dpia.store.db import Database

# Where the quick start serves the demo: responses citing section 21 need the public pages' address.
ADDRESS = "http://127.0.0.1:5000/transparency/"
SUMMARY = "First public record: the register entry and the disclosure copies of the approved assessments."


def load(db: Database, actor: Actor) -> list[str]:
    """Publish each demo system not yet published that may be; return the names published."""
    if not settings.value(db, "public_address"):
        settings.update(db, actor, {"public_address": ADDRESS})
    published = []
    for system_id, name in db.execute("SELECT id, name FROM systems ORDER BY name").fetchall():
        if publication_store.history(db, system_id):
            continue
        try:
            publishing.publish(db, actor, system_id, Choice(fields=CHOSEN, summary=SUMMARY))
        except Invalid:
            continue  # refused for a reason a force would meet too; shown on the system's page
        published.append(name)
    return published
