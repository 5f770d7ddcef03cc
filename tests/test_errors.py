"""Domain errors: a role refusal is Forbidden, a state refusal NotNow, and pages show each in one place."""

import ast
from pathlib import Path

import pytest

from dpia.errors import Conflict, Forbidden, Invalid, NotFound, NotNow
from dpia.permissions import PUBLIC
from dpia.services.assessments import workflow
from dpia.web import allow
from tests.conftest import APPROVER, READER, revision_of

VIEWS = Path(__file__).resolve().parent.parent / "dpia" / "views"


def test_a_role_refusal_is_forbidden_and_a_state_refusal_is_not_now(db, make_assessment):
    assessment_id = make_assessment()
    with pytest.raises(Forbidden) as by_role:
        workflow.transition(db, READER, assessment_id, 1, "submit", {}, revision_of(db, assessment_id))
    assert not isinstance(by_role.value, NotNow)
    assert str(by_role.value) == "Only editors can submit for review an assessment"
    with pytest.raises(NotNow) as by_state:
        workflow.transition(db, APPROVER, assessment_id, 1, "approve", {}, revision_of(db, assessment_id))
    assert str(by_state.value) == "This version is draft: you can approve it only when it is in review"


@pytest.mark.parametrize(
    ("error", "status", "shown"),
    [
        (NotFound("No system with that id"), 404, "Page not found"),
        (
            Forbidden("Only FOI officers can make response packs"),
            403,
            "Only FOI officers can make response packs",
        ),
        (NotNow("This version is approved, so it never changes."), 409, "so it never changes"),
        (Conflict("Someone else saved first"), 409, "Someone else saved first"),
        (Invalid({"title": "Enter a title"}), 400, "Enter a title"),
    ],
)
def test_a_domain_error_a_view_lets_through_becomes_a_page_that_says_why(app, error, status, shown):
    @app.get("/raise-for-test")
    @allow(PUBLIC)
    def raising():
        raise error

    response = app.test_client().get("/raise-for-test")
    assert response.status_code == status
    assert shown in response.get_data(as_text=True)


def test_pages_never_catch_not_found_themselves():
    """One handler turns NotFound into a 404 page; views do not repeat `except NotFound: abort(404)`."""
    for path in VIEWS.rglob("*.py"):
        if "api" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught, body = ast.unparse(node.type), ast.unparse(node.body)
                # Catching NotFound to say something else (compare's "no such version") is fine; to 404, not.
                assert not ("NotFound" in caught and body == "abort(404)"), f"{path.name}:{node.lineno}"
