"""The offline answerer: compose a readable answer from verbatim source units, each cited.

Selecting sentences one by one gives choppy answers, so it takes a contiguous window from the
best passage (led by the unit that answers, with its antecedent when it opens with a pronoun),
then adds the best non-redundant units from other passages. An FAQ pair whose question matches
the user's leads when it fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from advisor.embeddings import Embedder
from advisor.prompts import Profile
from advisor.retrieval import Hit
from advisor.text import content_tokens, lexical_overlap
from advisor.units import Unit, units_for

_LEANS_BACK = re.compile(r"^(they|their|them|it|its|this|that|these|those|but|and|so|or|then|here|there|think of it)\b", re.IGNORECASE)
_ASKS_FIGURE = re.compile(r"\b(how much|cost|costs|price|pricing|priced|fee|fees|charge|budget|salary|expensive|pay)\b", re.I)
_FIGURE = re.compile(r"\$\d|\d+\s*(%|percent|months?|employees|people)")
_TERMINAL = re.compile(r"[.!?:;)\"”’]\s*$")
_BARE_VERDICT = re.compile(r"^(yes|no|usually|often|sometimes|rarely)\b[^.]{0,25}\.$", re.I)
_YES_NO_QUESTION = re.compile(r"^\s*(is|are|do|does|did|can|could|should|would|will|has|have|was|were|am)\b", re.I)
FAQ_MATCH = 0.72
REDUNDANT = 0.86
EXTRA_FLOOR = 0.38  # below this a further passage is more noise than support


@dataclass
class Scored:
    unit: Unit
    hit: Hit
    rank: int
    score: float
    vec: np.ndarray


@dataclass
class Composed:
    groups: list[list[Scored]]  # each group becomes one citation (contiguous units of one chunk)
    lead_score: float


def score_units(question: str, hits: list[Hit], q_vec: np.ndarray, embedder: Embedder) -> list[Scored]:
    units: list[tuple[Unit, Hit, int]] = []
    for rank, h in enumerate(hits):
        for u in units_for(h.id, h.meta):
            units.append((u, h, rank))
    if not units:
        return []
    vecs = embedder.encode([u.embed_text for u, _, _ in units], cache=True)
    sims = vecs @ q_vec
    q_words = content_tokens(question)
    wants_figure = bool(_ASKS_FIGURE.search(question))
    out = []
    for (u, h, rank), sim, vec in zip(units, sims, vecs):
        lex = lexical_overlap(" ".join(q_words), f"{u.text} {u.context}") if q_words else 0.0
        prior = 1.0 / (1.0 + 0.35 * rank)
        score = 0.6 * float(sim) + 0.2 * lex + 0.2 * prior * max(h.dense_sim, 0.0) + (0.02 if u.kind != "lead" else 0.0)
        if _LEANS_BACK.match(u.text) and (u.order == 0 or u.start == 0):
            score -= 0.05  # leans on a sentence it cannot bring along
        if len(u.text.split()) < 7:
            score -= 0.03  # too short to answer on its own
        if wants_figure and _FIGURE.search(u.text):
            score += 0.08  # "how much / what does it cost" is answered by a figure
        if _is_question(u.text):
            score -= 0.15  # a rhetorical question does not answer anything
        if u.kind == "sentence" and not _TERMINAL.search(u.text) and len(u.text.split()) < 8:
            score -= 0.15  # a caption or heading-like fragment, not a statement
        out.append(Scored(u, h, rank, score, vec))
    return out


def compose(question: str, hits: list[Hit], q_vec: np.ndarray, embedder: Embedder, profile: Profile) -> Composed:
    scored = score_units(question, hits, q_vec, embedder)
    if not scored:
        return Composed([], 0.0)
    by_chunk: dict[str, list[Scored]] = {}
    for s in scored:
        by_chunk.setdefault(s.unit.chunk_id, []).append(s)
    limit = profile.max_sentences
    chosen: list[Scored] = []
    groups: list[list[Scored]] = []

    faq = _matching_faq(hits, q_vec, embedder)
    if faq is not None:
        window = by_chunk.get(faq.id, [])[: max(2, limit - 1) + 1]  # one spare in case a bare verdict is dropped
    else:
        statements = [s for s in scored if not _is_question(s.unit.text)] or scored
        best = max(statements, key=lambda s: s.score)
        window = _window(best, by_chunk[best.unit.chunk_id], limit)
    if window and _BARE_VERDICT.match(window[0].unit.text) and not _YES_NO_QUESTION.match(question):
        # A bare "No." answers the article's own (FAQ) question, not the user's open one.
        window = window[1:]
    if faq is not None:
        window = window[: max(2, limit - 1)]
    if not window:
        return Composed([], 0.0)
    groups.append(window)
    chosen.extend(window)
    lead = window[0] if faq is not None else best
    lead_score = lead.score
    # Add the best remaining units from other chunks, penalising redundancy (MMR).
    budget_words = profile.max_words
    pool = [s for s in scored if s not in chosen and s.unit.kind != "lead"]
    while len(chosen) < limit and pool and sum(len(c.unit.text.split()) for c in chosen) < budget_words:

        def mmr(s: Scored) -> float:
            red = max(float(s.vec @ c.vec) for c in chosen)
            return s.score - 0.35 * max(0.0, red - 0.5)

        best = max(pool, key=mmr)
        pool.remove(best)
        floor = max(0.8 * lead_score, EXTRA_FLOOR)
        if best.score < floor or max(float(best.vec @ c.vec) for c in chosen) > REDUNDANT:
            if best.score < floor:
                break
            continue
        extra = [best]
        if best.unit.kind == "item":
            lead_in = [s for s in _lead_in(by_chunk[best.unit.chunk_id]) if s not in chosen]
            extra = lead_in + [best]
        elif _LEANS_BACK.match(best.unit.text):
            prev = _previous(best, by_chunk[best.unit.chunk_id])
            if prev is not None and prev not in chosen:
                extra = [prev, best]
        if len(chosen) + len(extra) > limit + 1:
            continue
        groups.append(extra)
        chosen.extend(extra)
        pool = [s for s in pool if s not in extra]
    return Composed(groups, lead_score)


def _is_question(text: str) -> bool:
    """A rhetorical question (not a statement that ends by listing questions after a colon)."""
    return text.rstrip().endswith("?") and ":" not in text


def _matching_faq(hits: list[Hit], q_vec: np.ndarray, embedder: Embedder) -> Hit | None:
    """An FAQ pair among the top hits whose question is close to the user's question."""
    faqs = [h for h in hits if h.meta.get("kind") == "faq" and h.meta.get("faq_question")]
    if not faqs:
        return None
    vecs = embedder.encode([str(h.meta["faq_question"]) for h in faqs], cache=True)
    sims = vecs @ q_vec
    i = int(np.argmax(sims))
    return faqs[i] if float(sims[i]) >= FAQ_MATCH else None


