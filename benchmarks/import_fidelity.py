"""How faithfully Word documents import (issue 16, point 6), per document and overall: the share of source
words kept (placed or not yet placed), the share placed into matched questions, the risk and measure rows
recognised against the expectations, and the time to read a document and assemble its answers.

Run from the repository root with the project's Python:

    .venv/bin/python benchmarks/import_fidelity.py

It reads every document of the fixture corpus (tests/fixtures/imports, expectations in its README) and a
50-page ICO-template DPIA generated here (about 26,000 words, 60 risks and 60 measures, an appendix of 200
camera sites; not committed), each through the real import path with every suggestion taken, as `dpia
import` does. Source words are read independently of the importer; the form's own text (the expectations'
"template") is not counted. "Placed" counts words stored in any answer.
Nothing is asserted: each figure is printed with its ratio to its target, where 1.00 or under meets it.
Targets: words kept 100%; placed into matched questions at least 85% on completed ICO-form documents;
every expected risk and measure row; under 2 s for the 50-page document (one import each: repeating one
would find its text already in the matcher's caches).
"""

import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fixtures.imports import build  # noqa: E402
from tests.fixtures.imports import fidelity as measure  # noqa: E402

TARGET_KEPT = 1.0
TARGET_PLACED = 0.85
TARGET_SECONDS = 2.0
LONG = "long_ico_dpia (generated)"
WORDS_PER_PAGE = 500


@dataclass
class Figures:
    """What one document's import gives, against its expectations."""

    name: str
    words: int
    kept: Counter
    placed: Counter
    content: Counter
    risks: tuple[int, int]
    measures: tuple[int, int]
    seconds: float
    ico_form: bool


def figures(name: str, data: bytes, expect: dict) -> Figures:
    """Import a document once and measure it; the text caches of matching never saw this document before."""
    started = time.perf_counter()
    imported = measure.read(data, f"{name}.docx")
    seconds = time.perf_counter() - started
    content = measure.content_words(data, expect)
    return Figures(
        name=name,
        words=sum(measure.source_words(data).values()),
        kept=content & measure.counted(measure.kept_strings(imported)),
        placed=content & measure.counted(measure.answer_strings(imported)),
        content=content,
        risks=(measure.risks_recognised(imported, expect), len(expect.get("risks", []))),
        measures=(measure.measures_recognised(imported, expect), len(expect.get("measures", []))),
        seconds=seconds,
        ico_form=completed_ico_form(expect),
    )


def completed_ico_form(expect: dict) -> bool:
    """A DPIA on the ICO's form with answers in it (the blank template has none to place)."""
    steps = set(build.ICO["steps"])
    return (
        expect.get("kind") == "dpia" and bool(steps & set(expect["template"])) and bool(expect.get("placed"))
    )


# The 50-page document

SENTENCES = (
    "Cameras at site {n} read the plates of passing vehicles and send each read to the national service.",
    "Reads that match no hotlist are kept for {n} days in line with the national standards and then deleted.",
    "Analysts in the intelligence unit review about {n} alerts a week before any stop is tasked.",
    "The supplier hosts the service in UK data centres and has no access to reads without a support ticket.",
    "Officers record the reason for every search of the reads in the audit log, which is checked monthly.",
    "Signage at {n} approach roads tells drivers that ANPR cameras are in use on the corridor.",
    "The independent advisory group reviewed the camera sites and asked for {n} of them to be moved.",
    "Hotlist entries expire after {n} days unless an officer renews them with a recorded reason.",
    "Misreads are reported to the ANPR manager, who corrects the hotlist or the camera within a day.",
    "The force publishes the number of cameras and reads each year on its transparency pages.",
)
LIKELIHOOD = ("Remote", "Possible", "Probable")
SEVERITY = ("Minimal", "Significant", "Severe")
RESIDUAL = ("Low", "Medium", "High")
ANSWER_BOXES = ("aims", "nature", "scope", "context", "purposes", "consultation", "lawful_basis")
PROMPTS = ("need", "nature", "scope", "context", "purposes", "consultation", "necessity")
STEP_OF = {"need": 0, "nature": 1, "consultation": 2, "necessity": 3}
# An answer holds at most 20,000 characters (dpia.domain.validate.LONG); a margin keeps each one whole.
ANSWER_CHARACTERS = 19_000


def paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(SENTENCES).format(n=rng.randint(2, 400)) for _ in range(4))


def long_ico_dpia(rows: int = 60, sites: int = 200) -> tuple[bytes, dict]:
    """A completed ICO-template DPIA of about 50 pages, and its expectations.

    Answers are written as paragraphs under each prompt (the costly case for matching), each answer just
    under the longest an answer holds; 60 risks and measures, and an appendix table of camera sites.
    """
    rng = random.Random(16)
    document = build.new_document()
    build.margins(document, "OFFICIAL", "Ref: NP-DPIA-0500")
    document.add_heading("ANPR network renewal across the force area", 0)
    prompts = build.ICO["prompts"]
    placed = {}
    for key, prompt in zip(ANSWER_BOXES, PROMPTS, strict=True):
        if prompt in STEP_OF:
            document.add_heading(build.ICO["steps"][STEP_OF[prompt]], 1)
        document.add_paragraph(prompts[prompt])
        texts = answer(rng)
        for text in texts:
            document.add_paragraph(text)
        placed[key] = [texts[0], texts[-1]]
    risks = [
        [f"Risk {i}: reads at site {i} are kept or shared beyond what the purpose needs", *matrix(i)]
        for i in range(1, rows + 1)
    ]
    measures = [
        [
            str(i),
            f"Measure {i}: automatic deletion and monthly audit at site {i}",
            "Reduced",
            RESIDUAL[i % 2],
            "Yes",
        ]
        for i in range(1, rows + 1)
    ]
    document.add_heading(build.ICO["steps"][4], 1)
    build.table(document, [build.ICO["risk_header"], *risks])
    document.add_heading(build.ICO["steps"][5], 1)
    document.add_paragraph(prompts["measures"])
    build.table(document, [build.ICO["measure_header"], *measures])
    document.add_heading(build.ICO["steps"][6], 1)
    build.signoff_table(document, {"Measures approved by:": "Supt R. Okafor, 12/03/2024"})
    document.add_heading("Appendix A: Camera sites", 1)
    roads = ("A31", "A35", "B3081", "A338", "A350")
    build.table(
        document,
        [
            ["Site", "Road", "Direction", "Installed"],
            *[
                [
                    f"S{n:03d}",
                    rng.choice(roads),
                    rng.choice(("north", "south", "east", "west")),
                    str(2010 + n % 14),
                ]
                for n in range(1, sites + 1)
            ],
        ],
    )
    expect = {
        "kind": "dpia",
        "risks": [
            {"source": r[0], "likelihood": r[1].lower(), "severity": r[2].lower(), "overall": ico(r)}
            for r in risks
        ],
        "measures": [
            {
                "risk": i,
                "ref": m[0],
                "option": m[1],
                "effect": "reduced",
                "residual": m[3].lower(),
                "approved": "yes",
            }
            for i, m in enumerate(measures, start=1)
        ],
        "placed": placed,
        "template": measure.expand(["@ico", "Ref: NP-DPIA-0500"]),
    }
    return build.save(document), expect


def answer(rng: random.Random) -> list[str]:
    """Paragraphs that together stay just under the longest an answer holds (joined with blank lines)."""
    texts: list[str] = []
    while True:
        text = paragraph(rng)
        if sum(len(t) + 2 for t in texts) + len(text) > ANSWER_CHARACTERS:
            return texts
        texts.append(text)


