"""Sites as GeoDataFrames, their GIS exports, and projected country maps.

Maps are drawn in a Lambert azimuthal equal-area projection centred on the country (so
Russia is not torn at the antimeridian and areas compare truly), clipped to the country's
projected bounding box plus a margin, with the legend outside the axes and the Okabe-Ito
colour-blind-safe palette (no colour repeated). Claimed or occupied areas from the
store's control layer are hatched and labelled with the layer's date.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable with the
# common colour-vision deficiencies; black is kept for outlines.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#999999")  # fmt: skip
MARGIN = 0.06  # map margin around the country, as a fraction of its larger projected side
CONFIDENCE_ORDER = ("measured", "indicated", "inferred", "prognostic", "speculative",
                    "unclassified")  # fmt: skip
# one fixed colour per confidence level, the same on every map; unclassified recedes in grey
CONFIDENCE_COLOURS = {"measured": "#0072B2", "indicated": "#009E73", "inferred": "#E69F00",
                      "prognostic": "#CC79A7", "speculative": "#F0E442",
                      "unclassified": "#999999"}  # fmt: skip

EXPORT_FORMATS = {".gpkg": "GPKG", ".parquet": "parquet", ".geojson": "GeoJSON"}
SITE_COLUMNS = ("id", "name", "country", "region", "region_code", "deposit_type", "commodities",
                "confidence", "confidence_level", "control_party", "control_status",
                "control_as_of", "n_estimates", "sources", "location_precision")  # fmt: skip


def sites_frame(view: dict[str, Any]) -> Any:
    """One row per site of a ``sites_view`` result, as a GeoDataFrame (EPSG:4326).

    Columns are flat text and numbers (lists joined with ``; ``) so that GeoPackage,
    GeoParquet and GeoJSON readers (QGIS, geopandas) read every row back; a site without a
    location has an empty geometry.
    """
    import geopandas as gpd
    from shapely.geometry import Point

    rows, geometry = [], []
    for s in view["sites"]:
        control = s.get("control") or {}
        loc = s.get("location")
        rows.append(
            {
                "id": s["id"],
                "name": s["name"],
                "country": s.get("country"),
                "region": s.get("region"),
                "region_code": s.get("region_code"),
                "deposit_type": s.get("deposit_type"),
                "commodities": "; ".join(s.get("commodities") or []),
                "confidence": s["confidence"]["ladder"],
                "confidence_level": s["confidence"]["level"],
                "control_party": control.get("controlling_party"),
                "control_status": control.get("status"),
                "control_as_of": str(control["as_of"]) if control.get("as_of") else None,
                "n_estimates": len(s.get("estimates") or []),
                "sources": "; ".join(r["record"] for r in s.get("sources") or []),
                "location_precision": loc.get("precision") if loc else None,
            }
        )
        geometry.append(Point(loc["lon"], loc["lat"]) if loc else None)
    import pandas as pd

    table = pd.DataFrame(rows, columns=SITE_COLUMNS)  # the columns even when no site matches
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geometry, crs="EPSG:4326"))


def write_sites(frame: Any, path: Path, fmt: str) -> Path:
    """Write a sites GeoDataFrame as ``GPKG``, ``parquet`` (GeoParquet) or ``GeoJSON``."""
    path = Path(path)
    if fmt == "parquet":
        frame.to_parquet(path, index=False)
    elif fmt == "GPKG":
        frame.to_file(path, driver="GPKG", layer="sites")
    elif fmt == "GeoJSON":
        frame.to_file(path, driver="GeoJSON")
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return path


# -- projected country maps -------------------------------------------------------------
@dataclass(frozen=True)
class CountryProjection:
    """A country's map frame: its projection and the clipped extent [m]."""

    iso3: str
    crs: str
    bounds: tuple[float, float, float, float]  # projected country bounds (minx, miny, maxx, maxy)
    xlim: tuple[float, float]
    ylim: tuple[float, float]


@cache
def _countries() -> Any:
    """The bundled Natural Earth 1:110m countries (read once per process; callers filter,
    never modify it)."""
    import geopandas as gpd

    import assay.reference

    path = Path(assay.reference.__file__).parent / "boundaries" / "countries_ne110m.geojson"
    return gpd.GeoDataFrame.from_features(json.loads(path.read_text())["features"], crs=4326)


