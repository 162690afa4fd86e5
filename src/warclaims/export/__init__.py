"""warclaims.export: the reconciled ledger as CSV, GeoJSON, JSON Lines or Parquet.

Pure row builders (:func:`csv_row`, :func:`geojson_feature`, :func:`ledger_record`) and
writers over an iterable of :class:`~warclaims.reconcile.Ledger`:

* ``csv``: ACLED-like columns, exactly :data:`CSV_COLUMNS`, one incident per row.
* ``geojson``: an RFC 7946 FeatureCollection of points (``[longitude, latitude]``) with
  flat properties (the CSV columns); incidents without coordinates have ``geometry: null``.
* ``jsonl``: one incident per line with the reconciled fields, ``articles`` (ids),
  ``claims`` (article_id, claimant, figures, quote, quote span, status) and contradictions.
* ``parquet``: the same nested records as ``jsonl`` (needs the ``parquet`` extra, pyarrow).

Claim level (one row per claim, with its incident's id, date and place): :func:`claim_row`,
:func:`claim_feature`, :func:`claim_record` and :data:`CLAIM_TEXT_FORMATS` (``csv``,
``geojson``, ``jsonl`` chunk generators over ``(ledger, claim)`` pairs, :data:`CLAIM_CSV_COLUMNS`).

Entry point: :func:`export_ledgers(ledgers, fmt, path)` -> number of incidents written.
The text formats are also chunk generators (:data:`TEXT_FORMATS`: :func:`csv_chunks`,
:func:`geojson_chunks`, :func:`jsonl_chunks`), so a web response streams the same bytes.

Every format registers itself by decorator (:mod:`warclaims.export.formats`: ``EXPORTERS``,
``TEXT_FORMATS``, ``CLAIM_TEXT_FORMATS``); importing this package imports the modules that do,
so :data:`FORMATS` lists them. A new format is one module, added to the imports below.
"""

from __future__ import annotations

from warclaims.export.formats import CLAIM_TEXT_FORMATS, EXPORTERS, FORMATS, TEXT_FORMATS, export_ledgers
from warclaims.export.writers import (
    CLAIM_CSV_COLUMNS,
    CSV_COLUMNS,
    claim_feature,
    claim_record,
    claim_row,
    csv_chunks,
    csv_row,
    geojson_chunks,
    geojson_feature,
    jsonl_chunks,
    ledger_record,
    write_csv,
    write_geojson,
    write_jsonl,
    write_parquet,
)

__all__ = [
    "CLAIM_CSV_COLUMNS",
    "CLAIM_TEXT_FORMATS",
    "CSV_COLUMNS",
    "EXPORTERS",
    "FORMATS",
    "TEXT_FORMATS",
    "claim_feature",
    "claim_record",
    "claim_row",
    "csv_chunks",
    "csv_row",
    "export_ledgers",
    "geojson_chunks",
    "geojson_feature",
    "jsonl_chunks",
    "ledger_record",
    "write_csv",
    "write_geojson",
    "write_jsonl",
    "write_parquet",
]
