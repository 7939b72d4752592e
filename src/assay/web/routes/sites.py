"""Sites page: the linked site inventory with filters and pagination.

Filters are the ones of ``assay sites`` (country, region, commodity, deposit type, lowest
confidence) plus a name filter; the list is paged (``page``, ``per_page``) so that Russia's
356 sites are a few screens, not one 20,000-pixel page. The map shows every matching
site (up to :data:`MAP_LIMIT`; beyond it, the current page's), grouped into numbered
clusters while zoomed out (:func:`assay.web.figures.cluster_levels`); a click on a site
opens its page. Data: :func:`assay.analyses.sites.sites_view`.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import Response

from assay.web.app import Pages
from assay.web.figures import points_map

PER_PAGE = 50
MAX_PER_PAGE = 500
CONFIDENCE_LEVELS = ("speculative", "prognostic", "inferred", "indicated", "measured")
# more matching sites than this: the map shows only the current page's (the unfiltered
# inventory, ~5,000 sites, would make every page of it a megabyte)
MAP_LIMIT = 2000


def map_points(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The located sites of ``rows`` as map points (``id``, ``name``, ``country``, ``lon``, ``lat``
    [degrees WGS84], ``confidence`` ladder, ``control``)."""
    points = []
    for s in rows:
        loc = s.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        confidence = s.get("confidence")
        control = s.get("control")
        points.append(
            {
                "id": s["id"],
                "name": s["name"],
                "country": s.get("country"),
                "lon": loc["lon"],
                "lat": loc["lat"],
                "confidence": confidence.get("ladder")
                if isinstance(confidence, dict)
                else confidence,
                "control": control if isinstance(control, dict) else None,
            }
        )
    return points


def sites_page_data(
    store: Any, filters: dict[str, Any], page: int, per_page: int
) -> dict[str, Any]:
    """One page of sites matching ``filters`` (the keys of ``assay sites``, plus ``q``).

    Returns
    -------
    dict
        ``filters``, ``count`` (all matches), ``page``, ``pages``, ``per_page``,
        ``sites`` (this page's rows: id, name, country, region, region_code, deposit_type,
        confidence ladder, control, location, n_sources) and ``map``: ``scope`` ('all'
        matches, or 'page' beyond :data:`MAP_LIMIT`), ``points`` (:func:`map_points`),
        ``clusters`` (:func:`assay.web.figures.cluster_levels` of those points) and
        ``control`` (when they are of one country, its
        :func:`assay.web.routes.country.control_layer`).
    """
    from assay.analyses.sites import sites_view
    from assay.web.figures import cluster_levels

    view = sites_view(
        store,
        country=filters.get("country") or None,
        region=filters.get("region") or None,
        commodity=filters.get("commodity") or None,
        deposit_type=filters.get("deposit_type") or None,
        min_confidence=filters.get("min_confidence") or None,
        include_estimates=False,
    )
    rows = view["sites"]
    q = (filters.get("q") or "").strip().lower()
    if q:
        rows = [s for s in rows if _matches(s, q)]
    pages = max(1, math.ceil(len(rows) / per_page))
    page = min(max(page, 1), pages)
    chunk = rows[(page - 1) * per_page : page * per_page]
    scope = "all" if len(rows) <= MAP_LIMIT else "page"
    points = map_points(rows if scope == "all" else chunk)
    countries = {p["country"] for p in points if p["country"]}
    control = {"type": "FeatureCollection", "features": []}
    if len(countries) == 1:  # one country's sites: its claimed or occupied areas as well
        from assay.web.routes.country import control_layer

        control = control_layer(store, countries.pop())
    return {
        "filters": {k: v for k, v in filters.items() if v},
        "count": len(rows),
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "sites": [
            {
                "id": s["id"],
                "name": s["name"],
                "country": s["country"],
                "region": s.get("region"),
                "region_code": s.get("region_code"),
                "deposit_type": s.get("deposit_type"),
                "confidence": s["confidence"]["ladder"],
                "control": (s.get("control") or {}).get("status"),
                "control_as_of": (s.get("control") or {}).get("as_of"),
                "location": s.get("location"),
                "n_sources": len(s.get("sources") or []),
            }
            for s in chunk
        ],
        "map": {
            "scope": scope,
            "limit": MAP_LIMIT,
            "points": points,
            "clusters": cluster_levels(points),
            "control": control,
        },
    }


def _matches(site: dict[str, Any], q: str) -> bool:
    names = [site["name"], *(site.get("names") or [])]
    return q == site["id"].lower() or any(q in n.lower() for n in names)


