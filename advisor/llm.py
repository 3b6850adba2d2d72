"""Optional LLM backend via LangChain: prompt from prompts/, generation, then claim verification.

Nothing the model writes reaches the user unchecked: each sentence must cite a passage [n] that
supports it (embedding + lexical), and its quote is cut from that passage, never from the model.
"""

from __future__ import annotations

import concurrent.futures
from dataclasses import dataclass, field

import numpy as np
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage

from advisor.embeddings import EmbedderLike
from advisor.errors import BackendUnavailable
from advisor.models import Message, Statement
from advisor.passage import Passage
from advisor.prompts import Profile, PromptFile
from advisor.render import parse_markers
from advisor.settings import Settings
from advisor.text import lexical_overlap
from advisor.units import units_of

NOT_IN_SOURCES = "NOT_IN_SOURCES"


def make_chat_model(settings: Settings) -> BaseChatModel:
    """Build the configured chat model (``provider:model``); raise BackendUnavailable when it cannot be."""
    try:
        from langchain.chat_models import init_chat_model

        kwargs: dict[str, object] = {"timeout": settings.llm_timeout_s}
        if settings.llm_base_url:
            kwargs["base_url"] = settings.llm_base_url
        model: BaseChatModel = init_chat_model(settings.llm, **kwargs)  # type: ignore[call-overload]  # kwargs are provider options (timeout, base_url)
        return model
    except Exception as exc:
        raise BackendUnavailable(f"Cannot set up LLM backend {settings.llm!r}: {exc}") from exc


def format_passages(passages: list[Passage]) -> str:
    return "\n\n".join(f"[{i}] {p.title} — {p.heading}\n{p.readable()}" for i, p in enumerate(passages, 1))


def format_history(history: list[Message]) -> str:
    return "\n".join(f"{m.role}: {m.content}" for m in history[-6:]) or "(none)"


# The support rule (cosine of claim and best unit, word overlap): topical similarity thresholds
# carried over from the sentence-level answerer's claim check; see issue 17 for the stricter check.
SUPPORT_COS = 0.62
SUPPORT_LEX = 0.5


@dataclass
class CheckedClaim:
    text: str
    passage: Passage
    quote: str


@dataclass
class LlmResult:
    claims: list[CheckedClaim] = field(default_factory=list)
    declined: bool = False


def is_support(cos: float, lex: float) -> bool:
    """The one rule for "this passage supports this claim"."""
    return (cos >= SUPPORT_COS and lex >= 0.3) or (lex >= SUPPORT_LEX and cos >= 0.45) or cos >= 0.8


def best_support(claim: str, claim_vec: np.ndarray, p: Passage, embedder: EmbedderLike) -> tuple[bool, str]:
    """Whether some unit of ``p`` supports ``claim``, and that unit's verbatim quote."""
    units = units_of(p)
    if not units:
        return False, ""
    sims = embedder.encode([u.text for u in units], cache=True) @ claim_vec
    scored = [(float(c), lexical_overlap(claim, u.text), u) for c, u in zip(sims, units)]
    cos, lex, u = max(scored, key=lambda t: 0.6 * t[0] + 0.4 * t[1])
    return is_support(cos, lex), p.body[u.start : u.end]


def generate(model: BaseChatModel, prompt: PromptFile, profile: Profile, question: str, history: list[Message], passages: list[Passage], timeout_s: float) -> str:
    text = prompt.render(
        profile_instructions=profile.instructions,
        passages=format_passages(passages),
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


def check_claims(raw: str, passages: list[Passage], embedder: EmbedderLike) -> LlmResult:
    """Keep only statements that cite a passage which supports them; quote that passage."""
    result = LlmResult()
    statements: list[Statement] = parse_markers(" ".join(raw.split()))
    if NOT_IN_SOURCES in raw and not any(s.citation_ids for s in statements):
        result.declined = True
        return result
    for st in statements:
        claim = st.text.replace(NOT_IN_SOURCES, "").strip()
        valid = [n for n in st.citation_ids if 1 <= n <= len(passages)]
        if not claim or not valid:
            continue
        vec = embedder.encode([claim], cache=True)[0]
        for n in valid:
            ok, quote = best_support(claim, vec, passages[n - 1], embedder)
            if ok:
                result.claims.append(CheckedClaim(claim, passages[n - 1], quote))
                break
    return result
