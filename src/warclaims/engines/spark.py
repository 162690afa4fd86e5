"""The Apache Spark engine: the batch pipeline on a Spark cluster (or ``local[N]``).

Stages, in Spark terms (all per-item work is the shared stage code of
:mod:`warclaims.engines.readers`, :mod:`~warclaims.engines.stages` and
:mod:`~warclaims.engines.linking`):

* ingest: CSV/FA-KES with Spark's CSV reader (multi-line), JSON Lines with the text reader
  (exact line numbers and the same W106 failures), Parquet with the Parquet reader, HTML,
  text and WARC with ``binaryFile``; any Hadoop-compatible path (``hdfs://``, ``s3a://``,
  ``file:``) works. Feeds and URLs are read on the driver by ``warclaims.ingest``.
* de-duplication by content hash, revisions per id: two window functions, same rule as
  :func:`warclaims.engines.stages.dedupe_articles`;
* extraction: ``mapInPandas``; spaCy is loaded once per Python worker process (the
  extraction stage caches it; Spark reuses Python workers between tasks);
* linking: the local engine's link tasks (a region, or a time bucket of a big region with a
  warm-up before it), planned on the driver from per-day counts, shuffled by task and linked
  with ``applyInPandas``; buckets are checked to chain, else their region is linked whole;
* reconciliation: ``groupBy(linked_id).applyInPandas``;
* output: ``OUT_DIR/<dataset>`` Parquet directories (see :mod:`warclaims.engines.layout`).

pyspark (and pandas) are the optional extra ``spark``; they load on first use through
:func:`warclaims._lazy.require` (:func:`_spark`), so importing this module stays cheap.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

from warclaims._lazy import require
from warclaims.api.batch import read_inputs
from warclaims.engines import layout, linking, readers, stages
from warclaims.engines.base import ENGINES
from warclaims.engines.report import BatchReport, StageTimer
from warclaims.errors import WARNING_CODES, E, WarclaimsError
from warclaims.models import Article

ITEM_DDL = layout.spark_ddl("articles") + ", `code` string, `message` string"
EXTRACTION_DDL = "`article_id` string, `revision` bigint, `extraction` string, `code` string, `message` string"
RECORD_DDL = "`incident_key` string, `payload` string"
PLACED_DDL = "`region` string, `day` bigint, `incident_key` string, `payload` string"
TASK_DDL = "`region` string, `bucket` bigint, `incident_key` string, `payload` string"
PARTS_DDL = layout.spark_ddl("links") + ", `region` string, `bucket` bigint, `kind` string, `state` string"
DRIVER_MEMORY = "1g"


# --- session --------------------------------------------------------------------------


def _spark(module: str) -> ModuleType:
    """Return ``module`` (pyspark's or pandas), imported on first use: W901 without the ``spark`` extra."""
    return require(module, "spark", feature="the Spark engine")


def _pyspark():
    return _spark("pyspark"), _spark("pyspark.sql").SparkSession


def spark_session(master: str | None = None, workers: int | None = None, *, app_name: str = "warclaims"):
    """Return a SparkSession for ``master`` (default ``local[workers]``, workers default 2).

    In local mode Python workers run this interpreter (``PYSPARK_PYTHON`` = ``sys.executable``)
    and the driver binds to 127.0.0.1; on a cluster master a ``PYSPARK_PYTHON`` already set
    (e.g. ``./env/bin/python`` of a packed venv shipped with ``spark.archives``) is kept.
    The UI is off. An existing session with a
    different master is stopped first, so one process can measure local[1] then local[2].
    """
    _, SparkSession = _pyspark()
    master = master or f"local[{workers or 2}]"
    local = master.startswith("local")
    if local or not os.environ.get("PYSPARK_PYTHON"):
        os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    active = SparkSession.getActiveSession()
    if active is not None and active.sparkContext.master != master:
        active.stop()
    parallel = max(2, 2 * (workers or _local_cores(master)))
    builder = (
        SparkSession.builder.appName(app_name)
        .master(master)
        .config("spark.driver.memory", DRIVER_MEMORY)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(parallel))
        .config("spark.default.parallelism", str(parallel))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if local:  # same interpreter for the Python workers; on a cluster, spark.archives/PYSPARK_PYTHON decide
        builder = (builder.config("spark.pyspark.python", sys.executable)
                   .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1"))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _local_cores(master: str) -> int:
    """Return N of ``local[N]`` (os.cpu_count() for ``local[*]``, 2 otherwise)."""
    if master.startswith("local[") and master.endswith("]"):
        inner = master[6:-1].split(",")[0]
        return os.cpu_count() or 2 if inner == "*" else max(1, int(inner))
    return 2


# --- ingest ---------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    """Return None for pandas' missing values (NaN, NaT, NA), the value otherwise."""
    try:
        pd = _spark("pandas")
        return None if value is not None and not isinstance(value, (list, dict)) and pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def _records(pdf) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in row.items()} for row in pdf.to_dict("records")]


