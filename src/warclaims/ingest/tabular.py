"""CSV and JSON Lines corpora: one article per row, columns mapped onto Article fields.

A mapping is ``{source column: Article field}`` with fields ``id``, ``title``, ``text``,
``url``, ``outlet``, ``published`` and ``language``. Columns that are not mapped are kept
in ``Article.metadata`` under their own name. Without a mapping, columns named like the
fields (and common aliases such as ``content``, ``body``, ``date``, ``link``) are used.

The ``fakes`` format is CSV with the built-in FA-KES mapping (``unit_id`` -> id,
``article_title`` -> title, ``article_content`` -> text, ``source`` -> outlet, ``date``
(M/D/YYYY) -> published; ``location`` and ``labels`` (as int) stay in metadata).

Columns that are neither mapped nor aliased are listed once per file in a W119 warning
(their values stay in metadata), so a date column under an unknown name is not lost quietly.

Source references: ``path#row=N`` for CSV (N counts data rows from 1, header excluded)
and ``path#line=N`` for JSON Lines (file line number from 1). CSV is read strictly: a
malformed row (an unclosed quote) is a W105 failure and reading starts again on the next
line, so the rows an open quote would have swallowed are read, and later row numbers stay right.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from warclaims.errors import E, WarclaimsError
from warclaims.ingest.base import READERS, Item, read_file_bytes
from warclaims.ingest.normalize import Decoded, decode_bytes, failure, failure_from_error, make_article, warning

ARTICLE_FIELDS = ("id", "title", "text", "url", "outlet", "published", "language")

FAKES_MAPPING: dict[str, str] = {
    "unit_id": "id",
    "article_title": "title",
    "article_content": "text",
    "source": "outlet",
    "date": "published",
}
FAKES_COLUMNS = ("unit_id", "article_title", "article_content", "source", "date", "location", "labels")

_ALIASES: dict[str, str] = {
    **{name: name for name in ARTICLE_FIELDS},
    "content": "text",
    "body": "text",
    "article": "text",
    "article_content": "text",
    "headline": "title",
    "article_title": "title",
    "link": "url",
    "source": "outlet",
    "site": "outlet",
    "sitename": "outlet",
    "date": "published",
    "published_at": "published",
    **{name: "published" for name in ("pubdate", "pub_date", "publish_date", "publishdate", "publication_date",
                                      "published_date", "date_published", "datepublished", "pubdatetime")},
    "lang": "language",
    "unit_id": "id",
}


def resolve_mapping(columns: Sequence[str], mapping: Mapping[str, str] | None) -> dict[str, str]:
    """Return ``{column: field}`` for ``columns``: the given mapping first, aliases for the rest.

    A field the caller mapped explicitly is not filled again from an alias.
    """
    explicit = {col: field for col, field in (mapping or {}).items() if col in columns}
    taken = set(explicit.values())
    resolved = dict(explicit)
    for col in columns:
        field = _ALIASES.get(col.strip().lower())
        if col not in resolved and field and field not in taken:
            resolved[col] = field
            taken.add(field)
    return resolved


def row_to_article(row: Mapping[str, Any], columns: dict[str, str], source_ref: str, *, fmt: str) -> Item:
    """Return the Article for one mapped row, or a W105/W106 failure when it has no text."""
    fields: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for key, value in row.items():
        target = columns.get(key)
        if target:
            fields[target] = value
        elif key is not None:
            metadata[key] = value
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        text_col = next((c for c, f in columns.items() if f == "text"), "text")
        code = E.W106 if fmt == "jsonl" else E.W105
        return failure(code, source_ref, reason=f"no text in column {text_col!r}")
    if fmt == "fakes":
        _coerce_fakes(metadata)
    return make_article(
        text=text,
        source_ref=source_ref,
        title=_as_str(fields.get("title")),
        dataset_id=_as_str(fields.get("id")),
        url=_as_str(fields.get("url")),
        outlet=_as_str(fields.get("outlet")),
        published=fields.get("published"),
        language=_as_str(fields.get("language")),
        metadata=metadata,
    )


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _coerce_fakes(metadata: dict[str, Any]) -> None:
    """FA-KES labels are 1 (credible) / 0 (fake): store them as ints, not strings."""
    label = metadata.get("labels")
    if isinstance(label, str) and label.strip() in ("0", "1"):
        metadata["labels"] = int(label)


def _decode_file(path: str) -> Decoded:
    data = read_file_bytes(path)
    return decode_bytes(data, path)


def _encoding_warning(decoded: Decoded, path: str) -> Iterator[Item]:
    """Yield the W118 warning of a file whose encoding was guessed (once per file)."""
    if decoded.guessed:
        yield warning(E.W118, path, encoding=decoded.encoding, reason="not UTF-8")


# Columns FA-KES carries beside the mapped ones: kept in metadata on purpose, no warning.
_EXPECTED_EXTRA = {"fakes": {"location", "labels"}}


def _unmapped_warning(path: str, columns: Sequence[str], mapped: Mapping[str, str], fmt: str) -> Iterator[Item]:
    """Yield one W119 warning naming the columns no field takes (none when every column is used)."""
    extra = [c for c in columns if c and c not in mapped and c not in _EXPECTED_EXTRA.get(fmt, set())]
    if extra:
        yield warning(E.W119, path, columns=", ".join(repr(c) for c in extra))


def _check_required(path: str, columns: dict[str, str], fmt: str, required: Sequence[str] = ()) -> None:
    missing = [col for col in required if col not in columns]
    if "text" not in columns.values():
        missing = missing or ["text"]
    if missing:
        raise WarclaimsError(E.W114, item=path, columns=", ".join(missing), fmt=fmt)


# --- CSV ------------------------------------------------------------------------------


@READERS.register("csv", extensions=(".csv", ".tsv"), items="rows")
def read_csv(
    path: str,
    *,
    mapping: Mapping[str, str] | None = None,
    fmt: str = "csv",
    required: Sequence[str] = (),
    **_: Any,
) -> Iterator[Item]:
    """Yield one Article per CSV row; bad rows become W105 failures and reading goes on."""
    try:
        decoded = _decode_file(path)
    except WarclaimsError as err:
        yield failure_from_error(err, path)
        return
    yield from _encoding_warning(decoded, path)
    delimiter = "\t" if Path(path).suffix.lower() == ".tsv" else ","
    # Article bodies can exceed csv's default 128 KiB field limit; rows are bounded by the file.
    csv.field_size_limit(max(csv.field_size_limit(), len(decoded.text) + 1))
    lines = list(io.StringIO(decoded.text, newline=""))  # physical lines, endings kept
    records = _csv_records(lines, delimiter)
    first = next(records, None)
    if first is None or isinstance(first[1], csv.Error):
        yield failure(E.W103, path)
        return
    header = [h.strip().lstrip("\ufeff") for h in first[1]]
    columns = resolve_mapping(header, mapping)
    try:
        _check_required(path, columns, fmt, required)
    except WarclaimsError as err:
        yield failure_from_error(err, path)
        return
    yield from _unmapped_warning(path, header, columns, fmt)
    yield from _csv_rows(records, header, columns, path, fmt)


def _csv_records(lines: list[str], delimiter: str) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """Yield ``(first line number, fields or the csv.Error)`` per record, strictly parsed.

    After a malformed record, parsing starts again on the line after its first line: an
    unclosed quote costs its own row, never the rows after it.
    """
    pos = 0
    while pos < len(lines):
        reader = csv.reader((lines[i] for i in range(pos, len(lines))), delimiter=delimiter, strict=True)
        try:
            values = next(reader)
        except csv.Error as exc:
            yield pos + 1, exc
            pos += 1
            continue
        except StopIteration:
            return
        yield pos + 1, values
        pos += max(reader.line_num, 1)


def _csv_rows(
    records: Iterator[tuple[int, list[str] | csv.Error]], header: list[str], columns: dict[str, str], path: str,
    fmt: str,
) -> Iterator[Item]:
    row_no = 0
    for line_no, values in records:
        row_no += 1
        ref = f"{path}#row={row_no}"
        if isinstance(values, csv.Error):
            yield failure(E.W105, ref, reason=f"line {line_no}: {values}; reading goes on at the next line")
            continue
        if not any(v.strip() for v in values):
            row_no -= 1  # blank lines are not rows
            continue
        if len(values) != len(header):
            yield failure(E.W105, ref, reason=f"line {line_no}: expected {len(header)} fields, found {len(values)}")
            continue
        yield row_to_article(dict(zip(header, values, strict=True)), columns, ref, fmt=fmt)


# --- JSON Lines -----------------------------------------------------------------------


@READERS.register("jsonl", extensions=(".jsonl", ".ndjson"), items="rows")
def read_jsonl(path: str, *, mapping: Mapping[str, str] | None = None, **_: Any) -> Iterator[Item]:
    """Yield one Article per JSON line; malformed lines become W106 failures and reading goes on."""
    try:
        decoded = _decode_file(path)
    except WarclaimsError as err:
        yield failure_from_error(err, path)
        return
    yield from _encoding_warning(decoded, path)
    unmapped_seen: set[str] = set()
    for line_no, line in enumerate(decoded.text.split("\n"), start=1):
        if not line.strip():
            continue
        ref = f"{path}#line={line_no}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield failure(E.W106, ref, reason=f"{exc.msg} at column {exc.colno}")
            continue
        if not isinstance(row, dict):
            yield failure(E.W106, ref, reason=f"expected a JSON object, found {type(row).__name__}")
            continue
        columns = resolve_mapping(list(row), mapping)
        new_unmapped = [k for k in row if k not in columns and k not in unmapped_seen]
        unmapped_seen.update(new_unmapped)
        yield from _unmapped_warning(ref, new_unmapped, columns, "jsonl")
        yield row_to_article(row, columns, ref, fmt="jsonl")


# --- FA-KES (a CSV with known columns; after jsonl so the formats list in the same order as before) ---


@READERS.register("fakes", items="rows")
def read_fakes(path: str, *, mapping: Mapping[str, str] | None = None, **options: Any) -> Iterator[Item]:
    """Yield the Articles of a FA-KES CSV (built-in mapping; ``mapping`` entries override it)."""
    options.pop("fmt", None)
    merged = {**FAKES_MAPPING, **(mapping or {})}
    yield from read_csv(path, mapping=merged, fmt="fakes", required=("unit_id", "article_content"), **options)


def is_fakes_header(header: Sequence[str]) -> bool:
    """Return True when a CSV header has the FA-KES id, title and content columns."""
    names = {h.strip().lstrip("\ufeff").lower() for h in header}
    return {"unit_id", "article_title", "article_content"} <= names
