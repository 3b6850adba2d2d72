"""Every error the API answers with, translated once, as JSON :class:`~advisor.http.wire.ErrorBody`.

Domain errors go through one table (:data:`DOMAIN_ERRORS`); HTTP-level ones (validation, rate
limit, unknown route, crash) have one handler each. :func:`install` registers them all.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from starlette.exceptions import HTTPException as StarletteHTTPException

from advisor.errors import AdvisorError, BackendUnavailable, IndexNotReady, InputTooLarge, InvalidQuestion, ModelMissing
from advisor.feedback import FeedbackUnavailable
from advisor.http.wire import ErrorBody

log = logging.getLogger("advisor.http")

REQUEST_EXAMPLE = '{"messages": [{"role": "user", "content": "…"}]}'
#: Each route's example body, for the hint of its validation errors.
REQUEST_EXAMPLES: dict[str, str] = {
    "/api/chat": REQUEST_EXAMPLE,
    "/api/chat/stream": REQUEST_EXAMPLE,
    "/api/feedback": '{"interaction_id": "…", "feedback_token": "…", "rating": "up", "comment": "optional"}',
}


class AnswerTimeout(AdvisorError):
    """No answer within ``request_timeout_s`` (raised by the HTTP layer, not the core)."""

    hint = "Try again in a moment."


#: Domain error → (status, code). The first match wins, so a subclass comes before its base.
DOMAIN_ERRORS: tuple[tuple[type[AdvisorError], int, str], ...] = (
    (InputTooLarge, 413, "too_large"),
    (InvalidQuestion, 422, "invalid_question"),
    (IndexNotReady, 503, "index_not_ready"),
    (BackendUnavailable, 503, "backend_unavailable"),
    (ModelMissing, 503, "model_missing"),
    (FeedbackUnavailable, 503, "feedback_unavailable"),
    (AnswerTimeout, 504, "timeout"),
)
#: Codes of the HTTP exceptions routing and parsing raise (FastAPI's, Starlette's and ours), by status.
HTTP_ERRORS: dict[int, str] = {
    400: "invalid_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    431: "headers_too_large",
}
#: What a browser is told of a server-side failure, by code: the domain message (which may name a
#: path, a Chroma collection or a driver error) goes to the log only.
PUBLIC_MESSAGES: dict[str, tuple[str, str]] = {
    "index_not_ready": ("The article index is not available right now.", "Try again in a few minutes."),
    "backend_unavailable": ("A service the answers depend on is unavailable right now.", "Try again in a few minutes."),
    "model_missing": ("The answering service is not set up completely.", "Try again later."),
    "feedback_unavailable": ("Feedback cannot be saved right now; answers still work.", "Try again later."),
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entries for these statuses: each an :class:`ErrorBody`."""
    return {status: {"model": ErrorBody} for status in statuses}


#: What every /api/ operation can answer besides success: origin, body size, validation, rate limit.
ERROR_RESPONSES = error_responses(403, 413, 422, 429)


def error_body(exc: AdvisorError) -> tuple[int, dict[str, str]]:
    """The status and JSON body of a domain error (also sent as an SSE ``error`` event)."""
    for cls, status, code in DOMAIN_ERRORS:
        if isinstance(exc, cls):
            if code in PUBLIC_MESSAGES:
                log.warning(json.dumps({"event": code, "error": str(exc)}))
                message, hint = PUBLIC_MESSAGES[code]
                return status, {"error": code, "message": message, "hint": hint}
            return status, {"error": code, "message": str(exc), "hint": exc.hint}
    log.error(json.dumps({"event": "advisor_error", "error": str(exc)}))
    return 500, {"error": "internal_error", "message": "Something went wrong on our side.", "hint": "Try again in a moment."}


def error_response(status: int, code: str, message: str, hint: str = "", headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(ErrorBody(error=code, message=message, hint=hint).model_dump(), status_code=status, headers=headers)


def rate_limit_headers(limiter: Limiter, request: Request, exc: RateLimitExceeded) -> dict[str, str]:
    """``Retry-After`` (whole seconds until the limiter's window resets) and the ``X-RateLimit-*`` headers.

    The reset time is the strategy's own (``limiter.limiter.get_window_stats``), for the identifiers
    slowapi counted this request under (``request.state.view_rate_limit``: the limit that failed and
    its key). If those are missing or the storage cannot be read, the full window of the exceeded
    limit is the honest upper bound.
    """
    if exc.limit is None:  # slowapi always names the exceeded limit; the attribute is typed Optional
        return {}
    item = exc.limit.limit
    now = time.time()
    reset_at, remaining = now + item.get_expiry(), 0
    counted = getattr(request.state, "view_rate_limit", None)
    if counted and counted[0] == item:
        try:
            reset_at, remaining = limiter.limiter.get_window_stats(item, *counted[1])
        except Exception as err:  # e.g. Redis unreachable: keep the upper bound
            log.warning(json.dumps({"event": "rate_limit_stats_failed", "error": type(err).__name__}))
    return {
        "Retry-After": str(max(1, math.ceil(reset_at - now))),
        "X-RateLimit-Limit": str(item.amount),
        "X-RateLimit-Remaining": str(max(0, remaining)),
        "X-RateLimit-Reset": str(math.ceil(reset_at)),
    }


# ---- handlers ---------------------------------------------------------------------------------
async def _advisor_error(request: Request, exc: AdvisorError) -> Response:
    status, body = error_body(exc)
    return JSONResponse(body, status_code=status)


async def _validation(request: Request, exc: RequestValidationError) -> Response:
    problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: {e.get('msg', '')}" for e in exc.errors()[:5])
    example = REQUEST_EXAMPLES.get(request.url.path.rstrip("/"), "")
    hint = f"Send JSON like {example}." if example else "See /docs for the request's fields."
    return error_response(422, "invalid_request", f"The request is not valid: {problems}", hint)


async def _rate_limited(request: Request, exc: RateLimitExceeded) -> Response:
    headers = rate_limit_headers(request.app.state.limiter, request, exc)
    return error_response(429, "rate_limited", f"Too many questions from this address ({exc.detail}).", "Wait a moment and ask again.", headers)


async def _http(request: Request, exc: StarletteHTTPException) -> Response:
    hint = f"Send UTF-8 JSON like {REQUEST_EXAMPLE}." if exc.status_code == 400 else ""
    return error_response(exc.status_code, HTTP_ERRORS.get(exc.status_code, "http_error"), str(exc.detail), hint, headers=getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception(json.dumps({"event": "unhandled", "path": request.url.path, "error": type(exc).__name__}))
    return error_response(500, "internal_error", "Something went wrong on our side.", "Try again in a moment.")


HANDLERS: dict[type[Exception], Callable[[Request, Any], Awaitable[Response]]] = {
    AdvisorError: _advisor_error,
    RequestValidationError: _validation,
    RateLimitExceeded: _rate_limited,  # handlers are looked up along the MRO: this one wins over its base below
    StarletteHTTPException: _http,
    Exception: _unexpected,
}


def install(app: FastAPI) -> None:
    """Register every handler on ``app``."""
    for exc_class, handler in HANDLERS.items():
        app.add_exception_handler(exc_class, handler)
