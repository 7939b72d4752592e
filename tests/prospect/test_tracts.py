"""Permissive tracts: selection, buffer, dissolve, exclusion, equal-area areas, sites inside,
the tract spec, and a run through the assessment engine."""

from __future__ import annotations

import json
import math

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, box
from typer.testing import CliRunner

from assay.analyses import tracts as tr
from assay.cli import get_app


def _square_units(crs: str = "EPSG:3035") -> gpd.GeoDataFrame:
    # ETRS89-LAEA (EPSG:3035) is an equal-area projection: areas can be worked by hand in it
    x0, y0 = 4_000_000.0, 3_000_000.0
    return gpd.GeoDataFrame(
        {"rock": ["granite", "shale", "granite"], "age": [1, 2, 2]},
        geometry=[
            box(x0, y0, x0 + 10_000, y0 + 10_000),
            box(x0 + 30_000, y0, x0 + 40_000, y0 + 10_000),
            box(x0 + 60_000, y0, x0 + 62_000, y0 + 5_000),
        ],
        crs=crs,
    )


def test_buffered_square_area_by_hand():
    """Oracle: a 10 km square buffered by 1 km has area 10² + 4·10·1 + π·1² km² (Minkowski sum),
    and a 2 x 5 km rectangle buffered by 1 km 10 + 2·(2+5)·1 + π km²; measured in an
    equal-area projection (tolerance 1e-4 relative for the 32-segment arcs)."""
    result = tr.build_tracts(
        _square_units(), "granites", attribute="rock", values=["granite"], buffer_km=1.0
    )
    expected = (100 + 40 + math.pi) + (10 + 14 + math.pi)
    assert result.tracts["area_km2"].iloc[0] == pytest.approx(expected, rel=1e-4)
    assert result.tracts["n_units"].iloc[0] == 2
    # independent check: geodesic area on the ellipsoid (pyproj Geod, Karney 2013)
    assert tr.tract_area_check(result)[0] == pytest.approx(expected, rel=1e-4)


def test_geographic_units_buffered_in_metres():
    """Oracle: pyproj's geodesic area (Karney 2013) of the buffered tract; the buffer is done
    in a local azimuthal equidistant projection so 1 km means 1 km on the ground."""
    units = _square_units().to_crs("EPSG:4326")
    result = tr.build_tracts(units, "g", attribute="rock", values=["granite"], buffer_km=1.0)
    assert "azimuthal equidistant" in result.steps[1]
    expected = (100 + 40 + math.pi) + (10 + 14 + math.pi)
    assert result.tracts["area_km2"].iloc[0] == pytest.approx(expected, rel=2e-3)
    assert result.tracts["area_km2"].iloc[0] == pytest.approx(
        tr.tract_area_check(result)[0], rel=1e-5
    )


def test_exclusion_and_dissolve_by():
    """Hand: removing a 4 x 10 km strip of cover from the 10 km square leaves 60 km²; one
    tract per age."""
    units = _square_units()
    x0, y0 = 4_000_000.0, 3_000_000.0
    cover = gpd.GeoDataFrame(geometry=[box(x0 - 1, y0 - 1, x0 + 4_000, y0 + 10_001)], crs=units.crs)
    result = tr.build_tracts(units, "t", where="rock == 'granite'", exclusions=[cover])
    assert result.tracts["area_km2"].iloc[0] == pytest.approx(60 + 10, rel=1e-9)
    by_age = tr.build_tracts(units, "t", dissolve_by="age")
    assert sorted(by_age.tracts["name"]) == ["t 1", "t 2"]
    areas = dict(zip(by_age.tracts["name"], by_age.tracts["area_km2"], strict=True))
    assert areas["t 1"] == pytest.approx(100, rel=1e-9)
    assert areas["t 2"] == pytest.approx(110, rel=1e-9)


