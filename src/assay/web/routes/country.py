"""Country dossier page: statistics per commodity, sites map with deposit type and
confidence, "how real" breakdown, supply-risk position, news claims; CSV, GeoJSON and the
HTML/PDF report as downloads. Data: :func:`assay.reports.country.country_dossier`.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from assay.web.app import Pages
from assay.web.figures import bar_chart, points_map
from assay.web.render import rows_to_csv

STAT_COLUMNS = (
    "commodity_id", "commodity", "measure", "edition", "data_year", "detail", "value", "unit",
    "basis", "qualifier", "share", "rank", "of", "row_ref", "sub_table", "world_table",
    "previous_value", "previous_edition",
)  # fmt: skip


SITE_COLUMNS = (
    "id", "name", "country", "region", "region_code", "region_method", "control_status",
    "control_as_of", "lon", "lat", "deposit_type", "commodities", "confidence", "n_sources",
    "sources",
)  # fmt: skip


def site_csv_row(site: dict[str, Any]) -> dict[str, Any]:
    """One row of the country's sites CSV (columns :data:`SITE_COLUMNS`)."""
    location = site.get("location") or {}
    control = site.get("control") or {}
    confidence = site.get("confidence")
    return {
        **{k: site.get(k) for k in ("id", "name", "country", "region", "region_code")},
        "region_method": site.get("region_method"),
        "control_status": control.get("status"),
        "control_as_of": control.get("as_of"),
        "lon": location.get("lon"),
        "lat": location.get("lat"),
        "deposit_type": site.get("deposit_type"),
        "commodities": "|".join(site.get("commodities") or []),
        "confidence": confidence.get("ladder") if isinstance(confidence, dict) else confidence,
        "n_sources": len(site.get("sources") or []),
        "sources": "|".join(r["record"] for r in site.get("sources") or []),
    }


def ukraine_region_codes() -> list[str]:
    from assay.web.app import boundaries_dir

    path = boundaries_dir() / "ukraine_admin1.geojson"
    if not path.exists():
        return []
    return [f["properties"]["admin1_code"] for f in json.loads(path.read_text())["features"]]


def _short_source(source: str) -> str:
    """The citation's head (e.g. 'United Nations General Assembly resolution 68/262'),
    without the quoted title and the parenthesised summary, for a legend entry."""
    head = source.split(" '")[0].split(" (")[0].split(", ")[0].strip()
    return head if len(head) <= 80 else head[:77].rstrip() + "..."


def control_layer(store: Any, iso3: str) -> dict[str, Any]:
    """The store's control areas of one country as a GeoJSON FeatureCollection (WGS84).

    Each feature carries ``id``, ``name``, ``admin1_code``, ``controlling_party``,
    ``status``, ``as_of`` (ISO date), ``source``, ``source_short`` and ``note``. An area
    stored without geometry takes the admin-1 polygon of its ``admin1_code`` from the
    store's admin layer, else from the bundled Ukrainian oblasts; one found in neither is
    left out. A store without the sites component has no control layer.
    """
    import shapely

    try:
        rows = store.query("SELECT * FROM control_area WHERE iso3 = ? ORDER BY as_of, id", [iso3])
    except Exception:  # noqa: BLE001 - no control_area table in this store
        return {"type": "FeatureCollection", "features": []}
    admin1: dict[str, Any] | None = None
    features = []
    for row in rows:
        geometry = None
        if row.get("geometry_wkt"):
            geometry = json.loads(shapely.to_geojson(shapely.from_wkt(row["geometry_wkt"])))
        elif row.get("admin1_code"):
            if admin1 is None:
                admin1 = _admin1_geometries(store, iso3)
            geometry = admin1.get(row["admin1_code"])
        if geometry is None:
            continue
        as_of = row["as_of"]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": row["id"],
                    "name": row["name"],
                    "admin1_code": row.get("admin1_code"),
                    "controlling_party": row.get("controlling_party"),
                    "status": row["status"],
                    "as_of": as_of.isoformat() if hasattr(as_of, "isoformat") else str(as_of),
                    "source": row["source"],
                    "source_short": _short_source(row["source"]),
                    "note": row.get("note"),
                },
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _admin1_geometries(store: Any, iso3: str) -> dict[str, Any]:
    """Admin-1 polygons by code: the store's user layer, else the bundled oblasts (UKR)."""
    import shapely

    out: dict[str, Any] = {}
    if iso3 == "UKR":
        from assay.web.app import boundaries_dir

        path = boundaries_dir() / "ukraine_admin1.geojson"
        if path.exists():
            for f in json.loads(path.read_text())["features"]:
                out[f["properties"]["admin1_code"]] = f["geometry"]
    try:
        rows = store.query("SELECT code, geometry_wkt FROM admin_area WHERE iso3 = ?", [iso3])
    except Exception:  # noqa: BLE001 - no admin_area table in this store
        rows = []
    for row in rows:
        if row["code"]:
            out[row["code"]] = json.loads(shapely.to_geojson(shapely.from_wkt(row["geometry_wkt"])))
    return out


