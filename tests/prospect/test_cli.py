"""``assay prospect`` commands on small synthetic rasters: outputs, JSON contracts and the
one-line errors (exit code 2) for bad input."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from affine import Affine
from shapely.geometry import LineString, Point
from typer.testing import CliRunner

from assay.cli import get_app
from assay.importers import geodata as gd

CRS = "EPSG:32633"


@pytest.fixture()
def layers(tmp_path):
    """Two 60x60 100 m evidence rasters, an integer class raster and 30 deposits."""
    grid = gd.Grid(60, 60, Affine(100.0, 0, 500_000.0, 0, -100.0, 6_000_000.0), CRS)
    yy, xx = np.mgrid[0:60, 0:60]
    a = (xx / 59.0).astype(np.float32)
    b = (yy / 59.0).astype(np.float32)
    classes = (1 + (xx // 20) + 3 * (yy // 20)).astype(np.int32)
    classes[0, :5] = -1
    rng = np.random.default_rng(4)
    pick = rng.choice(3600, 30, replace=False, p=(a * b + 0.01).ravel() / (a * b + 0.01).sum())
    r, c = np.divmod(pick, 60)
    pts = [
        Point(500_000 + 100 * (ci + 0.5), 6_000_000 - 100 * (ri + 0.5))
        for ri, ci in zip(r, c, strict=True)
    ]
    dep = tmp_path / "deposits.geojson"
    gpd.GeoDataFrame({"name": [f"d{i}" for i in range(30)]}, geometry=pts, crs=CRS).to_file(dep)
    paths = {
        "a": gd.write_raster(tmp_path / "a.tif", a, grid),
        "b": gd.write_raster(tmp_path / "b.tif", b, grid),
        "classes": gd.write_raster(tmp_path / "classes.tif", classes, grid, nodata=-1),
        "deposits": dep,
        "dir": tmp_path,
    }
    return paths


def run(args):
    return CliRunner().invoke(get_app(), args)


def message(res) -> str:
    """The error text with Rich's terminal line wrapping undone."""
    return " ".join(res.output.split())


