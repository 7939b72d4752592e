"""Regions and control areas of points near a border are marked uncertain, not asserted.

Oracles: the rounding radius is the analytic half-diagonal of the rounding box on a sphere of
radius 6371.0088 km (IUGG mean radius); geodesic distances are checked against pyproj's
``Geod.inv`` on the WGS 84 ellipsoid (Karney 2013), an implementation independent of the
azimuthal-equidistant projection used by the code; the test points are built from the
bundled oblast polygons and their distance to the border is checked in UTM zone 37N
(geopandas ``to_crs``), again independent of the code's projection. The Artemovsk Basin
record (usgs-major:1857, 38.3333E 48.6N) is the published one.
"""

from __future__ import annotations

import json
import math
import shutil

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from assay.analyses import sites as A
from assay.analyses import sites_regions as R
from assay.store import open_store

KM_PER_DEG = math.pi * 6371.0088 / 180.0
# names that the linker cannot confuse, so that each record is its own site
NAMES = {
    "far-donetsk": "Alpha quarry",
    "near-donetsk": "Borovik mine",
    "far-dnipro": "Cedar pit",
    "near-dnipro": "Dolomite works",
    "on-border": "Emerald hill",
}


def test_coordinate_readings():
    assert R.coordinate_half_step_deg(48.6) == (0.05, "1 decimal(s)")
    # a conversion residue is read as whole arc minutes
    assert R.coordinate_half_step_deg(38.3333333333333) == (0.5 / 60, "whole arc minutes")
    # the coarsest reading wins when the point shows a sexagesimal coordinate
    assert R.coordinate_half_step_deg(48.6, sexagesimal=True)[0] == 0.05
    assert R.coordinate_half_step_deg(48.25, sexagesimal=True)[0] == 0.5 / 60
    # trailing zeros lost by the float: (30.1234, 50.0) is read with 4 decimals
    radius, _ = R.rounding_radius_km(30.1234, 50.0)
    expected = math.hypot(0.00005 * KM_PER_DEG * math.cos(math.radians(50.0)), 0.00005 * KM_PER_DEG)
    assert radius == pytest.approx(expected, rel=1e-12)


def test_rounding_radius_of_whole_degrees_is_the_half_diagonal():
    radius, basis = R.rounding_radius_km(30.0, 0.0)
    assert radius == pytest.approx(math.sqrt(2) * 0.5 * KM_PER_DEG, rel=1e-12)  # 78.62 km
    assert "0 decimal(s)" in basis


def test_artemovsk_rounding():
    radius, basis = R.rounding_radius_km(38.3333333333333, 48.6)
    dx = (0.5 / 60) * KM_PER_DEG * math.cos(math.radians(48.6))
    dy = 0.05 * KM_PER_DEG
    assert radius == pytest.approx(math.hypot(dx, dy), rel=1e-12)
    assert "whole arc minutes (lon)" in basis and "1 decimal(s) (lat)" in basis


def test_location_uncertainty_adds_the_stated_precision():
    base, _ = R.rounding_radius_km(30.1234, 50.1234)
    km, basis = R.location_uncertainty_km(30.1234, 50.1234, "district", 25.0)
    assert km == pytest.approx(base + 25.0)
    assert "25 km" in basis


def test_geodesic_distance_against_pyproj_geod():
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    lon0, lat0 = 37.5, 48.2
    for lon1, lat1 in [(37.9, 48.5), (36.1, 47.0), (37.5, 49.9)]:
        # a tiny square (1e-7 deg) around the target point
        square = shapely.box(lon1 - 1e-7, lat1 - 1e-7, lon1 + 1e-7, lat1 + 1e-7)
        (got,) = R.distances_km([square], lon0, lat0)
        _, _, metres = geod.inv(lon0, lat0, lon1, lat1)
        assert got == pytest.approx(metres / 1000.0, abs=0.002)


def _oblasts() -> dict[str, object]:
    data = json.loads(A.reference_path("boundaries/ukraine_admin1.geojson").read_text())
    return {f["properties"]["admin1_code"]: shape(f["geometry"]) for f in data["features"]}


def _utm_distance_km(lon: float, lat: float, geometry: object) -> float:
    import geopandas as gpd

    frame = gpd.GeoSeries([shapely.Point(lon, lat), geometry], crs="EPSG:4326").to_crs(32637)
    return float(frame.iloc[0].distance(frame.iloc[1])) / 1000.0


