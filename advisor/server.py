"""HTTP API for the website widget: FastAPI, a thin surface over ``Advisor.answer``.

The endpoint is public and untrusted, so every limit lives in the HTTP layer (body size, rate,
origin, timeout) and every domain error is translated once (:mod:`advisor.http.errors`). The
engine (embedding model, index) is built once per process and shared by all requests; the
parts live in :mod:`advisor.http`, and :func:`create_app` wires them.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from slowapi import Limiter
from slowapi.util import get_remote_address
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from advisor.engine import Advisor
from advisor.feedback import FeedbackStore
from advisor.http import errors, health, static
from advisor.http.articles import router as articles_router
from advisor.http.chat import chat_router
from advisor.http.deps import Services
from advisor.http.feedback import feedback_router
from advisor.http.middleware import LOOPBACK_ORIGIN, BodySizeLimit, HeaderLimits, PlainErrorsAsJson, RequestLogAndOrigin
from advisor.http.wire import ChatRequest, ChatResponse, ErrorBody, FeedbackRequest
from advisor.settings import Settings, load_settings

__all__ = ["ChatRequest", "ChatResponse", "ErrorBody", "FeedbackRequest", "create_app"]

#: Seconds browsers may cache a CORS preflight answer.
CORS_MAX_AGE_S = 600


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Warm the engine in a background thread; /readyz reports when it is done."""
    services: Services = app.state.services
    threading.Thread(target=services.warm, name="advisor-warmup", daemon=True).start()
    yield


def create_app(settings: Settings | None = None, advisor: Advisor | None = None, feedback: FeedbackStore | None = None) -> FastAPI:
    """Build the API. Dependencies are explicit so tests (and workers) pass their own."""
    settings = settings or load_settings()
    app = FastAPI(
        title="Advisor API",
        version="1.0",
        description="Grounded answers about MSPs and fractional IT leadership, from the firm's articles only. Every quote is verbatim source text.",
        lifespan=lifespan,
    )
    # Set here, not in the lifespan, so an app whose lifespan never runs (an in-process ASGI
    # client) still has them; `advisor_state` is the name older callers know the services by.
    app.state.services = app.state.advisor_state = Services(settings, advisor, feedback)
    app.state.limiter = limiter = Limiter(key_func=get_remote_address, headers_enabled=True, storage_uri=settings.rate_limit_storage)
    errors.install(app)

    # Middleware: the last added is the outermost. From the outside in: the client's address (from
    # X-Forwarded-* only when a trusted proxy sent them), the origin check, request id and access log
    # (so refusals below are logged and tagged too), header and body limits (before any work), one
    # JSON shape for every error (CORS refusals included), CORS.
    origins = settings.origin_list()
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"] if "*" in origins else origins,
        allow_origin_regex=None if origins else LOOPBACK_ORIGIN.pattern,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "X-Request-ID"],
        expose_headers=["Retry-After", "X-Request-ID"],
        max_age=CORS_MAX_AGE_S,
    )
    app.add_middleware(PlainErrorsAsJson)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(HeaderLimits, max_count=settings.max_headers, max_bytes=settings.max_header_bytes)
    app.add_middleware(RequestLogAndOrigin, allowed_origins=origins)
    if settings.trusted_proxy_list():
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list())

    def rate() -> str:
        return settings.rate_limit

    for router in (chat_router(limiter, rate), feedback_router(limiter, rate), health.router, static.router):
        app.include_router(router)
    app.include_router(articles_router)
    return app
