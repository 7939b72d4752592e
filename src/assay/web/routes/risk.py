"""Risk page: every commodity ranked by supply risk, with concentration and import
dependence, each linking to its commodity page. Data: :func:`assay.analyses.risk.risk_all`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request
from fastapi.responses import Response

from assay.web.app import Pages
from assay.web.render import rows_to_csv

RISK_COLUMNS = (
    "rank", "commodity", "name", "edition", "stage", "hhi", "hhi_band_doj_ftc_2023",
    "top_producer", "top1_share", "china_share", "us_net_import_reliance", "us_nir_qualifier",
    "usgs_2021", "eu_crm", "geopolrisk",
)  # fmt: skip


def risk_page_data(store: Any, edition: int | None) -> dict[str, Any]:
    """``risk_all`` with each commodity's display name added."""
    from assay.analyses.risk import risk_all

    data = risk_all(store, edition)
    names = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM commodity")}
    for row in data["commodities"]:
        row["name"] = names.get(row["commodity"], row["commodity"])
    return data


def register(pages: Pages) -> None:
    if not pages.has("risk"):
        return
    app, ctx = pages.app, pages.ctx
    pages.add_nav("Risk", "/risk")

    @app.get("/risk.json", tags=["risk"], summary="Every commodity ranked by supply risk")
    def risk_json(edition: int | None = Query(None, ge=1900, le=2100)) -> Response:
        return pages.json(("risk", edition), lambda: risk_page_data(ctx.store(), edition))

    @app.get("/risk.csv", tags=["risk"], summary="The risk ranking as CSV")
    def risk_csv(edition: int | None = Query(None, ge=1900, le=2100)) -> Response:
        data = pages.data(("risk", edition), lambda: risk_page_data(ctx.store(), edition))
        return Response(
            rows_to_csv(data["commodities"], RISK_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="assay-risk.csv"'},
        )

    @app.get("/risk", include_in_schema=False)
    def risk_page(
        request: Request, edition: int | None = Query(None, ge=1900, le=2100)
    ) -> Response:
        return pages.page(
            request,
            ("risk", edition),
            lambda: risk_page_data(ctx.store(), edition),
            "risk.html",
            title="Supply risk by commodity",
            json_href="/risk.json" + (f"?edition={edition}" if edition else ""),
        )
