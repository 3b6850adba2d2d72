"""Test doubles: a hashing embedder (no model), passages made inline, a ranker with named weights."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from advisor.knowledge import Knowledge
from advisor.passage import Passage, PassageKind
from advisor.ranking import FEATURES, LinearModel, QueryAdapter
from advisor.scope import SCOPE_FEATURES
from advisor.text import content_tokens
from advisor.verdict import SHAPE_FEATURES, VerdictModel

DIM = 64


class HashingEmbedder:
    """Deterministic bag-of-words vectors: texts that share (stemmed) words land close. No model, no torch."""

    def encode(self, texts: list[str], batch_size: int = 64, cache: bool = False, progress: Any = None) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in content_tokens(t) or ["<empty>"]:
                out[i, int(hashlib.sha256(w.encode()).hexdigest()[:8], 16) % DIM] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


def passage(body: str, *, kind: PassageKind = "prose", doc: str = "a.md", heading: str = "", position: int = 0, lead_in: str = "", faq_question: str = "") -> Passage:
    embed = f"{faq_question}\n{body}" if faq_question else body
    return Passage(
        id=hashlib.sha256(f"{doc}{position}{body}".encode()).hexdigest()[:16],
        doc_id=doc,
        title=f"Title of {doc}",
        url=None,
        heading=heading,
        position=position,
        kind=kind,
        body=body,
        embed_text=embed,
        lead_in=lead_in,
        faq_question=faq_question,
        topics=("msp", "fractional-cio"),
    )


def knowledge(embedder: HashingEmbedder, **weights: float) -> Knowledge:
    """A ranker that weighs only the named features (standardised as-is), and a scope model that always says in scope."""
    w = np.asarray([weights.get(f, 0.0) for f in FEATURES], dtype=np.float32)
    ranker = LinearModel(FEATURES, np.zeros(len(FEATURES), np.float32), np.ones(len(FEATURES), np.float32), w, 0.0, {})
    inside = embedder.encode(["what does an msp do"])
    names = SCOPE_FEATURES
    scope = LinearModel(names, np.zeros(len(names), np.float32), np.ones(len(names), np.float32), np.zeros(len(names), np.float32), 5.0, {})
    outside = embedder.encode(["best pizza recipe"])
    identity = QueryAdapter.identity(inside.shape[1])  # leaves question and passage vectors as they are
    dim = inside.shape[1] + len(SHAPE_FEATURES)
    never = VerdictModel(("none",), np.zeros((1, dim), np.float32), np.zeros(1, np.float32), 1.0, {})  # says no verdict
    return Knowledge(ranker, identity, never, scope, 0.5, inside, outside)
