"""Reading exports of the CNIL's PIA tool: the front end's {pia, answers, measures, evaluations, comments}
file and the back end's list of PIAs with those inside. A pure function from parsed JSON to a plan.

The tool's answers are keyed by question id (111 ... 346); its risks are the three standard ones (illegitimate
access, unwanted modification, disappearance of data), each with severity and likelihood gauges from 1 to 4.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from dpia import kinds
from dpia.domain import reading as words
from dpia.domain.answer_types import ANSWER_TYPES
from dpia.errors import Refused
from dpia.importers.plan import OMIT, UNPLACED, Item, Plan, finish_row, takes_text
from dpia.kinds.derive import ico_risk
from dpia.vocab import LIKELIHOODS, RISK_LEVELS, SEVERITIES, labels

# The CNIL's wording for its questions (English edition), and where each goes in a DPIA.
QUESTIONS = {
    111: ("What is the processing under consideration?", "aims"),
    112: ("What are the responsibilities linked to the processing?", "nature"),
    113: ("Are there standards applicable to the processing?", "context"),
    121: ("What are the data processed?", "scope"),
    122: ("How does the life cycle of data and processes work?", "nature"),
    123: ("What are the data supporting assets?", "nature"),
    211: ("Are the processing purposes specified, explicit and legitimate?", "purposes"),
    212: ("What are the legal bases making the processing lawful?", "lawful_basis"),
    213: (
        "Are the data collected adequate, relevant and limited to what is necessary (minimisation)?",
        "data_quality",
    ),
    214: ("Are the data accurate and kept up to date?", "data_quality"),
    215: ("What are the storage durations of the data?", "scope"),
    221: ("How are the data subjects informed about the processing?", "individuals_rights"),
    222: ("If applicable, how is the consent of data subjects obtained?", "individuals_rights"),
    223: (
        "How can data subjects exercise their rights of access and to data portability?",
        "individuals_rights",
    ),
    224: ("How can data subjects exercise their rights to rectification and erasure?", "individuals_rights"),
    225: ("How can data subjects exercise their rights to restriction and to object?", "individuals_rights"),
    226: (
        "Are the obligations of the processors clearly defined and governed by a contract?",
        "processors_transfers",
    ),
    227: ("Are data transferred outside the European Union adequately protected?", "processors_transfers"),
}
RISKS = {
    "3.2": "Illegitimate access to data",
    "3.3": "Unwanted modification of data",
    "3.4": "Data disappearance",
}
RISK_PARTS = (
    ("1", "Impacts on the data subjects"),
    ("2", "Main threats"),
    ("3", "Risk sources"),
    ("4", "Measures"),
)
GAUGES = {1: "Negligible", 2: "Limited", 3: "Significant", 4: "Maximum"}
# Four points onto three, by the words of each scale: the CNIL's "limited" severity (inconveniences overcome
# with a few difficulties) and "limited" likelihood ("seems difficult") are the ICO's minimal and remote; its
# "significant" ("seems possible") is the ICO's significant and possible; its maximum is severe and probable.
SEVERITY = {1: "minimal", 2: "minimal", 3: "significant", 4: "severe"}
LIKELIHOOD = {1: "remote", 2: "remote", 3: "possible", 4: "probable"}
EVALUATION_STATUS = {0: "not yet evaluated", 1: "to be corrected", 2: "improvable", 3: "acceptable"}
VALIDATED = (2, 3)
MAX_PIAS = 500


@dataclass
class _Export:
    pia: dict
    answers: list[dict]
    measures: list[dict]
    evaluations: list[dict]
    comments: list[dict]


def is_cnil(value: object) -> bool:
    """Whether parsed JSON looks like a CNIL PIA export, in either shape."""
    if isinstance(value, dict):
        return isinstance(value.get("pia"), dict)
    return (
        isinstance(value, list) and bool(value) and all(isinstance(p, dict) and "answers" in p for p in value)
    )


def gauge_table() -> list[dict]:
    """The mapping of the tool's gauges to the ICO's scales, as shown to the user."""
    return [
        {
            "gauge": number,
            "name": name,
            "severity": labels(SEVERITIES)[SEVERITY[number]],
            "likelihood": labels(LIKELIHOODS)[LIKELIHOOD[number]],
        }
        for number, name in GAUGES.items()
    ]


def plan_cnil(value: object, kind_key: str, chosen: int = 0) -> Plan:
    """A plan for one PIA of an export (the `chosen` one of a list export)."""
    exports, names = _exports(value)
    chosen = chosen if 0 <= chosen < len(exports) else 0
    export = exports[chosen]
    kind = kinds.latest(kind_key)
    if kind is None:
        raise Refused(f"Unknown kind of assessment ‘{kind_key}’")
    builder = _Builder(kind)
    builder.read(export)
    return Plan(
        source="cnil",
        kind=kind.key,
        suggested_kind="dpia",
        details=_details(export.pia),
        notes=builder.notes,
        items=builder.items,
        gauges=gauge_table(),
        choices=names,
        chosen=chosen,
    )


# Shape checks: a hostile or damaged file gets a clear refusal, never an exception deeper down.


def _exports(value: object) -> tuple[list[_Export], list[str]]:
    if isinstance(value, dict):
        return [_export(value["pia"], value, "")], [_text(value["pia"].get("name")) or "PIA"]
    if not isinstance(value, list) or not value:
        raise Refused("This JSON is not a CNIL PIA export: it has no ‘pia’ and is not a list of PIAs")
    if len(value) > MAX_PIAS:
        raise Refused(f"This export holds more than {MAX_PIAS} PIAs; export them in smaller groups")
    exports = []
    for i, pia in enumerate(value):
        if not isinstance(pia, dict):
            raise Refused(f"This CNIL export is malformed: item {i + 1} of the list is not a PIA")
        exports.append(_export(pia, pia, f"PIA {i + 1}: "))
    return exports, [_text(e.pia.get("name")) or f"PIA {i + 1}" for i, e in enumerate(exports)]


def _export(pia: dict, parts: dict, where: str) -> _Export:
    if "name" in pia and not isinstance(pia["name"], (str, type(None))):
        raise Refused(f"This CNIL export is malformed: {where}the PIA's name must be text")
    found = {}
    for key in ("answers", "measures", "evaluations", "comments"):
        entries = parts.get(key)
        entries = [] if entries is None else entries
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise Refused(f"This CNIL export is malformed: {where}‘{key}’ must be a list of objects")
        found[key] = entries
    for i, answer in enumerate(found["answers"]):
        if not isinstance(answer.get("data", {}), (dict, type(None))):
            raise Refused(f"This CNIL export is malformed: {where}answer {i + 1}'s ‘data’ must be an object")
    return _Export(pia, **found)


class _Text(HTMLParser):
    """The tool stores rich text as HTML: keep the words and paragraph breaks, drop every tag."""

    BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(value: object) -> str:
    """Plain text from a value the export says is text (HTML allowed); anything else reads as empty."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return ""
    parser = _Text()
    parser.feed(value)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line).strip()