def item_row(item: readers.Item) -> dict[str, Any]:
    """Return the ``ITEM_DDL`` row of an Article or an IngestFailure."""
    if isinstance(item, Article):
        return {**stages.article_row(item), "code": None, "message": None}
    empty = dict.fromkeys(layout.COLUMNS["articles"])
    return {**empty, "source_ref": item.source_ref, "code": str(getattr(item.code, "value", item.code)),
            "message": item.message}


def _local_name(uri: str, names: Mapping[str, str]) -> str:
    """Return the user's spelling of a local file Spark names ``file:/abs/path``; other URIs as they are."""
    if uri.startswith("file:"):
        path = uri[5:]
        while path.startswith("//"):
            path = path[1:]
        path = unquote(path)
        return names.get(os.path.normpath(path), path)
    return names.get(uri, uri)


def _spark_path(path: str) -> str:
    return path if readers.is_hadoop_uri(path) else Path(path).resolve().as_uri()


def _names(files: Sequence[readers.InputFile]) -> dict[str, str]:
    names = {}
    for f in files:
        key = f.path if readers.is_hadoop_uri(f.path) else os.path.normpath(os.path.abspath(f.path))
        names[key] = f.path
    return names


def _file_partition(names: dict[str, str], fmt: str):
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        pd = _spark("pandas")

        for pdf in batches:
            rows = []
            for path, content in zip(pdf["path"], pdf["content"], strict=True):
                rows.extend(item_row(i) for i in readers.file_items(bytes(content), _local_name(path, names), fmt))
            yield pd.DataFrame(rows, columns=list(layout.COLUMNS["articles"]) + ["code", "message"])

    return run


def _binary_items(spark, files: list[readers.InputFile], names: dict[str, str]):
    frames = []
    for fmt in sorted({f.fmt for f in files}):
        paths = [_spark_path(f.path) for f in files if f.fmt == fmt]
        df = spark.read.format("binaryFile").load(paths).select("path", "content")
        frames.append(df.mapInPandas(_file_partition(names, fmt), ITEM_DDL))
    return frames


def _number_rows(rdd):
    """Return an RDD of ``(file, number from 1, row)`` for an RDD of ``(file, row)`` in file order."""
    counts = rdd.mapPartitionsWithIndex(_partition_counts).collect()
    offsets: dict[tuple[int, str], int] = {}
    seen: dict[str, int] = {}
    for pidx, file, count in sorted(counts):
        offsets[(pidx, file)] = seen.get(file, 0)
        seen[file] = seen.get(file, 0) + count

    def number(pidx: int, it):
        local: dict[str, int] = {}
        for file, row in it:
            local[file] = local.get(file, 0) + 1
            yield file, offsets.get((pidx, file), 0) + local[file], row

    return rdd.mapPartitionsWithIndex(number)


def _partition_counts(pidx: int, it) -> Iterator[tuple[int, str, int]]:
    counts: dict[str, int] = {}
    for file, _ in it:
        counts[file] = counts.get(file, 0) + 1
    for file, count in counts.items():
        yield pidx, file, count


