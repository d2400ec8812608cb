"""The package's layout shows the design: one package per stage, data flowing one way.

A module may import from its own stage and from earlier ones, never from a later one, and no
import cycle exists between stages (``cli`` and the preview server used to import each other).
Imports are read from the source (top-level and inside functions alike)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "danvan_site"
# The stages in the order data flows through them.
STAGES = ["core", "vn", "vocab", "readers", "gazetteer", "extract", "store", "archive", "site", "search",
          "output", "build", "dev", "cli"]


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "danvan_site":
        return None
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else ("core" if len(parts) == 1 else None)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "danvan_site":
                found.extend((node.lineno, f"danvan_site.{a.name}") for a in node.names)
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names)
    return found


def test_every_module_is_in_a_stage():
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts in (("__init__.py",), ("__main__.py",)):
            continue
        assert rel.parts[0].removesuffix(".py") in STAGES, f"{rel} is in no stage"


def test_no_stage_imports_a_later_one():
    problems = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        here = rel.parts[0].removesuffix(".py")
        if here not in STAGES:
            continue
        for line, module in _imports(path):
            there = _stage(module)
            if there is not None and STAGES.index(there) > STAGES.index(here):
                problems.append(f"{rel}:{line} ({here}) imports {module} ({there})")
    assert not problems, "\n".join(problems)


def test_no_relative_imports():
    """Every import of the package is absolute: a module's dependencies read at a glance."""
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level > 0]
        assert not relative, f"{path.relative_to(PACKAGE)}: relative imports on lines {relative}"