def _lead_in(siblings: list[Scored]) -> list[Scored]:
    """The sentence introducing a list, with the one before it when it leans back ("This is the case if:")."""
    leads = [s for s in siblings if s.unit.kind == "lead"]
    if not leads:
        return []
    if len(leads) > 1 and _LEANS_BACK.match(leads[-1].unit.text):
        return leads[-2:]
    return leads[-1:]


def _previous(s: Scored, siblings: list[Scored]) -> Scored | None:
    i = siblings.index(s)
    if i > 0 and siblings[i - 1].unit.para == s.unit.para:
        return siblings[i - 1]
    return None


def _window(lead: Scored, siblings: list[Scored], limit: int) -> list[Scored]:
    """The lead unit with its antecedent (pronoun) or lead-in (list item), then close followers."""
    window = [lead]
    if lead.unit.kind == "item":
        window = _lead_in(siblings) + window
    else:
        prev = _previous(lead, siblings)
        # Bring the sentence before when the lead leans on it, or when it is nearly as relevant (read in order).
        if prev is not None and (_LEANS_BACK.match(lead.unit.text) or (prev.score >= 0.8 * lead.score and not _is_question(prev.unit.text))):
            window = [prev] + window
    if lead.unit.kind == "lead":
        # A lead-in ("You need an MSP when:") says nothing without its items: bring the best ones.
        items = sorted((s for s in siblings if s.unit.kind == "item"), key=lambda s: -s.score)[: max(1, min(limit, 3))]
        return window + sorted(items, key=lambda s: s.unit.order)
    i = siblings.index(lead)
    j = i + 1
    while j < len(siblings) and len(window) < min(limit, 3):
        nxt = siblings[j]
        same_para = nxt.unit.para == lead.unit.para
        completes_list = same_para and window[-1].unit.text.rstrip().endswith("?") and _is_question(nxt.unit.text)
        if nxt.score >= 0.85 * lead.score or completes_list or (same_para and _LEANS_BACK.match(nxt.unit.text) and nxt.score >= 0.7 * lead.score):
            window.append(nxt)
            j += 1
            continue
        # Read on through one weaker sentence when the one after it answers well: a contiguous quote reads better.
        after = siblings[j + 1] if j + 1 < len(siblings) else None
        if after is not None and after.score >= 0.85 * lead.score and nxt.score >= 0.6 * lead.score and len(window) + 2 <= limit:
            window += [nxt, after]
            j += 2
            continue
        break
    return window
