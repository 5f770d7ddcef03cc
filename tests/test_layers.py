"""The shape of the house: layers import downwards only, features keep to their rooms, no import circles."""

import ast
from pathlib import Path

import pytest

from dpia import search
from dpia.vocab import ROLE_NAMES

PACKAGE = Path(__file__).resolve().parent.parent / "dpia"

# Third-party libraries each layer may not import: each library stays behind one layer.
LIBRARY_RULES = {
    "views": {"sqlite_utils", "whoosh", "docx"},
    "store": {"flask", "whoosh", "docx"},
    # Importers read bytes into plain data: no request, no database.
    "importers": {"flask", "sqlite_utils", "whoosh"},
    "search": {"flask", "sqlite_utils", "docx"},
    "export": {"flask", "sqlite_utils", "whoosh"},
    "domain": {"flask", "sqlite_utils", "whoosh", "docx"},
    "kinds": {"flask", "sqlite_utils", "whoosh", "docx"},
    "services": {"docx"},
    "cli": {"docx"},
}
# What sits above the use cases: nothing below them may import these.
UPPER = ("dpia.services", "dpia.views", "dpia.cli", "dpia.demo", "dpia.web", "dpia.app")
LOWER = ("store", "search", "export", "kinds", "importers", "domain")
ROOT_RULES = (
    "errors",
    "actor",
    "permissions",
    "vocab",
    "partial_dates",
    "csv_safety",
    "config",
    "mail",
    "clock",
)
# Feature rooms of the services, one word each; a feature small enough for one module stays a module.
ROOMS = {"assessments", "disclosure", "monitoring", "accounts", "search", "atrs", "publications"}
SINGLE_MODULE_FEATURES = {"systems", "transparency"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _targets(path: Path) -> set[str]:
    """dpia modules a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else node.module)
    return {name for name in found if name in MODULES}


GRAPH = {name: _targets(path) for name, path in MODULES.items()}


def _libraries(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(LIBRARY_RULES))
def test_layers_import_only_the_libraries_they_may(layer):
    for path in (PACKAGE / layer).rglob("*.py"):
        forbidden = _libraries(path) & LIBRARY_RULES[layer]
        assert not forbidden, f"{path.relative_to(PACKAGE)} imports {forbidden}"


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), i.e. import circles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles_anywhere_in_dpia():
    assert _cycles() == []


def test_an_import_circle_would_be_found():
    """The check itself works: a made-up circle between two modules is reported."""
    GRAPH["dpia.errors"].add("dpia.actor")
    GRAPH["dpia.actor"].add("dpia.errors")
    try:
        assert ["dpia.actor", "dpia.errors"] in _cycles()
    finally:
        GRAPH["dpia.errors"].discard("dpia.actor")
        GRAPH["dpia.actor"].discard("dpia.errors")


@pytest.mark.parametrize("layer", LOWER)
def test_lower_layers_never_import_upwards(layer):
    for name, targets in GRAPH.items():
        if name.startswith(f"dpia.{layer}"):
            upward = {t for t in targets if t.startswith(UPPER)}
            assert not upward, f"{name} imports {upward}"


@pytest.mark.parametrize("module", ROOT_RULES)
def test_shared_root_modules_never_import_upwards(module):
    upward = {t for t in GRAPH[f"dpia.{module}"] if t.startswith(UPPER)}
    assert not upward


def test_services_never_import_views_commands_or_demo_data():
    for name, targets in GRAPH.items():
        if name.startswith("dpia.services"):
            upward = {t for t in targets if t.startswith(UPPER) and not t.startswith("dpia.services")}
            assert not upward, f"{name} imports {upward}"


def test_services_are_feature_rooms():
    folder = PACKAGE / "services"
    rooms = {p.name for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__"}
    assert rooms == ROOMS
    assert modules == SINGLE_MODULE_FEATURES


def test_search_is_used_only_through_its_public_face():
    """Outside dpia/search, code imports `dpia.search` and the names it exports, never its inner modules."""
    for name, path in MODULES.items():
        if name.startswith("dpia.search"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dpia.search."):
                pytest.fail(f"{name} imports {node.module}")
            if isinstance(node, ast.ImportFrom) and node.module == "dpia.search":
                unknown = {alias.name for alias in node.names} - set(search.__all__)
                assert not unknown, f"{name} imports {unknown} from dpia.search"


def test_roles_are_named_only_where_permissions_are_declared():
    """Who may do what lives in dpia/permissions.py: no use case or page names a role to decide it."""
    for name, path in MODULES.items():
        if not name.startswith(("dpia.services", "dpia.views", "dpia.domain", "dpia.web")):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            # A role compared with, or gathered into a tuple, list or set: a decision about who may.
            if isinstance(node, ast.Compare | ast.Tuple | ast.List | ast.Set):
                values = [node.left, *node.comparators] if isinstance(node, ast.Compare) else node.elts
                named = [v.value for v in values if isinstance(v, ast.Constant) and v.value in ROLE_NAMES]
                assert not named, f"{name} names the role {named[0]!r} on line {node.lineno}"
