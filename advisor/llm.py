"""Optional LLM backend via LangChain: prompt from prompts/, streamed generation, each sentence checked as it completes.

Nothing the model writes reaches the user unchecked: a sentence is kept only when a passage it
cites supports it (:func:`advisor.claims.check`: figures, polarity, roles, content), and its quote
is cut from that passage, never from the model. The model is called streaming, so the first
checked sentence can be shown while the model is still writing the rest.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Generator
from dataclasses import dataclass, field

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage

from advisor.claims import check
from advisor.errors import BackendUnavailable
from advisor.guard import guard_question
from advisor.models import Message, Statement
from advisor.passage import Passage
from advisor.prompts import Profile, PromptFile
from advisor.render import parse_markers
from advisor.settings import Settings

NOT_IN_SOURCES = "NOT_IN_SOURCES"
#: Turns of the conversation shown to the model (the follow-up resolver needs one; six keeps context short).
HISTORY_TURNS = 6
#: Providers whose LangChain chat model takes ``max_retries`` (others get no such argument).
RETRYING_PROVIDERS = ("openai", "azure_openai", "anthropic", "mistralai", "groq", "fireworks", "together", "xai", "deepseek")


def make_chat_model(settings: Settings, llm: str | None = None) -> BaseChatModel:
    """Build the configured chat model (``provider:model``); raise BackendUnavailable when it cannot be.

    ``max_retries`` is the settings' (0 or 1): the client's default of 2 retries tripled every
    failing question and kept calling after the offline answerer had replied.
    """
    llm = llm or settings.llm
    try:
        from langchain.chat_models import init_chat_model

        kwargs: dict[str, object] = {"timeout": settings.llm_timeout_s}
        if llm.split(":", 1)[0] in RETRYING_PROVIDERS:
            kwargs["max_retries"] = settings.llm_max_retries
        if settings.llm_base_url:
            kwargs["base_url"] = settings.llm_base_url
        model: BaseChatModel = init_chat_model(llm, **kwargs)  # type: ignore[call-overload]  # kwargs are provider options (timeout, base_url)
        return model
    except Exception as exc:
        raise BackendUnavailable(f"Cannot set up LLM backend {llm!r}: {exc}") from exc


_FRAME_TAGS = re.compile(r"</?\s*(passages|conversation|question|turn)\b[^>]*>", re.I)


def as_data(text: str) -> str:
    """Text placed inside the prompt's data sections, with any tag that would close a section removed."""
    return _FRAME_TAGS.sub(" ", text)


def format_passages(passages: list[Passage]) -> str:
    return "\n\n".join(f"[{i}] {as_data(p.title)} — {as_data(p.heading)}\n{as_data(p.readable())}" for i, p in enumerate(passages, 1))


def format_history(history: list[Message]) -> str:
    """Earlier turns as quoted data; instruction-like sentences are removed as from the question."""
    turns = []
    for m in history[-HISTORY_TURNS:]:
        text = guard_question(m.content).question if m.role == "user" else m.content
        turns.append(f'<turn role="{m.role}">{as_data(text)}</turn>')
    return "\n".join(turns) or "(none)"


def build_prompt(prompt: PromptFile, profile: Profile, question: str, history: list[Message], passages: list[Passage]) -> str:
    """The prompt the model gets: the guarded question (an injected instruction is removed, not just flagged)."""
    return prompt.render(
        profile_instructions=profile.instructions,
        passages=format_passages(passages),
        history=format_history(history),
        question=as_data(guard_question(question).question),
    )


