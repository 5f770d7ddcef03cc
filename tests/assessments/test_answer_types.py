"""The registry of answer types: complete, each type whole, and the only place that tells types apart."""

import ast
import inspect
import re
from pathlib import Path

import pytest

from dpia import kinds
from dpia.domain.answer_types import ANSWER_TYPES, AnswerType
from dpia.domain.samples import sample_answers
from dpia.domain.validate import Checker
from dpia.kinds import model

ROOT = Path(__file__).resolve().parents[2]
CONSTANTS = {"TEXT", "LONGTEXT", "CHOICE", "DATE", "YESNO", "TABLE", "GRID", "SIGNOFFS", "ROW_REF", "DERIVED"}
# Where types may be named and compared besides the registry: the kinds' declarations and their check.
ALLOWED = {
    "dpia/kinds/__init__.py",
    "dpia/kinds/model.py",
    "dpia/kinds/dpia.py",
    "dpia/kinds/eqia.py",
    "dpia/kinds/others.py",
    "dpia/store/migrations.py",
}
INTERFACE = sorted(
    name
    for name, member in vars(AnswerType).items()
    if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, property))
)


def _declared_types() -> tuple[set[str], set[str]]:
    questions, columns = set(), set()
    for kind in kinds.DEFINITIONS:
        for question in kind.questions.values():
            questions.add(question.type)
            columns.update(c.type for c in ANSWER_TYPES[question.type].columns(question))
    return questions, columns


def test_every_declared_type_is_registered():
    questions, columns = _declared_types()
    named = {*model.QUESTION_TYPES, *model.SIMPLE_TYPES, model.ROW_REF, model.DERIVED}
    assert questions | columns | named <= set(ANSWER_TYPES)
    assert all(answer_type.name == key for key, answer_type in ANSWER_TYPES.items())


@pytest.mark.parametrize("key", sorted(ANSWER_TYPES))
def test_each_type_implements_the_whole_interface(key):
    answer_type = ANSWER_TYPES[key]
    assert isinstance(answer_type, AnswerType)
    for name in INTERFACE:
        assert callable(getattr(type(answer_type), name)) or isinstance(
            getattr(type(answer_type), name), property
        )
    assert answer_type.form_macro and answer_type.answer_macro and answer_type.layout


def _macros(template: str) -> set[str]:
    source = (ROOT / "templates" / "assessments" / template).read_text()
    return set(re.findall(r"{%-?\s*macro\s+(\w+)\(", source))


def test_each_type_names_macros_that_exist():
    inputs, answers = _macros("_inputs.html"), _macros("_answers.html")
    for answer_type in ANSWER_TYPES.values():
        assert answer_type.form_macro in inputs, answer_type.name
        assert answer_type.answer_macro in answers, answer_type.name


@pytest.mark.parametrize("kind", kinds.DEFINITIONS, ids=lambda k: f"{k.key}-v{k.version}")
def test_each_declared_question_and_cell_goes_through_every_method(kind):
    """Sample answers of every kind pass through each method of their question's and cells' types."""
    answers = sample_answers(kind)
    for section in kind.sections:
        for question in section.questions:
            answer_type, value = ANSWER_TYPES[question.type], answers[question.key]
            check = Checker()
            assert answer_type.clean(check, question, value, answers) not in (None, "", [], {}), question.key
            assert not check.errors, check.errors
            assert list(answer_type.lines(kind, section, question, value, answers))
            assert answer_type.missing(section, question, value, "submit") == []
            assert answer_type.schema(question)["description"] == question.label
            assert answer_type.targets(question.label, question, value)[0].path == question.key
            assert answer_type.posted({}, question.key, question) is not None
            _cells_go_through(kind, question, value, answers)


def _cells_go_through(kind, question, value, answers):
    answer_type = ANSWER_TYPES[question.type]
    rows = value if answer_type.repeating else list(value.values()) if answer_type.fixed_rows else []
    for row in rows:
        for column in answer_type.columns(question):
            cell_type = ANSWER_TYPES[column.type]
            assert isinstance(cell_type.cell_text(kind, column, row, answers), str)
            assert isinstance(cell_type.cell_value(column, row), str)
            # The API describes the cells held in the stored row; a reference is withheld with its row.
            assert (cell_type.cell_schema(column, column.choices) is None) == (not cell_type.stored)
            target = cell_type.cell_target("path", "Label", column, row)
            assert (target is None) == (not cell_type.stored or cell_type.refers)
            assert isinstance(cell_type.read(column, cell_type.text(row.get(column.key, ""))), str)


# The branch on type must not creep back


def _python_modules():
    for path in sorted((ROOT / "dpia").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative not in ALLOWED and not relative.startswith("dpia/domain/answer_types/"):
            yield relative, ast.parse(path.read_text())


def _names_a_type(node: ast.expr) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "type" or node.attr in CONSTANTS
    if isinstance(node, ast.Name):
        return node.id in CONSTANTS
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_names_a_type(e) for e in node.elts)
    return False


def test_no_module_outside_the_registry_branches_on_answer_type():
    found = []
    for relative, tree in _python_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(map(_names_a_type, [node.left, *node.comparators])):
                found.append(f"{relative}:{node.lineno}")
            elif isinstance(node, ast.Match) and _names_a_type(node.subject):
                found.append(f"{relative}:{node.lineno}")
    assert found == [], "look the type up in dpia.domain.answer_types.ANSWER_TYPES instead"


def test_no_template_branches_on_answer_type():
    pattern = re.compile(r"kind_model\.|\b(question|column|q|c|field)\.type\s*(==|!=|in\b|not\s+in\b)")
    found = [
        f"{path.relative_to(ROOT)}:{source[: match.start()].count(chr(10)) + 1}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for source in [path.read_text()]
        for match in pattern.finditer(source)
    ]
    assert found == [], "use answer_type(...).form_macro or answer_macro instead"


# Each type's form input renders


def test_each_type_renders_its_form_input(make_assessment, signed_in):
    """Every input box is where its type says error messages link to; derived cells have none."""
    editor = signed_in("editor")
    seen = set()
    for kind in kinds.kinds():
        assessment_id = make_assessment(kind.key, answers=sample_answers(kind, rows=1))
        for section in kind.sections:
            url = f"/assessments/{assessment_id}/versions/1/sections/{section.key}"
            html = editor.get(url).get_data(as_text=True)
            for question in section.questions:
                seen.add(question.type)
                for name, key in _fields(question):
                    answer_type = ANSWER_TYPES[key]
                    seen.add(key)
                    if answer_type.stored:
                        assert f'id="{answer_type.input_id(name)}"' in html, (url, name)
                    else:
                        assert f'name="{name}"' not in html, (url, name)
    assert seen == set(ANSWER_TYPES)


def _fields(question):
    """(input name, type) of each box of a question's input."""
    answer_type = ANSWER_TYPES[question.type]
    if answer_type.repeating:
        yield from ((f"{question.key}-0-{c.key}", c.type) for c in question.columns)
    elif answer_type.fixed_rows:
        for row, (_, columns, _) in answer_type.rows(question).items():
            yield from ((f"{question.key}-{row}-{c.key}", c.type) for c in columns)
    else:
        yield question.key, question.type
