"""Fixtures: a real instance folder per test, with a real SQLite file and real accounts."""

import copy
import re
import time

import pytest

from dpia import create_app
from dpia.actor import Actor, command_line
from dpia.kinds.model import DECISION_COLUMNS
from dpia.services import systems
from dpia.services.accounts import users as accounts
from dpia.services.assessments import versions as assessments
from dpia.store.db import connect

PASSWORD = "correct horse battery staple"
TEST_CONFIG = {
    "TESTING": True,
    # Fast, predictable throttling for tests.
    "SIGN_IN_SLOW_AFTER": 3,
    "SIGN_IN_LOCK_AFTER": 5,
    "SIGN_IN_ADDRESS_LOCK_AFTER": 50,
    # No background indexer unless a test asks for one (tests/search/ does).
    "SEARCH_INDEXER": "off",
}


@pytest.fixture
def instance(tmp_path):
    """An empty instance folder."""
    folder = tmp_path / "instance"
    folder.mkdir()
    return folder


@pytest.fixture
def app(instance):
    """The app on a fresh instance, migrations applied; its search index closed afterwards."""
    made = create_app({**TEST_CONFIG, "INSTANCE_PATH": str(instance)})
    yield made
    made.extensions["dpia.search"].close()


@pytest.fixture
def db(app):
    """A connection to the app's database file."""
    handle = connect(app.config["DATABASE"])
    yield handle
    handle.close()


@pytest.fixture
def runner(app):
    """The CLI runner bound to the app."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(db):
    """Create an account with the given roles; returns its email."""
    counter = iter(range(1, 10_000))

    def make(*roles: str, email: str | None = None, password: str = PASSWORD) -> str:
        email = email or f"{'-'.join(roles) or 'user'}{next(counter)}@example.org"
        accounts.create_user(db, command_line(), email, list(roles), password, accounts.Policy())
        return email

    return make


def clear_of_minute_boundary() -> None:
    """Wait until a few quick API calls cannot straddle two rate-limit windows (minutes of the clock)."""
    if time.time() % 60 > 55:
        time.sleep(60 - time.time() % 60 + 0.1)


def csrf_from(html: str) -> str:
    """The CSRF token in a rendered form."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


class Browser:
    """A test client that signs in and submits forms with their CSRF token, like a person would."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url, data=None, *, form_url=None, **kwargs):
        page = self.client.get(form_url or url)
        token = csrf_from(page.get_data(as_text=True))
        return self.client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)

    def sign_in(self, email, password=PASSWORD):
        return self.post("/sign-in", {"email": email, "password": password})


@pytest.fixture
def visitor(app):
    """A signed-out client that handles CSRF tokens."""
    return Browser(app.test_client())


@pytest.fixture
def signed_in(app, make_user):
    """A client signed in with the given roles: signed_in("editor")."""

    def sign_in(*roles: str) -> Browser:
        client = Browser(app.test_client())
        response = client.sign_in(make_user(*roles))
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in


# Actors for service-level tests: the roles a use case sees, without a web session.
EDITOR = Actor(
    email="editor@example.org", roles=frozenset({"editor"}), address="127.0.0.1", can_see_sensitive=True
)
APPROVER = Actor(
    email="approver@example.org", roles=frozenset({"approver"}), address="127.0.0.1", can_see_sensitive=True
)
READER = Actor(email="reader@example.org", roles=frozenset({"reader"}), address="127.0.0.1")

# Answers that let a DPIA be submitted for review, and sign-offs that let it be approved.
DPIA_ANSWERS = {
    "regime": "dpa_s64",
    "aims": "Forecast reoffending risk of people in custody.",
    "nature": "Custody records scored nightly.",
    "scope": "Criminal offence data about 20,000 people a year.",
    "purposes": "Target diversion at those most likely to benefit.",
    "lawful_basis": "DPA 2018 s35(2)(b).",
    "necessity": "No less intrusive way gives consistent triage.",
    # DPA 2018 Part 3 questions, asked because the regime is s64.
    "data_subject_categories": "Suspects and convicted people only; victims and witnesses are excluded.",
    "facts_and_assessments": "Scores are labelled as assessments wherever they are shown.",
    "sensitive_processing": "no",
    "automated_decisions": "No: a custody officer reviews every score before acting on it.",
    "logging": "Every consultation and disclosure is logged with user, time and reason.",
    "security_measures": "Role-based access on the force network; encrypted at rest.",
}
SIGNOFFS = {
    key: {"name": "Jo Bloggs", "position": "DPO", "date": "2024-05-01", "decision": decision}
    for key, decision in (
        ("measures_approved", "approved"),
        ("residual_risks_approved", "approved"),
        ("dpo_advice", "provided"),
        ("dpo_advice_outcome", "accepted"),
    )
}


@pytest.fixture
def make_system(db):
    """Add a system to the register: make_system(name="HART", category="individual_risk") -> id."""

    def make(name="HART", category="individual_risk", marking="OFFICIAL", regime="dpa_part3"):
        data = {
            "name": name,
            "category": category,
            "lifecycle": "in_use",
            "regime": regime,
            "marking": marking,
        }
        return systems.create(db, command_line(), data)

    return make


@pytest.fixture
def make_assessment(db, make_system):
    """Start an assessment as an editor: make_assessment(kind="dpia", answers={...}) -> assessment id."""

    counter = iter(range(1, 10_000))

    def make(kind="dpia", system_id=None, answers=None, **details):
        system_id = system_id or make_system(name=f"System {next(counter)}")
        data = {"kind": kind, "title": f"A {kind}", **details}
        assessment_id = assessments.start(db, EDITOR, system_id, data)
        if answers:
            write_answers(db, assessment_id, 1, answers)
        return assessment_id

    return make


def write_answers(db, assessment_id, number, answers):
    """Write a draft's answers as a force would: editors propose who signs, an approver records decisions."""
    kind = assessments.definition(assessments.load(db, EDITOR, assessment_id, number))
    drafted, decisions = split_decisions(kind, answers)
    revision = revision_of(db, assessment_id, number)
    revision = assessments.update_answers(db, EDITOR, assessment_id, number, drafted, revision)
    if decisions:
        revision = assessments.update_section(
            db, APPROVER, assessment_id, number, "signoff", decisions, revision
        )
    return revision


