"""The reference set shipped with warclaims: UCDP GED events for Syria, 2016-01 to 2019-11.

The file (``data/reference/ucdp-ged-syria-2016-2019.csv.gz``, CC BY 4.0, attribution in the
README next to it) is read once per process on first use, into a :class:`RecordIndex` by day,
so no import step is needed and nothing is written to the store. Reading it takes well under
a second (see docs/reference.md); nothing imports this module on the extraction path.

A ``ucdp-ged`` set imported into the store (``warclaims reference import FILE --format
ucdp-ged``) replaces the bundled set: one release is used at a time, never both.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warclaims.assess.records import ReferenceRecord
from warclaims.assess.reference import file_hash, read_reference

DATA_DIR = Path(__file__).parent / "data" / "reference"
BUNDLED_FILE = DATA_DIR / "ucdp-ged-syria-2016-2019.csv.gz"
BUNDLED_DATASET = "ucdp-ged"
"""Dataset name of the bundled set; imported GED files get the same name, and replace it."""
MAX_SPAN_DAYS = 31
"""Longest date span of a record the index files under every day it covers."""


@dataclass(slots=True, kw_only=True)
class ReferenceSetInfo:
    """What ``warclaims reference list`` shows of one reference set."""

    dataset: str
    source: str
    licence: str
    release: str
    period_start: dt.date | None
    period_end: dt.date | None
    records: int
    content_hash: str
    bundled: bool
    replaced_by: str | None = None
    """For the bundled set: the imported set that replaces it, None when it is in use."""

    def to_dict(self) -> dict:
        """Return the JSON form (dates as ISO strings)."""
        return {"dataset": self.dataset, "source": self.source, "licence": self.licence, "release": self.release,
                "period_start": _iso(self.period_start), "period_end": _iso(self.period_end),
                "records": self.records, "content_hash": self.content_hash, "bundled": self.bundled,
                "in_use": self.replaced_by is None, "replaced_by": self.replaced_by}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


BUNDLED_SOURCE = "UCDP GED Syria (Uppsala Conflict Data Program)"
BUNDLED_LICENCE = "CC BY 4.0"
BUNDLED_RELEASE = "19.1"


class RecordIndex:
    """Reference records filed under each day they cover, for date-window look-ups."""

    def __init__(self, records: Iterable[ReferenceRecord]) -> None:
        """Index ``records`` by every day of their ``date .. date_end`` (at most ``MAX_SPAN_DAYS``)."""
        self.records = list(records)
        self._by_day: dict[dt.date, list[ReferenceRecord]] = defaultdict(list)
        for rec in self.records:
            end = min(rec.date_end or rec.date, rec.date + dt.timedelta(days=MAX_SPAN_DAYS))
            day = rec.date
            while day <= end:
                self._by_day[day].append(rec)
                day += dt.timedelta(days=1)

    def between(self, first: dt.date, last: dt.date) -> list[ReferenceRecord]:
        """Return the records that touch any day from ``first`` to ``last`` (each once, in file order)."""
        seen: dict[int, ReferenceRecord] = {}
        day = first
        while day <= last:
            for rec in self._by_day.get(day, ()):
                seen.setdefault(id(rec), rec)
            day += dt.timedelta(days=1)
        return list(seen.values())

    def __len__(self) -> int:
        """Return the number of records."""
        return len(self.records)

    def __iter__(self) -> Iterator[ReferenceRecord]:
        """Iterate the records in file order."""
        return iter(self.records)


_LOADING = threading.Lock()


def bundled_index() -> RecordIndex:
    """Return the bundled GED records, read from the package on first call (then kept).

    The bundled file is checked by the same reader as imports; it has no bad row, so an error
    here means the package is damaged and is raised (W501) rather than skipped. Callers that
    arrive while it is being read (a server's first requests, its warm-up thread) wait for that
    one read instead of each reading the file again.
    """
    if _read_bundled_index.cache_info().currsize:  # read already: no lock to take
        return _read_bundled_index()
    with _LOADING:
        return _read_bundled_index()


@functools.cache
def _read_bundled_index() -> RecordIndex:
    """Read and index the bundled file (once per process: cached)."""
    result = read_reference(BUNDLED_FILE, "ucdp-ged", dataset=BUNDLED_DATASET)
    if result.errors:
        raise result.errors[0]
    return RecordIndex(result.records)


@functools.cache
def bundled_info() -> ReferenceSetInfo:
    """Return the bundled set's description (reads the records on first call)."""
    index = bundled_index()
    return ReferenceSetInfo(
        dataset=BUNDLED_DATASET, source=BUNDLED_SOURCE, licence=BUNDLED_LICENCE, release=BUNDLED_RELEASE,
        period_start=min(r.date for r in index), period_end=max(r.date_end or r.date for r in index),
        records=len(index), content_hash=file_hash(BUNDLED_FILE), bundled=True)
