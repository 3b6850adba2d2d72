"""LangChain adapter: the learned passage ranking as a ``BaseRetriever`` over the current snapshot.

The answer path does not go through it (it uses :class:`~advisor.answerer.Answerer` directly);
it exists so the ranking composes with LCEL chains and LangChain tooling.
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from advisor.engine import Advisor


class PassageRetriever(BaseRetriever):
    """The ranker's best passages for a query, as LangChain documents (body + typed metadata)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    advisor: Advisor
    k: int = 8

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        snap, ranked = self.advisor.assess(query)
        out = []
        for i in ranked.order[: self.k]:
            p = snap.passages[int(i)]
            meta = {"doc_id": p.doc_id, "title": p.title, "heading": p.heading, "kind": p.kind, "url": p.url or "", "score": float(ranked.probs[int(i)])}
            out.append(Document(page_content=p.readable(), id=p.id, metadata=meta))
        return out