def _tabular_items(spark, files: list[readers.InputFile], names: dict[str, str], mapping):
    F = _spark("pyspark.sql.functions")  # noqa: N806  # Spark's own spelling

    frames = []
    for f in files:
        if f.fmt == "jsonl":
            df = spark.read.text(_spark_path(f.path), wholetext=False).withColumn("_file", F.input_file_name())
            rdd = df.rdd.map(lambda r: (r["_file"], r["value"]))
        elif f.fmt == "parquet":
            df = spark.read.parquet(_spark_path(f.path)).withColumn("_file", F.input_file_name())
            rdd = df.rdd.map(lambda r: (r["_file"], r.asDict()))
        else:
            df = (spark.read.option("header", True).option("multiLine", True).option("escape", '"')
                  .option("mode", "PERMISSIVE").csv(_spark_path(f.path)))
            df = df.toDF(*[c.strip().lstrip("\ufeff") for c in df.columns]).withColumn("_file", F.input_file_name())
            rdd = df.rdd.map(lambda r: (r["_file"], r.asDict()))
        header = [c for c in df.columns if c != "_file"]
        frames.append(spark.createDataFrame(
            _number_rows(rdd).flatMap(_row_converter(f, header, names, mapping)), ITEM_DDL))
    return frames


def _row_converter(f: readers.InputFile, header: list[str], names: dict[str, str], mapping):
    fmt = f.fmt
    columns = readers.columns_for(header, fmt, mapping) if fmt != "jsonl" else {}

    def convert(numbered) -> list[dict[str, Any]]:
        file, number, row = numbered
        # Parquet datasets name their part files; the reference is the dataset as given.
        path = f.path if fmt == "parquet" else _local_name(file, names)
        ref = readers.row_ref(path, fmt, number)
        if fmt == "jsonl":
            item = readers.jsonl_item(row or "", ref, mapping)
            return [] if item is None else [item_row(item)]
        values = {k: v for k, v in row.items() if k != "_file"}
        if fmt != "parquet":  # the csv module gives "" for an empty field, Spark gives null
            values = {k: "" if v is None else v for k, v in values.items()}
        return [item_row(readers.row_item(values, columns, ref, fmt))]

    return convert


def read_items(spark, inputs: Sequence[str], fmt: str | None, mapping: Mapping[str, str] | None):
    """Return a DataFrame (``ITEM_DDL``) of every Article and ingest failure of ``inputs``."""
    files, other = readers.plan_inputs(inputs, fmt)
    names = _names(files)
    frames = _binary_items(spark, [f for f in files if f.fmt in readers.FILE_FORMATS], names)
    frames += _tabular_items(spark, [f for f in files if f.fmt in readers.ROW_FORMATS], names, mapping)
    if other:
        rows = [item_row(i) for i in read_inputs(other, fmt if fmt != "parquet" else None, mapping=mapping)]
        frames.append(spark.createDataFrame(rows, ITEM_DDL))
    if not frames:
        return spark.createDataFrame([], ITEM_DDL)
    out = frames[0]
    for frame in frames[1:]:
        out = out.unionByName(frame)
    return out


def dedupe(articles_df):
    """Return the articles DataFrame de-duplicated like :func:`stages.dedupe_articles`."""
    Window = _spark("pyspark.sql.window").Window  # noqa: N806
    F = _spark("pyspark.sql.functions")  # noqa: N806

    by_hash = Window.partitionBy("content_hash").orderBy("id", "source_ref")
    by_id = Window.partitionBy("id").orderBy(F.col("source_ref").desc(), F.col("content_hash").desc())
    kept = articles_df.withColumn("_r", F.row_number().over(by_hash)).filter("_r = 1").drop("_r")
    ranked = kept.withColumn("_r", F.row_number().over(by_id)).withColumn(
        "revision", F.count(F.lit(1)).over(Window.partitionBy("id")).cast("bigint"))
    return ranked.filter("_r = 1").drop("_r")


# --- extraction -----------------------------------------------------------------------


def extract_partition(batches: Iterator[Any]) -> Iterator[Any]:
    """mapInPandas body: article rows in, ``EXTRACTION_DDL`` rows out (spaCy once per worker)."""
    pd = _spark("pandas")

    cols = ["article_id", "revision", "extraction", "code", "message"]
    for pdf in batches:
        arts = [stages.row_article(r) for r in _records(pdf)]
        yield pd.DataFrame(stages.extract_rows(arts) if arts else [], columns=cols)


