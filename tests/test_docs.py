"""The README stays honest: its roles table, its configuration tables and the commands it may point to.

Help text on every command, and the README's command reference, are checked in tests/test_cli.py.
"""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import click
from flask import Flask

import dpia.cli
from dpia import config
from dpia.permissions import PERMISSION_LABELS, PERMISSIONS
from dpia.services.accounts.settings import SETTINGS
from dpia.vocab import ROLE_NAMES, ROLES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _section(title: str) -> str:
    """The text of a README section: from its `## ` heading to the next one."""
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert found, f"README has no ‘## {title}’ section"
    return found.group(1)


def _tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table in the text, as rows of cells, header row first and the rule row left out."""
    tables, current = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


# Roles


def test_every_permission_has_words_for_the_readme():
    assert list(PERMISSION_LABELS) == list(PERMISSIONS)
    assert all(PERMISSION_LABELS.values())


def test_the_readme_has_one_roles_table_and_it_says_what_permissions_py_says():
    tables = [t for t in _tables(README) if t[0][0] in ("role", "may")]
    assert len(tables) == 1, "the roles table should be in the README once"
    [table] = _tables(_section("Roles"))
    header, *rows = table
    labels = {role.label: role.value for role in ROLES}
    assert header[0] == "may"
    assert [labels.get(h) for h in header[1:]] == list(ROLE_NAMES), "one column per role, in vocab order"
    documented = {row[0]: {ROLE_NAMES[i] for i, cell in enumerate(row[1:]) if cell == "✓"} for row in rows}
    assert all(cell in ("✓", "") for row in rows for cell in row[1:])
    expected = {PERMISSION_LABELS[p]: set(roles) for p, roles in PERMISSIONS.items()}
    assert documented == expected, "regenerate the README's roles table from dpia/permissions.py"


# Configuration


def _shown(value: object) -> str:
    """A default as the README's configuration table writes it."""
    return f"`{value}`"


def _documented_config() -> dict[str, str]:
    """Configuration keys in the README's tables: key -> default as written."""
    found = {}
    for table in _tables(_section("Configuration")):
        for row in table[1:]:
            key = re.fullmatch(r"`([A-Z][A-Z0-9_]+)`", row[0])
            if key:
                found[key.group(1)] = row[1]
    return found


def _instance_files() -> dict[str, str]:
    """Keys create_app gives a default beside config.DEFAULTS: key -> its name in the instance folder."""
    tree = ast.parse((ROOT / "dpia" / "app.py").read_text())
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "from_mapping"
    ]
    assert calls, "create_app no longer calls app.config.from_mapping"
    found = {}
    for keyword in (k for call in calls for k in call.keywords):
        [name] = [n.value for n in ast.walk(keyword.value) if isinstance(n, ast.Constant)]
        found[keyword.arg] = name
    return found


def test_every_configuration_default_is_in_the_readme():
    documented = _documented_config()
    missing = [key for key in [*config.DEFAULTS, *_instance_files()] if key not in documented]
    assert not missing, f"README's Configuration section does not document {missing}"
    for key, value in config.DEFAULTS.items():
        assert documented[key] == _shown(value), key
    for key, name in _instance_files().items():
        assert documented[key] == _shown(f"instance/{name}"), key


def test_every_configuration_key_the_readme_names_is_real():
    known = {**Flask.default_config, **config.DEFAULTS}
    for key, default in _documented_config().items():
        if key in _instance_files():
            continue
        assert key in known, f"README documents {key}, which nothing reads"
        assert default == _shown(known[key]), key


def _setting_default(value: object) -> str:
    if isinstance(value, list) and set(value) <= {role.value for role in ROLES}:
        return ", ".join(role.label for role in ROLES if role.value in value)
    if isinstance(value, list):
        return "; ".join(value)
    return _shown(value) if value != "" else "none"


def test_every_setting_is_in_the_readme_with_its_default():
    rows = {row[0]: row[1] for table in _tables(_section("Configuration")) for row in table[1:]}
    for setting in SETTINGS:
        assert setting.label in rows, f"README's Configuration section does not list ‘{setting.label}’"
        assert rows[setting.label] == _setting_default(setting.default), setting.key


# Commands


def _reachable(group: click.Group) -> set[int]:
    found = set()
    for command in group.commands.values():
        found.add(id(command))
        if isinstance(command, click.Group):
            found |= _reachable(command)
    return found


def test_every_command_in_dpia_cli_is_registered_so_its_help_is_checked(app):
    reachable = _reachable(app.cli)
    for module_info in pkgutil.iter_modules(dpia.cli.__path__):
        module = importlib.import_module(f"dpia.cli.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, click.Command) and value is not app.cli and module_info.name != "main":
                assert id(value) in reachable, f"dpia.cli.{module_info.name}.{name} is not a `dpia` command"
