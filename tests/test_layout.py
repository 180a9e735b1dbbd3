"""The checks a maintainer makes of the code's shape (docs/architecture.md), run on every push.

* no import loops between modules (imports at module level; a lazy import in a function
  does not make a loop at import time, but is still held to the layer rule below);
* ``core``, ``authz``, ``organisations``, ``accounts`` and ``jobs`` never import a pillar;
* no module past ~500 lines outside migrations and tests, but for the exceptions named below;
* every permission decision in ``smarterstate/authz``: no permission class elsewhere, and no
  role flag (``is_superuser``, ``is_central_analyst``) read outside it;
* every API delete goes through a service (no DRF default ``perform_destroy``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rest_framework.mixins import DestroyModelMixin

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "smarterstate"
FOUNDATIONS = ("core", "authz", "organisations", "accounts", "jobs")
PILLARS = ("commercial", "lifecycle", "skills", "outcomes", "ai", "capacity", "pillars")
MAX_LINES = 500
# Modules allowed past MAX_LINES, and why.
LONG_MODULES: dict[str, str] = {
    # "path": "why it stays long" (none today: add one only with its reason).
}
# Where reading a user's role flags is the point: the user model, its services, admin and demo.
ROLE_FLAGS_ALLOWED = ("smarterstate/authz/", "smarterstate/accounts/")


def _source_files() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts and "tests" not in path.parts
    ]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(path): path for path in _source_files()}


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    base = package.split(".")
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str, path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path, node)
            found.add(target)
            # ``from package import module`` imports the module.
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return {name for name in found if name in MODULES}


def test_no_import_loops():
    graph = {
        module: _imports(module, path, top_level_only=True) for module, path in MODULES.items()
    }
    # A package's __init__ runs before its modules: importing a module imports its package.
    for module in MODULES:
        parent = module.rsplit(".", 1)[0]
        if parent in MODULES and parent != module:
            graph[module].add(parent)
    loops = _cycles(graph)
    assert not loops, "import loops:\n" + "\n".join(" → ".join(loop) for loop in loops)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), ignoring a package
    importing its own modules (that is what a package does)."""
    edges = {
        module: {t for t in targets if not t.startswith(module + ".")}
        for module, targets in graph.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == module:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return result


@pytest.mark.parametrize("app", FOUNDATIONS)
def test_foundations_never_import_a_pillar(app):
    offending = []
    for module, path in MODULES.items():
        if not module.startswith(f"smarterstate.{app}"):
            continue
        for target in _imports(module, path, top_level_only=False):
            if target.split(".")[1] in PILLARS:
                offending.append(f"{module} imports {target}")
    assert not offending, offending


def test_no_module_is_past_500_lines():
    long = {
        str(path.relative_to(ROOT)): len(path.read_text().splitlines())
        for path in _source_files()
        if len(path.read_text().splitlines()) > MAX_LINES
    }
    unexplained = {name: lines for name, lines in long.items() if name not in LONG_MODULES}
    assert not unexplained, f"split these modules (or say why not in LONG_MODULES): {unexplained}"


def test_permission_classes_live_in_authz():
    elsewhere = []
    for module, path in MODULES.items():
        if module.startswith("smarterstate.authz"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and any(
                (isinstance(base, ast.Attribute) and base.attr.endswith("Permission"))
                or (isinstance(base, ast.Name) and base.id in ("IsAuthenticatedMember", "SignedIn"))
                for base in node.bases
            ):
                elsewhere.append(f"{module}.{node.name}")
    assert not elsewhere, f"permission classes outside smarterstate/authz: {elsewhere}"


def test_role_flags_are_read_only_in_authz():
    readers = []
    for path in _source_files():
        name = str(path.relative_to(ROOT))
        if name.startswith(ROLE_FLAGS_ALLOWED) or path.name in ("admin.py", "demo.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in (
                "is_superuser",
                "is_central_analyst",
            ):
                readers.append(f"{name}:{node.lineno}")
    assert not readers, f"use authz (platform_admin, reads_everything, can): {readers}"


def test_every_api_delete_goes_through_a_service(db):
    from smarterstate.api_urls import router

    default = []
    for prefix, viewset, _basename in router.registry:
        if issubclass(viewset, DestroyModelMixin) and "delete" in getattr(
            viewset, "http_method_names", ["delete"]
        ):
            if viewset.perform_destroy is DestroyModelMixin.perform_destroy:
                default.append(prefix)
    assert not default, f"DRF's default delete skips the services: {default}"


# Helpers every app shares, each defined once (in core or authz): copies drift.
SHARED_ONCE = {
    "apply_errors": "smarterstate.core.forms",
    "add_months": "smarterstate.core.dates",
    "whole_months_between": "smarterstate.core.dates",
    "MAX_ID": "smarterstate.core.api",
    "valid_query": "smarterstate.core.api",
    "get_in_organisation": "smarterstate.authz",
}


def _top_level_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_shared_helpers_are_defined_once():
    defined: dict[str, list[str]] = {name: [] for name in SHARED_ONCE}
    for module, path in MODULES.items():
        for name in _top_level_names(ast.parse(path.read_text())) & set(SHARED_ONCE):
            defined[name].append(module)
    assert defined == {name: [module] for name, module in SHARED_ONCE.items()}


def test_view_functions_are_not_named_like_a_service_or_selector():
    def layer(module: str, name: str) -> bool:
        return f".{name}." in f"{module}." or module.endswith(f".{name}")

    public = set()
    for module, path in MODULES.items():
        if layer(module, "services") or layer(module, "selectors"):
            public |= {
                node.name
                for node in ast.parse(path.read_text()).body
                if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
            }
    clashes = [
        f"{module}.{node.name}"
        for module, path in MODULES.items()
        if layer(module, "views")
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.FunctionDef) and node.name in public
    ]
    assert not clashes, (
        f"name views for their page (radar_page), not like what they call: {clashes}"
    )


def test_no_statement_follows_a_return_or_raise():
    unreachable = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if isinstance(block, list) and any(
                    isinstance(statement, ast.Return | ast.Raise | ast.Continue | ast.Break)
                    for statement in block[:-1]
                ):
                    unreachable.append(f"{module}:{node.lineno}")
    assert not unreachable, f"dead code after a return or raise: {unreachable}"