def incidents_partition(batches: Iterator[Any]) -> Iterator[Any]:
    """mapInPandas body: extraction rows in, ``incidents`` rows out."""
    pd = _spark("pandas")

    for pdf in batches:
        rows = [r for row in _records(pdf) for r in stages.flatten_extraction(row)[0]]
        yield pd.DataFrame(rows, columns=list(layout.COLUMNS["incidents"]))


def claims_partition(batches: Iterator[Any]) -> Iterator[Any]:
    """mapInPandas body: extraction rows in, ``claims`` rows out."""
    pd = _spark("pandas")

    for pdf in batches:
        rows = [r for row in _records(pdf) for r in stages.flatten_extraction(row)[1]]
        yield pd.DataFrame(rows, columns=list(layout.COLUMNS["claims"]))


# --- linking and reconciliation ---------------------------------------------------------


def records_partition(batches: Iterator[Any]) -> Iterator[Any]:
    """mapInPandas body: extraction rows joined with article fields in, link records out."""
    pd = _spark("pandas")

    for pdf in batches:
        out = []
        for row in _records(pdf):
            incidents, claims = stages.flatten_extraction(row)
            article = stages.row_article({**row, "id": row["article_id"], "text": ""})
            out.extend(linking.link_records([article], incidents, claims))
        yield pd.DataFrame(out, columns=["incident_key", "payload"])


def placed_partition(batches: Iterator[Any]) -> Iterator[Any]:
    """mapInPandas body: link records in, each with its blocking region and linking day out."""
    pd = _spark("pandas")

    for pdf in batches:
        out = []
        for rec in _records(pdf):
            region, day = linking.region_and_day(rec)
            out.append({"region": region, "day": day, "incident_key": rec["incident_key"], "payload": rec["payload"]})
        frame = pd.DataFrame(out, columns=["region", "day", "incident_key", "payload"])
        frame["day"] = frame["day"].astype("Int64")  # a report with no date has no day: a null, not NaN
        yield frame


def tasks_partition(batches: Iterator[Any], *, cuts: Mapping[str, list[int]], warmup_days: int) -> Iterator[Any]:
    """mapInPandas body: placed records in, one row per link task (region, time bucket) that
    holds the record out: the bucket that owns it and those whose warm-up reaches back to it."""
    pd = _spark("pandas")

    for pdf in batches:
        out = [{"region": rec["region"], "bucket": n, "incident_key": rec["incident_key"], "payload": rec["payload"]}
               for rec in _records(pdf)
               for n in linking.holding_buckets(_day(rec["day"]), cuts.get(rec["region"], []), warmup_days)]
        yield pd.DataFrame(out, columns=["region", "bucket", "incident_key", "payload"])


def _day(value: Any) -> int | None:
    return None if value is None else int(value)


def link_task_group(pdf, *, cuts: Mapping[str, list[int]]):
    """applyInPandas body: one link task's records in; its ``links`` rows out (``kind`` "row"), then
    the open incidents when its own days begin and end (``kind`` "head" and "tail", JSON in
    ``state``), which decide whether the region's buckets chain (see :func:`_link`)."""
    pd = _spark("pandas")

    recs = _records(pdf)
    region, bucket = recs[0]["region"], int(recs[0]["bucket"])
    start, end = linking.bucket_bounds(cuts.get(region, []))[bucket]
    task = {"region": region, "bucket": bucket, "start": start, "end": end,
            "records": sorted(({"incident_key": r["incident_key"], "payload": r["payload"]} for r in recs),
                              key=lambda r: r["incident_key"])}
    result = linking.link_bucket(task)
    out = [{**row, "region": region, "bucket": bucket, "kind": "row", "state": None} for row in result["rows"]]
    out += [{"region": region, "bucket": bucket, "kind": kind, "state": layout.dumps(result[kind])}
            for kind in ("head", "tail")]
    return pd.DataFrame(out, columns=[*layout.COLUMNS["links"], "region", "bucket", "kind", "state"])


def link_group(pdf):
    """applyInPandas body: one block's records in, its ``links`` rows out (the link stage's linker)."""
    pd = _spark("pandas")

    recs = [{"incident_key": r["incident_key"], "payload": r["payload"]} for r in _records(pdf)]
    return pd.DataFrame(linking.link_block(recs), columns=list(layout.COLUMNS["links"]))


