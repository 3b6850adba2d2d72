"""HTTP API for the website widget: FastAPI, a thin surface over ``Advisor.answer``.

The endpoint is public and untrusted, so every limit lives here (body size, rate, origin,
timeout) and every domain error is translated once, in :func:`_error_response`. The engine
(embedding model, index) is built once per process in the lifespan and shared by all requests.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Literal

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from advisor.engine import Advisor
from advisor.errors import AdvisorError, BackendUnavailable, IndexNotReady, InputTooLarge, InvalidQuestion
from advisor.feedback import FeedbackStore
from advisor.models import Answer, Message
from advisor.settings import PROJECT_ROOT, Settings, load_settings

WIDGET_DIR = PROJECT_ROOT / "widget"
log = logging.getLogger("advisor.http")


# ---- wire format --------------------------------------------------------------------------
class ChatRequest(BaseModel):
    """A conversation; the last message is the visitor's question."""

    messages: list[Message] = Field(min_length=1, description="Oldest first; the last one must have role 'user'.")
    profile: str = Field(default="website", max_length=40)


class PublicCitation(BaseModel):
    id: int
    title: str
    source: str
    url: str | None = None
    chunk_id: str
    quote: str = Field(description="Verbatim text of the source.")
    heading: str = ""


class ChatResponse(BaseModel):
    question: str
    answer: str = Field(description="Answer text with [n] markers pointing at citations.")
    abstained: bool
    citations: list[PublicCitation]
    backend: str
    latency_ms: float
    interaction_id: int | None = Field(default=None, description="Pass to /api/feedback to rate this answer.")


class FeedbackRequest(BaseModel):
    interaction_id: int = Field(ge=1, le=2_147_483_647, description="From the chat response (a 32-bit id: any larger is not ours).")
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=2000)


class ErrorBody(BaseModel):
    error: str = Field(description="Machine-readable code, e.g. invalid_question, rate_limited.")
    message: str
    hint: str = ""


# ---- errors: translated once ------------------------------------------------------------------
_STATUS: list[tuple[type[AdvisorError], int, str]] = [
    (InputTooLarge, 413, "too_large"),
    (InvalidQuestion, 422, "invalid_question"),
    (IndexNotReady, 503, "index_not_ready"),
    (BackendUnavailable, 503, "backend_unavailable"),
]


def _error_body(exc: AdvisorError) -> tuple[int, dict[str, str]]:
    for cls, status, code in _STATUS:
        if isinstance(exc, cls):
            return status, {"error": code, "message": str(exc), "hint": exc.hint}
    return 500, {"error": "advisor_error", "message": str(exc), "hint": exc.hint}


def _error_response(status: int, code: str, message: str, hint: str = "", headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, "hint": hint}, status_code=status, headers=headers)


def _public(ans: Answer, interaction_id: int | None) -> dict[str, Any]:
    return {**ans.to_public_json(), "interaction_id": interaction_id}


# ---- middleware ------------------------------------------------------------------------------
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
        resp = _error_response(413, "too_large", f"The request body is larger than {self.max_bytes} bytes.", "Send a shorter question or history.")
        await resp(scope, receive, send)


def _own_origin(request: Request) -> str:
    host = request.headers.get("host", "")
    return f"{request.url.scheme}://{host}"


def _origin_allowed(origin: str, request: Request, allowed: list[str]) -> bool:
    return "*" in allowed or origin.rstrip("/") in allowed or origin.rstrip("/") == _own_origin(request)


# ---- the app ---------------------------------------------------------------------------------
class _State:
    """What the lifespan builds once per process and every request shares."""

    def __init__(self, settings: Settings, advisor: Advisor | None, feedback: FeedbackStore | None) -> None:
        self.settings = settings
        self._advisor = advisor
        self.feedback = feedback or FeedbackStore(settings.resolved_db_url)
        self.ready = threading.Event()
        self.warm_error: str | None = None

    @property
    def advisor(self) -> Advisor:
        if self._advisor is None:
            self._advisor = Advisor(self.settings)
        return self._advisor

    def warm(self) -> None:
        """Load the model and open (or build) the index off the event loop, so /readyz can report progress."""
        try:
            self.advisor.ensure_ready()
            self.advisor.embedder.encode(["warm up"], cache=False)
            self.warm_error = None
        except AdvisorError as exc:
            self.warm_error = str(exc)
            log.error(json.dumps({"event": "warmup_failed", "error": str(exc)}))
        finally:
            self.ready.set()


