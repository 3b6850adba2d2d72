"""ASGI middleware of the public API: body size limit, origin check, request id and access log.

Pure ASGI (no ``BaseHTTPMiddleware``), so streamed responses pass through untouched.
"""

from __future__ import annotations

import json
import logging
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from advisor.http.errors import error_response

log = logging.getLogger("advisor.http")


class BodySizeLimit:
    """Reject bodies over ``max_bytes`` with 413, by header or by counting a chunked body.

    Written here because Starlette has no body limit and uvicorn's only applies to h11 headers.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._reject(scope, receive, send)
            return
        seen = 0
        rejected = False

        async def limited_receive() -> AsgiMessage:
            # Answer 413 ourselves and tell the app the client left: an exception raised here
            # would be re-wrapped by FastAPI's body parser as a 400.
            nonlocal seen, rejected
            msg = await receive()
            if msg["type"] == "http.request" and not rejected:
                seen += len(msg.get("body", b""))
                if seen > self.max_bytes:
                    rejected = True
                    await self._reject(scope, receive, send)
                    return {"type": "http.disconnect"}
            return msg

        async def guarded_send(msg: AsgiMessage) -> None:
            if not rejected:
                await send(msg)

        await self.app(scope, limited_receive, guarded_send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        resp = error_response(413, "too_large", f"The request body is larger than {self.max_bytes} bytes.", "Send a shorter question or history.")
        await resp(scope, receive, send)


def origin_allowed(origin: str, conn: HTTPConnection, allowed: list[str]) -> bool:
    """A listed origin, any origin for ``*``, or the page's own (same-origin always works)."""
    own = f"{conn.url.scheme}://{conn.headers.get('host', '')}"
    return "*" in allowed or origin.rstrip("/") in allowed or origin.rstrip("/") == own


class RequestLogAndOrigin:
    """Refuse /api/ calls from pages of other origins (403), tag every response with an
    ``X-Request-ID`` and ``nosniff``, and write one JSON access-log line per request when it ends."""

    def __init__(self, app: ASGIApp, allowed_origins: list[str]) -> None:
        self.app = app
        self.allowed_origins = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        conn = HTTPConnection(scope)
        rid = conn.headers.get("x-request-id", "")[:64] or uuid.uuid4().hex[:16]
        status = 500  # what the log says if the app fails before it starts a response

        async def tagged_send(msg: AsgiMessage) -> None:
            nonlocal status
            if msg["type"] == "http.response.start":
                status = msg["status"]
                headers = MutableHeaders(scope=msg)
                headers["X-Request-ID"] = rid
                headers.setdefault("X-Content-Type-Options", "nosniff")
            await send(msg)

        origin = conn.headers.get("origin")
        try:
            if origin and conn.url.path.startswith("/api/") and not origin_allowed(origin, conn, self.allowed_origins):
                refusal = error_response(403, "origin_not_allowed", "This site is not allowed to use the Advisor API.", "Add it to ADVISOR_CORS_ORIGINS.")
                await refusal(scope, receive, tagged_send)
            else:
                await self.app(scope, receive, tagged_send)
        finally:
            entry = {
                "event": "request",
                "id": rid,
                "method": scope["method"],
                "path": conn.url.path,
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "client": conn.client.host if conn.client else "",
            }
            log.info(json.dumps(entry))
