"""The eval sees what an LLM invented (claim check as the support test) and how often the fallback answered."""

from __future__ import annotations

from advisor.embeddings import Embedder
from advisor.models import Answer, Citation
from advisor.render import parse_markers
from advisor.settings import PROJECT_ROOT
from eval.__main__ import gate_failures, load_thresholds
from eval.claimset import corpus_passages
from eval.llm_scoring import claim_checked_citations, fallback_rate, rescore_llm_citations
from eval.scoring import ItemScore, citation_quality

A = "An MSP evaluating its own performance is inherently limited — not because MSPs are dishonest, but because the relationship creates real conflicts of interest."


def _llm_answer(text: str, backend: str = "llm:openai:x") -> tuple[Answer, dict]:
    passages = {p.id: p for p in corpus_passages(PROJECT_ROOT / "corpus")}
    p = next(p for p in passages.values() if A in p.body)
    cite = Citation(id=1, title=p.title, source=p.doc_id, chunk_id=p.id, quote=A)
    return Answer(question="q", statements=parse_markers(text), citations=[cite], backend=backend), passages


def test_fabricated_llm_sentences_lower_citation_precision_where_the_topical_rule_saw_none(embedder: Embedder) -> None:
    text = f"{A} [1] An MSP evaluating its own performance is inherently limited, as a 2023 survey of 400 firms found [1]."
    ans, passages = _llm_answer(text)
    corpus = {ans.citations[0].source: (PROJECT_ROOT / "corpus" / ans.citations[0].source).read_text(encoding="utf-8")}
    _, _, topical_precision, _ = citation_quality(ans, corpus, embedder)
    assert topical_precision == 1.0  # the old rule: blind to the invented survey
    recall, precision = claim_checked_citations(ans, passages)
    assert precision == 0.5 and recall == 0.5
    sc = ItemScore(id="x", kind="fact", question="q", answer=ans.text, abstained=False, backend=ans.backend, latency_ms=1.0, citation_precision=1.0)
    rescore_llm_citations(sc, ans, passages)
    assert sc.citation_precision == 0.5 and any("claim check" in w for w in sc.why)


def test_extractive_answers_keep_their_scores() -> None:
    ans, passages = _llm_answer(f"{A} [1]", backend="extractive")
    sc = ItemScore(id="x", kind="fact", question="q", answer=ans.text, abstained=False, backend=ans.backend, latency_ms=1.0, citation_precision=0.25)
    rescore_llm_citations(sc, ans, passages)
    assert sc.citation_precision == 0.25


def test_the_fallback_rate_is_reported_and_the_gate_fails_on_it() -> None:
    mk = lambda b: ItemScore(id="x", kind="fact", question="q", answer="", abstained=False, backend=b, latency_ms=1.0)  # noqa: E731
    rate = fallback_rate([mk("llm:openai:x"), mk("extractive-fallback"), mk("extractive-fallback"), mk("llm:openai:x")])
    assert rate == 0.5
    assert "fallback_rate" in load_thresholds()
    assert any(m.startswith("fallback_rate") for m in gate_failures({"fallback_rate": rate}, {"fallback_rate": load_thresholds()["fallback_rate"]}))
    assert gate_failures({"fallback_rate": 0.0}, {"fallback_rate": load_thresholds()["fallback_rate"]}) == []
