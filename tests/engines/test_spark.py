"""warclaims.engines.spark: both engines on the same corpus give the same articles, incidents, claims, links and ledgers."""

from __future__ import annotations

from pathlib import Path

import pytest

from engines_corpus import corpus_inputs, normalised

pytestmark = [pytest.mark.spark, pytest.mark.slow]

COMPARED = ("articles", "incidents", "claims", "links", "ledger", "errors")


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
