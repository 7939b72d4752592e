"""Static figures for reports (matplotlib, SVG text): bars, lines, maps on bundled boundaries.

Reports are read on paper and in PDF viewers, where no script runs, so their figures are
drawn on the server. Each function returns the SVG document as a string, embedded in the
report's HTML as a ``data:`` URI (WeasyPrint then needs no file or network access).
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

ACCENT = "#2b5d8a"


def _boundaries(name: str) -> dict[str, Any]:
    import assay.reference

    path = Path(assay.reference.__file__).parent / "boundaries" / f"{name}.geojson"
    return json.loads(path.read_text())


@cache
def country_features() -> tuple[dict[str, Any], ...]:
    """Features of the bundled Natural Earth 1:110m countries (``properties.iso3``)."""
    return tuple(_boundaries("countries_ne110m")["features"])


@cache
def ukraine_features() -> tuple[dict[str, Any], ...]:
    """Features of the bundled Ukraine admin-1 boundaries (``properties.admin1_code``)."""
    return tuple(_boundaries("ukraine_admin1")["features"])


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


#: SVG text as ``<text>`` in the report font, not one path per glyph: WeasyPrint draws each
#: SVG node in Python, and glyph paths made the figures ~5x slower to lay out in a PDF
#: (benchmarks/bench_reports.py); the text also becomes selectable and searchable
SVG_RC = {"svg.fonttype": "none"}


def to_svg(fig: Any) -> str:
    """The SVG text of a matplotlib figure (text kept as text), closing the figure."""
    buf = io.StringIO()
    with matplotlib.rc_context(SVG_RC):
        fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def svg_data_uri(svg: str) -> str:
    """``data:image/svg+xml;base64,...`` for an ``<img src>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def bar_chart(
    labels: Sequence[str], values: Sequence[float | None], *, title: str, unit: str
) -> str:
    """Horizontal bars, largest at the top (SVG)."""
    pairs = sorted(
        [(lab, float(v)) for lab, v in zip(labels, values, strict=True) if v is not None],
        key=lambda p: p[1],
    )
    fig, ax = plt.subplots(figsize=(6.5, max(1.8, 0.28 * len(pairs) + 0.8)))
    ax.barh([p[0] for p in pairs], [p[1] for p in pairs], color=ACCENT)
    ax.set_xlabel(unit)
    ax.set_title(title, fontsize=10)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return to_svg(fig)


