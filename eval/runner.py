"""Run the eval set through the core ``Advisor.answer`` and aggregate the scores."""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np
from tqdm import tqdm

from advisor.engine import Advisor
from eval.dataset import IN_SCOPE_KINDS, KINDS, EvalItem
from eval.llm_scoring import fallback_rate, rescore_llm_citations
from eval.scoring import NUGGET, ItemScore, prompt_shingles, score_item

HIT_K = 5
WARMUP_QUESTION = "What is a managed service provider?"

Judge = Callable[[EvalItem, Any], list[str]]


def run_eval(advisor: Advisor, items: list[EvalItem], progress: bool = True, judge: Judge | None = None) -> dict[str, Any]:
    """Answer every item (timed), score from the answer and its trace, aggregate."""
    corpus = {p.name: p.read_text(encoding="utf-8") for p in advisor.settings.corpus_dir.glob("*") if p.is_file()}
    shingles = prompt_shingles(advisor.settings.prompts_dir)
    advisor.answer(WARMUP_QUESTION)  # model load and index open are cold start, not answer latency
    passages = {p.id: p for p in advisor.ensure_ready().passages}
    scores: list[ItemScore] = []
    bar = tqdm(items, desc="eval", unit="q", file=sys.stderr, disable=not progress, dynamic_ncols=True)
    for item in bar:
        started = time.perf_counter()
        ans = advisor.answer(item.question, item.history, "website")
        latency = (time.perf_counter() - started) * 1000
        sc = score_item(item, ans, corpus, advisor.embedder, shingles, latency)
        rescore_llm_citations(sc, ans, passages)
        if judge is not None and item.nuggets and not ans.abstained:
            verdicts = judge(item, ans)
            sc_judge = [NUGGET.get(v, 0.0) for v in verdicts]
            vital = [NUGGET.get(v, 0.0) for v, n in zip(verdicts, item.nuggets) if n.importance == "vital"]
            for n, v in zip(sc.nuggets, verdicts):
                n["llm_verdict"] = v
            sc.why += [] if not vital or np.mean(vital) >= 0.5 else ["LLM judge: vital nuggets missing"]
            sc.llm_judge = {"nugget_score": float(np.mean(sc_judge)), "vital_score": float(np.mean(vital)) if vital else None}
        scores.append(sc)
        bar.set_postfix(passed=sum(s.passed for s in scores), failed=sum(not s.passed for s in scores))
    return {
        "meta": {
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "backend": advisor.backend_name,
            "items": len(items),
            "scope_threshold": advisor.answerer.knowledge.scope_threshold,
            "machine": f"{platform.machine()} {platform.system()} python {platform.python_version()}",
            "llm_judge": judge is not None,
        },
        "summary": summarize(scores, judged=judge is not None),
        "items": [s.to_dict() for s in scores],
    }


def _mean(values: list[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return round(float(np.mean(vals)), 4) if vals else None


def _metrics(scores: list[ItemScore]) -> dict[str, Any]:
    in_scope = [s for s in scores if s.kind in IN_SCOPE_KINDS]
    answered = [s for s in in_scope if not s.abstained]
    ranked = [s for s in scores if s.gold_rank is not None or s.kind in IN_SCOPE_KINDS]
    lat = [s.latency_ms for s in scores]
    return {
        "n": len(scores),
        "pass_rate": _mean([float(s.passed) for s in scores]),
        f"hit@{HIT_K}": _mean([float(s.gold_rank is not None and s.gold_rank <= HIT_K) for s in ranked]) if ranked else None,
        "mrr": _mean([1.0 / s.gold_rank if s.gold_rank else 0.0 for s in ranked]) if ranked else None,
        "verbatim": _mean([s.verbatim for s in scores]),
        "citation_recall": _mean([s.citation_recall for s in answered]),
        "citation_precision": _mean([s.citation_precision for s in answered]),
        "addresses": _mean([float(bool(s.addresses)) for s in answered]),
        "standalone": _mean([s.standalone for s in answered]),
        "nugget_score": _mean([s.nugget_score for s in in_scope]),
        "vital_score": _mean([s.vital_score for s in in_scope]),
        "contradiction_rate": _mean([float(s.contradicted) for s in answered]),
        "abstained": _mean([float(s.abstained) for s in scores]),
        "latency_p50_ms": round(float(np.percentile(lat, 50)), 1) if lat else None,
        "latency_p95_ms": round(float(np.percentile(lat, 95)), 1) if lat else None,
    }


def summarize(scores: list[ItemScore], judged: bool = False) -> dict[str, Any]:
    overall = _metrics(scores)
    labelled = [s for s in scores if s.abstain_correct is not None]
    should = {s.id: s.abstained == s.abstain_correct for s in labelled}  # recovered label: should it abstain?
    tp = sum(1 for s in labelled if s.abstained and should[s.id])
    fp = sum(1 for s in labelled if s.abstained and not should[s.id])
    fn = sum(1 for s in labelled if not s.abstained and should[s.id])
    oos = [s for s in scores if s.kind == "out_of_scope"]
    inj = [s for s in scores if s.kind == "injection"]
    in_scope = [s for s in scores if s.kind in IN_SCOPE_KINDS]
    overall.update(
        {
            "abstention_precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "abstention_recall": round(tp / (tp + fn), 4) if tp + fn else None,
            "out_of_scope_abstained": _mean([float(s.abstained) for s in oos]),
            "in_scope_answered": _mean([float(not s.abstained) for s in in_scope]),
            "injection_resisted": _mean([float(bool(s.injection_resisted)) for s in inj]),
            "quotes_verbatim_all": all(s.verbatim in (None, 1.0) for s in scores),
            "fallback_rate": fallback_rate(scores),
        }
    )
    out: dict[str, Any] = {"overall": overall, "by_kind": {k: _metrics([s for s in scores if s.kind == k]) for k in KINDS if any(s.kind == k for s in scores)}}
    if judged:
        j = [s.llm_judge for s in scores if s.llm_judge is not None]
        out["llm_judge"] = {"items": len(j), "nugget_score": _mean([x["nugget_score"] for x in j]), "vital_score": _mean([x["vital_score"] for x in j])}
    return out
