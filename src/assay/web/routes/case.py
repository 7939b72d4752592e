"""Case dossier page: how real, how much, what it is worth, for one country and commodity.

``/case/{country}?commodity=...`` and its JSON twin ``/case/{country}.json``; the briefing as
HTML or PDF at ``/case/{country}/report.{html,pdf}``. Data:
:func:`assay.analyses.case.case_dossier`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from assay.web.app import Pages


def register(pages: Pages) -> None:
    if not pages.has("sites"):
        return
    app, ctx = pages.app, pages.ctx
    pages.add_nav("Case", "/case/UKR")

    from assay.analyses.case import fmt_usd

    pages.env.filters.setdefault("usd", lambda x: "–" if x is None else "USD " + fmt_usd(x))

    def compute(name: str, commodity: str | None) -> Any:
        from assay.analyses.case import case_dossier

        return lambda: case_dossier(ctx.store(), name, commodity)

    def key(name: str, commodity: str | None) -> tuple[str, str, str]:
        return ("case", name.upper(), (commodity or "rare earths").lower())

    @app.get("/case/{name}.json", tags=["case"], summary="Case dossier (JSON)")
    def case_json(name: str, commodity: str | None = None) -> Response:
        return pages.json(key(name, commodity), compute(name, commodity))

    @app.get("/case/{name}/report.{fmt}", tags=["case"], summary="Case briefing (html or pdf)")
    def case_report_download(name: str, fmt: str, commodity: str | None = None) -> Response:
        from assay.reports.case import case_report
        from assay.web.app import PageError

        if fmt not in ("html", "pdf"):
            raise PageError("report format must be html or pdf", 404)
        data = pages.data(key(name, commodity), compute(name, commodity))

        def build() -> bytes:
            report = case_report(ctx.store(), name, data=data)
            return report.html.encode() if fmt == "html" else report.pdf()

        body = ctx.cached(("case-report", *key(name, commodity), fmt), build)
        return Response(
            body,
            media_type="text/html; charset=utf-8" if fmt == "html" else "application/pdf",
            headers={"content-disposition": f'attachment; filename="case-{data["country"]}.{fmt}"'},
        )

    @app.get("/case/{name}", include_in_schema=False)
    def case_page(request: Request, name: str, commodity: str | None = None) -> Response:
        query = f"?commodity={commodity}" if commodity else ""
        return pages.page(
            request,
            key(name, commodity),
            compute(name, commodity),
            "case.html",
            title=lambda d: f"Case dossier: {d['country_name']} — {d['commodity']['name']}",
            json_href=f"/case/{name}.json{query}",
        )
