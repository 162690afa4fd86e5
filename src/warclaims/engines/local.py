"""The local engine: the batch pipeline in this process, extraction and block scoring in N workers.

Same stages and same layout as the Spark engine (:mod:`warclaims.engines.spark`): ingest
with :func:`warclaims.ingest.read_inputs`, extraction in ``workers`` processes (each loads
spaCy once), linking by region and time bucket (in the workers; the buckets' incidents
checked against whole-region linking's, see :mod:`warclaims.engines.linking`), reconciliation per linked incident, then one Parquet file per dataset.
"""

from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from warclaims.api.batch import read_inputs
from warclaims.engines import layout, linking, stages
from warclaims.engines.base import ENGINE_READERS, ENGINES
from warclaims.engines.report import BatchReport, StageTimer
from warclaims.engines.readers import Item, is_hadoop_uri, plan_inputs
from warclaims.errors import WARNING_CODES, E, WarclaimsError

CHUNK = 32
"""Articles per extraction task: large enough to batch spaCy, small enough to balance workers."""


def read_items(inputs: Sequence[str], fmt: str | None, mapping: Mapping[str, str] | None) -> Iterator[Item]:
    """Return an iterator over the Articles and failures of ``inputs`` (ingest's readers; the engines'
    own, :data:`~warclaims.engines.base.ENGINE_READERS`, for Parquet)."""
    own = ENGINE_READERS.names()  # the registered ones: no entry-point lookup for every ingest format
    files, other = plan_inputs(inputs, fmt)
    for f in files:
        if f.fmt in own:
            yield from ENGINE_READERS[f.fmt](f.path, mapping)
        else:
            yield from read_inputs([f.path], f.fmt, mapping=mapping)
    if other:
        yield from read_inputs(other, fmt if fmt not in own else None, mapping=mapping)


def pool_map(func: Callable[[Any], Any], tasks: list[Any], pool: Any = None) -> list[Any]:
    """Return ``[func(t) for t in tasks]``, computed by ``pool`` (a process pool) when given."""
    if pool is None or len(tasks) <= 1:
        return [func(t) for t in tasks]
    return list(pool.map(func, tasks))


@contextmanager
def worker_pool(workers: int) -> Iterator[Any]:
    """Yield a pool of ``workers`` spawned processes (None for 1 worker: work runs in this process)."""
    if workers <= 1:
        yield None
        return
    ctx = multiprocessing.get_context("spawn")  # clean workers: no inherited threads or connections
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        yield pool


def extract_all(articles: list[Any], pool: Any = None) -> list[dict[str, Any]]:
    """Return the ``extraction`` rows of all articles, in article order."""
    chunks = list(stages.chunked(articles, CHUNK))
    return [row for rows in pool_map(stages.extract_rows, chunks, pool) for row in rows]


def flatten(extractions: Iterable[dict[str, Any]]) -> tuple[list[dict], list[dict], list[dict]]:
    """Return (incident rows, claim rows, extraction error rows) of extraction rows."""
    incidents, claims, errors = [], [], []
    for row in extractions:
        inc, cl = stages.flatten_extraction(row)
        incidents.extend(inc)
        claims.extend(cl)
        if (err := stages.extraction_failure_row(row)) is not None:
            errors.append(err)
    return incidents, claims, errors


def link_all(records: list[dict[str, Any]], pool: Any = None, *,
             report: BatchReport | None = None) -> tuple[list[dict], list[dict]]:
    """Return (link rows, ledger rows): each region, or time bucket of a big region, linked in a
    worker (:func:`warclaims.engines.linking.bucket_tasks`), each incident reconciled in one;
    the tasks run and the regions linked whole are noted in ``report`` when given."""
    tasks = linking.bucket_tasks(records)
    # biggest tasks first, so that a big bucket does not start last and hold up the pool
    order = sorted(range(len(tasks)), key=lambda n: -len(tasks[n]["records"]))
    results = pool_map(linking.link_bucket, [tasks[n] for n in order], pool)
    links, relinked = linking.merge_buckets(results, tasks)
    if report is not None:
        report.link_tasks, report.relinked_regions = len(tasks), relinked
    groups = linking.group_members(records, links)
    ledgers = pool_map(linking.reconcile_group, groups, pool)
    return links, ledgers


@ENGINES.register("local")
def local_engine(
    inputs: Sequence[str],
    out_dir: str | Path,
    *,
    fmt: str | None = None,
    workers: int | None = None,
    master: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> BatchReport:
    """Run the local engine as :func:`~warclaims.engines.batch.run_batch` calls every engine.

    ``master`` (Spark's) is not used; ``workers`` defaults to 1; a Hadoop ``out_dir`` is W902.
    """
    del master
    if is_hadoop_uri(str(out_dir)):
        raise WarclaimsError(E.W902, option="--out", reason="a Hadoop path needs --engine spark")
    return run_local(inputs, out_dir, fmt=fmt, workers=workers or 1, mapping=mapping)


def run_local(
    inputs: Sequence[str],
    out_dir: str | Path,
    *,
    fmt: str | None = None,
    workers: int = 1,
    mapping: Mapping[str, str] | None = None,
) -> BatchReport:
    """Run the batch pipeline in-process with ``workers`` worker processes; return the BatchReport."""
    report = BatchReport(engine="local", out_dir=str(out_dir), workers=workers)
    timer = StageTimer(report)
    arts, failures = stages.split_items(read_items(inputs, fmt, mapping))
    kept = stages.dedupe_articles(arts)
    timer.lap("ingest")
    with worker_pool(workers) as pool:
        extractions = extract_all(kept, pool)
        incidents, claims, x_errors = flatten(extractions)
        timer.lap("extract")
        records = linking.link_records(kept, incidents, claims)
        links, ledgers = link_all(records, pool, report=report)
        timer.lap("link")
    errors = [stages.failure_row(f, "ingest") for f in failures] + x_errors
    _write(out_dir, kept, incidents, claims, links, ledgers, errors)
    timer.lap("write")
    _count(report, kept, arts, errors, incidents, claims, links, ledgers)
    timer.finish()
    return report


def _write(out_dir, kept, incidents, claims, links, ledgers, errors) -> None:
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    layout.write_rows(out_dir, "articles", (stages.article_row(a) for a in kept))
    layout.write_rows(out_dir, "incidents", incidents)
    layout.write_rows(out_dir, "claims", claims)
    layout.write_rows(out_dir, "links", links)
    layout.write_rows(out_dir, "ledger", ledgers)
    layout.write_rows(out_dir, "errors", errors)


def _count(report: BatchReport, kept, arts, errors, incidents, claims, links, ledgers) -> None:
    report.articles = len(kept)
    report.duplicates = len(arts) - len(kept)
    report.failures = sum(1 for e in errors if e["code"] not in WARNING_CODES)  # warnings are kept, not failures
    report.incidents = len(incidents)
    report.claims = len(claims)
    report.links = len(links)
    report.linked_incidents = len(ledgers)
