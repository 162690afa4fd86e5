"""Which format an input is: a URL, a folder, by file extension, else by sniffing its first bytes.

Extensions come from the readers' registrations (``@READERS.register(fmt, extensions=...)``),
so a new reader with an extension is detected without a change here.
"""

from __future__ import annotations

import csv
import zlib
from pathlib import Path

from warclaims.ingest.base import READERS
from warclaims.ingest.feed import looks_like_feed
from warclaims.ingest.tabular import is_fakes_header
from warclaims.ingest.url import is_url


def extensions() -> dict[str, str]:
    """Return ``{extension: format}`` of every registered reader (``.warc.gz`` -> warc)."""
    return {ext: fmt for fmt in READERS for ext in READERS.meta(fmt).get("extensions", ())}


def format_by_extension(path: str) -> str | None:
    """Return the format a file name's extension stands for (``.warc.gz`` -> warc), or None."""
    name = Path(path).name.lower()
    by_extension = extensions()
    for ext in sorted(by_extension, key=len, reverse=True):  # longest first: .warc.gz before .gz
        if name.endswith(ext):
            return by_extension[ext]
    return None


def detect_format(path_or_url: str) -> str:
    """Return the format name of an input: ``url``, ``dir``, by extension, else sniffed; ``text`` if unsure.

    A CSV whose header has the FA-KES columns is ``fakes``. Files that are not regular
    (FIFOs, devices) are never opened here.
    """
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
    first_line = _head(path, 4096).split(b"\n", 1)[0].decode("utf-8", "replace")
    try:
        return is_fakes_header(next(csv.reader([first_line]), []))
    except csv.Error:  # a stray CR or NUL: not a FA-KES header (the CSV reader reports the file itself)
        return False


def _sniff(path: Path) -> str | None:
    head = _head(path)
    if head.startswith(b"\x1f\x8b"):
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
