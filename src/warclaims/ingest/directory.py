"""Directories: every article file below a folder, by file type, in sorted order.

Files are visited depth first with names sorted (byte order of the path) so two runs on
the same tree give the same articles in the same order. Hidden files and folders (names
starting with ``.``) are skipped; files whose type is not an article format (README.md,
JSON annotations, images, ``.bin``) are skipped with a W117 warning naming each, so
``warclaims errors`` lists them; symbolic links to folders are not followed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warclaims.errors import E, WarclaimsError
from warclaims.ingest.base import READERS, Item, check_regular_file, read_guarded
from warclaims.ingest.detect import detect_format, format_by_extension
from warclaims.ingest.normalize import failure, failure_from_error, warning
from warclaims.ingest.text import SIDECAR_SUFFIX


def iter_files(root: str) -> Iterator[str]:
    """Return an iterator over the non-hidden file paths below ``root``, sorted, depth first."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield os.path.join(dirpath, name)


@READERS.register("dir")
def read_dir(path: str, *, fmt: str | None = None, **options: Any) -> Iterator[Item]:
    """Yield the Articles of every article file below ``path``; one file's failures do not stop the rest.

    ``fmt`` forces one format for every file with an article extension; by default each
    file's format is detected from its extension (and a CSV's header for FA-KES).
    """
    if not Path(path).is_dir():
        yield _not_a_directory(path)
        return
    for file in iter_files(path):
        if format_by_extension(file) is None:
            if _is_sidecar_of_article(file):
                continue  # read with its text file, not skipped
            yield warning(E.W117, file, reason=f"extension {Path(file).suffix or '(none)'!r}")
            continue
        try:
            chosen = fmt or detect_format(file)
        except (OSError, ValueError) as exc:  # one unreadable file must not end the directory
            yield failure(E.W101, file, reason=f"{type(exc).__name__}: {exc}")
            continue
        yield from read_guarded(chosen, file, **options)


def _is_sidecar_of_article(file: str) -> bool:
    """Return True for ``X.meta.json`` beside an article file ``X`` (the text reader reads it)."""
    return file.endswith(SIDECAR_SUFFIX) and format_by_extension(file.removesuffix(SIDECAR_SUFFIX)) is not None


def _not_a_directory(path: str) -> Item:
    try:
        check_regular_file(path)  # gives the precise W113/W101 reason when there is one
    except WarclaimsError as err:
        return failure_from_error(err, path)
    return failure(E.W101, path, reason="not a directory")
