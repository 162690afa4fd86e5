"""Reference casualty datasets: reading UCDP GED, ACLED or mapped CSV files, and matching.

:func:`read_reference` turns a file into :class:`ReferenceRecord` rows and a list of
row errors (W501: bad date, negative count, missing value); good rows are kept. Unknown
columns named in a mapping refuse the whole file (W501 at the header), since every row
would be read wrong. :func:`match_records` finds the records of one article incident by
date window and place; :func:`reference_signals` measures the count disagreement.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from pathlib import Path

from warclaims.assess.ledger import incident_killed
from warclaims.assess.records import ReferenceRecord, Signal
from warclaims.errors import E, WarclaimsError
from warclaims.link.geo import governorate, haversine_km
from warclaims.models import Incident

FIELDS = ("record_id", "date", "date_end", "country", "admin1", "place", "latitude", "longitude",
          "event_type", "deaths_best", "deaths_low", "deaths_high", "actor1", "actor2")
COUNT_FIELDS = ("deaths_best", "deaths_low", "deaths_high")
FORMATS: dict[str, dict[str, str]] = {
    # UCDP Georeferenced Event Dataset (GED) 23.1+ column names.
    "ucdp-ged": {"id": "record_id", "date_start": "date", "date_end": "date_end", "country": "country",
                 "adm_1": "admin1", "where_coordinates": "place", "latitude": "latitude",
                 "longitude": "longitude", "type_of_violence": "event_type", "best": "deaths_best",
                 "low": "deaths_low", "high": "deaths_high", "side_a": "actor1", "side_b": "actor2"},
    # ACLED export column names.
    "acled": {"event_id_cnty": "record_id", "event_date": "date", "country": "country", "admin1": "admin1",
              "location": "place", "latitude": "latitude", "longitude": "longitude",
              "sub_event_type": "event_type", "fatalities": "deaths_best", "actor1": "actor1", "actor2": "actor2"},
    # Generic CSV: columns named like the fields (or given with --map col=field).
    "csv": {name: name for name in FIELDS} | {"id": "record_id", "deaths": "deaths_best", "best": "deaths_best",
                                              "low": "deaths_low", "high": "deaths_high", "lat": "latitude",
                                              "lon": "longitude", "location": "place"},
}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y", "%Y/%m/%d", "%d/%m/%Y")
DEFAULT_WINDOW_DAYS = 1
NEAR_KM = 30.0


@dataclass(slots=True, kw_only=True)
class ReadResult:
    """What :func:`read_reference` read: good records, row errors, and ignored columns."""

    records: list[ReferenceRecord] = field(default_factory=list)
    errors: list[WarclaimsError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)



def resolve_columns(header: list[str], fmt: str, mapping: Mapping[str, str], item: str) -> dict[str, str]:
    """Return ``{column: field}`` for a file's header; raise W503/W501 for bad formats or columns."""
    if fmt not in FORMATS:
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
        fld = FORMATS[fmt].get(col.strip().lower())
        if col not in columns and fld and fld not in taken:
            columns[col] = fld
            taken.add(fld)
    if "date" not in taken:
        raise WarclaimsError(E.W501, item=item, row="header",
                             reason=f"no date column for format {fmt!r}; map one with --map COLUMN=date")
    return columns


