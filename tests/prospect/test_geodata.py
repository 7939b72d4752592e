"""Evidence-layer readers, grid checks, alignment, distance rasters and cell-based
association, on the EIS Toolkit fixtures (GispoCoding/eis_toolkit tests/data/remote,
staged in ../shared/data/prospectivity-eis-toolkit-fixtures) and synthetic grids."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from affine import Affine
from scipy import ndimage
from shapely.geometry import LineString, Point

from assay.importers import geodata as gd


def from_origin(left: float, top: float, dx: float, dy: float) -> Affine:
    return Affine(dx, 0.0, left, 0.0, -dy, top)


def test_alignment_of_offset_grid_is_exact(eis_dir):
    """smaller_raster.tif sits on small_raster.tif's lattice 6 rows / 4 columns in: nearest
    alignment must place every value at that offset (oracle: array slicing)."""
    template = gd.read_raster(eis_dir / "small_raster.tif")
    small = gd.read_raster(eis_dir / "smaller_raster.tif")
    with pytest.raises(gd.GeodataError, match="differs"):
        gd.check_same_grid(template, small)
    aligned = gd.align_to(small, template.grid)
    assert aligned.data.shape == template.data.shape
    window = aligned.data[6 : 6 + 36, 4 : 4 + 32]
    np.testing.assert_array_equal(window[small.valid], small.data[small.valid])
    assert aligned.valid.sum() == small.valid.sum()
    assert "extent changed" in aligned.notes[-1]


def test_alignment_reports_reprojection_and_resampling(eis_dir):
    """EPSG:4326 copy and a 5 m grid aligned onto the 2 m EPSG:3067 template: the notes say
    what was done, and nearest resampling only ever copies source values (EIS unify
    fixtures)."""
    template = gd.read_raster(eis_dir / "small_raster.tif")
    geo = gd.read_raster(eis_dir / "small_raster_EPSG4326.tif")
    with pytest.raises(gd.GeodataError, match="CRS"):
        gd.check_same_grid(template, geo)
    aligned = gd.align_to(geo, template.grid)
    assert "reprojected from EPSG:4326 to EPSG:3067" in aligned.notes[-1]
    assert aligned.valid.sum() > 0.95 * template.valid.sum()
    assert np.isin(aligned.data[aligned.valid], geo.data[geo.valid]).all()
    coarse = gd.read_raster(eis_dir / "unifying" / "raster_to_unify_2.tif")
    aligned = gd.align_to(coarse, template.grid)
    assert "resampled (nearest) from (5.0, 5.0) to (2.0, 2.0)" in aligned.notes[-1]
    assert np.isin(aligned.data[aligned.valid], coarse.data).all()


def test_nodata_mask_read(eis_dir):
    """wofe_evidence_raster.tif: nodata 15 (README) is masked."""
    r = gd.read_raster(eis_dir / "wofe" / "wofe_evidence_raster.tif")
    assert r.nodata == 15
    assert not np.any(r.data[r.valid] == 15)
    assert set(np.unique(r.data[r.valid])) <= {1, 2, 3, 5, 6, 8, 10, 13}


def test_cell_based_association_matches_eis(eis_dir):
    """Oracle: the expected CBA matrix Test_CBA_matrix.tif (11 bands, 4 km cells) of the EIS
    Toolkit test (BRGM method, Tourlière et al. 2015)."""
    litho = gpd.read_file(eis_dir / "Test_Litho.geojson")
    occ = gpd.read_file(eis_dir / "Test_Occ.geojson")
    faults = gpd.read_file(eis_dir / "Test_Faults.geojson")
    grid = gd.grid_from_bounds(tuple(litho.total_bounds), 4000, litho.crs)
    layers = gd.cell_association(litho, grid, "Litho")
    layers.update(gd.cell_association(occ, grid, name="Occ"))
    layers["Occ_B"] = gd.presence_grid(occ, grid, buffer=4000)
    layers.update(gd.cell_association(faults, grid, "Type", ["Normal", "Thrust"]))
    with rasterio.open(eis_dir / "Test_CBA_matrix.tif") as src:
        assert src.transform.almost_equals(grid.transform)
        for band, name in enumerate(src.descriptions, start=1):
            np.testing.assert_array_equal(layers[name], src.read(band), err_msg=name)


def test_distance_raster_points_equals_edt():
    """Oracle: scipy's exact Euclidean distance transform (independent algorithm) for points
    at cell centres."""
    grid = gd.Grid(40, 50, from_origin(1000.0, 5000.0, 10.0, 10.0), "EPSG:32633")
    cells = [(3, 4), (20, 30), (39, 0)]
    pts = [Point(1000 + 10 * (c + 0.5), 5000 - 10 * (r + 0.5)) for r, c in cells]
    frame = gpd.GeoDataFrame(geometry=pts, crs="EPSG:32633")
    dist = gd.distance_raster(frame, grid)
    seeds = np.ones((40, 50), bool)
    for r, c in cells:
        seeds[r, c] = False
    np.testing.assert_allclose(dist, ndimage.distance_transform_edt(seeds) * 10.0, atol=1e-9)


def test_distance_raster_to_fault_lines_by_formula(eis_dir):
    """Oracle: point-to-segment distance by the vector projection formula over every fault
    segment (independent numpy implementation), on a 4 km grid over the EIS faults."""
    faults = gpd.read_file(eis_dir / "Test_Faults.geojson")
    grid = gd.grid_from_bounds(tuple(faults.total_bounds), 4000, faults.crs)
    dist = gd.distance_raster(faults, grid)
    segs = []
    for geom in faults.geometry:
        parts = getattr(geom, "geoms", [geom])
        for line in parts:
            xy = np.asarray(line.coords)
            segs.append(np.column_stack([xy[:-1], xy[1:]]))
    segs = np.concatenate(segs)
    t = grid.transform
    cx = t.c + t.a * (np.arange(grid.width) + 0.5)
    cy = t.f + t.e * (np.arange(grid.height) + 0.5)
    px, py = np.meshgrid(cx, cy)
    p = np.column_stack([px.ravel(), py.ravel()])
    a, b = segs[:, :2], segs[:, 2:]
    ab = b - a
    ap = p[:, None, :] - a[None, :, :]
    tt = np.clip((ap * ab).sum(-1) / (ab * ab).sum(-1), 0, 1)
    closest = a[None] + tt[..., None] * ab[None]
    brute = np.sqrt(((p[:, None, :] - closest) ** 2).sum(-1)).min(axis=1)
    np.testing.assert_allclose(dist.ravel(), brute, rtol=1e-9, atol=1e-6)


def test_density_raster_of_points_by_hand():
    """Oracle: a point density in a 1 km radius is count / (π km²): 2 points near the centre
    give 2/π per km² at the centre cell and 0 far away."""
    grid = gd.Grid(21, 21, from_origin(0.0, 2100.0, 100.0, 100.0), "EPSG:32633")
    frame = gpd.GeoDataFrame(geometry=[Point(1050, 1050), Point(1100, 1000)], crs="EPSG:32633")
    dens = gd.density_raster(frame, grid, radius=1000.0)
    assert dens[10, 10] == pytest.approx(2 / np.pi, rel=1e-3)
    assert dens[0, 0] == 0.0


def test_line_density_by_hand():
    """Oracle: a straight line through the centre of a 1 km search circle contributes its
    chord, 2 km, so the density is 2 km / π km²."""
    grid = gd.Grid(21, 21, from_origin(0.0, 2100.0, 100.0, 100.0), "EPSG:32633")
    frame = gpd.GeoDataFrame(geometry=[LineString([(-5000, 1050), (8000, 1050)])], crs="EPSG:32633")
    dens = gd.density_raster(frame, grid, radius=1000.0)
    assert dens[10, 10] == pytest.approx(2 / np.pi, rel=1e-3)


def test_points_outside_and_on_nodata_are_flagged():
    data = np.ones((5, 5), dtype=np.int32)
    data[0, 0] = -1
    r = gd.Raster(
        data=data,
        valid=data != -1,
        grid=gd.Grid(5, 5, from_origin(0, 50, 10, 10), "EPSG:32633"),
        nodata=-1,
    )
    loc = gd.locate_points(np.array([[5.0, 45.0], [25.0, 25.0], [100.0, 100.0]]), r)
    assert loc.on_nodata.tolist() == [True, False, False]
    assert loc.inside.tolist() == [True, True, False]
    assert (loc.rows[1], loc.cols[1]) == (2, 2)


def test_read_errors_are_clear(tmp_path):
    with pytest.raises(gd.GeodataError, match="no such raster"):
        gd.read_raster(tmp_path / "missing.tif")
    bad = tmp_path / "bad.tif"
    bad.write_text("not a tiff")
    with pytest.raises(gd.GeodataError, match="not a readable raster"):
        gd.read_raster(bad)
    csv = tmp_path / "dep.csv"
    csv.write_text("x,y\n1,2\nfoo,3\n")
    with pytest.raises(gd.GeodataError, match="row 3"):
        gd.read_deposits(csv, "EPSG:32633")


def test_eis_wofe_fixture_equivalent_crs_accepted(eis_dir):
    """EIS wofe fixture: raster tagged EPSG:25835, deposits EPSG:3067; both are ETRS89 /
    TM35FIN with identical parameters, so they are accepted without reprojection, all 16
    deposits (README count) are accounted for, and the unique table's points sum to the
    deposits on data."""
    from assay.analyses import prospectivity as pa

    raster = eis_dir / "wofe" / "wofe_evidence_raster.tif"
    deposits = eis_dir / "wofe" / "wofe_deposits.shp"
    table, info = pa.calculate_weights(raster, deposits, "unique")
    assert info["total_points"] == 16
    assert table["points"].sum() == info["points_in_study_area"]
    on_grid = info["points_in_study_area"] + info["points_on_nodata"]
    assert on_grid + info["points_outside_grid"] == 16
    # 1 km cells with a 1 km² unit: N(T) equals the count of valid cells
    r = gd.read_raster(raster)
    assert info["total_area_units"] == pytest.approx(r.valid.sum())
