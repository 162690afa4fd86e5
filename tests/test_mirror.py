"""The tests mirror the package: each module with logic has its own ``tests/<package>/test_<module>.py``."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "warclaims"
TESTS = REPO / "tests"
MIN_FUNCTIONS = 2
"""A module with fewer functions (constants, re-exports, one dataclass) needs no test module of its own."""
RENAMED = {"_lazy.py": "test_lazy.py"}
"""Mirrors whose name drops a leading underscore."""


def _functions(path: Path) -> int:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sum(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(tree))


def modules_without_a_test_module(src: Path = SRC, tests: Path = TESTS) -> list[str]:
    """Return the modules of ``src`` with logic that have no mirrored test module under ``tests``."""
    missing = []
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src)
        if path.name in ("__init__.py", "__main__.py") or "migrations" in rel.parts:
            continue
        if _functions(path) < MIN_FUNCTIONS:
            continue
        mirror = tests.joinpath(*rel.parts[:-1], RENAMED.get(path.name, f"test_{path.stem}.py"))
        if not mirror.exists():
            missing.append(str(rel))
    return missing


def test_every_module_with_logic_has_its_test_module():
    assert modules_without_a_test_module() == []


def test_a_new_module_without_tests_is_reported(tmp_path):
    src, tests = tmp_path / "warclaims", tmp_path / "tests"
    (src / "link").mkdir(parents=True)
    (tests / "link").mkdir(parents=True)
    (src / "link" / "blocks.py").write_text("def a():\n    pass\n\n\ndef b():\n    pass\n")
    (src / "link" / "consts.py").write_text("X = 1\n")
    assert modules_without_a_test_module(src, tests) == ["link/blocks.py"]
    (tests / "link" / "test_blocks.py").write_text("")
    assert modules_without_a_test_module(src, tests) == []
