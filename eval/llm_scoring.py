"""Scoring what an LLM wrote: citation support by the claim check, and how often the fallback answered.

The eval's topical support rule (embedding + word overlap) is fine for verbatim quotes but blind
to invented figures, flipped negations and swapped roles: with 184 of 277 fabricated sentences in
LLM answers it reported citation precision 100 %. So an LLM answer's citations are scored with
:func:`advisor.claims.check`, the same test the answer path keeps sentences by.
"""

from __future__ import annotations

from advisor.claims import check
from advisor.models import Answer
from advisor.passage import Passage
from eval.scoring import ItemScore, claims, stands_alone

FALLBACK_BACKEND = "extractive-fallback"


def is_llm_answer(ans: Answer) -> bool:
    return ans.backend.startswith("llm:") and not ans.abstained


def claim_checked_citations(ans: Answer, passages: dict[str, Passage]) -> tuple[float, float]:
    """(citation recall, citation precision) with support decided by the claim check against the cited passage."""
    cites = {c.id: c for c in ans.citations}
    stmts = claims(ans)
    if not stmts:
        return 0.0, 0.0
    supported_stmts = pairs = supported_pairs = 0
    for st in stmts:
        ok_any = False
        for cid in st.citation_ids:
            pairs += 1
            c = cites.get(cid)
            p = passages.get(c.chunk_id) if c else None
            ok = c is not None and p is not None and check(st.text, p).ok and stands_alone(c, ans)
            supported_pairs += ok
            ok_any = ok_any or ok
        supported_stmts += ok_any
    return supported_stmts / len(stmts), (supported_pairs / pairs if pairs else 0.0)


def rescore_llm_citations(sc: ItemScore, ans: Answer, passages: dict[str, Passage]) -> None:
    """Replace an LLM answer's citation recall/precision by the claim check's (other answers keep theirs)."""
    if is_llm_answer(ans):
        sc.citation_recall, sc.citation_precision = claim_checked_citations(ans, passages)
        if sc.citation_precision < 1.0:
            sc.why.append("a cited passage does not support its sentence (claim check)")


def fallback_rate(scores: list[ItemScore]) -> float | None:
    """Share of answers the offline answerer gave because the configured LLM failed or could not be verified."""
    return round(sum(s.backend == FALLBACK_BACKEND for s in scores) / len(scores), 4) if scores else None
