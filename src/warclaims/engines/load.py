"""Loading a batch output folder (see :mod:`warclaims.engines.layout`) into a store.

Articles are stored through :func:`warclaims.api.store_processed` (the store's own
``add_articles``, so identity rules, duplicates and revisions are the store's), which saves
each article's incidents and claims for the revision the store gave it; failures are
recorded, and links are handed to :func:`warclaims.api.save_links`, which recomputes the ledgers.
Loading the same folder twice stores nothing new.

Memory is bounded by ``bucket_rows``, not by the corpus. The datasets are never read
whole: ``articles``, ``incidents``, ``claims`` and ``errors`` are range-partitioned
together by article id (``errors`` by ``source_ref``, which is the article id of an
extraction failure) into bucket files in a temporary folder, a sample sort: boundaries
come from a systematic sample of the keys, a pass streams every dataset in record batches
and writes each row to its range's bucket, and a bucket still larger than ``bucket_rows``
is split again the same way. Buckets are then loaded one at a time in key order, so
articles reach the store in exactly the order (and the ``LOAD_BATCH`` batches) of reading
everything and sorting it, which the store's identity rules (duplicates, revisions found by
URL) and its row ids depend on. ``links`` is partitioned by ``linked_id`` the same way,
since ``save_links`` needs every row of a linked incident at once. A range partition rather
than a hash partition is what keeps that order. Output small enough for one bucket is read
directly, without temporary files.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warclaims import api
from warclaims._lazy import require
from warclaims.engines import layout, stages
from warclaims.models import ArticleExtraction, IngestFailure

LOAD_BATCH = 500
"""Articles stored per ``add_articles`` / ``save_extractions`` call."""
BUCKET_ROWS = 10_000
"""Default most rows (articles, incidents, claims and errors together) held in memory at once."""
FAN_OUT = 32
"""Buckets written by one partitioning pass (a larger part is split again)."""
SAMPLE_KEYS = 64 * FAN_OUT
"""Keys sampled to choose the bucket boundaries of one pass."""
SCAN_BYTES = 8 << 20
"""Approximate uncompressed bytes per record batch read from Parquet."""
BUFFER_BYTES = 32 << 20
"""Bytes of partitioned rows buffered before they are written to the bucket files."""
ROW_GROUPS_PER_FILE = 64
"""Row groups written to one bucket file before a new file is started (bounds writer metadata)."""

# The datasets loaded with the articles and the column that holds their article id.
ARTICLE_KEYS = {"articles": "id", "incidents": "article_id", "claims": "article_id", "errors": "source_ref"}
LINK_KEYS = {"links": "linked_id"}

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``: stages ``partition`` (rows), ``articles`` and ``links``."""


@dataclass(slots=True, kw_only=True)
class LoadReport:
    """What :func:`load_outputs` stored."""

    articles: int = 0
    """New articles and new revisions stored."""
    duplicates: int = 0
    extractions: int = 0
    failures: int = 0
    links: int = 0
    notes: list[str] = field(default_factory=list)


# --- partitioning ---------------------------------------------------------------------


@dataclass(slots=True)
class _Part:
    """Rows of several datasets whose keys lie in one range: dataset name -> Parquet files, and counts."""

    files: dict[str, list[str]]
    rows: dict[str, int]

    @property
    def total(self) -> int:
        """Return the rows of every dataset together."""
        return sum(self.rows.values())


def _pyarrow():
    """Return the modules ``(pyarrow, pyarrow.parquet, pyarrow.compute, numpy)`` (W901 without the extra)."""
    pa, pq, pc = (require(name, "parquet", feature="loading batch output")
                  for name in ("pyarrow", "pyarrow.parquet", "pyarrow.compute"))
    return pa, pq, pc, require("numpy")  # numpy: a core dependency, imported with pyarrow


def _source_part(out_dir: str | Path, keys: dict[str, str]) -> _Part:
    """Return the part holding every file of the datasets named in ``keys`` (absent datasets are empty)."""
    ds = require("pyarrow.dataset", "parquet", feature="loading batch output")
    _, pq, _, _ = _pyarrow()
    files: dict[str, list[str]] = {}
    rows: dict[str, int] = {}
    for name in keys:
        path = layout.dataset_path(out_dir, name)
        found = (sorted(ds.dataset(str(path), format="parquet", exclude_invalid_files=True).files)
                 if path.exists() else [])
        files[name] = found
        rows[name] = sum(pq.ParquetFile(f).metadata.num_rows for f in found)
    return _Part(files, rows)


