"""The stage functions the batch engines run on each partition, named by the api.

The engines (``warclaims batch``: local processes, Spark) read, extract, link and reconcile
partitions of a corpus themselves, in parallel; they reach the library only through
:mod:`warclaims.api`, as the CLI and the web app do (the import contract ``engines-api``).
This module names what they run per partition: the readers of the ingest stage, the linker's
blocking and clustering, and the ledger's reconciliation. Extraction and storing go through
:mod:`warclaims.api.extraction` and :mod:`warclaims.api.admin`.
"""

from __future__ import annotations

from warclaims.ingest import FORMATS, READERS, detect_format, format_by_extension, read_inputs
from warclaims.ingest.directory import iter_files
from warclaims.ingest.html import parse_html_bytes
from warclaims.ingest.mapping import parse_mapping
from warclaims.ingest.normalize import failure
from warclaims.ingest.tabular import FAKES_MAPPING, resolve_mapping, row_to_article
from warclaims.ingest.text import parse_text_file
from warclaims.ingest.warc import read_warc_stream
from warclaims.link.cluster import MONTH_REACH_DAYS, Linker, link_order, link_reports, order_day, region_of
from warclaims.link.features import DATE_WINDOW_DAYS, NO_DATE_LOOKBACK_DAYS
from warclaims.link.records import Report, lead_of, link_rows, linked_from_rows
from warclaims.reconcile import reconcile

__all__ = [
    "DATE_WINDOW_DAYS", "FAKES_MAPPING", "FORMATS", "MONTH_REACH_DAYS", "NO_DATE_LOOKBACK_DAYS", "READERS",
    "Linker", "Report", "detect_format", "failure", "format_by_extension", "iter_files", "lead_of",
    "link_order", "link_reports", "link_rows", "linked_from_rows", "order_day", "parse_html_bytes",
    "parse_mapping", "parse_text_file", "read_inputs", "read_warc_stream", "reconcile", "region_of",
    "resolve_mapping", "row_to_article",
]
