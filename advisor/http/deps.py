"""What routes depend on, as named types: route signatures read as declarations.

:class:`Services` is built once per app by :func:`advisor.server.create_app` and held on
``app.state``; the lifespan warms it. :data:`AskDep` validates a chat request once, before the
route runs, so bad input fails with a status (also before an SSE stream opens).
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from advisor.engine import Advisor
from advisor.errors import AdvisorError, InvalidQuestion
from advisor.feedback import FeedbackStore
from advisor.http.wire import ChatRequest
from advisor.models import Answer, Message
from advisor.settings import Settings

log = logging.getLogger("advisor.http")


class Services:
    """The engine, the feedback store and the warm-up state that every request shares."""

    def __init__(self, settings: Settings, advisor: Advisor | None = None, feedback: FeedbackStore | None = None) -> None:
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

    @property
    def is_ready(self) -> bool:
        return self.ready.is_set() and self.warm_error is None

    def warm(self) -> None:
        """Load the model and open (or build) the index off the event loop, so /readyz can report progress."""
        try:
            from ingest.index import ensure_index  # first run: the surface builds the index, never the core

            ensure_index(self.settings, self.advisor.embedder, self.advisor.store)
            self.advisor.ensure_ready()
            self.advisor.embedder.encode(["warm up"], cache=False)
            self.warm_error = None
        except AdvisorError as exc:
            self.warm_error = str(exc)
            log.error(json.dumps({"event": "warmup_failed", "error": str(exc)}))
        finally:
            self.ready.set()

    def record(self, ans: Answer) -> int | None:
        """Log the answer for feedback; its id, or None if the store failed (the answer matters more than its log line)."""
        try:
            return self.feedback.log_answer(ans, surface="web")
        except Exception as exc:
            log.error(json.dumps({"event": "feedback_log_failed", "error": type(exc).__name__}))
            return None

    def log_fields(self, question: str) -> dict[str, Any]:
        """The question as the access log may show it: its text only if ``log_bodies`` is on."""
        return {"question": question} if self.settings.log_bodies else {"question_chars": len(question)}


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


@dataclass(frozen=True)
class Ask:
    """A validated chat request: the cleaned question, its history and an allowed profile."""

    question: str
    history: list[Message]
    profile: str


def parse_chat_request(body: ChatRequest, services: ServicesDep) -> Ask:
    """Check what the schema cannot: a public profile, the question last, and the engine's own limits."""
    allowed = services.settings.public_profile_list()
    if body.profile not in allowed:
        raise InvalidQuestion(f"Unknown profile {body.profile!r}; use one of: {', '.join(allowed)}.")
    *history, last = body.messages
    if last.role != "user":
        raise InvalidQuestion("The last message must be the user's question (role 'user').")
    question, cleaned = services.advisor.validate(last.content, history)
    return Ask(question, cleaned, body.profile)


AskDep = Annotated[Ask, Depends(parse_chat_request)]
