"""Check-an-article page: paste text or upload a file; claims are highlighted in the text
with their verdicts, and the evidence shows on hover (title) or click (side panel).

Checking: :func:`assay.analyses.news.check_text`. The article is only ever inserted as
escaped text: the highlighted view is built from (text, claims) segments rendered by Jinja's
autoescaping, and the claim details travel as a JSON data block that app.js writes with
``textContent``. A URL typed in the form is recorded with the result but never fetched
unless the server was started with ``--allow-fetch``.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import Response

from assay.web.app import PageError, Pages
from assay.web.render import rows_to_csv

#: verdict severity: the most severe verdict of overlapping claims colours a segment
SEVERITY = {"refuted": 3, "supported": 2, "not-checkable": 1}
MAX_TEXT_CHARS = 400_000


def fetch_url(url: str, max_bytes: int, timeout_s: float) -> str:
    """GET an http(s) page for the article check (only with ``--allow-fetch``).

    Through :func:`assay.web.security.safe_fetch`: at most ``max_bytes`` within
    ``timeout_s`` seconds in all, only globally routable addresses (loopback, private,
    link-local and multicast ones refused in every spelling, redirects included), and one
    error for every refusal or failure.
    """
    from assay.web.security import FetchRefused, safe_fetch

    shown = url if len(url) <= 200 else url[:200] + "..."
    try:
        body, charset = safe_fetch(url, max_bytes, timeout_s)
    except FetchRefused:
        raise PageError(
            f"{shown}: could not be fetched (only public http(s) addresses are)", 400
        ) from None
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:  # an unknown charset name
        return body.decode("utf-8", errors="replace")


def evidence_lines(claim: dict[str, Any]) -> list[str]:
    """One readable line per evidence record: what was compared, with its source."""
    lines = []
    for ev in claim.get("evidence") or []:
        if not isinstance(ev, dict):
            lines.append(str(ev))
            continue
        parts = [str(ev.get("role") or "evidence") + ":"]
        if ev.get("name") and ev.get("symbol"):
            parts.append(f"{ev['name']} ({ev['symbol']}), rare earth: {ev.get('is_rare_earth')}")
        if ev.get("count") is not None:
            parts.append(f"{ev['count']} members")
        if ev.get("country") or ev.get("iso3"):
            parts.append(str(ev.get("country") or ev.get("iso3")))
        if ev.get("measure"):
            parts.append(str(ev["measure"]).replace("_", " "))
        if ev.get("data_year"):
            parts.append(str(ev["data_year"]))
        if ev.get("value") is not None:
            parts.append(f"{ev['value']:,.6g} {ev.get('unit') or ''}".strip())
        if ev.get("rank") is not None:
            parts.append(f"rank {ev['rank']}" + (f" of {ev['of']}" if ev.get("of") else ""))
        source = ev.get("source") or {}
        if source:
            cite = ", ".join(
                str(x)
                for x in (source.get("publisher"), source.get("title"), source.get("edition"))
                if x
            )
            parts.append(f"[{cite}]")
        lines.append(" ".join(parts))
    return lines


def highlight_segments(text: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Split ``text`` at claim boundaries: ``[{text, claims: [index...], verdict}]``.

    A segment covered by several claims lists them all and takes the most severe verdict
    (refuted > supported > not-checkable).
    """
    cuts = {0, len(text)}
    spans = []
    for i, claim in enumerate(claims):
        span = claim.get("span") or []
        if len(span) == 2 and 0 <= span[0] < span[1] <= len(text):
            spans.append((int(span[0]), int(span[1]), i))
            cuts.update((int(span[0]), int(span[1])))
    points = sorted(cuts)
    segments = []
    for a, b in zip(points, points[1:], strict=False):
        covering = [i for s0, s1, i in spans if s0 <= a and b <= s1]
        verdict = None
        if covering:
            verdict = max(
                (claims[i].get("verdict") or "not-checkable" for i in covering),
                key=lambda v: SEVERITY.get(v, 0),
            )
        segments.append({"text": text[a:b], "claims": covering, "verdict": verdict})
    return segments


