"""The FastAPI application factory: :func:`create_app`.

Every page is a plain dict computed from the store (its JSON twin, served at the same URL
with ``.json`` or with ``Accept: application/json``) and rendered through a Jinja template.
Pages of a capability that is not installed are simply not registered and not linked.
All assets (CSS, JS, Plotly's bundled ``plotly.min.js``, boundary GeoJSON) are served by the
app itself; the content security policy forbids any other origin.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator, Callable, Hashable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from assay.store.db import StoreBusyError
from assay.web.context import WebContext, capability
from assay.web.render import dumps, make_environment
from assay.web.security import (
    BodyLimitMiddleware,
    SameOriginMiddleware,
    SecurityHeadersMiddleware,
    TimeoutMiddleware,
)

STATIC = Path(__file__).parent / "static"


class PageError(Exception):
    """A request the page cannot answer: unknown name (404) or bad input (400)."""

    def __init__(self, message: str, status: int = 404) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def plotly_js_path() -> Path:
    """Path of the ``plotly.min.js`` bundled with the installed plotly package."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def boundaries_dir() -> Path:
    """Folder of the bundled boundary GeoJSON files (``assay.reference.boundaries``)."""
    import assay.reference

    return Path(assay.reference.__file__).parent / "boundaries"


def wants_json(request: Request) -> bool:
    """True when the client asks for the JSON twin through the ``Accept`` header."""
    accept = request.headers.get("accept", "")
    if "application/json" not in accept:
        return False
    return "text/html" not in accept or accept.index("application/json") < accept.index("text/html")


