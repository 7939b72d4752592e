"""Plotly figures as plain dicts (``{"data": [...], "layout": {...}}``) for the pages.

They are drawn in the browser by the ``plotly.min.js`` the app serves. Maps are choropleths
on the bundled boundary GeoJSON (fetched from this app, ``/boundaries/<name>.geojson``) with
every Plotly base-map layer switched off, so no topojson or map tile is ever requested.
Building dicts directly (rather than ``plotly.graph_objects``) keeps a page render cheap.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any

COUNTRIES_GEOJSON = "/boundaries/countries_ne110m.geojson"
UKRAINE_GEOJSON = "/boundaries/ukraine_admin1.geojson"

FONT = {"family": "system-ui, DejaVu Sans, sans-serif", "size": 12}
ACCENT = "#2b5d8a"


@cache
def country_codes() -> tuple[str, ...]:
    """ISO3 codes of the features of the bundled country boundaries."""
    from assay.web.app import boundaries_dir

    path = boundaries_dir() / "countries_ne110m.geojson"
    if not path.exists():
        return ()
    features = json.loads(path.read_text())["features"]
    return tuple(sorted({f["properties"]["iso3"] for f in features if f["properties"].get("iso3")}))


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 14}},
        "font": FONT,
        "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }
    layout.update(extra)
    return layout


def _geo(fit: str | bool = "locations", scope: str = "world") -> dict[str, Any]:
    # every base-map layer off: Plotly then needs no topojson from any server
    return {
        "scope": scope,
        "fitbounds": fit,
        "visible": False,
        "showland": False,
        "showocean": False,
        "showlakes": False,
        "showrivers": False,
        "showcountries": False,
        "showcoastlines": False,
        "showsubunits": False,
        "showframe": False,
        "projection": {"type": "natural earth"},
        "bgcolor": "rgba(0,0,0,0)",
    }


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    unit: str,
    highlight: str | None = None,
) -> dict[str, Any]:
    """Horizontal bars, largest at the top; ``highlight`` is drawn in a second colour."""
    pairs = [(lab, v) for lab, v in zip(labels, values, strict=True) if v is not None]
    pairs.sort(key=lambda p: p[1])
    colours = ["#c0392b" if lab == highlight else ACCENT for lab, _ in pairs]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [p[0] for p in pairs],
                "x": [p[1] for p in pairs],
                "marker": {"color": colours},
                "hovertemplate": "%{y}: %{x:,.4~g} " + unit + "<extra></extra>",
            }
        ],
        "layout": _layout(
            title,
            xaxis={"title": {"text": unit}},
            yaxis={"automargin": True},
            margin={"l": 20, "r": 20, "t": 40, "b": 50},
            height=max(260, 22 * len(pairs) + 90),
        ),
    }


def world_choropleth(
    iso3: Sequence[str],
    values: Sequence[float | None],
    names: Sequence[str],
    *,
    title: str,
    unit: str,
    geojson: str = COUNTRIES_GEOJSON,
) -> dict[str, Any]:
    """Countries coloured by value on the bundled Natural Earth 1:110m boundaries.

    Countries without a value are drawn in grey as the base map (a second trace), so the
    map stays readable where only a few producers are reported.
    """
    keep = [(c, v, n) for c, v, n in zip(iso3, values, names, strict=True) if v is not None]
    return {
        "data": [
            base_map_trace(geojson, country_codes(), "properties.iso3"),
            {
                "type": "choropleth",
                "geojson": geojson,
                "featureidkey": "properties.iso3",
                "locations": [k[0] for k in keep],
                "z": [k[1] for k in keep],
                "text": [k[2] for k in keep],
                "colorscale": [[0, "#c6dbef"], [0.5, "#4292c6"], [1, "#08306b"]],
                "marker": {"line": {"color": "#888", "width": 0.4}},
                "colorbar": {"title": {"text": unit}, "thickness": 12},
                "hovertemplate": "%{text}: %{z:,.4~g} " + unit + "<extra></extra>",
            },
        ],
        "layout": _layout(
            title,
            geo=_geo(fit=False),
            margin={"l": 0, "r": 0, "t": 40, "b": 0},
            height=430,
        ),
    }


def base_map_trace(geojson: str, locations: Sequence[str], key: str) -> dict[str, Any]:
    """Grey outlines of ``locations`` of a boundary file (a choropleth with one colour)."""
    return {
        "type": "choropleth",
        "geojson": geojson,
        "featureidkey": key,
        "locations": list(locations),
        "z": [1] * len(locations),
        "colorscale": [[0, "#eef1f4"], [1, "#eef1f4"]],
        "showscale": False,
        "marker": {"line": {"color": "#7d8793", "width": 0.6}},
        "hoverinfo": "location",
        "name": "boundary",
    }


def _confidence(point: dict[str, Any]) -> str:
    conf = point.get("confidence")
    if isinstance(conf, dict):
        conf = conf.get("ladder") or conf.get("label")
    return f", confidence: {conf}" if conf else ""


def points_map(
    points: Sequence[dict[str, Any]],
    *,
    title: str,
    iso3: str | None = None,
    colour_by: str = "deposit_type",
    geojson: str = COUNTRIES_GEOJSON,
    regions: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Sites as markers over the country's outline, coloured by ``colour_by``.

    Parameters
    ----------
    points
        Records with ``lat``, ``lon`` [degrees WGS84], ``name`` and the ``colour_by`` field;
        ``confidence`` when present is shown in the hover text.
    iso3
        The country whose outline is drawn (None: every country in the file).
    regions
        Admin-1 codes of ``ukraine_admin1`` to outline instead of the country.
    """
    traces: list[dict[str, Any]] = []
    if iso3:
        traces.append(base_map_trace(geojson, [iso3], "properties.iso3"))
    if regions:
        traces.append(base_map_trace(UKRAINE_GEOJSON, regions, "properties.admin1_code"))
    groups: dict[str, list[dict[str, Any]]] = {}
    for p in points:
        if p.get("lat") is None or p.get("lon") is None:
            continue
        groups.setdefault(str(p.get(colour_by) or "unspecified"), []).append(p)
    for label, group in sorted(groups.items()):
        traces.append(
            {
                "type": "scattergeo",
                "mode": "markers",
                "name": label,
                "lat": [p["lat"] for p in group],
                "lon": [p["lon"] for p in group],
                "text": [f"{p.get('name', '')} ({label}{_confidence(p)})" for p in group],
                "hoverinfo": "text",
                "marker": {"size": 8, "line": {"width": 0.5, "color": "#333"}},
            }
        )
    return {
        "data": traces,
        "layout": _layout(
            title,
            geo=_geo(fit="locations"),
            margin={"l": 0, "r": 0, "t": 40, "b": 0},
            legend={"orientation": "h"},
            height=460,
        ),
    }


