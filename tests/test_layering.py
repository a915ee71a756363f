"""The layering of the source tree, read from its imports (every import, also inside functions).

- no import circle between the project's files;
- each layer imports only downwards: models <- services <- ui / seed / cli <- pages / app;
  services never import streamlit;
- the core (models/core, services/core, services/i18n, the shared ui/ files) names no module;
- only the composition (app.py, manage.py, the navigation, the dashboard, the home page, the demo
  seed) reads the registry, so no module can reach back up to it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from services import registry

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "services", "ui", "pages", "seed", "cli", "loadtest")
TOP_FILES = ("app.py", "manage.py")
MODULES = {m.name for m in registry.MODULES} - {"core"}
COMPOSITION = {
    "app", "manage", "ui.nav", "ui.dashboard", "pages.core.home", "seed.demo", "services.registry",
    "cli.core",  # purge-personal-data runs every module's retention step
    "ui.origins",  # a record's "came from" links, from every module's origins hook
    "loadtest.writes",  # the load test looks for the complaints and survey forms it saved
}  # fmt: skip
ALLOWED = {  # layer -> layers it may import
    "models": {"models"},
    "services": {"models", "services"},
    "ui": {"models", "services", "ui"},
    "seed": {"models", "services", "seed"},
    "cli": {"models", "services", "seed", "cli", "loadtest"},
    "loadtest": {"models", "services", "loadtest"},  # a client of the app: never its ui or pages
    "pages": {"models", "services", "ui"},
    "app": {"models", "services", "ui"},
    "manage": {"services", "cli"},
}


def _dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _files() -> dict[str, Path]:
    found = {_dotted(ROOT / name): ROOT / name for name in TOP_FILES}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found[_dotted(path)] = path
    return found


FILES = _files()


def _target(name: str) -> str | None:
    """The project file an imported dotted name lands in (a submodule, else its package)."""
    while name:
        if name in FILES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(path: Path) -> set[str]:
    """Dotted names this file imports, with `from a import b` read as `a.b` when b is a file."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in FILES else node.module)
    return out


GRAPH = {name: {t for t in map(_target, _imports(path)) if t and t != name} for name, path in FILES.items()}
RAW = {name: _imports(path) for name, path in FILES.items()}


def _layer(name: str) -> str:
    return name.split(".")[0]


def _module_of(name: str) -> str:
    """The app module a file belongs to: the folder or file named after it in its layer, else core."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in MODULES else "core"


def test_the_graph_covers_every_layer_and_module():
    layers = {_layer(n) for n in FILES}
    assert set(PACKAGES) <= layers
    for module in MODULES:  # every registered module has its folder in services and pages at least
        assert any(n.startswith(f"services.{module}") for n in FILES), module
        assert any(n.startswith(f"pages.{module}") for n in FILES), module


def test_there_is_no_import_circle():
    done: set[str] = set()
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(node: str) -> None:
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(GRAPH[node]):
            if nxt in on_stack:
                circle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("import circle: " + " -> ".join(circle))
            if nxt not in done:
                visit(nxt)
        stack.pop()
        on_stack.discard(node)
        done.add(node)

    for name in sorted(GRAPH):
        if name not in done:
            visit(name)


def test_each_layer_imports_only_downwards():
    wrong = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if _layer(target) not in ALLOWED[_layer(name)]
    ]
    assert wrong == []


def test_services_and_models_never_import_streamlit():
    wrong = [
        name
        for name, imported in RAW.items()
        if _layer(name) in ("services", "models", "seed", "cli")
        and any(i.split(".")[0] == "streamlit" for i in imported)
    ]
    assert wrong == []


def test_the_core_names_no_module():
    wrong = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if _module_of(name) == "core" and name not in COMPOSITION
        for target in targets
        if _module_of(target) != "core"
    ]
    assert wrong == []


def test_only_the_composition_reads_the_registry():
    readers = {name for name, targets in GRAPH.items() if "services.registry" in targets}
    assert readers <= COMPOSITION, readers - COMPOSITION


def test_a_circle_would_be_caught(monkeypatch):
    """The check above can fail: a core file importing a module closes a circle through the registry."""
    monkeypatch.setitem(GRAPH, "services.core.access", GRAPH["services.core.access"] | {"services.complaints.access"})
    with pytest.raises(pytest.fail.Exception, match="import circle"):
        test_there_is_no_import_circle()
    with pytest.raises(AssertionError):
        test_the_core_names_no_module()
