"""Withholding decided per FOI request: a mark decided for one request is offered to the next, never applied
or dropped silently, and the officer sees every place a withheld passage occurs."""

import io
import zipfile

import pytest

from dpia import kinds
from dpia.domain.samples import sample_answers
from dpia.errors import Forbidden, Invalid, NotFound
from dpia.services import systems
from dpia.services.disclosure import exports, packs, withholding
from tests.conftest import EDITOR, FOI
from tests.docx_checks import body_text, open_docx, pack_leaks

PRICE = "987,654.32"


@pytest.fixture
def priced(db, make_system, make_approved):
    """A system whose development price was withheld under s43 for request 855A/22 in 2022."""
    system_id = make_system("Knife Crime Prediction", category="crime_mapping")
    record = systems.as_form_data(systems.get(db, EDITOR, system_id))
    record.update(
        how_it_works="A gradient-boosted model from Northgate Labs ranks street segments.",
        costs=[{"period_start": "2019", "amount": "987654.32", "description": "Development"}],
    )
    systems.update(db, EDITOR, system_id, record, 1)
    make_approved("dpia", system_id=system_id)
    return system_id


def _price_mark(db, system_id, request=""):
    system = systems.get(db, EDITOR, system_id)
    amount = next(p for p in withholding.system_target_map(system) if p.endswith("/amount"))
    data = {"target": amount, "exemption": "s43", "subsection": "(2)", "reason": "Procurement under way."}
    return withholding.mark_system(db, FOI, system_id, {**data, "request": request})


def _pack(db, request_id):
    made = packs.build(db, FOI, request_id, exports.Options())
    schedule = next(n for n in zipfile.ZipFile(io.BytesIO(made.content)).namelist() if "schedule" in n)
    return made, body_text(open_docx(zipfile.ZipFile(io.BytesIO(made.content)).read(schedule)))


def test_an_exemption_decided_for_an_earlier_request_is_offered_to_a_later_one_never_applied_silently(
    db, priced, make_request
):
    earlier = make_request([priced], reference="855A/22")
    mark_id = _price_mark(db, priced, "855A/22")
    _, earlier_schedule = _pack(db, earlier)  # decided for it: applied without asking
    assert PRICE not in earlier_schedule and "[Withheld: section 43(2) FOIA]" in earlier_schedule

    later = make_request([priced], reference="1187/24")
    with pytest.raises(Invalid, match="1 withholding mark decided for other requests") as refused:
        packs.build(db, FOI, later, exports.Options())
    assert "1187/24" in str(refused.value)
    [offered] = withholding.review(db, FOI, {"id": later, **_request(db, later)})
    assert (offered.mark_id, offered.state, offered.decided_for) == (mark_id, withholding.OFFERED, "855A/22")
    assert offered.reason == "Procurement under way." and offered.citation == "section 43(2) FOIA"

    withholding.decide(db, FOI, later, mark_id, withholding.DROP)
    made, schedule = _pack(db, later)
    assert PRICE in schedule and "section 43" not in schedule
    response = packs.response(db, FOI, _request(db, later), _today(), "FOI team")
    assert all(used.exemption != "s43" for used in response.used)
    # The earlier request's decision stands for it.
    assert PRICE not in _pack(db, earlier)[1]

    withholding.decide(db, FOI, later, mark_id, withholding.APPLY)
    made, schedule = _pack(db, later)
    assert pack_leaks(made.content, [PRICE, "987654"]) == []
    query = "SELECT summary FROM audit_log WHERE action = 'withholding.decide' ORDER BY id"
    actions = [r["summary"] for r in db.query(query)]
    assert [a.split(" ")[0] for a in actions] == ["Released", "Confirmed"]
    assert all("(section 43(2) FOIA) for FOI request 1187/24" in a for a in actions)


