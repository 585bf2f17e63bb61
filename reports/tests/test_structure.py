"""The shape of reports/: modules a newcomer can read (none over 500 lines), and imports that
form no cycle, counting the imports inside functions."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]  # reports/
MAX_LINES = 500
# Longer for now, to be split on its own: the national benchmark command.
LONGER = set()


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        name = ".".join(("reports", *parts))[: -len(".py")]
        yield name.removesuffix(".__init__"), path


MODULES = dict(_modules())


def _imports(name, path):
    """The reports modules `name` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    # A package's __init__ importing its own modules is its façade, not a dependency.
    return {t for t in found if t in MODULES and t != name and not t.startswith(name + ".")}


@pytest.mark.parametrize("name", sorted(set(MODULES) - LONGER))
def test_no_module_is_longer_than_500_lines(name):
    lines = len(MODULES[name].read_text().splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_no_import_cycle_in_reports():
    graph = {name: _imports(name, path) for name, path in MODULES.items()}
    assert graph["reports.letter.compose"] >= {"reports.letter.snapshot", "reports.letter.blocks"}
    done, stack = set(), []

    def visit(name):
        if name in stack:
            raise AssertionError("import cycle: " + " -> ".join([*stack, name]))
        if name in done:
            return
        stack.append(name)
        for target in sorted(graph[name]):
            visit(target)
        stack.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


def test_no_module_imports_a_package_it_belongs_to():
    upward = [
        (name, target)
        for name, path in MODULES.items()
        for target in _imports(name, path)
        if name.startswith(target + ".")
    ]
    assert upward == []