def test_sites_inside_tract():
    units = _square_units()
    x0, y0 = 4_000_000.0, 3_000_000.0
    sites = gpd.GeoDataFrame(
        {"name": ["in square", "in buffer", "far away"]},
        geometry=[
            Point(x0 + 5_000, y0 + 5_000),
            Point(x0 - 500, y0 + 5_000),
            Point(x0 + 20_000, y0 + 5_000),
        ],
        crs=units.crs,
    ).to_crs("EPSG:4326")
    result = tr.build_tracts(units, "g", attribute="rock", values=["granite"], buffer_km=1.0)
    inside = tr.sites_inside(result, sites)
    assert sorted(inside["site"]) == ["in buffer", "in square"]
    assert result.to_dict()["tracts"][0]["n_known_sites"] == 2


def test_bad_selection_is_a_clear_error():
    units = _square_units()
    with pytest.raises(tr.TractError, match="no attribute 'colour'"):
        tr.build_tracts(units, "t", attribute="colour", values=["red"])
    with pytest.raises(tr.TractError, match="no map unit matches"):
        tr.build_tracts(units, "t", attribute="rock", values=["basalt"])
    cover = gpd.GeoDataFrame(geometry=[box(0, 0, 1e8, 1e8)], crs=units.crs)
    with pytest.raises(tr.TractError, match="nothing is left"):
        tr.build_tracts(units, "t", exclusions=[cover])


def test_eis_lithology_tract_lists_occurrences(eis_dir):
    """EIS Brittany fixture: 6 occurrences; every one lies in some lithology polygon, so a
    tract of all units holds all 6 (oracle: geopandas point-in-polygon count)."""
    litho = gpd.read_file(eis_dir / "Test_Litho.geojson")
    occ = gpd.read_file(eis_dir / "Test_Occ.geojson")
    expected = int(gpd.sjoin(occ, litho, predicate="within").index.nunique())
    result = tr.build_tracts(litho, "all units")
    assert len(tr.sites_inside(result, occ)) == expected == 6


@pytest.fixture()
def assessment_available():
    pytest.importorskip("assay.analyses.assessment")


