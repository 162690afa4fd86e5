"""Benchmark of `warclaims load`: seconds and peak memory for N and 4N articles, and their memory ratio.

A seed output is made once with the local engine from the first ``--seed`` FA-KES dev rows;
it is then replicated in the Parquet layout to N and 4N articles (each copy gets its own
article ids, text, content hash, incident keys and linked ids, so it is stored as new data),
written in row groups of ``--row-group`` articles, unsorted across copies as Spark output is.
Each load runs in a fresh subprocess into a fresh SQLite store; its peak RSS is the
``ru_maxrss`` of that child (``os.wait4``). Memory that does not grow with the corpus gives a
ratio (4N peak / N peak) close to 1.

Usage::

    .venv/bin/python bench/load.py                        # 2,000 and 8,000 articles, current code
    .venv/bin/python bench/load.py --articles 500 --rev d31bd8d --json out.json
    # --rev loads with that revision's src/warclaims/engines/load.py (d31bd8d: before bounded memory)
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAKES = ROOT / "data" / "fakes" / "fakes-dev.csv"


def seed_output(work: Path, n_rows: int) -> Path:
    """Run the local engine on the first ``n_rows`` FA-KES dev rows; return its OUT_DIR."""
    from warclaims.engines.local import run_local

    with FAKES.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:n_rows]
    corpus = work / "seed.csv"
    with corpus.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = work / "seed-out"
    run_local([str(corpus)], out, fmt="fakes", workers=1)
    return out


def _copy_row(dataset: str, row: dict, c: int) -> dict:
    """Return ``row`` of ``dataset`` as it is in copy ``c`` (new ids, text and keys)."""
    tag = f"~c{c}"
    row = dict(row)
    if dataset == "articles":
        row.update(id=row["id"] + tag, text=f"{row['text']} Copy {c}.", content_hash=f"{row['content_hash']}{tag}",
                   url=row["url"] and f"{row['url']}?copy={c}", source_ref=f"{row['source_ref']}{tag}")
    if "article_id" in row:
        row["article_id"] += tag
    if "incident_key" in row:
        aid, _, idx = row["incident_key"].rpartition("#")
        row["incident_key"] = f"{aid}{tag}#{idx}"
    if "linked_id" in row:
        row["linked_id"] += tag
    if dataset == "errors":
        row["source_ref"] += tag
    return row


def replicate(seed: Path, out: Path, n_articles: int, row_group: int) -> int:
    """Write ``seed`` replicated to at least ``n_articles`` articles under ``out``; return the article count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from warclaims.engines import layout

    per_copy = len(layout.read_rows(seed, "articles"))
    copies = -(-n_articles // per_copy)
    group_copies = max(1, row_group // per_copy)
    for dataset in layout.DATASETS:
        rows = layout.read_rows(seed, dataset)
        schema = layout.arrow_schema(dataset)
        path = layout.dataset_path(out, dataset)
        path.mkdir(parents=True)
        with pq.ParquetWriter(str(path / "part-00000.parquet"), schema) as writer:
            for first in range(0, copies, group_copies):
                # interleave copies so the file is not sorted by article id
                chunk = [_copy_row(dataset, r, c) for r in rows
                         for c in range(first, min(copies, first + group_copies))]
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
    return copies * per_copy


def old_module(work: Path, rev: str) -> Path:
    """Write ``load.py`` as of git revision ``rev`` to ``work``; return its path."""
    text = subprocess.run(["git", "show", f"{rev}:src/warclaims/engines/load.py"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    path = work / "old_load.py"
    path.write_text(text, encoding="utf-8")
    return path


def child(out_dir: str, db: str, module: str) -> None:
    """Load ``out_dir`` into ``db`` with ``module`` (``new`` or a path to a load.py); print the report as JSON."""
    if module == "new":
        from warclaims.engines.load import load_outputs
    else:
        import importlib.util

        spec = importlib.util.spec_from_file_location("old_load", module)
        mod = importlib.util.module_from_spec(spec)
        sys.modules["old_load"] = mod  # dataclasses look their module up while the class is made
        spec.loader.exec_module(mod)
        load_outputs = mod.load_outputs
    from warclaims.models import to_dict
    from warclaims.store import open_store

    open_store(db).dispose()  # schema created before the clock starts
    t0 = time.perf_counter()
    report = load_outputs(out_dir, db)
    print(json.dumps({"seconds": round(time.perf_counter() - t0, 2), "report": to_dict(report)}))


def measure(out_dir: Path, db: Path, module: str) -> dict:
    """Load ``out_dir`` in a subprocess; return its seconds, report and peak RSS in MB."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(out_dir), f"sqlite:///{db}", module],
                            stdout=subprocess.PIPE, text=True)
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"load failed with status {proc.returncode}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # Linux: kilobytes
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print one JSON object; return the exit status."""
    if argv is None and len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="N (the second run loads 4N); default 2000")
    parser.add_argument("--rev", default=None, help="load with this git revision's load.py (default: the tree's)")
    parser.add_argument("--seed", type=int, default=60, help="FA-KES rows run through the local engine")
    parser.add_argument("--row-group", type=int, default=1000, help="articles per Parquet row group")
    parser.add_argument("--json", dest="json_path", help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="warclaims-bench-load-"))
    try:
        module = "new" if args.rev is None else str(old_module(work, args.rev))
        impl = args.rev or "tree"
        seed = seed_output(work, args.seed)
        runs = []
        for n in (args.articles, 4 * args.articles):
            out = work / f"out-{n}"
            articles = replicate(seed, out, n, args.row_group)
            figures = measure(out, work / f"store-{n}.db", module)
            rows = {d: figures["report"].get(d) for d in ("articles", "extractions", "failures", "links")}
            runs.append({"articles": articles, "stored": rows, "seconds": figures["seconds"],
                         "peak_rss_mb": figures["peak_rss_mb"]})
            print(f"{impl}: {articles} articles {figures['seconds']:.1f} s, peak RSS "
                  f"{figures['peak_rss_mb']} MB", file=sys.stderr, flush=True)
            shutil.rmtree(out)
        summary = {"impl": impl, "runs": runs,
                   "memory_ratio_4n_over_n": round(runs[1]["peak_rss_mb"] / runs[0]["peak_rss_mb"], 2)}
        print(json.dumps(summary, indent=2))
        if args.json_path:
            Path(args.json_path).write_text(json.dumps(summary, indent=2) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
