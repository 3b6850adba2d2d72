"""ASGI middleware of the public API: header and body limits, origin check, request id and
access log, and one JSON error shape for every refusal (also those a library answers in text).

Pure ASGI (no ``BaseHTTPMiddleware``), so streamed responses pass through untouched.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from advisor.http.errors import HTTP_ERRORS, error_response

log = logging.getLogger("advisor.http")
#: Origins that may call the API when ADVISOR_CORS_ORIGINS is empty: pages served from this machine
#: (the demo page on a laptop). Never derived from the request's Host (DNS rebinding would pass).
_REQUEST_ID = re.compile(r"[^A-Za-z0-9._-]")  # what a client-chosen request id may keep (it is echoed and logged)
LOOPBACK_ORIGIN = re.compile(r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$")


class HeaderLimits:
    """Refuse requests with more than ``max_count`` headers or ``max_bytes`` of them (431), before
    any work. uvicorn's h11 parser bounds a request head's size too (h11_max_incomplete_event_size);
    this also holds for any server in front and for the count, which no parser here bounds."""

    def __init__(self, app: ASGIApp, max_count: int, max_bytes: int) -> None:
        self.app = app
        self.max_count = max_count
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = scope.get("headers") or []
            if len(headers) > self.max_count or sum(len(k) + len(v) + 4 for k, v in headers) > self.max_bytes:
                resp = error_response(431, "headers_too_large", f"Too many or too large request headers (at most {self.max_count} headers, {self.max_bytes} bytes).")
                await resp(scope, receive, send)
                return
        await self.app(scope, receive, send)


class PlainErrorsAsJson:
    """Give every error response the API's one JSON shape: Starlette's CORS middleware refuses a
    preflight with text ("Disallowed CORS origin"), and other library code may answer in text too.
    Only non-JSON error responses are rewritten; their text is never passed on (it may name internals)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rewriting = False

        async def json_send(msg: AsgiMessage) -> None:
            nonlocal rewriting
            if msg["type"] == "http.response.start":
                ctype = MutableHeaders(scope=msg).get("content-type", "")
                if msg["status"] >= 400 and "json" not in ctype:
                    rewriting = True
                    status = msg["status"]
                    preflight = scope["method"] == "OPTIONS" and status == 400
                    code = "cors_refused" if preflight else HTTP_ERRORS.get(status, "internal_error" if status >= 500 else "http_error")
                    message = "This cross-origin request is not allowed (origin, method or headers)." if preflight else "The request was refused."
                    body = json.dumps({"error": code, "message": message, "hint": ""}).encode()
                    headers = MutableHeaders(scope=msg)
                    headers["content-type"] = "application/json"
                    headers["content-length"] = str(len(body))
                    await send({**msg, "status": 403 if preflight else status})
                    await send({"type": "http.response.body", "body": body, "more_body": False})
                    return
            elif rewriting:
                return  # the text body is replaced above
            await send(msg)

        await self.app(scope, receive, json_send)


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


def origin_allowed(origin: str, allowed: list[str]) -> bool:
    """A listed origin, or any for ``*``; with no list, only this machine's own pages
    (:data:`LOOPBACK_ORIGIN`). Checked against ``Origin`` alone: the Host header is the client's to choose."""
    origin = origin.rstrip("/")
    if not allowed:
        return bool(LOOPBACK_ORIGIN.match(origin))
    return "*" in allowed or origin in allowed


class RequestLogAndOrigin:
    """Refuse /api/ calls from pages of other origins (403, CORS preflights included), tag every
    response with an ``X-Request-ID`` and ``nosniff``, and write one JSON access-log line per request when it ends."""

    def __init__(self, app: ASGIApp, allowed_origins: list[str]) -> None:
        self.app = app
        self.allowed_origins = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        conn = HTTPConnection(scope)
        rid = _REQUEST_ID.sub("", conn.headers.get("x-request-id", ""))[:64] or uuid.uuid4().hex[:16]
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
            if origin and conn.url.path.startswith("/api/") and not origin_allowed(origin, self.allowed_origins):
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