def _centre(geometry: Any) -> tuple[float, float]:
    """Centre [lon, lat degrees] of a geometry; one that spans the antimeridian (Russia,
    Fiji) is shifted east by 360 degrees west of it first."""
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon

    parts = list(getattr(geometry, "geoms", [geometry]))
    minx, _, maxx, _ = geometry.bounds
    if maxx - minx > 180:  # pieces on both sides of 180 degrees
        parts = [translate(p, xoff=360) if p.bounds[2] <= 0 else p for p in parts]
    shifted = MultiPolygon(parts) if len(parts) > 1 else parts[0]
    minx, miny, maxx, maxy = shifted.bounds
    lon = (minx + maxx) / 2
    return (lon - 360 if lon > 180 else lon), (miny + maxy) / 2


def country_projection(iso3: str) -> CountryProjection:
    """The equal-area frame of a country's map (Lambert azimuthal equal-area at its centre).

    Raises
    ------
    ValueError
        When the bundled boundaries have no such country.
    """
    world = _countries()
    target = world[world["iso3"] == iso3]
    if target.empty:
        raise ValueError(f"no boundary for country {iso3!r} in the bundled Natural Earth layer")
    lon0, lat0 = _centre(target.geometry.union_all())
    crs = f"+proj=laea +lat_0={lat0:.4f} +lon_0={lon0:.4f} +datum=WGS84 +units=m +no_defs"
    minx, miny, maxx, maxy = target.to_crs(crs).total_bounds
    pad = MARGIN * max(maxx - minx, maxy - miny)
    return CountryProjection(
        iso3, crs, (minx, miny, maxx, maxy), (minx - pad, maxx + pad), (miny - pad, maxy + pad)
    )


def _near(world: Any, lon0: float, lat0: float, limit_deg: float = 75.0) -> Any:
    # countries whose representative point is within limit_deg of the centre: further ones
    # can wrap round the projection's antipode and draw across the map
    pts = world.geometry.representative_point()
    lat1, lon1 = math.radians(lat0), math.radians(lon0)
    keep = []
    for p in pts:
        lat2, lon2 = math.radians(p.y), math.radians(p.x)
        cos_d = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(
            lon2 - lon1
        )
        keep.append(math.degrees(math.acos(max(-1.0, min(1.0, cos_d)))) <= limit_deg)
    return world[keep]