def test_tract_spec_runs_through_assessment_engine(tmp_path, shared_data, assessment_available):
    """The CLI writes a tract + YAML spec from a geology layer and a buffer; the spec's area
    equals the hand computation and assess_tract runs it (MapMark4 example GATM/estimates)."""
    from assay.analyses.assessment import assess_tract
    from assay.importers.mapmark4 import read_tract_spec

    mm4 = shared_data / "mapmark4-examples"
    if not mm4.is_dir():
        pytest.skip("mapmark4-examples not staged")
    units = tmp_path / "geology.gpkg"
    _square_units().to_file(units, driver="GPKG")
    runner = CliRunner()
    res = runner.invoke(
        get_app(),
        [
            "tract",
            "--units",
            str(units),
            "--attribute",
            "rock",
            "--value",
            "granite",
            "--buffer-km",
            "1",
            "--name",
            "Granite tract",
            "--out",
            str(tmp_path / "tract.geojson"),
            "--gatm",
            str(mm4 / "ExampleGatm.csv"),
            "--estimates",
            str(mm4 / "ExampleDepEst1.csv"),
            "--spec",
            str(tmp_path / "spec.yaml"),
            "--draws",
            "500",
            "--seed",
            "3",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    expected = (100 + 40 + math.pi) + (10 + 14 + math.pi)
    assert data["tracts"][0]["area_km2"] == pytest.approx(expected, rel=1e-4)
    spec = read_tract_spec(tmp_path / "spec.yaml")
    assert spec.area_km2 == pytest.approx(expected, rel=1e-4)
    assert spec.geometry == (tmp_path / "tract.geojson")
    tract = gpd.read_file(spec.geometry)
    assert tract.crs.to_epsg() == 4326 and len(tract) == 1
    result = assess_tract(spec, reference_draws=20_000)
    assert result.simulation.draws == 500
    assert np.isfinite(result.pmf.mean)


def test_cli_tract_bad_input_exit_2(tmp_path):
    units = tmp_path / "geology.gpkg"
    _square_units().to_file(units, driver="GPKG")
    runner = CliRunner()
    res = runner.invoke(
        get_app(),
        [
            "tract",
            "--units",
            str(units),
            "--attribute",
            "rock",
            "--value",
            "basalt",
            "--out",
            str(tmp_path / "t.geojson"),
        ],
    )
    assert res.exit_code == 2
    assert "no map unit matches" in " ".join(res.output.split())
    res = runner.invoke(
        get_app(), ["tract", "--units", str(tmp_path / "none.gpkg"), "--out", "x.geojson"]
    )
    assert res.exit_code == 2
    assert "no such vector file" in " ".join(res.output.split())


def test_tract_from_ga_stratno_raster(ga_dir, tmp_path):
    """GA Cloncurry StratNo raster as map units, the seven permissive units of GA's binary
    StratNo map (SOURCE_TESTDATA_README): the tract's planar area in the raster CRS equals
    the present class of GA's StratNo_CT.csv, 1307.42 km² (oracle: GA table); the equal-area
    area differs from it by the GDA2020 Lambert conformal areal scale (about 1 %)."""
    units = tr.read_units(ga_dir / "CalculateWeights" / "StratNo.tif")
    values = ["76890", "42515", "31441", "26091", "12754", "11361", "7245"]
    result = tr.build_tracts(units, "IOCG strat units", attribute="value", values=values)
    assert result.tracts.area.iloc[0] / 1e6 == pytest.approx(1307.42, rel=1e-9)
    # true area = planar LCC area / the projection's areal scale at the tract (pyproj
    # get_factors), and the geodesic area on the ellipsoid (Karney 2013) agrees
    from pyproj import CRS, Proj

    centre = result.tracts.to_crs("EPSG:4326").geometry.iloc[0].centroid
    scale = Proj(CRS.from_epsg(7845)).get_factors(centre.x, centre.y).areal_scale
    area = result.tracts["area_km2"].iloc[0]
    assert area == pytest.approx(1307.42 / scale, rel=2e-3)
    assert area == pytest.approx(tr.tract_area_check(result)[0], rel=1e-5)
    occ = gpd.read_file(ga_dir / "CalculateWeights" / "IOCG_Deposits.shp")
    # GA StratNo_CT.csv: 40 of the 258 points fall in the present class
    assert len(tr.sites_inside(result, occ)) == 40


def test_sites_from_store_inventory(store):
    """Known sites come from the site inventory (table ``site``, lon/lat WGS 84), filtered by
    deposit type; oracle: which of three hand-placed sites lie in the buffered square."""
    units = _square_units()
    x0, y0 = 4_000_000.0, 3_000_000.0
    pts = gpd.GeoSeries(
        [Point(x0 + 5_000, y0 + 5_000), Point(x0 - 500, y0 + 5_000), Point(x0 + 20_000, y0)],
        crs=units.crs,
    ).to_crs("EPSG:4326")
    rows = [
        ("S1", "Inside carbonatite", pts.iloc[0].x, pts.iloc[0].y, "carbonatite"),
        ("S2", "Buffer carbonatite", pts.iloc[1].x, pts.iloc[1].y, "Carbonatite REE"),
        ("S3", "Outside", pts.iloc[2].x, pts.iloc[2].y, "carbonatite"),
    ]
    with store.transaction() as con:
        for sid, name, lon, lat, dtype in rows:
            con.execute(
                "INSERT INTO site (id, name, lon, lat, deposit_type, n_records) "
                "VALUES (?, ?, ?, ?, ?, 1)",
                [sid, name, lon, lat, dtype],
            )
    result = tr.build_tracts(units, "g", attribute="rock", values=["granite"], buffer_km=1.0)
    sites = tr.sites_from_store(store, deposit_type="carbonatite")
    assert len(sites) == 3
    inside = tr.sites_inside(result, sites)
    assert sorted(inside["site"]) == ["Buffer carbonatite", "Inside carbonatite"]