def country_map_data(store: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The sites map's layers, shared by the page's figure and its JSON twin: ``control``
    (:func:`control_layer`) and ``clusters`` (:func:`assay.web.figures.cluster_levels`)."""
    from assay.web.figures import cluster_levels

    return {
        "control": control_layer(store, data["country"]["iso3"]),
        "clusters": cluster_levels(data.get("sites") or []),
    }


def country_figures(data: dict[str, Any]) -> dict[str, Any]:
    name = data["country"]["name"]
    iso3 = data["country"]["iso3"]
    figs: dict[str, Any] = {}
    output = [r for r in data["statistics"] if r.get("share") and r["measure"] != "reserves"]
    output = sorted(output, key=lambda r: r["share"], reverse=True)[:20]
    if output:
        figs["shares"] = bar_chart(
            [
                f"{r['commodity']} ({r['measure'].replace('_', ' ')}"
                + (f", {r['sub_table']}" if r.get("sub_table") else "")
                + ")"
                for r in output
            ],
            [r["share"] for r in output],
            title=f"{name}: share of world output, latest edition [%]",
            unit="% of world",
        )
    if "sites" in data["sections"]:
        regions = ukraine_region_codes() if iso3 == "UKR" else None
        layers = data.get("map") or {}
        figs["sites"] = points_map(
            data.get("sites", []),
            title=f"{name}: sites by deposit type ({len(data.get('sites', []))}, "
            f"{(layers.get('clusters') or {}).get('sites', 0)} with a location)",
            iso3=iso3,
            regions=regions,
            control=layers.get("control"),
            clusters=layers.get("clusters"),
            legend_right=True,
        )
    return figs


def sites_geojson(data: dict[str, Any]) -> dict[str, Any]:
    features = []
    for site in data.get("sites", []):
        if site.get("lat") is None or site.get("lon") is None:
            continue
        props = {
            k: v
            for k, v in site.items()
            if k not in ("location", "lat", "lon", "sources", "estimates")
            and not isinstance(v, (dict, list))
        }
        props["sources"] = [s.get("record") for s in site.get("sources", []) if isinstance(s, dict)]
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [site["lon"], site["lat"]]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def register(pages: Pages) -> None:
    if not pages.has("statistics"):
        return
    app, ctx = pages.app, pages.ctx
    pages.add_nav("Country", "/country/UKR")

    def compute(name: str) -> Any:
        from assay.reports.country import country_dossier
        from assay.web.chain_section import country_trade_data

        def build() -> dict[str, Any]:
            data = country_dossier(ctx.store(), name)
            data["trade"] = country_trade_data(ctx.store(), data["country"]["iso3"])
            if "sites" in data["sections"]:
                data["map"] = country_map_data(ctx.store(), data)
            return data

        return build

    @functools.lru_cache(maxsize=4096)
    def canonical(name: str) -> str:
        from assay.store.lookup import resolve_country

        try:
            return resolve_country(ctx.store(), name)
        except ValueError:  # unknown: the page answers 404 (and nothing is cached)
            return name.upper()

    def key(name: str) -> tuple[str, str]:
        # keyed on the resolved ISO3, so that spellings of one country (UKR, ukr, Ukraine)
        # share one cached page instead of each forcing a recomputation
        return ("country", canonical(name.strip()[:200]))

    @app.get("/country/{name}.json", tags=["country"], summary="Country dossier")
    def country_json(name: str) -> Response:
        return pages.json(key(name), compute(name))

    @app.get("/country/{name}/statistics.csv", tags=["country"], summary="Statistics table")
    def country_csv(name: str) -> Response:
        data = pages.data(key(name), compute(name))
        rows = [
            {**{k: r.get(k) for k in STAT_COLUMNS}, "source": (r.get("source") or {}).get("id")}
            for r in data["statistics"]
        ]
        iso3 = data["country"]["iso3"]
        return Response(
            rows_to_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{iso3}-statistics.csv"'},
        )

    @app.get("/country/{name}/sites.geojson", tags=["country"], summary="Sites as GeoJSON")
    def country_sites(name: str) -> Response:
        data = pages.data(key(name), compute(name))
        return Response(
            json.dumps(sites_geojson(data), allow_nan=False, default=str),
            media_type="application/geo+json",
            headers={
                "content-disposition": (
                    f'attachment; filename="{data["country"]["iso3"]}-sites.geojson"'
                )
            },
        )

    @app.get("/country/{name}/risk.csv", tags=["country"], summary="Supply-risk positions")
    def country_risk_csv(name: str) -> Response:
        data = pages.data(key(name), compute(name))
        iso3 = data["country"]["iso3"]
        return Response(
            rows_to_csv(data.get("risk") or []),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{iso3}-risk.csv"'},
        )

    @app.get("/country/{name}/sites.csv", tags=["country"], summary="Sites as CSV")
    def country_sites_csv(name: str, region: str | None = None) -> Response:
        """One row per site; ``region`` keeps only the sites of that ISO 3166-2 code."""
        data = pages.data(key(name), compute(name))
        sites = data.get("sites", [])
        if region:
            sites = [s for s in sites if (s.get("region_code") or "").upper() == region.upper()]
        rows = [site_csv_row(s) for s in sites]
        iso3 = data["country"]["iso3"]
        suffix = f"-{region.upper()}" if region else ""
        return Response(
            rows_to_csv(rows, SITE_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{iso3}{suffix}-sites.csv"'},
        )

    @app.get("/country/{name}/regions.csv", tags=["country"], summary="Sites per region")
    def country_regions_csv(name: str) -> Response:
        data = pages.data(key(name), compute(name))
        rows = [
            {
                **{k: r[k] for k in ("region", "region_code", "sites")},
                **{f"method_{m}": n for m, n in r["methods"].items()},
            }
            for r in data.get("regions") or []
        ]
        iso3 = data["country"]["iso3"]
        return Response(
            rows_to_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{iso3}-regions.csv"'},
        )

    @app.get("/country/{name}/report.{fmt}", tags=["country"], summary="Report (html or pdf)")
    def country_report_download(name: str, fmt: str) -> Response:
        from assay.reports.country import country_report
        from assay.web.app import PageError

        if fmt not in ("html", "pdf"):
            raise PageError("report format must be html or pdf", 404)
        pages.data(key(name), compute(name))  # unknown names answer 404 here

        def build() -> bytes:
            report = country_report(ctx.store(), name)
            return report.html.encode() if fmt == "html" else report.pdf()

        body = pages.ctx.cached(("country-report", name.upper(), fmt), build)
        media = "text/html; charset=utf-8" if fmt == "html" else "application/pdf"
        return Response(
            body,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="country-{name}.{fmt}"'},
        )

    @app.get("/country/{name}", include_in_schema=False)
    def country(request: Request, name: str) -> Response:
        return pages.page(
            request,
            key(name),
            compute(name),
            "country.html",
            title=lambda d: f"Country dossier: {d['country']['name']}",
            json_href=f"/country/{name}.json",
            figures=country_figures,
        )
