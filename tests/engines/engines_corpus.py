"""A small mixed-format corpus for the engine tests (bundled sample + FA-KES rows as CSV, JSONL, Parquet)."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
FAKES = ROOT / "data" / "fakes" / "fakes-dev.csv"
N_FAKES_ROWS = 24


def fakes_rows(n: int) -> list[dict[str, str]]:
    """Return the first ``n`` rows of the FA-KES dev CSV."""
    with FAKES.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))[:n]


def write_corpus(root: Path) -> Path:
    """Write a corpus mixing CSV (FA-KES), JSON Lines and Parquet; return its folder.

    The JSONL and Parquet copies carry other ids and slightly changed texts, so they are
    articles of their own rather than duplicates of the CSV rows.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    rows = fakes_rows(N_FAKES_ROWS)
    with (corpus / "fakes.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:16])
    with (corpus / "more.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows[8:20]:
            fh.write(json.dumps({"id": f"j{r['unit_id']}", "title": r["article_title"], "source": r["source"],
                                 "text": r["article_content"] + " (JSON copy)", "date": r["date"]}) + "\n")
        fh.write("{not json\n")
    table = pa.Table.from_pylist([{"id": f"p{r['unit_id']}", "headline": r["article_title"],
                                   "body": r["article_content"] + " (Parquet copy)", "outlet": r["source"]}
                                  for r in rows[12:24]])
    pq.write_table(table, corpus / "more.parquet")
    return corpus


def corpus_inputs(tmp: Path) -> list[str]:
    """Return the inputs of the engine tests: the bundled sample (when present) and a written corpus."""
    inputs = [str(write_corpus(tmp))]
    if SAMPLE.is_dir() and any(SAMPLE.iterdir()):
        inputs.insert(0, str(SAMPLE))
    return inputs


JSON_COLUMNS = {"metadata", "spans", "groups", "features", "ledger"}


def normalised(out_dir: Path, dataset: str) -> list[tuple]:
    """Return the rows of a batch output dataset as sorted tuples: JSON parsed, floats rounded."""
    from warclaims.engines import layout

    def norm(col: str, value: Any) -> Any:
        if col in JSON_COLUMNS and isinstance(value, str):
            return json.dumps(json.loads(value), sort_keys=True)
        if isinstance(value, float):
            return None if math.isnan(value) else round(value, 6)
        return value

    rows = layout.read_rows(out_dir, dataset)
    return sorted(tuple((c, norm(c, r[c])) for c in layout.COLUMNS[dataset]) for r in rows)
