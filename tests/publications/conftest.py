"""A register to publish: HART with an approved DPIA in two versions and an approved EqIA."""

import pytest

from dpia.services import systems
from dpia.services.disclosure import withholding
from tests.conftest import EDITOR, FOI
from tests.disclosure.test_packs import _revise


def withhold(db, assessment_id, target, number=1, **data):
    """Mark a part of a version withheld as an FOI officer would."""
    values = {"target": target, "exemption": "s31", "subsection": "(1)(a)", "reason": "Harm.", **data}
    withholding.mark_version(db, FOI, assessment_id, number, values)


def withhold_in_system(db, system_id, target, passage=None, exemption="s43"):
    """Mark a field (or a passage of it) of a register entry withheld."""
    data = {"target": target, "exemption": exemption, "subsection": "(2)", "reason": "Commercial."}
    if passage:
        data.update(scope="passage", passage=passage)
    withholding.mark_system(db, FOI, system_id, data)


@pytest.fixture
def register(db, make_system, make_approved):
    """HART with a DPIA in two approved versions and an EqIA."""
    hart = make_system("HART")
    record = systems.as_form_data(systems.get(db, EDITOR, hart))
    record.update(
        aliases=["Harm Assessment Risk Tool"],
        first_used="2017-04",
        supplier="Acme Analytics Ltd",
        owner="Jane Smith",
        senior_owner="Chief Constable Sir Robert Peel",
        how_it_works="A random forest from Acme Analytics scores custody records.",
        data_used="Custody records and offending history.",
        costs=[{"period_start": "2017", "amount": "123456.78", "description": "Licence"}],
        policies=[{"title": "HART policy", "reference": "P-1", "version_date": "2018-01"}],
    )
    systems.update(db, EDITOR, hart, record, 1)
    dpia = make_approved("dpia", system_id=hart, rows=2)
    _revise(db, dpia, "dpia", approved="2024-05-01")
    eqia = make_approved("eqia", system_id=hart, rows=2)
    return {"hart": hart, "dpia": dpia, "eqia": eqia}
