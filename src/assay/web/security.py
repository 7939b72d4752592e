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
    "referrer-policy": "no-referrer",
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
                headers = list(message.get("headers", []))
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
