"""The typed results every surface shares: Message, Citation, Statement, Trace, Answer.

An :class:`Answer` carries structure (statements with the citations that back them, and the
trace of how it was decided); text with ``[n]`` markers, Markdown, HTML and the public JSON are
renderings of it (:mod:`advisor.render`). Nothing parses answer text back.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

# "ruling": the documents' yes / no / it-depends as connective words ("No.") before the quote that
# carries it; "verdict": that quote (or a quote that is itself the verdict, an FAQ's "Yes — …"); "total": a quoted
# per-user range worked out for the asker's headcount (advisor.figures.total_for), citing that quote.
StatementKind = Literal["ruling", "verdict", "correction", "support", "item", "figure", "total", "agreement", "refusal", "notice"]
Verdict = Literal["yes", "no", "depends"]


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
    chunk_id: str = Field(description="Id of the cited passage.")
    quote: str = Field(description="Verbatim text of the source that backs the statements citing it.")
    heading: str = ""
    context: str = Field(default="", description="What the quote answers when it cannot stand alone: the FAQ question or list lead-in.")
    status: Literal["draft", "published"] = Field(default="published", description="The cited document's status: a draft is only ever cited internally (sales), and labelled.")


class Statement(BaseModel):
    """One claim of an answer (or a connective like "Not quite:") and the citations that back it."""

    text: str
    citation_ids: list[int] = Field(default_factory=list)
    kind: StatementKind = "support"


class Candidate(BaseModel):
    """A retrieved passage as the answerer saw it."""

    passage_id: str
    doc_id: str
    score: float = Field(description="Ranker probability that the passage answers the question.")
    dense: float
    bm25: float


class Assessment(BaseModel):
    """What was decided before composing: the question as retrieved, its type, scope, candidates."""

    resolved_question: str
    question_type: str = "what"
    in_scope: bool
    scope_score: float
    flagged_instructions: bool = False
    candidates: list[Candidate] = Field(default_factory=list)


class Timings(BaseModel):
    retrieve_ms: float = 0.0
    compose_ms: float = 0.0
    total_ms: float = 0.0


class Trace(BaseModel):
    """How the answer came about (for the eval, logs and debugging); never shown to visitors."""

    assessment: Assessment | None = None
    decision: str = ""
    timings: Timings = Field(default_factory=Timings)


class Answer(BaseModel):
    """What the core returns: statements with their citations, and the trace of the decision."""

    question: str
    statements: list[Statement] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    verdict: Verdict | None = Field(default=None, description="The documents' answer to a yes/no or should-I question, stated before the first citation.")
    backend: str = "extractive"
    profile: str = "website"
    notice: str = Field(default="", description="Non-fatal note, e.g. why the offline answerer stood in for the LLM.")
    trace: Trace = Field(default_factory=Trace)

    @property
    def text(self) -> str:
        """The answer as text with ``[n]`` markers (a rendering; see :mod:`advisor.render`)."""
        from advisor.render import to_text

        return to_text(self)

    @property
    def resolved_question(self) -> str:
        a = self.trace.assessment
        return a.resolved_question if a else self.question

    @property
    def timings(self) -> Timings:
        return self.trace.timings

    def to_public_json(self) -> dict[str, object]:
        """The CLI/HTTP contract (see :class:`PublicAnswer`)."""
        from advisor.render import to_public

        return to_public(self).model_dump()


class PublicAnswer(BaseModel):
    """The JSON every surface sends: the old contract's fields plus ``statements``."""

    question: str
    answer: str = Field(description="Answer text with [n] markers pointing at citations.")
    abstained: bool
    verdict: Verdict | None = None
    citations: list[Citation]
    statements: list[Statement]
    backend: str
    notice: str = ""
    latency_ms: float
