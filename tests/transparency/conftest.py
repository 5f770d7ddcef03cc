"""Fixtures for the public transparency pages: a register with published, withdrawn and unpublished things."""

import pytest

from dpia.actor import command_line
from dpia.services import systems
from dpia.store import publications
from dpia.store.db import transaction

# The browser tests' fixtures (Debian's Chromium, axe on every page, the live server), shared with this room.
from tests.browser.conftest import (  # noqa: F401
    base_url,
    browser_type_launch_args,
    live_app,
    live_instance,
    page,
    screenshot,
)
from tests.transparency.published import WITHHELD, make_request, publish_response, publish_system


def publish_register(db, tag: str = "") -> dict:
    """Two live systems (one in its second version), a withdrawn one, an unpublished one, two responses.

    `tag` ends every name, so the browser tests' shared register can hold these beside others'."""
    hart_id, _, hart = publish_system(
        db, f"HART{tag}", body="First version text, since replaced.", published_at="2025-11-20T10:00:00Z"
    )
    publish_system(
        db,
        f"HART{tag}",
        system_id=hart_id,
        summary="Monitoring figures for 2021 added.",
        published_at="2026-03-04T10:00:00Z",
    )
    _, _, frt = publish_system(db, f"Retrospective facial recognition{tag}", "biometric", with_atrs=False)
    _, withdrawn_id, withdrawn = publish_system(db, f"Gang matrix{tag}")
    with transaction(db):
        publications.withdraw(db, withdrawn_id, "approver@example.org", "2026-03-05T10:00:00Z", "Retired.")
    hidden = {"name": WITHHELD + tag, "category": "other", "lifecycle": "in_use", "regime": "dpa_part3"}
    systems.create(db, command_line(), hidden)
    request_id = make_request(db, f"855A/22{tag}")
    live = publish_response(db, request_id, f"855A/22{tag}", "Use of HART in custody")
    gone = publish_response(db, request_id, f"901/23{tag}", "Withdrawn response subject")
    with transaction(db):
        publications.withdraw_response(db, gone, "foi@example.org", "2026-03-05T10:00:00Z", "Sent in error.")
    return {"hart": hart, "frt": frt, "withdrawn": withdrawn, "response": live, "gone_response": gone}


@pytest.fixture
def published(db):
    """The register above in the test app's database."""
    return publish_register(db)
