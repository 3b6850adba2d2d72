"""The core service: ``Advisor.answer(question, history, profile) -> Answer``, the only way to an answer.

An Advisor wires explicit dependencies (settings, embedder, index store, fitted knowledge,
optional chat model) into an :class:`~advisor.index.IndexRuntime` (the served snapshot, swapped
atomically) and an :class:`~advisor.answerer.Answerer` (no index state). Surfaces and tests build
one and share it; nothing here reads the environment, and nothing here imports ``ingest``:
building the first index is the surfaces' call (:func:`ingest.index.ensure_index`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from advisor.answerer import Answerer, Ranked
from advisor.breaker import CircuitBreaker
from advisor.embeddings import EmbedderLike, embedder_for
from advisor.errors import AdvisorError, BackendUnavailable, InputTooLarge, InvalidQuestion
from advisor.index import IndexRuntime, IndexSnapshot, StoreHandle
from advisor.knowledge import KNOWLEDGE_DIR, Knowledge
from advisor.models import Answer, Citation, Message, Statement, Timings, Trace
from advisor.prompts import Profile, available_profiles, load_profile, load_prompt
from advisor.records import served_file
from advisor.render import text_pieces
from advisor.settings import Settings
from advisor.text import clean_user_text

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

    from advisor.llm import CheckedClaim
    from advisor.store import IndexStore

LLM_PASSAGES = 8  # passages shown to an LLM backend (the ranker's best)
#: Profiles that may quote drafts (internal use; each such citation says ``status: "draft"``). Every
#: other profile (website, faq: what the public reads) quotes published documents only (issue 15).
DRAFT_PROFILES = frozenset({"sales"})
# How the corpus' topic slugs are written in a sentence ("fractional-cio" -> "fractional CIO").
REFUSAL_TOPICS = 6  # at most this many subjects in the refusal: a sentence, not a catalogue
_SPELLING = {"msp": "MSP", "msps": "MSPs", "cio": "CIO", "cto": "CTO", "ciso": "CISO", "vcio": "vCIO", "vciso": "vCISO", "it": "IT", "faq": "FAQs", "i": "I"}


class Advisor:
    """One engine per process: load once, answer many times (reads are lock-free on a snapshot)."""

    def __init__(
        self,
        settings: Settings,
        embedder: EmbedderLike | None = None,
        chat_model: BaseChatModel | None = None,
        store: IndexStore | None = None,
        knowledge: Knowledge | None = None,
        start_from_served_file: bool = False,
    ) -> None:
        """``start_from_served_file``: the first snapshot may come from the records file before the
        store is opened and checked (the Streamlit app's fast start); servers, the CLI, eval and
        training open the store first, so a damaged index is never served from a stale file."""
        self.settings = settings
        self._start_from_file = start_from_served_file
        self.embedder: EmbedderLike = embedder or embedder_for(settings)
        self._stores = StoreHandle(self._open_store) if store is None else StoreHandle.of(store)
        self._chat_model = chat_model
        self._knowledge = knowledge
        self._runtime: IndexRuntime | None = None
        self._answerer: Answerer | None = None
        self._masks: dict[tuple[str, bool], np.ndarray] = {}  # (generation, drafts allowed) -> quotable passages
        self._masks_lock = threading.Lock()
        self._breaker: CircuitBreaker | None = None

    # ---- index ---------------------------------------------------------------------------
    def _open_store(self) -> IndexStore:
        from advisor.store import open_store  # imports chromadb (~0.9 s): only when the store is really opened

        return open_store(self.settings, self.embedder)

    @property
    def store(self) -> IndexStore:
        return self._stores.get()

    @property
    def runtime(self) -> IndexRuntime:
        if self._runtime is None:
            if not self._start_from_file:
                self._stores.get()  # opened (and checked) before anything is served: a damaged index is never served from a stale file
            # The embedded index keeps its served records beside it (advisor.records): a first load needs no Chroma.
            served = None if self.settings.chroma_url else served_file(self.settings.chroma_path, self.settings.collection_prefix)
            self._runtime = IndexRuntime(self._stores, self.embedder, self.settings.vector_cache, served_file=served)
        return self._runtime

    @property
    def answerer(self) -> Answerer:
        if self._answerer is None:
            knowledge = self._knowledge or Knowledge.load(self.embedder, KNOWLEDGE_DIR, self.settings.scope_threshold, self.settings.vector_cache)
            self._answerer = Answerer(self.embedder, knowledge)
        return self._answerer

    def runtime_loaded(self) -> bool:
        """A snapshot is being served (False, never an error, when the store cannot even be opened)."""
        return self._runtime is not None and self._runtime.loaded()

    def ensure_ready(self) -> IndexSnapshot:
        """The current snapshot, reloaded first when ingest switched generations (raises IndexNotReady)."""
        self.runtime.refresh()
        _ = self.answerer
        return self.runtime.current()

    def status(self) -> dict[str, Any]:
        info: dict[str, Any] = {"backend": self.backend_name, "index_ready": False}
        try:
            snap = self.ensure_ready()
            info.update(index_ready=True, generation=snap.generation, chunks=snap.size, documents=len(snap.documents), ingested_at=snap.ingested_at)
        except AdvisorError as exc:
            info["error"] = str(exc)
        return info

    @property
    def backend_name(self) -> str:
        return "extractive" if self.settings.llm == "extractive" and self._chat_model is None else f"llm:{self.settings.llm}"

    def profiles(self) -> list[str]:
        return available_profiles(self.settings.prompts_dir)

    def profile(self, name: str) -> Profile:
        try:
            return load_profile(self.settings.prompts_dir, name)
        except ValueError as exc:
            raise InvalidQuestion(str(exc)) from exc

    # ---- answering -----------------------------------------------------------------------
    def validate(self, question: object, history: list[Message] | list[dict[str, Any]] | None) -> tuple[str, list[Message]]:
        """Check and clean the input (raises InvalidQuestion / InputTooLarge); surfaces call it to fail fast."""
        if not isinstance(question, str):
            raise InvalidQuestion("The question must be text.")
        q = clean_user_text(question)
        if not q:
            raise InvalidQuestion("The question is empty.")
        if len(q) > self.settings.max_question_chars:
            raise InputTooLarge(f"The question is too long ({len(q)} characters; the limit is {self.settings.max_question_chars}).")
        msgs: list[Message] = []
        for m in history or []:
            try:
                msg = m if isinstance(m, Message) else Message.model_validate(m)
            except Exception as exc:
                raise InvalidQuestion("History items must be {role: 'user'|'assistant', content: text}.") from exc
            msgs.append(Message(role=msg.role, content=clean_user_text(msg.content)[: self.settings.max_question_chars]))
        if len(msgs) > self.settings.max_history_messages:
            raise InputTooLarge(f"The conversation is too long ({len(msgs)} messages; the limit is {self.settings.max_history_messages}).")
        return q, msgs

    def quotable(self, snap: IndexSnapshot, profile: str) -> np.ndarray:
        """Which passages ``profile`` may quote: the firm's documents (``firm_publisher``; a document
        naming no publisher is the firm's own), and of those only published ones unless the profile
        is internal (:data:`DRAFT_PROFILES`). Computed once per generation and kind of profile."""
        drafts = profile in DRAFT_PROFILES
        key = (snap.generation, drafts)
        mask = self._masks.get(key)
        if mask is None:
            firm = self.settings.firm_publisher.strip().casefold()
            mask = np.fromiter(
                ((drafts or p.status == "published") and (not firm or not p.publisher or p.publisher.strip().casefold() == firm) for p in snap.passages),
                dtype=bool,
                count=snap.size,
            )
            with self._masks_lock:
                self._masks = {k: v for k, v in self._masks.items() if k[0] == snap.generation} | {key: mask}
        return mask

    def assess(self, question: str, history: list[Message] | None = None, profile: str | None = None) -> tuple[IndexSnapshot, Ranked]:
        """Resolve, rank and judge scope on the current snapshot (what answering, eval and training share).

        With a ``profile``, only the passages it may quote (:meth:`quotable`) are candidates.
        """
        snap = self.ensure_ready()
        allowed = None if profile is None else self.quotable(snap, profile)
        return snap, self.answerer.assess(snap, question, history, allowed)

    def answer(self, question: str, history: list[Message] | list[dict[str, Any]] | None = None, profile: str = "website") -> Answer:
        """The checked answer (the stream below, drained)."""
        for piece in self.stream(question, history, profile):
            if isinstance(piece, Answer):
                return piece
        raise RuntimeError("the answer stream ended without an Answer")

    def stream(self, question: str, history: list[Message] | list[dict[str, Any]] | None = None, profile: str = "website") -> Iterator[str | Answer]:
        """Yield the answer text statement by statement as each is checked, then the final Answer.

        With an LLM backend a sentence is yielded as soon as the model has finished it and the claim
        check has kept it, so the first one shows while the model is still writing.
        """
        started = time.perf_counter()
        q, msgs = self.validate(question, history)
        prof = self.profile(profile)
        snap, ranked = self.assess(q, msgs, prof.name)
        t_ranked = time.perf_counter()
        trace = Trace(assessment=ranked.assessment)
        if not ranked.assessment.in_scope or not len(ranked.order):
            trace.decision = "refused: instructions only" if ranked.assessment.flagged_instructions else "refused: out of scope"
            ans = Answer(question=q, statements=[self.refusal_statement(snap)], abstained=True, backend="extractive", profile=prof.name, trace=trace)
            yield from text_pieces(ans)
            yield _timed(ans, started, t_ranked)
            return
        notice = ""
        if self.backend_name != "extractive":
            if not self.breaker.allows():
                notice = f"The language model failed repeatedly and is skipped for {self.breaker.seconds_left():.0f} s; the offline answerer replied."
            else:
                llm_answer = yield from self._stream_llm(q, msgs, prof, snap, ranked, trace)
                if isinstance(llm_answer, Answer):
                    yield _timed(llm_answer, started, t_ranked)
                    return
                notice = llm_answer
        composed = self.answerer.compose(snap, ranked, prof)
        cites = composed.citations
        trace.decision = f"answered: {ranked.assessment.question_type} question, {len(cites)} passages" + (f", verdict {composed.verdict}" if composed.verdict else "")
        backend = "extractive" if not notice else "extractive-fallback"
        ans = Answer(question=q, statements=composed.statements, citations=cites, verdict=composed.verdict, backend=backend, notice=notice, profile=prof.name, trace=trace)
        yield from text_pieces(ans)
        yield _timed(ans, started, t_ranked)

    def refusal(self, snap: IndexSnapshot | None = None) -> str:
        return self.refusal_statement(snap).text

    def refusal_statement(self, snap: IndexSnapshot | None = None) -> Statement:
        """The polite refusal, naming what the articles do cover: what their titles compare, else their front-matter topics."""
        if snap is None and self.runtime.loaded():
            snap = self.runtime.current()
        subjects = list(dict.fromkeys(_plural(_humanize(t)) for t in snap.subjects())) if snap else []  # "MSP vs …" and "MSPs vs …" once
        topics = subjects[:REFUSAL_TOPICS] if subjects else ([_humanize(t) for t in snap.topics()[:REFUSAL_TOPICS]] if snap else [])
        covered = ", ".join(topics[:-1]) + f" and {topics[-1]}" if len(topics) > 1 else (topics[0] if topics else "the subjects of our articles")
        return Statement(text=load_prompt(self.settings.prompts_dir, "refusal").render(topics=covered), kind="refusal")

    # ---- the optional LLM backend ----------------------------------------------------------
    @property
    def breaker(self) -> CircuitBreaker:
        if self._breaker is None:
            self._breaker = CircuitBreaker(self.settings.llm_breaker_failures, self.settings.llm_breaker_open_s)
        return self._breaker

    def chat_model(self) -> BaseChatModel:
        """The configured chat model, built once (BackendUnavailable when it cannot be: no key, unknown provider)."""
        from advisor import llm as llm_backend

        if self._chat_model is None:
            self._chat_model = llm_backend.make_chat_model(self.settings)
        return self._chat_model

    def backend_problem(self) -> str | None:
        """Why the configured LLM backend cannot answer now (for /readyz), or None when it can (or none is configured)."""
        if self.backend_name == "extractive":
            return None
        try:
            self.chat_model()
        except BackendUnavailable as exc:
            return str(exc)
        if not self.breaker.allows():
            return f"the language model failed repeatedly; skipped for {self.breaker.seconds_left():.0f} s"
        return None

    def _stream_llm(self, question: str, history: list[Message], prof: Profile, snap: IndexSnapshot, ranked: Ranked, trace: Trace) -> Generator[str, None, Answer | str]:
        """Stream the model's reply through the claim check, yielding each kept statement's text.

        Returns the Answer, or (nothing was kept, or the backend failed before anything was shown)
        the notice the offline answer carries. A failure after some sentences were shown keeps them.
        """
        from advisor import llm as llm_backend

        passages = [snap.passages[int(i)] for i in ranked.order[:LLM_PASSAGES]]
        checker = llm_backend.ClaimStream(passages, prof.max_sentences, prof.max_words)
        statements: list[Statement] = []
        cites: list[Citation] = []
        notice = ""
        try:
            prompt = llm_backend.build_prompt(load_prompt(self.settings.prompts_dir, "answer"), prof, question, history, passages)
            chunks = llm_backend.stream_text(self.chat_model(), prompt, self.settings.llm_timeout_s)
            try:
                for chunk in chunks:
                    for claim in checker.feed(chunk):
                        yield self._add_claim(claim, statements, cites)
                    if checker.full:
                        break
                else:
                    for claim in checker.finish():
                        yield self._add_claim(claim, statements, cites)
            finally:
                chunks.close()
            self.breaker.success()
        except BackendUnavailable as exc:
            self.breaker.failure()
            if not statements:
                return f"The language model is unavailable ({exc}); the offline answerer replied."
            notice = "The language model stopped early; the answer shows the sentences checked before it did."
        backend = self.backend_name
        if statements:
            trace.decision = "answered by the language model"
            return Answer(question=question, statements=statements, citations=cites, backend=backend, notice=notice, profile=prof.name, trace=trace)
        if checker.declined:
            trace.decision = "refused by the language model"
            return Answer(question=question, statements=[self.refusal_statement(snap)], abstained=True, backend=backend, profile=prof.name, trace=trace)
        return "The language model's answer could not be verified against the sources, so the offline answerer replied."

    def _add_claim(self, claim: CheckedClaim, statements: list[Statement], cites: list[Citation]) -> str:
        """Append a kept claim (one citation per passage and quote) and return its text piece, as the renderer writes it."""
        ids = []
        for p, quote in claim.supports:
            found = next((c.id for c in cites if c.chunk_id == p.id and c.quote == quote), None)
            if found is None:
                found = len(cites) + 1
                cites.append(Citation(id=found, title=p.title, source=p.doc_id, url=p.url, chunk_id=p.id, quote=quote, heading=p.heading, status=p.status))
            ids.append(found)
        statements.append(Statement(text=claim.text, citation_ids=list(dict.fromkeys(ids))))
        return text_pieces(Answer(question="", statements=statements))[-1]


def _humanize(topic: str) -> str:
    """"fractional-cio" or "Fractional CIO" → "fractional CIO": lower case but for the acronyms."""
    return " ".join(_SPELLING.get(w.lower(), w if w.isupper() and len(w) > 1 else w.lower()) for w in topic.replace("-", " ").split())


def _plural(subject: str) -> str:
    """"fractional CIO" → "fractional CIOs" (a title names one; a reader asks about the kind).

    Not inflect (a dependency for one word): a role's acronym or a regular noun takes "s", a
    consonant + "y" takes "ies"; "IT" and anything already plural stay as they are ("managed IT").
    """
    last = subject.rsplit(" ", 1)[-1]
    if subject.endswith("s") or last == "IT":
        return subject
    if last.islower() and len(last) > 1 and last.endswith("y") and last[-2] not in "aeiou":
        return f"{subject[:-1]}ies"
    return f"{subject}s"


def _timed(ans: Answer, started: float, t_ranked: float) -> Answer:
    now = time.perf_counter()
    ans.trace.timings = Timings(retrieve_ms=(t_ranked - started) * 1000, compose_ms=(now - t_ranked) * 1000, total_ms=(now - started) * 1000)
    return ans


_default: Advisor | None = None


def get_advisor(settings: Settings | None = None) -> Advisor:
    """The process-wide engine (built on first use from the environment's settings)."""
    global _default
    if _default is None or (settings is not None and _default.settings != settings):
        from advisor.settings import load_settings

        _default = Advisor(settings or load_settings())
    return _default