def country_map_figure(
    iso3: str,
    sites: Any | None = None,
    *,
    title: str,
    control: list[dict[str, Any]] | None = None,
    colour_by: str = "confidence",
    figsize: tuple[float, float] = (7.2, 4.6),
) -> tuple[Any, Any, CountryProjection]:
    """A projected map of one country with its sites (matplotlib figure, axes, frame).

    Parameters
    ----------
    iso3 : str
        Country (ISO 3166-1 alpha-3).
    sites : GeoDataFrame, optional
        ``sites_frame`` rows; coloured by ``colour_by`` (at most eight classes, Okabe-Ito).
    control : list of dict, optional
        Control areas (``name``, ``controlling_party``, ``status``, ``as_of``,
        ``geometry_wkt`` [WGS84]) hatched on the map with their date.
    """
    import geopandas as gpd
    from matplotlib.patches import Patch
    from shapely import wkt
    from shapely.geometry import box

    frame = country_projection(iso3)
    world = _countries()
    lon0 = float(frame.crs.split("+lon_0=")[1].split()[0])
    lat0 = float(frame.crs.split("+lat_0=")[1].split()[0])
    near = _near(world, lon0, lat0).to_crs(frame.crs)
    view = box(frame.xlim[0], frame.ylim[0], frame.xlim[1], frame.ylim[1])
    near = near[near.geometry.is_valid & near.intersects(view)]
    # only what can be seen is drawn: the neighbours are cut to the frame plus a sliver, so
    # that the cut edges fall outside the axes (smaller SVG, faster PDF layout, same map)
    sliver = 0.01 * max(frame.xlim[1] - frame.xlim[0], frame.ylim[1] - frame.ylim[0])
    near = near.assign(geometry=near.geometry.intersection(view.buffer(sliver, join_style=2)))
    fig, ax = plt.subplots(figsize=figsize)
    # geopandas' plot() ends with canvas.draw_idle(), which on the Agg canvas renders the
    # whole figure each time (~0.05 s per layer); the map is drawn once, when it is saved
    fig.canvas.draw_idle = _no_draw
    others = near[near["iso3"] != iso3]
    if not others.empty:
        others.plot(ax=ax, facecolor="#f2f2f2", edgecolor="#9a9a9a", linewidth=0.4)
    # one outline: parts split at the antimeridian in the source layer are joined again
    outline = gpd.GeoSeries([near[near["iso3"] == iso3].geometry.union_all()], crs=frame.crs)
    outline.plot(ax=ax, facecolor="#e8eef5", edgecolor="#333", linewidth=0.7)
    handles: list[Any] = []

    def key(area: dict[str, Any]) -> tuple[str, str]:
        return (area.get("controlling_party") or area["status"], str(area["as_of"])[:10])

    drawn = [a for a in control or [] if a.get("geometry_wkt")]
    dated = sorted({key(a) for a in drawn})
    hatches = ("////", "\\\\\\\\", "xxxx", "....")  # one pattern per date: no colour needed
    for area in drawn:
        hatch = hatches[dated.index(key(area)) % len(hatches)]
        shape = gpd.GeoSeries([wkt.loads(area["geometry_wkt"])], crs=4326).to_crs(frame.crs)
        shape.plot(ax=ax, facecolor="none", edgecolor="#D55E00", hatch=hatch, linewidth=0.6)
    for i, (party, as_of) in enumerate(dated):
        hatch = hatches[i % len(hatches)]
        label = f"{party} since {as_of}"
        handles.append(Patch(facecolor="none", edgecolor="#D55E00", hatch=hatch, label=label))
    if sites is not None and len(sites) and colour_by == "deposit_type":
        # the web map's deposit-type families and colours (assay.models.palette)
        from assay.models import palette

        located = sites[~sites.geometry.isna() & ~sites.geometry.is_empty].to_crs(frame.crs)
        family = located["deposit_type"].map(palette.deposit_family)
        for fam in palette.FAMILIES:
            group = located[family == fam]
            if len(group):
                ax.scatter(group.geometry.x, group.geometry.y, s=16,
                           color=palette.FAMILY_COLOURS[fam], edgecolors="#111",
                           linewidths=0.3, zorder=3, label=f"{fam} ({len(group)})")  # fmt: skip
        legend_title = "sites by deposit-type family"
    elif sites is not None and len(sites):
        located = sites[~sites.geometry.isna() & ~sites.geometry.is_empty].to_crs(frame.crs)
        classes = [c for c in CONFIDENCE_ORDER if c in set(located[colour_by])]
        classes += sorted(set(located[colour_by].astype(str)) - set(classes))
        if len(classes) > len(OKABE_ITO):  # no repeated colour: the smallest classes merge
            counts = located[colour_by].astype(str).value_counts()
            keep = list(counts.index[: len(OKABE_ITO) - 1])
            located = located.assign(
                **{
                    colour_by: located[colour_by]
                    .astype(str)
                    .where(located[colour_by].astype(str).isin(keep), "other")
                }  # fmt: skip
            )
            classes = [c for c in classes if c in keep] + ["other"]
        spare = [c for c in OKABE_ITO if c not in CONFIDENCE_COLOURS.values()] + [
            c for c in OKABE_ITO if c in CONFIDENCE_COLOURS.values()
        ]
        fixed = CONFIDENCE_COLOURS if colour_by == "confidence" else {}
        colours = [fixed.get(cls) for cls in classes]
        free = iter(c for c in spare if c not in colours)
        colours = [c or next(free) for c in colours]
        for colour, cls in zip(colours, classes, strict=True):
            group = located[located[colour_by].astype(str) == cls]
            ax.scatter(group.geometry.x, group.geometry.y, s=16, color=colour,
                       edgecolors="#111", linewidths=0.3, zorder=3,
                       label=f"{cls} ({len(group)})")  # fmt: skip
        legend_title = f"sites by {colour_by.replace('_', ' ')}"
    else:
        legend_title = None
    ax.set_xlim(*frame.xlim)
    ax.set_ylim(*frame.ylim)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(title, fontsize=10)
    ax.text(0.0, -0.02, "Lambert azimuthal equal-area projection; boundaries: Natural Earth "
            "1:110m (public domain)", transform=ax.transAxes, fontsize=6, va="top",
            color="#555")  # fmt: skip
    point_handles, point_labels = ax.get_legend_handles_labels()
    if point_handles or handles:
        ax.legend(
            point_handles + handles,
            point_labels + [h.get_label() for h in handles],
            title=legend_title,
            fontsize=7,
            title_fontsize=7,
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            borderaxespad=0.0,
            frameon=False,
        )
    del fig.canvas.draw_idle  # interactive callers get the canvas's own method back
    return fig, ax, frame


def _no_draw(*args: Any, **kwargs: Any) -> None:
    """Stands in for ``canvas.draw_idle`` while a map's layers are added."""


def save_country_map(fig: Any, path: Path | None = None, fmt: str = "png") -> str | Path:
    """Save a map figure to ``path`` (PNG/SVG by suffix) or return its SVG text."""
    if path is not None:
        fig.savefig(path, dpi=150, bbox_inches="tight")
        plt.close(fig)
        return Path(path)
    from assay.reports.figures import to_svg

    return to_svg(fig)
