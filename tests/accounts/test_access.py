"""Every route against every role: a route without a rule here, or a rule that drifts, fails."""

import pytest

from dpia.actor import command_line
from dpia.services import systems
from dpia.services.accounts import tokens
from dpia.services.assessments import versions as assessments
from dpia.services.disclosure import requests as foi
from dpia.services.disclosure import withholding
from dpia.services.monitoring import datasets as monitoring
from dpia.vocab import ROLE_NAMES
from tests.transparency.published import publish_response, publish_system

ALL = set(ROLE_NAMES)
PUBLIC = "public"
# endpoint -> roles allowed (PUBLIC: no sign-in needed)
EXPECTED = {
    "main.health": PUBLIC,
    "auth.sign_in": PUBLIC,
    "transparency.index": PUBLIC,
    "transparency.system": PUBLIC,
    "transparency.atrs": PUBLIC,
    "transparency.system_file": PUBLIC,
    "transparency.disclosure_log": PUBLIC,
    "transparency.response": PUBLIC,
    "transparency.response_file": PUBLIC,
    "transparency.disclosure_log_csv": PUBLIC,
    "transparency.feed": PUBLIC,
    "main.home": ALL,
    "auth.sign_out": ALL,
    "auth.change_password": ALL,
    "systems.index": ALL,
    "systems.show": ALL,
    "systems.history": ALL,
    "systems.new": {"editor"},
    "systems.edit": {"editor"},
    "atrs.show": ALL,
    "atrs.section": {"editor", "approver"},
    "atrs.export_xlsx": ALL,
    "atrs.export_json": ALL,
    "publications.publish": {"approver"},
    "publications.history": ALL,
    "publications.file": ALL,
    "publications.withdraw": {"approver"},
    "assessments.start": {"editor"},
    "assessments.current": ALL,
    "assessments.show": ALL,
    "assessments.details": {"editor"},
    "assessments.section": {"editor", "approver"},
    "assessments.history": ALL,
    "assessments.compare": ALL,
    "workflow.submit": {"editor"},
    "workflow.approve": {"approver"},
    "workflow.request_changes": {"approver"},
    "workflow.withdraw": {"editor", "approver"},
    "workflow.new_version": {"editor"},
    "workflow.dashboard": ALL,
    "compliance.index": ALL,
    "compliance.download": ALL,
    "imports.upload": {"editor"},
    "imports.preview": {"editor"},
    "imports.export_json": ALL,
    "imports.dismiss": {"editor"},
    "evidence.attach": {"editor", "approver"},
    "evidence.download": ALL,
    "search.results": ALL,
    "admin.users": {"admin"},
    "admin.user_new": {"admin"},
    "admin.user": {"admin"},
    "admin.user_disable": {"admin"},
    "admin.user_enable": {"admin"},
    "admin.user_reset_password": {"admin"},
    "admin.settings": {"admin"},
    "admin.audit": {"admin"},
    "admin.audit_csv": {"admin"},
    "admin.wording_list": {"admin"},
    "admin.wording_edit": {"admin"},
    "monitoring.new": {"editor"},
    "monitoring.template": ALL,
    "monitoring.show": ALL,
    "monitoring.delete": {"editor"},
    "monitoring.released_csv": {"foi_officer"},
    "monitoring.internal_csv": {"editor", "foi_officer"},
    "tokens.mine": ALL,
    "tokens.for_user": {"admin"},
    "tokens.revoke": ALL,
    "api_reference.reference": ALL,
    # The API: the same rules, checked against a bearer token instead of a session.
    "api.listSystems": ALL,
    "api.createSystem": {"editor"},
    "api.getSystem": ALL,
    "api.replaceSystem": {"editor"},
    "api.getAtrsRecord": ALL,
    "api.updateAtrsRecord": {"editor", "approver"},
    "api.exportAtrsXlsx": ALL,
    "api.exportAtrsJson": ALL,
    "api.listSystemAssessments": ALL,
    "api.startAssessment": {"editor"},
    "api.getAssessment": ALL,
    "api.getAssessmentVersion": ALL,
    "api.updateDraft": {"editor"},
    "api.transitionVersion": {"editor", "approver"},
    "api.startNewVersion": {"editor"},
    "api.listSystemDatasets": ALL,
    "api.getDataset": ALL,
    "api.getReleasedCsv": {"foi_officer"},
    "api.openapi": ALL,
    "api.search": ALL,
    "api.exportVersion": {"editor", "approver", "foi_officer"},
    "api.discloseVersion": {"foi_officer"},
    "api.exportVersionPdf": {"editor", "approver", "foi_officer"},
    "api.discloseVersionPdf": {"foi_officer"},
    "api.listPublications": ALL,
    "api.publishSystem": {"approver"},
    "api.withdrawPublication": {"approver"},
    "api.listFoiRequests": ALL,
    "api.createFoiRequest": {"foi_officer"},
    "api.getFoiRequest": ALL,
    "api.updateFoiRequest": {"foi_officer"},
    "api.makePack": {"foi_officer"},
    "api.publishFoiResponse": {"foi_officer"},
    "api.withdrawFoiResponse": {"foi_officer"},
    "api.recordFoiStep": {"foi_officer"},
    "api.listDisclosures": {"admin", "foi_officer"},
    "api.listFoiQuestions": ALL,
    "api.addFoiQuestion": {"foi_officer"},
    "api.splitFoiQuestions": {"foi_officer"},
    "api.updateFoiQuestion": {"foi_officer"},
    "api.deleteFoiQuestion": {"foi_officer"},
    "api.getFoiResponse": {"foi_officer"},
    "api.getFoiResponseLetter": {"foi_officer"},
    "api.getFoiReason": {"foi_officer"},
    "api.saveFoiReason": {"foi_officer"},
    "api.addFoiNcnd": {"foi_officer"},
    "api.deleteFoiNcnd": {"foi_officer"},
    "api.listVersionMarks": {"foi_officer"},
    "api.markVersion": {"foi_officer"},
    "api.getVersionMark": {"foi_officer"},
    "api.deleteVersionMark": {"foi_officer"},
    "api.listSystemMarks": {"foi_officer"},
    "api.markSystem": {"foi_officer"},
    "api.getSystemMark": {"foi_officer"},
    "api.deleteSystemMark": {"foi_officer"},
    "api.listFoiWithholding": {"foi_officer"},
    "api.decideFoiWithholding": {"foi_officer"},
    "api.decideAllFoiWithholding": {"foi_officer"},
    "api.previewFoiWithholding": {"foi_officer"},
    "exports.assessment_internal": {"editor", "approver", "foi_officer"},
    "exports.assessment_disclosure": {"foi_officer"},
    "exports.register_internal": {"editor", "approver", "foi_officer"},
    "exports.register_disclosure": {"foi_officer"},
    "withholding.version_form": {"foi_officer"},
    "withholding.version_remove": {"foi_officer"},
    "withholding.system_form": {"foi_officer"},
    "withholding.system_remove": {"foi_officer"},
    "withholding.decide": {"foi_officer"},
    "withholding.decide_all": {"foi_officer"},
    "foi.index": ALL,
    "foi.show": ALL,
    "foi.new": {"foi_officer"},
    "foi.edit": {"foi_officer"},
    "foi.pack": {"foi_officer"},
    "foi.publish": {"foi_officer"},
    "foi.withdraw_publication": {"foi_officer"},
    "foi.check": {"foi_officer"},
    "foi.step": {"foi_officer"},
    "foi.log": {"admin", "foi_officer"},
    "foi.log_csv": {"admin", "foi_officer"},
    "foi.questions_paste": {"foi_officer"},
    "foi.question_edit": {"foi_officer"},
    "foi.question_delete": {"foi_officer"},
    "foi.question_move": {"foi_officer"},
    "scope.choose": {"foi_officer"},
    "scope.add_categories": {"foi_officer"},
    "scope.add": {"foi_officer"},
    "scope.remove": {"foi_officer"},
    "refusals.reason": {"foi_officer"},
    "refusals.ncnd_add": {"foi_officer"},
    "refusals.ncnd_remove": {"foi_officer"},
    "refusals.letter": {"foi_officer"},
}