def create_app(settings: Settings | None = None, advisor: Advisor | None = None, feedback: FeedbackStore | None = None) -> FastAPI:
    """Build the API. Dependencies are explicit so tests (and workers) pass their own."""
    settings = settings or load_settings()
    state = _State(settings, advisor, feedback)
    limiter = Limiter(key_func=get_remote_address, headers_enabled=True, storage_uri=settings.rate_limit_storage)
    allowed_origins = settings.origin_list()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=state.warm, name="advisor-warmup", daemon=True).start()
        yield

    app = FastAPI(
        title="Advisor API",
        version="1.0",
        description="Grounded answers about MSPs and fractional IT leadership, from the firm's articles only. Every quote is verbatim source text.",
        lifespan=lifespan,
    )
    app.state.limiter = limiter
    app.state.advisor_state = state

    # --- error translation (once) ---
    @app.exception_handler(AdvisorError)
    async def _advisor_error(request: Request, exc: AdvisorError) -> JSONResponse:
        status, body = _error_body(exc)
        return JSONResponse(body, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: {e.get('msg', '')}" for e in exc.errors()[:5])
        return _error_response(
            422, "invalid_request", f"The request is not valid: {problems}", 'Send JSON like {"messages": [{"role": "user", "content": "…"}]}.'
        )

    @app.exception_handler(RateLimitExceeded)
    async def _rate_limited(request: Request, exc: RateLimitExceeded) -> Response:
        resp = _error_response(429, "rate_limited", f"Too many questions from this address ({exc.detail}).", "Wait a moment and ask again.")
        resp = request.app.state.limiter._inject_headers(resp, request.state.view_rate_limit)
        resp.headers.setdefault("Retry-After", "60")
        return resp

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {400: "invalid_request", 404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        hint = 'Send UTF-8 JSON like {"messages": [{"role": "user", "content": "…"}]}.' if exc.status_code == 400 else ""
        return _error_response(exc.status_code, code, str(exc.detail), hint, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception(json.dumps({"event": "unhandled", "path": request.url.path, "error": type(exc).__name__}))
        return _error_response(500, "internal_error", "Something went wrong on our side.", "Try again in a moment.")

    # --- middleware: outermost last ---
    @app.middleware("http")
    async def access_log_and_origin(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        rid = request.headers.get("x-request-id", "")[:64] or uuid.uuid4().hex[:16]
        origin = request.headers.get("origin")
        if origin and request.url.path.startswith("/api/") and not _origin_allowed(origin, request, allowed_origins):
            response: Response = _error_response(
                403, "origin_not_allowed", "This site is not allowed to use the Advisor API.", "Add it to ADVISOR_CORS_ORIGINS."
            )
        else:
            response = await call_next(request)
        response.headers["X-Request-ID"] = rid
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        entry = {
            "event": "request",
            "id": rid,
            "method": request.method,
            "path": request.url.path,
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "client": request.client.host if request.client else "",
        }
        log.info(json.dumps(entry))
        return response

    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"] if "*" in allowed_origins else allowed_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "X-Request-ID"],
        expose_headers=["Retry-After", "X-Request-ID"],
        max_age=600,
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)

    # --- helpers ---
    def _question_and_history(body: ChatRequest) -> tuple[str, list[Message]]:
        if body.profile not in settings.public_profile_list():
            raise InvalidQuestion(f"Unknown profile {body.profile!r}; use one of: {', '.join(settings.public_profile_list())}.")
        *history, last = body.messages
        if last.role != "user":
            raise InvalidQuestion("The last message must be the user's question (role 'user').")
        q, msgs = state.advisor.validate(last.content, history)
        return q, msgs

    def _log_body(q: str) -> dict[str, Any]:
        return {"question": q} if settings.log_bodies else {"question_chars": len(q)}

    def _record(ans: Answer) -> int | None:
        try:
            return state.feedback.log_answer(ans, surface="web")
        except Exception as exc:  # the answer matters more than its log line
            log.error(json.dumps({"event": "feedback_log_failed", "error": type(exc).__name__}))
            return None

    # --- routes ---
    @app.post(
        "/api/chat",
        response_model=ChatResponse,
        responses={413: {"model": ErrorBody}, 422: {"model": ErrorBody}, 429: {"model": ErrorBody}, 503: {"model": ErrorBody}, 504: {"model": ErrorBody}},
        summary="Answer the last message of a conversation, with verbatim citations",
    )
    @limiter.shared_limit(lambda: settings.rate_limit, scope="questions")
    async def chat(request: Request, response: Response, body: ChatRequest) -> Any:
        q, history = _question_and_history(body)
        try:
            ans = await asyncio.wait_for(run_in_threadpool(state.advisor.answer, q, history, body.profile), timeout=settings.request_timeout_s)
        except TimeoutError:
            return _error_response(504, "timeout", f"No answer within {settings.request_timeout_s:g} s.", "Try again in a moment.")
        log.info(json.dumps({"event": "answer", "abstained": ans.abstained, "citations": len(ans.citations), "backend": ans.backend, **_log_body(q)}))
        return _public(ans, await run_in_threadpool(_record, ans))

    @app.post(
        "/api/chat/stream",
        responses={
            200: {
                "content": {"text/event-stream": {}},
                "description": "Events: `token` (text), then `done` (the ChatResponse JSON) or `error` (ErrorBody JSON).",
            },
            413: {"model": ErrorBody},
            422: {"model": ErrorBody},
            429: {"model": ErrorBody},
        },
        summary="Same as /api/chat, as Server-Sent Events",
    )
    @limiter.shared_limit(lambda: settings.rate_limit, scope="questions")
    async def chat_stream(request: Request, response: Response, body: ChatRequest) -> EventSourceResponse:
        q, history = _question_and_history(body)  # bad input fails fast with a status, before the stream opens

        async def events() -> AsyncIterator[ServerSentEvent]:
            final: Answer | None = None
            try:
                async with asyncio.timeout(settings.request_timeout_s):
                    async for piece in iterate_in_threadpool(state.advisor.stream(q, history, body.profile)):
                        if isinstance(piece, Answer):
                            final = piece
                        else:
                            yield ServerSentEvent(data=json.dumps({"text": piece}), event="token")
            except TimeoutError:
                yield ServerSentEvent(data=json.dumps({"error": "timeout", "message": "No answer in time.", "hint": "Try again in a moment."}), event="error")
                return
            except AdvisorError as exc:
                _, err = _error_body(exc)
                yield ServerSentEvent(data=json.dumps(err), event="error")
                return
            except Exception as exc:
                log.error(json.dumps({"event": "stream_failed", "error": type(exc).__name__}))
                yield ServerSentEvent(
                    data=json.dumps({"error": "internal_error", "message": "Something went wrong on our side.", "hint": "Try again."}), event="error"
                )
                return
            assert final is not None
            log.info(json.dumps({"event": "answer", "stream": True, "abstained": final.abstained, "citations": len(final.citations), **_log_body(q)}))
            yield ServerSentEvent(data=json.dumps(_public(final, await run_in_threadpool(_record, final))), event="done")

        return EventSourceResponse(events(), ping=15, headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    @app.post(
        "/api/feedback", responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}}, summary="Rate an answer 'up' or 'down', with an optional comment"
    )
    @limiter.limit(lambda: settings.rate_limit)
    async def feedback(request: Request, response: Response, body: FeedbackRequest) -> dict[str, Any]:
        ok = await run_in_threadpool(state.feedback.rate, body.interaction_id, 1 if body.rating == "up" else 0, body.comment)
        if not ok:
            raise StarletteHTTPException(404, f"No answer with id {body.interaction_id}.")
        return {"ok": True}

    @app.get("/healthz", summary="Liveness, with index and backend status")
    async def healthz() -> dict[str, Any]:
        info: dict[str, Any] = {"status": "ok", "ready": state.ready.is_set() and state.warm_error is None, "backend": state.advisor.backend_name}
        if info["ready"]:
            info.update(
                {k: v for k, v in (await run_in_threadpool(state.advisor.status)).items() if k in ("index_ready", "chunks", "documents", "ingested_at")}
            )
        elif state.warm_error:
            info["error"] = state.warm_error
        return info

    @app.get("/readyz", summary="200 once the model is loaded and the index is open, else 503")
    async def readyz() -> JSONResponse:
        if state.ready.is_set() and state.warm_error is None:
            return JSONResponse({"ready": True})
        msg = state.warm_error or "Warming up: loading the model and opening the index."
        return _error_response(503, "not_ready", msg, IndexNotReady.hint if state.warm_error else "Retry in a few seconds.", headers={"Retry-After": "5"})

    # --- widget and demo page ---
    @app.get("/widget.js", include_in_schema=False)
    async def widget_js() -> FileResponse:
        return FileResponse(WIDGET_DIR / "widget.js", media_type="text/javascript", headers={"Cache-Control": "public, max-age=300"})

    @app.get("/", include_in_schema=False)
    async def demo_page() -> FileResponse:
        return FileResponse(WIDGET_DIR / "demo.html", media_type="text/html")

    return app
