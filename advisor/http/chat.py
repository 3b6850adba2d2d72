"""/api/chat and /api/chat/stream: a question in, a cited answer out (as JSON or as Server-Sent Events).

A request may take ``request_timeout_s``. The engine runs in a worker thread, and a thread cannot be
interrupted: past the deadline the request stops waiting (504, or an SSE ``error`` event), the
stream is not advanced again, and the engine call that is running finishes in its thread with
its result dropped (not logged, not recorded). Work not yet started is never started.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import APIRouter, Request, Response
from slowapi import Limiter
from sse_starlette import EventSourceResponse, ServerSentEvent

from advisor.errors import AdvisorError
from advisor.feedback import Receipt
from advisor.http.deps import Ask, AskDep, Services, ServicesDep
from advisor.http.errors import ERROR_RESPONSES, AnswerTimeout, error_body, error_responses
from advisor.http.wire import ChatResponse
from advisor.models import Answer

log = logging.getLogger("advisor.http")
T = TypeVar("T")

#: Seconds between SSE keep-alive comments while the answer is composed.
SSE_PING_S = 15
STREAM_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


class Budget:
    """The time one answer may take, counted from its creation; engine calls made through it stop at the deadline."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = anyio.current_time() + seconds

    async def run(self, fn: Callable[[], T]) -> T:
        """``fn()`` in a worker thread, given up at the deadline (:class:`AnswerTimeout`); the thread runs on, its result dropped."""
        with anyio.CancelScope(deadline=self.deadline):
            return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
        raise AnswerTimeout(f"No answer within {self.seconds:g} s.")


def public(ans: Answer, receipt: Receipt | None) -> ChatResponse:
    """The response to a question: the domain's public answer plus the id and token to rate it by."""
    ids = {"interaction_id": receipt.interaction_id, "feedback_token": receipt.token} if receipt else {}
    return ChatResponse.model_validate({**ans.to_public_json(), **ids})


def _log_answer(services: Services, ask: Ask, ans: Answer, stream: bool) -> None:
    entry = {"event": "answer", "stream": stream, "abstained": ans.abstained, "citations": len(ans.citations), "backend": ans.backend, "notice": ans.notice}
    log.info(json.dumps({**entry, **services.log_fields(ask.question)}))


def _event(name: str, data: object) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps(data), event=name)


async def answer_events(services: Services, ask: Ask) -> AsyncIterator[ServerSentEvent]:
    """``token`` events as the engine yields text, then ``done`` (the ChatResponse) or one ``error`` (an ErrorBody)."""
    budget = Budget(services.settings.request_timeout_s)
    pieces = services.advisor.stream(ask.question, ask.history, ask.profile)
    while True:
        try:
            piece = await budget.run(functools.partial(next, pieces, None))
            if piece is None:
                raise RuntimeError("the engine's stream ended without an Answer")
        except AdvisorError as exc:  # a timeout included
            yield _event("error", error_body(exc)[1])
            return
        except Exception as exc:
            log.error(json.dumps({"event": "stream_failed", "error": type(exc).__name__}))
            yield _event("error", {"error": "internal_error", "message": "Something went wrong on our side.", "hint": "Try again."})
            return
        if isinstance(piece, Answer):
            break
        yield _event("token", {"text": piece})
    _log_answer(services, ask, piece, stream=True)
    response = public(piece, await anyio.to_thread.run_sync(services.record, piece))
    yield ServerSentEvent(data=response.model_dump_json(), event="done")


def chat_router(limiter: Limiter, rate: Callable[[], str]) -> APIRouter:
    """The chat routes, limited together to ``rate()`` questions per client (a factory: slowapi needs the limiter here)."""
    router = APIRouter(prefix="/api", tags=["chat"], responses=ERROR_RESPONSES)

    @router.post("/chat", responses=error_responses(503, 504), summary="Answer the last message of a conversation, with verbatim citations")
    @limiter.shared_limit(rate, scope="questions")
    async def chat(request: Request, response: Response, ask: AskDep, services: ServicesDep) -> ChatResponse:
        answer = services.advisor.answer
        ans = await Budget(services.settings.request_timeout_s).run(functools.partial(answer, ask.question, ask.history, ask.profile))
        _log_answer(services, ask, ans, stream=False)
        return public(ans, await anyio.to_thread.run_sync(services.record, ans))

    @router.post(
        "/chat/stream",
        responses={
            200: {
                "content": {"text/event-stream": {}},
                "description": "Events: `token` (text), then `done` (the ChatResponse JSON) or `error` (ErrorBody JSON).",
            }
        },
        summary="Same as /api/chat, as Server-Sent Events",
    )
    @limiter.shared_limit(rate, scope="questions")
    async def chat_stream(request: Request, response: Response, ask: AskDep, services: ServicesDep) -> EventSourceResponse:
        # The request was validated (AskDep) before this runs: bad input has had its status, not a stream.
        return EventSourceResponse(answer_events(services, ask), ping=SSE_PING_S, headers=STREAM_HEADERS)

    return router
