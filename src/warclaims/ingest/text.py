"""Plain-text articles: one file, one article; the first line is the title when it looks like one."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warclaims.errors import E, WarclaimsError
from warclaims.models import IngestFailure
from warclaims.ingest.base import DEFAULT_MAX_BYTES, READERS, Item, read_file_bytes
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
    decoded.warn_if_guessed(meta, source_ref)
    return make_article(text=body, title=title, source_ref=source_ref, metadata=meta, **fields)


SIDECAR_SUFFIX = ".meta.json"
SIDECAR_FIELDS = ("title", "url", "outlet", "published")


def sidecar_fields(path: str) -> dict[str, Any]:
    """Return the article fields of ``PATH.meta.json`` beside a text file ({} when there is none).

    A plain-text file carries no outlet or publication date, which date resolution ("on
    Saturday") and attribution of unattributed figures need; the sidecar supplies them:
    ``{"outlet": "ARA News", "published": "2016-09-18", "url": "...", "title": "..."}``.
    Raises WarclaimsError W101 when the sidecar exists but is not a JSON object.
    """
    sidecar = Path(path + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WarclaimsError(E.W101, item=str(sidecar), reason=f"bad metadata sidecar: {exc}") from exc
    if not isinstance(data, dict):
        raise WarclaimsError(E.W101, item=str(sidecar), reason="bad metadata sidecar: not a JSON object")
    return {k: data[k] for k in SIDECAR_FIELDS if data.get(k) not in (None, "")}


def parse_text_file(data: bytes, path: str) -> Item:
    """Return the Article (or failure) of a text file's bytes, with its sidecar's fields applied.

    Used by the file reader and by the batch engines, so both read a text file the same way.
    The sidecar is looked up on the local file system; on other file systems there is none.
    """
    try:
        fields = sidecar_fields(path)
    except WarclaimsError as err:
        return failure_from_error(err, path)
    title = fields.pop("title", None)
    item = parse_text(data, path, **fields)
    if title and not isinstance(item, IngestFailure):
        item.title = title
    return item


@READERS.register("text", extensions=(".txt", ".text"), items="file")
def read_text(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, **_: Any) -> Iterator[Item]:
    """Yield the one Article of a plain-text file, or its failure (W113, W101, W104, W102, W103, W111).

    Fields in an optional ``PATH.meta.json`` sidecar (see :func:`sidecar_fields`) are applied.
    """
    try:
        data = read_file_bytes(path, max_bytes=max_bytes)
    except WarclaimsError as err:
        yield failure_from_error(err, path)
        return
    yield parse_text_file(data, path)
