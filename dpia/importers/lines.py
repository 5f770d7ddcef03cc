"""Printed lines joined back into paragraphs: a document scanned to Word holds one paragraph per printed line.

A pure pass over the blocks read from a document, run before matching. It changes nothing unless the
document looks printed: the lines that stop without sentence punctuation mostly carry on in lower case in the
next paragraph, and those lines are of similar length, as lines broken at a page's width are. Then the lines
of one paragraph become one block located "Paragraphs 4-7", so prompts, answers and labelled dates are read
whole, and page furniture (page numbers, a running header repeated at each page break) becomes a "furniture"
block, which the matcher shows as the form's own wording left out.
"""

import re
from dataclasses import replace

from dpia.importers.word import Block, WordDocument

# Page numbers a printed page carries in its margin: "Page 1 of 2", "Page 3", "- 2 -", "2 of 5".
PAGE_NUMBER = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|[-–—]\s*\d+\s*[-–—]|\d+\s+of\s+\d+)$", re.I)
# A line ends its paragraph with sentence punctuation, perhaps inside a closing bracket or quote.
ENDS_SENTENCE = re.compile(r"[.?!:;][)\]’”'\"]*$")
# How sure the pass must be before it joins anything.
MIN_CARRIED = 3  # lines that carry on into the next paragraph
CARRIED_SHARE = 0.6  # of the lines that stop without sentence punctuation
FULL_LINE = 0.6  # a carried line is at least this share of the longest one: lines break at the page's width
FULL_SHARE = 0.8  # of the carried lines
WITHIN_WIDTH = 0.9  # of all lines: no longer than the longest carried line, give or take OCR's slack
WIDTH_SLACK = 1.1
MAX_WIDTH = 130  # characters: no printed line is longer
RUNNING_HEADER_WORDS = 8  # a running header or marking is a short line
_NUMBER = re.compile(r"^Paragraph (\d+)$")


def rejoined(document: WordDocument) -> WordDocument:
    """The document with printed lines joined into paragraphs and page furniture marked; else unchanged."""
    furniture = _furniture(document.blocks)
    lines = [b for i, b in enumerate(document.blocks) if i not in furniture and _is_line(b)]
    width = printed_width(lines)
    if not width:
        return document
    blocks: list[Block] = []
    run: list[Block] = []
    start = 0  # where the paragraph being joined goes: furniture met inside it follows it
    for i, block in enumerate(document.blocks):
        if i in furniture:
            blocks.append(replace(block, kind="furniture"))
            continue
        if run and not (_is_line(block) and _carries_on(run[-1], block, width)):
            blocks.insert(start, _joined(run))
            run = []
        if _is_line(block):
            start = start if run else len(blocks)
            run.append(block)
        else:
            blocks.append(block)
    if run:
        blocks.insert(start, _joined(run))
    return WordDocument(blocks=blocks, title=document.title)


def printed_width(lines: list[Block]) -> int:
    """The width of the printed lines if these paragraphs are lines of a printed page, else 0."""
    pairs = list(zip(lines, lines[1:], strict=False))
    open_ended = [a for a, b in pairs if not ENDS_SENTENCE.search(a.text) and a.bold == b.bold]
    carried = [a for a, b in pairs if _continues(a, b)]
    if len(carried) < MIN_CARRIED or len(carried) < CARRIED_SHARE * len(open_ended):
        return 0
    width = max(len(a.text) for a in carried)
    full = [a for a in carried if len(a.text) >= FULL_LINE * width]
    within = [b for b in lines if len(b.text) <= width * WIDTH_SLACK]
    if width > MAX_WIDTH or len(full) < FULL_SHARE * len(carried) or len(within) < WITHIN_WIDTH * len(lines):
        return 0
    return width


def _is_line(block: Block) -> bool:
    """A paragraph of the body that may be one printed line (headings styled as such are not)."""
    return block.kind == "paragraph" and bool(_NUMBER.match(block.location))


def _continues(line: Block, following: Block) -> bool:
    """The plain sign of a broken line: no sentence punctuation, and the next line starts in lower case."""
    return (
        line.bold == following.bold and not ENDS_SENTENCE.search(line.text) and following.text[:1].islower()
    )


def _carries_on(line: Block, following: Block, width: int) -> bool:
    """Whether the next paragraph is the same printed paragraph: it continues in lower case, or this line
    was broken at the page's width in mid-sentence."""
    full = len(line.text) >= FULL_LINE * width and not ENDS_SENTENCE.search(line.text)
    return _continues(line, following) or (full and line.bold == following.bold)


def _joined(run: list[Block]) -> Block:
    """Lines of one paragraph as one block, located by the paragraphs it spans."""
    if len(run) == 1:
        return run[0]
    text = run[0].text
    for line in run[1:]:
        # A word hyphenated at the line's end is one word again.
        hyphenated = text[-1:] == "-" and text[-2:-1].isalpha() and line.text[:1].islower()
        text = f"{text}{'' if hyphenated else ' '}{line.text}"
    return replace(run[0], text=text, location=f"Paragraphs {_span([_number(b) for b in run])}")


def _number(block: Block) -> int:
    found = _NUMBER.match(block.location)
    return int(found.group(1)) if found else 0


def _span(numbers: list[int]) -> str:
    """Paragraph numbers as ranges: "4-7", or "15-16, 19" when a page break's furniture came between."""
    ranges: list[list[int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][-1] + 1:
            ranges[-1].append(n)
        else:
            ranges.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in ranges)


def _furniture(blocks: list[Block]) -> set[int]:
    """Indexes of page numbers, and of short lines repeated at page breaks (running headers, markings)."""
    numbers = {i for i, b in enumerate(blocks) if _is_line(b) and PAGE_NUMBER.match(b.text.strip())}
    if not numbers:
        return set()
    body = [i for i, b in enumerate(blocks) if _is_line(b)]
    # A running header stands first or last in the body, or next to a page number.
    at_breaks = {body[0], body[-1]} | {j for i in numbers for j in (i - 1, i + 1)}
    places: dict[str, list[int]] = {}
    for i, block in enumerate(blocks):
        if _is_line(block) and len(block.text.split()) <= RUNNING_HEADER_WORDS:
            places.setdefault(block.text.strip().casefold(), []).append(i)
    running = {
        i for found in places.values() if len(found) > 1 and all(i in at_breaks for i in found) for i in found
    }
    return numbers | running
