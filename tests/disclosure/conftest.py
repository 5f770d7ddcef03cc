"""Fixtures shared by the tests of FOI responses."""

import pytest

from dpia.services.accounts import settings
from tests.conftest import Actor

# The letterhead a response letter needs before it can be sent.
LETTERHEAD = {
    "organisation": "Northshire Police",
    "foi_unit": "Freedom of Information Unit",
    "foi_contact": "FOI Unit, Police HQ, 1 High Street, Northtown NT1 1AA. foi@northshire.police.example",
}


@pytest.fixture
def configured(db):
    """The letterhead's settings, so a letter with every reason written is not a draft."""
    admin = Actor(email="admin@example.org", roles=frozenset({"admin"}), address="127.0.0.1")
    settings.update(db, admin, LETTERHEAD)
