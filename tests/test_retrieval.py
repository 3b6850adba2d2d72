"""Hybrid retrieval finds the passage that answers, composes as a LangChain retriever, filters by metadata."""

from __future__ import annotations

from langchain_core.runnables import RunnableLambda

from advisor.engine import Advisor
from advisor.retrieval import HybridRetriever


def _r(advisor: Advisor) -> HybridRetriever:
    return advisor.ensure_ready()


def test_pronoun_sentences_are_found_through_their_heading(advisor: Advisor) -> None:
    hits = _r(advisor).search("How are MSPs measured?", k=3)
    assert any("They are measured on uptime" in h.meta["body"] for h in hits)


def test_both_dense_and_bm25_contribute_and_results_are_unique(advisor: Advisor) -> None:
    hits = _r(advisor).search("per-device monthly fee pricing model", k=8)
    assert any("dense" in h.ranks and "bm25" in h.ranks for h in hits)
    assert len({h.id for h in hits}) == len(hits)
    assert "Pricing model" in hits[0].meta["body"]


def test_it_is_a_langchain_retriever_that_composes_with_lcel(advisor: Advisor) -> None:
    chain = _r(advisor) | RunnableLambda(lambda docs: [d.metadata["doc_id"] for d in docs])
    ids = chain.invoke("What if my MSP offers vCIO services?")
    assert "fractional-cio-vs-msp-orange-county.md" in ids


def test_metadata_filter_limits_to_one_document(advisor: Advisor) -> None:
    hits = _r(advisor).search("What does an MSP do?", k=5, flt={"doc_id": "fractional-cto-vs-managed-it.md"})
    assert hits and {h.meta["doc_id"] for h in hits} == {"fractional-cto-vs-managed-it.md"}
    topic_hits = _r(advisor).search("interim leadership", k=5, flt={"topic": "interim-cto"})
    assert topic_hits and {h.meta["doc_id"] for h in topic_hits} == {"fractional-cto-vs-msp-cto-input.md"}


def test_one_section_cannot_fill_the_results(advisor: Advisor) -> None:
    hits = _r(advisor).search("fractional CIO", k=8)
    sections = [(h.meta["doc_id"], h.meta["heading"]) for h in hits if h.meta["kind"] != "table_row"]
    assert max(sections.count(s) for s in set(sections)) <= 2
