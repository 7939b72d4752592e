"""Site page: every linked record side by side, estimates by category, location map,
region and control status. Data: :func:`assay.analyses.sites.site_view`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from assay.web.app import Pages
from assay.web.figures import points_map
from assay.web.render import rows_to_csv

RECORD_FIELDS = (
    "record", "dataset", "record_id", "name", "aliases", "country", "region_published",
    "region", "region_code", "region_method", "region_basis", "deposit_type", "commodities",
)  # fmt: skip


def add_region_provenance(data: dict[str, Any]) -> dict[str, Any]:
    """Give each site of a ``site_view`` result the provenance of its region: the published
    region strings of its records (``region_published``, a list) and the ``region_basis`` of
    the record whose region the site took (same name, code and method), so the page can
    say how the ISO 3166-2 subdivision was resolved
    (:func:`assay.analyses.sites.place_records`)."""
    for site in data.get("sites", []):
        records = site.get("sources") or []
        published = [r.get("region_published") for r in records if r.get("region_published")]
        site["region_published"] = sorted(set(published))
        donor = next(
            (
                r
                for r in records
                if r.get("region") == site.get("region")
                and r.get("region_code") == site.get("region_code")
                and r.get("region_method") == site.get("region_method")
            ),
            None,
        )
        site["region_basis"] = None if donor is None else donor.get("region_basis")
    return data


def site_control_layer(store: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The control areas the sites of a ``site_view`` result lie in, as a GeoJSON
    FeatureCollection (:func:`assay.web.routes.country.control_layer`): shaded on the site
    map under the records, and the ``map.control`` of the page's JSON twin."""
    from assay.web.routes.country import control_layer

    features: list[dict[str, Any]] = []
    for iso3 in sorted({s.get("country") for s in data.get("sites", []) if s.get("country")}):
        areas = {(s.get("control") or {}).get("id") for s in data["sites"]} - {None}
        if areas:
            layer = control_layer(store, iso3)["features"]
            features += [f for f in layer if f["properties"]["id"] in areas]
    return {"type": "FeatureCollection", "features": features}


ESTIMATE_COLUMNS = (
    "record", "system", "category", "ladder", "kind", "commodity", "element", "ore_t",
    "grade_percent", "grade_basis", "contained_t", "ore_value_original", "ore_unit_original",
    "grade_value_original", "grade_unit_original", "cutoff_value", "cutoff_unit", "as_of",
    "zone", "source_id", "page", "row_ref",
)  # fmt: skip


def site_figures(data: dict[str, Any]) -> dict[str, Any]:
    from assay.web.routes.country import ukraine_region_codes
    from assay.web.routes.sites import zoom_to_points

    figs = {}
    control = ((data.get("map") or {}).get("control") or {}).get("features") or []
    for i, site in enumerate(data["sites"]):
        area = (site.get("control") or {}).get("id")
        points = []
        for record in site.get("sources", []):
            loc = record.get("location") or {}
            points.append(
                {
                    "lat": loc.get("lat"),
                    "lon": loc.get("lon"),
                    "name": f"{record.get('name')} [{record.get('dataset')}]",
                    "dataset": record.get("dataset"),
                    "control": site.get("control"),
                }
            )
        iso3 = site.get("country")
        figs[f"site-{i}"] = zoom_to_points(
            points_map(
                points,
                title=f"{site['name']}: location of each record (colour: dataset)",
                iso3=iso3,
                colour_by="dataset",  # deposit types would be grouped into families
                regions=ukraine_region_codes() if iso3 == "UKR" else None,
                control={
                    "type": "FeatureCollection",
                    "features": [f for f in control if area and f["properties"]["id"] == area],
                },
            ),
            points,
        )
    return figs


def register(pages: Pages) -> None:
    if not pages.has("sites"):
        return
    app, ctx = pages.app, pages.ctx

    def compute(name: str) -> Any:
        from assay.analyses.sites import site_view

        def build() -> dict[str, Any]:
            data = add_region_provenance(site_view(ctx.store(), name))
            data["map"] = {"control": site_control_layer(ctx.store(), data)}
            return data

        return build

    @app.get("/site/{name}.json", tags=["sites"], summary="One site with its linked records")
    def site_json(name: str) -> Response:
        return pages.json(("site", name), compute(name))

    @app.get("/site/{name}/estimates.csv", tags=["sites"], summary="A site's estimates")
    def site_csv(name: str) -> Response:
        data = pages.data(("site", name), compute(name))
        rows = [e for s in data["sites"] for e in s.get("estimates", [])]
        return Response(
            rows_to_csv(rows, ESTIMATE_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="site-estimates.csv"'},
        )

    @app.get("/site/{name}/records.geojson", tags=["sites"], summary="Record locations")
    def site_geojson(name: str) -> Response:
        import json

        data = pages.data(("site", name), compute(name))
        features = []
        for site in data["sites"]:
            for record in site.get("sources", []):
                loc = record.get("location") or {}
                if loc.get("lon") is None or loc.get("lat") is None:
                    continue
                props = {k: record.get(k) for k in RECORD_FIELDS}
                props["site_id"] = site["id"]
                props["source"] = (record.get("source") or {}).get("id")
                features.append(
                    {
                        "type": "Feature",
                        "properties": props,
                        "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                    }
                )
        return Response(
            json.dumps({"type": "FeatureCollection", "features": features}, default=str),
            media_type="application/geo+json",
            headers={"content-disposition": 'attachment; filename="site-records.geojson"'},
        )

    @app.get("/site/{name}", include_in_schema=False)
    def site(request: Request, name: str) -> Response:
        return pages.page(
            request,
            ("site", name),
            compute(name),
            "site.html",
            title=lambda d: "Site: " + " / ".join(s["name"] for s in d["sites"]),
            json_href=f"/site/{name}.json",
            figures=site_figures,
        )
