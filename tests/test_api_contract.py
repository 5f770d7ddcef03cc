"""Schemathesis against a live server: every operation, no server error, no response outside the contract."""

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from waitress.server import create_server

from dpia import create_app, demo
from dpia.actor import command_line
from dpia.services.accounts import tokens
from dpia.services.accounts import users as accounts
from dpia.store.db import connect
from tests.conftest import TEST_CONFIG

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"

# About a minute and a half: CI runs it with everything else; skip it while working with -m "not contract".
pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def live_api(tmp_path_factory):
    """A served instance with the demo register and a token holding every role."""
    folder = tmp_path_factory.mktemp("contract")
    app = create_app({**TEST_CONFIG, "INSTANCE_PATH": str(folder), "API_RATE_LIMIT": 100_000})
    db = connect(app.config["DATABASE"])
    try:
        actor = command_line("contract test")
        demo.load_systems(db, actor)
        demo.load_assessments(db, actor)
        roles = ["admin", "editor", "approver", "foi_officer", "reader"]
        policy = accounts.Policy()
        user_id = accounts.create_user(
            db, actor, "everyone@example.org", roles, "correct horse battery staple", policy
        )
        _, token = tokens.create(db, actor, user_id, "contract")
    finally:
        db.close()
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{server.effective_port}", token, folder
    server.close()
    app.extensions["dpia.search"].close()


def test_every_operation_keeps_to_the_contract(live_api, tmp_path):
    base, token, _ = live_api
    import urllib.request

    request = urllib.request.Request(
        f"{base}/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 (loopback)
        document = json.load(response)
    schema = tmp_path / "openapi.json"
    schema.write_text(json.dumps(document))
    command = [
        str(SCHEMATHESIS),
        "run",
        str(schema),
        "--url",
        f"{base}/api/v1",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--max-examples",
        "15",
        "--seed",
        "20261125",
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--no-color",
        "--max-time",
        "90",
        "--phases",
        "examples,coverage,fuzzing",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    operations = len([op for item in document["paths"].values() for op in item])
    assert result.returncode == 0, result.stdout[-12000:] + result.stderr[-2000:]
    # Every declared operation was exercised, not skipped.
    assert (
        f"Selected: {operations}/{operations}" in result.stdout and f"Tested: {operations}" in result.stdout
    )
