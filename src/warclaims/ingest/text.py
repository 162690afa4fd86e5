"""Plain-text articles: one file, one article; the first line is the title when it looks like one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from warclaims.errors import WarclaimsError
from warclaims.ingest.base import DEFAULT_MAX_BYTES, Item, read_file_bytes
from warclaims.ingest.normalize import decode_bytes, failure_from_error, make_article, normalize_text

_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
# A title does not end like a sentence; a closing quote or bracket after the stop counts too.
_SENTENCE_END = re.compile(r"[.!?;:,…][\"'”’)\]]*$")  # noqa: RUF001  # curly quotes on purpose


def looks_like_title(line: str) -> bool:
    """Return True for a short line that does not end with sentence punctuation."""
    line = line.strip()
    return (
        bool(line)
        and len(line) <= _TITLE_MAX_CHARS
        and len(line.split()) <= _TITLE_MAX_WORDS
        and not _SENTENCE_END.search(line)
    )


def split_title(text: str) -> tuple[str | None, str]:
    """Return ``(title, body)``: the first line is the title when it looks like one and a blank line follows.

    The body keeps its lines as they are; only leading blank lines are dropped later.
    """
    lines = text.lstrip("\n").split("\n")
    if len(lines) >= 3 and looks_like_title(lines[0]) and not lines[1].strip():
        return lines[0].strip(), "\n".join(lines[1:])
    return None, text


def parse_text(data: bytes, source_ref: str, **fields: Any) -> Item:
    """Return the Article (or failure) for the bytes of one plain-text document."""
    try:
        decoded = decode_bytes(data, source_ref)
    except WarclaimsError as err:
        return failure_from_error(err, source_ref)
    title, body = split_title(normalize_text(decoded.text))
    meta = {"encoding": decoded.encoding, "encoding_source": decoded.how}
    return make_article(text=body, title=title, source_ref=source_ref, metadata=meta, **fields)


def read_text(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, **_: Any) -> Iterator[Item]:
    """Yield the one Article of a plain-text file, or its failure (W113, W101, W104, W102, W103, W111)."""
    try:
        data = read_file_bytes(path, max_bytes=max_bytes)
    except WarclaimsError as err:
        yield failure_from_error(err, path)
        return
    yield parse_text(data, path)
