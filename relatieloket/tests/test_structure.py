"""The shape of the portal's code (docs/architecture.md): every import between apps points down
the layers of `relatieloket.layers`, no app has an import cycle, and no module is longer than
a newcomer can read (500 lines), migrations and benchmark commands aside.

Imports are read from the source, wherever the statement stands (inside a function too), so a
late import does not hide an arrow. Tests are left out: a test may use any app."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from relatieloket.layers import LAYERS, PORTAL_APPS, layer_of

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 500


def _is_long_by_nature(parts):
    """Migrations and the benchmark commands (one long scenario each) may be longer."""
    return "migrations" in parts or (
        parts[-3:-1] == ("management", "commands") and parts[-1].startswith("benchmark_")
    )


def _modules():
    for app in sorted(PORTAL_APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield ".".join(parts)[: -len(".py")].removesuffix(".__init__"), path


MODULES = dict(_modules())


def _resolve(name):
    """The longest known module that `name` (a dotted import target) starts with."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(name, path):
    """(line, imported module) for each portal module that `name` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((node.lineno, sub if sub in MODULES else _resolve(target)))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, _resolve(alias.name)) for alias in node.names]
    return [(line, target) for line, target in found if target and target != name]


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _app(module):
    return module.partition(".")[0]


def test_every_app_of_the_portal_has_a_layer():
    local = {
        app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()
    }
    assert local == PORTAL_APPS, "place each app in relatieloket.layers.LAYERS"
    assert len(PORTAL_APPS) == sum(len(layer) for layer in LAYERS)


def test_the_graph_sees_imports_inside_functions():
    # referrals/views.py imports the spreadsheet writer inside the view that needs it.
    assert "relatieloket.spreadsheet" in {t for _line, t in GRAPH["referrals.views"]}
    assert "intake.models" in {t for _line, t in GRAPH["intake.selectors"]}


def test_imports_between_apps_point_down_the_layers():
    upward = [
        f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}"
        for name, targets in GRAPH.items()
        for line, target in targets
        if _app(target) != _app(name) and layer_of(_app(target)) <= layer_of(_app(name))
    ]
    assert upward == [], "imports that do not point down the layers:\n" + "\n".join(upward)


@pytest.mark.parametrize("app", sorted(PORTAL_APPS))
def test_no_import_cycle_inside_an_app(app):
    graph = {
        name: sorted({t for _line, t in targets if _app(t) == app})
        for name, targets in GRAPH.items()
        if _app(name) == app
    }
    done, stack = set(), []

    def visit(name):
        if name in stack:
            cycle = stack[stack.index(name) :] + [name]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        stack.append(name)
        for target in graph[name]:
            visit(target)
        stack.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


def test_no_module_imports_a_package_it_belongs_to():
    # Such an import runs the package's façade from inside it: a cycle waiting to happen.
    inward = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for _line, target in targets
        if name.startswith(target + ".")
    ]
    assert inward == []


@pytest.mark.parametrize(
    "name",
    sorted(
        name
        for name, path in MODULES.items()
        if not _is_long_by_nature(path.relative_to(ROOT).parts)
    ),
)
def test_no_module_is_longer_than_500_lines(name):
    lines = len(MODULES[name].read_text().splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines: split it by concern"
