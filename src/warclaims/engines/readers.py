"""Turning raw input items into Articles with the ingest stage's own per-item code.

Both engines plan the inputs the same way (:func:`plan_inputs`) and call the same per-item
functions of :mod:`warclaims.ingest`: ``row_to_article`` for a CSV/JSONL/Parquet row,
``parse_html_bytes`` / ``parse_text`` for a file's bytes, the WARC record reader for an
archive's bytes. Only where the items come from differs: Python file reading (local) or
Spark's CSV/text/Parquet/binaryFile readers on any Hadoop-compatible path (spark).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from warclaims._lazy import require
from warclaims.api.batch import (
    FAKES_MAPPING,
    READERS,
    detect_format,
    failure,
    format_by_extension,
    iter_files,
    parse_html_bytes,
    parse_text_file,
    read_warc_stream,
    resolve_mapping,
    row_to_article,
)
from warclaims.config import MAX_URL_BYTES
from warclaims.engines.base import ENGINE_READERS
from warclaims.errors import E
from warclaims.models import Article, IngestFailure
from warclaims.registry import Names

Item = Article | IngestFailure
ROW_FORMATS: Names = READERS.view(items="rows").union(ENGINE_READERS.view(items="rows"))
"""Formats read one article per row (CSV, FA-KES, JSON Lines, Parquet): from the registrations."""
FILE_FORMATS: Names = READERS.view(items="file")
"""Formats read from a whole file's bytes (HTML, text, WARC)."""
_URI_SCHEMES = ("hdfs://", "s3a://", "s3://", "gs://", "abfs://", "abfss://", "wasbs://", "file:", "viewfs://")


@dataclass(slots=True, kw_only=True)
class InputFile:
    """One input file (or Hadoop path) with the format it is read as."""

    path: str
    fmt: str


def is_hadoop_uri(path: str) -> bool:
    """Return True for a Hadoop-style URI (``hdfs://``, ``s3a://``, ``file:``...)."""
    return path.startswith(_URI_SCHEMES)


def engine_format_by_extension(path: str) -> str | None:
    """Return the engine-only format (Parquet) a file name's extension stands for, or None."""
    name = path.lower()
    matches = (fmt for fmt in ENGINE_READERS if name.endswith(ENGINE_READERS.meta(fmt).get("extensions", ())))
    return next(matches, None)


def format_of(path: str, fmt: str | None) -> str | None:
    """Return the format to read ``path`` as: ``fmt``, ``parquet`` by extension, else ingest's detection."""
    if fmt is not None:
        return fmt
    if (own := engine_format_by_extension(path)) is not None:
        return own
    if is_hadoop_uri(path):
        return format_by_extension(path)
    return detect_format(path)


def plan_inputs(inputs: Sequence[str], fmt: str | None) -> tuple[list[InputFile], list[str]]:
    """Return (files with their formats, inputs left to ``warclaims.ingest.read_inputs``).

    Local directories are expanded like the ingest stage does (sorted, hidden files and
    non-article files skipped). Feeds, URLs and anything whose format is unknown go to
    ``read_inputs`` unchanged, so they fail or succeed exactly as ``warclaims ingest`` does.
    """
    files: list[InputFile] = []
    other: list[str] = []
    for item in inputs:
        if not is_hadoop_uri(item) and os.path.isdir(item) and fmt != "parquet":
            for path in iter_files(item):
                if format_by_extension(path) is not None or engine_format_by_extension(path) is not None:
                    _add(files, other, path, format_of(path, fmt if fmt != "dir" else None))
            continue
        _add(files, other, item, format_of(item, fmt))
    return files, other


def _add(files: list[InputFile], other: list[str], path: str, fmt: str | None) -> None:
    if fmt in ROW_FORMATS or fmt in FILE_FORMATS:
        if fmt == "parquet" or is_hadoop_uri(path) or os.path.isfile(path):
            files.append(InputFile(path=path, fmt=fmt))
            return
    other.append(path)


def columns_for(header: Sequence[str], fmt: str, mapping: Mapping[str, str] | None) -> dict[str, str]:
    """Return ``{column: Article field}`` for a header, with FA-KES's mapping for ``fakes``."""
    merged = {**FAKES_MAPPING, **(mapping or {})} if fmt == "fakes" else mapping
    return resolve_mapping(list(header), merged)


def row_item(row: Mapping[str, Any], columns: dict[str, str], source_ref: str, fmt: str) -> Item:
    """Return the Article (or failure) of one tabular row, via ingest's ``row_to_article``."""
    return row_to_article(row, columns, source_ref, fmt=fmt)


def row_ref(path: str, fmt: str, number: int) -> str:
    """Return the source reference of row/line ``number`` (from 1) of ``path``."""
    return f"{path}#line={number}" if fmt == "jsonl" else f"{path}#row={number}"


def jsonl_item(line: str, source_ref: str, mapping: Mapping[str, str] | None) -> Item | None:
    """Return the Article (or W106 failure) of one JSON line; None for a blank line."""
    if not line.strip():
        return None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return failure(E.W106, source_ref, reason=f"{exc.msg} at column {exc.colno}")
    if not isinstance(row, dict):
        return failure(E.W106, source_ref, reason=f"expected a JSON object, found {type(row).__name__}")
    return row_item(row, resolve_mapping(list(row), mapping), source_ref, "jsonl")


def file_items(data: bytes, path: str, fmt: str, *, max_bytes: int | None = None) -> list[Item]:
    """Return the Articles (or failures) of one whole file's bytes read as ``fmt`` (html, text, warc)."""
    limit = max_bytes or MAX_URL_BYTES
    if fmt == "warc":
        return list(_warc_items(data, path, limit))
    if len(data) > limit:
        return [failure(E.W111, path, limit=limit)]
    if fmt == "html":
        return [parse_html_bytes(data, source_ref=path)]
    return [parse_text_file(data, path)]


def _warc_items(data: bytes, path: str, max_bytes: int) -> Iterator[Item]:
    """Yield the items of a WARC archive's bytes with ingest's record reader."""
    yield from read_warc_stream(io.BytesIO(data), path, max_bytes)


@ENGINE_READERS.register("parquet", items="rows", extensions=(".parquet",))
def parquet_items(path: str, mapping: Mapping[str, str] | None) -> Iterator[Item]:
    """Yield the Articles of a local Parquet file or dataset directory, one per row (``path#row=N``)."""
    ds = require("pyarrow.dataset", "parquet", feature="reading Parquet")
    try:
        table = ds.dataset(path, format="parquet").to_table()
    except (OSError, ValueError) as exc:
        yield failure(E.W101, path, reason=str(exc))
        return
    columns = columns_for(table.column_names, "parquet", mapping)
    for number, row in enumerate(table.to_pylist(), start=1):
        yield row_item(row, columns, row_ref(path, "parquet", number), "parquet")