class Pages:
    """Route helpers bound to one app: respond with HTML or the JSON twin, with caching."""

    def __init__(self, app: FastAPI, ctx: WebContext) -> None:
        self.app = app
        self.ctx = ctx
        self.env = make_environment()
        self.nav: list[dict[str, str]] = []
        self.capabilities: dict[str, Any] = {}
        self.env.globals["nav"] = self.nav
        self.env.globals["read_only"] = ctx.read_only

    def has(self, name: str) -> Any:
        if name not in self.capabilities:
            self.capabilities[name] = capability(name)
        return self.capabilities[name]

    def add_nav(self, label: str, href: str) -> None:
        self.nav.append({"label": label, "href": href})

    def data(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The page dict for ``key`` (cached); unknown names become 404, bad input 400."""

        def guarded() -> Any:
            try:
                return compute()
            except PageError:
                raise
            except LookupError as exc:  # KeyError, IndexError and friends
                raise PageError(str(exc).strip("'\""), 404) from exc
            except ValueError as exc:
                unknown = type(exc).__name__.startswith("Unknown")  # UnknownNameError, ...
                status = 404 if unknown else 400
                raise PageError(str(exc), status) from exc

        return self.ctx.cached(("data", key), guarded)

    def json(self, key: Hashable, compute: Callable[[], Any]) -> Response:
        body = self.ctx.cached(("json", key), lambda: dumps(self.data(key, compute)).encode())
        return Response(body, media_type="application/json")

    def page(
        self,
        request: Request,
        key: Hashable,
        compute: Callable[[], Any],
        template: str,
        *,
        title: str | Callable[[Any], str],
        json_href: str | None = None,
        extra: dict[str, Any] | None = None,
        figures: Callable[[Any], dict[str, Any]] | None = None,
    ) -> Response:
        """The HTML page (or its JSON twin when the ``Accept`` header asks for JSON).

        ``figures(data)`` builds the page's Plotly figures at render time, so they are part
        of the cached HTML but not of the JSON twin.
        """
        if wants_json(request):
            return self.json(key, compute)

        def render() -> bytes:
            data = self.data(key, compute)
            page_title = title(data) if callable(title) else title
            context = {
                "data": data,
                "title": page_title,
                "json_href": json_href or (request.url.path + ".json"),
                "path": request.url.path,
            }
            if figures is not None:
                context["figures"] = figures(data)
                context["plots"] = True
            context.update(extra or {})
            return self.env.get_template(template).render(**context).encode()

        if extra:  # extras depend on the request (form values): not cached
            body = render()
        else:
            body = self.ctx.cached(("html", key), render)
        return Response(body, media_type="text/html; charset=utf-8")

    def render(self, template: str, **context: Any) -> Response:
        body = self.env.get_template(template).render(**context).encode()
        return Response(body, media_type="text/html; charset=utf-8")


class StoreSessionMiddleware:
    """Hold the store file only while a request is answered (one writer, many readers)."""

    def __init__(self, app: Any, ctx: WebContext) -> None:
        self.app = app
        self.ctx = ctx

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.ctx.begin_request()
        try:
            await self.app(scope, receive, send)
        finally:
            self.ctx.end_request()


def _error_response(request: Request, pages: Pages, status: int, message: str) -> Response:
    if (
        request.url.path.endswith(".json")
        or wants_json(request)
        or request.url.path.startswith("/api/")
    ):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    body = pages.env.get_template("error.html").render(
        title=f"Error {status}", status=status, message=message, path=request.url.path
    )
    return Response(body, status_code=status, media_type="text/html; charset=utf-8")


#: error answers any route may give (JSON for .json and /api/ paths, HTML otherwise)
DOCUMENTED_ERRORS = {
    "400": "Bad input: the message names the field (or file, row and field)",
    "401": "A write endpoint without a valid bearer token",
    "403": "Read-only server, or a cross-site POST",
    "404": "Unknown name, run or file",
    "405": "Method not allowed (the Allow header lists the allowed ones)",
    "413": "Request body over the upload limit",
    "422": "A required form field or parameter is missing or malformed",
    "503": "Over the time limit (the work is stopped), or the store is busy",
}


def _success_media(path: str) -> list[str]:
    """Content types of a route's 200 answer, from its path (as the routes answer)."""
    if path.endswith(".csv"):
        return ["text/csv; charset=utf-8"]
    if path.endswith(".geojson"):
        return ["application/geo+json"]
    if path.endswith("report.{fmt}"):
        return ["text/html; charset=utf-8", "application/pdf"]
    if path.endswith("/{file}"):
        return ["text/csv; charset=utf-8", "application/json", "text/plain; charset=utf-8"]
    return ["application/json"]


def document_responses(app: FastAPI) -> None:
    """Complete the OpenAPI document: every operation lists the error statuses of
    :data:`DOCUMENTED_ERRORS` (``{"error", "status"}`` JSON or an HTML page) and the real
    content types of its 200 answer, so that clients (and schemathesis) see what it does."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
            "type": "object",
            "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
            "required": ["error", "status"],
        }
        error_content = {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}},
            "text/html; charset=utf-8": {"schema": {"type": "string"}},
        }
        for path, item in schema.get("paths", {}).items():
            for operation in item.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                responses = operation["responses"]
                ok = responses.get("200")
                if ok is not None:
                    ok["content"] = {media: {"schema": {}} for media in _success_media(path)}
                for code, text in DOCUMENTED_ERRORS.items():
                    responses.setdefault(code, {"description": text, "content": error_content})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


class StoreWarningMiddleware:
    """Answer with ``X-Assay-Warning`` while the store's last operation (a build, an import)
    did not complete, as the CLI views warn on stderr (assay.store.schema_ops)."""

    def __init__(self, app: Any, ctx: WebContext) -> None:
        self.app = app
        self.ctx = ctx
        self._checked: tuple[float, int] | None = None
        self._warning: bytes | None = None

    def _current(self) -> bytes | None:
        try:
            stat = os.stat(self.ctx.db_path)
            signature = (stat.st_mtime, stat.st_size)
        except OSError:
            return None
        if signature != self._checked:
            from assay.store.schema_ops import warning

            try:
                text = warning(self.ctx.store())
            except Exception:  # noqa: BLE001 - no journal, busy store: no notice
                text = None
            ascii_text = text.encode("ascii", "replace") if text else None
            self._warning, self._checked = ascii_text, signature
        return self._warning

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        notice = self._current()

        async def send_with_warning(message: Any) -> None:
            if notice and message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-assay-warning", notice)]
            await send(message)

        await self.app(scope, receive, send_with_warning if notice else send)


class AllowHeaderMiddleware:
    """On a 405, list in ``Allow`` every method of every route of that path (Starlette
    names only the first route's, e.g. ``GET`` for a path that also takes POST)."""

    def __init__(self, app: Any, router: Any) -> None:
        self.app = app
        self.router = router

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_allow(message: Any) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                from starlette.routing import Match

                methods: set[str] = set()
                for route in self.router.routes:
                    match, _ = route.matches(scope)
                    if match != Match.NONE and getattr(route, "methods", None):
                        methods |= set(route.methods)
                if methods:
                    headers = [(k, v) for k, v in message.get("headers", []) if k != b"allow"]
                    headers.append((b"allow", ", ".join(sorted(methods)).encode()))
                    message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_allow)


def create_app(
    db_path: str | os.PathLike[str] | None = None,
    *,
    write_token: str | None = None,
    max_upload_bytes: int = 2_000_000,
    request_timeout_s: float = 30.0,
    allow_fetch: bool = False,
    allowed_hosts: Iterable[str] | None = None,
    cache_size: int = 512,
) -> FastAPI:
    """Build the assay web application.

    Parameters
    ----------
    db_path
        The store file (default: ``$ASSAY_DB``, else the user data dir). It must exist.
    write_token
        When given, the store is opened for writing and the import endpoints accept requests
        that carry ``Authorization: Bearer <token>``. Without it the store is read-only and
        every import endpoint answers 403.
    max_upload_bytes
        Largest accepted request body [bytes]; larger ones get 413.
    request_timeout_s
        Longest time a request may take [s]; slower ones get 503.
    allow_fetch
        Allow the article check to fetch a user-given URL on the server. Off by default:
        the server never contacts an address it was handed.
    allowed_hosts
        Accepted ``Host`` header names (None: any). ``assay serve`` passes the loopback
        names when it binds to loopback.
    cache_size
        Number of computed pages kept in memory.
    """
    from assay.store import default_db_path

    ctx = WebContext(
        db_path=default_db_path(db_path),
        write_token=write_token,
        max_upload_bytes=max_upload_bytes,
        request_timeout_s=request_timeout_s,
        allow_fetch=allow_fetch,
        cache_size=cache_size,
    )
    if not ctx.db_path.exists() and str(ctx.db_path) != ":memory:":
        raise FileNotFoundError(
            f"no assay store at {ctx.db_path}; build one with `assay build` (or pass --db)"
        )
    ctx.open()  # fail early on a store that cannot be opened
    ctx.close()  # ...but hold the file only while answering (see WebContext.begin_request)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            ctx.close()

    app = FastAPI(
        title="assay",
        summary="Critical-mineral intelligence with provenance: the JSON twins of every page.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads its JS from a CDN: only the OpenAPI JSON is served
        redoc_url=None,
    )
    app.state.ctx = ctx
    pages = Pages(app, ctx)
    app.state.pages = pages

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError) -> Response:
        return _error_response(request, pages, exc.status, exc.message)

    @app.exception_handler(StoreBusyError)
    async def _store_busy(request: Request, exc: StoreBusyError) -> Response:
        return _error_response(request, pages, 503, str(exc))

    @app.exception_handler(404)
    async def _not_found(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", None) or "not found"
        return _error_response(request, pages, 404, str(detail))

    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # every error answer has one shape: {"error", "status"} (or the HTML error page)
        response = _error_response(request, pages, exc.status_code, str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors()[:3]:
            where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "request"
            problems.append(f"{where}: {str(error.get('msg', 'invalid'))[:200]}")
        return _error_response(request, pages, 400, "; ".join(problems) or "bad request")

    # innermost first: body limit, then time limit, then headers (outermost, so that every
    # answer, errors included, carries them)
    app.add_middleware(StoreWarningMiddleware, ctx=ctx)  # inside the store session
    app.add_middleware(StoreSessionMiddleware, ctx=ctx)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_upload_bytes)
    app.add_middleware(TimeoutMiddleware, seconds=request_timeout_s)
    app.add_middleware(SameOriginMiddleware)  # CSRF: cross-site POSTs refused before reading
    app.add_middleware(AllowHeaderMiddleware, router=app.router)
    app.add_middleware(SecurityHeadersMiddleware, allowed_hosts=allowed_hosts)

    # -- assets ------------------------------------------------------------------------------
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    plotly_js = plotly_js_path()
    plotly_etag = hashlib.sha256(str(plotly_js.stat().st_mtime_ns).encode()).hexdigest()[:16]

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_asset() -> Response:
        return FileResponse(
            plotly_js,
            media_type="text/javascript",
            headers={"cache-control": "public, max-age=86400", "etag": plotly_etag},
        )

    @app.get("/boundaries/{name}.geojson", include_in_schema=False)
    def boundary_asset(name: str) -> Response:
        folder = boundaries_dir()
        candidates = {p.stem: p for p in folder.glob("*.geojson")} if folder.is_dir() else {}
        if name not in candidates:
            raise PageError(f"no bundled boundary file {name!r}")
        return FileResponse(
            candidates[name],
            media_type="application/geo+json",
            headers={"cache-control": "public, max-age=86400"},
        )

    from assay.web import routes

    routes.register_all(pages)
    document_responses(app)
    return app