def matrix(i: int) -> list[str]:
    likelihood, severity = LIKELIHOOD[i % 3], SEVERITY[(i // 3) % 3]
    return [likelihood, severity, ico([None, likelihood, severity]).capitalize()]


def ico(row: list) -> str:
    score = LIKELIHOOD.index(row[1].capitalize()) + SEVERITY.index(row[2].capitalize())
    return "low" if score <= 1 else "medium" if score == 2 else "high"


# Printing


def ratio(value: float, target: float, higher_is_better: bool = True) -> str:
    if higher_is_better:
        return "  inf" if value == 0 else f"{target / value:5.2f}"
    return f"{value / target:5.2f}"


def pct(part: Counter, whole: Counter) -> float | None:
    return measure.share(part, whole)


def row_text(found: int, expected: int) -> str:
    return f"{found:>3}/{expected:<3} {ratio(found / expected, 1.0) if expected else '   - '}"


def line(f: Figures) -> str:
    kept, placed = pct(f.kept, f.content), pct(f.placed, f.content)
    kept_text = f"{kept:6.1%} {ratio(kept, TARGET_KEPT)}" if kept is not None else "     -      - "
    if placed is None:
        placed_text = "     -      - "
    else:
        placed_text = f"{placed:6.1%} " + (ratio(placed, TARGET_PLACED) if f.ico_form else "    -")
    return (
        f"{f.name:28} {f.words:>6} {kept_text}  {placed_text}  {row_text(*f.risks)}"
        f"  {row_text(*f.measures)}  {f.seconds:6.3f} {ratio(f.seconds, TARGET_SECONDS, False)}"
    )


def overall(all_figures: list[Figures]) -> str:
    content = sum((f.content for f in all_figures), Counter())
    kept = sum((f.kept for f in all_figures), Counter())
    forms = [f for f in all_figures if f.ico_form]
    placed = pct(sum((f.placed for f in forms), Counter()), sum((f.content for f in forms), Counter()))
    risks = [sum(f.risks[i] for f in all_figures) for i in (0, 1)]
    measures = [sum(f.measures[i] for f in all_figures) for i in (0, 1)]
    slowest = max(f.seconds for f in all_figures)
    words = sum(f.words for f in all_figures)
    kept_share = pct(kept, content) or 0.0
    placed_share = placed or 0.0
    return (
        f"{'OVERALL':28} {words:>6} {kept_share:6.1%} {ratio(kept_share, TARGET_KEPT)}"
        f"  {placed_share:6.1%} {ratio(placed_share, TARGET_PLACED)}  {row_text(*risks)}"
        f"  {row_text(*measures)}  {slowest:6.3f} {ratio(slowest, TARGET_SECONDS, False)}"
    )


def main() -> None:
    print(
        f"{'document':28} {'words':>6} {'kept':>6} {'ratio':>5}  {'placed':>6} {'ratio':>5}"
        f"  {'risks':>7} {'ratio':>5}  {'measures':>7} {'ratio':>5}  {'secs':>6} {'ratio':>5}"
    )
    results = []
    for name in sorted(build.FIXTURES):
        data = (measure.CORPUS / f"{name}.docx").read_bytes()
        results.append(figures(name, data, measure.expectations(name)))
        print(line(results[-1]), flush=True)
    data, expect = long_ico_dpia()
    results.append(figures(LONG, data, expect))
    print(line(results[-1]))
    print(overall(results))
    long = results[-1]
    print(
        f"\nThe generated document: {long.words:,} words (about {long.words / WORDS_PER_PAGE:.0f} pages of"
        f" {WORDS_PER_PAGE} words), {len(data) / 1024:.0f} KB."
    )
    print(
        "Ratios: 1.00 or under meets the target (kept 100%; placed 85%, counted only on completed ICO-form"
        " DPIAs, marked '-' elsewhere; every expected row; 2 s a document). 'inf' means nothing recognised."
    )


if __name__ == "__main__":
    main()
