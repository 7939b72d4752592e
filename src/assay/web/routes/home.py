"""Start page: what the store holds (commodities, countries, editions) and where to go."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from assay.store import Store
from assay.web.app import Pages


def store_summary(store: Store) -> dict[str, Any]:
    """Counts and lists of what the store holds, from the core tables.

    Returns
    -------
    dict
        ``commodities`` (id, name, observations, has_world_table, editions), ``countries``
        (iso3, name,
        observations), ``sources`` (count), ``observations`` (count), ``schema`` (versions).
    """
    try:
        from assay.analyses.statistics import WORLD_MEASURES
    except ImportError:
        WORLD_MEASURES = ()  # noqa: N806  (no statistics layer: no world tables to link)
    commodities = store.query(
        """SELECT c.id, c.name, c.kind, count(o.id) AS observations,
                  count(o.id) FILTER (o.measure IN (SELECT unnest(?::VARCHAR[]))
                                      AND o.edition IS NOT NULL) > 0 AS has_world_table,
                  list(DISTINCT o.edition ORDER BY o.edition) FILTER (o.edition IS NOT NULL)
                      AS editions
           FROM commodity c LEFT JOIN observation o ON o.commodity_id = c.id
           GROUP BY c.id, c.name, c.kind
           ORDER BY count(o.id) DESC, c.name""",
        [list(WORLD_MEASURES)],
    )
    countries = store.query(
        """SELECT c.iso3, c.name, count(o.id) AS observations
           FROM country c JOIN observation o ON o.iso3 = c.iso3
           GROUP BY c.iso3, c.name ORDER BY c.name"""
    )
    n_sources = store.con.execute("SELECT count(*) FROM source").fetchone()[0]
    n_obs = store.con.execute("SELECT count(*) FROM observation").fetchone()[0]
    return {
        "commodities": commodities,
        "countries": countries,
        "sources": int(n_sources),
        "observations": int(n_obs),
        "schema": store.schema_versions(),
    }


def register(pages: Pages) -> None:
    app, ctx = pages.app, pages.ctx

    @app.get("/.json", tags=["overview"], summary="What the store holds")
    @app.get("/index.json", tags=["overview"], include_in_schema=False)
    def home_json() -> Response:
        return pages.json("home", lambda: store_summary(ctx.store()))

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> Response:
        return pages.page(
            request,
            "home",
            lambda: store_summary(ctx.store()),
            "home.html",
            title="Critical-mineral intelligence",
            json_href="/index.json",
            extra={"has": {k: bool(pages.has(k)) for k in ("statistics", "sites", "news")}},
        )