#: columns of the claims CSV (evidence as its readable lines, joined by " | ")
CLAIM_COLUMNS = (
    "number", "id", "type", "text", "verdict", "explanation", "subject", "predicate", "object",
    "span", "evidence",
)  # fmt: skip


def claim_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The claims table of a checked article as CSV rows (:data:`CLAIM_COLUMNS`)."""
    return [
        {
            **{k: c.get(k) for k in CLAIM_COLUMNS if k not in ("number", "evidence")},
            "number": i,
            "evidence": " | ".join(c.get("evidence_lines") or evidence_lines(c)),
        }
        for i, c in enumerate(result.get("claims", []), start=1)
    ]


def register(pages: Pages) -> None:
    if not pages.has("news"):
        return
    app, ctx = pages.app, pages.ctx
    pages.add_nav("Check an article", "/article")

    def form(error: str | None = None, status: int = 200, **values: Any) -> Response:
        response = pages.render(
            "article.html",
            title="Check an article",
            result=None,
            error=error,
            values=values,
            path="/article",
            json_href=None,
            allow_fetch=ctx.allow_fetch,
        )
        response.status_code = status
        return response

    def describe() -> dict[str, Any]:
        return {
            "page": "check an article",
            "post": "/article.json",
            "fields": {
                "text": "article text (or upload 'file': plain text or HTML)",
                "title": "optional; else the first line",
                "date": "publication date YYYY-MM-DD (decides the statistics edition)",
                "url": "recorded with the result, never fetched",
            },
            "verdicts": list(SEVERITY),
            "max_text_chars": MAX_TEXT_CHARS,
            "max_upload_bytes": ctx.max_upload_bytes,
        }

    @app.get("/article.json", tags=["news"], summary="What the article check accepts")
    def article_describe() -> Response:
        return pages.json("article-form", describe)

    @app.get("/article", include_in_schema=False)
    def article_form(request: Request) -> Response:
        from assay.web.app import wants_json

        if wants_json(request):
            return pages.json("article-form", describe)
        return form()

    async def read_input(text: str, upload: UploadFile | None, url: str = "") -> str:
        if not text.strip() and not (upload and upload.filename) and url and ctx.allow_fetch:
            from starlette.concurrency import run_in_threadpool

            html = await run_in_threadpool(
                fetch_url, url, ctx.max_upload_bytes, min(ctx.request_timeout_s, 15.0)
            )
            from assay.importers.news import document_from_html

            try:  # HTML parsing is CPU work: off the event loop
                doc = await run_in_threadpool(document_from_html, html, doc_id="fetched", path=url)
                return doc.text
            except ValueError as exc:
                raise PageError(f"{url[:200]}: {exc}", 400) from exc
        if upload is not None and upload.filename:
            raw = await upload.read()
            try:
                decoded = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise PageError(f"{upload.filename}: not UTF-8 text ({exc.reason})", 400) from exc
            name = upload.filename.lower()
            if name.endswith((".html", ".htm")) or decoded.lstrip()[:1] == "<":
                from starlette.concurrency import run_in_threadpool

                from assay.importers.news import document_from_html

                try:  # HTML parsing is CPU work: off the event loop
                    doc = await run_in_threadpool(
                        document_from_html, decoded, doc_id="upload", path=name
                    )
                    decoded = doc.text
                except ValueError as exc:
                    raise PageError(f"{upload.filename}: {exc}", 400) from exc
            text = decoded
        if not text.strip():
            hint = "" if ctx.allow_fetch else " (this server never fetches addresses)"
            raise PageError("paste the article text or choose a file" + hint, 400)
        if len(text) > MAX_TEXT_CHARS:
            raise PageError(f"the article is longer than {MAX_TEXT_CHARS:,} characters", 400)
        return text

    def check(text: str, title: str | None, date: str | None, url: str | None) -> dict:
        from assay.analyses.news import check_text

        try:
            result = check_text(ctx.store(), text, title=title or None, date=date or None, url=url)
        except ValueError as exc:
            raise PageError(str(exc), 400) from exc
        for claim in result.get("claims", []):
            claim["evidence_lines"] = evidence_lines(claim)
        return result

    @app.post("/article.json", tags=["news"], summary="Check an article's claims")
    async def article_json(
        text: Annotated[str, Form(description="Article text")] = "",
        file: Annotated[UploadFile | None, File(description="Text or HTML file")] = None,
        title: Annotated[str, Form()] = "",
        date: Annotated[str, Form(description="Publication date YYYY-MM-DD")] = "",
        url: Annotated[str, Form(description="Recorded, never fetched")] = "",
    ) -> Response:
        from starlette.concurrency import run_in_threadpool

        body = await read_input(text, file, url)
        result = await run_in_threadpool(check, body, title, date, url or None)
        from assay.web.render import dumps

        return Response(dumps(result), media_type="application/json")

    @app.post("/article", include_in_schema=False)
    async def article_check(
        request: Request,
        text: Annotated[str, Form()] = "",
        file: Annotated[UploadFile | None, File()] = None,
        title: Annotated[str, Form()] = "",
        date: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
    ) -> Response:
        from starlette.concurrency import run_in_threadpool

        from assay.web.app import wants_json
        from assay.web.render import dumps

        values = {"text": text, "title": title, "date": date, "url": url}
        try:
            body = await read_input(text, file, url)
            key = hashlib.sha256(repr((body, title, date, url)).encode()).hexdigest()[:16]
            result = await run_in_threadpool(
                pages.data, ("article", key), lambda: check(body, title, date, url or None)
            )
        except PageError as exc:
            if wants_json(request):
                raise
            return form(exc.message, exc.status, **values)
        if wants_json(request):
            return Response(dumps(result), media_type="application/json")
        claims = result.get("claims", [])
        panel = [
            {
                "text": c.get("text"),
                "verdict": c.get("verdict"),
                "explanation": c.get("explanation"),
                "evidence": c.get("evidence_lines", []),
            }
            for c in claims
        ]
        return pages.render(
            "article.html",
            title="Check an article",
            result=result,
            segments=highlight_segments(result.get("text", ""), claims),
            panel=panel,
            values=values,
            error=None,
            path="/article",
            json_href=None,
            allow_fetch=ctx.allow_fetch,
            csv_href=f"/article/run/{key}/claims.csv",
        )

    @app.get("/article/run/{key}/claims.csv", tags=["news"], summary="A checked article's claims")
    def article_claims_csv(key: str) -> Response:
        """The claims table of an article checked on this server (kept in its memory)."""

        def missing() -> dict[str, Any]:
            raise PageError(f"no checked article {key!r} in this server's memory; check it again")

        result = pages.data(("article", key), missing)
        return Response(
            rows_to_csv(claim_rows(result), CLAIM_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="claims-{key}.csv"'},
        )

    @app.post("/article.csv", tags=["news"], summary="Check an article; the claims as CSV")
    async def article_csv(
        text: Annotated[str, Form(description="Article text")] = "",
        file: Annotated[UploadFile | None, File(description="Text or HTML file")] = None,
        title: Annotated[str, Form()] = "",
        date: Annotated[str, Form(description="Publication date YYYY-MM-DD")] = "",
        url: Annotated[str, Form(description="Recorded, never fetched")] = "",
    ) -> Response:
        from starlette.concurrency import run_in_threadpool

        body = await read_input(text, file, url)
        result = await run_in_threadpool(check, body, title, date, url or None)
        return Response(
            rows_to_csv(claim_rows(result), CLAIM_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="claims.csv"'},
        )