def stream_text(model: BaseChatModel, prompt_text: str, timeout_s: float) -> Generator[str, None, None]:
    """The model's reply as text chunks, within ``timeout_s`` in all (BackendUnavailable otherwise).

    The call runs in a daemon thread, so a process never waits at exit for a call it gave up on;
    closing this iterator (the caller has enough, or gave up) tells the thread to close the
    model's stream, which closes the HTTP response (the client's own timeout bounds a blocked read).
    """
    chunks: queue.Queue[tuple[str, object]] = queue.Queue()
    stop = threading.Event()

    def pump() -> None:
        try:
            it = model.stream([HumanMessage(content=prompt_text)])
            try:
                for chunk in it:
                    if stop.is_set():
                        break
                    chunks.put(("text", _text_of(chunk.content)))
            finally:
                close = getattr(it, "close", None)
                if close is not None:
                    close()
            chunks.put(("end", None))
        except Exception as exc:
            chunks.put(("error", exc))

    threading.Thread(target=pump, name="llm-stream", daemon=True).start()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                kind, value = chunks.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty as exc:
                raise BackendUnavailable(f"LLM did not finish within {timeout_s:g}s") from exc
            if kind == "end":
                return
            if kind == "error":
                assert isinstance(value, BaseException)
                if _is_timeout(value):  # the client's own timer fired first: the same limit, said the same way
                    raise BackendUnavailable(f"LLM did not finish within {timeout_s:g}s") from value
                raise BackendUnavailable(f"LLM call failed: {type(value).__name__}: {value}") from value
            yield str(value)
    finally:
        stop.set()


def _is_timeout(exc: BaseException) -> bool:
    """A client library's timeout: openai's APITimeoutError and httpx's TimeoutException share no base
    class with TimeoutError (and openai is optional here), so their names are read."""
    return isinstance(exc, TimeoutError) or any("Timeout" in t.__name__ for t in type(exc).__mro__)


def _text_of(content: object) -> str:
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content)


# The old topical support rule (cosine of claim and best unit, word overlap). It no longer decides
# what an LLM answer keeps (advisor/claims.py does); the eval still scores verbatim quotes with it.
SUPPORT_COS = 0.62
SUPPORT_LEX = 0.5


def is_support(cos: float, lex: float) -> bool:
    """Topical support: close in embedding space and in words (blind to figures, negation and roles)."""
    return (cos >= SUPPORT_COS and lex >= 0.3) or (lex >= SUPPORT_LEX and cos >= 0.45) or cos >= 0.8


@dataclass
class CheckedClaim:
    text: str
    supports: list[tuple[Passage, str]]  # each cited passage that supports the claim, with its verbatim quote


@dataclass
class ClaimStream:
    """Checks a reply sentence by sentence as it arrives: :meth:`feed` returns the claims completed and kept.

    A statement is complete once the next one has begun (its markers may follow its full stop);
    :meth:`finish` takes the last. The profile's sentence and word limits end the answer early
    (``full``), whatever the backend.
    """

    passages: list[Passage]
    max_sentences: int
    max_words: int
    buffer: str = ""
    seen: int = 0
    kept: list[CheckedClaim] = field(default_factory=list)
    declined: bool = False
    full: bool = False

    def feed(self, text: str) -> list[CheckedClaim]:
        self.buffer += text
        return self._take(parse_markers(" ".join(self.buffer.split()))[:-1])

    def finish(self) -> list[CheckedClaim]:
        return self._take(parse_markers(" ".join(self.buffer.split())))

    def _take(self, statements: list[Statement]) -> list[CheckedClaim]:
        out: list[CheckedClaim] = []
        for st in statements[self.seen :]:
            self.seen += 1
            if self.full:
                break
            claim = self._check(st)
            if claim is None:
                continue
            words = sum(len(c.text.split()) for c in self.kept) + len(claim.text.split())
            if self.kept and words > self.max_words:
                self.full = True
                break
            self.kept.append(claim)
            out.append(claim)
            self.full = len(self.kept) >= self.max_sentences
        return out

    def _check(self, st: Statement) -> CheckedClaim | None:
        if NOT_IN_SOURCES in st.text:
            self.declined = True
        text = st.text.replace(NOT_IN_SOURCES, "").strip(" .")
        if not text:
            return None
        text = st.text.replace(NOT_IN_SOURCES, "").strip()
        supports = []
        for n in dict.fromkeys(st.citation_ids):
            if 1 <= n <= len(self.passages):
                verdict = check(text, self.passages[n - 1])
                if verdict.ok:
                    supports.append((self.passages[n - 1], verdict.quote))
        return CheckedClaim(text, supports) if supports else None
