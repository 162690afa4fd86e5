"""Both engines on the same corpus give the same articles, incidents, claims, links and ledgers."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from engines_corpus import corpus_inputs

pytestmark = [pytest.mark.spark, pytest.mark.slow]

COMPARED = ("articles", "incidents", "claims", "links", "ledger", "errors")
JSON_COLUMNS = {"metadata", "spans", "groups", "features", "ledger"}


def normalised(out_dir: Path, dataset: str) -> list[tuple]:
    """Return the rows of a dataset as sorted tuples: JSON parsed, floats rounded."""
    from warclaims.engines import layout

    def norm(col: str, value: Any) -> Any:
        if col in JSON_COLUMNS and isinstance(value, str):
            return json.dumps(json.loads(value), sort_keys=True)
        if isinstance(value, float):
            return None if math.isnan(value) else round(value, 6)
        return value

    rows = layout.read_rows(out_dir, dataset)
    return sorted(tuple((c, norm(c, r[c])) for c in layout.COLUMNS[dataset]) for r in rows)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, spark) -> dict[str, Path]:
    from warclaims.engines.local import run_local
    from warclaims.engines.spark import run_spark

    tmp = tmp_path_factory.mktemp("equivalence")
    inputs = corpus_inputs(tmp)
    run_local(inputs, tmp / "local", workers=2)
    run_spark(inputs, tmp / "spark", spark=spark)
    return {"local": tmp / "local", "spark": tmp / "spark"}


@pytest.mark.parametrize("dataset", COMPARED)
def test_engines_write_the_same_rows(outputs: dict[str, Path], dataset: str) -> None:
    local, spark = normalised(outputs["local"], dataset), normalised(outputs["spark"], dataset)
    assert len(local) == len(spark)
    assert local == spark


def test_the_corpus_exercises_every_stage(outputs: dict[str, Path]) -> None:
    from warclaims.engines import layout

    out = outputs["local"]
    assert len(layout.read_rows(out, "articles")) >= 40
    assert layout.read_rows(out, "incidents") and layout.read_rows(out, "claims")
    assert layout.read_rows(out, "links") and layout.read_rows(out, "ledger")
    codes = {e["code"] for e in layout.read_rows(out, "errors")}
    assert "W106" in codes  # the malformed JSON line
    refs = {a["source_ref"].split("#")[0].rsplit("/", 1)[-1] for a in layout.read_rows(out, "articles")}
    assert {"fakes.csv", "more.jsonl", "more.parquet"} <= refs
