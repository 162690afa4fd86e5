"""Reference casualty datasets: reading UCDP GED, ACLED or mapped CSV files, and matching.

:func:`read_reference` turns a file into :class:`ReferenceRecord` rows and a list of
row errors (W501: bad date, negative count, missing value); good rows are kept. Unknown
columns named in a mapping refuse the whole file (W501 at the header), since every row
would be read wrong. :func:`match_records` finds the records of one article incident by
the rules of :mod:`warclaims.assess.matching`; :func:`reference_signals` compares the tolls
as intervals and cites the record.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gzip
import hashlib
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from warclaims.assess.ledger import incident_killed
from warclaims.assess.matching import match_incident, record_words, verdict_for
from warclaims.assess.records import ReferenceRecord, Signal
from warclaims.assess.reference_formats import FIELDS, REFERENCE_FORMATS
from warclaims.errors import E, WarclaimsError
from warclaims.geo.places import governorate
from warclaims.models import Incident, Interval
from warclaims.registry import Names

COUNT_FIELDS = ("deaths_best", "deaths_low", "deaths_high")
FORMATS: Names = REFERENCE_FORMATS.view()
"""The reference formats ``read_reference`` accepts (a live view of the registry)."""
COUNTRY_BOUNDS = {"syria": (32.3, 37.4, 35.6, 42.5)}
"""Latitude and longitude bounds (south, north, west, east) of the countries whose records are checked."""
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y", "%Y/%m/%d", "%d/%m/%Y")
WEAK_MATCH = 0.5
"""Weight of a match by governorate only, against 1.0 for a match by place."""


@dataclass(slots=True, kw_only=True)
class ReadResult:
    """What :func:`read_reference` read: good records, row errors, and ignored columns."""

    records: list[ReferenceRecord] = field(default_factory=list)
    errors: list[WarclaimsError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)



def resolve_columns(header: list[str], fmt: str, mapping: Mapping[str, str], item: str) -> dict[str, str]:
    """Return ``{column: field}`` for a file's header; raise W503/W501 for bad formats or columns."""
    if fmt not in REFERENCE_FORMATS:
        raise WarclaimsError(E.W503, item=item, fmt=fmt, choices=", ".join(FORMATS))
    unknown_fields = sorted({f for f in mapping.values() if f not in FIELDS})
    if unknown_fields:
        raise WarclaimsError(E.W501, item=item, row="header",
                             reason=f"unknown field(s) {unknown_fields} in --map; fields are {', '.join(FIELDS)}")
    missing = sorted(c for c in mapping if c not in header)
    if missing:
        raise WarclaimsError(E.W501, item=item, row="header",
                             reason=f"unknown column(s) {missing}; the file has {', '.join(header)}")
    taken = set(mapping.values())
    columns = dict(mapping)
    for col in header:
        fld = REFERENCE_FORMATS[fmt].columns.get(col.strip().lower())
        if col not in columns and fld and fld not in taken:
            columns[col] = fld
            taken.add(fld)
    if "date" not in taken:
        raise WarclaimsError(E.W501, item=item, row="header",
                             reason=f"no date column for format {fmt!r}; map one with --map COLUMN=date")
    return columns


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")


def parse_ref_date(value: str) -> dt.date:
    """Return the date in ``value`` (ISO, '18 September 2016', M/D/YYYY ...); raise ValueError."""
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    if _ISO_DAY.match(text):  # GED's form: fromisoformat is ~20x faster than strptime
        with contextlib.suppress(ValueError):  # e.g. a 13th month: the formats give the error
            return dt.date.fromisoformat(text[:10])
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"bad date {value!r}")


MAX_COUNT = 2**31 - 1
"""The largest count a reference record may hold (the store's INTEGER on PostgreSQL)."""


def _count(value: str, name: str) -> int | None:
    """Return a whole, non-negative count of at most MAX_COUNT; raise ValueError naming the bad value."""
    if value is None or not str(value).strip():
        return None
    text = str(value).replace(",", "").strip()
    try:
        number = Decimal(text)  # exact: a 22-digit figure is not rounded through a float first
    except InvalidOperation:
        raise ValueError(f"non-numeric count {name}={value!r}") from None
    if not number.is_finite():
        raise ValueError(f"count {name}={value!r} is not a finite number")
    if number < 0:
        raise ValueError(f"negative count {name}={value}")
    if number != number.to_integral_value():
        raise ValueError(f"count {name}={value} is not a whole number")
    if number > MAX_COUNT:
        raise ValueError(f"count {name}={value} is larger than {MAX_COUNT}")
    return int(number)


_BOUNDS = {"latitude": 90.0, "longitude": 180.0}


