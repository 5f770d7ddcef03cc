"""Word documents: the only package that imports python-docx.

Services build a document model (dpia.export.model) and call `render`, which returns the .docx bytes.
"""

__all__ = ["TemplateError", "render"]


def __getattr__(name: str):
    # The document model is pure data used well beyond exports (redaction, search): importing it must not
    # import python-docx and lxml, which only rendering needs.
    if name == "render":
        from dpia.export.word import render

        return render
    if name == "TemplateError":
        from dpia.export.template import TemplateError

        return TemplateError
    raise AttributeError(f"module 'dpia.export' has no attribute {name!r}")
