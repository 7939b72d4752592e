"""Safety layer of the web app: security headers, upload size and request time limits.

The app is meant for air-gapped desks, so everything it shows comes from itself: the
content security policy allows scripts, styles, fonts, images and fetches from the app's
own origin only, and no inline script at all (article text, claims and data are rendered as
escaped text by Jinja's autoescaping; figures travel as JSON in ``<script
type="application/json">`` data blocks, which browsers never execute). Inline *styles* are
allowed because Plotly sets element styles when it draws.

All three middlewares are plain ASGI so that they wrap every route, static files included.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

logger = logging.getLogger("assay.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; "
    "script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "worker-src 'self' blob:; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)

SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    # 'same-origin', not 'no-referrer': under no-referrer a browser sends 'Origin: null' with
    # the app's own form POSTs, which the same-origin check must then refuse; this policy still
    # sends nothing to other sites
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """True for the loopback names and addresses (127.0.0.0/8, ``::1``, ``localhost``)."""
    return host in LOOPBACK_HOSTS or host.startswith("127.")


async def _send_plain(send: Send, status: int, message: str, json_body: bool) -> None:
    if json_body:
        body = json.dumps({"error": message, "status": status}).encode()
        ctype = b"application/json"
    else:
        body = message.encode()
        ctype = b"text/plain; charset=utf-8"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _wants_json(scope: Scope) -> bool:
    path = scope.get("path", "")
    if path.endswith(".json") or path.startswith("/api/"):
        return True
    for key, value in scope.get("headers", []):
        if key == b"accept" and b"application/json" in value:
            return True
    return False


_FILENAME = re.compile(rb'filename="(.*)"\s*$', re.DOTALL)  # to the last quote


def safe_disposition(value: bytes) -> bytes:
    """A ``Content-Disposition`` whose file name is reduced to ``[A-Za-z0-9._-]``: names
    taken from the URL never reach a header raw (a ``%0a`` once broke the response, a
    ``%22`` malformed the header)."""

    def clean(match: re.Match[bytes]) -> bytes:
        name = re.sub(rb"[^A-Za-z0-9._-]+", b"_", match.group(1)).strip(b"._")[:120]
        return b'filename="' + (name or b"download") + b'"'

    value = value.replace(b"\r", b"").replace(b"\n", b"")
    return _FILENAME.sub(clean, value, count=1)


class SecurityHeadersMiddleware:
    """Add :data:`SECURITY_HEADERS` to every HTTP response; refuse unexpected Host headers.

    Parameters
    ----------
    app
        The wrapped ASGI app.
    allowed_hosts
        Host names (without port) accepted in the ``Host`` header, or None for any. When the
        server binds to loopback the CLI passes the loopback names, which defeats DNS
        rebinding (a remote page that resolves its own name to 127.0.0.1).
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.allowed_hosts = None if allowed_hosts is None else set(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed_hosts is not None:
            host = ""
            for key, value in scope.get("headers", []):
                if key == b"host":
                    host = value.decode("latin-1")
                    break
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.allowed_hosts:
                await _send_plain(send, 400, f"host {host!r} not allowed", _wants_json(scope))
                return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (k, safe_disposition(v) if k.lower() == b"content-disposition" else v)
                    for k, v in message.get("headers", [])
                ]
                present = {k.lower() for k, _ in headers}
                for key, value in SECURITY_HEADERS.items():
                    if key.encode() not in present:
                        headers.append((key.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # answer 500 with the headers, log the traceback
            logger.exception("error while answering %s", scope.get("path"))
            if not started:
                await _send_plain(
                    send,
                    500,
                    f"internal error ({type(exc).__name__}); see the server log",
                    _wants_json(scope),
                )


class BodyTooLarge(Exception):
    """The request body went past the upload limit."""


class BodyLimitMiddleware:
    """Refuse request bodies larger than ``max_bytes`` with 413.

    A declared ``Content-Length`` over the limit is refused before anything is read; a
    chunked body is counted as it streams and cut off at the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body larger than the upload limit of {self.max_bytes} bytes"
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await _send_plain(send, 413, message, _wants_json(scope))
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _send_plain(send, 413, message, _wants_json(scope))


class TimeoutMiddleware:
    """Answer 503 when a request takes longer than ``seconds`` to produce its response.

    The time limit bounds what a client waits for; work already handed to a worker thread
    finishes in the background and its result is dropped.
    """

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await asyncio.wait_for(self.app(scope, receive, tracking_send), self.seconds)
        except TimeoutError:
            if not started:
                await _send_plain(
                    send,
                    503,
                    f"request took longer than the time limit of {self.seconds:g} s",
                    _wants_json(scope),
                )


# -- cross-site request forgery ------------------------------------------------------------------
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _origin_of(url: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class SameOriginMiddleware:
    """Refuse cross-site POSTs (403): every state-changing or CPU-heavy request must come
    from the app's own pages or from a client that is not a browser.

    A browser always says where a cross-origin POST comes from (``Origin``, else
    ``Referer``; modern ones also ``Sec-Fetch-Site``); a request whose stated origin is not
    the server's own is refused before it is read. Clients that send none of these headers
    (curl, scripts) are not browsers and cannot be made to forge a request by a web page;
    the import endpoints additionally need the bearer token, which browsers never attach.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method", "GET") not in STATE_CHANGING:
            await self.app(scope, receive, send)
            return
        host = (_header(scope, b"host") or "").lower()
        fetch_site = (_header(scope, b"sec-fetch-site") or "").lower()
        stated = _header(scope, b"origin")
        if stated is None or stated == "null":
            referer = _header(scope, b"referer")
            stated = _origin_of(referer) if referer else stated
        refused = fetch_site == "cross-site"
        if stated is not None:
            origin = _origin_of(stated) if stated != "null" else None
            scheme = scope.get("scheme", "http")
            refused = refused or origin is None or origin != f"{scheme}://{host}"
        if refused:
            await _send_plain(
                send,
                403,
                "cross-site request refused: POST to this server from its own pages",
                _wants_json(scope),
            )
            return
        await self.app(scope, receive, send)


# -- fetching a user-given address (--allow-fetch) -----------------------------------------------
class FetchRefused(Exception):
    """The address may not or could not be fetched (one error for every reason)."""


def address_allowed(address: str) -> bool:
    """True only for globally routable unicast addresses: loopback, private, link-local,
    multicast, reserved, unspecified and shared (CGNAT) ranges are refused, also when
    written as IPv4-mapped or 6to4/Teredo IPv6."""
    import ipaddress

    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not address_allowed(str(embedded)):
            return False
    return bool(ip.is_global) and not (
        ip.is_multicast or ip.is_loopback or ip.is_link_local or ip.is_private
    )


def _resolve(host: str, port: int, deadline: float) -> list[str]:
    import socket
    import time

    if time.monotonic() > deadline:
        raise FetchRefused
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchRefused from None
    return [str(info[4][0]) for info in infos]


def safe_fetch(
    url: str,
    max_bytes: int,
    timeout_s: float,
    *,
    allow: Callable[[str], bool] | None = None,
    max_redirects: int = 5,
) -> tuple[bytes, str | None]:
    """GET ``url`` (http/https) within ``timeout_s`` seconds in all, refusing every address
    that ``allow`` rejects (by default: anything not globally routable).

    The host is resolved here and every address it resolves to is checked (so 2130706433,
    0x7f000001, 127.1, 0177.0.0.1, [::1], [::ffff:127.0.0.1] and names that resolve to them
    are all refused); the connection goes to the checked address (no second lookup that a
    rebinding name could answer differently). Redirects are followed by hand, at most
    ``max_redirects``, each checked the same way; one to another scheme is refused.

    Returns
    -------
    (body, charset)

    Raises
    ------
    FetchRefused
        For every refusal and failure alike, so that the answer tells nothing about which
        addresses or ports exist.
    """
    import http.client
    import socket
    import ssl
    import time
    from urllib.parse import urljoin, urlsplit

    allow = allow or address_allowed  # looked up here, so that a test may stand in for it
    deadline = time.monotonic() + timeout_s
    for _ in range(max_redirects + 1):
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchRefused from None
        host = parts.hostname
        if parts.scheme not in ("http", "https") or not host or parts.username:
            raise FetchRefused
        addresses = _resolve(host, port, deadline)
        if not addresses or not all(allow(a) for a in addresses):
            raise FetchRefused
        address = addresses[0]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchRefused
        try:
            sock = socket.create_connection((address, port), timeout=remaining)
            if parts.scheme == "https":
                context = ssl.create_default_context()
                sock = context.wrap_socket(sock, server_hostname=host)
            conn = http.client.HTTPConnection(host, port, timeout=remaining)
            conn.sock = sock
            path = parts.path or "/"
            if parts.query:
                path += "?" + parts.query
            conn.request("GET", path, headers={"User-Agent": "assay article check"})
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("location")
                conn.close()
                if not location:
                    raise FetchRefused
                url = urljoin(url, location)
                continue
            if response.status != 200:
                conn.close()
                raise FetchRefused
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    conn.close()
                    raise FetchRefused
                if sock.fileno() != -1:  # closed once a non-keep-alive body is read
                    sock.settimeout(max(deadline - time.monotonic(), 0.01))
                chunk = response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    conn.close()
                    raise FetchRefused
                chunks.append(chunk)
            charset = response.headers.get_content_charset()
            conn.close()
            return b"".join(chunks), charset
        except (OSError, http.client.HTTPException, ValueError):
            raise FetchRefused from None
    raise FetchRefused


# -- CPU-heavy work with a time limit that really stops it ----------------------------------------
class WorkTimeout(Exception):
    """The work took longer than its time limit and was stopped."""


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result = ("ok", fn(*args))
    except BaseException as exc:  # noqa: BLE001 - sent back to the parent
        result = ("error", type(exc).__name__, str(exc), getattr(exc, "status", None))
    try:
        conn.send(result)
    finally:
        conn.close()


def run_with_time_limit(fn: Callable[..., Any], *args: Any, seconds: float) -> Any:
    """``fn(*args)`` in a forked worker process that is killed after ``seconds``.

    A thread cannot be stopped, so a request's time limit only bounds what the client waits
    for; forking lets the server stop the work itself. ``fn`` must be pure (no store). The
    result is pickled back; an exception comes back as ``ValueError`` (or the original
    ``PageError`` status via ``.status``) with its message.

    Raises
    ------
    WorkTimeout
        When the work ran past ``seconds`` (the worker is killed).
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():  # not on POSIX: run inline
        return fn(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, args), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise WorkTimeout(f"the computation took longer than {seconds:g} s and was stopped")
        try:
            outcome = receiver.recv()
        except EOFError:
            raise WorkTimeout("the computation ran out of memory or crashed") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if outcome[0] == "ok":
        return outcome[1]
    _, name, message, status = outcome
    error = WorkError(message)
    error.kind, error.status = name, status
    raise error


class WorkError(ValueError):
    """An error raised by work run in :func:`run_with_time_limit` (``kind``: its class)."""

    kind: str = "ValueError"
    status: int | None = None
