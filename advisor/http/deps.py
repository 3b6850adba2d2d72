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
from advisor.errors import AdvisorError, BackendUnavailable, IndexCorrupt, IndexNotReady, InvalidQuestion, ModelMissing
from advisor.feedback import FeedbackStore, Receipt
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
        self.warm_error: str | None = None  # for the log only: it may name paths and library internals
        self.warm_reason: str | None = None  # what a client may be told (a code)

    @property
    def advisor(self) -> Advisor:
        if self._advisor is None:
            self._advisor = Advisor(self.settings)
        return self._advisor

    @property
    def is_ready(self) -> bool:
        return self.readiness()[0]

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        """Whether an index snapshot is really being served, and what a client may know about it:
        the served generation, whether a newer one is loading; or the reason (a code, no internals)."""
        if not self.ready.is_set():
            return False, {"reason": "warming_up"}
        if self.warm_reason is not None:
            # The start-up check found the index damaged: a snapshot a request happened to read
            # from it meanwhile is not trusted; `python -m ingest --rebuild` and a restart are.
            return False, {"reason": self.warm_reason}
        try:
            runtime = self.advisor.runtime
            runtime.refresh()  # notices a new generation (loaded in the background; never waits here)
        except AdvisorError as exc:
            if not self.advisor.runtime_loaded():
                return False, {"reason": _reason(exc)}
        if not self.advisor.runtime_loaded():
            return False, {"reason": self.warm_reason or "index_not_loaded"}
        state = runtime.state()
        return True, {"generation": state.served, "loading": state.loading, "latest": state.latest}

    def warm(self) -> None:
        """Load the model and open (or build) the index off the event loop, so /readyz can report progress."""
        try:
            from ingest.index import ensure_index  # first run: the surface builds the index, never the core

            ensure_index(self.settings, self.advisor.embedder, self.advisor.store)
            self.advisor.ensure_ready()
            self.advisor.embedder.encode(["warm up"], cache=False)
            self.warm_error = self.warm_reason = None
        except AdvisorError as exc:
            self.warm_error = str(exc)
            self.warm_reason = _reason(exc)
            log.error(json.dumps({"event": "warmup_failed", "error": str(exc)}))
        except Exception as exc:  # anything else must not leave /readyz saying "warming up" forever
            self.warm_error = f"{type(exc).__name__}: {exc}"
            self.warm_reason = "internal_error"
            log.error(json.dumps({"event": "warmup_failed", "error": self.warm_error}))
        finally:
            self.ready.set()

    def record(self, ans: Answer) -> Receipt | None:
        """Log the answer for feedback; its id and token, or None if the store failed (the answer matters more than its log line)."""
        try:
            return self.feedback.log_public(ans, surface="web")
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


def _reason(exc: AdvisorError) -> str:
    """Why nothing is served, as a code a client may see (the message stays in the log)."""
    for cls, reason in ((IndexCorrupt, "index_corrupt"), (IndexNotReady, "index_not_ready"), (BackendUnavailable, "backend_unavailable"), (ModelMissing, "model_missing")):
        if isinstance(exc, cls):
            return reason
    return "internal_error"
