"""The JSON API under /api/v1: the same use cases and rules as the pages, for scripts and other systems."""

from dpia.views.api import (  # noqa: F401  (they declare operations)
    assessments,
    atrs,
    disclosure,
    foi_questions,
    foi_response,
    foi_withholding,
    monitoring,
    openapi,
    publications,
    search,
    systems,
    withholding,
)
from dpia.views.api.core import OPERATIONS, bp

__all__ = ["OPERATIONS", "bp"]
