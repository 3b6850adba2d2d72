"""Passage ranking finds the passage that answers, works as a LangChain retriever, and reads one snapshot."""

from __future__ import annotations

import threading

import pytest
from langchain_core.runnables import RunnableLambda

from advisor.engine import Advisor
from advisor.retrieval import PassageRetriever

pytestmark = pytest.mark.both_encoders  # also run on sentence-transformers (scripts/test.sh)


def _top(advisor: Advisor, q: str, k: int = 3) -> list[str]:
    snap, ranked = advisor.assess(q)
    return [snap.passages[int(i)].body for i in ranked.order[:k]]


def test_pronoun_sentences_are_found_through_their_heading(advisor: Advisor) -> None:
    assert any("They are measured on uptime" in b for b in _top(advisor, "How are MSPs measured?"))


def test_a_pricing_question_ranks_the_pricing_row_first(advisor: Advisor) -> None:
    assert "Pricing model" in _top(advisor, "per-device monthly fee pricing model", 1)[0]


def test_it_is_a_langchain_retriever_that_composes_with_lcel(advisor: Advisor) -> None:
    chain = PassageRetriever(advisor=advisor, k=5) | RunnableLambda(lambda docs: [d.metadata["doc_id"] for d in docs])
    ids = chain.invoke("What if my MSP offers vCIO services?")
    assert "fractional-cio-vs-msp-orange-county.md" in ids


def test_every_passage_is_context_complete(advisor: Advisor) -> None:
    snap = advisor.ensure_ready()
    for p in snap.passages:
        assert not p.body.rstrip().endswith(":"), p.body  # a lead-in always travels with its list
        if p.kind == "table_row":
            assert "|" not in p.readable()
    bodies = " ".join(p.body for p in snap.passages)
    assert "You can reach" not in bodies and "Browse our directory" not in bodies  # contact lines, calls to action
    assert "MSP & Fractional CIO Roles" not in bodies  # the caption of a table the capture lost


def test_readers_keep_their_snapshot_while_the_runtime_swaps(advisor: Advisor) -> None:
    before = advisor.runtime.current()
    seen: list[int] = []

    def read() -> None:
        for _ in range(200):
            snap = advisor.runtime.current()
            seen.append(len(snap.passages) == len(snap.vectors) == len(snap.units))

    t = threading.Thread(target=read)
    t.start()
    assert advisor.runtime.refresh() is False  # same generation: nothing reloaded
    t.join()
    assert all(seen) and advisor.runtime.current() is before
