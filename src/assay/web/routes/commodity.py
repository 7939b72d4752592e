"""Commodity page: world table with shares, ranks, HHI and China's share; bar chart, world
choropleth, edition history; CSV and GeoJSON downloads of every table and map.

Data: :func:`assay.analyses.statistics.commodity_view` and ``history_view`` (shares against
the published world total; HHI after DOJ/FTC 2023, as documented there).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from assay.web.app import PageError, Pages
from assay.web.figures import bar_chart, line_chart, world_choropleth
from assay.web.render import rows_to_csv

#: measures drawn on the world map, first present wins
MAP_MEASURES = ("reserves", "mine_production", "refinery_production", "production")
#: countries drawn in the edition-history chart
HISTORY_COUNTRIES = 8
ROW_COLUMNS = (
    "rank", "iso3", "country", "value", "unit", "basis", "qualifier", "share", "data_year",
    "footnotes", "original_value", "row_ref",
)  # fmt: skip


def commodity_page_data(store: Any, name: str, edition: int | None) -> dict[str, Any]:
    """``commodity_view`` plus the edition history of each measure (``history``)."""
    from assay.analyses.statistics import commodity_view, history_view

    view = commodity_view(store, name, edition)
    history: dict[str, Any] = {}
    for measure in view["measures"]:
        try:
            history[measure] = history_view(store, view["commodity"]["id"], measure)
        except ValueError:
            continue
    view["history"] = history
    try:
        from assay.analyses.risk import risk_view
    except ImportError:
        pass
    else:
        try:
            risk = risk_view(store, view["commodity"]["id"], view["edition"])
            view["risk"] = {
                k: risk.get(k)
                for k in ("edition", "top_measure", "top1_share", "top3_share",
                          "us_net_import_reliance", "supply_risk", "hhi_bands", "sources")
            }  # fmt: skip
        except Exception as exc:  # the world picture stands without the risk layer
            view["risk"] = {"unavailable": f"{type(exc).__name__}: {exc}"}
    view["map_measure"] = next((m for m in MAP_MEASURES if m in view["measures"]), None)
    from assay.web.chain_section import chain_section_data

    view["chain_section"] = chain_section_data(store, view["commodity"]["id"])
    return view


def measure_label(measure: str) -> str:
    return measure.replace("_", " ")


def commodity_figures(data: dict[str, Any]) -> dict[str, Any]:
    figs: dict[str, Any] = {}
    name = data["commodity"]["name"]
    for measure, table in data["measures"].items():
        rows = [r for r in table["rows"] if r.get("value") is not None]
        unit = f"{table['unit']} {table.get('basis') or ''}".strip()
        figs[f"bar-{measure}"] = bar_chart(
            [r["country"] for r in rows],
            [r["value"] for r in rows],
            title=f"{name}: {measure_label(measure)} {table['data_year']} [{unit}]",
            unit=unit,
            highlight="China",
        )
    measure = data.get("map_measure")
    if measure:
        table = data["measures"][measure]
        rows = [r for r in table["rows"] if r.get("iso3")]
        unit = f"{table['unit']} {table.get('basis') or ''}".strip()
        figs["map"] = world_choropleth(
            [r["iso3"] for r in rows],
            [r["value"] for r in rows],
            [r["country"] for r in rows],
            title=f"{measure_label(measure)} {table['data_year']} [{unit}]",
            unit=unit,
        )
    for measure, hist in data["history"].items():
        if len(hist["editions"]) < 1:
            continue
        latest = {
            iso3: (rows[-1].get("value") or 0) for iso3, rows in hist["series"].items() if rows
        }
        top = sorted(latest, key=latest.get, reverse=True)[:HISTORY_COUNTRIES]
        series = {
            hist["countries"].get(iso3, iso3): (
                [r["edition"] for r in hist["series"][iso3]],
                [r.get("value") for r in hist["series"][iso3]],
            )
            for iso3 in top
        }
        unit = data["measures"][measure]["unit"] if measure in data["measures"] else ""
        fig = line_chart(
            series,
            title=f"{measure_label(measure)} by MCS edition [{unit}]",
            x_title="edition",
            y_title=unit,
            log_y=True,
        )
        fig["layout"]["xaxis"].update({"dtick": 1, "tickformat": "d"})
        figs[f"history-{measure}"] = fig
    from assay.web.chain_section import chain_figures

    figs.update(chain_figures(data.get("chain_section")))
    return figs


def measure_geojson(table: dict[str, Any]) -> dict[str, Any]:
    """GeoJSON of one world table on the bundled Natural Earth 1:110m country boundaries."""
    from assay.web.app import boundaries_dir

    rows = {r["iso3"]: r for r in table["rows"] if r.get("iso3")}
    countries = json.loads((boundaries_dir() / "countries_ne110m.geojson").read_text())
    features = []
    for feature in countries["features"]:
        row = rows.get(feature["properties"].get("iso3"))
        if row is None:
            continue
        props = {k: row.get(k) for k in ROW_COLUMNS}
        props["source"] = (row.get("source") or {}).get("id")
        features.append({"type": "Feature", "properties": props, "geometry": feature["geometry"]})
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {
            "measure": table["measure"],
            "unit": table["unit"],
            "boundaries": "Natural Earth 1:110m admin-0 countries (public domain)",
        },
    }


def register(pages: Pages) -> None:
    if not pages.has("statistics"):
        return
    app, ctx = pages.app, pages.ctx
    pages.add_nav("Commodity", "/commodity/rare-earths")

    @functools.lru_cache(maxsize=4096)
    def canonical(name: str) -> str:
        # the cache is keyed on the resolved commodity id, so that its spellings and
        # aliases (rare-earths, Rare Earths, REE) share one cached page
        from assay.store.lookup import resolve_commodity

        try:
            return resolve_commodity(ctx.store(), name)
        except ValueError:  # unknown: the page answers 404 (and nothing is cached)
            return name.lower()

    def data(name: str, edition: int | None) -> dict[str, Any]:
        return pages.data(
            ("commodity", canonical(name.strip()[:200]), edition),
            lambda: commodity_page_data(ctx.store(), name, edition),
        )

    @app.get("/commodity/{name}.json", tags=["commodity"], summary="World picture of a commodity")
    def commodity_json(name: str, edition: int | None = None) -> Response:
        return pages.json(
            ("commodity", canonical(name.strip()[:200]), edition),
            lambda: commodity_page_data(ctx.store(), name, edition),
        )

    @app.get("/commodity/{name}/{measure}.csv", tags=["commodity"], summary="A world table")
    def commodity_csv(name: str, measure: str, edition: int | None = None) -> Response:
        view = data(name, edition)
        if measure not in view["measures"]:
            raise PageError(f"no {measure} table for {view['commodity']['id']}")
        rows = [
            {**{k: r.get(k) for k in ROW_COLUMNS}, "source": (r.get("source") or {}).get("id")}
            for r in view["measures"][measure]["rows"]
        ]
        filename = f"{view['commodity']['id']}-{measure}-{view['edition']}.csv"
        return Response(
            rows_to_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{filename}"'},
        )

    @app.get("/commodity/{name}/{measure}.geojson", tags=["commodity"], summary="A world map")
    def commodity_geojson(name: str, measure: str, edition: int | None = None) -> Response:
        view = data(name, edition)
        if measure not in view["measures"]:
            raise PageError(f"no {measure} table for {view['commodity']['id']}")
        body = json.dumps(measure_geojson(view["measures"][measure]), allow_nan=False)
        filename = f"{view['commodity']['id']}-{measure}-{view['edition']}.geojson"
        return Response(
            body,
            media_type="application/geo+json",
            headers={"content-disposition": f'attachment; filename="{filename}"'},
        )

    @app.get("/commodity/{name}", include_in_schema=False)
    def commodity(request: Request, name: str, edition: int | None = None) -> Response:
        key = ("commodity", canonical(name.strip()[:200]), edition)
        query = f"?edition={edition}" if edition else ""
        return pages.page(
            request,
            key,
            lambda: commodity_page_data(ctx.store(), name, edition),
            "commodity.html",
            title=lambda d: f"{d['commodity']['name']}: world picture, MCS {d['edition']}",
            json_href=f"/commodity/{name}.json{query}",
            figures=commodity_figures,
        )
