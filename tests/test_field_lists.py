"""One incident schema as a checked rule: the incident's facts and a claim's fields are named
once, in their dataclasses (:class:`warclaims.models.IncidentFacts`, :class:`~warclaims.models.Claim`),
and every other module takes the list from there (``INCIDENT_FACTS``, ``CLAIM_FIELDS``, the
codec of ``to_row`` / ``from_row`` / ``row_columns``).

The check reads every module's syntax tree and reports a place that spells the list out: one
expression naming at least two thirds of a record's fields (a flat column such as
``killed_low`` or ``quote_start`` names its field), as

* the strings of a tuple, list or set literal (a column list),
* the keys of a dict literal whose values are constants (a column-type map) or read the same
  name (``"place": ledger.place``, ``"killed_low": _lo(inc.killed)``),
* the keywords of a call whose values read the same name (``Incident(place=r.place, ...)``).

A deliberate subset (the gold schema's keys, the fields an evaluation scores, an export's
header) names fewer, and a record built from computed values (``Ledger(admin1=admin1, ...)``)
copies nothing, so neither is reported. Table definitions (``sa.Column("place", ...)``) mirror
the Alembic chain and are checked against the codec's columns instead (tests/store/test_schema.py);
the migrations are frozen history.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from warclaims.models import CLAIM_FIELDS, INCIDENT_FACTS, Claim, IncidentFacts, row_columns

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "warclaims"
DEFINITION = "models.py"
SKIPPED = ("store/migrations",)
"""Alembic migrations: the schema's history, written once and never edited."""

RECORDS = {"incident facts": (IncidentFacts, INCIDENT_FACTS), "claim fields": (Claim, CLAIM_FIELDS)}


def _column_fields(cls: type, names: tuple[str, ...]) -> dict[str, str]:
    """Return ``{name or flat column: field}`` of a record's fields."""
    out = {name: name for name in names}
    for name in names:
        out.update({column: name for column in row_columns(cls, [name])})
    return out


def _reads(value: ast.AST, name: str) -> bool:
    """Return True when ``value`` reads the field ``name``: ``x.name``, ``x["name"]`` or ``x.get("name")``."""
    for node in ast.walk(value):
        if isinstance(node, ast.Attribute) and node.attr == name:
            return True
        if isinstance(node, ast.Constant) and node.value == name:
            return True
    return False


def named_fields(node: ast.AST, columns: dict[str, str]) -> set[str]:
    """Return the fields (of ``columns``) that ``node`` spells out (see the module docstring)."""
    named: list[tuple[str, ast.AST | None]] = []
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        named = [(e.value, None) for e in node.elts if isinstance(e, ast.Constant)]
    elif isinstance(node, ast.Dict):
        named = [(k.value, v) for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant)]
    elif isinstance(node, ast.Call):
        named = [(k.arg, k.value) for k in node.keywords if k.arg]
    found = set()
    for key, value in named:
        if not isinstance(key, str) or key not in columns:
            continue
        if value is None or isinstance(value, ast.Constant) or _reads(value, columns[key]):
            found.add(columns[key])
    return found


def spelled_lists(package: Path) -> list[str]:
    """Return ``path:line: names N of the ... fields`` for each place under ``package`` that spells out
    two thirds or more of the incident's facts or of a claim's fields, outside the one definition."""
    records = {label: (_column_fields(cls, names), len(names)) for label, (cls, names) in RECORDS.items()}
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        if rel == DEFINITION or rel.startswith(SKIPPED):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for label, (columns, total) in records.items():
                fields = named_fields(node, columns)
                if 3 * len(fields) >= 2 * total:
                    found.append(f"{rel}:{node.lineno}: names {len(fields)} of the {total} {label}")
    return found


def test_no_module_spells_out_the_incident_or_claim_fields():
    assert spelled_lists(PACKAGE) == []


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        # a column list of the incident's facts
        ('COLUMNS = ("event_type", "date", "date_precision", "admin1", "place", "latitude", "longitude",\n'
         '           "geo_precision", "perpetrator", "victims", "killed_low", "killed_high")\n',
         "names 11 of the 14 incident facts"),
        # a row builder copying a claim field by field
        ("def row(c):\n    return {'claimant': c.claimant, 'claimant_type': c.claimant_type, 'quote': c.quote,\n"
         "            'killed_low': c.killed.low, 'injured_high': c.injured.high, 'victims': c.victims,\n"
         "            'victims_text': c.victims_text, 'groups': c.groups, 'blames': c.blames,\n"
         "            'quote_start': c.quote_span[0], 'confidence': c.confidence}\n",
         "names 11 of the 14 claim fields"),
        # an Incident rebuilt from a row by hand
        ("def back(r):\n    return Incident(event_type=r.event_type, date=r.date, admin1=r.admin1, place=r.place,\n"
         "        latitude=r.latitude, longitude=r.longitude, geo_precision=r.geo_precision,\n"
         "        country=r.country, perpetrator=r.perpetrator, victims=r.victims)\n",
         "names 10 of the 14 incident facts"),
    ],
)
def test_a_new_spelled_out_list_is_reported_with_its_place(tmp_path, line, reported):
    package = tmp_path / "warclaims"
    shutil.copytree(PACKAGE, package, ignore=lambda _dir, names: [n for n in names if n in ("data", "static")])
    with (package / "export" / "writers.py").open("a", encoding="utf-8") as fh:
        fh.write("\n\n" + line)
    found = spelled_lists(package)
    assert len(found) == 1 and found[0].startswith("export/writers.py:") and found[0].endswith(reported), found


def test_a_deliberate_subset_or_a_computed_record_is_not_reported(tmp_path):
    package = tmp_path / "warclaims"
    shutil.copytree(PACKAGE, package, ignore=lambda _dir, names: [n for n in names if n in ("data", "static")])
    with (package / "export" / "writers.py").open("a", encoding="utf-8") as fh:
        fh.write('\n\nSCORED = ("event_type", "date", "admin1", "place", "perpetrator", "victims", "killed", "injured")\n'
                 "def made(a, b, c, d, e, f, g, h, i, j):\n"
                 "    return Incident(event_type=a, date=b, admin1=c, place=d, latitude=e, longitude=f,\n"
                 "                    geo_precision=g, country=h, perpetrator=i, victims=j)\n")
    assert spelled_lists(package) == []