@pytest.fixture
def ids(db, make_user):
    system_id = systems.create(
        db,
        command_line(),
        {"name": "HART", "category": "individual_risk", "lifecycle": "in_use", "regime": "dpa_part3"},
    )
    target = make_user("reader", email="target@example.org")
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [target]).fetchone()[0]
    assessment_id = assessments.start(db, command_line(), system_id, {"kind": "dpia", "title": "HART DPIA"})
    counts = b"period,group,count\r\n2021-Q1,total,7\r\n"
    details = {
        "title": "Uses",
        "measure": "uses",
        "granularity": "quarter",
        "breakdown": "none",
        "source": "Log",
    }
    dataset_id = monitoring.create(db, command_line(), system_id, details, counts)
    token_id, _ = tokens.create(db, command_line(), user_id, "Target's token")
    mark = {"target": "detail:title", "exemption": "s31", "reason": "Harm."}
    mark_id = withholding.mark_version(db, command_line(), assessment_id, 1, mark)
    request_id = foi.create(
        db,
        command_line(),
        {
            "reference": "855A/22",
            "received": {"day": "16", "month": "5", "year": "2022"},
            "systems": [system_id],
        },
    )
    # Public pages answer 200 only for what a live publication holds.
    _, _, system_slug = publish_system(db, "HART", system_id=system_id)
    response_id = publish_response(db, request_id, "855A/22", "HART", letter_name="dpia-2021-004-v2.docx")
    return {
        "system_slug": system_slug,
        "file_name": "dpia-2021-004-v2.docx",
        "response_id": response_id,
        "mark_id": mark_id,
        "request_id": request_id,
        "system_id": system_id,
        "user_id": user_id,
        "assessment_id": assessment_id,
        "number": 1,
        "section_key": "signoff",
        "dataset_id": dataset_id,
        "token_id": token_id,
        "token": "no-such-import",
        "item_id": "00000000",
        "attachment_id": 1,
        "slug": "close",
        "question_id": 1,
        "exemption": "s31",
        "key": "s31",
        "filename": "no-such-file.docx",
    }


