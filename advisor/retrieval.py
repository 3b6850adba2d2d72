"""Hybrid retrieval: dense (Chroma, cosine) + BM25 (bm25s), fused by reciprocal rank fusion.

It is a LangChain ``BaseRetriever``, so it composes with LCEL; :meth:`HybridRetriever.search`
returns the richer :class:`Hit` objects (with the dense similarity the scope gate needs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import bm25s
import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from advisor.embeddings import Embedder
from advisor.errors import BackendUnavailable
from advisor.store import IndexStore, read_all
from advisor.text import content_tokens, tokens

RRF_K = 60
# Words the articles use for what visitors ask in other words (BM25 matches words, not meaning).
SYNONYMS = {
    # The articles call the same role "fractional CIO/CTO" and "fractional IT executive/leader".
    "cio": ("executive", "leader"),
    "cto": ("executive", "leader"),
    "fee": ("pricing", "retainer", "cost"),
    "cost": ("pricing", "price", "fee", "retainer", "salary"),
    "price": ("pricing", "cost", "fee"),
    "priced": ("pricing", "cost", "fee", "retainer"),
    "charge": ("pricing", "fee", "cost"),
    "pay": ("pricing", "fee", "cost"),
    "expensive": ("cost", "pricing"),
    "quit": ("left", "exit", "lost"),
    "left": ("exit", "lost"),
}


@lru_cache(maxsize=1)
def _stemmed_synonyms() -> dict[str, tuple[str, ...]]:
    """SYNONYMS in the token space of the index (stemmed), built once."""
    return {tokens(k)[0]: tuple(tokens(" ".join(v))) for k, v in SYNONYMS.items()}


def expand_query_tokens(words: list[str]) -> list[str]:
    """Add the corpus' own words for a query word (``words`` are already tokens)."""
    syn = _stemmed_synonyms()
    out = list(words)
    for w in words:
        out.extend(t for t in syn.get(w, ()) if t not in out)
    return out


@dataclass
class Hit:
    """One retrieved chunk with the evidence of why it was retrieved."""

    id: str
    text: str  # embedding text (context + body)
    meta: dict[str, Any]
    score: float = 0.0  # fused RRF score
    dense_sim: float = 0.0  # cosine similarity to the question (0 when not in the dense list)
    bm25: float = 0.0
    ranks: dict[str, int] = field(default_factory=dict)

    def to_document(self) -> Document:
        return Document(page_content=self.meta.get("body", self.text), id=self.id, metadata={**self.meta, "score": self.score, "dense_sim": self.dense_sim})


def _stem_tokens(texts: list[str]) -> list[list[str]]:
    return [content_tokens(t) for t in texts]


