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
    ctx.open()

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

    @app.exception_handler(404)
    async def _not_found(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", None) or "not found"
        return _error_response(request, pages, 404, str(detail))

    # innermost first: body limit, then time limit, then headers (outermost, so that every
    # answer, errors included, carries them)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_upload_bytes)
    app.add_middleware(TimeoutMiddleware, seconds=request_timeout_s)
    app.add_middleware(SameOriginMiddleware)  # CSRF: cross-site POSTs refused before reading
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
    return app
