"""The core: ``Advisor.answer(question, history, profile) -> Answer``, the only way to an answer.

An Advisor owns its dependencies explicitly (settings, embedder, index store, retriever, optional
chat model) so surfaces and tests build one and share it; nothing here reads the environment.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel

from advisor import llm as llm_backend
from advisor.citations import make_citation, merge_contiguous
from advisor.embeddings import Embedder, get_embedder
from advisor.errors import (
    AdvisorError,
    BackendUnavailable,
    IndexNotReady,
    InputTooLarge,
    InvalidQuestion,
)
from advisor.extractive import compose
from advisor.followup import resolve_followup
from advisor.guard import guard_question
from advisor.models import Answer, Citation, Message, Timings
from advisor.prompts import Profile, available_profiles, load_profile, load_prompt
from advisor.retrieval import Hit, HybridRetriever
from advisor.scope import Calibration, ScopeExamples, ScopeVerdict, judge, load_calibration, load_examples, vocabulary_coverage
from advisor.settings import PROJECT_ROOT, Settings
from advisor.store import IndexStore, open_store
from advisor.text import clean_user_text, content_tokens
from advisor.unit_index import UnitIndex

CALIBRATION_FILE = PROJECT_ROOT / "eval" / "calibration.json"
SCOPE_EXAMPLES_FILE = PROJECT_ROOT / "eval" / "calibration.jsonl"
UNIT_CHUNKS = 4  # chunks added from sentence-level search
TOPICS = (
    "what an MSP does versus a fractional CIO or CTO, whether an MSP's vCIO is conflicted, "
    "whether you need both, what each costs, and when interim or fractional leadership fits"
)


class Advisor:
    """One engine per process: load once, answer many times (thread-safe for reads)."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        chat_model: BaseChatModel | None = None,
        store: IndexStore | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings.embedding_model_path)
        self._store = store
        self._chat_model = chat_model
        self._retriever: HybridRetriever | None = None
        self._vocabulary: set[str] = set()
        self._lock = threading.Lock()
        fitted = load_calibration(CALIBRATION_FILE)
        self.calibration = Calibration(settings.scope_threshold, fitted.margin_weight) if settings.scope_threshold is not None else fitted
        self._examples: ScopeExamples | None = None
        self._units: UnitIndex | None = None

    # ---- index -------------------------------------------------------------------------
    @property
    def store(self) -> IndexStore:
        if self._store is None:
            self._store = open_store(self.settings, self.embedder)
        return self._store

    def ensure_ready(self) -> HybridRetriever:
        """Open the served index (ingesting the corpus first when none exists and auto_ingest is on)."""
        with self._lock:
            if self._retriever is not None:
                if self._retriever.refresh_if_stale():
                    self._vocabulary = self._build_vocabulary(self._retriever)
                    self._units = self._build_units(self._retriever)
                return self._retriever
            if self.store.active_name() is None:
                if not self.settings.auto_ingest:
                    raise IndexNotReady("No index has been built yet.")
                from ingest.index import sync_index

                sync_index(self.settings, self.embedder, self.store, progress=None)
            retriever = HybridRetriever(store=self.store, embedder=self.embedder, k=self.settings.top_k).load()
            if retriever.size == 0:
                raise IndexNotReady("The index is empty: add documents to the corpus folder and ingest.")
            self._vocabulary = self._build_vocabulary(retriever)
            self._units = self._build_units(retriever)
            _ = self.scope_examples
            self._retriever = retriever
            return retriever

    @property
    def threshold(self) -> float:
        return self.calibration.threshold

    @property
    def scope_examples(self) -> ScopeExamples:
        """The labelled example questions, embedded once (the margin signal of the scope score)."""
        if self._examples is None:
            inside, outside = load_examples(SCOPE_EXAMPLES_FILE)
            if inside and outside:
                self._examples = ScopeExamples(self.embedder.encode(inside, cache=True), self.embedder.encode(outside, cache=True))
            else:
                self._examples = ScopeExamples.empty()
        return self._examples

    def _build_units(self, retriever: HybridRetriever) -> UnitIndex | None:
        if not self.settings.sentence_search:
            return None
        return UnitIndex.build(retriever.chunk_ids, retriever.chunk_metadata(), self.embedder, self.settings.data_dir / "unit_vectors.npz")

    @staticmethod
    def _build_vocabulary(retriever: HybridRetriever) -> set[str]:
        vocab: set[str] = set()
        for m in retriever.chunk_metadata():
            vocab.update(content_tokens(f"{m.get('title', '')} {m.get('heading', '')} {m.get('body', '')}"))
        return vocab

    def status(self) -> dict[str, Any]:
        info: dict[str, Any] = {"backend": self.backend_name, "index_ready": False}
        try:
            r = self.ensure_ready()
            docs = {m.get("doc_id") for m in r.chunk_metadata()}
            info.update(
                index_ready=True,
                generation=r.generation,
                chunks=r.size,
                documents=len(docs),
                **{k: v for k, v in self.store.pointer_info().items() if k in ("ingested_at",)},
            )
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

    # ---- answering ---------------------------------------------------------------------
    def validate(self, question: object, history: list[Message] | list[dict] | None) -> tuple[str, list[Message]]:
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

    def assess(self, question: str, history: list[Message] | None = None, filters: dict[str, Any] | None = None) -> tuple[str, Any, list[Hit], ScopeVerdict]:
        """Resolve, retrieve and judge scope: the one computation both answering and calibration use."""
        retriever = self.ensure_ready()
        guarded = guard_question(question)
        if guarded.flagged and not guarded.question:
            # Nothing but instructions to the assistant: there is no question to answer.
            return question, self.embedder.encode([question], cache=True)[0], [], ScopeVerdict(False, 0.0, 0.0, 0.0)
        resolved = resolve_followup(guarded.question, history)
        q_vec = self.embedder.encode([resolved], cache=True)[0]
        hits = retriever.search(resolved, k=self.settings.top_k, flt=filters, query_vec=q_vec)
        dense_max = max((h.dense_sim for h in hits), default=0.0)
        if self._units is not None:
            # Chunks holding the sentences closest to the question join the candidates (scope is judged before, as calibrated).
            have = {h.id for h in hits}
            extra = [cid for cid, _ in self._units.best_chunks(q_vec, UNIT_CHUNKS) if cid not in have]
            hits = hits + retriever.hits_for(extra, q_vec, filters)
        verdict = judge(dense_max, vocabulary_coverage(resolved, self._vocabulary), self.calibration, self.scope_examples.margin(q_vec))
        return resolved, q_vec, hits, verdict

    def answer(
        self, question: str, history: list[Message] | list[dict] | None = None, profile: str = "website", filters: dict[str, Any] | None = None
    ) -> Answer:
        started = time.perf_counter()
        q, msgs = self.validate(question, history)
        prof = self.profile(profile)
        resolved, q_vec, hits, verdict = self.assess(q, msgs, filters)
        t_retrieved = time.perf_counter()
        base = dict(question=q, profile=prof.name, resolved_question=resolved)
        if not verdict.in_scope or not hits:
            return self._finish(Answer(text=self.refusal(), abstained=True, backend=self.backend_name, **base), started, t_retrieved)
        notice = ""
        if self.backend_name != "extractive":
            try:
                result = self._answer_with_llm(q, msgs, prof, hits)
                if result is not None:
                    text, cites = result
                    if text:
                        return self._finish(Answer(text=text, citations=cites, backend=self.backend_name, **base), started, t_retrieved)
                    return self._finish(Answer(text=self.refusal(), abstained=True, backend=self.backend_name, **base), started, t_retrieved)
                notice = "The language model's answer could not be verified against the sources, so the offline answerer replied."
            except BackendUnavailable as exc:
                notice = f"The language model is unavailable ({exc}); the offline answerer replied."
        text, cites = self._extractive(resolved, hits, q_vec, prof)
        backend = "extractive" if not notice else "extractive-fallback"
        return self._finish(Answer(text=text, citations=cites, backend=backend, notice=notice, **base), started, t_retrieved)

    def stream(self, question: str, history: list[Message] | list[dict] | None = None, profile: str = "website") -> Iterator[str | Answer]:
        """Yield the answer text piece by piece (sentence by sentence), then the final Answer.

        Claims are verified before anything is shown, so the stream starts once the answer is checked.
        """
        ans = self.answer(question, history, profile)
        yield from _pieces(ans.text)
        yield ans

    def refusal(self) -> str:
        return load_prompt(self.settings.prompts_dir, "refusal").render(topics=TOPICS)

    # ---- backends ----------------------------------------------------------------------
    def _extractive(self, question: str, hits: list[Hit], q_vec: Any, prof: Profile) -> tuple[str, list[Citation]]:
        composed = compose(question, hits, q_vec, self.embedder, prof)
        parts: list[str] = []
        cites: list[Citation] = []
        for group in composed.groups:
            hit = group[0].hit
            body = str(hit.meta.get("body", ""))
            for display, quote in merge_contiguous([s.unit for s in group], body):
                n = len(cites) + 1
                cites.append(make_citation(n, hit, quote))
                is_item = any(s.unit.kind == "item" and s.unit.text == display for s in group)
                parts.append(("\n- " if is_item else " ") + f"{display} [{n}]")
        text = "".join(parts).strip()
        text = text.replace(" \n- ", "\n- ")
        return _tidy(text), cites

    def _answer_with_llm(self, question: str, history: list[Message], prof: Profile, hits: list[Hit]) -> tuple[str, list[Citation]] | None:
        model = self._chat_model or llm_backend.make_chat_model(self.settings)
        self._chat_model = model
        prompt = load_prompt(self.settings.prompts_dir, "answer")
        raw = llm_backend.generate(model, prompt, prof, question, history, hits, self.settings.llm_timeout_s)
        result = llm_backend.check_claims(raw, hits, self.embedder)
        if result.declined:
            return "", []
        if not result.claims:
            return None
        parts, cites = [], []
        for claim in result.claims:
            n = len(cites) + 1
            cites.append(make_citation(n, claim.hit, claim.quote))
            parts.append(f"{claim.text} [{n}]")
        return " ".join(parts), cites

    @staticmethod
    def _finish(ans: Answer, started: float, t_retrieved: float) -> Answer:
        now = time.perf_counter()
        ans.timings = Timings(retrieve_ms=(t_retrieved - started) * 1000, compose_ms=(now - t_retrieved) * 1000, total_ms=(now - started) * 1000)
        return ans


def _tidy(text: str) -> str:
    lines = [ln.strip() for ln in text.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln.startswith("- ") and out and not out[-1].startswith("- ") or not ln.startswith("- ") and out and out[-1].startswith("- "):
            out.append("")
        out.append(ln)
    return "\n".join(out).strip()


def _pieces(text: str) -> Iterator[str]:
    buf = ""
    for token in text.split(" "):
        buf += token + " "
        if token.endswith("]") or len(buf) > 80:
            yield buf
            buf = ""
    if buf.strip():
        yield buf.rstrip() if not buf.endswith(" ") else buf


_default: Advisor | None = None
_default_lock = threading.Lock()


def get_advisor(settings: Settings | None = None) -> Advisor:
    """The process-wide engine (built on first use from the environment's settings)."""
    global _default
    with _default_lock:
        if _default is None or (settings is not None and _default.settings != settings):
            from advisor.settings import load_settings

            _default = Advisor(settings or load_settings())
        return _default


def answer(question: str, history: list[Message] | list[dict] | None = None, profile: str = "website") -> Answer:
    """The one way to an answer: validate, resolve follow-ups, retrieve, decide scope, compose, cite."""
    return get_advisor().answer(question, history, profile)