def _float(value: str | None, name: str) -> float | None:
    """Return a finite float (within the range of a latitude or longitude), None when empty;
    raise ValueError naming the bad value."""
    if value in (None, ""):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(f"non-numeric {name}={value!r}") from None
    bound = _BOUNDS.get(name, math.inf)
    if not math.isfinite(number) or abs(number) > bound:
        raise ValueError(f"{name}={value!r} is outside [-{bound:g}, {bound:g}]")
    return number


def _check_width(row: Mapping[str | None, object], width: int) -> None:
    """Raise ValueError for a row with fewer or more fields than the header (csv.DictReader pads with None)."""
    if None in row:
        raise ValueError(f"{width + len(row[None])} fields, the header has {width}")  # type: ignore[arg-type]
    missing = sum(1 for v in row.values() if v is None)
    if missing:
        raise ValueError(f"{width - missing} fields, the header has {width} (a short row)")


def check_coordinates(country: str | None, lat: float | None, lon: float | None) -> None:
    """Raise ValueError when a point lies outside its country's bounds (Syria when no country is given)."""
    if lat is None or lon is None:
        return
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordinates ({lat}, {lon}) are not a point on Earth")
    bounds = COUNTRY_BOUNDS.get((country or "Syria").strip().lower())
    if bounds is not None and not (bounds[0] <= lat <= bounds[1] and bounds[2] <= lon <= bounds[3]):
        raise ValueError(f"coordinates ({lat}, {lon}) are outside {country or 'Syria'}")


def row_to_record(row: Mapping[str, str], columns: Mapping[str, str], dataset: str, ref: str) -> ReferenceRecord:
    """Return the record of one mapped row; raise ValueError naming the bad value."""
    vals = {fld: (row.get(col) or "").strip() for col, fld in columns.items()}
    date = parse_ref_date(vals.get("date", ""))
    end = parse_ref_date(vals["date_end"]) if vals.get("date_end") else None
    if end is not None and end < date:
        raise ValueError(f"date_end {end} before date {date}")
    counts = widen_counts({name: _count(vals.get(name, ""), name) for name in COUNT_FIELDS})
    lat, lon = _float(vals.get("latitude"), "latitude"), _float(vals.get("longitude"), "longitude")
    check_coordinates(vals.get("country"), lat, lon)
    extra = {col: row[col] for col in row if col not in columns and col is not None}
    return ReferenceRecord(
        dataset=dataset, record_id=vals.get("record_id") or ref, date=date, date_end=end,
        country=vals.get("country") or None, admin1=normalise_admin1(vals.get("admin1")),
        place=vals.get("place") or None, latitude=lat, longitude=lon,
        event_type=vals.get("event_type") or None, actor1=vals.get("actor1") or None, actor2=vals.get("actor2") or None,
        source_ref=ref, extra=extra, **counts,
    )


def widen_counts(counts: dict[str, int | None]) -> dict[str, int | None]:
    """Return low/best/high with low the smallest and high the largest of the three.

    UCDP GED 19.1 has a few dozen events with ``low > high`` (e.g. low 8, best 8, high 7);
    they are kept, read as the interval that covers every figure the record gives.
    """
    known = [v for v in counts.values() if v is not None]
    if len(known) < 2:
        return counts
    out = dict(counts)
    if out["deaths_low"] is not None:
        out["deaths_low"] = min(known)
    if out["deaths_high"] is not None:
        out["deaths_high"] = max(known)
    return out


def file_hash(path: str | Path) -> str:
    """Return the SHA-256 of a file's content, uncompressed when it is gzipped (so the same
    records compressed or not are one file)."""
    digest = hashlib.sha256()
    with _open_binary(Path(path)) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def header_errors(header: list[str], fmt: str, item: str) -> list[WarclaimsError]:
    """Return a W501 error at the header for columns a file of a format with a codebook (UCDP GED)
    should not have (they are kept as extras)."""
    spec = REFERENCE_FORMATS[fmt]
    if spec.codebook is None:
        return []
    unknown = [c for c in header if c.strip().lower() not in spec.codebook]
    if not unknown:
        return []
    return [WarclaimsError(E.W501, item=item, row="header",
                           reason=f"unknown column(s) {unknown}, not in the {spec.title} codebook; kept as extras")]


