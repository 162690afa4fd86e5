"""The layers as a checked contract (docs/ARCHITECTURE.md): import-linter's contracts in
pyproject.toml hold on the package, and a new upward import or cycle breaks them."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("importlinter")

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` with the project's contracts on the package under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", str(REPO / "pyproject.toml")],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def copy_of_package(tmp_path: Path) -> Path:
    """Return a ``src`` folder holding a copy of the package's Python modules (data left out)."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "src" / "warclaims", src / "warclaims",
                    ignore=lambda _dir, names: [n for n in names if n in ("data", "static", "__pycache__")])
    return src


def test_the_import_contracts_hold():
    result = lint_imports(REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # a stage reaching up into the store (inside a function: still an import)
        ("extract/numbers.py", "def _reach_up():\n    from warclaims.store import articles\n",
         "Layers"),
        # the store reaching up into the orchestration layer
        ("store/clock.py", "from warclaims import api\n", "Layers"),
        # a new caller of the store outside api/services
        ("export/writers.py", "from warclaims.store import ledger\n", "The store is reached only"),
        # a new cycle inside a package (ingest/url.py only fetches bytes)
        ("ingest/url.py", "from warclaims.ingest import feed\n", "No import cycle"),
        # a CLI command reaching past the api into the store, or into a stage
        ("cli/relink.py", "from warclaims.store import ledger\n", "only through warclaims.api"),
        ("cli/extract.py", "from warclaims.extract import pipeline\n", "only through warclaims.api"),
        # the web app reaching past the api into the orchestration services, or into the records
        ("web/service.py", "from warclaims.services import assess\n", "only through warclaims.api"),
        ("web/pages.py", "from warclaims.models import Article\n", "only through warclaims.api"),
        # a batch engine running a stage or the store itself instead of through api.batch
        ("engines/linking.py", "from warclaims.link import cluster\n", "The batch engines reach"),
        ("engines/load.py", "from warclaims.store import ledger\n", "The batch engines reach"),
    ],
)
def test_a_new_violation_breaks_the_contract(tmp_path, module, line, broken):
    src = copy_of_package(tmp_path)
    with (src / "warclaims" / module).open("a", encoding="utf-8") as fh:
        fh.write("\n\n" + line)
    result = lint_imports(src)
    assert result.returncode == 1, result.stdout
    broken_section = result.stdout.split("Broken contracts", 1)[1]
    assert broken in broken_section, result.stdout


def import_cycles(src: Path) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/import_cycles.py`` on the package under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([sys.executable, str(REPO / "scripts" / "import_cycles.py")],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_cycle_lister_finds_none_in_the_package():
    result = import_cycles(REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 module-level cycle(s)" in result.stdout and "0 package-level cycle(s)" in result.stdout


def test_the_cycle_lister_names_a_new_cycle_and_its_import_lines(tmp_path):
    src = copy_of_package(tmp_path)
    with (src / "warclaims" / "link" / "records.py").open("a", encoding="utf-8") as fh:
        fh.write("\n\ndef _reach_up():\n    from warclaims.reconcile import ledger\n")
    result = import_cycles(src)
    assert result.returncode == 1
    assert "1 package-level cycle(s)" in result.stdout
    assert "warclaims.link -> warclaims.reconcile" in result.stdout and "warclaims.link.records:" in result.stdout


# Imports sit at the top of each module (issue 14); a heavy library loads through
# warclaims._lazy.require, the one place an import statement may run inside a function.
LAZY_HELPER = "_lazy.py"
# Packages whose function-level imports are still being moved (other branches of issue 14).
# Empty it as they land; a clean package listed here fails the test below, so it cannot rot.
PENDING: set[str] = set()


def function_level_imports(root: Path) -> dict[str, list[str]]:
    """Return ``{package: ["file:line", ...]}`` of every import statement inside a function
    (a def or async def at any depth) in the modules under ``root`` (the package folder), the
    lazy helper excepted; the package of ``root/api.py`` is "api", of ``root/extract/x.py`` "extract"."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.as_posix() == LAZY_HELPER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        lines = {node.lineno
                 for func in ast.walk(tree) if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for node in ast.walk(func) if isinstance(node, (ast.Import, ast.ImportFrom))}
        package = relative.parts[0].removesuffix(".py")
        found.setdefault(package, []).extend(f"{path.relative_to(root.parent)}:{line}" for line in sorted(lines))
    return {package: places for package, places in found.items() if places}


def test_no_import_inside_a_function_outside_the_lazy_helper():
    found = function_level_imports(REPO / "src" / "warclaims")
    offenders = [where for package, places in sorted(found.items()) if package not in PENDING for where in places]
    assert not offenders, "import inside a function (move it to the top, or use warclaims._lazy.require):\n" + \
        "\n".join(offenders)
    clean = sorted(PENDING - found.keys())
    assert not clean, f"no function-level import left in {clean}: remove them from PENDING"


def test_the_import_finder_sees_a_nested_import(tmp_path):
    module = tmp_path / "extract" / "numbers.py"
    module.parent.mkdir()
    module.write_text("import re\n\n\nclass A:\n    def f(self):\n        if True:\n            import json\n",
                      encoding="utf-8")
    (tmp_path / LAZY_HELPER).write_text("def require(m):\n    import importlib\n", encoding="utf-8")
    found = function_level_imports(tmp_path)
    assert found == {"extract": [f"{tmp_path.name}/extract/numbers.py:7"]}