class HybridRetriever(BaseRetriever):
    """Dense + BM25 with RRF, then de-duplicated and diversified (at most ``per_section`` per heading)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: IndexStore
    embedder: Embedder
    k: int = 8
    fetch_k: int = 30
    per_section: int = 2
    filter: dict[str, Any] | None = None

    _collection: Any = PrivateAttr(default=None)
    _ids: list[str] = PrivateAttr(default_factory=list)
    _texts: list[str] = PrivateAttr(default_factory=list)
    _metas: list[dict[str, Any]] = PrivateAttr(default_factory=list)
    _bm25: Any = PrivateAttr(default=None)
    _generation: str = PrivateAttr(default="")

    def load(self) -> HybridRetriever:
        """Read the served generation once: BM25 is built from it, metadata kept in memory."""
        collection = self.store.active()
        got = read_all(collection, ["documents", "metadatas"])
        self._collection = collection
        self._generation = collection.name
        self._ids = list(got["ids"])
        self._texts = list(got["documents"] or [])
        self._metas = [dict(m) for m in (got["metadatas"] or [])]
        corpus_tokens = _stem_tokens(self._texts)
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus_tokens, show_progress=False)
        return self

    @property
    def generation(self) -> str:
        return self._generation

    @property
    def size(self) -> int:
        return len(self._ids)

    def chunk_metadata(self) -> list[dict[str, Any]]:
        return self._metas

    @property
    def chunk_ids(self) -> list[str]:
        return self._ids

    def hits_for(self, ids: list[str], query_vec: np.ndarray, flt: dict[str, Any] | None = None) -> list[Hit]:
        """Hits for chunks found another way (sentence search), with their chunk-level similarity."""
        index_of = {cid: i for i, cid in enumerate(self._ids)}
        out = [
            Hit(cid, self._texts[index_of[cid]], self._metas[index_of[cid]])
            for cid in ids
            if cid in index_of and self._matches(self._metas[index_of[cid]], flt)
        ]
        self._fill_dense_sims(out, query_vec)
        for h in out:
            h.ranks["units"] = ids.index(h.id)
        return out

    def refresh_if_stale(self) -> bool:
        """Reload when ingest has switched generations (cheap pointer read)."""
        if self.store.active_name() != self._generation:
            self.load()
            return True
        return False

    def _matches(self, meta: dict[str, Any], flt: dict[str, Any] | None) -> bool:
        if not flt:
            return True
        for key, want in flt.items():
            if key == "topic":
                if want not in str(meta.get("topics", "")).split(","):
                    return False
            elif meta.get(key) != want:
                return False
        return True

    def search(self, query: str, k: int | None = None, flt: dict[str, Any] | None = None, query_vec: np.ndarray | None = None) -> list[Hit]:
        if self._bm25 is None:
            self.load()
        k = k or self.k
        flt = flt if flt is not None else self.filter
        if query_vec is None:
            query_vec = self.embedder.encode([query], cache=True)[0]
        hits: dict[str, Hit] = {}
        # Dense
        where = None
        if flt:
            clauses = [{key: val} for key, val in flt.items() if key != "topic"]
            where = clauses[0] if len(clauses) == 1 else ({"$and": clauses} if clauses else None)
        try:
            res = self._collection.query(
                query_embeddings=[query_vec.tolist()], n_results=min(self.fetch_k, max(self.size, 1)), where=where, include=["distances"]
            )
        except Exception as exc:
            raise BackendUnavailable(f"Chroma query failed: {exc}") from exc
        index_of = {cid: i for i, cid in enumerate(self._ids)}
        for rank, (cid, dist) in enumerate(zip(res["ids"][0], res["distances"][0])):
            i = index_of.get(cid)
            if i is None or not self._matches(self._metas[i], flt):
                continue
            h = hits.setdefault(cid, Hit(cid, self._texts[i], self._metas[i]))
            h.dense_sim = 1.0 - float(dist)
            h.ranks["dense"] = rank
            h.score += 1.0 / (RRF_K + rank + 1)
        # BM25
        q_tokens = expand_query_tokens(content_tokens(query))
        if q_tokens and self.size:
            docs, scores = self._bm25.retrieve([q_tokens], k=min(self.fetch_k, self.size), show_progress=False)
            rank = 0
            for i, s in zip(docs[0], scores[0]):
                if s <= 0 or not self._matches(self._metas[int(i)], flt):
                    continue
                cid = self._ids[int(i)]
                h = hits.setdefault(cid, Hit(cid, self._texts[int(i)], self._metas[int(i)]))
                h.bm25 = float(s)
                h.ranks["bm25"] = rank
                h.score += 1.0 / (RRF_K + rank + 1)
                rank += 1
        # Chunks only BM25 found still need a dense similarity for scoring downstream.
        self._fill_dense_sims([h for h in hits.values() if "dense" not in h.ranks], query_vec)
        ranked = sorted(hits.values(), key=lambda h: h.score, reverse=True)
        return _diversify(ranked, k, self.per_section)

    def _fill_dense_sims(self, hits: list[Hit], query_vec: np.ndarray) -> None:
        """Cosine to the question for hits the dense search did not return (their stored vectors)."""
        if not hits:
            return
        got = self._collection.get(ids=[h.id for h in hits], include=["embeddings"])
        vec_of = dict(zip(got["ids"], got["embeddings"]))
        for h in hits:
            if h.id in vec_of:
                h.dense_sim = float(np.dot(np.asarray(vec_of[h.id], dtype=np.float32), query_vec))

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [h.to_document() for h in self.search(query)]


def _diversify(ranked: list[Hit], k: int, per_section: int) -> list[Hit]:
    """Drop duplicate bodies and cap chunks per (document, section) so one section cannot fill the list."""
    seen_bodies: set[str] = set()
    per: dict[tuple[str, str], int] = {}
    out: list[Hit] = []
    overflow: list[Hit] = []
    for h in ranked:
        body = " ".join(str(h.meta.get("body", h.text)).split())
        if body in seen_bodies:
            continue
        seen_bodies.add(body)
        key = (str(h.meta.get("doc_id")), str(h.meta.get("heading")))
        if per.get(key, 0) >= per_section and h.meta.get("kind") != "table_row":
            overflow.append(h)
            continue
        per[key] = per.get(key, 0) + 1
        out.append(h)
    return (out + overflow)[:k]
