"""Search: one box in every page's header finds countries, commodities and sites.

A query matches names, aliases, codes and ids (case-insensitive substring; ISO codes and
site ids also exactly), so "ukr", "Ukraine", "REE", "rare earth", "Tomtor" and "S2d5f40f545"
all find what an analyst means. Data: the store's ``country``, ``commodity`` (with its
aliases) and ``site`` tables.
"""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request
from fastapi.responses import RedirectResponse, Response

from assay.store import Store
from assay.web.app import Pages

#: most results shown per kind (the page says when there are more)
LIMIT = 50


def _rows(store: Store, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    try:
        return store.query(sql, params)
    except Exception:  # noqa: BLE001 - a store without that table (e.g. no sites): no hits
        return []


def search(store: Store, query: str) -> dict[str, Any]:
    """Countries, commodities and sites matching ``query``.

    Returns
    -------
    dict
        ``query``, ``countries`` [{iso3, name, href}], ``commodities`` [{id, name, href}],
        ``sites`` [{id, name, country, href}], ``more`` ({kind: total} where a kind has
        more than :data:`LIMIT` hits) and ``best`` (the href of a single exact match, else
        None).
    """
    q = " ".join(query.split())[:100]
    out: dict[str, Any] = {"query": q, "countries": [], "commodities": [], "sites": [],
                           "more": {}, "best": None}  # fmt: skip
    if not q:
        return out
    like = f"%{q.lower()}%"
    countries = _rows(
        store,
        """SELECT DISTINCT c.iso3, c.name FROM country c
           LEFT JOIN country_alias a ON a.iso3 = c.iso3
           WHERE lower(c.name) LIKE ? OR lower(coalesce(c.official_name, '')) LIKE ?
              OR lower(c.iso3) = ? OR lower(coalesce(c.iso2, '')) = ?
              OR lower(coalesce(a.alias, '')) LIKE ?
           ORDER BY (lower(c.iso3) = ?) DESC, (lower(c.name) = ?) DESC, c.name""",
        [like, like, q.lower(), q.lower(), like, q.lower(), q.lower()],
    ) or _rows(
        store,
        """SELECT iso3, name FROM country
           WHERE lower(name) LIKE ? OR lower(iso3) = ? ORDER BY name""",
        [like, q.lower()],
    )
    commodities = _rows(
        store,
        """SELECT DISTINCT c.id, c.name FROM commodity c
           LEFT JOIN commodity_alias a ON a.commodity_id = c.id
           WHERE lower(c.name) LIKE ? OR lower(c.id) LIKE ? OR lower(coalesce(c.mcs_code, '')) = ?
              OR lower(coalesce(a.alias, '')) LIKE ?
           ORDER BY (lower(c.name) = ?) DESC, c.name""",
        [like, like, q.lower(), like, q.lower()],
    ) or _rows(
        store,
        "SELECT id, name FROM commodity WHERE lower(name) LIKE ? OR lower(id) LIKE ? ORDER BY name",
        [like, like],
    )
    sites = _rows(
        store,
        """SELECT id, name, iso3 FROM site
           WHERE lower(name) LIKE ? OR lower(id) = ?
           ORDER BY (lower(id) = ?) DESC, (lower(name) = ?) DESC, name, id""",
        [like, q.lower(), q.lower(), q.lower()],
    )
    for kind, rows in (("countries", countries), ("commodities", commodities), ("sites", sites)):
        if len(rows) > LIMIT:
            out["more"][kind] = len(rows)
    out["countries"] = [{"iso3": r["iso3"], "name": r["name"], "href": f"/country/{r['iso3']}"}
                        for r in countries[:LIMIT]]  # fmt: skip
    out["commodities"] = [{"id": r["id"], "name": r["name"], "href": f"/commodity/{r['id']}"}
                          for r in commodities[:LIMIT]]  # fmt: skip
    out["sites"] = [{"id": r["id"], "name": r["name"], "country": r["iso3"],
                     "href": f"/site/{r['id']}"} for r in sites[:LIMIT]]  # fmt: skip
    hits = out["countries"] + out["commodities"] + out["sites"]
    if len(hits) == 1:
        out["best"] = hits[0]["href"]
    return out


def register(pages: Pages) -> None:
    app, ctx = pages.app, pages.ctx

    @app.get("/search.json", tags=["overview"], summary="Countries, commodities, sites by name")
    def search_json(q: str = Query("", max_length=200)) -> Response:
        return pages.json(("search", q), lambda: search(ctx.store(), q))

    @app.get("/search", include_in_schema=False)
    def search_page(request: Request, q: str = Query("", max_length=200), go: int = 0) -> Response:
        data = pages.data(("search", q), lambda: search(ctx.store(), q))
        if go and data["best"]:  # the box's Enter on a single exact hit goes straight there
            return RedirectResponse(data["best"], status_code=303)
        return pages.page(
            request,
            ("search", q),
            lambda: search(ctx.store(), q),
            "search.html",
            title=f"Search: {q}" if q else "Search",
            json_href=f"/search.json?q={q}",
        )
