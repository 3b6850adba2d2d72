"""Wire models of the HTTP API: only what is HTTP's own is declared here.

The answer's shape is the domain's :class:`advisor.models.PublicAnswer` (what
``Answer.to_public_json()`` emits and the CLI prints), so a field added there reaches the
response and its schema with no edit here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from advisor.models import Message, PublicAnswer

#: Interaction ids are 32-bit: anything larger is not ours (a 2**63 id once crashed the SQLite driver).
MAX_INTERACTION_ID = 2**31 - 1


class ChatRequest(BaseModel):
    """A conversation; the last message is the visitor's question."""

    messages: list[Message] = Field(min_length=1, description="Oldest first; the last one must have role 'user'.")
    profile: str = Field(default="website", max_length=40)


class ChatResponse(PublicAnswer):
    """The public answer, and the id to rate it by."""

    interaction_id: int | None = Field(default=None, description="Pass to /api/feedback to rate this answer.")


class FeedbackRequest(BaseModel):
    interaction_id: int = Field(ge=1, le=MAX_INTERACTION_ID, description="From the chat response (a 32-bit id: any larger is not ours).")
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=2000)


class ErrorBody(BaseModel):
    error: str = Field(description="Machine-readable code, e.g. invalid_question, rate_limited.")
    message: str
    hint: str = ""