def _offset(lon: float, lat: float, east: float, north: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lon, lat) along the unit vector (east, north), to 4 decimals."""
    return (
        round(lon + east * km / (KM_PER_DEG * math.cos(math.radians(lat))), 4),
        round(lat + north * km / KM_PER_DEG, 4),
    )


@pytest.fixture(scope="module")
def border_points(tmp_path_factory, reference_store_path):
    """A store of six records of our own around the Donetsk (UA-14) / Dnipropetrovsk (UA-12)
    border: deep inside each oblast, 0.8 km inside each and one on the border; placed and
    linked."""
    oblasts = _oblasts()
    donetsk, dnipro = oblasts["UA-14"], oblasts["UA-12"]
    border = shapely.line_merge(donetsk.boundary.intersection(dnipro.boundary))
    if border.geom_type == "MultiLineString":
        border = max(border.geoms, key=lambda g: g.length)
    mid = border.interpolate(0.5, normalized=True)
    inner_donetsk = donetsk.representative_point()
    inner_dnipro = dnipro.representative_point()
    # the border's normal at its midpoint (from two points 0.005 deg along it either side)
    before = border.interpolate(border.length / 2 - 0.005)
    after = border.interpolate(border.length / 2 + 0.005)
    east = (after.x - before.x) * math.cos(math.radians(mid.y))
    north = after.y - before.y
    norm = math.hypot(east, north)
    normal = (-north / norm, east / norm)
    probe = _offset(mid.x, mid.y, *normal, 0.8)
    if not donetsk.contains(shapely.Point(*probe)):
        normal = (-normal[0], -normal[1])
    points = {
        "far-donetsk": (round(inner_donetsk.x, 4), round(inner_donetsk.y, 4)),
        "near-donetsk": _offset(mid.x, mid.y, *normal, 0.8),
        "far-dnipro": (round(inner_dnipro.x, 4), round(inner_dnipro.y, 4)),
        "near-dnipro": _offset(mid.x, mid.y, -normal[0], -normal[1], 0.8),
        "on-border": (round(mid.x, 4), round(mid.y, 4)),
    }
    # the test's own geometry: each point on the side it is meant to be, at the distance
    # from the other oblast it is meant to have (UTM 37N, independent of the code)
    to_other: dict[str, float] = {}
    for key, (lon, lat) in points.items():
        side = donetsk if "donetsk" in key else dnipro
        other = dnipro if "donetsk" in key else donetsk
        if key == "on-border":
            assert _utm_distance_km(lon, lat, border) < 0.05
            continue
        assert side.contains(shapely.Point(lon, lat)), key
        to_other[key] = _utm_distance_km(lon, lat, other)
        if key.startswith("far"):
            # the nearest other oblast may be a third one
            to_other[key] = min(
                _utm_distance_km(lon, lat, g) for c, g in oblasts.items() if not g.equals(side)
            )
            assert to_other[key] > 10.0, key
        else:
            assert 0.2 < to_other[key] < 1.0, key
    path = tmp_path_factory.mktemp("border") / "border.duckdb"
    shutil.copyfile(reference_store_path, path)
    with open_store(path) as store:
        store.con.executemany(
            "INSERT INTO site_record (id, dataset, record_id, name, iso3, lon, lat, crs, "
            "location_precision) VALUES (?, 'test', ?, ?, 'UKR', ?, ?, 'EPSG:4326', 'point')",
            [(f"test:{key}", key, NAMES[key], lon, lat) for key, (lon, lat) in points.items()],
        )
        A.load_control_areas(store)
        A.place_records(store)
        A.link_sites(store)
        views = {key: A.site_view(store, f"test:{key}")["sites"][0] for key in points}
        summary = A.country_sites_summary(store, "UKR")
    return to_other, views, summary, path


@pytest.mark.parametrize(("key", "code"), [("far-donetsk", "UA-14"), ("far-dnipro", "UA-12")])
def test_points_far_from_the_border_are_decided(border_points, key, code):
    _, views, _, _ = border_points
    site = views[key]
    assert site["region_code"] == code
    assert site["region_method"] == "point-in-polygon"
    assert site["region_candidates"] is None
    assert site["region_border"]["uncertain"] is False
    to_other, _, _, _ = border_points
    assert site["region_border"]["nearest_other"]["distance_km"] == pytest.approx(
        to_other[key], rel=1e-3
    )
    assert site["control_uncertain"] is False
    if code == "UA-14":  # claimed by Russia (bundled control layer)
        assert site["control"]["id"] == "ru-claim-ua-14"
    else:
        assert site["control"] is None and site["control_candidates"] is None


@pytest.mark.parametrize(
    ("key", "hit"), [("near-donetsk", "UA-14"), ("near-dnipro", "UA-12"), ("on-border", None)]
)
def test_points_near_or_on_the_border_are_uncertain(border_points, key, hit):
    _, views, _, _ = border_points
    site = views[key]
    assert site["region_method"] == R.NEAR_BORDER_METHOD
    codes = [c["code"] for c in site["region_candidates"]]
    assert sorted(codes) == ["UA-12", "UA-14"]
    if hit is not None:
        # the polygon hit stays the region, listed first
        assert site["region_code"] == hit == codes[0]
        to_other, _, _, _ = border_points
        assert site["region_candidates"][1]["distance_km"] == pytest.approx(to_other[key], abs=0.01)
    border = site["region_border"]
    assert border["boundary_tolerance_km"] == R.BUNDLED_ADMIN1_TOLERANCE_KM["UKR"]
    assert border["margin_km"] == pytest.approx(
        border["boundary_tolerance_km"] + border["location_uncertainty_km"], abs=1e-3
    )
    # control follows the same rule: Donetsk is claimed, Dnipropetrovsk is not
    assert site["control"] is None
    assert site["control_uncertain"] is True
    assert {c["id"] for c in site["control_candidates"]} == {"ru-claim-ua-14", None}


def test_summary_counts_border_sites_apart(border_points):
    _, _, summary, _ = border_points
    assert summary["by_region"] == {"Donetsk Oblast": 1, "Dnipropetrovsk Oblast": 1,
                                    A.BORDER_UNCERTAIN: 3}  # fmt: skip
    assert summary["by_region_code"][A.BORDER_UNCERTAIN] == 3
    uncertain = {s["name"] for s in summary["regions_border_uncertain"]}
    assert uncertain == {NAMES[k] for k in ("near-donetsk", "near-dnipro", "on-border")}
    assert len(summary["controlled_sites"]) == 1  # only the far Donetsk point
    assert len(summary["controlled_sites_uncertain"]) == 3


def test_artemovsk_basin_is_near_the_donetsk_luhansk_border(sites_store):
    site = A.site_view(sites_store, "usgs-major:1857")["sites"][0]
    assert site["name"] == "Artemovsk Basin"
    assert site["region_code"] == "UA-09"  # the polygon hit (Luhansk) is kept ...
    assert site["region_method"] == R.NEAR_BORDER_METHOD  # ... but not asserted
    candidates = {c["code"]: c["distance_km"] for c in site["region_candidates"]}
    assert set(candidates) == {"UA-09", "UA-14"}
    # 4.6 km from Donetsk Oblast, inside a margin of 5.6 km (48.6: +-0.05 deg of latitude;
    # 38.3333333: +-0.5') + 2.0 km (boundary tolerance)
    assert candidates["UA-14"] == pytest.approx(4.6, abs=0.1)
    assert site["region_border"]["location_uncertainty_km"] == pytest.approx(5.59, abs=0.01)
    assert site["control"] is None and site["control_uncertain"]
    assert {c["id"] for c in site["control_candidates"]} == {"ru-claim-ua-09", "ru-claim-ua-14"}
    summary = A.country_sites_summary(sites_store, "UKR")
    listed = {s["id"]: s for s in summary["regions_border_uncertain"]}
    assert site["id"] in listed
    assert summary["by_region"][A.BORDER_UNCERTAIN] == len(listed)


def test_bundled_tolerance_covers_the_measured_simplification(shared_data):
    """The bundled oblast outlines against the geoBoundaries release they were simplified
    from (Hausdorff distance in a Lambert azimuthal equal-area projection): the measured
    part of :data:`BUNDLED_ADMIN1_TOLERANCE_KM` (the rest is the release's own 0.01 deg)."""
    import geopandas as gpd

    laea = "+proj=laea +lat_0=48.5 +lon_0=31.5 +units=m"
    source = shared_data / "boundaries" / "geoboundaries_UKR_ADM1_simplified.geojson"
    full = gpd.read_file(source).set_index("shapeISO").to_crs(laea)
    bundled = gpd.read_file(A.reference_path("boundaries/ukraine_admin1.geojson"))
    bundled = bundled.set_index("admin1_code").to_crs(laea)
    worst = max(
        shapely.hausdorff_distance(
            bundled.geometry[code].boundary, full.geometry[code].boundary, densify=0.05
        )
        for code in bundled.index
    )
    release_km = 0.01 * 111.32  # geoBoundaries: "around .01 decimal degrees (~1.11 km)"
    assert worst / 1000.0 + release_km <= R.BUNDLED_ADMIN1_TOLERANCE_KM["UKR"]
    assert worst / 1000.0 > 0.5  # the bound is not loose by an order of magnitude


def test_bundled_control_outlines_are_the_oblast_outlines():
    oblasts = _oblasts()
    data = json.loads(A.reference_path("control_areas.geojson").read_text())
    for feature in data["features"]:
        control = shape(feature["geometry"])
        oblast = oblasts[feature["properties"]["admin1_code"]]
        assert shapely.hausdorff_distance(control.boundary, oblast.boundary) < 1e-9
    assert R.BUNDLED_CONTROL_TOLERANCE_KM == R.BUNDLED_ADMIN1_TOLERANCE_KM["UKR"]


def test_coarse_points_are_never_decided_near_a_border():
    """Whole-degree points carry +-66 km at 50N: any oblast within it is a candidate."""
    index = A.ukraine_admin1_index()
    near = R.near_polygons(index, 37.0, 48.0, R.rounding_radius_km(37.0, 48.0)[0])
    assert len(near) >= 2
    assert np.all(np.diff([d for _, d in near]) >= 0)


def test_site_page_and_cli_say_near_border(border_points):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from assay.cli import get_app
    from assay.web import create_app

    _, views, _, path = border_points
    site = views["near-donetsk"]
    with TestClient(create_app(path)) as client:
        page = client.get(f"/site/{site['id']}")
        assert page.status_code == 200
        assert 'id="region-border-0"' in page.text and "Near a border, uncertain" in page.text
        assert "Dnipropetrovsk Oblast" in page.text
        assert 'id="control-border-0"' in page.text and "outside every control area" in page.text
        twin = client.get(f"/site/{site['id']}.json").json()
        assert [c["code"] for c in twin["sites"][0]["region_candidates"]] == ["UA-14", "UA-12"]
        far = client.get(f"/site/{views['far-dnipro']['id']}")
        assert "Near a border" not in far.text and "control-border" not in far.text
    result = CliRunner().invoke(
        get_app(), ["site", site["id"], "--db", str(path)], env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Donetsk Oblast (UA-14) or Dnipropetrovsk Oblast (UA-12): near a border" in text
    assert "control: not asserted" in text


def test_dossier_region_rows_count_border_sites_apart(border_points):
    from assay.reports.country import region_rows

    *_, path = border_points
    with open_store(path) as store:
        sites = A.sites_view(store, country="UKR", include_estimates=False)["sites"]
    rows = {r["region"]: r for r in region_rows(sites)}
    assert rows["Donetsk Oblast"]["sites"] == 1
    assert rows["Dnipropetrovsk Oblast"]["sites"] == 1
    both = [r for name, r in rows.items() if name.endswith("(border, uncertain)")]
    assert sum(r["sites"] for r in both) == 3
    assert {r["candidate_codes"] for r in both} <= {"UA-14 or UA-12", "UA-12 or UA-14"}


def test_dossier_rows_keep_iso_codes_and_name_both_candidates(border_points):
    from assay.reports.country import region_rows

    *_, path = border_points
    with open_store(path) as store:
        sites = A.sites_view(store, country="UKR", include_estimates=False)["sites"]
    for row in region_rows(sites):
        if row["region"].endswith("(border, uncertain)"):
            assert row["region_code"] is None  # no single ISO 3166-2 code
            assert set(row["candidate_codes"].split(" or ")) == {"UA-12", "UA-14"}
        else:
            assert row["region_code"] in ("UA-12", "UA-14")


def test_sites_csv_adds_candidates_and_control_doubt(border_points):
    import csv
    import io

    *_, path = border_points
    with open_store(path) as store:
        rows = list(csv.DictReader(io.StringIO(A.sites_csv(A.sites_view(store, country="UKR")))))
    by_name = {r["name"]: r for r in rows}
    near = by_name[NAMES["near-dnipro"]]
    assert near["region_code"] == "UA-12" and near["region_candidates"] == "UA-12|UA-14"
    assert near["control_uncertain"] == "True" and near["control_status"] == ""
    far = by_name[NAMES["far-donetsk"]]
    assert far["region_candidates"] == "" and far["control_uncertain"] == "False"
    assert far["control_status"].startswith("claimed annexation")