def line_chart(
    series: dict[str, tuple[Sequence[Any], Sequence[float | None]]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    log_y: bool = False,
    log_x: bool = False,
    step: bool = False,
) -> str:
    """One line per named series (SVG)."""
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    for name, (x, y) in series.items():
        pts = [(a, b) for a, b in zip(x, y, strict=True) if b is not None]
        if not pts:
            continue
        xs, ys = zip(*pts, strict=True)
        if step:
            ax.step(xs, ys, where="post", label=name)
        else:
            ax.plot(xs, ys, marker="o" if len(xs) < 30 else None, ms=3, label=name)
    if log_y:
        ax.set_yscale("log")
    if log_x:
        ax.set_xscale("log")
    xs_all = [a for x, _ in series.values() for a in x]
    if xs_all and all(isinstance(a, int) for a in xs_all):  # years, editions: whole ticks
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(x_title)
    ax.set_ylabel(y_title)
    ax.set_title(title, fontsize=10)
    if len(series) > 1:
        ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    return to_svg(fig)


def column_chart(
    x: Sequence[Any], y: Sequence[float | None], *, title: str, x_title: str, y_title: str
) -> str:
    """Vertical bars (e.g. a probability mass function) (SVG)."""
    fig, ax = plt.subplots(figsize=(6.5, 2.8))
    numeric = all(isinstance(v, (int, float)) for v in x)
    ax.bar(list(x) if numeric else [str(v) for v in x], [v or 0 for v in y], color=ACCENT)
    ax.set_xlabel(x_title)
    ax.set_ylabel(y_title)
    ax.set_title(title, fontsize=10)
    ax.tick_params(labelsize=7)
    return to_svg(fig)


def country_map(
    iso3: str,
    points: Sequence[dict[str, Any]] = (),
    *,
    title: str,
    colour_by: str = "deposit_type",
) -> str:
    """The country's outline (and its neighbours in grey) with site markers (SVG).

    Ukraine is drawn with its oblasts. Coordinates are plotted as longitude/latitude
    [degrees WGS84] with an aspect correction of 1/cos(mean latitude).
    """
    import math

    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    target = [f for f in country_features() if f["properties"].get("iso3") == iso3]
    rings = [r for f in target for r in _rings(f["geometry"])]
    if iso3 == "UKR":  # oblasts drawn over the national outline
        rings = rings + [r for f in ukraine_features() for r in _rings(f["geometry"])]
    lons = [p[0] for r in rings for p in r] + [p["lon"] for p in points if p.get("lon")]
    lats = [p[1] for r in rings for p in r] + [p["lat"] for p in points if p.get("lat")]
    if lons and lats:
        pad_x = max(1.0, 0.08 * (max(lons) - min(lons)))
        pad_y = max(1.0, 0.08 * (max(lats) - min(lats)))
        xlim = (min(lons) - pad_x, max(lons) + pad_x)
        ylim = (min(lats) - pad_y, max(lats) + pad_y)
    else:
        xlim, ylim = (-180, 180), (-60, 85)
    others = [
        Polygon(r, closed=True)
        for f in country_features()
        if f["properties"].get("iso3") != iso3
        for r in _rings(f["geometry"])
    ]
    ax.add_collection(PatchCollection(others, facecolor="#f3f4f6", edgecolor="#bbb", lw=0.3))
    ax.add_collection(
        PatchCollection(
            [Polygon(r, closed=True) for r in rings], facecolor="#e3ebf3", edgecolor="#556", lw=0.5
        )
    )
    groups: dict[str, list[dict[str, Any]]] = {}
    for p in points:
        if p.get("lat") is not None and p.get("lon") is not None:
            groups.setdefault(str(p.get(colour_by) or "unspecified"), []).append(p)
    for label, group in sorted(groups.items()):
        ax.scatter(
            [p["lon"] for p in group],
            [p["lat"] for p in group],
            s=14,
            label=label[:40],
            edgecolors="#222",
            linewidths=0.3,
            zorder=3,
        )
    if groups:
        ax.legend(fontsize=6, loc="best", framealpha=0.8)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    mid = math.radians((ylim[0] + ylim[1]) / 2)
    ax.set_aspect(1 / max(math.cos(mid), 0.2))
    ax.set_xlabel("longitude [°]", fontsize=7)
    ax.set_ylabel("latitude [°]", fontsize=7)
    ax.tick_params(labelsize=6)
    ax.set_title(title, fontsize=10)
    return to_svg(fig)


def world_map(values: dict[str, float | None], *, title: str, unit: str) -> str:
    """World choropleth of ``values`` by ISO3 on the bundled 1:110m boundaries (SVG)."""
    import matplotlib.colors as mcolors

    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    present = [v for v in values.values() if v is not None and v > 0]
    norm = mcolors.Normalize(vmin=0, vmax=max(present) if present else 1)
    cmap = plt.get_cmap("Blues")
    patches, colours = [], []
    for f in country_features():
        code = f["properties"].get("iso3")
        value = values.get(code)
        colour = cmap(0.15 + 0.85 * norm(value)) if value else "#f0f0f0"
        for r in _rings(f["geometry"]):
            patches.append(Polygon(r, closed=True))
            colours.append(colour)
    ax.add_collection(PatchCollection(patches, facecolor=colours, edgecolor="#999", lw=0.2))
    ax.set_xlim(-180, 180)
    ax.set_ylim(-58, 84)
    ax.set_aspect(1.2)
    ax.axis("off")
    sm = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    fig.colorbar(sm, ax=ax, fraction=0.025, pad=0.01).set_label(unit, fontsize=7)
    ax.set_title(title, fontsize=10)
    return to_svg(fig)
