"""API rate limits are counted in the database, so every server process shares one limit per token."""

import pytest

from dpia import create_app
from dpia.actor import command_line
from dpia.services.accounts import rate_limits, tokens
from tests.conftest import TEST_CONFIG, clear_of_minute_boundary

MINUTE = 1_800_000_000 // 60 * 60  # the start of a minute of the clock


def test_calls_over_the_limit_wait_until_the_next_minute(db):
    results = [rate_limits.retry_after(db, "token:abc", 3, at=MINUTE + 10) for _ in range(4)]
    assert results == [0, 0, 0, 50]
    assert rate_limits.retry_after(db, "token:abc", 3, at=MINUTE + 59.5) == 1
    assert rate_limits.retry_after(db, "token:abc", 3, at=MINUTE + 60) == 0
    assert rate_limits.retry_after(db, "token:other", 3, at=MINUTE + 10) == 0


def test_refused_calls_are_not_counted_and_old_minutes_are_pruned(db):
    for _ in range(5):
        rate_limits.retry_after(db, "token:abc", 2, at=MINUTE + 1)
    assert rate_limits.calls_this_minute(db, "token:abc", at=MINUTE + 1) == 2
    rate_limits.retry_after(db, "token:abc", 2, at=MINUTE + 61)
    assert db.execute("SELECT minute, calls FROM rate_limits").fetchall() == [(MINUTE // 60 + 1, 1)]


def test_only_a_hash_of_the_token_is_stored(db):
    rate_limits.retry_after(db, "token:dpia_secret-token-value", 5)
    (stored,) = db.execute("SELECT key_hash FROM rate_limits").fetchone()
    assert "secret" not in stored and len(stored) == 64


@pytest.fixture
def twin(app, instance):
    """A second app on the same instance folder: another server process, as far as the limit goes."""
    other = create_app({**TEST_CONFIG, "INSTANCE_PATH": str(instance)})
    yield other
    other.extensions["dpia.search"].close()


def test_two_processes_share_one_limit_per_token(app, twin, db, make_user):
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [make_user("reader")]).fetchone()[0]
    token = tokens.create(db, command_line(), user_id, "tests")[1]
    for each in (app, twin):
        each.config["API_RATE_LIMIT"] = 3
    headers = {"Authorization": f"Bearer {token}"}
    first, second = app.test_client(), twin.test_client()
    clear_of_minute_boundary()
    statuses = [c.get("/api/v1/systems", headers=headers).status_code for c in (first, second, first, second)]
    assert statuses == [200, 200, 200, 429]
    refused = first.get("/api/v1/systems", headers=headers)
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
