"""The reader contract: every reader yields Articles or IngestFailures, never raises per item.

A reader is a function ``read(path_or_url: str, **options) -> Iterator[Article | IngestFailure]``
registered by format name in :data:`READERS`, by decorator in its own module::

    @READERS.register("text", extensions=(".txt", ".text"))
    def read_text(path: str, **options) -> Iterator[Item]: ...

``extensions`` (optional) are the file-name endings detected as that format; ``items``
(optional) tells the batch engines how to split an input: ``"rows"`` (one article per row,
read with the engines' own row readers) or ``"file"`` (whole-file bytes); without it an
input of the format goes to :func:`warclaims.ingest.read_inputs` unchanged. The package
imports its reader modules, so the built-in formats are registered by ``import warclaims.ingest``;
a new format is one new module imported there (or an entry point in ``warclaims.readers``).

A failure for one item (a bad row, a truncated WARC record) is yielded as an
:class:`IngestFailure` and the reader goes on with the next item; only a failure of the
whole input (file missing) may end it, and even that is yielded as a failure rather than raised.

Options every reader accepts (and may ignore): ``mapping``, ``max_bytes``, ``timeout``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from warclaims.config import HTTP_TIMEOUT_S, MAX_URL_BYTES
from warclaims.errors import E, WarclaimsError
from warclaims.ingest.normalize import failure
from warclaims.models import Article, IngestFailure
from warclaims.registry import Registry

Item = Article | IngestFailure
Reader = Callable[..., Iterator[Item]]

READERS: Registry[Reader] = Registry("input format", group="readers")
"""Format name -> reader function, in registration order (the order of ``warclaims.ingest.FORMATS``)."""

DEFAULT_MAX_BYTES = MAX_URL_BYTES
DEFAULT_TIMEOUT = HTTP_TIMEOUT_S


def load_reader(fmt: str) -> Reader:
    """Return the reader function registered for ``fmt`` (KeyError when unknown)."""
    return READERS[fmt]


def read_guarded(fmt: str, item: str, /, **options: object) -> Iterator[Item]:
    """Yield what the ``fmt`` reader yields for ``item``; an unexpected exception becomes a W101 failure.

    Readers catch the errors they expect; this guard keeps the never-raise contract
    for the ones nobody foresaw, so one bad input never stops a batch.
    """
    try:
        yield from load_reader(fmt)(item, **options)
    except Exception as exc:  # noqa: BLE001
        yield failure(E.W101, item, reason=f"unexpected {type(exc).__name__}: {exc}")


def check_regular_file(path: str) -> None:
    """Raise W113 when ``path`` does not exist, W101 when it is not a readable regular file.

    A FIFO would block ``open()`` forever, so its type is checked before anything reads it.
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        if p.is_symlink():
            raise WarclaimsError(E.W101, item=path, reason="broken symbolic link") from None
        raise WarclaimsError(E.W113, item=path) from None
    except OSError as exc:
        raise WarclaimsError(E.W101, item=path, reason=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise WarclaimsError(E.W101, item=path, reason="is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise WarclaimsError(E.W101, item=path, reason=f"not a regular file ({_file_kind(st.st_mode)})")
    if not os.access(p, os.R_OK):
        raise WarclaimsError(E.W101, item=path, reason="permission denied")


def _file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "special file"


def read_file_bytes(path: str, *, max_bytes: int | None = None) -> bytes:
    """Return the bytes of a regular file; raise W113/W101, or W111 when over ``max_bytes``."""
    check_regular_file(path)
    try:
        size = os.path.getsize(path)
        if max_bytes is not None and size > max_bytes:
            raise WarclaimsError(E.W111, item=path, limit=max_bytes)
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise WarclaimsError(E.W101, item=path, reason=exc.strerror or str(exc)) from None