def line_chart(
    series: dict[str, tuple[Sequence[Any], Sequence[float | None]]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    mode: str = "lines+markers",
    log_y: bool = False,
    log_x: bool = False,
    step: bool = False,
) -> dict[str, Any]:
    """One line per named series ``{name: (x, y)}``."""
    traces = []
    for name, (x, y) in series.items():
        trace: dict[str, Any] = {
            "type": "scatter",
            "mode": mode,
            "name": name,
            "x": list(x),
            "y": list(y),
        }
        if step:
            trace["line"] = {"shape": "hv"}
        traces.append(trace)
    yaxis: dict[str, Any] = {"title": {"text": y_title}}
    if log_y:
        yaxis["type"] = "log"
    xaxis: dict[str, Any] = {"title": {"text": x_title}}
    if log_x:
        xaxis["type"] = "log"
    return {
        "data": traces,
        "layout": _layout(
            title,
            xaxis=xaxis,
            yaxis=yaxis,
            height=380,
            legend={"orientation": "h", "y": -0.3, "x": 0},
            margin={"l": 60, "r": 20, "t": 40, "b": 90},
        ),
    }


def column_chart(
    x: Sequence[Any], y: Sequence[float | None], *, title: str, x_title: str, y_title: str
) -> dict[str, Any]:
    """Vertical bars (e.g. a probability mass function)."""
    return {
        "data": [{"type": "bar", "x": list(x), "y": list(y), "marker": {"color": ACCENT}}],
        "layout": _layout(
            title,
            xaxis={"title": {"text": x_title}},
            yaxis={"title": {"text": y_title}},
            height=340,
        ),
    }
