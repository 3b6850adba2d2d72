"""The typed wire format shared by every surface: Answer, Citation, Message."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Message(BaseModel):
    """One turn of a conversation, as the CLI batch file and the HTTP API send it."""

    role: Literal["user", "assistant"]
    content: str


class Citation(BaseModel):
    """A numbered source of an answer. ``quote`` is always a verbatim span of ``source``'s text."""

    id: int
    title: str
    source: str = Field(description="Corpus path of the document, relative to the corpus folder.")
    url: str | None = None
    chunk_id: str
    quote: str
    heading: str = ""


class Timings(BaseModel):
    retrieve_ms: float = 0.0
    compose_ms: float = 0.0
    total_ms: float = 0.0


class Answer(BaseModel):
    """What ``advisor.answer`` returns: the text with ``[n]`` markers and the citations they point to."""

    question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    backend: str = "extractive"
    profile: str = "website"
    resolved_question: str = Field(default="", description="The question after follow-up resolution (what was retrieved for).")
    notice: str = Field(default="", description="Non-fatal note, e.g. why the offline answerer stood in for the LLM.")
    timings: Timings = Field(default_factory=Timings)

    def to_public_json(self) -> dict[str, object]:
        """The CLI/HTTP contract: question, answer, abstained, citations (with heading), backend, latency_ms."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.model_dump(include={"id", "title", "source", "url", "chunk_id", "quote", "heading"}) for c in self.citations],
            "backend": self.backend,
            "latency_ms": round(self.timings.total_ms, 1),
        }
