"""The records passed between layers, as the store returns them: type hints then catch a wrong key."""

from typing import Any, TypedDict


class Cost(TypedDict):
    """One dated cost of a system; amounts in pence."""

    period_start: str
    period_end: str | None
    amount_pence: int
    description: str


class Policy(TypedDict):
    """One policy or piece of guidance governing a system's use."""

    title: str
    reference: str
    version_date: str | None
    url: str


class System(TypedDict):
    """A register entry with its aliases, costs and policies."""

    id: int
    name: str
    name_key: str
    category: str
    lifecycle: str
    first_used: str | None
    retired: str | None
    owner: str
    senior_owner: str
    supplier: str
    regime: str
    how_it_works: str
    data_used: str
    how_outputs_made: str
    notes: str
    marking: str
    version: int
    created_at: str
    updated_at: str
    aliases: list[str]
    costs: list[Cost]
    policies: list[Policy]


class Version(TypedDict):
    """One version of an assessment, with its assessment's and system's details joined in."""

    id: int
    assessment_id: int
    number: int
    definition_version: int
    status: str
    title: str
    owner: str
    marking: str
    started: str | None
    conducted: str | None
    approved: str | None
    review_due: str | None
    # Stored shapes by answer type: see dpia/domain/answers.py.
    answers: dict[str, Any]
    # Imported text not yet placed in an answer.
    unplaced: list[dict[str, Any]]
    revision: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    system_id: int
    kind: str
    reference: str
    system_name: str
    system_category: str
    system_marking: str


class FoiRequest(TypedDict):
    """An FOI request and the ids of the systems in its scope."""

    id: int
    reference: str
    reference_key: str
    subject: str
    received: str
    # The day the answer is drawn from the register as it stood; None means the day received.
    as_at: str | None
    due: str
    status: str
    responded: str | None
    notes: str
    revision: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    system_ids: list[int]
    # The request's dated history, oldest first (see FoiEvent); loaded with the request.
    events: list["FoiEvent"]


class FoiEvent(TypedDict):
    """One dated step in an FOI request's history: clarification, extension, response, closure, review."""

    id: int
    request_id: int
    kind: str
    day: str
    # Closed: one of FOI_OUTCOMES; review closed: one of REVIEW_OUTCOMES; otherwise empty.
    outcome: str
    # Extended: the new due date.
    new_due: str | None
    # Extended: why the public interest test needs more time.
    reason: str
    recorded_at: str
    recorded_by: str


class FoiQuestion(TypedDict):
    """One question of an FOI request, numbered as the requester numbered it."""

    id: int
    request_id: int
    position: int
    number: str
    number_key: str
    text: str
    # "none", "categories" (of system, see CATEGORIES) or "systems" (named systems).
    scope: str
    categories: list[str]
    system_ids: list[int]
    # One of FOI_FACTS; `confirmed` is false while it is only the suggester's guess.
    fact: str
    confirmed: bool
    # The officer's own words, when the fact is "own".
    answer: str
    # How it is answered (see QUESTION_DISPOSITIONS): "answer", "not_held", "ncnd", "exempt", "s21", "s12".
    disposition: str
    # NCND or exempt: the exemption (see EXEMPTIONS), its subsection, and the name of an "other" one.
    exemption: str
    subsection: str
    other: str
    # s21: where it is published; s12: the estimate of cost; not held: the searches made, if more than usual.
    detail: str
    revision: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


class PublicFile(TypedDict):
    """One file of a publication or a published response; its bytes are kept by hash."""

    id: int
    publication_id: int | None
    response_id: int | None
    position: int
    # The file's name in its public address: unique within its publication or response.
    path: str
    # "assessment", "monitoring", "atrs", "letter", "schedule" or a pack contributor's name.
    role: str
    title: str
    media_type: str
    sha256: str
    size: int
    version_id: int | None
    kind: str
    reference: str
    version_number: int | None
    conducted: str | None
    approved: str | None


class Publication(TypedDict):
    """One published version of a system's public record; withdrawn ones are kept as history."""

    id: int
    system_id: int
    number: int
    slug: str
    name: str
    category: str
    # The public record as released: {"fields": [{"key", "label", "value"}], "atrs": {...} | None, ...}.
    record: dict[str, Any]
    summary: str
    published_at: str
    published_by: str
    disclosure_id: int | None
    withdrawn_at: str | None
    withdrawn_by: str
    withdrawn_reason: str


class PublishedResponse(TypedDict):
    """A released FOI response put in the public disclosure log."""

    id: int
    request_id: int
    disclosure_id: int | None
    reference: str
    subject: str
    responded: str
    published_at: str
    published_by: str
    withdrawn_at: str | None
    withdrawn_by: str
    withdrawn_reason: str
