"""Assessment kinds, declared once as data: every form, check, index entry and Word section comes from here.

A kind's definition has a version; an assessment records the version it was written against, so a question
changed later never corrupts an older assessment. To change a kind, add a new version, never edit one in use.
"""

from dpia.kinds.derive import BRIDGES_POINTS, DERIVATIONS, FLAGS, undeclared
from dpia.kinds.dpia import DPIA_V1, DPIA_V2
from dpia.kinds.eqia import EQIA_V1, EQIA_V2
from dpia.kinds.model import DERIVED, QUESTION_TYPES, ROW_REF, SIMPLE_TYPES, Kind
from dpia.kinds.others import PIA_V1, SCREENING_V1

DEFINITIONS: tuple[Kind, ...] = (PIA_V1, DPIA_V1, DPIA_V2, EQIA_V1, EQIA_V2, SCREENING_V1)
# The kinds an FOI answer covers, in the order requests ask about them.
FOI_KINDS = ("pia", "dpia", "eqia")
ORDER = ("pia", "dpia", "eqia", "screening")

_BY_VERSION = {(k.key, k.version): k for k in DEFINITIONS}
# Later versions overwrite earlier ones, leaving the newest of each kind.
LATEST: dict[str, Kind] = {k.key: k for k in sorted(DEFINITIONS, key=lambda k: k.version)}


def definition(key: str, version: int) -> Kind:
    """The definition an assessment was written against."""
    return _BY_VERSION[(key, version)]


def latest(key: str) -> Kind | None:
    """The newest definition of a kind, for new assessments; None for an unknown kind."""
    return LATEST.get(key)


def kinds() -> list[Kind]:
    """The newest definition of every kind, in display order."""
    return [LATEST[key] for key in ORDER]


def check_declarations() -> None:
    """Fail loudly at start-up if a declaration refers to something that does not exist."""
    for kind in DEFINITIONS:
        for question in kind.questions.values():
            assert question.type in QUESTION_TYPES, (kind.key, question.key)
            for column in question.columns:
                assert column.type in (*SIMPLE_TYPES, ROW_REF, DERIVED), (kind.key, column.key)
                assert column.type != DERIVED or column.derive in DERIVATIONS, column.derive
                assert column.type != ROW_REF or column.refers_to in kind.questions, column.refers_to
        assert all(flag in FLAGS for flag in kind.flags), kind.flags
    # The Bridges warning's points must name answers the newest EqIA asks (older ones may lack some).
    wrong = undeclared(BRIDGES_POINTS, LATEST["eqia"].questions)
    assert not wrong, f"Bridges points name answers the EqIA does not ask: {', '.join(wrong)}"
