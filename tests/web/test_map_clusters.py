"""Marker clustering of the web maps (:func:`assay.web.figures.cluster_levels`): the grid
is checked against an independent numpy implementation, every level accounts for every
site exactly once, and the pages' JSON twins carry the same clusters as their figures."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from assay.web.figures import CLUSTER_MIN_POINTS, cluster_levels, points_map


def _points(n: int, seed: int = 3, lon=(30.0, 140.0), lat=(42.0, 70.0)) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [
        {"id": f"S{i}", "name": f"site {i}", "lon": float(x), "lat": float(y), "kind": "a"}
        for i, (x, y) in enumerate(zip(rng.uniform(*lon, n), rng.uniform(*lat, n), strict=True))
    ]


def test_every_level_counts_every_site_once_and_the_last_has_no_cluster() -> None:
    points = _points(400)
    levels = cluster_levels(points)["levels"]
    assert len(levels) >= 3
    for i, level in enumerate(levels):
        assert level["zoom"] == 2**i
        assert sum(c["count"] for c in level["clusters"]) + len(level["singles"]) == 400
        assert len(set(level["singles"])) == len(level["singles"])
        assert all(c["count"] >= 2 for c in level["clusters"])
    assert levels[-1]["clusters"] == [] and sorted(levels[-1]["singles"]) == sorted(
        p["id"] for p in points
    )
    # zooming in never merges: glyphs (clusters + singles) only grow from level to level
    glyphs = [len(lv["clusters"]) + len(lv["singles"]) for lv in levels]
    assert glyphs == sorted(glyphs) and glyphs[0] < 400 / 4


def test_grid_matches_an_independent_numpy_binning() -> None:
    """The clusters of a level are the occupied cells of a regular grid: numpy's
    ``floor_divide`` + ``unique`` on the same cell size gives the same counts, and each
    cluster sits at the mean of its cell's sites, inside the cluster's bounds."""
    points = _points(300, seed=11)
    level = cluster_levels(points)["levels"][1]
    cell_lon, cell_lat = level["cell_deg"]
    xy = np.array([[p["lon"], p["lat"]] for p in points])
    cells = np.floor_divide(xy, [cell_lon, cell_lat]).astype(int)
    keys, inverse, counts = np.unique(cells, axis=0, return_inverse=True, return_counts=True)
    assert sorted(c["count"] for c in level["clusters"]) == sorted(int(c) for c in counts if c > 1)
    assert len(level["singles"]) == int((counts == 1).sum())
    inverse = inverse.ravel()
    expected = sorted(
        (int(counts[k]), float(xy[inverse == k, 0].mean()), float(xy[inverse == k, 1].mean()))
        for k in range(len(keys))
        if counts[k] > 1
    )
    got = sorted((c["count"], c["lon"], c["lat"]) for c in level["clusters"])
    assert np.allclose(np.array(got), np.array(expected), atol=1e-4)
    for c in level["clusters"]:
        west, south, east, north = c["bounds"]
        assert west <= c["lon"] <= east and south <= c["lat"] <= north


def test_sites_either_side_of_the_date_line_cluster_at_the_date_line() -> None:
    points = _points(60, lon=(40.0, 60.0), lat=(50.0, 55.0))
    points += [
        {"id": "E", "lon": 179.9, "lat": 66.0},
        {"id": "W", "lon": -179.9, "lat": 66.01},
    ]
    level = cluster_levels(points)["levels"][0]
    pair = [c for c in level["clusters"] if c["lat"] > 65]
    assert len(pair) == 1 and pair[0]["count"] == 2
    # the mean of 179.9 and -179.9 counted across the line is 180, not 0
    assert abs(abs(pair[0]["lon"]) - 180.0) < 1e-6


def test_few_sites_are_not_clustered_and_colocated_sites_end_as_singles() -> None:
    assert cluster_levels(_points(CLUSTER_MIN_POINTS - 1))["levels"] == []
    same = [{"id": f"S{i}", "lon": 30.0, "lat": 50.0} for i in range(60)]
    levels = cluster_levels(same)["levels"]
    assert levels[0]["clusters"][0]["count"] == 60
    assert levels[-1]["clusters"] == [] and len(levels[-1]["singles"]) == 60


def test_points_map_opens_at_the_first_level_and_carries_every_site() -> None:
    points = _points(200)
    for i, p in enumerate(points):
        p["kind"] = "a" if i % 2 else "b"
    clusters = cluster_levels(points)
    fig = points_map(points, title="t", colour_by="kind", clusters=clusters)
    spec = fig["clusters"]
    cluster_trace = fig["data"][spec["trace"]]
    assert cluster_trace["meta"] == "clusters"
    first = clusters["levels"][0]
    assert [int(t) for t in cluster_trace["text"]] == [c["count"] for c in first["clusters"]]
    site_traces = [t for t in fig["data"] if t.get("meta") == "sites"]
    shown = [i for t in site_traces for i in t["customdata"] if i is not None]
    # every type stays in the legend: a trace with no site at this level has one unplaced
    # point (lat and lon null), which Plotly lists but does not draw
    assert {t["name"] for t in site_traces} == {"a", "b"}
    for t in site_traces:
        if None in t["customdata"]:
            assert t["lat"] == [None] and t["lon"] == [None]
    assert sorted(shown) == sorted(first["singles"])
    # the full arrays (for the finer levels) hold every site once, with its hover text
    full = [i for arrays in spec["points"].values() for i in arrays["customdata"]]
    assert sorted(full) == sorted(p["id"] for p in points)
    assert sum(map(int, cluster_trace["text"])) + len(shown) == len(points)


# -- the pages' JSON twins (store built from ../shared/data) --------------------------------
def _located(sites: list[dict]) -> int:
    return sum(1 for s in sites if s.get("lat") is not None and s.get("lon") is not None)


def _figure(html: str, plot_id: str) -> dict:
    match = re.search(
        rf'<script type="application/json" id="{plot_id}-figure">(.*?)</script>', html, re.S
    )
    assert match, plot_id
    return json.loads(match.group(1))


def test_russia_json_twin_clusters_sum_to_its_sites(full_client) -> None:
    data = full_client.get("/country/RUS.json").json()
    if "sites" not in data["sections"]:
        pytest.skip("the store has no sites for Russia")
    clusters = data["map"]["clusters"]
    assert clusters["sites"] == _located(data["sites"]) > CLUSTER_MIN_POINTS
    ids = {s["id"] for s in data["sites"] if s.get("lat") is not None}
    for level in clusters["levels"]:
        assert sum(c["count"] for c in level["clusters"]) + len(level["singles"]) == len(ids)
        assert set(level["singles"]) <= ids
    first = clusters["levels"][0]
    assert len(first["clusters"]) + len(first["singles"]) < len(ids) / 3
    # the page's figure is drawn from the same clusters
    fig = _figure(full_client.get("/country/RUS").text, "sites-map")
    assert fig["clusters"]["levels"] == clusters["levels"]
    texts = fig["data"][fig["clusters"]["trace"]]["text"]
    assert [int(t) for t in texts] == [c["count"] for c in first["clusters"]]


def test_sites_json_twin_maps_every_match_in_clusters(full_client) -> None:
    data = full_client.get("/sites.json", params={"country": "RUS"}).json()
    layers = data["map"]
    assert layers["scope"] == "all" and data["count"] > data["per_page"]
    assert len(layers["points"]) > len(data["sites"])  # more than this page's sites
    assert layers["clusters"]["sites"] == len(layers["points"])
    for level in layers["clusters"]["levels"]:
        total = sum(c["count"] for c in level["clusters"]) + len(level["singles"])
        assert total == len(layers["points"])
    fig = _figure(full_client.get("/sites", params={"country": "RUS"}).text, "sites-map")
    assert fig["clusters"]["levels"] == layers["clusters"]["levels"]


def test_cluster_marker_grows_with_count() -> None:
    from assay.web.figures import cluster_marker_size

    sizes = [cluster_marker_size(n) for n in (2, 4, 16, 64, 10_000)]
    assert sizes == sorted(sizes) and sizes[-1] == 44.0
    assert math.isclose(cluster_marker_size(2), 21.0)


def test_sites_map_falls_back_to_the_page_beyond_its_limit(full_client) -> None:
    from assay.web.routes.sites import MAP_LIMIT

    data = full_client.get("/sites.json").json()
    if data["count"] <= MAP_LIMIT:
        pytest.skip("the store holds too few sites to pass the map's limit")
    assert data["map"]["scope"] == "page"
    assert {p["id"] for p in data["map"]["points"]} <= {s["id"] for s in data["sites"]}
    html = full_client.get("/sites").text
    assert f"more than the map's limit of {MAP_LIMIT}" in html
