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
from pathlib import Path
from typing import Any

from warclaims.config import HTTP_TIMEOUT_S, MAX_URL_BYTES
from warclaims.ingest.base import READERS
from warclaims.models import Article, IngestFailure

FORMATS: tuple[str, ...] = tuple(READERS)
"""Names accepted as ``fmt`` by :func:`read_inputs` (and ``--format`` on the CLI)."""

_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".arc": "warc",
    ".arc.gz": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}

__all__ = ["FORMATS", "Article", "IngestFailure", "detect_format", "format_by_extension", "read_inputs"]


def format_by_extension(path: str) -> str | None:
    """Return the format a file name's extension stands for (``.warc.gz`` -> warc), or None."""
    name = Path(path).name.lower()
    for ext in sorted(_EXTENSIONS, key=len, reverse=True):  # longest first: .warc.gz before .gz
        if name.endswith(ext):
            return _EXTENSIONS[ext]
    return None


def detect_format(path_or_url: str) -> str:
    """Return the format name of an input: ``url``, ``dir``, by extension, else sniffed; ``text`` if unsure.

    A CSV whose header has the FA-KES columns is ``fakes``. Files that are not regular
    (FIFOs, devices) are never opened here.
    """
    from warclaims.ingest.url import is_url

    if is_url(path_or_url):
        return "url"
    path = Path(path_or_url)
    if path.is_dir():
        return "dir"
    fmt = format_by_extension(path_or_url)
    if fmt == "csv":
        return "fakes" if _has_fakes_header(path) else "csv"
    if fmt is not None:
        return fmt
    return _sniff(path) or "text"


def _head(path: Path, size: int = 2048) -> bytes:
    """Return the first bytes of a regular file, b"" for anything else or on error."""
    try:
        if not path.is_file():
            return b""
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def _has_fakes_header(path: Path) -> bool:
    import csv

    from warclaims.ingest.tabular import is_fakes_header

    first_line = _head(path, 4096).split(b"\n", 1)[0].decode("utf-8", "replace")
    try:
        return is_fakes_header(next(csv.reader([first_line]), []))
    except csv.Error:  # a stray CR or NUL: not a FA-KES header (the CSV reader reports the file itself)
        return False


def _sniff(path: Path) -> str | None:
    from warclaims.ingest.feed import looks_like_feed

    head = _head(path)
    if head.startswith(b"\x1f\x8b"):
        import zlib

        try:  # the head is a cut gzip stream: decompress what is there
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return None
    text = head.lstrip().lower()
    if text.startswith((b"warc/", b"filedesc://")):
        return "warc"
    if looks_like_feed(text):
        return "feed"
    if text.startswith((b"<!doctype html", b"<html")) or b"<body" in text:
        return "html"
    if text.startswith(b"{"):
        return "jsonl"
    return None


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
    from warclaims.errors import E
    from warclaims.ingest.normalize import failure

    options: dict[str, Any] = {"mapping": mapping, "max_bytes": max_bytes, "timeout": timeout}
    if isinstance(inputs, str):  # one path given bare: not a sequence of characters
        inputs = [inputs]
    for item in inputs:
        if fmt is not None and fmt not in FORMATS:
            yield failure(E.W112, str(item), fmt=fmt, choices=", ".join(FORMATS))
            continue
        yield from _read_one(str(item), fmt, options)


def _read_one(item: str, fmt: str | None, options: dict[str, Any]) -> Iterator[Article | IngestFailure]:
    from warclaims.errors import E
    from warclaims.ingest.base import read_guarded
    from warclaims.ingest.normalize import failure

    try:
        chosen = fmt or detect_format(item)
    except (OSError, ValueError) as exc:  # e.g. a path with a NUL byte
        yield failure(E.W101, item, reason=f"{type(exc).__name__}: {exc}")
        return
    yield from read_guarded(chosen, item, **options)