def read_reference(path: str | Path, fmt: str = "csv", mapping: Mapping[str, str] | None = None,
                   dataset: str | None = None) -> ReadResult:
    """Return the records of a reference CSV file (plain or ``.gz``) and a W501 error for each bad
    row (bad date, negative or non-numeric count, coordinates outside the country, repeated id)."""
    path = Path(path)
    item = str(path)
    if not path.is_file():
        raise WarclaimsError(E.W113, item=item)
    result = ReadResult()
    with io.TextIOWrapper(_open_binary(path), encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        columns = resolve_columns(header, fmt, mapping or {}, item)
        result.ignored_columns = [c for c in header if c not in columns]
        result.errors.extend(header_errors(header, fmt, item))
        name = dataset or default_dataset(fmt, path)
        seen: dict[str, int] = {}
        # Row numbers count data rows from 1 (header excluded), as the ingest readers do.
        for n, row in enumerate(reader, start=1):
            try:
                _check_width(row, len(header))
                record = row_to_record(row, columns, name, f"{item}#row={n}")
            except ValueError as exc:
                result.errors.append(WarclaimsError(E.W501, item=item, row=n, reason=str(exc)))
                continue
            if record.record_id in seen:
                result.errors.append(WarclaimsError(E.W501, item=item, row=n, reason=(
                    f"duplicate id {record.record_id!r} (first on row {seen[record.record_id]}); row skipped")))
                continue
            seen[record.record_id] = n
            result.records.append(record)
    return result


def default_dataset(fmt: str, path: Path) -> str:
    """Return the dataset name of a file imported without ``--dataset``: the format's own (``ucdp-ged``
    for every GED file: a newer release replaces an older one, the bundled set included), else
    ``FORMAT:FILENAME``."""
    return REFERENCE_FORMATS[fmt].dataset or f"{fmt}:{path.name}"


def normalise_admin1(name: str | None) -> str | None:
    """Return the canonical governorate name for a spelling the gazetteer knows ("Deir ez-Zor
    governorate", "Dayr az-Zawr"; see :func:`warclaims.geo.places.governorate`), else the name as
    given (stripped); None for no name."""
    if not name:
        return None
    return governorate(name) or name.strip()


def match_records(incident: Incident, records: Iterable[ReferenceRecord], text: str | None = None) -> list[ReferenceRecord]:
    """Return the records of the incident's match set (see :mod:`warclaims.assess.matching`), best first."""
    found = match_incident(incident, records, text)
    return [] if found is None else [m.record for m in found.matches]


def _outside(killed: Interval, low: int, high: int) -> float:
    """Return the signed log distance of a killed interval outside ``low..high`` (0 when they overlap)."""
    if killed.low is not None and killed.low > high:
        return math.log1p(killed.low) - math.log1p(high)
    if killed.high is not None and killed.high < low:
        return -(math.log1p(low) - math.log1p(killed.high))
    return 0.0


def reference_signals(incident: Incident | None, records: list[ReferenceRecord],
                      text: str | None = None) -> list[Signal]:
    """Return the reference signals of an incident against candidate records: whether (and how
    strongly) records match, and the article's toll against the match set, as intervals.

    ``ref_matched`` is the number of matched records (0 none), ``ref_strength`` 1.0 for a match by
    place, 0.5 by governorate only; ``ref_outside`` the signed log distance of the article's killed
    interval outside the records' interval (0.0 consistent), None when there is nothing to compare.
    The evidence cites the record: "UCDP GED 227936 records 90 deaths at Jabal Thurdah on
    2016-09-17; this article's 'at least 60' is consistent".
    """
    found = match_incident(incident, records, text) if incident is not None else None
    if incident is None or found is None:
        why = "no reference record matches this incident's date, place and kind" if incident else "no incident"
        return [Signal(name="ref_matched", value=0.0, group="reference", evidence=why),
                Signal(name="ref_outside", value=None, group="reference", evidence=why)]
    cited = record_words(found)
    if found.status != "cited":
        # Ambiguous or uncertain: the records are evidence, but no toll is judged against them.
        return [Signal(name="ref_matched", value=float(len(found.matches)), group="reference", evidence=cited),
                Signal(name="ref_outside", value=None, group="reference", evidence=cited)]
    strength = 1.0 if found.matches[0].strength == "strong" else WEAK_MATCH
    matched = [Signal(name="ref_matched", value=float(len(found.matches)), group="reference", evidence=cited),
               Signal(name="ref_strength", value=strength, group="reference",
                      evidence="matched by place" if strength == 1.0 else "matched by governorate only")]
    figure = incident_killed(incident)
    if figure is None or found.low is None or found.high is None:
        return [*matched, Signal(name="ref_outside", value=None, group="reference",
                                 evidence=f"{cited}; the article gives no toll to compare")]
    verdict = verdict_for("this article", figure, found)
    return [*matched, Signal(name="ref_outside", value=_outside(figure, found.low, found.high), group="reference",
                             evidence=verdict.text)]