def reconcile_group(pdf):
    """applyInPandas body: one linked incident's members (link row + payload) in, its ``ledger`` row out."""
    pd = _spark("pandas")

    rows = _records(pdf)
    row = linking.reconcile_group((rows[0]["linked_id"], rows))
    return pd.DataFrame([row], columns=list(layout.COLUMNS["ledger"]))


# --- the run --------------------------------------------------------------------------


def _write(df, out_dir: str | Path, dataset: str) -> None:
    target = str(out_dir) if readers.is_hadoop_uri(str(out_dir)) else Path(out_dir).resolve().as_uri()
    cols = list(layout.COLUMNS[dataset])
    df.select(*cols).write.mode("overwrite").parquet(f"{target.rstrip('/')}/{dataset}")


def _typed(spark, df, dataset: str):
    """Return ``df`` cast to the layout's column types (pandas may widen ints to doubles)."""
    schema = _spark("pyspark.sql.types")._parse_datatype_string(layout.spark_ddl(dataset))
    return df.select(*[df[f.name].cast(f.dataType).alias(f.name) for f in schema.fields])


@ENGINES.register("spark")
def run_spark(
    inputs: Sequence[str],
    out_dir: str | Path,
    *,
    fmt: str | None = None,
    workers: int | None = None,
    master: str | None = None,
    mapping: Mapping[str, str] | None = None,
    spark=None,
    bucket_reports: int = linking.BUCKET_REPORTS,
) -> BatchReport:
    """Run the batch pipeline on Spark; return the BatchReport (W701 when Spark fails).

    ``bucket_reports``: reports per time bucket of a big region, as in the local engine (see
    :func:`warclaims.engines.linking.bucket_tasks`); the incidents do not depend on it."""
    _pyspark()
    session = spark or spark_session(master, workers)
    try:
        return _run(session, inputs, out_dir, fmt, mapping, workers, bucket_reports)
    except WarclaimsError:
        raise
    except Exception as exc:  # noqa: BLE001  # Py4J/Spark errors have many types; name the engine
        raise WarclaimsError(E.W701, engine="spark", reason=f"{type(exc).__name__}: {str(exc)[:2000]}") from exc


