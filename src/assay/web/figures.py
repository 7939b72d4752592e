"""Plotly figures as plain dicts (``{"data": [...], "layout": {...}}``) for the pages.

They are drawn in the browser by the ``plotly.min.js`` the app serves. Maps are choropleths
on the bundled boundary GeoJSON (fetched from this app, ``/boundaries/<name>.geojson``) with
every Plotly base-map layer switched off, so no topojson or map tile is ever requested.
Building dicts directly (rather than ``plotly.graph_objects``) keeps a page render cheap.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from typing import Any

from assay.models import palette

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


def _control_note(point: dict[str, Any]) -> str:
    """Hover line of a site inside a claimed or occupied area (its control record)."""
    control = point.get("control")
    if point.get("control_uncertain"):  # near a control-area border: not asserted
        areas = [c.get("area") for c in point.get("control_candidates") or [] if c.get("area")]
        return "<br>control: not asserted, near a border (" + " or ".join(areas) + ")"
    if not isinstance(control, dict) or not control.get("status"):
        return ""
    party = control.get("controlling_party")
    return (
        "<br>control: "
        + (f"{party}, " if party else "")
        + f"{control['status']}, as of {control.get('as_of') or 'undated'}"
    )


# -- clustering ----------------------------------------------------------------------------
CLUSTER_MIN_POINTS = 50  # fewer located sites than this: every site is its own marker
CELLS_ACROSS = 12  # grid cells across the points' extent at the widest zoom level
MAX_CLUSTER_LEVELS = 8  # zoom levels 1, 2, 4, ... 128 before every site stands alone


def _located(points: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in points if p.get("lat") is not None and p.get("lon") is not None]


def cluster_levels(
    points: Sequence[dict[str, Any]],
    *,
    min_points: int = CLUSTER_MIN_POINTS,
    cells_across: int = CELLS_ACROSS,
) -> dict[str, Any]:
    """Grid clusters of located sites at successive zoom levels (server-side, offline).

    Level ``i`` applies from zoom factor ``2**i`` (map scale relative to the first view);
    its grid cell is half the previous one. Sites that share a cell form a cluster at the
    mean of their positions; a site alone in its cell is a single. The last level has no
    cluster left, so zooming far enough shows every site.

    Parameters
    ----------
    points
        Records with ``id``, ``lon`` and ``lat`` [degrees WGS84]; unlocated ones are left
        out.
    min_points
        With fewer located sites nothing is clustered (``levels`` is empty).
    cells_across
        Grid cells across the larger side of the sites' extent at zoom 1.

    Returns
    -------
    dict
        ``sites`` (number of located sites), ``levels``: a list of ``{"zoom", "cell_deg":
        [lon, lat] [degrees], "clusters": [{"lon", "lat", "count", "bounds": [west,
        south, east, north]}], "singles": [site ids]}``. At every level the cluster counts
        plus the singles add up to ``sites``. A cluster whose points are all of one site
        (the same ``id``) also has ``"site"``: that id (its glyph opens the site).
    """
    located = _located(points)
    out: dict[str, Any] = {"sites": len(located), "levels": []}
    if len(located) < min_points:
        return out
    lons = [float(p["lon"]) for p in located]
    lats = [float(p["lat"]) for p in located]
    # sites on both sides of 180 degrees (Chukotka and Kaliningrad): count longitudes
    # eastward past 180 so that one cluster never averages 179 and -179 into 0
    if max(lons) - min(lons) > 180:
        lons = [x + 360 if x < 0 else x for x in lons]
    mid_lat = (min(lats) + max(lats)) / 2
    shrink = max(math.cos(math.radians(mid_lat)), 0.25)  # a degree of longitude, in km-ish
    span = max(max(lats) - min(lats), (max(lons) - min(lons)) * shrink, 0.5)
    for level in range(MAX_CLUSTER_LEVELS + 1):
        zoom = 2**level
        cell_lat = span / (cells_across * zoom)
        cell_lon = cell_lat / shrink
        cells: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(zip(lons, lats, strict=True)):
            cells.setdefault((math.floor(x / cell_lon), math.floor(y / cell_lat)), []).append(i)
        clusters, singles = [], []
        for _, members in sorted(cells.items()):
            if len(members) == 1:
                singles.append(str(located[members[0]]["id"]))
                continue
            xs = [lons[i] for i in members]
            ys = [lats[i] for i in members]
            lon = sum(xs) / len(xs)
            cluster = {
                "lon": round(lon - 360 if lon > 180 else lon, 5),
                "lat": round(sum(ys) / len(ys), 5),
                "count": len(members),
                "bounds": [_wrap(min(xs)), min(ys), _wrap(max(xs)), max(ys)],
            }
            ids = {located[i].get("id") for i in members}
            if len(ids) == 1 and None not in ids:
                # several points of one site (e.g. its records): the glyph stands for that
                # site, and a click opens it as its marker would (app.js)
                cluster["site"] = str(ids.pop())
            clusters.append(cluster)
        if level == MAX_CLUSTER_LEVELS and clusters:  # sites at one point stay one cluster
            clusters, singles = [], [str(p["id"]) for p in located]
        out["levels"].append(
            {
                "zoom": zoom,
                "cell_deg": [cell_lon, cell_lat],
                "clusters": clusters,
                "singles": singles,
            }
        )
        if not clusters:
            break
    return out


def _wrap(lon: float) -> float:
    return round(lon - 360 if lon > 180 else lon, 5)


def _cluster_trace(level: dict[str, Any]) -> dict[str, Any]:
    clusters = level["clusters"]
    return {
        "type": "scattergeo",
        "mode": "markers+text",
        "name": "clusters of sites (click or zoom in to expand)",
        "lat": [c["lat"] for c in clusters],
        "lon": [c["lon"] for c in clusters],
        "text": [str(c["count"]) for c in clusters],
        "customdata": list(range(len(clusters))),
        "hovertext": [cluster_hover(c) for c in clusters],
        "hoverinfo": "text",
        "textfont": {"color": "#ffffff", "size": 11},
        "textposition": "middle center",
        "marker": {
            "size": [cluster_marker_size(c["count"]) for c in clusters],
            "color": ACCENT,
            "opacity": 0.85,
            "line": {"width": 1, "color": "#ffffff"},
        },
        "meta": "clusters",
    }


def cluster_hover(cluster: dict[str, Any]) -> str:
    """Hover text of a cluster glyph (app.js writes the same as the levels change)."""
    if cluster.get("site"):
        return f"{cluster['count']} points of one site: click to open it"
    return f"{cluster['count']} sites: click or zoom in to expand"


def cluster_marker_size(count: int) -> float:
    """Diameter [px] of a cluster marker: grows with the logarithm of its site count."""
    return round(min(44.0, 16.0 + 5.0 * math.log2(max(count, 2))), 1)


# -- control layer -------------------------------------------------------------------------
CONTROL_COLOURS = ("#D55E00", "#CC79A7", "#E69F00", "#0072B2")  # Okabe-Ito, one per group


def control_label(props: dict[str, Any]) -> str:
    """Legend text of one control group: party and status, the layer's date and source."""
    party = props.get("controlling_party")
    # three short lines rather than one: the legend fits a half-width card
    head = f"{party}:<br>{props['status']}" if party else props["status"]
    source = props.get("source_short") or props["source"]
    return f"{head}<br>as of {props['as_of']}; source: {source}"