def _scan_rows(files: list[str]) -> int:
    """Return a record-batch length that reads about ``SCAN_BYTES`` of these files' rows at a time."""
    _, pq, _, _ = _pyarrow()
    rows = size = 0
    for f in files[:8]:
        meta = pq.ParquetFile(f).metadata
        rows += meta.num_rows
        size += sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    per_row = max(1, size // rows) if rows else 1
    return max(64, min(65_536, SCAN_BYTES // per_row))


def _batches(files: list[str], columns: list[str] | None = None, batch_rows: int | None = None) -> Iterator[Any]:
    """Yield the record batches of ``files`` in file order, ``batch_rows`` rows at most each."""
    _, pq, _, _ = _pyarrow()
    size = batch_rows or _scan_rows(files)
    for f in files:
        yield from pq.ParquetFile(f).iter_batches(batch_size=size, columns=columns)


def _keys(batch: Any, column: str) -> Any:
    """Return the key column of ``batch`` as a numpy object array (null as ``""``, as :func:`layout.read_rows` sorts)."""
    _, _, pc, _ = _pyarrow()
    return pc.fill_null(batch.column(column), "").to_numpy(zero_copy_only=False)


def _boundaries(part: _Part, keys: dict[str, str], fan_out: int) -> list[str]:
    """Return the sorted bucket boundaries of ``part``: quantiles of a systematic key sample, above its least key.

    A row with key ``k`` goes to bucket ``bisect_right(boundaries, k)``; since every boundary
    is a key found in the part and above another found key, each split makes progress.
    """
    stride = max(1, math.ceil(part.total / SAMPLE_KEYS))
    sample: list[str] = []
    for name, column in keys.items():
        seen = 0
        for batch in _batches(part.files[name], [column], 65_536):
            sample.extend(_keys(batch, column)[(-seen) % stride :: stride].tolist())
            seen += batch.num_rows
    sample.sort()
    if not sample:
        return []
    picks = {sample[(i * len(sample)) // fan_out] for i in range(1, fan_out)}
    return sorted(p for p in picks if p > sample[0])


class _BucketWriter:
    """Buffers partitioned rows and writes them to Parquet files under ``root/<bucket>/<dataset>/``."""

    def __init__(self, root: Path, n_buckets: int) -> None:
        self.root = root
        self.n_buckets = n_buckets
        self.buffers: dict[tuple[str, int], list[Any]] = {}
        self.buffered = 0
        self.writers: dict[tuple[str, int], Any] = {}
        self.groups: dict[tuple[str, int], int] = {}
        self.files: dict[tuple[str, int], list[str]] = {}
        self.rows: dict[tuple[str, int], int] = {}

    def add(self, name: str, bucket: int, table: Any) -> None:
        """Buffer ``table`` (compact, not a slice) for ``bucket`` of ``name``; flush when the buffer is full."""
        self.buffers.setdefault((name, bucket), []).append(table)
        self.rows[(name, bucket)] = self.rows.get((name, bucket), 0) + table.num_rows
        self.buffered += table.nbytes
        if self.buffered >= BUFFER_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write every buffered table as one row group of its bucket file; empty the buffers."""
        pa, pq, _, _ = _pyarrow()
        for where, tables in self.buffers.items():
            table = pa.concat_tables(tables)
            if self.groups.get(where, 0) >= ROW_GROUPS_PER_FILE:
                self.writers.pop(where).close()
            if where not in self.writers:
                name, bucket = where
                folder = self.root / str(bucket) / name
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"part-{len(self.files.get(where, [])):05d}.parquet"
                self.writers[where] = pq.ParquetWriter(str(path), table.schema, write_statistics=False)
                self.files.setdefault(where, []).append(str(path))
                self.groups[where] = 0
            self.writers[where].write_table(table, row_group_size=max(1, table.num_rows))
            self.groups[where] += 1
        self.buffers.clear()
        self.buffered = 0

    def close(self, names: list[str]) -> list[_Part]:
        """Flush and close every file; return the parts, one per bucket in key order."""
        self.flush()
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()
        return [_Part({n: self.files.get((n, b), []) for n in names}, {n: self.rows.get((n, b), 0) for n in names})
                for b in range(self.n_buckets)]


def _split(part: _Part, keys: dict[str, str], bounds: list[str], root: Path,
           progress: Progress | None = None) -> list[_Part]:
    """Write the rows of ``part`` into ``len(bounds) + 1`` range buckets under ``root``; return them in key order.

    Rows keep their relative order within a bucket (a stable partition).
    """
    pa, _, _, np = _pyarrow()
    edges = np.array(bounds, dtype=object)
    writer = _BucketWriter(root, len(bounds) + 1)
    done = 0
    try:
        for name, column in keys.items():
            for batch in _batches(part.files[name]):
                bucket = np.searchsorted(edges, _keys(batch, column), side="right")
                order = np.argsort(bucket, kind="stable")
                counts = np.bincount(bucket, minlength=len(bounds) + 1)
                start = 0
                for b, n in enumerate(counts.tolist()):
                    if n:
                        taken = batch.take(pa.array(order[start : start + n]))
                        writer.add(name, b, pa.Table.from_batches([taken]))
                        start += n
                done += batch.num_rows
                if progress is not None:
                    progress("partition", done, part.total)
    finally:
        parts = writer.close(list(keys))
    return parts


def _remove(part: _Part) -> None:
    """Delete the files of a temporary part; return None."""
    for found in part.files.values():
        for f in found:
            Path(f).unlink(missing_ok=True)


def _ranges(part: _Part, keys: dict[str, str], bucket_rows: int, workdir: Callable[[], Path],
            progress: Progress | None = None, depth: int = 0) -> Iterator[_Part]:
    """Yield parts of at most ``bucket_rows`` rows covering ``part``, in ascending key order.

    A part whose sample shows one key only cannot be split and is yielded whole. Temporary
    parts are deleted once the consumer has moved past them.
    """
    if part.total <= bucket_rows:
        yield part
        return
    fan_out = min(FAN_OUT, max(2, math.ceil(part.total / bucket_rows)))
    bounds = _boundaries(part, keys, fan_out)
    if not bounds:
        yield part
        return
    root = Path(tempfile.mkdtemp(prefix=f"d{depth}-", dir=workdir()))
    children = _split(part, keys, bounds, root, progress if depth == 0 else None)
    for child in children:
        try:
            yield from _ranges(child, keys, bucket_rows, workdir, None, depth + 1)
        finally:
            _remove(child)


def _read(files: list[str], dataset: str) -> Any:
    """Return the rows of ``files`` as one pyarrow Table with the layout's columns (empty when none)."""
    pa, _, _, _ = _pyarrow()
    tables = [b for b in _batches(files)]
    schema = layout.arrow_schema(dataset)
    if not tables:
        return schema.empty_table()
    table = pa.Table.from_batches(tables)
    for name in schema.names:
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(table.num_rows, schema.field(name).type))
    return table


def _by_article(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Return ``{article id: rows}`` keeping the rows' order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["article_id"], []).append(row)
    return out


# --- loading --------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    """One article row to store, with its incident and claim rows and its extraction failure (if any)."""

    row: dict[str, Any]
    incidents: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    failed: dict[str, Any] | None


def _bucket_items(part: _Part, failures: list[dict[str, Any]]) -> Iterator[_Item]:
    """Yield the articles of a bucket in ``(id, revision)`` order with their rows; collect its ingest failures.

    The bucket's ``ingest`` error rows are appended to ``failures`` (sorted) before the first item.
    """
    errors = layout.table_rows(_read(part.files["errors"], "errors"), "errors")
    failures.extend(e for e in errors if e["stage"] == "ingest")
    failed = {e["source_ref"]: e for e in errors if e["stage"] == "extract"}
    incidents = _by_article(layout.table_rows(_read(part.files["incidents"], "incidents"), "incidents"))
    claims = _by_article(layout.table_rows(_read(part.files["claims"], "claims"), "claims"))
    articles = _read(part.files["articles"], "articles")
    articles = articles.sort_by([("id", "ascending"), ("revision", "ascending")])  # stable, as read_rows
    names = list(layout.COLUMNS["articles"])
    for start in range(0, articles.num_rows, LOAD_BATCH):
        for r in articles.slice(start, LOAD_BATCH).to_pylist():
            row = {c: r.get(c) for c in names}
            aid = row["id"]
            yield _Item(row, incidents.get(aid, []), claims.get(aid, []), failed.get(aid))


def _store_batch(engine, items: list[_Item], report: LoadReport) -> None:
    """Store one batch of articles with their extractions or extraction failures; return None (counts in ``report``)."""
    batch = [(stages.row_article(item.row), _outcome(item)) for item in items]
    stored = api.store_processed(batch, engine)
    report.articles += stored.stored
    report.duplicates += stored.duplicates
    report.extractions += stored.extractions


def _outcome(item: _Item) -> ArticleExtraction | IngestFailure:
    """Return an item's extraction, or its extraction failure (its article's id as ``source_ref``)."""
    if item.failed is not None:
        return IngestFailure(source_ref=item.row["id"], code=item.failed["code"], message=item.failed["message"])
    return stages.extraction_of(item.incidents, item.claims)


def _load_articles(engine, out_dir: str | Path, report: LoadReport, bucket_rows: int,
                   workdir: Callable[[], Path], progress: Progress | None) -> None:
    """Store articles, extractions and failures bucket by bucket; return None (counts in ``report``).

    Batches of ``LOAD_BATCH`` articles run across bucket boundaries, so they are the batches
    of the sorted whole; ingest failures are stored a bucket at a time, in sorted order.
    """
    source = _source_part(out_dir, ARTICLE_KEYS)
    total = source.rows["articles"]
    pending: list[_Item] = []
    done = 0
    for part in _ranges(source, ARTICLE_KEYS, bucket_rows, workdir, progress):
        failures: list[dict[str, Any]] = []
        for item in _bucket_items(part, failures):
            pending.append(item)
            if len(pending) == LOAD_BATCH:
                _store_batch(engine, pending, report)
                done += len(pending)
                pending = []
                if progress is not None:
                    progress("articles", done, total)
        report.failures += api.record_failures([_failure(e) for e in failures], engine)
    if pending:
        _store_batch(engine, pending, report)
        done += len(pending)
    if progress is not None:
        progress("articles", done, total)


def _save_links(engine, out_dir: str | Path, bucket_rows: int, workdir: Callable[[], Path],
                progress: Progress | None) -> int:
    """Store the links with the link stage's store module (ledgers are recomputed from claims); return the count.

    ``save_links`` gets every row of a linked incident in the same call (links are
    partitioned by ``linked_id``), rows sorted by ``incident_key`` as the whole would be.
    """
    source = _source_part(out_dir, LINK_KEYS)
    saved = done = 0
    for part in _ranges(source, LINK_KEYS, bucket_rows, workdir):
        rows = layout.table_rows(_read(part.files["links"], "links"), "links")
        saved += api.save_links(rows, engine) if rows else 0
        done += len(rows)
        if progress is not None:
            progress("links", done, source.total)
    return saved


def load_outputs(out_dir: str | Path, db: str | None = None, *, bucket_rows: int = BUCKET_ROWS,
                 tmp_dir: str | Path | None = None, progress: Progress | None = None) -> LoadReport:
    """Load the datasets under ``out_dir`` into the store at ``db``; return the LoadReport.

    At most about ``bucket_rows`` rows are held in memory at once; larger output is
    partitioned into a temporary folder under ``tmp_dir`` (default: ``out_dir``), removed
    afterwards. ``progress(stage, done, total)`` is called as rows are partitioned and stored.
    """
    _pyarrow()
    if bucket_rows < 1:
        raise ValueError("bucket_rows must be at least 1")
    report = LoadReport()
    engine = api.open_db(db)
    with ExitStack() as stack:
        made: list[Path] = []

        def workdir() -> Path:
            """Return the temporary folder, created on first use and removed when loading ends."""
            if not made:
                parent = Path(tmp_dir) if tmp_dir is not None else Path(out_dir)
                tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix=".warclaims-load-", dir=parent))
                made.append(Path(tmp))
            return made[0]

        stack.callback(engine.dispose)
        _load_articles(engine, out_dir, report, bucket_rows, workdir, progress)
        report.links = _save_links(engine, out_dir, bucket_rows, workdir, progress)
    return report


def _failure(row: dict[str, Any]) -> IngestFailure:
    """Return the IngestFailure of an ``errors`` row."""
    return IngestFailure(source_ref=row["source_ref"], code=row["code"], message=row["message"])