def _run(spark, inputs, out_dir, fmt, mapping, workers, bucket_reports) -> BatchReport:
    StorageLevel = _spark("pyspark").StorageLevel  # noqa: N806
    F = _spark("pyspark.sql.functions")  # noqa: N806

    cores = workers or _local_cores(spark.sparkContext.master)
    report = BatchReport(engine="spark", out_dir=str(out_dir), workers=cores)
    timer = StageTimer(report)
    items = read_items(spark, inputs, fmt, mapping).persist(StorageLevel.MEMORY_AND_DISK)
    raw = items.filter(F.col("code").isNull()).drop("code", "message")
    kept = dedupe(raw).persist(StorageLevel.MEMORY_AND_DISK)
    report.articles, n_raw = kept.count(), raw.count()
    report.duplicates = n_raw - report.articles
    timer.lap("ingest")
    n_parts = max(cores * 4, min(256, report.articles // 64 or 1))
    extraction = (kept.repartition(n_parts).mapInPandas(extract_partition, EXTRACTION_DDL)
                  .persist(StorageLevel.MEMORY_AND_DISK))
    keep = StorageLevel.MEMORY_AND_DISK  # every dataset is counted, then written: compute it once
    incidents = _typed(spark, extraction.mapInPandas(incidents_partition, layout.spark_ddl("incidents")),
                       "incidents").persist(keep)
    claims = _typed(spark, extraction.mapInPandas(claims_partition, layout.spark_ddl("claims")), "claims").persist(keep)
    report.incidents, report.claims = incidents.count(), claims.count()
    timer.lap("extract")
    links_df, ledger_df, cached = _link(spark, kept, extraction, bucket_reports, report)
    ledger_df = ledger_df.persist(keep)
    report.links, report.linked_incidents = links_df.count(), ledger_df.count()
    timer.lap("link")
    errors = _errors(items, extraction)
    report.failures = errors.filter(~F.col("code").isin(*sorted(WARNING_CODES))).count()  # warnings are kept
    for name, df in (("articles", kept), ("incidents", incidents), ("claims", claims), ("links", links_df),
                     ("ledger", ledger_df), ("errors", errors)):
        _write(_typed(spark, df, name), out_dir, name)
    timer.lap("write")
    for df in (items, kept, extraction, incidents, claims, links_df, ledger_df, *cached):
        df.unpersist()
    timer.finish()
    return report


def _errors(items, extraction):
    F = _spark("pyspark.sql.functions")  # noqa: N806  # Spark's own spelling

    ingest = items.filter(F.col("code").isNotNull()).select("source_ref", "code", "message",
                                                             F.lit("ingest").alias("stage"))
    extract = extraction.filter(F.col("code").isNotNull()).select(
        F.col("article_id").alias("source_ref"), "code", "message", F.lit("extract").alias("stage"))
    return ingest.unionByName(extract)


def _link(spark, kept, extraction, bucket_reports: int = linking.BUCKET_REPORTS,
          report: BatchReport | None = None):
    """Return (links DataFrame, ledger DataFrame, DataFrames cached on the way): reports linked per region, or per time bucket of a
    big region (the local engine's tasks, :func:`warclaims.engines.linking.bucket_tasks`), then reconciled.

    The buckets are planned on the driver from each region's reports per day (a small count);
    each task links in its own Spark task; a region whose buckets do not chain (see
    :func:`warclaims.engines.linking.unchained_regions`) is linked whole instead, so the
    incidents are those of linking each region at once.
    """
    StorageLevel = _spark("pyspark").StorageLevel  # noqa: N806
    F = _spark("pyspark.sql.functions")  # noqa: N806
    Window = _spark("pyspark.sql.window").Window  # noqa: N806

    meta = kept.select(F.col("id").alias("article_id"), "revision", "url", "outlet", "published", "title",
                       "language", "content_hash", "source_ref", "metadata")
    joined = extraction.filter("extraction IS NOT NULL").join(meta, ["article_id", "revision"])
    records = joined.mapInPandas(records_partition, RECORD_DDL).persist(StorageLevel.MEMORY_AND_DISK)
    placed = records.mapInPandas(placed_partition, PLACED_DDL).persist(StorageLevel.MEMORY_AND_DISK)
    counts: dict[str, dict[int | None, int]] = {}
    for row in placed.groupBy("region", "day").count().collect():
        counts.setdefault(row["region"], {})[row["day"]] = row["count"]
    cuts = linking.bucket_cuts(counts, bucket_reports=bucket_reports)
    tasks = placed.mapInPandas(functools.partial(tasks_partition, cuts=cuts, warmup_days=linking.WARMUP_DAYS),
                               TASK_DDL)
    parts = (tasks.repartition(spark.sparkContext.defaultParallelism, "region", "bucket")
             .groupBy("region", "bucket").applyInPandas(functools.partial(link_task_group, cuts=cuts), PARTS_DDL)
             .persist(StorageLevel.MEMORY_AND_DISK))
    states: dict[tuple[str, int], dict[str, Any]] = {}
    for row in parts.filter(F.col("kind") != "row").select("region", "bucket", "kind", "state").collect():
        key = (row["region"], row["bucket"])
        states.setdefault(key, {"region": key[0], "bucket": key[1]})[row["kind"]] = json.loads(row["state"])
    broken = linking.unchained_regions(states.values())
    if report is not None:
        report.link_tasks, report.relinked_regions = len(states), broken
    columns = list(layout.COLUMNS["links"])
    # an incident's rows come from the last bucket owning one of its reports (it holds them all)
    rows = parts.filter((F.col("kind") == "row") & ~F.col("region").isin(broken))
    latest = (rows.withColumn("_last", F.max("bucket").over(Window.partitionBy("linked_id")))
              .filter(F.col("bucket") == F.col("_last")).select(*columns))
    if broken:
        whole = placed.filter(F.col("region").isin(broken)).groupBy("region").applyInPandas(
            link_group, layout.spark_ddl("links"))
        latest = latest.unionByName(whole.select(*columns))
    links_df = latest.persist(StorageLevel.MEMORY_AND_DISK)
    members = links_df.join(records, "incident_key")
    ledger_df = members.groupBy("linked_id").applyInPandas(reconcile_group, layout.spark_ddl("ledger"))
    return links_df, ledger_df, [records, placed, parts]