def test_a_mark_without_a_request_is_offered_too_and_undoing_a_decision_offers_it_again(
    db, priced, make_request
):
    mark_id = _price_mark(db, priced)
    request_id = make_request([priced])
    request = {"id": request_id, **_request(db, request_id)}
    assert withholding.undecided(db, FOI, request)
    assert withholding.decide_all(db, FOI, request_id, withholding.APPLY) == 1
    assert withholding.undecided(db, FOI, request) == []
    withholding.decide(db, FOI, request_id, mark_id, "")
    assert [d.state for d in withholding.review(db, FOI, request)] == [withholding.OFFERED]
    with pytest.raises(Invalid, match="before the pack can be made|Before the pack can be made"):
        packs.build(db, FOI, request_id, exports.Options())


def test_decisions_are_refused_outside_the_scope_on_the_requests_own_marks_and_to_other_roles(
    db, priced, make_system, make_request
):
    other = make_system("Ward Heatmap", category="crime_mapping")
    mark_id = _price_mark(db, priced)
    elsewhere = make_request([other], reference="2/24")
    with pytest.raises(NotFound, match="not on anything this request would release"):
        withholding.decide(db, FOI, elsewhere, mark_id, withholding.DROP)
    own = make_request([priced], reference="3/24")
    system = systems.get(db, EDITOR, priced)
    target = "how_it_works"
    own_mark = withholding.mark_system(
        db, FOI, priced, {"target": target, "exemption": "s31", "reason": "Tactics.", "request": "3/24"}
    )
    assert system["id"] == priced
    with pytest.raises(Invalid, match="decided for this request"):
        withholding.decide(db, FOI, own, own_mark, withholding.DROP)
    with pytest.raises(Forbidden):
        withholding.decide(db, EDITOR, own, mark_id, withholding.DROP)
    with pytest.raises(Invalid, match="Choose whether"):
        withholding.decide(db, FOI, own, mark_id, "maybe")
    assert db["withholding_decisions"].count == 0


def test_a_mark_names_a_request_that_exists(db, priced):
    with pytest.raises(Invalid) as refused:
        _price_mark(db, priced, "9999/99")
    assert refused.value.errors == {"request": "There is no FOI request 9999/99"}
    assert db["withholding_marks"].count == 0


def test_the_officer_sees_every_place_a_withheld_passage_occurs(db, priced, make_approved, make_request):
    answers = sample_answers(kinds.latest("eqia"), rows=1)
    answers["purpose"] = "Checks whether the NORTHGATE\n  labs model treats groups differently."
    make_approved("eqia", system_id=priced, answers=answers)
    request_id = make_request([priced])
    passage = {"target": "how_it_works", "scope": "passage", "passage": "Northgate Labs", "exemption": "s43"}
    withholding.mark_system(db, FOI, priced, {**passage, "reason": "Supplier.", "request": "855A/22"})
    [decision] = withholding.review(db, FOI, {"id": request_id, **_request(db, request_id)})
    assert decision.state == withholding.OWN
    assert "Register entry: How it works" in decision.places
    assert any(place.startswith("EqIA-") and "purpose" in place for place in decision.places), decision.places


def test_the_request_page_asks_for_each_decision_and_records_it(db, priced, make_request, signed_in):
    mark_id = _price_mark(db, priced, "")
    request_id = make_request([priced])
    officer = signed_in("foi_officer")
    page = officer.get(f"/foi/{request_id}").get_data(as_text=True)
    assert "Waiting for a decision for this request" in page
    assert "For a disclosure without a request" in page and "Procurement under way." in page
    assert "Withhold for this request" in page and "Release for this request" in page
    done = officer.post(
        f"/foi/{request_id}/withholding/{mark_id}", {"decision": "drop"}, form_url=f"/foi/{request_id}"
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("#withholding")
    page = officer.get(f"/foi/{request_id}").get_data(as_text=True)
    assert "Released for this request by" in page and "Waiting for a decision" not in page
    reader = signed_in("reader").get(f"/foi/{request_id}").get_data(as_text=True)
    assert "Procurement under way." not in reader


def _request(db, request_id):
    from dpia.store import foi as store

    return store.get(db, request_id)


def _today():
    from dpia.services.assessments import versions

    return versions.today()