def parse_ref_date(value: str) -> dt.date:
    """Return the date in ``value`` (ISO, '18 September 2016', M/D/YYYY ...); raise ValueError."""
    text = value.strip()
    if not text:
        raise ValueError("empty date")
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
        raise ValueError(f"count {name}={value!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"count {name}={value!r} is not a finite number")
    if number < 0:
        raise ValueError(f"negative count {name}={value}")
    if number != number.to_integral_value():
        raise ValueError(f"count {name}={value} is not a whole number")
    if number > MAX_COUNT:
        raise ValueError(f"count {name}={value} is larger than {MAX_COUNT}")
    return int(number)


def _float(value: str | None, name: str = "value", bound: float = math.inf) -> float | None:
    """Return a finite float within ``[-bound, bound]``, None when empty; raise ValueError naming it."""
    if value in (None, ""):
        return None
    number = float(value)
    if not math.isfinite(number) or abs(number) > bound:
        raise ValueError(f"{name}={value!r} is outside [-{bound:g}, {bound:g}]")
    return number


def row_to_record(row: Mapping[str, str], columns: Mapping[str, str], dataset: str, ref: str) -> ReferenceRecord:
    """Return the record of one mapped row; raise ValueError naming the bad value."""
    vals = {fld: (row.get(col) or "").strip() for col, fld in columns.items()}
    date = parse_ref_date(vals.get("date", ""))
    end = parse_ref_date(vals["date_end"]) if vals.get("date_end") else None
    if end is not None and end < date:
        raise ValueError(f"date_end {end} before date {date}")
    counts = {name: _count(vals.get(name, ""), name) for name in COUNT_FIELDS}
    if counts["deaths_low"] is not None and counts["deaths_high"] is not None and counts["deaths_low"] > counts["deaths_high"]:
        raise ValueError(f"deaths_low {counts['deaths_low']} > deaths_high {counts['deaths_high']}")
    extra = {col: row[col] for col in row if col not in columns and col is not None}
    return ReferenceRecord(
        dataset=dataset, record_id=vals.get("record_id") or ref, date=date, date_end=end,
        country=vals.get("country") or None, admin1=normalise_admin1(vals.get("admin1")),
        place=vals.get("place") or None, latitude=_float(vals.get("latitude"), "latitude", 90.0),
        longitude=_float(vals.get("longitude"), "longitude", 180.0),
        event_type=vals.get("event_type") or None, actor1=vals.get("actor1") or None, actor2=vals.get("actor2") or None,
        source_ref=ref, extra=extra, **counts,
    )


def _check_width(row: Mapping[str | None, Any], width: int) -> None:
    """Raise ValueError for a row with fewer or more fields than the header (csv.DictReader pads with None)."""
    if None in row:
        raise ValueError(f"{width + len(row[None])} fields, the header has {width}")
    missing = sum(1 for v in row.values() if v is None)
    if missing:
        raise ValueError(f"{width - missing} fields, the header has {width} (a short row)")


def read_reference(path: str | Path, fmt: str = "csv", mapping: Mapping[str, str] | None = None,
                   dataset: str | None = None) -> ReadResult:
    """Return the records of a reference CSV file and a W501 error for each bad row."""
    path = Path(path)
    item = str(path)
    if not path.is_file():
        raise WarclaimsError(E.W113, item=item)
    result = ReadResult()
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        columns = resolve_columns(header, fmt, mapping or {}, item)
        result.ignored_columns = [c for c in header if c not in columns]
        name = dataset or f"{fmt}:{path.name}"
        # Row numbers count data rows from 1 (header excluded), as the ingest readers do.
        for n, row in enumerate(reader, start=1):
            try:
                _check_width(row, len(header))
                result.records.append(row_to_record(row, columns, name, f"{item}#row={n}"))
            except ValueError as exc:
                result.errors.append(WarclaimsError(E.W501, item=item, row=n, reason=str(exc)))
    return result


def normalise_admin1(name: str | None) -> str | None:
    """Return the canonical governorate name for a spelling the gazetteer knows ("Deir ez-Zor
    governorate", "Dayr az-Zawr"; see :func:`warclaims.link.geo.governorate`), else the name as
    given (stripped); None for no name."""
    if not name:
        return None
    return governorate(name) or name.strip()


# ACLED sub-event types (and common words in mapped CSVs) -> our event types.
_TYPE_WORDS = (
    ("suicide", "suicide_bombing"), ("chemical", "chemical_attack"), ("air", "airstrike"), ("drone", "airstrike"),
    ("shelling", "shelling"), ("artillery", "shelling"), ("missile", "shelling"), ("mortar", "shelling"),
    ("explosive", "bombing"), ("landmine", "bombing"), ("ied", "bombing"), ("bomb", "bombing"),
    ("clash", "armed_clash"), ("abduction", "abduction_detention"), ("disappearance", "abduction_detention"),
)
# Our types that a reference record of another type may still describe (a "massacre" may be shelling).
_LOOSE_TYPES = ("other", "massacre_execution", "shooting")


def reference_event_type(text: str | None) -> str | None:
    """Return our event type for a reference record's type text, None when it does not say
    (UCDP's numeric ``type_of_violence`` says who fought, not how)."""
    if not text or text.strip().isdigit():
        return None
    low = text.lower()
    return next((ours for word, ours in _TYPE_WORDS if word in low), None)


def types_compatible(incident: Incident, record: ReferenceRecord) -> bool:
    """Return False only when both sides name a clear event type and they differ."""
    theirs = reference_event_type(record.event_type)
    if theirs is None or incident.event_type in _LOOSE_TYPES:
        return True
    return theirs == incident.event_type or {theirs, incident.event_type} <= {"bombing", "suicide_bombing"}


def matches(incident: Incident, record: ReferenceRecord, window_days: int = DEFAULT_WINDOW_DAYS) -> bool:
    """Return True when the record's dates, place and event type fit the incident's."""
    if incident.date is None or not types_compatible(incident, record):
        return False
    end = record.date_end or record.date
    if not (record.date - dt.timedelta(days=window_days) <= incident.date <= end + dt.timedelta(days=window_days)):
        return False
    if None not in (incident.latitude, incident.longitude, record.latitude, record.longitude):
        return haversine_km(incident.latitude, incident.longitude, record.latitude, record.longitude) <= NEAR_KM  # type: ignore[arg-type]
    admin1 = normalise_admin1(incident.admin1)
    return admin1 is not None and admin1 == record.admin1


def match_records(incident: Incident, records: Iterable[ReferenceRecord],
                  window_days: int = DEFAULT_WINDOW_DAYS) -> list[ReferenceRecord]:
    """Return the records that match the incident by date window, place and event type."""
    return [r for r in records if matches(incident, r, window_days)]


def reference_signals(incident: Incident | None, records: list[ReferenceRecord]) -> list[Signal]:
    """Return the reference signals: matched records and the article's toll against theirs."""
    if incident is None or not records:
        why = "no reference record matches this incident's date and place" if incident else "no incident"
        return [Signal(name="ref_matched", value=0.0, group="reference", evidence=why),
                Signal(name="ref_outside", value=None, group="reference", evidence=why)]
    lows = [r.deaths_low if r.deaths_low is not None else r.deaths_best for r in records]
    highs = [r.deaths_high if r.deaths_high is not None else r.deaths_best for r in records]
    lows_k = [v for v in lows if v is not None]
    highs_k = [v for v in highs if v is not None]
    names = ", ".join(sorted({r.dataset for r in records}))
    matched = Signal(name="ref_matched", value=float(len(records)), group="reference",
                     evidence=f"{len(records)} record(s) of {names} match its date and place")
    figure = incident_killed(incident)
    if figure is None or not lows_k:
        return [matched, Signal(name="ref_outside", value=None, group="reference",
                                evidence="no toll to compare with the reference records")]
    # Several records on one day and place may be parts of one incident: allow up to their sum.
    low, high = min(lows_k), sum(highs_k)
    own = figure.point or 0
    rng = str(low) if low == high else f"{low}–{high}"
    if own > high:
        dist, text = math.log1p(own) - math.log1p(high), f"its toll of {own} is above the {rng} that {names} records"
    elif own < low:
        dist, text = -(math.log1p(low) - math.log1p(own)), f"its toll of {own} is below the {rng} that {names} records"
    else:
        dist, text = 0.0, f"its toll of {own} agrees with the {rng} that {names} records"
    return [matched, Signal(name="ref_outside", value=dist, group="reference", evidence=text)]
