"""/api/feedback: a visitor rates an answer they were given."""

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

    @router.post("/feedback", responses=error_responses(404), summary="Rate an answer 'up' or 'down', with an optional comment")
    @limiter.limit(rate)
    async def feedback(request: Request, response: Response, body: FeedbackRequest, services: ServicesDep) -> dict[str, Any]:
        ok = await anyio.to_thread.run_sync(services.feedback.rate, body.interaction_id, 1 if body.rating == "up" else 0, body.comment)
        if not ok:
            raise StarletteHTTPException(404, f"No answer with id {body.interaction_id}.")
        return {"ok": True}

    return router
