"""Sites at an 80-column terminal, and their GIS exports (GeoPackage, GeoParquet, map)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import get_app

runner = CliRunner()
SITE_ID = re.compile(r"\bS[0-9a-f]{10}\b")


def _run(*args: str, columns: int = 80):
    return runner.invoke(get_app(), list(args), env={"COLUMNS": str(columns)})


def test_sites_at_80_columns_print_ids_that_assay_site_accepts(mcs_store_path: Path):
    db = str(mcs_store_path)
    out = _run("sites", "--country", "UKR", "--commodity", "rare earths", "--db", db)
    assert out.exit_code == 0, out.output
    assert max(len(line) for line in out.output.splitlines()) <= 80
    assert "…" not in out.output.split("Source:")[0]  # nothing in the table cut short
    view = json.loads(
        _run("sites", "--country", "UKR", "--commodity", "rare earths", "--json", "--db", db).stdout
    )
    printed = SITE_ID.findall(out.output)
    assert view["count"] >= 5 and sorted(printed) == sorted(s["id"] for s in view["sites"])
    for site_id in printed:
        one = _run("site", site_id, "--json", "--db", db)
        assert one.exit_code == 0, one.output
        assert [s["id"] for s in json.loads(one.stdout)["sites"]] == [site_id]


def test_sites_wide_adds_type_and_sources(mcs_store_path: Path):
    out = _run("sites", "--country", "UKR", "--wide", "--db", str(mcs_store_path), columns=200)
    assert out.exit_code == 0, out.output
    header = next(line for line in out.output.splitlines() if "confidence" in line)
    assert "type" in header and "sources" in header


def test_sites_gpkg_and_geoparquet_read_back_with_the_same_rows(
    mcs_store_path: Path, tmp_path: Path, artifacts_dir: Path
):
    import geopandas as gpd

    db = str(mcs_store_path)
    gpkg, parquet, png = tmp_path / "ukr.gpkg", tmp_path / "ukr.parquet", tmp_path / "ukr.png"
    out = _run("sites", "--country", "UKR", "--gpkg", str(gpkg), "--parquet", str(parquet),
               "--plot", str(png), "--db", db)  # fmt: skip
    assert out.exit_code == 0, out.output
    view = json.loads(_run("sites", "--country", "UKR", "--json", "--db", db).stdout)
    expected = sorted(s["id"] for s in view["sites"])
    located = {s["id"]: s["location"] for s in view["sites"] if s["location"]}
    for path in (gpkg, parquet):
        frame = gpd.read_file(path) if path.suffix == ".gpkg" else gpd.read_parquet(path)
        assert sorted(frame["id"]) == expected, path
        assert frame.crs is not None and frame.crs.to_epsg() == 4326
        for row in frame.itertuples():
            if row.id in located:
                assert row.geometry.x == pytest.approx(located[row.id]["lon"])
                assert row.geometry.y == pytest.approx(located[row.id]["lat"])
            else:
                assert row.geometry is None or row.geometry.is_empty
    assert png.stat().st_size > 10_000
    (artifacts_dir / "desk-sites-ukr.png").write_bytes(png.read_bytes())


def test_sites_plot_needs_one_country(mcs_store_path: Path, tmp_path: Path):
    out = _run("sites", "--commodity", "rare earths", "--plot", str(tmp_path / "x.png"),
               "--db", str(mcs_store_path))  # fmt: skip
    assert out.exit_code == 2 and "--country" in out.output


def test_site_at_80_columns_keeps_record_ids_whole(mcs_store_path: Path):
    db = str(mcs_store_path)
    view = json.loads(_run("site", "Tomtor", "--json", "--db", db).stdout)
    records = [r["record"] for s in view["sites"] for r in s["sources"]]
    out = _run("site", "Tomtor", "--db", db)
    assert out.exit_code == 0, out.output
    assert max(len(line) for line in out.output.splitlines()) <= 80
    for record in records:
        assert record in out.output, record
    assert "Mt" in out.output and "e+" not in out.output  # tonnages as 11.4 Mt


def test_exports_of_an_empty_selection_are_valid_files(mcs_store_path: Path, tmp_path: Path):
    import geopandas as gpd

    gpkg, parquet, png = tmp_path / "e.gpkg", tmp_path / "e.parquet", tmp_path / "e.png"
    out = _run("sites", "--country", "BLR", "--commodity", "lithium", "--min-confidence",
               "measured", "--gpkg", str(gpkg), "--parquet", str(parquet), "--plot", str(png),
               "--db", str(mcs_store_path))  # fmt: skip
    assert out.exit_code == 0, out.output
    assert len(gpd.read_file(gpkg)) == 0 and len(gpd.read_parquet(parquet)) == 0
    assert png.stat().st_size > 5_000  # the country outline, titled '0 located sites'


def test_sites_out_geojson_reads_back_every_site(mcs_store_path: Path, tmp_path: Path):
    import geopandas as gpd

    db = str(mcs_store_path)
    target = tmp_path / "ukr.geojson"
    out = _run("sites", "--country", "UKR", "--out", str(target), "--db", db)
    assert out.exit_code == 0, out.output
    view = json.loads(_run("sites", "--country", "UKR", "--json", "--db", db).stdout)
    frame = gpd.read_file(target)
    assert sorted(frame["id"]) == sorted(s["id"] for s in view["sites"])
    unlocated = sum(1 for s in view["sites"] if s["location"] is None)
    assert int(frame.geometry.isna().sum()) == unlocated
    bad = _run("sites", "--country", "UKR", "--out", str(tmp_path / "x.txt"), "--db", db)
    assert bad.exit_code == 2 and ".geojson" in bad.output