def test_weights_unique_table_and_outside_points(layers, tmp_path):
    """A deposit outside the grid is reported and still counted in N(D) (GA convention)."""
    dep = gpd.read_file(layers["deposits"])
    extra = gpd.GeoDataFrame({"name": ["far"]}, geometry=[Point(0, 0)], crs=CRS)
    path = tmp_path / "with_outside.geojson"
    gpd.GeoDataFrame(pd.concat([dep, extra], ignore_index=True), crs=CRS).to_file(path)
    res = run(
        [
            "prospect",
            "weights",
            "-e",
            str(layers["classes"]),
            "-d",
            str(path),
            "--type",
            "unique",
            "--json",
        ]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["total_points"] == 31
    assert data["points_outside_grid"] == 1
    # 3595 valid cells of 0.01 km² = 35.95 unit cells of 1 km²
    assert data["total_area_units"] == pytest.approx(35.95)
    assert len(data["rows"]) == 9


def test_fuzzy_cli(layers, tmp_path):
    out = tmp_path / "fuzzy.tif"
    res = run(
        [
            "prospect",
            "fuzzy",
            "-i",
            str(layers["a"]),
            "-i",
            str(layers["b"]),
            "--operator",
            "product",
            "--out",
            str(out),
            "--json",
        ]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    r = gd.read_raster(out)
    # oracle: product of the two linear ramps, computed directly
    yy, xx = np.mgrid[0:60, 0:60]
    np.testing.assert_allclose(r.data, (xx / 59.0) * (yy / 59.0), atol=1e-6)
    assert data["max"] == pytest.approx(1.0, abs=1e-6)
    res = run(
        ["prospect", "fuzzy", "-i", str(layers["classes"]), "--operator", "and", "--out", str(out)]
    )
    assert res.exit_code == 2
    assert "outside [0, 1]" in message(res)


def test_model_cli(layers, tmp_path):
    res = run(
        [
            "prospect",
            "model",
            "-e",
            str(layers["a"]),
            "-e",
            str(layers["b"]),
            "-d",
            str(layers["deposits"]),
            "--out",
            str(tmp_path / "m"),
            "--method",
            "logistic",
            "--block-km",
            "1",
            "--folds",
            "3",
            "--background",
            "500",
            "--json",
        ]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["cv_auc"]) == 3
    assert data["auc"] > 0.6
    assert set(data["coefficients"]) == {str(layers["a"]), str(layers["b"])}
    assert gd.read_raster(data["outputs"]["probability"]).valid.all()


def test_reclassify_and_distance_cli(layers, tmp_path):
    out = tmp_path / "classes_q.tif"
    res = run(
        [
            "prospect",
            "reclassify",
            "-i",
            str(layers["a"]),
            "--method",
            "quantile",
            "-k",
            "4",
            "--out",
            str(out),
            "--json",
        ]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert sum(data["cells_per_class"]) == 3600
    assert gd.read_raster(out).data.max() == 4
    faults = tmp_path / "faults.geojson"
    gpd.GeoDataFrame(
        geometry=[LineString([(500_000, 5_997_000), (506_000, 5_997_000)])], crs=CRS
    ).to_file(faults)
    dist = tmp_path / "dist.tif"
    res = run(
        [
            "prospect",
            "distance",
            "--vector",
            str(faults),
            "--template",
            str(layers["a"]),
            "--out",
            str(dist),
            "--json",
        ]
    )
    assert res.exit_code == 0, res.output
    d = gd.read_raster(dist).data
    # oracle: distance of row centres to the horizontal line y = 5 997 000 m
    centres = 6_000_000 - 100 * (np.arange(60) + 0.5)
    np.testing.assert_allclose(d[:, 10], np.abs(centres - 5_997_000), atol=1e-3)


def test_bad_inputs_exit_2(layers, tmp_path):
    # float raster for weights
    res = run(["prospect", "weights", "-e", str(layers["a"]), "-d", str(layers["deposits"])])
    assert res.exit_code == 2 and "integer class raster" in message(res)
    # deposits in another CRS
    other = tmp_path / "dep_wgs84.geojson"
    gpd.read_file(layers["deposits"]).to_crs("EPSG:4326").to_file(other)
    res = run(["prospect", "weights", "-e", str(layers["classes"]), "-d", str(other)])
    assert res.exit_code == 2 and "CRS" in message(res)
    res = run(
        [
            "prospect",
            "weights",
            "-e",
            str(layers["classes"]),
            "-d",
            str(other),
            "--reproject-deposits",
            "--json",
        ]
    )
    assert res.exit_code == 0
    # mismatched grids without --align, then with it
    grid2 = gd.Grid(30, 30, Affine(200.0, 0, 500_000.0, 0, -200.0, 6_000_000.0), CRS)
    coarse = gd.write_raster(tmp_path / "coarse.tif", np.ones((30, 30), np.int32), grid2)
    args = [
        "prospect",
        "response",
        "-e",
        str(layers["classes"]),
        "-e",
        str(coarse),
        "-d",
        str(layers["deposits"]),
        "--out",
        str(tmp_path / "r"),
        "--no-maps",
        "--threshold",
        "0",
    ]
    res = run(args)
    assert res.exit_code == 2 and "ask for alignment" in message(res)
    res = run([*args, "--align", "--json"])
    assert res.exit_code == 0, res.output
    assert any("resampled" in n for n in json.loads(res.stdout)["grid_notes"])
    # a unit area that makes counts meaningless
    res = run(
        [
            "prospect",
            "weights",
            "-e",
            str(layers["classes"]),
            "-d",
            str(layers["deposits"]),
            "--unit-area-km2",
            "5",
        ]
    )
    assert res.exit_code == 2 and "unit area" in message(res)
    # deposits all outside
    far = tmp_path / "far.geojson"
    gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=CRS).to_file(far)
    res = run(["prospect", "auc", "-s", str(layers["a"]), "-d", str(far)])
    assert res.exit_code == 2 and "none of the 1 deposits" in message(res)
    # missing file
    res = run(["prospect", "auc", "-s", str(tmp_path / "nope.tif"), "-d", str(far)])
    assert res.exit_code == 2 and "no such raster" in message(res)
    # bad weight type
    res = run(
        [
            "prospect",
            "weights",
            "-e",
            str(layers["classes"]),
            "-d",
            str(layers["deposits"]),
            "--type",
            "sideways",
        ]
    )
    assert res.exit_code == 2


def test_response_with_incomplete_weights_table(layers, tmp_path):
    """A class of the raster missing from a given weights table is an error naming it."""
    table = tmp_path / "partial.csv"
    pd.DataFrame(
        {
            "CLASS": [1, 2],
            "AREA_UNITS": [1.0, 1.0],
            "WEIGHT": [0.1, 0.2],
            "W_STD": [0.1, 0.1],
            "GEN_CLASS": [1, 2],
        }
    ).to_csv(table, index=False)
    res = run(
        [
            "prospect",
            "response",
            "-e",
            str(layers["classes"]),
            "-d",
            str(layers["deposits"]),
            "--weights",
            str(table),
            "--out",
            str(tmp_path / "o"),
            "--no-maps",
        ]
    )
    assert res.exit_code == 2
    assert "not in the weights table" in message(res)


def test_unwritable_output_and_table_as_units_exit_2(layers, tmp_path):
    """--out under a file (not a folder) and a CSV given as map units: one-line errors naming
    the path, exit 2 (were FileNotFoundError/NotADirectoryError and AttributeError tracebacks)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    res = run(
        ["prospect", "weights", "-e", str(layers["classes"]), "-d", str(layers["deposits"]),
         "--type", "categorical", "--out", str(blocker / "w.csv")]
    )  # fmt: skip
    assert res.exit_code == 2, res.output
    assert str(blocker) in message(res)
    table = tmp_path / "units.csv"
    table.write_text("value,x\n1,2\n")
    res = run(
        ["tract", "--units", str(table), "--attribute", "value", "--value", "1",
         "--out", str(tmp_path / "t.gpkg")]
    )  # fmt: skip
    assert res.exit_code == 2, res.output
    assert "units.csv: has no geometry" in message(res)


def test_compare_cv_blocks_too_large_is_a_one_line_error(layers):
    """60x60 cells of 100 m: 10 km blocks put every sample in one block, too few for 2 folds.
    The error names the method and split and exits 2 (it was a traceback, exit 1)."""
    a, b, dep = (str(layers[k]) for k in ("a", "b", "deposits"))
    res = run(["prospect", "compare-cv", "-e", a, "-e", b, "-d", dep, "--method", "logistic",
               "--block-km", "10", "--folds", "2", "--repeats", "1", "--json"])  # fmt: skip
    assert res.exit_code == 2, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    text = message(res)
    assert "spatial blocks hold samples" in text and "logistic" in text
    assert "Traceback" not in res.output
