"""Word documents: the only package that imports python-docx.

Services build a document model (dpia.export.model) and call `render`, which returns the .docx bytes.
"""

from dpia.export.template import TemplateError
from dpia.export.word import render

__all__ = ["TemplateError", "render"]
