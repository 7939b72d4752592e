"""Audit page: the plausibility flags of the store, with corrections or written reasons."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from assay.web.app import Pages


def register(pages: Pages) -> None:
    app, ctx = pages.app, pages.ctx
    pages.add_nav("Audit", "/audit")

    def compute() -> dict[str, Any]:
        from assay.analyses.audit import public_flags, run_audit

        return public_flags(run_audit(ctx.store()))

    @app.get("/audit.json", tags=["audit"], summary="Plausibility flags, corrections, reasons")
    def audit_json() -> Response:
        return pages.json("audit", compute)

    @app.get("/audit", include_in_schema=False)
    def audit(request: Request) -> Response:
        return pages.page(request, "audit", compute, "audit.html", title="Audit")
