"""The engine's layout shows the pipeline: packages by stage, imports pointing one way, small modules."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "confsite"
# The stages in build order; a module may import from its own stage and the ones before it, never a later one.
STAGES = ("base", "read", "assemble", "render", "check", "output", "commands")
COMMANDS = {"cli", "pipeline", "serve", "newsite", "__main__", "importers"}
MAX_LINES = 400


def _stage(module: str) -> str:
    """The stage of a module given as its dotted name under confsite ('read.bibtex', 'errors')."""
    top = module.split(".")[0]
    if top in COMMANDS:
        return "commands"
    return top if top in STAGES else "base"


def _modules():
    for path in sorted(ENGINE.rglob("*.py")):
        yield path, ".".join(path.relative_to(ENGINE).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path):
    """Each confsite module `path` imports, with the line of the import."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "confsite":
            names = [node.module] if node.module != "confsite" else [f"confsite.{alias.name}" for alias in node.names]
            for name in names:
                yield name.removeprefix("confsite.").removeprefix("confsite"), node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("confsite."):
                    yield alias.name.removeprefix("confsite."), node.lineno


def test_no_module_imports_from_a_later_stage():
    wrong = []
    for path, module in _modules():
        own = STAGES.index(_stage(module))
        for imported, line in _imports(path):
            if imported and STAGES.index(_stage(imported)) > own:
                wrong.append(f"confsite/{path.relative_to(ENGINE)}:{line}: {module} ({_stage(module)}) imports "
                             f"{imported} ({_stage(imported)})")
    assert wrong == []


@pytest.mark.parametrize("path", [path for path, _ in _modules()], ids=lambda path: str(path.relative_to(ENGINE)))
def test_no_module_is_longer_than_the_house_style_allows(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"confsite/{path.relative_to(ENGINE)} has {lines} lines"


def test_the_checker_sees_a_later_import():
    assert _stage("read.bibtex") == "read" and _stage("output.write") == "output" and _stage("errors") == "base"
    assert STAGES.index(_stage("render.templates")) > STAGES.index(_stage("assemble.site"))
    assert _stage("importers.command") == "commands" and _stage("pipeline") == "commands"
