"""The batch output layout: one Parquet dataset (a directory of part files) per record kind.

``OUT_DIR/articles``, ``OUT_DIR/incidents`` (article incidents), ``OUT_DIR/claims``,
``OUT_DIR/links`` (article incident -> linked incident), ``OUT_DIR/ledger`` (one reconciled
ledger per linked incident) and ``OUT_DIR/errors`` (ingest and extraction failures).

Both engines write exactly these columns (the Spark engine converts :data:`SCHEMAS` into
Spark types), so ``pyarrow.dataset`` / ``pandas.read_parquet`` reads either engine's output
the same way. Nested values (metadata, spans, groups, link features, ledger) are JSON text:
portable across Parquet readers and loadable into SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from warclaims._lazy import require
from warclaims.models import CLAIM_FIELDS, INCIDENT_FACTS, Claim, Incident, row_columns, to_dict


def _record_columns(cls: type, names: list[str]) -> dict[str, str]:
    """Return the flat columns of a record's fields ``names`` (:func:`warclaims.models.row_columns`),
    lists and dicts as JSON text."""
    return {column: "string" if kind == "json" else kind for column, kind in row_columns(cls, names).items()}


DATASETS = ("articles", "incidents", "claims", "links", "ledger", "errors")

# Column name -> type name ("string", "int", "float", "bool", "date"); order is the file order.
COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "id": "string", "revision": "int", "url": "string", "outlet": "string", "published": "date",
        "title": "string", "text": "string", "language": "string", "content_hash": "string",
        "source_ref": "string", "metadata": "string",
    },
    "incidents": {
        "incident_key": "string", "article_id": "string", "revision": "int", "index": "int",
        **_record_columns(Incident, [*INCIDENT_FACTS, "spans", "confidence"]), "extractor_version": "string",
    },
    "claims": {
        "incident_key": "string", "article_id": "string", "position": "int",
        # ``blames`` last: it came after the first release and was appended (as in the store's table).
        **_record_columns(Claim, [n for n in CLAIM_FIELDS if n not in ("article_id", "blames")]),
        **_record_columns(Claim, ["blames"]),
    },
    "links": {
        "incident_key": "string", "linked_id": "string", "score": "float", "features": "string",
    },
    "ledger": {
        "linked_id": "string", "members": "int", "ledger": "string",
    },
    "errors": {
        "source_ref": "string", "code": "string", "message": "string", "stage": "string",
    },
}
"""The columns of each dataset with their portable type names."""

SORT_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "revision"),
    "incidents": ("incident_key",),
    "claims": ("incident_key", "position"),
    "links": ("incident_key",),
    "ledger": ("linked_id",),
    "errors": ("source_ref", "code"),
}
"""Columns that identify a row: used to sort rows for comparisons and deterministic output."""


def _pyarrow(module: str) -> ModuleType:
    """Return a pyarrow module, imported on first use (160 ms; the ``parquet`` extra: W901 without it)."""
    return require(module, "parquet", feature="the batch engines' Parquet datasets")


def dumps(value: Any) -> str:
    """Return compact, key-sorted JSON text for a nested value (dates as ISO strings)."""
    return json.dumps(to_dict(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def arrow_schema(dataset: str):
    """Return the pyarrow schema of ``dataset``."""
    pa = _pyarrow("pyarrow")

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32()}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS[dataset].items()])


def spark_ddl(dataset: str) -> str:
    """Return the Spark DDL schema string of ``dataset`` (e.g. ``id string, revision bigint``)."""
    types = {"string": "string", "int": "bigint", "float": "double", "bool": "boolean", "date": "date"}
    return ", ".join(f"`{name}` {types[kind]}" for name, kind in COLUMNS[dataset].items())


def dataset_path(out_dir: str | Path, dataset: str) -> Path:
    """Return the directory of ``dataset`` under ``out_dir``."""
    return Path(out_dir) / dataset


def write_rows(out_dir: str | Path, dataset: str, rows: Iterable[dict[str, Any]]) -> int:
    """Write ``rows`` as ``OUT_DIR/dataset/part-00000.parquet`` (replacing the dataset); return the count."""
    pa, pq = _pyarrow("pyarrow"), _pyarrow("pyarrow.parquet")
    path = dataset_path(out_dir, dataset)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    ordered = sorted(rows, key=row_order(dataset))
    schema = arrow_schema(dataset)
    table = pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in ordered], schema=schema)
    pq.write_table(table, path / "part-00000.parquet")
    return table.num_rows


def read_rows(out_dir: str | Path, dataset: str) -> list[dict[str, Any]]:
    """Return every row of ``dataset`` (empty list when absent), sorted by its identifying columns."""
    ds = _pyarrow("pyarrow.dataset")
    path = dataset_path(out_dir, dataset)
    if not path.exists():
        return []
    return table_rows(ds.dataset(str(path), format="parquet", exclude_invalid_files=True).to_table(), dataset)


def table_rows(table: Any, dataset: str) -> list[dict[str, Any]]:
    """Return the rows of a pyarrow ``table`` as dicts of ``dataset``'s columns, sorted by :func:`row_order`."""
    names = list(COLUMNS[dataset])
    return sorted(({c: r.get(c) for c in names} for r in table.to_pylist()), key=row_order(dataset))


def row_order(dataset: str) -> Callable[[dict[str, Any]], tuple]:
    """Return the sort key of ``dataset``'s rows: its :data:`SORT_KEYS`, a missing value as ``""``."""
    key = SORT_KEYS[dataset]
    return lambda r: tuple("" if r.get(k) is None else r[k] for k in key)
