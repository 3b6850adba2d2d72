"""The sales profile's view of a finished answer: our position, talking points, objection handling.

A salesperson needs more than the answer: the position to take, the points that back it, and what
to say when the prospect pushes back. This module builds that view from an :class:`Answer` the core
has already composed (it never changes which passages answer) and the served snapshot:

- **Our position**: the ruling ("Yes." / "No." / "Not quite: …"), the lead statement, and the
  agreement line that goes with it.
- **Talking points**: every other statement, one per bullet, each with its citations.
- **If they push back**: objections a prospect raises on this topic, taken from the documents
  themselves: the FAQ questions of the corpus closest to the asked question (not the one already
  answered, nor one the answer quotes), each answered by the opening of its own passage, quoted
  verbatim so that it stands alone (no opening that leans back on an earlier sentence, no lead-in
  ending with ":" without its items).
- **Supporting articles**: every distinct article cited, in order of first citation.

Every claim stays a verbatim quote with a citation (grounded or silent): an objection with no
quotable opening is left out, never paraphrased. Fast: one matrix product over the snapshot's key
vectors (already in memory) and the question's vector (the encoder's cache usually has it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, Field

from advisor.models import Answer, Citation, Statement
from advisor.text import BARE_VERDICT, LEANS_BACK

if TYPE_CHECKING:
    from advisor.engine import Advisor
    from advisor.index import IndexSnapshot

#: Objections shown per answer: enough to prepare a call, few enough to read before it.
MAX_OBJECTIONS = 3
#: An FAQ question this close to the asked one (cosine of their vectors) is the same question asked
#: again ("Do You Need Both?" for "Do I need both?"), not an objection to it.
SAME_QUESTION_COS = 0.9
#: Two FAQ questions this close are one objection (two articles ask it): show the closer one only.
SAME_OBJECTION_COS = 0.9
#: An FAQ question less similar than this to the asked one is another topic, not a pushback on it.
MIN_TOPIC_COS = 0.25
#: The opening quoted for an objection: up to this many sentences that say something (a bare "Yes."
#: rides along with the sentence after it), and never more words than this.
OPENING_SENTENCES = 3
OPENING_WORDS = 70
#: Items a lead-in ending with ":" brings along; a longer list is not quoted from that lead-in.
MAX_ITEMS = 5
#: Statement kinds that open the position before the lead statement.
_OPENERS = ("ruling", "correction")
_PUNCT = re.compile(r"[^\w\s]")


class Objection(BaseModel):
    """A pushback a prospect raises (an FAQ question of the articles) and the article's own answer."""

    question: str = Field(description="The objection, verbatim as the article asks it (its FAQ question).")
    text: str = Field(description="The answer as a reader sees it: the quoted units, lists as '- ' lines.")
    citation: Citation = Field(description="The passage whose verbatim opening answers it; context is the question.")


class Article(BaseModel):
    title: str
    source: str
    url: str | None = None
    status: str = "published"


class SalesBrief(BaseModel):
    """What the sales profile shows for one answer (empty lists for a refusal)."""

    position: list[Statement] = Field(default_factory=list)
    talking_points: list[Statement] = Field(default_factory=list)
    objections: list[Objection] = Field(default_factory=list)
    articles: list[Article] = Field(default_factory=list)

    @property
    def citations(self) -> list[Citation]:
        """The objections' citations (numbered after the answer's own)."""
        return [o.citation for o in self.objections]


def split_position(ans: Answer) -> tuple[list[Statement], list[Statement]]:
    """(our position, talking points): the ruling/correction, the lead statement and its agreement line; then the rest.

    A refusal has neither (it is shown as it is).
    """
    if ans.abstained or not ans.statements:
        return [], []
    stmts = ans.statements
    k = 0
    while k < len(stmts) and stmts[k].kind in _OPENERS:
        k += 1
    if k < len(stmts):
        k += 1  # the lead statement
    # Its agreement line, and the other articles' answers shown before it that the line counts.
    for a in range(k, len(stmts)):
        if stmts[a].kind == "agreement":
            if all(set(s.citation_ids) <= set(stmts[a].citation_ids) for s in stmts[k:a]):
                k = a + 1
            break
    while k < len(stmts) and stmts[k].kind == "agreement":
        k += 1
    # An agreement line away from the lead it counts would be a bullet about nothing: left out of the points.
    return list(stmts[:k]), [s for s in stmts[k:] if s.kind != "agreement"]


def supporting_articles(citations: list[Citation]) -> list[Article]:
    """Every distinct article cited, in order of first citation."""
    out: dict[str, Article] = {}
    for c in citations:
        out.setdefault(c.source, Article(title=c.title, source=c.source, url=c.url, status=c.status))
    return list(out.values())