def register(pages: Pages) -> None:
    if not pages.has("sites"):
        return
    app, ctx = pages.app, pages.ctx
    pages.add_nav("Sites", "/sites")

    def parse(
        country: str, region: str, commodity: str, deposit_type: str, min_confidence: str, q: str
    ) -> dict[str, Any]:
        return {"country": country.strip(), "region": region.strip(),
                "commodity": commodity.strip(), "deposit_type": deposit_type.strip(),
                "min_confidence": min_confidence.strip(), "q": q.strip()}  # fmt: skip

    def key(filters: dict[str, Any], page: int, per_page: int) -> tuple[Any, ...]:
        return ("sites", tuple(sorted(filters.items())), page, per_page)

    @app.get("/sites.json", tags=["sites"], summary="Sites, filtered and paged")
    def sites_json(
        country: str = Query("", max_length=100),
        region: str = Query("", max_length=100),
        commodity: str = Query("", max_length=100),
        deposit_type: str = Query("", max_length=100),
        min_confidence: str = Query("", max_length=40),
        q: str = Query("", max_length=100),
        page: int = Query(1, ge=1, le=100_000),
        per_page: int = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE),
    ) -> Response:
        filters = parse(country, region, commodity, deposit_type, min_confidence, q)
        return pages.json(
            key(filters, page, per_page),
            lambda: sites_page_data(ctx.store(), filters, page, per_page),
        )

    @app.get("/sites", include_in_schema=False)
    def sites_page(
        request: Request,
        country: str = Query("", max_length=100),
        region: str = Query("", max_length=100),
        commodity: str = Query("", max_length=100),
        deposit_type: str = Query("", max_length=100),
        min_confidence: str = Query("", max_length=40),
        q: str = Query("", max_length=100),
        page: int = Query(1, ge=1, le=100_000),
        per_page: int = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE),
    ) -> Response:
        filters = parse(country, region, commodity, deposit_type, min_confidence, q)
        query = {k: v for k, v in filters.items() if v}

        def link(to_page: int) -> str:
            params = {**query, "page": to_page}
            if per_page != PER_PAGE:
                params["per_page"] = per_page
            return "/sites?" + urlencode(params)

        def figures(data: dict[str, Any]) -> dict[str, Any]:
            # the page itself is not cached (its links depend on the request): its map is
            return ctx.cached(("sites-figures", key(filters, page, per_page)), lambda: build(data))

        def build(data: dict[str, Any]) -> dict[str, Any]:
            layers = data["map"]
            countries = {p["country"] for p in layers["points"] if p["country"]}
            where = "matching sites" if layers["scope"] == "all" else "sites on this page"
            return {
                "sites-map": points_map(
                    # the colour names the confidence: no second mention in the hover text
                    [
                        {**p, "confidence_class": p["confidence"], "confidence": None}
                        for p in layers["points"]
                    ],  # fmt: skip
                    title=f"{len(layers['points'])} {where} with a location, colour: confidence",
                    iso3=countries.pop() if len(countries) == 1 else None,
                    colour_by="confidence_class",
                    clusters=layers["clusters"],
                    control=layers.get("control"),
                )
            }

        return pages.page(
            request,
            key(filters, page, per_page),
            lambda: sites_page_data(ctx.store(), filters, page, per_page),
            "sites.html",
            title="Sites",
            json_href="/sites.json?" + urlencode({**query, "page": page, "per_page": per_page}),
            figures=figures,
            extra={"levels": CONFIDENCE_LEVELS, "link": link, "query": query},
        )


def zoom_to_points(figure: dict[str, Any], points: list[dict[str, Any]], pad_deg: float = 1.5):
    """Zoom a ``points_map`` figure onto its points: the map frames the records of one site
    (at least ``pad_deg`` degrees around them) instead of the whole country.

    Plotly's geo axes take ranges in degrees; the country outline stays as context.
    """
    located = [(p["lon"], p["lat"]) for p in points
               if p.get("lon") is not None and p.get("lat") is not None]  # fmt: skip
    if not located:
        return figure
    import math

    lons, lats = zip(*located, strict=True)
    # a degree of longitude shrinks with cos(latitude): widen the frame so that the map
    # is about 1.6 times wider than high, as its box on the page
    mid = math.radians(min(max((min(lats) + max(lats)) / 2, -80.0), 80.0))
    lon_pad = 1.6 * pad_deg / math.cos(mid)
    lon0, lon1 = min(lons) - lon_pad, max(lons) + lon_pad
    lat0, lat1 = max(min(lats) - pad_deg, -89.0), min(max(lats) + pad_deg, 89.0)
    geo = figure["layout"]["geo"]
    geo["fitbounds"] = False
    geo["lonaxis"] = {"range": [lon0, lon1]}
    geo["lataxis"] = {"range": [lat0, lat1]}
    geo["center"] = {"lon": (lon0 + lon1) / 2, "lat": (lat0 + lat1) / 2}
    geo["projection"] = {"type": "mercator"}
    return figure
