"""Small files shared by the API and export tests: map units, known sites, MapMark4 examples."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box


def mapmark4_examples(shared_data: Path) -> Path:
    """``../shared/data/mapmark4-examples`` (USGS-R/MapMark4 data, CC0); skip without it."""
    path = shared_data / "mapmark4-examples"
    if not path.is_dir():
        pytest.skip(f"{path} not present")
    return path


def square_units(path: Path) -> Path:
    """Three map units in ETRS89-LAEA (EPSG:3035): two granites in belts a and b, a shale."""
    x0, y0 = 4_000_000.0, 3_000_000.0
    gpd.GeoDataFrame(
        {"rock": ["granite", "shale", "granite"], "belt": ["a", "a", "b"]},
        geometry=[
            box(x0, y0, x0 + 10_000, y0 + 10_000),
            box(x0 + 30_000, y0, x0 + 40_000, y0 + 10_000),
            box(x0 + 60_000, y0, x0 + 62_000, y0 + 5_000),
        ],
        crs="EPSG:3035",
    ).to_file(path, driver="GPKG")
    return path


def known_sites(path: Path) -> Path:
    """Two sites: 'in-a' inside the first granite, 'outside' in none."""
    gpd.GeoDataFrame(
        {"name": ["in-a", "outside"]},
        geometry=[Point(4_005_000, 3_005_000), Point(4_100_000, 3_100_000)],
        crs="EPSG:3035",
    ).to_file(path, driver="GPKG")
    return path
