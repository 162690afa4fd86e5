"""Row builders and writers of the export formats (see :mod:`warclaims.export`)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from warclaims._lazy import require
from warclaims.export.formats import CLAIM_TEXT_FORMATS, EXPORTERS, TEXT_FORMATS, ReferenceOf
from warclaims.models import format_interval, to_dict
from warclaims.reconcile.ledger import Ledger, LedgerClaim

CSV_COLUMNS = (
    "event_id",
    "event_date",
    "date_precision",
    "event_type",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "actor1",
    "victims",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "injured_best",
    "injured_low",
    "injured_high",
    "n_claimants",
    "n_outlets",
    "contested",
    "sources",
    "notes",
    "reference_ids",
    "reference_low",
    "reference_high",
    "reference_verdict",
)
"""The CSV header, in order (ACLED-like names; the ``reference_*`` columns are the matched
reference records, e.g. UCDP GED ids, their interval and the ledger's verdict against it)."""

"""Returns the reference check of a ledger (:func:`warclaims.services.assess.reference_check`)."""


def reference_columns(check: dict[str, Any] | None) -> dict[str, Any]:
    """Return the ``reference_*`` CSV columns of a reference check (empty when none was made)."""
    if check is None:
        return {"reference_ids": None, "reference_low": None, "reference_high": None, "reference_verdict": None}
    interval = check.get("interval") or {}
    return {"reference_ids": "; ".join(f"{m['dataset']} {m['record_id']}" for m in check["matched"]) or None,
            "reference_low": interval.get("low"), "reference_high": interval.get("high"),
            "reference_verdict": check["verdict"]}


def _notes(ledger: Ledger) -> str:
    """Return the notes column: each counted claimant's figure, then contradictions and flags."""
    parts = [
        f"{c.claimant} ({c.outlet}): killed {format_interval(c.killed)}"
        for c in ledger.claims
        if c.status == "counted"
    ]
    parts += [f"contested {c.kind}: {c.detail}" for c in ledger.contradictions]
    parts += [f"{c.claimant}: {c.note}" for c in ledger.claims if c.status in ("different_victims", "absurd")]
    parts += [f for f in ledger.flags if not f.startswith("W401")]
    return "; ".join(parts)


def csv_row(ledger: Ledger, reference: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the flat row of one incident, keyed by :data:`CSV_COLUMNS` (``reference``: its
    reference check, see :data:`ReferenceOf`)."""
    return {
        "event_id": ledger.incident_id,
        "event_date": ledger.date.isoformat() if ledger.date else None,
        "date_precision": ledger.date_precision,
        "event_type": ledger.event_type,
        "admin1": ledger.admin1,
        "location": ledger.place,
        "latitude": ledger.latitude,
        "longitude": ledger.longitude,
        "geo_precision": ledger.geo_precision,
        "actor1": ledger.perpetrator,
        "victims": ledger.victims,
        "fatalities_best": ledger.killed.best,
        "fatalities_low": ledger.killed.low,
        "fatalities_high": ledger.killed.high,
        "injured_best": ledger.injured.best,
        "injured_low": ledger.injured.low,
        "injured_high": ledger.injured.high,
        "n_claimants": ledger.n_claimants,
        "n_outlets": ledger.n_outlets,
        "contested": int(ledger.contested),
        "sources": "; ".join(ledger.outlets),
        "notes": _notes(ledger),
        **reference_columns(reference),
    }


def geojson_feature(ledger: Ledger, reference: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the RFC 7946 Feature of one incident: a Point ``[lon, lat]`` (or null) and flat properties."""
    geometry = None
    if ledger.latitude is not None and ledger.longitude is not None:
        geometry = {"type": "Point", "coordinates": [ledger.longitude, ledger.latitude]}
    props = csv_row(ledger, reference)
    props["contested"] = ledger.contested
    return {"type": "Feature", "id": ledger.incident_id, "geometry": geometry, "properties": props}


def ledger_record(ledger: Ledger, reference: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the nested JSON record of one incident (the jsonl / parquet form); ``reference``
    (matched records and verdicts) under the key ``reference`` when given."""
    data = to_dict(ledger)
    data["contested"] = ledger.contested
    data["claims"] = [claim_record(c) for c in ledger.claims]
    if reference is not None:
        data["reference"] = reference
    return data


def claim_record(c: LedgerClaim) -> dict[str, Any]:
    """Return the nested JSON form of one ledger claim (an element of ``ledger_record``'s ``claims``)."""
    return {
        "article_id": c.article_id,
        "outlet": c.outlet,
        "published": c.published.isoformat() if c.published else None,
        "claimant": c.claimant,
        "claimant_key": c.claimant_key,
        "claimant_type": c.claimant_type,
        "killed": c.killed.to_dict() if c.killed else None,
        "injured": c.injured.to_dict() if c.injured else None,
        "victims": c.victims,
        "victim_group": c.victim_group,
        "blames": c.blames,
        "quote": c.quote,
        "quote_span": list(c.quote_span) if c.quote_span else None,
        "status": c.status,
        "note": c.note,
    }


# --- claim level: one row per claim, with its incident's identity --------------------------

CLAIM_CSV_COLUMNS = (
    "event_id",
    "event_date",
    "event_type",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "article_id",
    "outlet",
    "published",
    "claimant",
    "claimant_type",
    "killed_low",
    "killed_high",
    "injured_low",
    "injured_high",
    "victims",
    "blames",
    "status",
    "note",
    "quote",
)
"""The header of the claim-level CSV, in order: the incident's id, date and place (ACLED-like
names, as in :data:`CSV_COLUMNS`), then the claim's source, claimant, figures, status and quote."""

ClaimOf = tuple[Ledger, LedgerClaim]
"""A claim with the ledger of its incident (what the claim-level writers take)."""


def claim_row(ledger: Ledger, claim: LedgerClaim) -> dict[str, Any]:
    """Return the flat row of one claim, keyed by :data:`CLAIM_CSV_COLUMNS`."""
    return {
        "event_id": ledger.incident_id,
        "event_date": ledger.date.isoformat() if ledger.date else None,
        "event_type": ledger.event_type,
        "admin1": ledger.admin1,
        "location": ledger.place,
        "latitude": ledger.latitude,
        "longitude": ledger.longitude,
        "article_id": claim.article_id,
        "outlet": claim.outlet,
        "published": claim.published.isoformat() if claim.published else None,
        "claimant": claim.claimant,
        "claimant_type": claim.claimant_type,
        "killed_low": claim.killed.low if claim.killed else None,
        "killed_high": claim.killed.high if claim.killed else None,
        "injured_low": claim.injured.low if claim.injured else None,
        "injured_high": claim.injured.high if claim.injured else None,
        "victims": claim.victims,
        "blames": claim.blames,
        "status": claim.status,
        "note": claim.note,
        "quote": claim.quote,
    }


def claim_feature(ledger: Ledger, claim: LedgerClaim) -> dict[str, Any]:
    """Return the RFC 7946 Feature of one claim: its incident's Point ``[lon, lat]`` (or null), flat properties."""
    geometry = None
    if ledger.latitude is not None and ledger.longitude is not None:
        geometry = {"type": "Point", "coordinates": [ledger.longitude, ledger.latitude]}
    return {"type": "Feature", "geometry": geometry, "properties": claim_row(ledger, claim)}


@CLAIM_TEXT_FORMATS.register("csv")
def claim_csv_chunks(claims: Iterable[ClaimOf]) -> Iterator[str]:
    """Yield the claim-level CSV as text: the header line, then one line per claim (CRLF ends)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CLAIM_CSV_COLUMNS))
    writer.writeheader()
    yield _drain(buf)
    for ledger, claim in claims:
        writer.writerow(claim_row(ledger, claim))
        yield _drain(buf)


@CLAIM_TEXT_FORMATS.register("geojson")
def claim_geojson_chunks(claims: Iterable[ClaimOf]) -> Iterator[str]:
    """Yield a GeoJSON FeatureCollection with one feature per claim, one feature per chunk."""
    yield '{"type": "FeatureCollection", "features": ['
    for n, (ledger, claim) in enumerate(claims):
        yield (", " if n else "") + json.dumps(claim_feature(ledger, claim), ensure_ascii=False, default=str)
    yield "]}"


@CLAIM_TEXT_FORMATS.register("jsonl")
def claim_jsonl_chunks(claims: Iterable[ClaimOf]) -> Iterator[str]:
    """Yield one JSON line per claim: :func:`claim_record` with ``incident_id`` first."""
    for ledger, claim in claims:
        record = {"incident_id": ledger.incident_id, **claim_record(claim)}
        yield json.dumps(record, ensure_ascii=False, default=str) + "\n"



def _drain(buf: io.StringIO) -> str:
    """Return the text held in ``buf`` and empty it."""
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return text


def _checked(ledger: Ledger, reference_of: ReferenceOf | None) -> dict[str, Any] | None:
    return reference_of(ledger) if reference_of is not None else None


@TEXT_FORMATS.register("csv", media_type="text/csv; charset=utf-8")
def csv_chunks(ledgers: Iterable[Ledger], reference_of: ReferenceOf | None = None) -> Iterator[str]:
    """Yield the CSV export as text: the header line, then one line per incident (RFC 4180 CRLF ends)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS))
    writer.writeheader()
    yield _drain(buf)
    for ledger in ledgers:
        writer.writerow(csv_row(ledger, _checked(ledger, reference_of)))
        yield _drain(buf)


@TEXT_FORMATS.register("geojson", media_type="application/geo+json")
def geojson_chunks(ledgers: Iterable[Ledger], reference_of: ReferenceOf | None = None) -> Iterator[str]:
    """Yield the GeoJSON FeatureCollection as text, one feature per chunk; joined, the chunks are
    ``json.dumps({"type": "FeatureCollection", "features": [...]}, ensure_ascii=False)``."""
    yield '{"type": "FeatureCollection", "features": ['
    for n, ledger in enumerate(ledgers):
        feature = geojson_feature(ledger, _checked(ledger, reference_of))
        yield (", " if n else "") + json.dumps(feature, ensure_ascii=False, default=str)
    yield "]}"


@TEXT_FORMATS.register("jsonl", media_type="application/x-ndjson; charset=utf-8")
def jsonl_chunks(ledgers: Iterable[Ledger], reference_of: ReferenceOf | None = None) -> Iterator[str]:
    """Yield one JSON line (with its newline) per incident."""
    for ledger in ledgers:
        record = ledger_record(ledger, _checked(ledger, reference_of))
        yield json.dumps(record, ensure_ascii=False, default=str) + "\n"



def _write_text(chunks_of: Callable[..., Iterator[str]], ledgers: Iterable[Ledger],
                path: str | Path, reference_of: ReferenceOf | None = None) -> int:
    """Write ``chunks_of(ledgers)`` to ``path`` as UTF-8, byte for byte; return the incidents written."""
    n = 0

    def counted() -> Iterator[Ledger]:
        nonlocal n
        for ledger in ledgers:
            n += 1
            yield ledger

    with _replacing(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
        fh.writelines(chunks_of(counted(), reference_of))
    return n


@contextlib.contextmanager
def _replacing(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` that replaces it only when the block succeeds.

    A failure half-way (a store error, a full disk) leaves the previous file, or none, never a
    truncated one.
    """
    target = Path(path)
    # Opened normally (not mkstemp) so the file gets the usual permissions from the umask.
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


@EXPORTERS.register("csv")
def write_csv(ledgers: Iterable[Ledger], path: str | Path, reference_of: ReferenceOf | None = None) -> int:
    """Write the incidents as CSV with :data:`CSV_COLUMNS`; return the number of rows."""
    return _write_text(csv_chunks, ledgers, path, reference_of)


@EXPORTERS.register("geojson")
def write_geojson(ledgers: Iterable[Ledger], path: str | Path, reference_of: ReferenceOf | None = None) -> int:
    """Write the incidents as a GeoJSON FeatureCollection; return the number of features."""
    return _write_text(geojson_chunks, ledgers, path, reference_of)


@EXPORTERS.register("jsonl")
def write_jsonl(ledgers: Iterable[Ledger], path: str | Path, reference_of: ReferenceOf | None = None) -> int:
    """Write one incident per JSON line; return the number of lines."""
    return _write_text(jsonl_chunks, ledgers, path, reference_of)


def _parquet_record(ledger: Ledger, reference: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the nested record with link features and the reference check as JSON text
    (Parquet needs fixed types)."""
    data = ledger_record(ledger)
    for link in data["links"]:
        link["features"] = json.dumps(link["features"], sort_keys=True)
    data["reference"] = json.dumps(reference, ensure_ascii=False, default=str) if reference is not None else None
    return data


def parquet_schema():
    """Return the pyarrow schema of the Parquet export (explicit: all-null columns keep their type)."""
    pa = require("pyarrow", "parquet", feature="Parquet export")

    interval = pa.struct([("low", pa.int64()), ("high", pa.int64())])
    estimate = pa.struct([("best", pa.int64()), ("low", pa.int64()), ("high", pa.int64())])
    claim = pa.struct(
        [
            ("article_id", pa.string()),
            ("outlet", pa.string()),
            ("published", pa.string()),
            ("claimant", pa.string()),
            ("claimant_key", pa.string()),
            ("claimant_type", pa.string()),
            ("killed", interval),
            ("injured", interval),
            ("victims", pa.string()),
            ("victim_group", pa.string()),
            ("blames", pa.string()),
            ("quote", pa.string()),
            ("quote_span", pa.list_(pa.int64())),
            ("status", pa.string()),
            ("note", pa.string()),
        ]
    )
    side = pa.struct(
        [("value", pa.string()), ("claims", pa.list_(pa.int64())), ("articles", pa.list_(pa.string()))]
    )
    contradiction = pa.struct([("kind", pa.string()), ("detail", pa.string()), ("sides", pa.list_(side))])
    link = pa.struct(
        [
            ("report", pa.string()),
            ("article_id", pa.string()),
            ("score", pa.float64()),
            ("features", pa.string()),
            ("matched", pa.string()),
            ("flags", pa.list_(pa.string())),
        ]
    )
    text = pa.string()
    return pa.schema(
        [
            ("incident_id", text),
            ("event_type", text),
            ("date", text),
            ("date_precision", text),
            ("admin1", text),
            ("place", text),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
            ("geo_precision", text),
            ("country", text),
            ("perpetrator", text),
            ("victims", text),
            ("victim_group", text),
            ("killed", estimate),
            ("injured", estimate),
            ("n_claimants", pa.int64()),
            ("n_outlets", pa.int64()),
            ("outlets", pa.list_(text)),
            ("articles", pa.list_(text)),
            ("first_report", text),
            ("claims", pa.list_(claim)),
            ("contradictions", pa.list_(contradiction)),
            ("flags", pa.list_(text)),
            ("links", pa.list_(link)),
            ("contested", pa.bool_()),
            ("reference", text),
        ]
    )


@EXPORTERS.register("parquet")
def write_parquet(ledgers: Iterable[Ledger], path: str | Path, reference_of: ReferenceOf | None = None) -> int:
    """Write the nested incident records as Parquet (needs pyarrow); return the number of rows."""
    pa = require("pyarrow", "parquet", feature="Parquet export")
    pq = require("pyarrow.parquet", "parquet", feature="Parquet export")
    records = [_parquet_record(ledger, _checked(ledger, reference_of)) for ledger in ledgers]
    table = pa.Table.from_pylist(records, schema=parquet_schema())
    with _replacing(path) as tmp:
        pq.write_table(table, str(tmp))
    return len(records)

