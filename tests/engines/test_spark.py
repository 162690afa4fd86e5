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
    reports = {"local": run_local(inputs, tmp / "local", workers=2),
               "spark": run_spark(inputs, tmp / "spark", spark=spark),
               # three reports a time bucket: big regions link in many chained buckets
               "spark-buckets": run_spark(inputs, tmp / "spark-buckets", spark=spark, bucket_reports=3)}
    return {name: (tmp / name, report) for name, report in reports.items()}


@pytest.mark.parametrize("dataset", COMPARED)
def test_engines_write_the_same_rows(outputs: dict, dataset: str) -> None:
    local, spark = normalised(outputs["local"][0], dataset), normalised(outputs["spark"][0], dataset)
    assert len(local) == len(spark)
    assert local == spark


@pytest.mark.parametrize("dataset", ("links", "ledger"))
def test_spark_time_buckets_link_as_whole_regions(outputs: dict, dataset: str) -> None:
    whole, report = outputs["spark"][1], outputs["spark-buckets"][1]
    assert report.link_tasks > whole.link_tasks  # big regions were split...
    assert len(report.relinked_regions) < report.link_tasks - whole.link_tasks  # ...and most buckets chained
    assert normalised(outputs["spark-buckets"][0], dataset) == normalised(outputs["local"][0], dataset)


def test_the_corpus_exercises_every_stage(outputs: dict) -> None:
    from warclaims.engines import layout

    out = outputs["local"][0]
    assert len(layout.read_rows(out, "articles")) >= 40
    assert layout.read_rows(out, "incidents") and layout.read_rows(out, "claims")
    assert layout.read_rows(out, "links") and layout.read_rows(out, "ledger")
    codes = {e["code"] for e in layout.read_rows(out, "errors")}
    assert "W106" in codes  # the malformed JSON line
    refs = {a["source_ref"].split("#")[0].rsplit("/", 1)[-1] for a in layout.read_rows(out, "articles")}
    assert {"fakes.csv", "more.jsonl", "more.parquet"} <= refs
