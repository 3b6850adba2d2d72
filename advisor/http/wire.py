"""Wire models of the HTTP API: only what is HTTP's own is declared here.

The answer's shape is the domain's :class:`advisor.models.PublicAnswer` (what
``Answer.to_public_json()`` emits and the CLI prints), so a field added there reaches the
response and its schema with no edit here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.models import Message, PublicAnswer

#: Shape of the random interaction id and feedback token (``secrets.token_urlsafe(16)``: 22 URL-safe
#: characters); checked by the schema, so nothing else reaches the database.
RECEIPT_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


class ChatRequest(BaseModel):
    """A conversation; the last message is the visitor's question."""

    messages: list[Message] = Field(min_length=1, description="Oldest first; the last one must have role 'user'.")
    profile: str = Field(default="website", max_length=40)


class ChatResponse(PublicAnswer):
    """The public answer, and the id to rate it by."""

    interaction_id: str | None = Field(default=None, description="Pass to /api/feedback, with feedback_token, to rate this answer (null when feedback is unavailable).")
    feedback_token: str | None = Field(default=None, description="Proof that this client received the answer: needed with interaction_id to rate it.")


class FeedbackRequest(BaseModel):
    """Strict types: ``true`` is not an id, ``1`` is not a rating, and unknown fields are refused."""

    model_config = ConfigDict(strict=True, extra="forbid")

    interaction_id: str = Field(pattern=RECEIPT_PATTERN, description="From the chat response.")
    feedback_token: str = Field(pattern=RECEIPT_PATTERN, description="From the same chat response.")
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=2000, description="Replaces an earlier comment; absent or blank keeps it.")


class ErrorBody(BaseModel):
    error: str = Field(description="Machine-readable code, e.g. invalid_question, rate_limited.")
    message: str
    hint: str = ""