def _gauge(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value in GAUGES else 0


def _day(value: object) -> str:
    """The date part of the tool's timestamps, if it is a real, past date."""
    if not isinstance(value, str):
        return ""
    found = words.dates(value[:10], words.date.today()) if len(value) >= 10 else []
    return found[0][1].iso() if found else ""


def _details(pia: dict) -> dict:
    status = pia.get("status")
    return {
        "title": _text(pia.get("name"))[:200] or "Imported CNIL PIA",
        "reference": "",
        "owner": _text(pia.get("author_name"))[:200],
        "marking": "OFFICIAL",
        "marking_found": "",
        "started": _day(pia.get("created_at")),
        "conducted": _day(pia.get("updated_at")) if status in VALIDATED else "",
    }


class _Builder:
    """Turns one PIA's parts into plan items with suggested destinations."""

    def __init__(self, kind) -> None:
        self.kind = kind
        self.items: list[Item] = []
        self.notes: list[str] = []
        self.answers: dict[str, dict] = {}
        self.risk_ids: dict[str, str] = {}
        self.risk_levels: dict[str, str] = {}
        self.residuals: dict[str, str] = {}

    def add(self, location: str, text: str, target: str, reason: str, **extra) -> None:
        if not text.strip():
            return
        if target.startswith("q:") and not self._takes_text(target[2:]):
            target, reason = self._fallback(text)
        self.items.append(
            Item(
                id=f"i{len(self.items) + 1}",
                location=location,
                text=text,
                target=target,
                reason=reason,
                **extra,
            )
        )

    def _takes_text(self, key: str) -> bool:
        question = self.kind.questions.get(key)
        return takes_text(question)

    def _fallback(self, text: str) -> tuple[str, str]:
        """Another kind than a DPIA: the text question whose label is most like the CNIL question."""
        title = text.split("\n", 1)[0]
        best, found = 0.5, None
        for question in self.kind.questions.values():
            if takes_text(question) and words.similarity(title, question.label) >= best:
                best, found = words.similarity(title, question.label), question
        if found is None:
            return UNPLACED, f"No question of a {self.kind.short} matches this"
        return f"q:{found.key}", f"Most like ‘{found.label}’"

    def read(self, export: _Export) -> None:
        for answer in export.answers:
            data = answer.get("data") or {}
            self.answers[str(answer.get("reference_to"))] = data
        self.residuals = _residuals(export.evaluations)
        self.context_and_principles()
        self.risks()
        self.measures(export.measures)
        self.evaluations(export.evaluations)
        self.comments(export.comments)
        self.pia_fields(export.pia)

    def context_and_principles(self) -> None:
        for number, (title, destination) in QUESTIONS.items():
            data = self.answers.get(str(number))
            if not data:
                continue
            answer = _text(data.get("text")) or "\n".join(_text(v) for v in _list(data.get("list")))
            place = f"{str(number)[0]}.{str(number)[1]}.{number}"
            self.add(
                f"CNIL answer {place}",
                f"{title}\n{answer}" if answer else "",
                f"q:{destination}",
                f"The CNIL's question {place} asks this",
            )

    def risks(self) -> None:
        for ref, name in RISKS.items():
            base = ref.replace(".", "")
            lines = [name]
            for suffix, label in RISK_PARTS:
                listed = [_text(v) for v in _list((self.answers.get(base + suffix) or {}).get("list"))]
                if any(listed):
                    lines.append(f"{label}: {', '.join(v for v in listed if v)}")
            severity = self.answers.get(base + "5") or {}
            likelihood = self.answers.get(base + "6") or {}
            s, lk = _gauge(severity.get("gauge")), _gauge(likelihood.get("gauge"))
            for gauge, data, label, scale in (
                (s, severity, "Severity", SEVERITY),
                (lk, likelihood, "Likelihood", LIKELIHOOD),
            ):
                if gauge or _text(data.get("text")):
                    shown = f"{gauge} ({GAUGES[gauge]}, here {scale[gauge]})" if gauge else "not set"
                    lines.append(f"CNIL {label.lower()}: {shown}. {_text(data.get('text'))}".strip())
            if len(lines) == 1 and not (s or lk):
                continue
            self.risk_row(ref, "\n".join(lines), s, lk)

    def risk_row(self, ref: str, text: str, severity: int, likelihood: int) -> None:
        question = self.kind.questions.get("risks")
        if question is None or not ANSWER_TYPES[question.type].repeating or not (severity and likelihood):
            why = "Its severity or likelihood gauge is not set" if question else "Kept as text"
            self.add(f"CNIL risk {ref}", text, UNPLACED, why)
            return
        cells = {"source": text, "likelihood": LIKELIHOOD[likelihood], "severity": SEVERITY[severity]}
        option = finish_row(question, cells, [])
        self.risk_ids[ref] = cells["_id"]
        self.risk_levels[ref] = ico_risk(cells)
        self.add(
            f"CNIL risk {ref}",
            text,
            "t:risks",
            "One of the CNIL's three standard risks",
            options={"t:risks": option},
        )

    def measures(self, measures: list[dict]) -> None:
        """Each measure as a row per risk it treats, where the tool recorded that risk's residual level."""
        residual = self.residuals
        for measure in measures:
            title, content = _text(measure.get("title")), _text(measure.get("content"))
            text = f"{title}: {content}" if title and content else title or content
            linked = [ref for ref in RISKS if title and title in self._measures_of(ref)]
            placed = False
            for ref in linked:
                if ref in self.risk_ids and ref in residual:
                    placed = self.measure_row(ref, text, residual[ref]) or placed
            if not placed:
                why = (
                    "Treats no risk whose residual level the tool recorded" if linked else "Linked to no risk"
                )
                self.add(f"CNIL measure {measure.get('id', '')}".strip(), f"Measure: {text}", UNPLACED, why)

    def _measures_of(self, ref: str) -> list[str]:
        return [_text(v) for v in _list((self.answers.get(ref.replace(".", "") + "4") or {}).get("list"))]

    def measure_row(self, ref: str, text: str, residual: str) -> bool:
        question = self.kind.questions.get("measures")
        if question is None:
            return False
        before = [t.value for t in RISK_LEVELS].index(self.risk_levels[ref])
        effect = "reduced" if [t.value for t in RISK_LEVELS].index(residual) < before else "accepted"
        cells = {"risk": self.risk_ids[ref], "option": text, "effect": effect, "residual": residual}
        option = finish_row(question, cells, [])
        if option is None:
            return False
        self.add(
            f"CNIL measure for risk {ref}",
            f"{text}\nRisk: {RISKS[ref]}",
            "t:measures",
            f"Listed as treating ‘{RISKS[ref]}’",
            options={"t:measures": option},
        )
        return True

    def evaluations(self, evaluations: list[dict]) -> None:
        for evaluation in evaluations:
            ref = _text(evaluation.get("reference_to"))
            status = evaluation.get("status")
            shown = EVALUATION_STATUS.get(status, "") if isinstance(status, int) else ""
            parts = [f"CNIL evaluation of {ref}" + (f" ({shown})" if shown else "")]
            if _text(evaluation.get("evaluation_comment")):
                parts.append(f"Evaluation: {_text(evaluation.get('evaluation_comment'))}")
            if _text(evaluation.get("action_plan_comment")):
                parts.append(f"Action plan: {_text(evaluation.get('action_plan_comment'))}")
            x, y = _gauges(evaluation)
            if ref in RISKS and x and y:
                parts.append(f"Residual severity {x} ({GAUGES[x]}), likelihood {y} ({GAUGES[y]})")
            if len(parts) > 1:
                self.note(ref, "\n".join(parts), "An evaluator's note")

    def note(self, ref: str, text: str, reason: str) -> None:
        number = ref.split(".")[-1]
        destination = QUESTIONS.get(int(number))[1] if number.isdigit() and int(number) in QUESTIONS else ""
        target = f"q:{destination}" if destination else UNPLACED
        self.add(f"CNIL note on {ref}", text, target, reason + (" on this answer" if destination else ""))

    def comments(self, comments: list[dict]) -> None:
        for comment in comments:
            ref = _text(comment.get("reference_to"))
            text = _text(comment.get("description"))
            if text:
                self.note(ref, f"Comment on {ref}: {text}", "A comment")

    def pia_fields(self, pia: dict) -> None:
        dpo = _text(pia.get("dpo_opinion"))
        if dpo:
            status = {1: "favourable", 0: "unfavourable"}.get(pia.get("dpo_status"), "")
            who = _text(pia.get("dpos_names"))
            head = "DPO opinion" + (f" ({status})" if status else "") + (f", by {who}" if who else "")
            self.add("CNIL DPO opinion", f"{head}: {dpo}", "q:dpo_summary", "The DPO's opinion")
        people = _text(pia.get("concerned_people_opinion"))
        searched = pia.get("concerned_people_searched_opinion")
        if people or searched is False:
            who = _text(pia.get("people_names"))
            reason = _text(pia.get("concerned_people_searched_content"))
            text = f"Opinion of the people concerned{f' ({who})' if who else ''}: {people}" if people else ""
            if searched is False:
                text = f"The views of the people concerned were not sought. {reason}".strip()
            self.add("CNIL people concerned", text, "q:consultation", "The opinion of the people concerned")
        for key, label in (
            ("evaluator_name", "Evaluator"),
            ("validator_name", "Validator"),
            ("rejection_reason", "Reason the PIA was refused"),
            ("applied_adjustments", "Adjustments made after refusal"),
        ):
            if _text(pia.get(key)):
                self.add(
                    f"CNIL {label.lower()}", f"{label}: {_text(pia.get(key))}", UNPLACED, "No field matches"
                )
        if _text(pia.get("name")):
            self.add("CNIL PIA name", _text(pia.get("name")), OMIT, "Used as the title", content=False)


def _gauges(evaluation: dict) -> tuple[int, int]:
    """An evaluation's residual gauges: x is severity, y likelihood; 0 when not set."""
    gauges = evaluation.get("gauges") if isinstance(evaluation.get("gauges"), dict) else {}
    return _gauge(gauges.get("x")), _gauge(gauges.get("y"))


def _residuals(evaluations: list[dict]) -> dict[str, str]:
    """Each standard risk's residual level, from its evaluation's gauges, when the evaluator set them."""
    found = {}
    for evaluation in evaluations:
        ref = _text(evaluation.get("reference_to"))
        x, y = _gauges(evaluation)
        if ref in RISKS and x and y:
            found[ref] = ico_risk({"likelihood": LIKELIHOOD[y], "severity": SEVERITY[x]})
    return found


def _list(value: object) -> list:
    return value if isinstance(value, list) else []