def control_traces(layer: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Claimed or occupied areas as shaded choropleths, one legend entry per group.

    ``layer`` is a GeoJSON FeatureCollection whose features carry ``id``, ``name``,
    ``controlling_party``, ``status``, ``as_of`` (ISO date), ``source`` and
    ``source_short``; features sharing party, status, date and source form one group
    (one colour, one legend entry naming them).
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for feature in (layer or {}).get("features") or []:
        groups.setdefault(control_label(feature["properties"]), []).append(feature)
    traces = []
    for i, (label, features) in enumerate(groups.items()):
        colour = CONTROL_COLOURS[i % len(CONTROL_COLOURS)]
        props = [f["properties"] for f in features]
        traces.append(
            {
                "type": "choropleth",
                "geojson": {"type": "FeatureCollection", "features": features},
                "featureidkey": "properties.id",
                "locations": [p["id"] for p in props],
                "z": [1] * len(props),
                "colorscale": [[0, colour], [1, colour]],
                "showscale": False,
                "showlegend": True,
                "name": label,
                "marker": {"opacity": 0.45, "line": {"color": colour, "width": 1.2}},
                "text": [
                    f"{p['name']}: "
                    + (f"{p['controlling_party']}, " if p.get("controlling_party") else "")
                    + f"{p['status']}, as of {p['as_of']}"
                    for p in props
                ],
                "hoverinfo": "text",
                "meta": "control",
            }
        )
    return traces


def _specific_type(point: dict[str, Any], family: str) -> str:
    """'Fluvial placer REE: placer' (the published type, then its family) for the hover."""
    published = point.get("deposit_type")
    return f"{published}: {family}" if published else family


def points_map(
    points: Sequence[dict[str, Any]],
    *,
    title: str,
    iso3: str | None = None,
    colour_by: str = "deposit_type",
    geojson: str = COUNTRIES_GEOJSON,
    regions: Sequence[str] | None = None,
    control: dict[str, Any] | None = None,
    clusters: dict[str, Any] | None = None,
    legend_right: bool = False,
) -> dict[str, Any]:
    """Sites as markers over the country's outline, coloured by ``colour_by``.

    Parameters
    ----------
    points
        Records with ``lat``, ``lon`` [degrees WGS84], ``name`` and the ``colour_by`` field;
        ``id`` (a site id: a click opens its page), ``confidence`` and ``control`` when
        present are shown in the hover text.
    iso3
        The country whose outline is drawn (None: those of the points' ``country``).
    regions
        Admin-1 codes of ``ukraine_admin1`` to outline instead of the country.
    control
        Claimed or occupied areas (GeoJSON FeatureCollection, see :func:`control_traces`),
        shaded under the sites with a legend entry per group.
    clusters
        :func:`cluster_levels` of ``points``: the figure opens at its first level (clusters
        with counts and the sites alone in their cell) and carries every level under the
        figure's ``clusters`` key, which ``app.js`` swaps in as the map is zoomed.
    legend_right
        Legend in a column right of the map (for a full-width map) instead of below it.
    """
    traces: list[dict[str, Any]] = []
    if iso3:
        traces.append(base_map_trace(geojson, [iso3], "properties.iso3"))
    elif not regions:  # sites of several countries: their outlines as context
        known = set(country_codes())
        outlines = sorted({str(p["country"]) for p in points if p.get("country") in known})
        if outlines:
            traces.append(base_map_trace(geojson, outlines, "properties.iso3"))
    if regions:
        traces.append(base_map_trace(UKRAINE_GEOJSON, regions, "properties.admin1_code"))
    traces.extend(control_traces(control))
    groups: dict[str, list[dict[str, Any]]] = {}
    # deposit types go by family (assay.models.palette): ~200 published types, one
    # colour-blind-safe colour per family, the specific type in the hover text
    by_family = colour_by == "deposit_type"
    for p in _located(points):
        label = (
            palette.deposit_family(p.get(colour_by))
            if by_family
            else str(p.get(colour_by) or "unspecified")
        )
        groups.setdefault(label, []).append(p)
    levels = (clusters or {}).get("levels") or []
    shown = set(levels[0]["singles"]) if levels else None
    full: dict[str, dict[str, list[Any]]] = {}
    order = (
        [(f, groups[f]) for f in palette.FAMILIES if f in groups]
        if by_family
        else sorted(groups.items())
    )
    for label, group in order:
        arrays = {
            "lat": [p["lat"] for p in group],
            "lon": [p["lon"] for p in group],
            "text": [
                f"{p.get('name', '')} "
                f"({_specific_type(p, label) if by_family else label}{_confidence(p)})"
                f"{_control_note(p)}"
                for p in group
            ],
            "customdata": [p.get("id") for p in group],
        }
        if shown is not None:
            full[str(len(traces))] = arrays
            keep = [i for i, p in enumerate(group) if str(p.get("id")) in shown]
            arrays = {k: [v[i] for i in keep] for k, v in arrays.items()}
            if not keep:  # one unplaced point keeps the type in the legend (none is drawn)
                arrays = {k: [None] for k in arrays}
        traces.append(
            {
                "type": "scattergeo",
                "mode": "markers",
                "name": label,
                **arrays,
                "hoverinfo": "text",
                "marker": {
                    "size": 8,
                    "line": {"width": 0.5, "color": "#333"},
                    **({"color": palette.family_colour(label)} if by_family else {}),
                },
                "meta": "sites",  # app.js: a click on a marker opens the site's page
            }
        )
    figure: dict[str, Any] = {"data": traces}
    if levels:
        figure["data"].append(_cluster_trace(levels[0]))
        figure["clusters"] = {
            "trace": len(traces) - 1,
            "points": full,
            "levels": levels,
        }
    lons = [float(p["lon"]) for p in _located(points)]
    # sites of several countries round the globe: the whole world, centred on Greenwich
    # (Plotly's fit would centre a Pacific-spanning set on the date line)
    world = iso3 is None and not regions and bool(lons) and max(lons) - min(lons) > 180
    geo = _geo(fit=False if world else "locations")
    figure["layout"] = _layout(
        title,
        geo=geo,
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
        legend=(
            {
                "orientation": "v",
                "x": 1.01,
                "xanchor": "left",
                "y": 1,
                "yanchor": "top",
                "font": {"size": 11},
            }  # fmt: skip
            if legend_right
            else {"orientation": "h"}
        ),
        height=520 if legend_right else 460,
        uirevision="map",  # a re-draw at another cluster level keeps the user's zoom
    )
    return figure


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
