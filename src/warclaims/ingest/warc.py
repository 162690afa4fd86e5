"""WARC archives (plain or gzipped) through warcio: one Article per HTML response record.

Other records (warcinfo, requests, metadata, images, JSON, redirects) are skipped. A
record that cannot be read (a file cut in the middle of a record, a corrupt gzip member)
yields a W107 failure naming its offset; the archive cannot be resynchronised after
that, so reading moves on to the next input.

Source references are ``file.warc.gz#offset=N`` with N the record's byte offset in the
file as stored (compressed offset for ``.warc.gz``), which ``warcio`` can seek to.

Resources are bounded by what comes *out* of decompression, not what goes in: a header
line longer than :data:`MAX_LINE_BYTES` and an archive that decompresses to more than
:data:`MAX_EXPANSION` times its compressed size (plus :data:`EXPANSION_ALLOWANCE`) stop
reading with W107 naming the cause; a 200 KB gzip of NUL bytes cannot fill memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from warclaims._lazy import require
from warclaims.errors import E, WarclaimsError
from warclaims.ingest.base import DEFAULT_MAX_BYTES, READERS, Item, check_regular_file
from warclaims.ingest.html import parse_html_bytes
from warclaims.ingest.normalize import failure, failure_from_error

HTML_TYPES = ("text/html", "application/xhtml+xml")
ARTICLE_RECORD_TYPES = ("response", "resource")
MAX_LINE_BYTES = 64 * 1024
"""Longest WARC/HTTP header line (or run of bytes between records without a newline) read."""
MAX_EXPANSION = 100
"""Most bytes out per compressed byte in: real WARC gzip expands 3-10x, a bomb about 1000x."""
EXPANSION_ALLOWANCE = 64 * 1024 * 1024


class ArchiveTooLarge(Exception):
    """Raised while reading an archive whose header lines or decompressed size pass the caps."""


def _capped_reader_class() -> type:
    """Return warcio's decompressing reader with the line and expansion caps (warcio imported lazily)."""
    DecompressingBufferedReader = require("warcio.bufferedreaders").DecompressingBufferedReader  # noqa: N806

    class CappedReader(DecompressingBufferedReader):
        """A DecompressingBufferedReader that refuses endless lines and decompression bombs."""

        def _process_read(self, data: bytes) -> None:
            super()._process_read(data)
            compressed_in = self.stream.tell() if hasattr(self.stream, "tell") else 0
            if self.num_read > MAX_EXPANSION * compressed_in + EXPANSION_ALLOWANCE:
                raise ArchiveTooLarge(f"decompressed to over {self.num_read} bytes from {compressed_in} "
                                      f"(more than {MAX_EXPANSION}x): a decompression bomb?")

        def readline(self, length: int | None = None) -> bytes:
            limit = min(length, MAX_LINE_BYTES + 1) if length else MAX_LINE_BYTES + 1
            line = super().readline(limit)
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                raise ArchiveTooLarge(f"a header line longer than {MAX_LINE_BYTES} bytes (no line end)")
            return line

    return CappedReader


def _content_type(record: Any) -> tuple[str, str | None]:
    """Return ``(mime type, charset)`` of a record's payload (HTTP header for responses)."""
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    raw = headers.get_header("Content-Type") or ""
    parts = [p.strip() for p in raw.split(";")]
    charset = next(
        (p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), None
    )
    return parts[0].lower(), charset


def _is_html_capture(record: Any) -> bool:
    if record.rec_type not in ARTICLE_RECORD_TYPES:
        return False
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return False  # redirects and errors carry no article
    return _content_type(record)[0] in HTML_TYPES


@READERS.register("warc", extensions=(".warc", ".warc.gz", ".arc", ".arc.gz"), items="file")
def read_warc(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, **_: Any) -> Iterator[Item]:
    """Yield an Article per HTML response record; W107 for a truncated or invalid record."""
    try:
        check_regular_file(path)
        stream = open(path, "rb")  # closed in the finally below
    except WarclaimsError as err:
        yield failure_from_error(err, path)
        return
    except OSError as exc:
        yield failure(E.W101, path, reason=exc.strerror or str(exc))
        return
    try:
        yield from read_warc_stream(stream, path, max_bytes)
    finally:
        stream.close()


def read_warc_stream(stream: Any, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Yield an Article per HTML response record of an open binary WARC stream (``path`` names
    it in source refs); W107 for a truncated or invalid record, W111 for one over ``max_bytes``.
    Shared by :func:`read_warc` and the engines' reader of whole-file bytes."""
    archive_iterator = require("warcio.archiveiterator").ArchiveIterator  # 24 ms: only for archives

    records = archive_iterator(stream, check_digests=False)
    records.reader = _capped_reader_class()(records.fh, block_size=records.reader.block_size)
    while True:
        # ``records.offset`` is the start of the record being read (or failing to be read);
        # get_record_offset() would consume the payload first.
        try:
            record = next(records)
            item = _record_item(record, f"{path}#offset={records.offset}", max_bytes)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001  # warcio raises many types on damaged input
            ref = f"{path}#offset={max(records.offset, 0)}"  # warcio can go below 0 on junk
            yield failure(E.W107, ref, reason=f"{type(exc).__name__}: {exc}")
            return
        if item is not None:
            yield item


def _record_item(record: Any, ref: str, max_bytes: int) -> Item | None:
    """Return the Article of an HTML capture, None for a record to skip; raise on a damaged one."""
    if not _is_html_capture(record):
        return None
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return failure(E.W111, ref, limit=max_bytes)
    _check_complete(record)
    uri = record.rec_headers.get_header("WARC-Target-URI")
    meta = {"warc_target_uri": uri, "warc_date": record.rec_headers.get_header("WARC-Date")}
    return parse_html_bytes(
        payload, source_ref=ref, url=uri, header_charset=_content_type(record)[1], metadata=meta
    )


def _check_complete(record: Any) -> None:
    """Raise EOFError when the record's declared length was not all there (a cut-off file)."""
    declared = record.rec_headers.get_header("Content-Length")
    # warcio's LimitReader counts down what is left of the record; a cut file leaves some.
    remaining = getattr(record.raw_stream, "limit", None)
    if declared is not None and remaining:
        raise EOFError(f"record ends {remaining} bytes short of its Content-Length {declared}")
