"""warclaims.ingest stage: articles from text, HTML, CSV, JSON Lines, FA-KES, WARC, feeds, URLs, folders.

Entry points::

    from warclaims.ingest import FORMATS, detect_format, read_inputs

    for item in read_inputs(["data/sample"]):
        ...  # an Article, or an IngestFailure (code + one-line message); never raises per item

Every reader normalises text the same way (:mod:`warclaims.ingest.normalize`), so the
same article read from a CSV row, an HTML page or a WARC record gets the same
``content_hash`` when the extracted text is the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

# The reader modules register their formats by decorator when imported; importing them here,
# in this order, registers the built-in formats in the order FORMATS lists them. A new reader
# is one module with a ``@READERS.register(...)`` function, added to this list.
from warclaims.ingest import text, html, tabular, warc, feed, fetched, directory  # noqa: F401, I001
from warclaims.config import HTTP_TIMEOUT_S, MAX_URL_BYTES
from warclaims.errors import E
from warclaims.ingest.base import READERS, read_guarded
from warclaims.ingest.detect import detect_format, format_by_extension
from warclaims.ingest.normalize import failure
from warclaims.models import Article, IngestFailure
from warclaims.registry import Names

FORMATS: Names = READERS.view()
"""Names accepted as ``fmt`` by :func:`read_inputs` (and ``--format`` on the CLI): a live,
tuple-like view of :data:`warclaims.ingest.base.READERS` in registration order."""

__all__ = ["FORMATS", "READERS", "Article", "IngestFailure", "detect_format", "format_by_extension",
           "read_inputs"]


def read_inputs(
    inputs: Sequence[str],
    fmt: str | None = None,
    *,
    mapping: Mapping[str, str] | None = None,
    max_bytes: int = MAX_URL_BYTES,
    timeout: float = HTTP_TIMEOUT_S,
) -> Iterator[Article | IngestFailure]:
    """Return an iterator of the Articles and IngestFailures of every input, in order.

    ``fmt`` forces one format for all inputs (a directory given with a file format is a
    W101 failure); by default each input's format is detected. Nothing raises per item:
    a bad input or row is yielded as an IngestFailure (W1xx code, one-line message naming
    it) and the next one is read. An unknown ``fmt`` gives W112 for each input.
    ``mapping`` ({column: Article field}) applies to CSV/JSONL; ``max_bytes`` caps URL
    bodies, single text/HTML files and WARC payloads; ``timeout`` (seconds) bounds each fetch.
    """
    options: dict[str, Any] = {"mapping": mapping, "max_bytes": max_bytes, "timeout": timeout}
    if isinstance(inputs, str):  # one path given bare: not a sequence of characters
        inputs = [inputs]
    for item in inputs:
        if fmt is not None and fmt not in FORMATS:
            yield failure(E.W112, str(item), fmt=fmt, choices=", ".join(FORMATS))
            continue
        yield from _read_one(str(item), fmt, options)


def _read_one(item: str, fmt: str | None, options: dict[str, Any]) -> Iterator[Article | IngestFailure]:
    try:
        chosen = fmt or detect_format(item)
    except (OSError, ValueError) as exc:  # e.g. a path with a NUL byte
        yield failure(E.W101, item, reason=f"{type(exc).__name__}: {exc}")
        return
    yield from read_guarded(chosen, item, **options)
