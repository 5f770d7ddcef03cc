"""Fixtures shared by the search tests."""

import pytest


@pytest.fixture
def index(app):
    """The app's search index; tests drain the outbox with the real indexer code, in this thread."""
    found = app.extensions["dpia.search"]
    yield found
    found.stop()
    found.searchers.close()
