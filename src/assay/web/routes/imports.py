"""Import endpoints: they write to the store, so they need the server's write token.

A server started without a write token opens the store read-only and answers every import
with 403. With a token (``assay serve --write-token-env NAME``), a request must carry
``Authorization: Bearer <token>`` (compared in constant time); a missing or wrong token
gets 401. After a successful import the page cache is cleared.
"""

from __future__ import annotations

import hmac
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from assay.web.app import PageError, Pages


def authorise(request: Request, token: str | None) -> None:
    """Raise :class:`PageError` 403 (read-only server) or 401 (missing/wrong token)."""
    if token is None:
        raise PageError("this server opened the store read-only; imports are disabled", 403)
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), token):
        raise PageError("a valid write token is required (Authorization: Bearer <token>)", 401)


def register(pages: Pages) -> None:
    app, ctx = pages.app, pages.ctx

    def write(fn: Any) -> Any:
        with ctx._write_lock:
            try:
                return fn(ctx.store())
            finally:
                ctx.clear_cache()

    if pages.has("news"):

        @app.post("/api/import/article", tags=["import"], summary="Check and keep an article")
        async def import_article(
            request: Request,
            text: Annotated[str, Form(description="Article text")] = "",
            file: Annotated[UploadFile | None, File(description="Text file")] = None,
            title: Annotated[str, Form()] = "",
            date: Annotated[str, Form(description="YYYY-MM-DD")] = "",
        ) -> Response:
            from starlette.concurrency import run_in_threadpool

            authorise(request, ctx.write_token)
            if file is not None and file.filename:
                try:
                    text = (await file.read()).decode("utf-8-sig")
                except UnicodeDecodeError as exc:
                    raise PageError(f"{file.filename}: not UTF-8 text", 400) from exc
            if not text.strip():
                raise PageError("no article text", 400)

            def run(store: Any) -> dict[str, Any]:
                from assay.analyses.news import check_text, save_results

                doc = check_text(store, text, title=title or None, date=date or None)
                n = save_results(store, [doc])
                return {"document_id": doc["id"], "claims": n, "summary": doc["summary"]}

            try:
                result = await run_in_threadpool(write, run)
            except ValueError as exc:
                raise PageError(str(exc), 400) from exc
            return JSONResponse(result)

    @app.post("/api/import/mcs", tags=["import"], summary="Import one USGS MCS CSV file")
    async def import_mcs_file(
        request: Request,
        file: Annotated[UploadFile, File(description="An MCS data-release CSV")],
    ) -> Response:
        from starlette.concurrency import run_in_threadpool

        authorise(request, ctx.write_token)
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(file.filename or "upload.csv").name)
        if not name.lower().endswith(".csv"):
            raise PageError(f"{name}: expected a .csv file", 400)
        content = await file.read()

        def run(store: Any) -> dict[str, Any]:
            from assay.importers.mcs import import_mcs

            with tempfile.TemporaryDirectory(prefix="assay-import-") as tmp:
                path = Path(tmp) / name
                path.write_bytes(content)
                try:
                    report = import_mcs(store, path)
                except (ValueError, FileNotFoundError) as exc:
                    raise PageError(str(exc).replace(str(path), name), 400) from exc
            # the stored audit flags follow the new numbers (as `assay import mcs` does)
            from assay.analyses.audit import refresh as refresh_audit

            audit = refresh_audit(store)
            as_dict = getattr(report, "as_dict", None)
            out = as_dict() if callable(as_dict) else dict(vars(report))
            out["quarantined"] = [
                {**q, "file": name} if isinstance(q, dict) else q
                for q in out.get("quarantined", [])
            ]
            return out | {"path": name, "files": [name], "audit": audit}

        result = await run_in_threadpool(write, run)
        from assay.web.render import dumps

        return Response(dumps(result), media_type="application/json")
