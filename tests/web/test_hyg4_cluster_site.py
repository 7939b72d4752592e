"""Which cluster stands for one site (``figures.cluster_levels`` gives it ``site``).

Oracle: hand-made layouts where the members of each cell are known by construction.
"""

from __future__ import annotations

from assay.web.figures import cluster_hover, cluster_levels, points_map


def _grid() -> list[dict]:
    return [
        {"id": f"G{i}-{j}", "lon": 40.0 + 12 * i, "lat": 48.0 + 5 * j}
        for i in range(10)
        for j in range(5)
    ]


def test_points_of_one_site_make_a_one_site_cluster():
    points = _grid()
    points += [{"id": "ONE", "lon": 94.0 + d, "lat": 60.5 + d} for d in (0.0, 0.05, 0.1)]
    points += [{"id": "A", "lon": 130.0, "lat": 55.5}, {"id": "B", "lon": 130.1, "lat": 55.55}]
    levels = cluster_levels(points)["levels"]
    first = {c["count"]: c for c in levels[0]["clusters"]}
    assert set(first) == {2, 3}
    assert first[3]["site"] == "ONE" and "site" not in first[2]
    assert cluster_hover(first[3]) == "3 points of one site: click to open it"
    assert cluster_hover(first[2]) == "2 sites: click or zoom in to expand"
    # counts still add up to the points, at every level
    for level in levels:
        assert sum(c["count"] for c in level["clusters"]) + len(level["singles"]) == len(points)
    # the figure's first cluster trace carries the same hover texts
    figure = points_map(
        [{**p, "name": p["id"], "kind": "x"} for p in points],
        title="t",
        iso3="RUS",
        colour_by="kind",
        clusters=cluster_levels(points),
    )
    trace = figure["data"][figure["clusters"]["trace"]]
    assert sorted(trace["hovertext"]) == [
        "2 sites: click or zoom in to expand",
        "3 points of one site: click to open it",
    ]
