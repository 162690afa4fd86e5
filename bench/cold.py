"""Benchmark: cold `warclaims extract ONE_ARTICLE` against a bare spaCy load and parse.

Each side is a fresh subprocess, timed wall clock from start to exit, run ``--rounds`` times
interleaved (warclaims, bare, warclaims, bare, ...) so a busy machine slows both alike; the
medians and their ratio are printed (target <= 1.25), with the ratio of the fastest runs and
that of the median CPU seconds (both less disturbed by other jobs on a shared machine). The bare side is

    python -c "import spacy; nlp = spacy.load(MODEL); nlp(text)"

with the same installed model package and the same article text. ``--rev REV`` adds a third
side, interleaved with the other two: the same command with git revision REV's ``src/`` first
on PYTHONPATH (the figure before a change, in the same run).

``--compiled`` first compiles warclaims' modules to bytecode (both revisions), as installing a
package does (spaCy's are compiled, being installed): under ``PYTHONDONTWRITEBYTECODE=1`` each
run otherwise compiles every warclaims module it imports from source (~0.02 of the ratio).

    .venv/bin/python bench/cold.py [--article data/examples/ara-news-deir-ez-zor-2016-09.txt]
                                   [--published 2016-09-18] [--rounds 3] [--rev 79d1384] [--compiled]
                                   [--json]
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import shutil
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interleave import check_rounds, revision_src

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt"
RATIO_TARGET = 1.25


def installed_model() -> str:
    """Return the name of the installed English model package warclaims loads."""
    from warclaims.extract.nlp import MODEL_PACKAGES

    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise SystemExit(f"no spaCy model installed (tried {', '.join(MODEL_PACKAGES)})")


def warclaims_command(article: Path, published: str) -> list[str]:
    """Return the command line of the cold extraction (the console script when installed)."""
    script = shutil.which("warclaims", path=str(Path(sys.executable).parent))
    head = [script] if script else [sys.executable, "-m", "warclaims"]
    return [*head, "extract", str(article), "--published", published]


def bare_command(model: str, article: Path) -> list[str]:
    """Return the command line of a bare spaCy load plus one parse of the article."""
    code = (f"import spacy; nlp = spacy.load({model!r}); "
            f"nlp(open({str(article)!r}, encoding='utf-8').read())")
    return [sys.executable, "-c", code]


def wall_time(command: list[str], src: Path | None = None, cpu: list[float] | None = None) -> float:
    """Return the seconds one run of ``command`` takes (``src`` first on PYTHONPATH), appending
    its CPU seconds (user + system) to ``cpu``; raises when it fails."""
    env = None
    if src is not None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def compile_bytecode(src: Path) -> None:
    """Compile the modules under ``src`` to ``__pycache__`` bytecode, as an install does."""
    if not compileall.compile_dir(str(src), quiet=1):
        raise SystemExit(f"could not compile the modules under {src}")


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark; print and return its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument("--published", default="2016-09-18")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rev", default=None, help="also time this git revision's src/ (before a change)")
    parser.add_argument("--compiled", action="store_true",
                        help="compile warclaims' bytecode first, as an install does")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    check_rounds(args.rounds)

    ours_cmd = warclaims_command(args.article, args.published)
    bare_cmd = bare_command(installed_model(), args.article)
    with tempfile.TemporaryDirectory() as work:
        old_src = revision_src(Path(work), args.rev) if args.rev else None
        if args.compiled:
            for src in filter(None, [REPO / "src", old_src]):
                compile_bytecode(src)
        ours, bare, old = [], [], []
        cpu_ours, cpu_bare, cpu_old = [], [], []
        for _ in range(args.rounds):  # interleaved: every side sees the same machine load
            ours.append(wall_time(ours_cmd, cpu=cpu_ours))
            bare.append(wall_time(bare_cmd, cpu=cpu_bare))
            if old_src is not None:
                old.append(wall_time(ours_cmd, old_src, cpu=cpu_old))
    result = {
        "rounds": args.rounds,
        "bytecode": "compiled first" if args.compiled else "as found",
        "warclaims_extract_s": [round(t, 3) for t in ours],
        "bare_spacy_load_parse_s": [round(t, 3) for t in bare],
        "warclaims_extract_median_s": round(statistics.median(ours), 3),
        "bare_spacy_median_s": round(statistics.median(bare), 3),
        "ratio": round(statistics.median(ours) / statistics.median(bare), 3),
        "ratio_target": RATIO_TARGET,
        # Fastest runs too: on a shared machine the minimum is the least disturbed figure.
        "ratio_of_minimums": round(min(ours) / min(bare), 3),
        # CPU seconds (user + system) vary less than wall time when other jobs share the cores.
        "cpu_ratio_of_medians": round(statistics.median(cpu_ours) / statistics.median(cpu_bare), 3),
    }
    if old:
        result |= {
            f"rev_{args.rev}_extract_s": [round(t, 3) for t in old],
            f"rev_{args.rev}_median_s": round(statistics.median(old), 3),
            f"rev_{args.rev}_ratio": round(statistics.median(old) / statistics.median(bare), 3),
            f"rev_{args.rev}_ratio_of_minimums": round(min(old) / min(bare), 3),
            f"rev_{args.rev}_cpu_ratio_of_medians": round(statistics.median(cpu_old) / statistics.median(cpu_bare), 3),
        }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:30} {value}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