def _urls(app, ids, api=False):
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or rule.endpoint.startswith("api.") != api:
                continue
            args = {name: ids[name] for name in rule.arguments}
            method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
            yield rule.endpoint, method, url_for(rule.endpoint, **args)


def test_every_route_has_an_expected_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert endpoints == set(EXPECTED), "add new routes to EXPECTED with the roles that may use them"


def test_every_view_declares_a_permission(app):
    missing = [
        e for e, view in app.view_functions.items() if e != "static" and not hasattr(view, "permission")
    ]
    assert missing == []


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_each_role_gets_exactly_the_routes_it_is_allowed(app, ids, signed_in, role):
    client = signed_in(role)
    # Signing out last, so the routes after it are still tried signed in.
    for endpoint, method, url in sorted(_urls(app, ids), key=lambda u: u[0] == "auth.sign_out"):
        allowed = EXPECTED[endpoint] == PUBLIC or role in EXPECTED[endpoint]
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, {}, form_url="/systems")
        assert (response.status_code == 403) != allowed, f"{role} {method} {url} -> {response.status_code}"


def test_signed_out_visitors_are_sent_to_sign_in_except_on_public_routes(app, ids):
    client = app.test_client()
    for endpoint, method, url in _urls(app, ids):
        if method != "GET":
            continue
        response = client.get(url)
        if EXPECTED[endpoint] == PUBLIC:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302 and "/sign-in" in response.headers["Location"], url


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_each_role_gets_exactly_the_api_operations_it_is_allowed(app, ids, db, make_user, role):
    email = make_user(role)
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
    _, token = tokens.create(db, command_line(), user_id, "access test")
    client = app.test_client()
    for endpoint, method, url in _urls(app, ids, api=True):
        allowed = role in EXPECTED[endpoint]
        response = client.open(url, method=method, json={}, headers={"Authorization": f"Bearer {token}"})
        assert (response.status_code == 403) != allowed, f"{role} {method} {url} -> {response.status_code}"


def test_the_api_refuses_calls_without_a_valid_token(app, ids):
    client = app.test_client()
    for _, method, url in _urls(app, ids, api=True):
        for headers in ({}, {"Authorization": "Bearer dpia_not-a-real-token"}):
            response = client.open(url, method=method, json={}, headers=headers)
            assert response.status_code == 401, url
            assert response.mimetype == "application/problem+json"
