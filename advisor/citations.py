"""Citations: turn chosen units into numbered, verbatim-quoted sources; check an LLM's claims.

A quote is always cut from the stored chunk body, which is made of verbatim source lines, so
it is verbatim in the document by construction (tests re-check every quote against its file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from advisor.embeddings import Embedder
from advisor.models import Citation
from advisor.retrieval import Hit
from advisor.text import lexical_overlap
from advisor.units import Unit, units_for

_MARKERS = re.compile(r"((?:\s*\[\d+\])+)")
_MARKER_ID = re.compile(r"\[(\d+)\]")
SUPPORT_COS = 0.62
SUPPORT_LEX = 0.5


def make_citation(n: int, hit: Hit, quote: str) -> Citation:
    m = hit.meta
    return Citation(
        id=n,
        title=str(m.get("title", "")),
        source=str(m.get("doc_id", "")),
        url=str(m.get("url") or "") or None,
        chunk_id=hit.id,
        quote=quote,
        heading=str(m.get("heading", "")),
    )


def merge_contiguous(units: list[Unit], body: str) -> list[tuple[str, str]]:
    """(display text, quote) pairs: runs of adjacent sentences of one paragraph share one quote."""
    out: list[tuple[str, str, Unit]] = []
    paragraphs = body.split("\n\n")
    for u in units:
        if out:
            text, quote, last = out[-1]
            if (
                last.kind in ("sentence", "lead")
                and u.kind in ("sentence", "lead")
                and last.para == u.para
                and 0 <= u.start - last.end <= 2
                and u.para < len(paragraphs)
                and not paragraphs[u.para][last.end : u.start].strip()
            ):
                para = paragraphs[u.para]
                merged = para[last.start : u.end]
                if "\n" not in merged:
                    out[-1] = (text + " " + u.text, merged, Unit(u.chunk_id, u.kind, merged, merged, u.context, u.para, last.start, u.end, u.order))
                    continue
        out.append((u.text, u.quote, u))
    return [(t, q) for t, q, _ in out]


@dataclass
class Support:
    supported: bool
    quote: str
    cosine: float
    lexical: float


def best_support(claim: str, claim_vec: np.ndarray, hit: Hit, embedder: Embedder) -> Support:
    """The unit of ``hit`` that best supports ``claim`` (embedding + lexical), and whether it is enough."""
    units = units_for(hit.id, hit.meta)
    if not units:
        return Support(False, "", 0.0, 0.0)
    vecs = embedder.encode([u.text for u in units], cache=True)
    sims = vecs @ claim_vec
    best_i, best_val = 0, -1.0
    for i, (u, cos) in enumerate(zip(units, sims)):
        lex = lexical_overlap(claim, u.text)
        val = 0.6 * float(cos) + 0.4 * lex
        if val > best_val:
            best_i, best_val = i, val
    u = units[best_i]
    cos, lex = float(sims[best_i]), lexical_overlap(claim, u.text)
    return Support(is_support(cos, lex), u.quote, cos, lex)


def is_support(cos: float, lex: float) -> bool:
    """The one rule for "this passage supports this claim", shared by the LLM check and the eval."""
    return (cos >= SUPPORT_COS and lex >= 0.3) or (lex >= SUPPORT_LEX and cos >= 0.45) or cos >= 0.8


@dataclass
class Statement:
    """One sentence (or list item) of an answer and the citation numbers that close it."""

    text: str
    cites: list[int]


def split_statements(text: str) -> list[Statement]:
    """Answer text → statements with their ``[n]`` markers (shared by the app and the eval)."""
    out: list[Statement] = []
    pos = 0
    for m in _MARKERS.finditer(text):
        body = text[pos : m.start()].strip(" \n-")
        ids = [int(x) for x in _MARKER_ID.findall(m.group(1))]
        if body:
            out.append(Statement(body, ids))
        elif out:
            out[-1].cites += ids
        pos = m.end()
    rest = text[pos:].strip(" \n-")
    if rest:
        out.append(Statement(rest, []))
    return out
