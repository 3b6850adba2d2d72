"""/api/feedback: a visitor rates an answer they were given (and only that: the token proves it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request, Response
from slowapi import Limiter
from starlette.exceptions import HTTPException as StarletteHTTPException

from advisor.http.deps import ServicesDep
from advisor.http.errors import ERROR_RESPONSES, error_responses
from advisor.http.wire import FeedbackRequest


def feedback_router(limiter: Limiter, rate: Callable[[], str]) -> APIRouter:
    """The feedback route, limited to ``rate()`` per client (a factory: slowapi needs the limiter here)."""
    router = APIRouter(prefix="/api", tags=["feedback"], responses=ERROR_RESPONSES)

    @router.post("/feedback", responses=error_responses(404, 503), summary="Rate an answer 'up' or 'down', with an optional comment")
    @limiter.limit(rate)
    async def feedback(request: Request, response: Response, body: FeedbackRequest, services: ServicesDep) -> dict[str, Any]:
        rating = 1 if body.rating == "up" else 0
        ok = await anyio.to_thread.run_sync(services.feedback.rate_public, body.interaction_id, body.feedback_token, rating, body.comment)
        if not ok:  # unknown id and wrong token look the same: nothing is learned about other answers
            raise StarletteHTTPException(404, "No answer with this id and token.")
        return {"ok": True}

    return router
