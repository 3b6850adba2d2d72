"""Optional LLM backend via LangChain: prompt from prompts/, generation, then claim verification.

Nothing the model writes reaches the user unchecked: each sentence must cite a passage [n] that
supports it (embedding + lexical), and its quote is cut from that passage, never from the model.
"""

from __future__ import annotations

import concurrent.futures
import re
from dataclasses import dataclass, field

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage

from advisor.citations import best_support
from advisor.embeddings import Embedder
from advisor.errors import BackendUnavailable
from advisor.models import Message
from advisor.prompts import Profile, PromptFile
from advisor.retrieval import Hit
from advisor.settings import Settings
from advisor.text import split_sentences

_MARK = re.compile(r"\s*\[(\d+)\]")
NOT_IN_SOURCES = "NOT_IN_SOURCES"


def make_chat_model(settings: Settings) -> BaseChatModel:
    """Build the configured chat model (``provider:model``); raise BackendUnavailable when it cannot be."""
    try:
        from langchain.chat_models import init_chat_model

        kwargs: dict[str, object] = {"timeout": settings.llm_timeout_s}
        if settings.llm_base_url:
            kwargs["base_url"] = settings.llm_base_url
        return init_chat_model(settings.llm, **kwargs)
    except Exception as exc:
        raise BackendUnavailable(f"Cannot set up LLM backend {settings.llm!r}: {exc}") from exc


def format_passages(hits: list[Hit]) -> str:
    blocks = []
    for i, h in enumerate(hits, 1):
        m = h.meta
        blocks.append(f"[{i}] {m.get('title', '')} — {m.get('heading', '')}\n{m.get('body', '')}")
    return "\n\n".join(blocks)


def format_history(history: list[Message]) -> str:
    return "\n".join(f"{m.role}: {m.content}" for m in history[-6:]) or "(none)"


@dataclass
class CheckedClaim:
    text: str
    hit: Hit
    quote: str


@dataclass
class LlmResult:
    claims: list[CheckedClaim] = field(default_factory=list)
    dropped: int = 0
    declined: bool = False
    raw: str = ""


def generate(model: BaseChatModel, prompt: PromptFile, profile: Profile, question: str, history: list[Message], hits: list[Hit], timeout_s: float) -> str:
    text = prompt.render(
        profile_instructions=profile.instructions,
        passages=format_passages(hits),
        history=format_history(history),
        question=question,
    )
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        future = pool.submit(model.invoke, [HumanMessage(content=text)])
        reply = future.result(timeout=timeout_s)
    except concurrent.futures.TimeoutError as exc:
        raise BackendUnavailable(f"LLM did not answer within {timeout_s:.0f}s") from exc
    except Exception as exc:
        raise BackendUnavailable(f"LLM call failed: {type(exc).__name__}: {exc}") from exc
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    content = reply.content if hasattr(reply, "content") else reply
    if isinstance(content, list):
        content = "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def check_claims(raw: str, hits: list[Hit], embedder: Embedder) -> LlmResult:
    """Keep only sentences that cite a passage which supports them; quote that passage."""
    result = LlmResult(raw=raw)
    if NOT_IN_SOURCES in raw:
        result.declined = True
        return result
    for sentence in split_sentences(" ".join(raw.split())):
        marks = [int(n) for n in _MARK.findall(sentence)]
        claim = _MARK.sub("", sentence).strip()
        if not claim:
            continue
        valid = [n for n in marks if 1 <= n <= len(hits)]
        if not valid:
            result.dropped += 1
            continue
        vec = embedder.encode([claim], cache=True)[0]
        kept = False
        for n in valid:
            sup = best_support(claim, vec, hits[n - 1], embedder)
            if sup.supported:
                result.claims.append(CheckedClaim(claim, hits[n - 1], sup.quote))
                kept = True
                break
        if not kept:
            result.dropped += 1
    return result