def split_decisions(kind, answers):
    """Answers without the sign-off decisions kept for approvers, and those sign-offs in full."""
    drafted = copy.deepcopy(answers)
    decisions = {}
    for section in kind.sections:
        for question in section.questions:
            if not question.signoffs or question.key not in answers:
                continue
            for signoff in question.signoffs:
                row = drafted[question.key].get(signoff.key) or {}
                if signoff.decided_by != "sign_off" and any(row.get(c) for c in DECISION_COLUMNS):
                    decisions[question.key] = answers[question.key]
                    for column in DECISION_COLUMNS:
                        row.pop(column, None)
    signoff_keys = {q.key for s in kind.sections if s.key == "signoff" for q in s.questions}
    if decisions:
        decisions = {key: answers[key] for key in signoff_keys if key in answers}
    return drafted, decisions


def revision_of(db, assessment_id, number=1):
    """The current revision of a version, as a form would carry it."""
    return assessments.load(db, command_line(), assessment_id, number)["revision"]


# Exports, withholding and FOI requests

FOI = Actor(
    email="foi@example.org", roles=frozenset({"foi_officer"}), address="127.0.0.1", can_see_sensitive=True
)


def approve(db, assessment_id, number=1, conducted="2024-02", approved="2024-03-04"):
    """Submit and approve a version as an editor and an approver would."""
    from dpia.services.assessments import workflow

    workflow.transition(
        db, EDITOR, assessment_id, number, "submit", {}, revision_of(db, assessment_id, number)
    )
    data = {"conducted": conducted, "approved": approved}
    workflow.transition(
        db, APPROVER, assessment_id, number, "approve", data, revision_of(db, assessment_id, number)
    )


@pytest.fixture
def make_approved(make_assessment, db):
    """An approved assessment whose every question is answered: make_approved("eqia") -> assessment id."""
    from dpia import kinds
    from dpia.domain.samples import sample_answers

    def make(kind="dpia", system_id=None, answers=None, rows=3, **details):
        filled = answers if answers is not None else sample_answers(kinds.latest(kind), rows=rows)
        assessment_id = make_assessment(kind, system_id=system_id, answers=filled, **details)
        approve(db, assessment_id)
        return assessment_id

    return make


@pytest.fixture
def make_request(db):
    """Record an FOI request as an FOI officer: make_request([system_id], reference="855A/22") -> id."""
    from dpia.services.disclosure import requests as foi

    # Received today by default: packs answer as at the day received, and tests build the register today.
    def make(system_ids=(), reference="855A/22", received=None, **values):
        year, month, day = (received or assessments.today().isoformat()).split("-")
        data = {
            "reference": reference,
            "subject": "Predictive policing",
            "received": {"day": day, "month": month, "year": year},
            "systems": [str(s) for s in system_ids],
            **values,
        }
        return foi.create(db, FOI, data)

    return make
