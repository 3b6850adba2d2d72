"""Articles a question names ("How do the Turning Point and Orange County articles each explain …?", "What does CTO
Input say about board reporting?"): the answer quotes those and no others, and, naming two or more, each of them.

A stop-35 blind walk asked how two named articles explain the vCIO conflict of interest and got three quotes from one
of them. The names are read from the documents themselves, so a newly added article is named the same way: its
publisher ("Turning Point Advisory", or its first two words), anywhere in the question; or two adjacent words of its
file name that no other article's file name uses ("orange county"; not "managed it" nor "fractional it", which a
question about the subject says), only when the question speaks of an article ("the Orange County article", "…
articles", "piece", "post"): "Do a lot of Orange County companies …?" names none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from advisor.passage import Passage

_SPEAKS_OF_ARTICLES = re.compile(r"\b(articles?|pieces?|posts?|blogs?|write-?ups?)\b", re.I)
_WORD = re.compile(r"[a-z0-9]+")


def _phrase(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"\b" + r"[\s-]+".join(re.escape(w) for w in words) + r"\b", re.I)


def _words(doc_id: str) -> list[str]:
    return _WORD.findall(doc_id.rsplit(".", 1)[0].lower())


def named_documents(question: str, passages: Sequence[Passage]) -> frozenset[str]:
    """The doc ids of the articles ``question`` names (empty when it names none)."""
    return _naming(question, passages)[0]


def without_names(question: str, passages: Sequence[Passage]) -> str:
    """``question`` less the names of the articles it names: what it asks of them. Ranked with the names, "How do the
    Turning Point and Orange County articles each explain the vCIO conflict of interest?" led with the paragraph listing
    Orange County's cities."""
    named, spans = _naming(question, passages)
    if not named:
        return question
    gone = set().union(*(range(a, b) for a, b in spans))  # a publisher and its file name may name it at one place
    return " ".join("".join(ch for k, ch in enumerate(question) if k not in gone).split())


def _naming(question: str, passages: Sequence[Passage]) -> tuple[frozenset[str], list[tuple[int, int]]]:
    publishers: dict[str, str] = {}
    for p in passages:
        if p.publisher:
            publishers.setdefault(p.doc_id, p.publisher)
    docs = list(dict.fromkeys(p.doc_id for p in passages))
    named: set[str] = set()
    spans: list[tuple[int, int]] = []
    for doc, publisher in publishers.items():
        words = _WORD.findall(publisher.lower())
        found = [m.span() for n in {len(words), min(len(words), 2)} if n for m in _phrase(words[:n]).finditer(question)]
        if found:
            named.add(doc)
            spans.extend(found)
    if _SPEAKS_OF_ARTICLES.search(question):
        names = {d: _words(d) for d in docs}
        for doc, own in names.items():
            shared = {w for d, ws in names.items() if d != doc for w in ws}
            for a, b in zip(own, own[1:], strict=False):
                found = [m.span() for m in _phrase((a, b)).finditer(question)] if a not in shared and b not in shared else []
                if found:
                    named.add(doc)
                    spans.extend(found)
    return frozenset(named), spans
