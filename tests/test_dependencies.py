"""Every library the engine imports is one that installing confsite installs: a package that arrives only with the
test tools (rich, for example, comes with twine) would be missing from a user's `pip install confsite`."""
from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from conftest import REPO

# Extras that a user may install for a feature; `test` and `bench` are the project's own tools, not the engine's.
TOOLS = {"test", "bench"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _with_extras(requirement: str) -> set[str]:
    """A requirement's name, and what the extras it asks for bring (`pagefind[bin]` brings pagefind-bin)."""
    name = _name(requirement)
    asked = re.search(r"\[([^\]]*)\]", requirement)
    extras = {e.strip() for e in asked.group(1).split(",")} if asked else set()
    brought = {name}
    for needed in importlib.metadata.requires(name) or []:
        extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)", needed)
        if extra and extra.group(1).strip() in extras:
            brought.add(_name(needed))
    return brought


def _imported() -> dict[str, str]:
    """Top-level modules imported anywhere in the engine (inside functions too), with a file that imports each."""
    found = {}
    for path in sorted((REPO / "confsite").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return found


def test_every_library_the_engine_imports_is_declared_for_users():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    wanted += [r for extra, rs in project.get("optional-dependencies", {}).items() if extra not in TOOLS for r in rs]
    declared = set().union(*map(_with_extras, wanted))
    distributions = importlib.metadata.packages_distributions()
    missing = {}
    for module, where in _imported().items():
        if module in sys.stdlib_module_names or module in {"confsite", "__future__"}:
            continue
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not names & declared:
            missing[module] = where
    assert not missing, f"imported but not in pyproject.toml's dependencies: {missing}"
