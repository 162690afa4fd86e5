"""The reference dataset formats (UCDP GED, ACLED, mapped CSV), registered by name.

A format is its column names (file column, lower case -> :data:`FIELDS` name), optionally the
codebook of every column it documents (others are reported, W501, and kept as extras) and
the dataset name its files share (a newer GED release replaces the older one). Adding one is
a :class:`ReferenceFormat` added to :data:`REFERENCE_FORMATS`, here or in its own module
imported by :mod:`warclaims.assess.reference` (or an entry point in
``warclaims.reference_formats``); ``warclaims reference import --format`` accepts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from warclaims.registry import Registry

FIELDS = ("record_id", "date", "date_end", "country", "admin1", "place", "latitude", "longitude",
          "event_type", "deaths_best", "deaths_low", "deaths_high", "actor1", "actor2")
"""The fields of a reference record, which every format's columns map to."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferenceFormat:
    """How one reference dataset's CSV files are read."""

    title: str
    """The dataset's name in messages (``UCDP GED``)."""
    columns: Mapping[str, str]
    """File column (lower case) -> field; ``--map`` adds to or overrides them."""
    codebook: frozenset[str] | None = None
    """Every column the format documents; a file's other columns are reported. None: any."""
    dataset: str | None = None
    """The dataset name all its files share (None: ``FORMAT:FILENAME``)."""


REFERENCE_FORMATS: Registry[ReferenceFormat] = Registry("reference format", group="reference_formats")
"""Format name -> :class:`ReferenceFormat`, in registration order."""

GED_COLUMNS = frozenset((
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
    "side_b_dset_id", "side_b_new_id", "gwnoa", "gwnob", "side_b", "number_of_sources", "source_article",
    "source_office", "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country",
    "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "low", "best", "high"))
"""Columns of the UCDP GED CSV (19.1 to 24.1); any other column in a ``ucdp-ged`` file is reported."""

# UCDP Georeferenced Event Dataset (GED) 23.1+ column names.
REFERENCE_FORMATS.add("ucdp-ged", ReferenceFormat(
    title="UCDP GED", codebook=GED_COLUMNS, dataset="ucdp-ged",
    columns={"id": "record_id", "date_start": "date", "date_end": "date_end", "country": "country",
             "adm_1": "admin1", "where_coordinates": "place", "latitude": "latitude",
             "longitude": "longitude", "type_of_violence": "event_type", "best": "deaths_best",
             "low": "deaths_low", "high": "deaths_high", "side_a": "actor1", "side_b": "actor2"}))
# ACLED export column names.
REFERENCE_FORMATS.add("acled", ReferenceFormat(
    title="ACLED",
    columns={"event_id_cnty": "record_id", "event_date": "date", "country": "country", "admin1": "admin1",
             "location": "place", "latitude": "latitude", "longitude": "longitude",
             "sub_event_type": "event_type", "fatalities": "deaths_best", "actor1": "actor1", "actor2": "actor2"}))
# Generic CSV: columns named like the fields (or given with --map col=field).
REFERENCE_FORMATS.add("csv", ReferenceFormat(
    title="CSV",
    columns={name: name for name in FIELDS} | {"id": "record_id", "deaths": "deaths_best", "best": "deaths_best",
                                               "low": "deaths_low", "high": "deaths_high", "lat": "latitude",
                                               "lon": "longitude", "location": "place"}))
