"""Fixtures for the public transparency pages: a register with published, withdrawn and unpublished things."""

import pytest

from dpia.actor import command_line
from dpia.services import systems
from dpia.store import publications
from dpia.store.db import transaction
from tests.transparency.published import WITHHELD, make_request, publish_response, publish_system


def publish_register(db) -> dict:
    """Two live systems (one in its second version), a withdrawn one, an unpublished one, two responses."""
    hart_id, _, hart = publish_system(
        db, "HART", body="First version text, since replaced.", published_at="2025-11-20T10:00:00Z"
    )
    publish_system(
        db,
        "HART",
        system_id=hart_id,
        summary="Monitoring figures for 2021 added.",
        published_at="2026-03-04T10:00:00Z",
    )
    _, _, frt = publish_system(db, "Retrospective facial recognition", "biometric", with_atrs=False)
    _, withdrawn_id, withdrawn = publish_system(db, "Gang matrix")
    with transaction(db):
        publications.withdraw(db, withdrawn_id, "approver@example.org", "2026-03-05T10:00:00Z", "Retired.")
    hidden = {"name": WITHHELD, "category": "other", "lifecycle": "in_use", "regime": "dpa_part3"}
    systems.create(db, command_line(), hidden)
    request_id = make_request(db)
    live = publish_response(db, request_id, "855A/22", "Use of HART in custody")
    gone = publish_response(db, request_id, "901/23", "Withdrawn response subject")
    with transaction(db):
        publications.withdraw_response(db, gone, "foi@example.org", "2026-03-05T10:00:00Z", "Sent in error.")
    return {"hart": hart, "frt": frt, "withdrawn": withdrawn, "response": live, "gone_response": gone}


@pytest.fixture
def published(db):
    """The register above in the test app's database."""
    return publish_register(db)
