"""Sweeping a finished document model: withheld passages replaced in every piece of text it holds.

Builders pass answer text through a Redaction, but names, titles, headings, properties and footers are
made from other fields (a system's name, a dataset's title, a request's subject) and would release a
passage withheld elsewhere. Sweeping the whole model last catches them, whichever builder made it, and
says where each mark was applied, so the officer can be shown every place before the pack is built.
"""

from dataclasses import replace

from dpia.domain.redaction import Redaction, normalised
from dpia.export import model as m

# Where in a document a mark was applied ("HART › How it works"), and the mark's id.
Place = tuple[str, int]


class _Sweep:
    """One document's sweep: the redaction it applies and the places it found."""

    def __init__(self, redaction: Redaction):
        self.redaction = redaction
        # Nothing to replace: only note where the builder's markers stand (most documents, most runs).
        self.idle = not redaction.passage_marks()
        self.places: list[Place] = []

    def text(self, runs: m.Text, where: str) -> m.Text:
        """Runs swept: adjacent plain runs joined first, so a passage split between them is found."""
        if self.idle:
            for run in runs:
                self._note(run, where)
            return runs
        out: list[m.Run] = []
        pending: list[str] = []
        for run in runs:
            if run.kind == m.PLAIN:
                pending.append(run.text)
                continue
            out += self._swept("".join(pending), m.PLAIN, where)
            pending = []
            if run.kind == m.WITHHELD:
                self._note(run, where)
                out.append(run)
            else:
                out += self._swept(run.text, run.kind, where)
        out += self._swept("".join(pending), m.PLAIN, where)
        return tuple(out)

    def string(self, value: str, where: str) -> str:
        """A plain string (a heading, a property) with any withheld passage replaced by its marker."""
        return value if self.idle else m.text_of(self._swept(value, m.PLAIN, where))

    def _swept(self, value: str, kind: str, where: str) -> list[m.Run]:
        if not value:
            return []
        found = self.redaction.passages(value)
        if len(found) == 1 and found[0].kind == m.PLAIN:
            return [m.Run(value, kind)]
        for run in found:
            self._note(run, where)
        return [run if run.kind == m.WITHHELD else m.Run(run.text, kind) for run in found]

    def _note(self, run: m.Run, where: str) -> None:
        if run.kind == m.WITHHELD and run.mark is not None:
            self.places.append((where, run.mark))


def sweep(document: m.Document, redaction: Redaction) -> tuple[m.Document, list[Place]]:
    """The document with every passage of `redaction` replaced everywhere, and where each mark applies."""
    s = _Sweep(_present(document, redaction))
    details = tuple((label, s.text(value, label)) for label, value in document.details)
    swept = replace(
        document,
        title=s.text(document.title, "Title"),
        subtitle=s.string(document.subtitle, "Subtitle"),
        footer=s.string(document.footer, "Footer"),
        details=details,
        notes=tuple(s.text(note, "Notes") for note in document.notes),
        blocks=_blocks(s, document.blocks),
        properties=_properties(s, document.properties),
    )
    return swept, s.places


def _present(document: m.Document, redaction: Redaction) -> Redaction:
    """The redaction narrowed to the passages the document holds somewhere, found in one pass over all of
    its text: most documents hold none once their builder has redacted them, and then no run is matched."""
    if not redaction.passage_marks():
        return redaction
    held = normalised("\n".join(document.texts()))
    marks = [mark for mark in redaction.passage_marks() if normalised(mark["passage"]) in held]
    return Redaction(marks=[], disclose=redaction.disclose, sections={}, sweep=marks)


def _blocks(s: _Sweep, blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    out: list[m.Block] = []
    headings: list[str] = []
    for block in blocks:
        where = " › ".join(headings) or "Opening"
        if isinstance(block, m.Heading):
            parents = headings[: block.level - 1]
            text = s.string(block.text, " › ".join([*parents, "heading"]))
            headings = [*parents, text]
            out.append(m.Heading(text, block.level))
        elif isinstance(block, m.Paragraph):
            out.append(m.Paragraph(s.text(block.runs, where), block.hint))
        else:
            header = tuple(m.Cell(s.text(c.runs, where), c.span) for c in block.header)
            rows = tuple(tuple(m.Cell(s.text(c.runs, where), c.span) for c in row) for row in block.rows)
            out.append(replace(block, header=header, rows=rows))
    return tuple(out)


def _properties(s: _Sweep, properties: m.Properties) -> m.Properties:
    where = "Document properties"
    return replace(
        properties,
        title=s.string(properties.title, where),
        subject=s.string(properties.subject, where),
        keywords=s.string(properties.keywords, where),
        category=s.string(properties.category, where),
        identifier=s.string(properties.identifier, where),
    )