def _norm(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def opening_quote(snap: IndexSnapshot, i: int) -> tuple[int, int, str] | None:
    """(start, end, readable text) of the verbatim quote of passage ``i``'s opening that stands alone; None when it cannot.

    The opening starts at the passage's first unit (a first sentence that leans back on what came
    before, "Then a fractional CISO …", cannot stand alone: None). It runs to
    :data:`OPENING_SENTENCES` sentences that say something and at most :data:`OPENING_WORDS` words;
    a unit ending with ":" brings its items (up to :data:`MAX_ITEMS`) or is left out.
    """
    p = snap.passages[i]
    units = snap.units[i]
    if p.kind not in ("faq", "prose", "list") or not units or LEANS_BACK.match(units[0].text):
        return None
    end = -1
    said = 0
    words = 0
    for k, u in enumerate(units):
        if u.kind == "item":
            break  # items only come with the lead-in that introduces them (below)
        n = len(u.text.split())
        if end >= 0 and words + n > OPENING_WORDS:
            break
        end, words = k, words + n
        if not BARE_VERDICT.match(u.text):
            said += 1
        if said >= OPENING_SENTENCES:
            break
    if end < 0:
        return None
    if units[end].text.rstrip().endswith(":"):
        j = end
        while j + 1 < len(units) and units[j + 1].kind == "item" and j - end < MAX_ITEMS:
            j += 1
        complete = j > end and not (j + 1 < len(units) and units[j + 1].kind == "item")
        if complete:
            end = j
        else:  # a lead-in without (all of) its items: the opening ends before it
            while end >= 0 and units[end].text.rstrip().endswith(":"):
                end -= 1
            if end < 0:
                return None
    chosen = units[: end + 1]
    if all(BARE_VERDICT.match(u.text) for u in chosen):
        return None  # "Yes." alone says nothing a prospect can hear
    text = ""
    for u in chosen:
        text += ("\n- " if u.kind == "item" else (" " if text else "")) + u.text
    return chosen[0].start, chosen[-1].end, text


def _cited_spans(snap: IndexSnapshot, ans: Answer) -> dict[int, list[tuple[int, int]]]:
    """Where each quote of the answer sits in its passage's body: passage index -> (start, end) spans."""
    by_id = {p.id: i for i, p in enumerate(snap.passages)}
    out: dict[int, list[tuple[int, int]]] = {}
    for c in ans.citations:
        i = by_id.get(c.chunk_id)
        if i is None:
            continue
        at = snap.passages[i].body.find(c.quote)
        out.setdefault(i, []).append((at, at + len(c.quote)) if at >= 0 else (0, len(snap.passages[i].body)))
    return out


def objections(snap: IndexSnapshot, q_vec: np.ndarray, ans: Answer, allowed: np.ndarray | None = None, limit: int = MAX_OBJECTIONS) -> list[Objection]:
    """The corpus' FAQ questions closest to the asked one, each answered by its passage's quoted opening.

    Left out: the asked question itself (or one that asks the same), a question whose opening the
    answer already quotes (the one already used) and the same question asked by another article,
    passages the profile may not quote (``allowed``), and openings that cannot stand alone. One
    passage per question: the first of its section (its opening).
    """
    spans = _cited_spans(snap, ans)
    asked = {_norm(ans.resolved_question), _norm(ans.question)}
    sims = snap.key_vectors @ np.asarray(q_vec, dtype=np.float32)
    first: dict[tuple[str, str], int] = {}
    for i, p in enumerate(snap.passages):
        if p.faq_question:
            first.setdefault((p.doc_id, p.faq_question), i)
    openings = {i: opening_quote(snap, i) for i in first.values()}
    used: list[int] = []  # questions the answer already answers: their opening is quoted, or it asks what was asked
    for i, opened in openings.items():
        p = snap.passages[i]
        quoted = opened is not None and any(s < opened[1] and opened[0] < e for s, e in spans.get(i, []))
        if quoted or _norm(p.faq_question) in asked or float(sims[i]) >= SAME_QUESTION_COS:
            used.append(i)
    out: list[Objection] = []
    shown: list[int] = []
    for i in sorted(first.values(), key=lambda i: -float(sims[i])):
        if len(out) >= limit or float(sims[i]) < MIN_TOPIC_COS:
            break
        opened = openings[i]
        if i in used or opened is None or (allowed is not None and not bool(allowed[i])):
            continue
        kv = snap.key_vectors[i]
        if any(float(kv @ snap.key_vectors[j]) >= SAME_OBJECTION_COS for j in used + shown):
            continue  # the same question as one the answer answers, or as one already shown (another article asks it too)
        p = snap.passages[i]
        start, end, text = opened
        cid = len(ans.citations) + len(out) + 1
        cite = p.cite(p.body[start:end], p.faq_question, id=cid)
        out.append(Objection(question=p.faq_question, text=text, citation=cite))
        shown.append(i)
    return out


def sales_brief(ans: Answer, snap: IndexSnapshot, q_vec: np.ndarray, allowed: np.ndarray | None = None) -> SalesBrief:
    """The sales view of ``ans`` (see the module doc); a refusal gets an empty brief."""
    if ans.abstained or not ans.statements:
        return SalesBrief()
    position, points = split_position(ans)
    objs = objections(snap, q_vec, ans, allowed)
    return SalesBrief(position=position, talking_points=points, objections=objs, articles=supporting_articles(ans.citations + [o.citation for o in objs]))


def brief_for(advisor: Advisor, ans: Answer) -> SalesBrief:
    """:func:`sales_brief` on the engine's served snapshot, quoting only what the answer's profile may quote."""
    if ans.abstained or not ans.statements:
        return SalesBrief()
    snap = advisor.runtime.current()
    allowed = advisor.quotable(snap, ans.profile)
    q_vec = advisor.embedder.encode([ans.resolved_question], cache=True)[0]
    return sales_brief(ans, snap, q_vec, allowed)
